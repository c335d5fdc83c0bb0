"""The reviewer's loop from the keyboard alone, counting key presses; the
claim brought into view; "my work" and the claim that needs me next."""

import re

import pytest
from playwright.sync_api import expect

from annotations.models import Evidence, Verdict
from claims.ingest import ingest_article
from claims.models import Claim
from tests.browser.conftest import STAY
from tests.conftest import SEEDS


@pytest.fixture
def article(users):
    body = (SEEDS / "003_ffb13bc2b1fe4265.txt").read_text(encoding="utf-8")
    article, _ = ingest_article(body=body, title="Putin and Kim sign a pact")
    return article


class Keys:
    """Presses keys on a page and counts them; typed text is counted apart
    (a person types it whatever the interface)."""

    def __init__(self, page) -> None:
        self.page, self.presses, self.typed = page, 0, 0

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)
            self.presses += 1

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)
        self.typed += len(text)


def test_the_whole_loop_from_the_keyboard(new_page, sign_in, users, article):
    best = article.claims.order_by("-score", "pk").first()
    reviewer_page = new_page()
    sign_in(reviewer_page, users["reviewer"])
    keys = Keys(reviewer_page)
    reviewer_page.goto("/claims/")

    keys.press("j", "Enter")  # the first claim of the queue, opened
    expect(reviewer_page).to_have_url(f"{best.get_absolute_url()}")
    panel = reviewer_page.locator("#claim-panel")
    mark = reviewer_page.locator(f'#article-body mark[data-claim="{best.pk}"]').first
    expect(mark).to_be_in_viewport()  # brought into view

    keys.press("s")  # start review
    expect(panel.locator(".badge")).to_have_text("in review")
    keys.press("e")  # evidence: the cursor in its URL field
    expect(panel.get_by_label("URL")).to_be_focused()
    keys.type("https://example.org/un-report")
    keys.press("Control+Enter")
    expect(panel.locator(".evidence")).to_contain_text("example.org/un-report")
    keys.press("v")  # verdict: the cursor on the rating
    rating = panel.get_by_label("Rating")
    expect(rating).to_be_focused()
    keys.press("ArrowDown")
    keys.press("Tab")
    keys.type("The UN panel's report says otherwise.")
    keys.press("Control+Enter")  # submit: the next claim that needs me opens
    expect(reviewer_page.locator(".messages")).to_contain_text("Verdict submitted")
    expect(reviewer_page).not_to_have_url(best.get_absolute_url())
    reviewer_presses = keys.presses

    best.refresh_from_db()
    assert best.status == Claim.Status.SUBMITTED
    assert Evidence.objects.filter(claim=best).count() == 1
    verdict = Verdict.objects.get(claim=best)
    assert verdict.summary == "The UN panel's report says otherwise."

    editor_page = new_page()
    sign_in(editor_page, users["editor"])
    editor_keys = Keys(editor_page)
    editor_page.goto("/claims/")
    editor_keys.press("n")  # the claim awaiting my approval
    expect(editor_page).to_have_url(best.get_absolute_url())
    # A key pressed before the new page's script has run goes nowhere: wait
    # for it (the URL changes first; on a busy machine it lost the "a").
    editor_page.wait_for_load_state("load")
    editor_keys.press("a")  # approve
    expect(editor_page.locator(".messages")).to_contain_text("Approved and published")
    best.refresh_from_db()
    assert best.status == Claim.Status.PUBLISHED
    # The figure for the README: key presses, not counting typed text.
    assert (reviewer_presses, editor_keys.presses) == (9, 2)
    print(f"\nloop: reviewer {reviewer_presses} presses, editor {editor_keys.presses}")


def test_the_shortcuts_dialog_lists_every_key(page, sign_in, users, article):
    sign_in(page, users["reviewer"])
    page.goto(article.get_absolute_url())
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    for key in ("j", "n", "s", "e", "v", "a", "r", "Ctrl"):
        expect(dialog.locator(".kbd", has_text=key).first).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


def start_and_submit_from_the_keyboard(page) -> None:
    page.keyboard.press("s")
    expect(page.locator("#claim-panel .badge")).to_have_text("in review")
    page.keyboard.press("v")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.type("Checked.")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#claim-panel .badge")).to_have_text("submitted")


