"""Findings of the security review of 2026-12-02 (issue 9, section 4) that
gave 500s or took loose input: forged cursors, deeply nested JSON, numbers
out of a float's range, form posts, ids as floats or strings, odd page
sizes; and staff usernames in anonymous answers."""

import base64
import json

import pytest

from annotations.models import Comment, Evidence
from claims.models import Article, Claim
from tests.api.test_bad_input import _nothing_written
from tests.factories import (
    ClaimFactory,
    CommentFactory,
    EvidenceFactory,
    VerdictFactory,
)

LISTS = [
    "/api/v1/articles/",
    "/api/v1/claims/",
    "/api/v1/evidence/",
    "/api/v1/sources/",
    "/api/v1/verdicts/",
    "/api/v1/comments/",
    "/api/v1/claim-reviews/",
]
# Anonymous callers may not list comments (401); every other list they read.
ANONYMOUS_LISTS = [path for path in LISTS if "comments" not in path]

JSON_WRITES = [
    ("post", "/api/v1/articles/"),
    ("post", "/api/v1/claims/"),
    ("patch", "/api/v1/claims/{claim}/"),
    ("post", "/api/v1/claims/{claim}/transitions/"),
    ("post", "/api/v1/evidence/"),
    ("post", "/api/v1/sources/"),
    ("post", "/api/v1/comments/"),
    ("post", "/api/v1/articles/{article}/annotations/"),
    ("post", "/api/v1/auth/token/"),
]


def _cursor(**tokens: str) -> str:
    query = "&".join(f"{key}={value}" for key, value in tokens.items())
    return base64.b64encode(query.encode()).decode()


@pytest.fixture
def published(users):
    """A published claim with evidence, an approved verdict and a comment."""
    claim = ClaimFactory(status="published", assignee=users["reviewer"])
    EvidenceFactory(claim=claim, added_by=users["reviewer"])
    VerdictFactory(
        claim=claim,
        proposed_by=users["reviewer"],
        decided_by=users["editor"],
        outcome="approved",
        decided_at=claim.created_at,
    )
    CommentFactory(claim=claim, author=users["reviewer"])
    return claim


# --- cursors -----------------------------------------------------------------


@pytest.mark.parametrize("path", ANONYMOUS_LISTS)
@pytest.mark.parametrize(
    "cursor",
    [
        "cD1hYmM=",  # p=abc
        _cursor(p="99999999999999999999"),  # beyond a 64-bit id
        _cursor(p="1e999"),
        _cursor(p="2024-99-99"),
    ],
)
def test_a_forged_cursor_position_is_404_naming_the_cursor(
    api_client, published, path, cursor
):
    response = api_client.get(path, {"cursor": cursor})
    assert response.status_code == 404, response.content
    assert "cursor" in response.json()["detail"].lower()


@pytest.mark.parametrize("path", LISTS)
def test_a_forged_cursor_is_404_for_members_too(viewer_client, published, path):
    response = viewer_client.get(path, {"cursor": "cD1hYmM="})
    assert response.status_code == 404
    assert "cursor" in response.json()["detail"].lower()


@pytest.mark.parametrize(
    ("path", "ordering"),
    [("/api/v1/claims/", "score"), ("/api/v1/claims/", "-updated_at")],
)
def test_a_forged_position_on_another_ordering_is_404(
    viewer_client, published, path, ordering
):
    response = viewer_client.get(path, {"cursor": "cD1hYmM=", "ordering": ordering})
    assert response.status_code == 404


def test_a_real_cursor_still_pages(viewer_client, published):
    ClaimFactory.create_batch(3)
    first = viewer_client.get("/api/v1/claims/", {"page_size": 2}).json()
    second = viewer_client.get(first["next"]).json()
    ids = [c["id"] for c in first["results"] + second["results"]]
    assert sorted(ids, reverse=True) == ids and len(set(ids)) == 4


# --- page_size ---------------------------------------------------------------


@pytest.mark.parametrize("path", ANONYMOUS_LISTS)
@pytest.mark.parametrize("page_size", ["true", "0", "-1", "1.5", "²", ""])
def test_a_page_size_that_is_not_a_whole_number_is_400(
    api_client, published, path, page_size
):
    response = api_client.get(path, {"page_size": page_size})
    assert response.status_code == 400, response.content
    assert "page_size" in response.json()


def test_a_page_size_over_the_maximum_gets_the_maximum(viewer_client, published):
    response = viewer_client.get("/api/v1/claims/", {"page_size": "100000"})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


# --- deeply nested JSON ------------------------------------------------------

DEEP = "[" * 100_000


def test_deeply_nested_json_to_the_token_endpoint_is_400_anonymously(api_client):
    response = api_client.post(
        "/api/v1/auth/token/", data=DEEP, content_type="application/json"
    )
    assert response.status_code == 400
    assert "nested" in response.json()["detail"]


@pytest.mark.parametrize(("method", "path"), JSON_WRITES)
@pytest.mark.parametrize("content_type", ["application/json", "application/ld+json"])
def test_deeply_nested_json_is_400_everywhere(
    editor_client, method, path, content_type
):
    claim = ClaimFactory()
    url = path.format(claim=claim.pk, article=claim.article_id)
    if content_type != "application/json" and "annotations" not in path:
        return  # only the annotations endpoint reads JSON-LD
    response = getattr(editor_client, method)(
        url, data=DEEP, content_type=content_type, HTTP_IF_MATCH='"v1-"'
    )
    assert response.status_code == 400, response.content
    assert Claim.objects.count() == 1


# --- form posts: 415 -----------------------------------------------------------


