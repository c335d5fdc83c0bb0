"""Every page on a 390 px phone: nothing wider than the screen, the
navigation folded behind "Menu" and reachable; on a wide screen, the
navigation in view and no Menu button."""

import re

from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}


# The elements that reach past the right edge, for the failure message.
WIDEST = """[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(-3).map(e => e.tagName + '.' + e.className)"""


def _overflow(page) -> int:
    """How many pixels the page is wider than the viewport."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_every_page_fits_a_phone(page, sign_in, users, pages):
    page.set_viewport_size(PHONE)
    page.goto("/accounts/login/")
    assert _overflow(page) == 0, "sign-in"
    sign_in(page, users["editor"])
    too_wide = {}
    for url in pages:
        page.goto(url)
        if overflow := _overflow(page):
            too_wide[url] = (overflow, page.evaluate(WIDEST))
    assert too_wide == {}


def test_the_navigation_folds_behind_menu_on_a_phone(page, sign_in, users):
    sign_in(page, users["reviewer"])
    page.set_viewport_size(PHONE)
    page.goto("/")
    nav = page.get_by_role("navigation", name="Main")
    menu = page.get_by_role("button", name="Menu")
    expect(nav).to_be_hidden()
    expect(menu).to_have_attribute("aria-expanded", "false")
    menu.focus()
    page.keyboard.press("Enter")  # from the keyboard, as with a tap
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    assert _overflow(page) == 0  # the open menu is as wide as the screen
    nav.get_by_role("link", name="Claims").click()
    expect(page).to_have_url(re.compile(r"/claims/$"))
    expect(page.get_by_role("heading", name="Claims", level=1)).to_be_visible()


def test_on_a_wide_screen_the_navigation_is_in_view(page, sign_in, users):
    sign_in(page, users["reviewer"])
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto("/")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    assert _overflow(page) == 0


def test_a_phone_shows_the_queue_as_cards_with_labels(page, sign_in, users, pages):
    sign_in(page, users["editor"])
    page.set_viewport_size(PHONE)
    page.goto("/claims/?status=published")
    cell = page.locator("td[data-label=Rating]").first
    label = cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"Rating: "'
    expect(cell).to_have_text("Mostly true")  # the label, not mostly_true