def test_the_next_claim_can_be_turned_off(page, sign_in, users, article):
    claim = article.claims.order_by("-score", "pk").first()
    sign_in(page, users["reviewer"])
    page.goto(claim.get_absolute_url())
    page.keyboard.press("?")
    page.get_by_label("open the next claim that needs me").uncheck()
    page.keyboard.press("Escape")
    start_and_submit_from_the_keyboard(page)
    expect(page).to_have_url(claim.get_absolute_url())  # stayed


def test_ctrl_enter_sends_a_form_that_has_just_swapped_in_through_htmx(
    page, sign_in, users, article
):
    """htmx takes over a swapped-in form only when the swap settles; keys
    typed before that (a busy machine runs them first) must not send it as a
    plain form, which would load the page afresh."""
    claim = article.claims.order_by("-score", "pk").first()
    sign_in(page, users["reviewer"])
    page.goto(claim.get_absolute_url())
    page.evaluate("localStorage.setItem('claimdesk.autoNext', 'off')")
    # The app settles at once (base.html); the key handler must not rely on it.
    assert page.evaluate("htmx.config.defaultSettleDelay") == 0
    page.evaluate("htmx.config.defaultSettleDelay = 3000; window.samePage = true")
    start_and_submit_from_the_keyboard(page)
    assert page.evaluate("window.samePage === true")
    expect(page).to_have_url(claim.get_absolute_url())


def test_a_claim_far_down_is_scrolled_into_view_on_a_phone(
    page, sign_in, users, article
):
    last = article.claims.order_by("-start").first()
    sign_in(page, users["reviewer"])
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(last.get_absolute_url())
    mark = page.locator(f'#article-body mark[data-claim="{last.pk}"]').first
    expect(mark).to_be_in_viewport()
    panel = page.locator("#claim-panel")
    expect(panel).to_be_in_viewport()  # the sheet, over the lower half
    box, mark_box = panel.bounding_box(), mark.bounding_box()
    assert mark_box["y"] + mark_box["height"] <= box["y"] + 1  # not under it


def test_j_with_the_panel_open_keeps_the_panel_in_view(page, sign_in, users, article):
    first = article.claims.order_by("start").first()
    sign_in(page, users["reviewer"])
    page.goto(first.get_absolute_url())
    panel = page.locator("#claim-panel")
    for _ in range(12):
        page.keyboard.press("j")
    expect(panel).to_be_in_viewport()
    current = page.locator("#article-body mark.current").first
    expect(current).to_be_in_viewport()


def tab_to(keys: Keys, locator, limit: int = 400) -> None:
    """Tab until `locator` has the focus, as someone without shortcuts would."""
    for _ in range(limit):
        if locator.evaluate("e => e === document.activeElement"):
            return
        keys.press("Tab")
    raise AssertionError(f"{locator} never took the focus")


def test_the_same_loop_by_tab_alone_costs_many_more_presses(
    new_page, sign_in, users, article
):
    """The figure to compare with: the loop without the shortcuts (as before
    them), by Tab, Enter and the arrows only. After each htmx swap the focus
    starts again from the top of the page."""
    best = article.claims.order_by("-score", "pk").first()
    page = new_page()
    sign_in(page, users["reviewer"])
    keys = Keys(page)
    page.goto("/claims/")
    page.evaluate(STAY)
    tab_to(keys, page.locator("a[data-claim-link]").first)
    keys.press("Enter")
    panel = page.locator("#claim-panel")
    tab_to(keys, panel.get_by_role("button", name="Start review"))
    keys.press("Enter")
    expect(panel.locator(".badge")).to_have_text("in review")
    page.locator("body").focus()
    tab_to(keys, panel.locator("summary", has_text="Add evidence"))
    keys.press("Enter")
    tab_to(keys, panel.get_by_label("URL"))
    keys.type("https://example.org/un-report")
    tab_to(keys, panel.get_by_role("button", name="Add evidence"))
    keys.press("Enter")
    expect(panel.locator(".evidence")).to_contain_text("example.org/un-report")
    page.locator("body").focus()
    tab_to(keys, panel.get_by_label("Rating"))
    keys.press("ArrowDown")
    tab_to(keys, panel.get_by_label("Summary"))
    keys.type("The UN panel's report says otherwise.")
    tab_to(keys, panel.get_by_role("button", name="Submit verdict"))
    keys.press("Enter")
    expect(panel.locator(".badge")).to_have_text("submitted")
    editor = new_page()
    sign_in(editor, users["editor"])
    editor_keys = Keys(editor)
    editor.goto("/")
    editor.evaluate(STAY)
    tab_to(editor_keys, editor.get_by_role("link", name=best.text[:20]).first)
    editor_keys.press("Enter")
    tab_to(editor_keys, editor.get_by_role("button", name="Approve"))
    editor_keys.press("Enter")
    expect(editor.locator("#claim-panel .badge")).to_have_text("published")
    print(f"\nby Tab: reviewer {keys.presses} presses, editor {editor_keys.presses}")
    assert keys.presses > 3 * 9 and editor_keys.presses > 3 * 2


