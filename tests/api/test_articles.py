"""articles/: pushing articles in (claims extracted on the way), reading them."""

import json

import pytest

from claims.models import Article, Claim
from tests.factories import ArticleFactory, ClaimFactory

URL = "/api/v1/articles/"


def test_posting_an_article_extracts_and_returns_its_claims(
    reviewer_client, seed_texts
):
    body = next(iter(seed_texts.values()))
    response = reviewer_client.post(
        URL,
        {"title": "Summit", "body": body, "url": "https://news.example.com/a",
         "publisher": "Example News", "byline": "A. Reporter",
         "published": "2024-06-19"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    data = response.json()
    article = Article.objects.get(pk=data["id"])
    assert article.body == body  # kept exactly: offsets point into it
    assert data["published"] == "2024-06-19"
    assert len(data["claims"]) == article.claims.count() > 5
    for claim in data["claims"]:
        assert body[claim["start"] : claim["end"]] == claim["text"]
    assert response["Location"].endswith(f"{URL}{article.pk}/")
    assert response["ETag"] == reviewer_client.get(f"{URL}{article.pk}/")["ETag"]


def test_the_same_body_again_returns_the_existing_article_with_200(reviewer_client):
    body = "North Korea has about 50 nuclear weapons today, officials said."
    first = reviewer_client.post(URL, {"body": body}, format="json")
    assert first.status_code == 201
    again = reviewer_client.post(URL, {"body": body, "title": "Other"}, format="json")
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"body": ""}, "body"),
        ({"body": "   \n "}, "body"),
        ({}, "body"),
        ({"body": 12}, "body"),
        ({"body": "Text.", "published": "yesterday"}, "published"),
        ({"body": "Text.", "url": "javascript:alert(1)"}, "url"),
        ({"body": "Text.", "title": "x" * 501}, "title"),
        ({"body": "Text.", "sha256": "0" * 64}, "sha256"),
    ],
)
def test_bad_articles_are_refused_naming_the_field(reviewer_client, body, field):
    response = reviewer_client.post(URL, body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Article.objects.exists()


def test_an_article_over_the_size_limit_is_413_naming_body(reviewer_client, settings):
    settings.CLAIMDESK_MAX_ARTICLE_BYTES = 100
    response = reviewer_client.post(URL, {"body": "é" * 60}, format="json")
    assert response.status_code == 413
    assert "limit" in response.json()["body"][0]
    assert not Article.objects.exists()


def test_malformed_json_article_is_400(reviewer_client):
    response = reviewer_client.post(
        URL, data='{"body": "unterminated', content_type="application/json"
    )
    assert response.status_code == 400
    assert not Article.objects.exists()


def test_detail_shows_body_and_only_visible_claims(api_client, viewer_client):
    article = ArticleFactory()
    published = ClaimFactory(article=article, status="published")
    ClaimFactory(article=article, status="new", kind="event")
    anonymous = api_client.get(f"{URL}{article.pk}/")
    assert anonymous.status_code == 200
    assert [c["id"] for c in anonymous.json()["claims"]] == [published.pk]
    member = viewer_client.get(f"{URL}{article.pk}/").json()
    assert len(member["claims"]) == 2
    assert member["body"] == article.body


def test_anonymous_sees_only_articles_with_published_claims(api_client, db):
    shown = ClaimFactory(status="published").article
    hidden = ClaimFactory(status="new").article
    found = [a["id"] for a in api_client.get(URL).json()["results"]]
    assert found == [shown.pk]
    assert api_client.get(f"{URL}{hidden.pk}/").status_code == 404


def test_article_detail_etag(viewer_client):
    article = ArticleFactory()
    response = viewer_client.get(f"{URL}{article.pk}/")
    etag = response["ETag"]
    assert (
        viewer_client.get(f"{URL}{article.pk}/", HTTP_IF_NONE_MATCH=etag).status_code
        == 304
    )
    ClaimFactory(article=article)
    assert (
        viewer_client.get(f"{URL}{article.pk}/", HTTP_IF_NONE_MATCH=etag).status_code
        == 200
    )


def test_article_list_leaves_out_the_body(viewer_client):
    ArticleFactory()
    assert "body" not in viewer_client.get(URL).json()["results"][0]


def test_claims_of_a_new_article_are_in_the_database(reviewer_client):
    body = (
        "Russia and North Korea signed a treaty in June 2024. Trade between "
        "them rose by 40% last year, officials said."
    )
    response = reviewer_client.post(URL, {"body": body}, format="json")
    assert response.status_code == 201
    returned = {c["id"] for c in response.json()["claims"]}
    assert returned == set(
        Claim.objects.filter(article_id=response.json()["id"]).values_list(
            "pk", flat=True
        )
    )
    assert returned


def test_a_request_over_the_upload_limit_is_413_naming_body(reviewer_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = "Officials said so. " * 100
    response = reviewer_client.post(URL, {"body": body}, format="json")
    assert response.status_code == 413
    assert "body" in response.json()
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"body": "Text \ud800 here."}, "body"),
        ({"body": "Text.", "title": "\udc00"}, "title"),
        ({"body": "Text.", "publisher": "P\ud800"}, "publisher"),
        ({"body": "Text.", "url": "data:text/html,<script>alert(1)</script>"}, "url"),
        ({"body": "Text.", "url": "ftp://example.org/a"}, "url"),
        ({"body": "Text.", "url": "https://example.org/\x00"}, "url"),
        ({"body": "Text.", "url": "https://example.org/" + "a" * 2000}, "url"),
    ],
)
def test_hostile_articles_are_400_naming_the_field(reviewer_client, body, field):
    # json.dumps escapes a lone surrogate as \ud800, which JSON allows.
    response = reviewer_client.post(
        URL, data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]
    assert not Article.objects.exists()


def test_a_body_too_long_to_extract_while_the_request_waits_becomes_a_job(
    reviewer_client, settings
):
    # Claims of a body that would take more than a few seconds are found in
    # the background: 202 with the job to poll, whatever the caller preferred.
    settings.CLAIMDESK_MAX_REQUEST_ARTICLE_BYTES = 100
    response = reviewer_client.post(
        URL, {"body": "Officials said 20 soldiers crossed. " * 6}, format="json"
    )
    assert response.status_code == 202
    assert "Preference-Applied" not in response
    job = reviewer_client.get(response["Location"]).json()
    assert job["status"] == "done" and job["percent"] == 100
    [article] = job["articles"]
    assert Article.objects.get(pk=article).claims.exists()


def test_bodies_spacy_cannot_parse_are_413_not_500(reviewer_client, settings):
    # 1,000,001–1,048,576 bytes passed the old limit and crashed spaCy.
    settings.CLAIMDESK_MAX_ARTICLE_BYTES = 1_048_576
    settings.CLAIMDESK_MAX_REQUEST_ARTICLE_BYTES = 1_048_576
    body = "x" * 1_000_001
    response = reviewer_client.post(URL, {"body": body}, format="json")
    assert response.status_code == 413
    assert "the limit is 1,000,000" in response.json()["body"][0]
