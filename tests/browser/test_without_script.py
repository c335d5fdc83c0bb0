"""The claim panel's forms without script: plain forms that answer with the
whole reader, errors next to their fields, and redirect on success."""

import pytest
from playwright.sync_api import expect

from claims.ingest import ingest_article
from claims.models import Claim
from tests.conftest import SEEDS


@pytest.fixture
def claim(users):
    body = (SEEDS / "003_ffb13bc2b1fe4265.txt").read_text(encoding="utf-8")
    article, _ = ingest_article(body=body, title="Putin and Kim sign a pact")
    return article.claims.order_by("-score", "pk").first()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_a_review_from_start_to_verdict_without_script(page, sign_in, users, claim):
    sign_in(page, users["reviewer"])
    page.goto(claim.get_absolute_url())
    page.get_by_role("button", name="Start review").click()
    expect(page).to_have_url(claim.get_absolute_url())  # redirected back
    expect(page.locator("#claim-panel .badge")).to_have_text("in review")
    page.get_by_label("Rating").select_option("false")
    page.get_by_label("Summary").fill("   ")  # passes `required`, not the form
    page.get_by_role("button", name="Submit verdict").click()
    expect(page.locator("#claim-panel .error")).to_have_text("This field is required.")
    expect(page.locator("#article-body")).to_be_visible()  # the whole reader
    assert Claim.objects.get(pk=claim.pk).status == "in_review"
    page.get_by_label("Summary").fill("The pact says otherwise.")
    page.get_by_role("button", name="Submit verdict").click()
    expect(page).to_have_url(claim.get_absolute_url())
    expect(page.locator("#claim-panel .badge")).to_have_text("submitted")
    assert Claim.objects.get(pk=claim.pk).rating == "false"
