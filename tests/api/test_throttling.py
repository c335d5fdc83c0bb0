"""With a low rate, the request over it gets 429 with Retry-After."""

import pytest
from django.core.cache import cache


@pytest.fixture
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_anonymous_callers_are_throttled(api_client, settings, fresh_cache, db):
    settings.CLAIMDESK_API_ANON_RATE = "3/minute"
    statuses = [api_client.get("/api/v1/claims/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = api_client.get("/api/v1/claims/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "throttled" in response.json()["detail"].lower()


def test_users_are_throttled_per_user(clients, settings, fresh_cache):
    settings.CLAIMDESK_API_USER_RATE = "2/hour"
    viewer, editor = clients["viewer"], clients["editor"]
    assert [viewer.get("/api/v1/claims/").status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]
    assert int(viewer.get("/api/v1/claims/")["Retry-After"]) > 60
    assert editor.get("/api/v1/claims/").status_code == 200  # a budget of its own


def test_password_guesses_have_their_own_lower_budget(
    api_client, users, settings, fresh_cache
):
    settings.CLAIMDESK_API_TOKEN_RATE = "2/minute"
    guess = {"username": users["editor"].username, "password": "guess"}
    statuses = [
        api_client.post("/api/v1/auth/token/", guess, format="json").status_code
        for _ in range(3)
    ]
    assert statuses == [400, 400, 429]
    right = {"username": users["editor"].username, "password": "pw"}
    response = api_client.post("/api/v1/auth/token/", right, format="json")
    assert response.status_code == 429  # even the right password waits
    assert int(response["Retry-After"]) > 0
    assert api_client.get("/api/v1/claims/").status_code == 200  # reads go on
