"""Numbers folded under their sentence's claim, in a real Chromium: opened
from the keyboard in the queue, a folded claim opened from the reader."""

import re

import pytest
from playwright.sync_api import expect

from claims.ingest import ingest_article
from claims.models import Claim
from tests.conftest import SEEDS

SENTENCE = "US officials said that Pyongyang has sent Russia"
NUMBER = "sent Russia 11,000 containers of munitions in the past year"


@pytest.fixture
def seed_article(users):
    body = (SEEDS / "003_ffb13bc2b1fe4265.txt").read_text(encoding="utf-8")
    article, _ = ingest_article(body=body, title="Putin and Kim sign a pact")
    return article


def test_a_fold_opens_from_the_keyboard_and_its_claim_opens(
    page, sign_in, users, seed_article
):
    number = Claim.objects.get(article=seed_article, text=NUMBER)
    sign_in(page, users["reviewer"])
    page.goto("/claims/")
    link = page.locator("#queue-table a[data-claim-link]", has_text=SENTENCE)
    row = page.locator(
        "#queue-table tbody tr",
        has=page.locator("a[data-claim-link]", has_text=SENTENCE),
    )
    # The number is no row of its own: it waits, folded, under its sentence.
    exactly = re.compile(f"^{re.escape(NUMBER)}$")
    rows = page.locator("#queue-table a[data-claim-link]")
    expect(rows.filter(has_text=exactly)).to_have_count(0)
    fold = row.locator("details.fold")
    expect(fold.locator("summary")).to_have_text("1 number")
    folded = fold.get_by_role("link", name=NUMBER)
    expect(folded).to_be_hidden()
    # j / k still walk the rows; Tab reaches the fold, Enter opens it.
    links = page.locator("#queue-table a[data-claim-link]")
    index = next(i for i, t in enumerate(links.all_inner_texts()) if SENTENCE in t)
    for _ in range(index + 1):
        page.keyboard.press("j")
    expect(link).to_be_focused()
    page.keyboard.press("Tab")
    expect(fold.locator("summary")).to_be_focused()
    page.keyboard.press("Enter")
    expect(folded).to_be_visible()
    # From inside the fold, j goes on to the next row, not back to the first.
    page.keyboard.press("j")
    expect(links.nth(index + 1)).to_be_focused()
    page.keyboard.press("k")
    expect(link).to_be_focused()
    folded.click()
    expect(page).to_have_url(re.compile(re.escape(number.get_absolute_url()) + "$"))
    expect(page.locator("#claim-panel")).to_contain_text("11,000 containers")


def test_the_reader_opens_a_folded_claim_in_its_panel(
    page, sign_in, users, seed_article
):
    number = Claim.objects.get(article=seed_article, text=NUMBER)
    sign_in(page, users["viewer"])
    page.goto(seed_article.get_absolute_url())
    item = page.locator(f'#claim-list li[data-claim="{number.pk}"]')
    expect(item).to_be_hidden()
    fold = page.locator(
        "#claim-list details.fold",
        has=page.locator(f'li[data-claim="{number.pk}"]'),
    )
    fold.locator("summary").click()
    expect(item).to_be_visible()
    item.get_by_role("link").click()
    expect(page.locator("#claim-panel")).to_have_attribute("data-claim", str(number.pk))
    expect(item).to_have_class("s-new current")
    # Opened from the text instead (or by its address), a folded claim opens
    # its fold.
    page.goto(seed_article.get_absolute_url())
    expect(item).to_be_hidden()
    # Inside its sentence's highlight: a click offers both, by their words.
    page.locator(f'#article-body mark[data-claim="{number.pk}"]').first.click()
    page.get_by_role("menuitem", name=NUMBER, exact=True).click()
    expect(page.locator("#claim-panel")).to_have_attribute("data-claim", str(number.pk))
    expect(item).to_be_visible()


def test_j_and_k_step_into_a_fold_only_once_it_is_open(
    page, sign_in, users, seed_article
):
    number = Claim.objects.get(article=seed_article, text=NUMBER)
    sentence = Claim.objects.get(
        article=seed_article, text__startswith=SENTENCE, quantity_value=None
    )
    sign_in(page, users["viewer"])
    page.goto(seed_article.get_absolute_url())
    items = page.locator("#claim-list li[data-claim]:visible")
    at = [i.get_attribute("data-claim") for i in items.all()].index(str(sentence.pk))
    for _ in range(at + 1):
        page.keyboard.press("j")
    current = page.locator("#claim-list li.current")
    expect(current).to_have_attribute("data-claim", str(sentence.pk))
    page.keyboard.press("j")  # the fold is closed: on to the next sentence
    expect(current).not_to_have_attribute("data-claim", str(number.pk))
    page.keyboard.press("k")
    page.locator("#claim-list details.fold", has=page.locator(
        f'li[data-claim="{number.pk}"]')).locator("summary").click()  # fmt: skip
    page.keyboard.press("j")
    expect(current).to_have_attribute("data-claim", str(number.pk))
    page.keyboard.press("Enter")
    expect(page.locator("#claim-panel")).to_have_attribute("data-claim", str(number.pk))


def test_an_editor_selects_a_folded_number_on_its_own(
    page, sign_in, users, seed_article
):
    number = Claim.objects.get(article=seed_article, text=NUMBER)
    sentence = Claim.objects.get(article=seed_article, text__startswith=SENTENCE)
    sign_in(page, users["editor"])
    page.goto("/claims/")
    row = page.locator(
        "#queue-table tbody tr",
        has=page.locator("a[data-claim-link]", has_text=SENTENCE),
    )
    folded_box = row.get_by_label(f"Select claim {number.pk}")
    # "Select all on this page" ticks the rows, not the numbers folded in them.
    page.get_by_label("Select all on this page").check()
    expect(row.get_by_label(f"Select claim {sentence.pk}")).to_be_checked()
    expect(folded_box).not_to_be_checked()
    page.get_by_label("Select all on this page").uncheck()
    row.locator("details.fold summary").click()
    folded_box.check()
    page.get_by_label("Action").select_option("dismiss")
    page.get_by_role("button", name="Apply to selected").click()
    expect(page.get_by_text("1 claim dismissed.")).to_be_visible()
    assert Claim.objects.get(pk=number.pk).status == "dismissed"
    assert Claim.objects.get(pk=sentence.pk).status == "new"
