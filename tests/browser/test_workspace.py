"""A reviewer's and an editor's day in a real Chromium."""

import re

import pytest
from playwright.sync_api import expect

from annotations.models import Evidence
from claims.ingest import ingest_article
from claims.models import Article, Claim
from tests.browser.conftest import STAY
from tests.conftest import SEEDS
from tests.factories import ArticleFactory, ClaimFactory

PAYLOAD = '<img src=x onerror="window.pwned=1"><script>window.pwned=1</script>'


@pytest.fixture
def seed_article(users):
    body = (SEEDS / "003_ffb13bc2b1fe4265.txt").read_text(encoding="utf-8")
    article, _ = ingest_article(body=body, title="Putin and Kim sign a pact")
    return article


def select_text(page, needle: str) -> None:
    """Select the first occurrence of `needle` in the article body, the way a
    mouse would: a DOM range across whatever highlights it crosses."""
    page.evaluate(
        """(needle) => {
            const body = document.getElementById("article-body");
            const at = body.textContent.indexOf(needle);
            if (at < 0) throw new Error("not in the body: " + needle);
            const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
            const find = (target) => {
                let seen = 0, node;
                walker.currentNode = body;
                while ((node = walker.nextNode())) {
                    if (seen + node.length >= target) return [node, target - seen];
                    seen += node.length;
                }
            };
            const range = document.createRange();
            range.setStart(...find(at));
            range.setEnd(...find(at + needle.length));
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }""",
        needle,
    )


def test_signing_in_shows_who_and_their_role(page, users):
    page.goto("/")
    page.get_by_label("Username").fill(users["reviewer"].username)
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("header.top")).to_contain_text(
        f"Signed in as {users['reviewer'].username}"
    )
    expect(page.locator("header.top .role")).to_have_text("reviewer")


def test_a_reviewer_checks_a_claim_and_an_editor_publishes_it(
    new_page, sign_in, users, seed_article
):
    reviewer = new_page()
    sign_in(reviewer, users["reviewer"])
    reviewer.goto(seed_article.get_absolute_url())
    reviewer.evaluate(STAY)  # this test watches the page; work mode moves on
    claim = seed_article.claims.get(text__startswith="US officials said")
    reviewer.locator(f'#article-body mark[data-claim="{claim.pk}"]').last.click()
    expect(reviewer).to_have_url(re.compile(rf"/claims/{claim.pk}/$"))
    reviewer.get_by_role("button", name="Start review").click()
    expect(reviewer.locator("#claim-panel .badge")).to_have_text("in review")
    reviewer.get_by_text("Add evidence").first.click()
    reviewer.get_by_label("Source URL").fill("https://example.org/un-panel-report")
    reviewer.get_by_label("Source title").fill("UN panel of experts report")
    reviewer.get_by_label("Publisher").fill("United Nations")
    reviewer.get_by_label("Stance").select_option("supports")
    reviewer.get_by_label("Quoted passage").fill("11,000 containers")
    reviewer.get_by_role("button", name="Add evidence").click()
    expect(reviewer.locator("#claim-panel .evidence")).to_contain_text("UN panel")
    reviewer.get_by_label("Rating").select_option("mostly_true")
    reviewer.get_by_label("Summary").fill(
        "US officials did say so; the UN panel agrees."
    )
    reviewer.get_by_role("button", name="Submit verdict").click()
    expect(reviewer.locator("#claim-panel .badge")).to_have_text("submitted")
    # The highlight in the text took the new status without a page load.
    expect(
        reviewer.locator(f'#article-body mark[data-claim="{claim.pk}"]').first
    ).to_have_class(re.compile("s-submitted"))

    editor = new_page()
    sign_in(editor, users["editor"])
    editor.goto(claim.get_absolute_url())
    editor.evaluate(STAY)
    editor.get_by_role("button", name="Approve").click()
    expect(editor.locator("#claim-panel .badge")).to_have_text("published")
    editor.goto("/")
    expect(editor.locator(".tile.s-published .n")).to_have_text("1")
    expect(editor.locator(".chart desc")).to_contain_text("1 published")
    assert Evidence.objects.get(claim=claim).source.publisher == "United Nations"


def test_selected_text_becomes_a_claim_with_code_point_offsets(page, sign_in, users):
    body = "🚀 Rockets: five were launched 😀 yesterday in Kyiv.\r\nA second 👍 line."
    article = ArticleFactory(body=body)
    sign_in(page, users["reviewer"])
    page.goto(article.get_absolute_url())
    select_text(page, "launched 😀 yesterday")
    page.get_by_role("button", name="Add claim").click()
    expect(page.locator("#claim-panel blockquote")).to_have_text(
        "launched 😀 yesterday"
    )
    claim = Claim.objects.get(article=article, origin="manual")
    assert claim.text == body[claim.start : claim.end] == "launched 😀 yesterday"
    # The text is redrawn with the new highlight.
    expect(page.locator(f'#article-body mark[data-claim="{claim.pk}"]')).to_be_visible()
    # After a CR LF and more emoji the offsets still land on the right characters.
    select_text(page, "second 👍 line")
    page.get_by_role("button", name="Add claim").click()
    expect(page.locator("#claim-panel blockquote")).to_have_text("second 👍 line")
    second = Claim.objects.filter(article=article, origin="manual").latest("id")
    assert body[second.start : second.end] == "second 👍 line"


