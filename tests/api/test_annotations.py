"""evidence/, sources/, verdicts/, comments/: what each role reads and writes,
and the bad inputs of each."""

import pytest
from django.utils import timezone

from annotations.models import Comment, Evidence, Source, Verdict
from tests.factories import (
    ClaimFactory,
    CommentFactory,
    EvidenceFactory,
    SourceFactory,
    VerdictFactory,
)


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


# --- evidence ----------------------------------------------------------------


def test_reviewer_attaches_evidence_through_a_reused_source(reviewer_client, users):
    claim = ClaimFactory(status="in_review")
    source = SourceFactory(url="https://example.org/report")
    response = reviewer_client.post(
        "/api/v1/evidence/",
        {"claim": claim.pk, "url": "HTTPS://Example.org/report/?utm_source=x",
         "stance": "refutes", "quote": "Shipments fell.", "note": "<b>hm</b>"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["source"]["id"] == source.pk
    assert data["added_by"] == users["reviewer"].username
    assert data["note"] == "<b>hm</b>"
    assert response["ETag"]
    assert Source.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "data:text/html,hi"}, "url"),
        ({"url": "ftp://example.org/file"}, "url"),
        ({"url": "not a url"}, "url"),
        ({"stance": "agrees"}, "stance"),
        ({"claim": 999_999}, "claim"),
        ({"claim": "one"}, "claim"),
        ({"weight": 3}, "weight"),
        ({"stance": None}, "stance"),
    ],
)
def test_bad_evidence_is_refused_naming_the_field(reviewer_client, body, field):
    claim = ClaimFactory(status="in_review")
    good = {"claim": claim.pk, "url": "https://example.org/a", "stance": "supports"}
    response = reviewer_client.post("/api/v1/evidence/", {**good, **body},
                                    format="json")  # fmt: skip
    assert response.status_code == 400
    assert field in response.json()
    assert not Evidence.objects.exists()
    assert not Source.objects.exists()


def test_evidence_on_a_published_claim_is_closed(reviewer_client):
    claim = ClaimFactory(status="published")
    response = reviewer_client.post(
        "/api/v1/evidence/",
        {"claim": claim.pk, "url": "https://example.org/a", "stance": "context"},
        format="json",
    )
    assert response.status_code == 409
    assert "published" in response.json()["detail"]


def test_evidence_is_deleted_by_its_author_or_an_editor_only(clients, users):
    mine = EvidenceFactory(added_by=users["reviewer"])
    assert (
        clients["other_reviewer"].delete(f"/api/v1/evidence/{mine.pk}/").status_code
        == 403
    )
    assert clients["reviewer"].delete(f"/api/v1/evidence/{mine.pk}/").status_code == 204
    theirs = EvidenceFactory(added_by=users["reviewer"])
    assert clients["editor"].delete(f"/api/v1/evidence/{theirs.pk}/").status_code == 204
    assert not Evidence.objects.exists()


def test_evidence_of_a_published_claim_stays_with_a_documented_409(clients, users):
    """The rules allow removing evidence only while the claim is open; the
    refusal is a 409, and the schema says so (schemathesis checks that every
    answer is documented)."""
    item = EvidenceFactory(
        added_by=users["reviewer"], claim=ClaimFactory(status="published")
    )
    response = clients["editor"].delete(f"/api/v1/evidence/{item.pk}/")
    assert response.status_code == 409
    assert Evidence.objects.filter(pk=item.pk).exists()
    schema = clients["editor"].get("/api/schema/", HTTP_ACCEPT="application/json")
    delete = schema.json()["paths"]["/api/v1/evidence/{id}/"]["delete"]
    assert "409" in delete["responses"]


def test_anonymous_reads_evidence_of_published_claims_only(api_client, db):
    shown = EvidenceFactory(claim=ClaimFactory(status="published"))
    EvidenceFactory(claim=ClaimFactory(status="in_review"))
    assert [e["id"] for e in results(api_client.get("/api/v1/evidence/"))] == [shown.pk]


