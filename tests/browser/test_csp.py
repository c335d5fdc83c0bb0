"""The Content-Security-Policy in a real Chromium: the pages, htmx and the
API docs work under it, and nothing on them is refused (a refusal would be
inline script or style that the policy now blocks)."""

import pytest
from playwright.sync_api import expect

from tests.factories import ArticleFactory, ClaimFactory, UserFactory


@pytest.fixture
def violations(page) -> list[str]:
    """Chromium reports each refusal on the console."""
    seen: list[str] = []
    page.on(
        "console",
        lambda message: (
            seen.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return seen


@pytest.fixture
def articles(users):
    first = ArticleFactory(title="Summit in Pyongyang")
    ClaimFactory(article=first, status="published")
    ClaimFactory(article=first, kind="event", status="in_review")
    ArticleFactory(title="Munitions at the border")
    return first


@pytest.mark.parametrize(
    "path",
    ["/", "/articles/", "/articles/{article}/", "/articles/import/"],
)
def test_workspace_pages_run_nothing_the_policy_refuses(
    page, sign_in, users, articles, violations, path
):
    sign_in(page, users["editor"])
    response = page.goto(path.format(article=articles.pk))
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator("header.top")).to_contain_text("Signed in as")
    page.wait_for_load_state("networkidle")
    assert violations == []


def test_the_sign_in_page_and_admin_sign_in_run_nothing_refused(page, violations):
    for path in ("/accounts/login/", "/admin/login/"):
        response = page.goto(path)
        assert "style-src 'self';" in response.headers["content-security-policy"]
    page.goto("/accounts/login/")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    page.goto("/admin/login/")
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert violations == []


def test_the_admin_works_under_the_policy(page, sign_in, articles, violations):
    admin = UserFactory(is_staff=True, is_superuser=True)
    sign_in(page, admin)
    page.goto("/admin/claims/article/")
    expect(page.get_by_role("link", name="Summit in Pyongyang")).to_be_visible()
    page.get_by_role("link", name="Summit in Pyongyang").click()
    expect(page.locator("#content h1")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert violations == []


def test_htmx_swaps_under_the_policy(page, sign_in, users, articles, violations):
    """The articles search runs through htmx (served from our static files)."""
    sign_in(page, users["editor"])
    page.goto("/articles/")
    rows = page.locator("#article-rows tbody tr")
    expect(rows).to_have_count(2)
    with page.expect_request(lambda r: r.headers.get("hx-request") == "true"):
        page.get_by_label("Search").fill("border")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Munitions at the border")
    assert violations == []


def test_the_import_page_shows_it_is_busy_without_inline_script(
    page, sign_in, users, violations
):
    sign_in(page, users["editor"])
    page.goto("/articles/import/")
    page.get_by_label("Article text").fill(
        "North Korea has about 50 nuclear weapons today, officials said."
    )
    # Stay on the page to see it while it waits: a listener on the window
    # runs after the page's own (on the document) and cancels the upload.
    page.evaluate("window.addEventListener('submit', (e) => e.preventDefault())")
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("button", name="Import")).to_be_disabled()
    expect(page.get_by_text("Importing and finding claims")).to_be_visible()
    assert violations == []


def test_the_api_docs_work_under_their_policy(page, violations):
    response = page.goto("/api/docs/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy  # scripts: still only our files
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("ClaimDesk API")
    expect(page.locator(".opblock-tag").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert violations == []


def test_the_browsable_api_works_under_the_api_pages_policy(
    page, sign_in, users, articles, violations
):
    sign_in(page, users["viewer"])
    response = page.goto("/api/v1/claims/")
    assert "script-src 'self';" in response.headers["content-security-policy"]
    expect(page.locator(".response-info")).to_contain_text('"results"')
    page.wait_for_load_state("networkidle")
    assert violations == []