@pytest.mark.parametrize(("method", "path"), JSON_WRITES)
@pytest.mark.parametrize("encoding", ["form", "multipart"])
def test_form_encoded_writes_are_415(editor_client, method, path, encoding):
    claim = ClaimFactory()
    url = path.format(claim=claim.pk, article=claim.article_id)
    fields = {
        "claim": str(claim.pk),
        "url": "https://example.org/a",
        "stance": "supports",
        "body": "A comment.",
        "kind": "event",
        "action": "start_review",
        "username": "x",
        "password": "y",
    }
    if encoding == "form":
        from urllib.parse import urlencode

        kwargs = {
            "data": urlencode(fields),
            "content_type": "application/x-www-form-urlencoded",
        }
    else:
        kwargs = {"data": fields, "format": "multipart"}
    response = getattr(editor_client, method)(url, HTTP_IF_MATCH='"v1-"', **kwargs)
    assert response.status_code == 415, response.content
    assert _nothing_written(claim)


# --- strict integers -----------------------------------------------------------


@pytest.mark.parametrize(
    "claim_id",
    [str, float, lambda pk: pk + 0.5, lambda pk: True],
    ids=["string", "float", "fraction", "boolean"],
)
@pytest.mark.parametrize("path", ["/api/v1/evidence/", "/api/v1/comments/"])
def test_a_claim_id_that_is_not_a_json_integer_is_refused(
    reviewer_client, path, claim_id
):
    claim = ClaimFactory()
    body = {"claim": claim_id(claim.pk), "body": "Hi."}
    if "evidence" in path:
        body = {
            "claim": body["claim"],
            "url": "https://a.example/",
            "stance": "supports",
        }
    response = reviewer_client.post(path, body, format="json")
    assert response.status_code == 400, response.content
    assert "claim" in response.json()
    assert not Evidence.objects.exists() and not Comment.objects.exists()


@pytest.mark.parametrize("claim_id", [2**64, 0, -1])
def test_a_claim_id_out_of_range_is_400(reviewer_client, claim_id):
    response = reviewer_client.post(
        "/api/v1/comments/", {"claim": claim_id, "body": "Hi."}, format="json"
    )
    assert response.status_code == 400
    assert "claim" in response.json()


def test_a_claim_id_as_integer_still_works(reviewer_client):
    claim = ClaimFactory()
    response = reviewer_client.post(
        "/api/v1/comments/", {"claim": claim.pk, "body": "Hi."}, format="json"
    )
    assert response.status_code == 201


@pytest.mark.parametrize("value", ["0", 0.0, 1.5, True])
@pytest.mark.parametrize("field", ["start", "end"])
def test_offsets_must_be_json_integers(reviewer_client, field, value):
    claim = ClaimFactory()
    body = {"article": claim.article_id, "start": 0, "end": 5, "kind": "event"}
    body[field] = value
    response = reviewer_client.post("/api/v1/claims/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    response = reviewer_client.patch(
        f"/api/v1/claims/{claim.pk}/",
        {field: value},
        format="json",
        HTTP_IF_MATCH='"v1-"',
    )
    assert response.status_code == 400
    assert field in response.json()
    assert Claim.objects.count() == 1


def test_the_article_id_must_be_a_json_integer(reviewer_client):
    claim = ClaimFactory()
    body = {"article": str(claim.article_id), "start": 0, "end": 5}
    response = reviewer_client.post("/api/v1/claims/", body, format="json")
    assert response.status_code == 400
    assert "article" in response.json()


# --- Web Annotation quantities -------------------------------------------------


@pytest.mark.parametrize("value", ["1" * 400, "1e400", "-1e400"])
@pytest.mark.parametrize("name", ["value", "low", "high"])
def test_a_quantity_beyond_a_float_is_400_naming_it(reviewer_client, name, value):
    claim = ClaimFactory()
    article = claim.article
    exact = article.body[23:40]
    annotation = {
        "type": "Annotation",
        "target": {
            "selector": [
                {"type": "TextQuoteSelector", "exact": exact},
                {"type": "TextPositionSelector", "start": 23, "end": 40},
            ]
        },
        "body": [{"type": "claimdesk:Claim", "kind": "quantity", "quantity": "Q"}],
    }
    raw = json.dumps(annotation).replace('"Q"', f'{{"{name}": {value}}}')
    response = reviewer_client.post(
        f"/api/v1/articles/{article.pk}/annotations/",
        data=raw,
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert any("quantity" in key for key in response.json()), response.json()
    assert Claim.objects.count() == 1


# --- staff usernames ------------------------------------------------------------


def _usernames(data) -> list[str]:
    """Every value of a username field anywhere in an answer."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("assignee", "proposed_by", "decided_by", "added_by", "author"):
                found.append(value)
            else:
                found.extend(_usernames(value))
    elif isinstance(data, list):
        for item in data:
            found.extend(_usernames(item))
    return found


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/claims/",
        "/api/v1/claims/{claim}/",
        "/api/v1/evidence/",
        "/api/v1/verdicts/",
        "/api/v1/articles/",
        "/api/v1/articles/{article}/",
    ],
)
def test_anonymous_answers_name_no_staff(api_client, clients, users, published, path):
    claim = published
    Article.objects.update(added_by=users["editor"])
    url = path.format(claim=claim.pk, article=claim.article_id)
    anonymous = _usernames(api_client.get(url).json())
    assert anonymous and set(anonymous) == {None}
    for role in ("viewer", "reviewer", "editor"):
        named = _usernames(clients[role].get(url).json())
        assert set(named) - {None}, role
        assert set(named) <= {
            None,
            users["reviewer"].username,
            users["editor"].username,
        }