def test_evidence_title_and_publisher_fill_in_from_the_page(
    page, sign_in, users, article, settings
):
    from tests.webserver import PageServer

    settings.CLAIMDESK_FETCH_ALLOW_PRIVATE = True  # the page server is on loopback
    claim = article.claims.order_by("-score", "pk").first()
    sign_in(page, users["reviewer"])
    page.goto(claim.get_absolute_url())
    page.keyboard.press("s")
    panel = page.locator("#claim-panel")
    expect(panel.locator(".badge")).to_have_text("in review")
    page.keyboard.press("e")
    with PageServer() as server:
        page.keyboard.type(server.url("/news.html"))
        page.keyboard.press("Tab")  # leaving the field asks for the page
        expect(panel.get_by_label("Source title")).to_have_value(
            "Putin and Kim sign a mutual defence pact"
        )
        expect(panel.get_by_label("Publisher")).to_have_value("The Daily Example")


def test_status_shows_by_pattern_as_well_as_colour(page, sign_in, users, article):
    claims = list(article.claims.order_by("start")[:3])
    Claim.objects.filter(pk=claims[1].pk).update(status="in_review")
    Claim.objects.filter(pk=claims[2].pk).update(status="published")
    sign_in(page, users["reviewer"])
    page.goto(article.get_absolute_url())
    styles = [
        page.locator(f'mark[data-claim="{c.pk}"]').first.evaluate(
            "m => getComputedStyle(m).borderBottomStyle"
        )
        for c in claims
    ]
    assert styles == ["dotted", "dashed", "solid"]


def test_the_focus_switch_dims_claims_out_of_focus(page, sign_in, users, article):
    done = article.claims.order_by("start").first()
    Claim.objects.filter(pk=done.pk).update(status="published")
    low = article.claims.exclude(pk=done.pk).order_by("score").first()
    sign_in(page, users["reviewer"])
    page.goto(article.get_absolute_url())
    page.get_by_label("Highlight", exact=True).select_option("open")
    expect(page.locator(f'mark[data-claim="{done.pk}"]').first).to_have_class(
        re.compile(r"\bdim\b")
    )
    page.reload()  # the choice is kept
    expect(page.get_by_label("Highlight", exact=True)).to_have_value("open")
    page.get_by_label("Highlight", exact=True).select_option("0.8")
    if low.score < 0.8:
        expect(page.locator(f'mark[data-claim="{low.pk}"]').first).to_have_class(
            re.compile(r"\bdim\b")
        )
    page.get_by_label("Highlight", exact=True).select_option("all")
    expect(page.locator("#article-body mark.dim")).to_have_count(0)


def test_where_claims_overlap_a_click_offers_them_all(page, sign_in, users, article):
    inner = next(
        c
        for c in article.claims.order_by("start")
        if article.claims.filter(start__lte=c.start, end__gte=c.end).exclude(pk=c.pk)
    )
    outer = (
        article.claims.filter(start__lte=inner.start, end__gte=inner.end)
        .exclude(pk=inner.pk)
        .first()
    )
    sign_in(page, users["reviewer"])
    page.goto(article.get_absolute_url())
    page.locator(
        f'mark[data-claim="{outer.pk}"] mark[data-claim="{inner.pk}"]'
    ).first.click()
    menu = page.get_by_role("menu", name="Claims here")
    expect(menu.get_by_role("menuitem")).to_have_count(
        article.claims.filter(start__lte=inner.start, end__gte=inner.end).count()
    )
    menu.get_by_role("menuitem").nth(1).click()  # the one around it
    expect(page.locator("#claim-panel")).to_have_attribute("data-claim", str(outer.pk))
    expect(menu).to_have_count(0)
