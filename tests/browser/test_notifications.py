"""Notifications in Chromium: an editor returns a claim, the reviewer sees the
unread count in the navigation, opens the notification and is on the claim;
the count drops. On a phone the count is behind Menu, which shows a dot."""

import re

import pytest
from playwright.sync_api import expect

from annotations import workflow
from annotations.models import Notification
from claims.models import Claim
from tests.factories import ClaimFactory

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def submitted(users) -> Claim:
    claim = ClaimFactory(status=Claim.Status.IN_REVIEW, assignee=users["reviewer"])
    workflow.submit_verdict(
        claim=claim, rating="false", summary="Not so.", user=users["reviewer"]
    )
    return Claim.objects.get(pk=claim.pk)


def test_a_returned_claim_reaches_its_reviewer(new_page, sign_in, users, submitted):
    editor = new_page()
    sign_in(editor, users["editor"])
    editor.goto(submitted.get_absolute_url())
    panel = editor.locator("#claim-panel")
    panel.get_by_label("Note for the reviewer").fill("Which officials said so?")
    panel.get_by_role("button", name="Return", exact=True).click()
    expect(panel.locator(".badge").first).to_have_text("returned")

    reviewer = new_page()
    sign_in(reviewer, users["reviewer"])
    reviewer.goto("/")
    nav = reviewer.get_by_role("navigation", name="Main")
    link = nav.get_by_role("link", name="Notifications 1 unread")
    expect(link).to_be_visible()
    link.click()
    expect(reviewer).to_have_url(re.compile(r"/notifications/$"))
    item = reviewer.get_by_role("link", name=re.compile("returned your verdict"))
    expect(item).to_contain_text(submitted.text)
    expect(reviewer.locator(".notification.unread")).to_contain_text(
        "Which officials said so?"
    )
    item.click()
    expect(reviewer).to_have_url(re.compile(rf"{submitted.get_absolute_url()}$"))
    expect(reviewer.locator("#claim-panel")).to_contain_text("Which officials said so?")
    expect(reviewer.locator("#notification-count")).to_be_attached()  # fetched
    expect(nav.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    assert Notification.objects.get().read_at is not None

    reviewer.go_back()  # the list again: read now, nothing left to mark
    reviewer.reload()
    expect(reviewer.locator(".notification.unread")).to_have_count(0)
    expect(reviewer.get_by_role("button", name="Mark all as read")).to_have_count(0)


def test_on_a_phone_the_count_is_behind_menu_and_all_can_be_marked_read(
    page, sign_in, users, submitted
):
    for note in ("Sources?", "Which year?"):
        workflow.return_claim(claim=submitted, user=users["editor"], note=note)
        workflow.submit_verdict(
            claim=submitted, rating="false", summary="Not so.", user=users["reviewer"]
        )
    sign_in(page, users["reviewer"])
    page.set_viewport_size(PHONE)
    page.goto("/notifications/")
    menu = page.get_by_role("button", name="Menu")
    expect(page.locator("#notification-count .count")).to_be_attached()
    dot = "b => getComputedStyle(b, '::after').content"
    assert menu.evaluate(dot) == '""'  # a dot while something is unread
    menu.click()
    expect(page.get_by_role("link", name="Notifications 2 unread")).to_be_visible()
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.locator(".messages")).to_contain_text("2 notifications marked as read")
    expect(page.locator(".notification.unread")).to_have_count(0)
    expect(page.locator("#notification-count")).to_be_attached()
    assert menu.evaluate(dot) == "none"
    assert page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    ) == 0  # fmt: skip
