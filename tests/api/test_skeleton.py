"""The API is mounted, documented and answers in JSON."""

from tests.factories import ClaimFactory


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
