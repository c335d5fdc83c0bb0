"""API clients, one per role, and a small published/unpublished data set."""

import pytest
from rest_framework.test import APIClient

ROLES = ("anonymous", "viewer", "reviewer", "other_reviewer", "editor")


@pytest.fixture
def api_client():
    """An anonymous client."""
    return APIClient()


@pytest.fixture
def clients(users) -> dict[str, APIClient]:
    """An APIClient per role, authenticated as that role's user."""
    result = {"anonymous": APIClient()}
    for role in ("viewer", "reviewer", "other_reviewer", "editor", "other_editor"):
        client = APIClient()
        client.force_authenticate(users[role])
        result[role] = client
    return result


@pytest.fixture
def editor_client(clients) -> APIClient:
    return clients["editor"]


@pytest.fixture
def reviewer_client(clients) -> APIClient:
    return clients["reviewer"]


@pytest.fixture
def viewer_client(clients) -> APIClient:
    return clients["viewer"]
