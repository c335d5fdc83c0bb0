"""`make screenshots`: a PNG of every page, with the seed data, for people to
look at. Not part of the test run (the file name does not start with test_).
"""

from pathlib import Path

from playwright.sync_api import expect

OUT = Path(__file__).resolve().parents[2] / "screenshots"


def test_screenshots(new_page, sign_in, users, workbench):
    OUT.mkdir(exist_ok=True)
    articles, claims, job = workbench.articles, workbench.claims, workbench.job
    reviewer, editor = users["reviewer"], users["editor"]
    # Tracking: the veto confirmed as the same claim in both articles.
    from annotations import groups
    from claims.models import ClaimMatch

    veto = articles[0].claims.get(text__contains="Russia on March 28 vetoed")
    link = ClaimMatch.objects.of(veto).order_by("-score").first()
    groups.confirm_match(match=link, claim=veto, user=reviewer)
    page = new_page()
    page.goto("/accounts/login/")
    page.screenshot(path=OUT / "sign-in.png")
    sign_in(page, editor)
    shots = [
        ("dashboard", "/"),
        ("articles", "/articles/"),
        ("import", "/articles/import/"),
        ("reader", articles[1].get_absolute_url()),
        ("reader-panel", claims[1].get_absolute_url()),
        ("queue", "/claims/"),
        ("queue-filtered", "/claims/?status=in_review&kind=event"),
        ("import-job", f"/articles/imports/{job.pk}/"),
        ("my-work", "/my-work/"),
        ("notifications-editor", "/notifications/"),  # the reviewer's mention
        ("checked", "/checked/?q=Did+Russia+veto+UN+sanctions+monitoring+in+March%3F"),
    ]
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for name, url in shots:
            page.goto(url)
            tall = width < 800 and not name.startswith("reader")
            page.screenshot(path=OUT / f"{name}-{width}.png", full_page=tall)
        # The panel's "Same claim elsewhere", scrolled to.
        page.goto(veto.get_absolute_url())
        page.locator(".elsewhere").scroll_into_view_if_needed()
        page.screenshot(path=OUT / f"reader-panel-elsewhere-{width}.png")
        # Numbers folded under their sentence's claim, a fold opened.
        page.goto("/claims/")
        opened = page.locator("#queue-table details.fold").nth(1)
        opened.locator("summary").click()
        opened.scroll_into_view_if_needed()
        page.screenshot(path=OUT / f"queue-fold-{width}.png")
        page.goto(articles[1].get_absolute_url())
        fold = page.locator("#claim-list details.fold").first
        fold.locator("summary").click()
        fold.scroll_into_view_if_needed()
        page.screenshot(path=OUT / f"reader-fold-{width}.png")
    # The dashboard's conflicts: two reports of one shipment, the number
    # differing (one row, although the sentences and numbers make four links).
    from claims.ingest import ingest_article

    for number in ("11,000", "1,100"):
        ingest_article(
            body=f"Pyongyang has sent Russia {number} containers of munitions.",
            title=f"Munitions: {number}",
        )
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/")
        page.locator("#conflicts-title").scroll_into_view_if_needed()
        page.screenshot(path=OUT / f"dashboard-conflicts-{width}.png")
    page.emulate_media(color_scheme="dark")
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for name in ("dashboard", "reader-panel", "queue", "notifications-editor"):
            page.goto(dict(shots)[name])
            page.screenshot(
                path=OUT / f"{name}-dark-{width}.png", full_page=width < 800
            )
    page.emulate_media(color_scheme="light")
    # The reviewer's panel: their evidence and comment can be taken back.
    from annotations import evidence
    from claims.models import Claim

    evidence.add_evidence(
        claim=claims[2], url="https://example.org/report", stance="refutes",
        title="A report", user=reviewer,
    )  # fmt: skip
    evidence.add_comment(claim=claims[2], body="Which officials?", user=reviewer)
    sign_in(page, users["other_reviewer"])  # nobody has told them anything
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/notifications/")
        page.screenshot(path=OUT / f"notifications-empty-{width}.png")
    sign_in(page, reviewer)
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(claims[2].get_absolute_url())
        page.screenshot(path=OUT / f"reader-panel-reviewer-{width}.png", full_page=True)
        # Their evidence, opened for editing.
        page.locator(".edit-evidence summary").first.click()
        page.locator(".edit-evidence form").first.scroll_into_view_if_needed()
        page.screenshot(path=OUT / f"panel-edit-evidence-{width}.png")
        # Other words selected with the claim open: add, or make them its words.
        from tests.browser.test_workspace import select_text

        page.goto(claims[2].get_absolute_url())
        select_text(page, claims[2].text[: len(claims[2].text) // 2])
        page.locator("#selection-tools").scroll_into_view_if_needed()
        page.screenshot(path=OUT / f"reader-reselect-{width}.png")
    # The reviewer's notifications: a return and a mention unread, the
    # approval of the workbench read.
    from annotations import notifications, workflow

    notifications.mark_read(reviewer)
    evidence.add_comment(
        claim=claims[2], body=f"@{reviewer.username} which officials? <b>not bold</b>",
        user=editor,
    )  # fmt: skip
    workflow.return_claim(
        claim=Claim.objects.get(pk=claims[1].pk), user=editor,
        note="Name the officials and link the UN panel's report.",
    )  # fmt: skip
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/notifications/")
        page.locator("#notification-count").wait_for(state="attached")
        page.screenshot(path=OUT / f"notifications-{width}.png", full_page=True)
    page.get_by_role("button", name="Menu").click()
    page.screenshot(path=OUT / "notifications-menu-390.png", full_page=True)
    # The extractor's guesses marked in the panel (a weak kind, a borrowed speaker).
    guessed = next(
        c
        for c in Claim.objects.filter(article__in=articles).order_by("-score")
        if c.kind_is_guess and c.speaker_is_guess
    )
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(guessed.get_absolute_url())
        page.locator("#claim-panel dl").scroll_into_view_if_needed()
        page.screenshot(path=OUT / f"panel-guess-{width}.png")
    page.goto("/articles/import/")
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".error")).to_be_visible()
    page.screenshot(path=OUT / "import-error.png")
    # A corrected article: the published claim's words changed, a sentence
    # removed, a paragraph added (claims/versions.py, without a fetch).
    from claims.records import ArticleRecord
    from claims.versions import new_version

    article = articles[1]
    published = Claim.objects.get(pk=claims[0].pk)
    gone = claims[5].text
    cut = published.text.index(" ", len(published.text) // 2)
    edited = published.text[:cut] + " reportedly" + published.text[cut:]
    body = article.body.replace(published.text, edited, 1)
    body = body.replace(gone, "", 1) + "\n\nCorrection: this article was updated."
    new_version(article=article, record=ArticleRecord(body=body), user=editor)
    sign_in(page, editor)
    shots = [
        ("reader-version-2", article.get_absolute_url()),
        ("versions", f"/articles/{article.pk}/versions/"),
        ("version-diff", f"/articles/{article.pk}/versions/1/"),
        ("panel-needs-recheck", published.get_absolute_url()),
        ("dashboard-recheck", "/"),
        ("queue-recheck", "/claims/?needs_recheck=true"),
    ]
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for name, url in shots:
            page.goto(url)
            page.screenshot(path=OUT / f"{name}-{width}.png")
    assert len(list(OUT.glob("*.png"))) >= 31
