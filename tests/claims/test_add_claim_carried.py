"""add_claim carrying a claim over from elsewhere (an imported annotation)."""

import pytest
from django.core.exceptions import ValidationError

from annotations.corrections import add_claim
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_score_speaker_quoted_quantity_and_sentence_are_kept(users):
    article = ArticleFactory()
    claim = add_claim(
        article=article, start=49, end=79, user=users["reviewer"], kind="quantity",
        score=0.75, speaker="US officials", quoted=True, sentence=(0, 97),
        quantity={"value": 11000, "low": None, "high": None, "unit": "containers",
                  "subject": "munitions", "qualifier": ""},
    )  # fmt: skip
    claim.refresh_from_db()
    assert (claim.score, claim.speaker, claim.quoted) == (0.75, "US officials", True)
    assert (claim.sentence_start, claim.sentence_end) == (0, 97)
    assert claim.quantity["value"] == 11000.0
    assert claim.quantity["subject"] == "munitions"


@pytest.mark.parametrize(
    "extra, field",
    [
        ({"score": 1.5}, "score"),
        ({"score": True}, "score"),
        ({"speaker": "x" * 201}, "speaker"),
        ({"quantity": {"low": 5, "high": 1}}, "quantity"),
        ({"quantity": {"value": "many"}}, "quantity"),
        ({"sentence": (50, 97)}, "sentence"),
        ({"sentence": (0, 10_000)}, "sentence"),
    ],
)
def test_bad_carried_values_are_refused_naming_the_field(users, extra, field):
    article = ArticleFactory()
    with pytest.raises(ValidationError) as error:
        add_claim(article=article, start=49, end=79, user=users["reviewer"], **extra)
    assert field in error.value.message_dict
    assert not article.claims.exists()
