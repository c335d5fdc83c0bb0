"""Test settings and shared fixtures.

Settings are overridden here rather than in a second settings module: only
what tests need (a fast hasher, plain static files, eager Celery).
"""

import os
from pathlib import Path

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")

import pytest  # noqa: E402

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def pytest_configure(config):
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True


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
