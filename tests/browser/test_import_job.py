"""An import in a real Chromium: the job's page polls itself (htmx) while a
thread of the server imports, and the progress bar reaches the end."""

import json
import re

from playwright.sync_api import expect

from claims.models import Article
from tests.conftest import SEEDS


def test_the_progress_bar_of_an_upload_reaches_the_end(
    page, sign_in, users, settings, tmp_path
):
    # As in production without a broker: the job runs in a thread of the
    # server, and the page answers at once.
    settings.CLAIMDESK_IMPORT_IN_THREAD = True
    body = (SEEDS / "003_ffb13bc2b1fe4265.txt").read_text(encoding="utf-8")[:3000]
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        "\n".join(
            json.dumps({"title": f"Story {i}", "body": f"{body} ({i})"})
            for i in range(4)
        ),
        encoding="utf-8",
    )
    sign_in(page, users["reviewer"])
    page.goto("/articles/import/")
    page.get_by_label("Files").set_input_files(str(feed))
    page.get_by_role("button", name="Import").click()

    expect(page).to_have_url(re.compile(r"/articles/imports/\d+/$"))
    bar = page.get_by_role("progressbar", name="Import progress")
    expect(bar).to_have_attribute("max", "4")
    expect(page.get_by_role("status")).to_have_text("Done: 4 of 4.", timeout=30_000)
    expect(bar).to_have_attribute("value", "4")
    links = page.locator(".job-items a")
    expect(links).to_have_count(4)
    assert Article.objects.count() == 4
    # Polling stopped: the finished section no longer asks for itself.
    assert page.locator("#job").get_attribute("hx-get") is None


def test_refresh_from_source_leads_to_the_new_version(page, sign_in, users, settings):
    from tests.claims.test_refresh import FIRST, SECOND
    from tests.claims.test_refresh import page as html_page
    from tests.webserver import PageServer

    settings.CLAIMDESK_FETCH_ALLOW_PRIVATE = True  # the page is on 127.0.0.1
    with PageServer() as server:
        server.put("/story.html", html_page(FIRST))
        from claims.ingest import ingest_record
        from claims.intake import record_from_url

        article, _ = ingest_record(record_from_url(server.url("/story.html")))
        server.put("/story.html", html_page(SECOND))
        sign_in(page, users["reviewer"])
        page.goto(article.get_absolute_url())
        page.get_by_role("button", name="Refresh from source").click()
        expect(page).to_have_url(re.compile(r"/articles/imports/\d+/$"))
        expect(page.get_by_role("status")).to_have_text("Done: 1 of 1.")
        expect(page.locator(".job-items")).to_contain_text("New version")
        page.get_by_role("link", name="Versions").click()
        page.get_by_role("link", name="1", exact=True).click()
        expect(page.locator(".diff ins").first).to_contain_text("Correction")
        page.goto(article.get_absolute_url())
        expect(page.get_by_role("heading", name="Orphaned claims")).to_be_visible()
