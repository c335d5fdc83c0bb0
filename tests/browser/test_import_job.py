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
