"""The API is mounted, documented and answers in JSON."""

import re

import pytest

from tests.factories import ArticleFactory, ClaimFactory, CommentFactory


def test_schema_and_docs_are_served_to_anyone(api_client):
    schema = api_client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/claims/" in schema.content
    docs = api_client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
    assert b"cdn" not in docs.content.lower()


def test_anonymous_sees_only_published_claims(api_client, db):
    published = ClaimFactory(status="published")
    ClaimFactory(status="new")
    response = api_client.get("/api/v1/claims/")
    assert response.status_code == 200
    assert [c["id"] for c in response.json()["results"]] == [published.pk]


def test_token_is_given_for_good_credentials(api_client, users):
    response = api_client.post(
        "/api/v1/auth/token/",
        {"username": users["viewer"].username, "password": "pw"},
        format="json",
    )
    assert response.status_code == 200
    token = response.json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get("/api/v1/comments/").status_code == 200


def test_api_root_lists_the_endpoints_to_anyone(api_client, db):
    response = api_client.get("/api/v1/")
    assert response.status_code == 200
    assert "claims" in response.json()


def test_docs_assets_come_from_our_own_static_files(api_client):
    html = api_client.get("/api/docs/").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)
    assert assets
    for asset in assets:
        assert asset.startswith("/static/"), asset
        response = api_client.get(asset)
        assert response.status_code == 200, asset


def test_unknown_api_urls_answer_json_404(api_client, db):
    response = api_client.get("/api/v1/claims/not-a-number/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert api_client.get("/api/v1/nothing-here/").json() == {"detail": "Not found."}


@pytest.mark.parametrize(
    "path", ["/api/v1/claims/", "/api/v1/claims/{pk}/", "/api/v1/articles/",
             "/api/v1/evidence/", "/api/v1/comments/"],
)  # fmt: skip
def test_browsable_api_pages_render_for_a_browser(editor_client, path):
    article = ArticleFactory(
        title="<script>alert(1)</script>", body="<script>alert(1)</script> Yes."
    )
    claim = ClaimFactory(article=article)
    CommentFactory(claim=claim, body="<script>alert(1)</script>")
    response = editor_client.get(path.format(pk=claim.pk), HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content


@pytest.mark.parametrize(
    "path", ["/api/v1/articles/", "/api/v1/claims/", "/api/v1/claims/{pk}/",
             "/api/v1/claims/{pk}/transitions/", "/api/v1/evidence/",
             "/api/v1/sources/", "/api/v1/verdicts/", "/api/v1/comments/"],
)  # fmt: skip
@pytest.mark.parametrize("role", ["anonymous", "editor"])
def test_options_describe_each_endpoint(clients, path, role):
    claim = ClaimFactory(status="published")
    response = clients[role].options(path.format(pk=claim.pk))
    assert response.status_code == (
        401 if "comments" in path and role == "anonymous" else 200
    )
