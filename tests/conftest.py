"""Shared fixtures. Test settings live in tests/settings.py."""

import os
import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy pipeline, loaded once per test process."""
    from claims.extraction import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture
def users(db):
    """One user per role, plus a second reviewer and someone with no role."""
    from tests.factories import UserFactory

    return {
        "viewer": UserFactory(role="viewer"),
        "reviewer": UserFactory(role="reviewer"),
        "other_reviewer": UserFactory(role="reviewer"),
        "editor": UserFactory(role="editor"),
        "other_editor": UserFactory(role="editor"),
        "nobody": UserFactory(),
    }


@pytest.fixture(autouse=True)
def _fresh_claim_index():
    """Each test's database is new: so is the process's claim index (a test's
    rolled-back claims must not be offered to the next)."""
    from claims import tracking

    tracking.reset()
    yield


def need_redis(url: str) -> None:
    """Skip unless Redis answers at `url`; in CI (where it must) fail instead."""
    parts = urlsplit(url)
    try:
        socket.create_connection((parts.hostname, parts.port or 6379), 1).close()
    except OSError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis does not answer at {url}")
        pytest.skip(f"Redis does not answer at {url}: start redis-server to run")