def test_a_selection_starting_inside_a_highlight(page, sign_in, users):
    article = ArticleFactory()
    first = ClaimFactory(article=article)  # the first sentence
    sign_in(page, users["reviewer"])
    page.goto(article.get_absolute_url())
    expect(page.locator(f'mark[data-claim="{first.pk}"]')).to_be_visible()
    needle = "in the past year. These fears"
    select_text(page, needle)
    page.get_by_role("button", name="Add claim").click()
    expect(page.locator("#claim-panel blockquote")).to_have_text(needle)
    added = Claim.objects.get(article=article, origin="manual")
    assert article.body[added.start : added.end] == needle


def test_keyboard_moves_between_claims_and_opens_them(
    page, sign_in, users, seed_article
):
    # In the text's order; numbers folded under their sentence's claim are
    # not stepped through while their fold is closed (claims/folding.py).
    from claims.folding import fold

    claims = fold(list(seed_article.claims.order_by("start", "-end", "pk")))
    sign_in(page, users["viewer"])
    page.goto(seed_article.get_absolute_url())
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    expect(page.locator("#claim-list li.current")).to_have_attribute(
        "data-claim", str(claims[0].pk)
    )
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    expect(page.locator("#claim-panel")).to_have_attribute(
        "data-claim", str(claims[1].pk)
    )
    expect(page).to_have_url(re.compile(rf"/claims/{claims[1].pk}/$"))
    # A viewer sees the claim but is offered no action.
    expect(page.get_by_role("button", name="Start review")).to_have_count(0)
    page.keyboard.press("Escape")
    expect(page.locator("#claim-panel")).to_have_count(0)
    expect(page).to_have_url(re.compile(rf"/articles/{seed_article.pk}/$"))


def test_script_payloads_stay_inert_text(page, sign_in, users):
    body = f"Officials said {PAYLOAD} 11,000 containers were sent in 2023."
    article = Article.objects.create(title=f"Title {PAYLOAD}", body=body)
    claim = ClaimFactory(article=article, start=0, end=len(body) - 1, kind="other")
    claim.text = body[: len(body) - 1]
    sign_in(page, users["reviewer"])
    page.goto(claim.get_absolute_url())
    page.get_by_role("button", name="Start review").click()
    expect(page.locator("#claim-panel .badge")).to_have_text("in review")
    page.get_by_text("Add evidence").first.click()
    page.get_by_label("Source URL").fill("https://example.org/x")
    page.get_by_label("Source title").fill(f"Source {PAYLOAD}")
    page.get_by_label("Note").fill(f"Note {PAYLOAD}")
    page.get_by_role("button", name="Add evidence").click()
    expect(page.locator("#claim-panel .evidence")).to_contain_text(f"Source {PAYLOAD}")
    page.get_by_label("Comment").fill(f"Comment {PAYLOAD}")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("#claim-panel .comments")).to_contain_text(f"Comment {PAYLOAD}")
    expect(page.locator("#claim-panel .evidence")).to_contain_text(f"Note {PAYLOAD}")
    expect(page.locator("h1")).to_have_text(f"Title {PAYLOAD}")
    expect(page.locator("#article-body")).to_contain_text(PAYLOAD)
    page.goto("/claims/")
    expect(page.locator("#queue-table")).to_contain_text("<script>")
    assert page.evaluate("window.pwned") is None


def test_two_people_on_one_claim_the_second_is_told_and_nothing_is_overwritten(
    new_page, sign_in, users, seed_article
):
    claim = seed_article.claims.first()
    first, second = new_page(), new_page()
    sign_in(first, users["reviewer"])
    sign_in(second, users["editor"])
    first.goto(claim.get_absolute_url())
    second.goto(claim.get_absolute_url())
    first.get_by_role("button", name="Start review").click()
    expect(first.locator("#claim-panel .badge")).to_have_text("in review")
    second.get_by_role("button", name="Dismiss").click()
    expect(second.locator(".conflict")).to_contain_text("Someone changed this claim")
    expect(second.locator(".conflict")).to_contain_text("in review")
    claim.refresh_from_db()
    assert claim.status == "in_review" and claim.assignee == users["reviewer"]


def test_reselecting_text_corrects_the_open_claims_words(page, sign_in, users):
    article = ArticleFactory()
    claim = ClaimFactory(article=article, status="in_review")
    sign_in(page, users["reviewer"])
    page.goto(claim.get_absolute_url())
    expect(page.locator("#claim-panel")).to_be_visible()
    select_text(page, "Pyongyang has sent Russia 11,000 containers")
    # Both offers, the open claim's named; a viewer or a closed panel gets "Add" only.
    respan = page.get_by_role("button", name=f"Set as claim #{claim.pk}’s words")
    expect(page.get_by_role("button", name="Add claim")).to_be_visible()
    respan.click()
    expect(page.locator("#claim-panel blockquote")).to_have_text(
        "Pyongyang has sent Russia 11,000 containers"
    )
    fresh = Claim.objects.get(pk=claim.pk)
    assert fresh.text == "Pyongyang has sent Russia 11,000 containers"
    assert Claim.objects.filter(article=article).count() == 1  # corrected, not added
    # The highlight is redrawn on the new words, and the offer is gone.
    mark = page.locator(f'#article-body mark[data-claim="{claim.pk}"]')
    expect(mark.first).to_have_text("Pyongyang has sent Russia 11,000 containers")
    expect(respan).to_be_hidden()
    # With no claim open, a selection offers only to add one.
    page.keyboard.press("Escape")
    select_text(page, "These fears")
    expect(page.get_by_role("button", name="Add claim")).to_be_visible()
    expect(page.locator("#respan-claim")).to_be_hidden()
