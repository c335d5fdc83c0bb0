"""ClaimReview JSON-LD, field by field."""

import datetime
from urllib.parse import unquote

import pytest
from django.utils import timezone

from annotations.claimreview import claim_review, fragment_encode, text_fragment
from annotations.models import Verdict
from tests.factories import ArticleFactory, ClaimFactory, VerdictFactory

pytestmark = pytest.mark.django_db

PUBLISHER = {"publisher_name": "Desk", "publisher_url": "https://desk.example/"}


def review_of(rating: str, speaker: str = "", **article):
    article = ArticleFactory(
        url="https://news.example/story?id=4",
        title="Summit",
        publisher="Example News",
        published=datetime.date(2024, 6, 19),
        **article,
    )
    claim = ClaimFactory(article=article, speaker=speaker)
    verdict = VerdictFactory(
        claim=claim,
        rating=rating,
        summary="Checked.",
        outcome=Verdict.Outcome.APPROVED,
        decided_at=timezone.make_aware(datetime.datetime(2024, 7, 1, 12)),
    )
    return claim, claim_review(
        claim, verdict, url="https://desk.example/reviews/1", **PUBLISHER
    )


def test_a_scalar_rating_has_its_place_on_the_1_to_5_scale():
    claim, review = review_of("mostly_false", speaker="Victor Cha")
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == claim.text
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Mostly false",
    }
    assert review["author"] == {
        "@type": "Organization",
        "name": "Desk",
        "url": "https://desk.example/",
    }
    assert review["datePublished"] == "2024-07-01"
    assert review["url"] == "https://desk.example/reviews/1"
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Victor Cha"}
    assert item["datePublished"] == "2024-06-19"
    [appearance] = item["appearance"]
    assert appearance["@type"] == "CreativeWork"
    assert appearance["headline"] == "Summit"
    assert appearance["publisher"] == {"@type": "Organization", "name": "Example News"}
    assert appearance["url"].startswith("https://news.example/story?id=4#:~:text=")


@pytest.mark.parametrize("rating", ["misleading", "unverifiable"])
def test_a_non_scalar_rating_carries_its_name_only(rating):
    _, review = review_of(rating)
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": rating.capitalize(),
    }


def test_without_a_speaker_the_claim_has_no_author():
    _, review = review_of("true")
    assert "author" not in review["itemReviewed"]


def test_an_organisation_speaker_is_an_organization():
    _, review = review_of("true", speaker="US officials")
    assert review["itemReviewed"]["author"]["@type"] == "Organization"


def test_the_fragment_encodes_dash_ampersand_and_comma():
    assert fragment_encode("A-B & C, D") == "A%2DB%20%26%20C%2C%20D"
    body = "Intro. Costs rose 5% - up, & more. End."
    start = body.index("Costs")
    end = body.index(" End")
    fragment = text_fragment(body, start, end)
    assert fragment == ":~:text=Costs%20rose%205%25%20%2D%20up%2C%20%26%20more."
    assert unquote(fragment.removeprefix(":~:text=")) == body[start:end]


def test_a_repeated_phrase_gets_a_prefix_and_suffix():
    body = "Prices rose sharply in May. Wages fell. Prices rose sharply in June."
    start = body.rindex("Prices rose sharply")
    end = start + len("Prices rose sharply")
    fragment = text_fragment(body, start, end)
    prefix, text, suffix = fragment.removeprefix(":~:text=").split(",")
    assert prefix == "fell.-"
    assert text == "Prices%20rose%20sharply"
    assert suffix == "-in"  # one word either side is already unique


def test_the_fragment_in_the_appearance_points_at_the_span():
    claim, review = review_of("true")
    url = review["itemReviewed"]["appearance"][0]["url"]
    fragment = url.split("#", 1)[1]
    assert unquote(fragment.removeprefix(":~:text=")) == " ".join(claim.text.split())


def test_context_grows_until_the_match_is_unique():
    body = "He said: it is up. She said: it is up. They said: it is up."
    start = body.index("it is up", body.index("She"))
    fragment = text_fragment(body, start, start + len("it is up"))
    prefix, _, suffix = fragment.removeprefix(":~:text=").split(",")
    assert prefix == "She%20said%3A-"
    assert suffix == "-.%20They"


def test_an_article_url_stored_before_the_url_rule_is_never_published():
    from claims.models import Article

    claim, _ = review_of("false")
    Article.objects.filter(pk=claim.article_id).update(url="javascript:alert(1)")
    claim.article.refresh_from_db()
    verdict = claim.verdicts.get()
    review = claim_review(claim, verdict, url="https://desk.example/r/1", **PUBLISHER)
    assert "url" not in review["itemReviewed"]["appearance"][0]
    assert "javascript" not in str(review)
