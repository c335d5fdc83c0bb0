"""The same claim in two seed articles, found, confirmed and published once,
in a real Chromium."""

import pytest
from playwright.sync_api import expect

from claims.ingest import ingest_article
from claims.models import Claim
from tests.browser.conftest import STAY
from tests.conftest import SEEDS

URLS = ("https://time.example/putin-kim", "https://guardian.example/summit")


@pytest.fixture
def seed_articles(users):
    paths = sorted(SEEDS.glob("*.txt"))
    return [
        ingest_article(body=path.read_text(encoding="utf-8"), url=url)[0]
        for path, url in zip(paths, URLS, strict=True)
    ]


def test_a_claim_found_in_both_seeds_is_confirmed_and_published_once(
    new_page, sign_in, users, seed_articles, live_server
):
    first, second = seed_articles
    veto = first.claims.get(text__contains="Russia on March 28 vetoed")
    other = second.claims.get(text__contains="Russia used its Security Council veto")

    reviewer = new_page()
    sign_in(reviewer, users["reviewer"])
    reviewer.goto(veto.get_absolute_url())
    reviewer.evaluate(STAY)  # this test watches the panel; work mode moves on
    elsewhere = reviewer.get_by_role("region", name="Same claim elsewhere")
    expect(elsewhere).to_contain_text(other.text)
    expect(elsewhere.locator("li").first).to_contain_text("Same claim")
    reviewer.get_by_role("button", name=f"Same claim as #{other.pk}").click()
    expect(elsewhere).to_contain_text("In a group with 1 other appearance")
    assert (
        Claim.objects.get(pk=veto.pk).group_id
        == Claim.objects.get(pk=other.pk).group_id
    )
    reviewer.get_by_role("button", name="Start review").click()
    expect(reviewer.locator("#claim-panel .badge").first).to_have_text("in review")
    reviewer.get_by_label("Rating").select_option("true")
    reviewer.get_by_label("Summary").fill("Russia did veto the panel's renewal.")
    reviewer.get_by_role("button", name="Submit verdict").click()
    expect(reviewer.locator("#claim-panel .badge").first).to_have_text("submitted")

    editor = new_page()
    sign_in(editor, users["editor"])
    editor.goto(veto.get_absolute_url())
    editor.evaluate(STAY)
    editor.get_by_role("button", name="Approve for all appearances").click()
    expect(editor.locator("#claim-panel .badge").first).to_have_text("published")
    editor.goto(other.get_absolute_url())
    expect(editor.locator("#claim-panel .badge").first).to_have_text("published")

    # Anyone reads one ClaimReview that lists both appearances.
    anonymous = new_page()
    answer = anonymous.request.get(f"{live_server.url}/api/v1/claim-reviews/")
    reviews = answer.json()["results"]
    assert len(reviews) == 1
    urls = [a["url"] for a in reviews[0]["itemReviewed"]["appearance"]]
    assert [u.split("#")[0] for u in urls] == list(URLS)
    assert "#:~:text=Despite%20previously" in urls[0]
    assert "#:~:text=Russia%20used" in urls[1]


def test_the_navigation_answers_has_this_been_checked(
    page, sign_in, users, seed_articles
):
    sign_in(page, users["viewer"])
    page.goto("/")
    page.get_by_label("Has this been checked?").fill(
        "North Korean soldiers crossed the border and were met with warning shots"
    )
    page.get_by_role("button", name="Look up").click()
    results = page.get_by_role("region", name="claims like it")
    expect(results.locator("li").first).to_contain_text("warning shots")