def test_evidence_filtered_by_claim(viewer_client):
    one = EvidenceFactory()
    EvidenceFactory()
    found = results(viewer_client.get(f"/api/v1/evidence/?claim={one.claim_id}"))
    assert [e["id"] for e in found] == [one.pk]
    assert viewer_client.get("/api/v1/evidence/?claim=x").status_code == 400


# --- sources -----------------------------------------------------------------


def test_sources_are_created_once_per_normalised_url(reviewer_client):
    first = reviewer_client.post(
        "/api/v1/sources/", {"url": "https://un.org/press/?utm_medium=x"},
        format="json",
    )  # fmt: skip
    assert first.status_code == 201, first.content
    assert first.json()["url"] == "https://un.org/press"
    again = reviewer_client.post(
        "/api/v1/sources/", {"url": "HTTPS://UN.org/press/", "title": "UN"},
        format="json",
    )  # fmt: skip
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["title"] == "UN"  # a blank gets filled in


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "mailto:a@b.c", "", "//x"]
)
def test_non_http_source_urls_are_refused_naming_url(reviewer_client, url):
    response = reviewer_client.post("/api/v1/sources/", {"url": url}, format="json")
    assert response.status_code == 400
    assert "url" in response.json()
    assert not Source.objects.exists()


def test_anonymous_sees_only_sources_cited_on_published_claims(api_client, db):
    cited = EvidenceFactory(claim=ClaimFactory(status="published")).source
    SourceFactory()
    EvidenceFactory(claim=ClaimFactory(status="new"))
    assert [s["id"] for s in results(api_client.get("/api/v1/sources/"))] == [cited.pk]


# --- verdicts ----------------------------------------------------------------


def test_anonymous_sees_only_approved_verdicts_of_published_claims(api_client, db):
    published = ClaimFactory(status="published")
    approved = VerdictFactory(
        claim=published, outcome="approved", decided_at=timezone.now()
    )
    VerdictFactory(claim=published, outcome="returned", decided_at=timezone.now())
    VerdictFactory(claim=ClaimFactory(status="submitted"))
    found = results(api_client.get("/api/v1/verdicts/"))
    assert [v["id"] for v in found] == [approved.pk]


def test_members_see_the_whole_verdict_history(viewer_client):
    VerdictFactory.create_batch(3)
    assert len(results(viewer_client.get("/api/v1/verdicts/"))) == 3


def test_verdicts_cannot_be_posted_directly(editor_client):
    claim = ClaimFactory(status="in_review")
    response = editor_client.post(
        "/api/v1/verdicts/",
        {"claim": claim.pk, "rating": "true", "summary": "x"},
        format="json",
    )
    assert response.status_code == 405
    assert not Verdict.objects.exists()


# --- comments ----------------------------------------------------------------


def test_reviewer_comments_and_the_thread_is_members_only(clients, users):
    claim = ClaimFactory(status="published")
    response = clients["reviewer"].post(
        "/api/v1/comments/", {"claim": claim.pk, "body": "<script>x</script>"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201
    assert response.json()["body"] == "<script>x</script>"
    assert response.json()["author"] == users["reviewer"].username
    assert clients["anonymous"].get("/api/v1/comments/").status_code == 401
    assert len(results(clients["viewer"].get("/api/v1/comments/"))) == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"body": ""}, "body"),
        ({"body": "x" * 20_001}, "body"),
        ({"claim": 999_999}, "claim"),
        ({"author": "someone"}, "author"),
    ],
)
def test_bad_comments_are_refused_naming_the_field(reviewer_client, body, field):
    claim = ClaimFactory()
    response = reviewer_client.post(
        "/api/v1/comments/", {"claim": claim.pk, "body": "Fine.", **body},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert field in response.json()
    assert not Comment.objects.exists()


def test_comments_are_deleted_by_their_author_or_an_editor(clients, users):
    comment = CommentFactory(author=users["reviewer"])
    url = f"/api/v1/comments/{comment.pk}/"
    assert clients["other_reviewer"].delete(url).status_code == 403
    assert clients["editor"].delete(url).status_code == 204
    assert not Comment.objects.exists()
