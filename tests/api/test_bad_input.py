"""Bad input common to every write endpoint: malformed JSON, the wrong JSON
type, wrong content type; and the token endpoint's own bad inputs."""

import pytest

from annotations.models import Comment, Evidence, Source
from claims.models import Article, Claim
from tests.factories import ClaimFactory

WRITES = [
    ("post", "/api/v1/articles/"),
    ("post", "/api/v1/claims/"),
    ("patch", "/api/v1/claims/{claim}/"),
    ("post", "/api/v1/claims/{claim}/transitions/"),
    ("post", "/api/v1/evidence/"),
    ("post", "/api/v1/sources/"),
    ("post", "/api/v1/comments/"),
    ("post", "/api/v1/auth/token/"),
]


def _nothing_written(claim) -> bool:
    claim.refresh_from_db()
    return (
        claim.version == 1
        and Article.objects.count() == 1
        and Claim.objects.count() == 1
        and not Evidence.objects.exists()
        and not Source.objects.exists()
        and not Comment.objects.exists()
    )


@pytest.mark.parametrize(("method", "path"), WRITES)
@pytest.mark.parametrize(
    ("payload", "content_type"),
    [
        ('{"body": "unterminated', "application/json"),
        ("[1, 2, 3]", "application/json"),
        ('"just a string"', "application/json"),
        ("null", "application/json"),
        ("\xff\xfe", "application/json"),
    ],
)
def test_malformed_bodies_are_400_and_write_nothing(
    editor_client, method, path, payload, content_type
):
    claim = ClaimFactory()
    response = getattr(editor_client, method)(
        path.format(claim=claim.pk),
        data=payload,
        content_type=content_type,
        HTTP_IF_MATCH='"v1-"',
    )
    assert response.status_code == 400, response.content
    assert response.json()
    assert _nothing_written(claim)


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_an_unsupported_content_type_is_415(editor_client, method, path):
    claim = ClaimFactory()
    response = getattr(editor_client, method)(
        path.format(claim=claim.pk),
        data="<claim/>",
        content_type="application/xml",
        HTTP_IF_MATCH='"v1-"',
    )
    assert response.status_code == 415
    assert _nothing_written(claim)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"username": "{viewer}", "password": "wrong"}, "non_field_errors"),
        ({"username": "{viewer}"}, "password"),
        ({"password": "pw"}, "username"),
        ({"username": "nobody-here", "password": "pw"}, "non_field_errors"),
    ],
)
def test_bad_credentials_get_no_token(api_client, users, body, field):
    body = {k: v.format(viewer=users["viewer"].username) for k, v in body.items()}
    response = api_client.post("/api/v1/auth/token/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert "token" not in response.json()


def test_the_same_user_gets_the_same_token(api_client, users):
    body = {"username": users["editor"].username, "password": "pw"}
    first = api_client.post("/api/v1/auth/token/", body, format="json").json()
    again = api_client.post("/api/v1/auth/token/", body, format="json").json()
    assert first["token"] == again["token"]


def test_a_bad_token_is_401(api_client, db):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = api_client.get("/api/v1/claims/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize(
    "query", ["updated_after=soon", "publisher=x&ordering=title", "cursor=garbage"]
)
def test_article_list_bad_queries(viewer_client, query):
    response = viewer_client.get(f"/api/v1/articles/?{query}")
    if query.startswith("publisher"):
        assert response.status_code == 200  # unknown orderings are ignored
    elif query.startswith("cursor"):
        assert response.status_code == 404
        assert response.json()["detail"] == "Invalid cursor"
    else:
        assert response.status_code == 400
        assert "updated_after" in response.json()
