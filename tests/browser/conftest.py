"""Playwright driving Debian's Chromium against Django's live server.

Without /usr/bin/chromium the browser tests skip, saying why, unless
CLAIMDESK_REQUIRE_BROWSER is set (as `.ci/run` does): then they fail.
"""

import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db.backends.signals import connection_created
from django.test import Client

from annotations import evidence, workflow
from claims.ingest import ingest_article
from claims.intake.jobs import create_job
from claims.records import ArticleRecord
from tests.conftest import SEEDS

# Playwright's sync API runs an event loop in this thread; Django's ORM calls
# from the test body are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _no_read_locks_in_shared_memory(sender, connection, **kwargs) -> None:
    """On SQLite the live server's threads and the test share Django's
    in-memory test database through SQLite's shared cache. There a reader
    locks each table it reads, and a writer that meets such a lock fails at
    once with "database table is locked": the busy timeout does not apply.
    An import job's thread writing its progress then died while the page
    polled it (seen once, under load). A database file, as in production,
    has no such locks; `read_uncommitted` lets shared-cache readers take none.
    """
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA read_uncommitted = 1")


connection_created.connect(_no_read_locks_in_shared_memory)

CHROMIUM = Path("/usr/bin/chromium")
# The reader opens the next claim after a submit or an approval unless told
# not to (tests/browser/test_work_mode.py tests that); tests that watch the
# panel afterwards run this on the page first.
STAY = "localStorage.setItem('claimdesk.autoNext', 'off')"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            # The live server needs committed data; serialized_rollback puts the
            # migrations' rows (the role groups) back for the tests that follow.
            item.add_marker(
                pytest.mark.django_db(transaction=True, serialized_rollback=True)
            )


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = f"Debian's Chromium is not at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CLAIMDESK_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(f"{reason}: browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, live_server):
    """Pages in contexts of their own (one per person), failing on script errors."""
    contexts, errors = [], []

    def new_page():
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1366, "height": 900}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        return page

    yield new_page
    for context in contexts:
        context.close()
    assert errors == [], f"script errors in the page: {errors}"


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def sign_in(live_server):
    """Sign `user` in on `page` by handing it a session cookie (fast); the
    sign-in form itself is tested once."""

    def sign_in(page, user) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": cookie,
                    "url": live_server.url,
                }
            ]
        )

    return sign_in


@pytest.fixture
def workbench(users) -> SimpleNamespace:
    """The seed articles, with claims in every state (claims[0] published,
    [1] submitted, [2] in review, [3] dismissed, of articles[1]), a comment
    on claims[2] that mentions the editor (and so notifies them), and an
    import job with one article taken in and one refused."""
    articles = [
        ingest_article(body=path.read_text(encoding="utf-8"))[0]
        for path in sorted(SEEDS.glob("*.txt"))
    ]
    claims = list(articles[1].claims.order_by("-score"))
    reviewer, editor = users["reviewer"], users["editor"]
    for claim, rating in ((claims[0], "mostly_true"), (claims[1], "false")):
        workflow.start_review(claim=claim, user=reviewer)
        workflow.submit_verdict(
            claim=claim, rating=rating, summary="Checked.", user=reviewer
        )
    workflow.approve(claim=claims[0], user=editor)
    workflow.start_review(claim=claims[2], user=reviewer)
    workflow.dismiss(claim=claims[3], user=editor)
    evidence.add_comment(
        claim=claims[2], body=f"@{editor.username} which officials?", user=reviewer
    )
    job = create_job(
        user=editor,
        items=[
            (
                "https://news.example/pasted",
                ArticleRecord(body=articles[0].body[:1500]),
            ),
            ("https://news.example/gone", ArticleRecord(body="")),
        ],
    )
    return SimpleNamespace(articles=articles, claims=claims, job=job)


@pytest.fixture
def pages(workbench) -> list[str]:
    """The URL of every page, with the workbench's data."""
    articles, claims = workbench.articles, workbench.claims
    return [
        "/",
        "/articles/",
        "/articles/?q=sanctions",
        "/articles/import/",
        articles[1].get_absolute_url(),
        *(claim.get_absolute_url() for claim in claims[:4]),
        "/claims/",
        "/claims/?status=published",
        "/claims/?q=zyzzyva",
        f"/articles/imports/{workbench.job.pk}/",
        "/notifications/",
    ]
