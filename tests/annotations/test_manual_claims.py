"""A claim marked by hand is analysed as the extractor analyses one it found
(real spaCy model): kind, score, speaker, quantity; a kind given wins."""

import pytest

from annotations.corrections import add_claim
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BODY = (
    "Kim met Putin at the airport.\n\n"
    "US officials said Pyongyang has sent Russia 11,000 containers of munitions "
    "in the past year. The pact was signed on Wednesday."
)


def mark(users, text: str, **fields):
    article = ArticleFactory(body=BODY)
    start = BODY.index(text)
    return add_claim(
        article=article, start=start, end=start + len(text),
        user=users["reviewer"], **fields,
    )  # fmt: skip


def test_an_amount_marked_by_hand_is_a_quantity_with_its_speaker(users):
    claim = mark(users, "11,000 containers of munitions")
    claim.refresh_from_db()
    assert claim.kind == "quantity" and claim.score > 0.2
    assert claim.speaker == "US officials"
    assert claim.quantity["value"] == 11000.0
    sentence = BODY[claim.sentence_start : claim.sentence_end]
    assert sentence.startswith("US officials said") and sentence.endswith("year.")


def test_a_sentence_marked_by_hand_gets_a_kind_and_a_score(users):
    claim = mark(users, "The pact was signed on Wednesday.")
    assert claim.kind != "other" or claim.score > 0
    assert 0 < claim.score <= 1


def test_a_kind_given_wins(users):
    claim = mark(users, "11,000 containers of munitions", kind="event")
    assert claim.kind == "event" and claim.speaker == "US officials"


def test_a_bad_span_is_refused_before_any_analysis(users):
    from django.core.exceptions import ValidationError

    article = ArticleFactory(body=BODY)
    with pytest.raises(ValidationError):
        add_claim(article=article, start=5, end=9_999, user=users["reviewer"])
    with pytest.raises(ValidationError):
        add_claim(article=article, start=3, end=3, user=users["reviewer"])
    assert not article.claims.exists()


def test_blank_space_marked_by_hand_is_refused(users):
    from django.core.exceptions import ValidationError

    article = ArticleFactory(body=BODY)
    at = BODY.index("\n\n")
    with pytest.raises(ValidationError):
        add_claim(article=article, start=at, end=at + 2, user=users["reviewer"])
