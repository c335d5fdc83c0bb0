"""`make screenshots`: a PNG of every page, with the seed data, for people to
look at. Not part of the test run (the file name does not start with test_).
"""

from pathlib import Path

from playwright.sync_api import expect

from annotations import workflow
from claims.ingest import ingest_article
from tests.conftest import SEEDS

OUT = Path(__file__).resolve().parents[2] / "screenshots"


def test_screenshots(new_page, sign_in, users):
    OUT.mkdir(exist_ok=True)
    articles = [
        ingest_article(body=path.read_text(encoding="utf-8"))[0]
        for path in sorted(SEEDS.glob("*.txt"))
    ]
    claims = list(articles[1].claims.order_by("-score"))
    reviewer, editor = users["reviewer"], users["editor"]
    workflow.start_review(claim=claims[0], user=reviewer)
    workflow.submit_verdict(
        claim=claims[0], rating="mostly_true", summary="Right.", user=reviewer
    )
    workflow.approve(claim=claims[0], user=editor)
    workflow.start_review(claim=claims[1], user=reviewer)
    workflow.submit_verdict(
        claim=claims[1], rating="false", summary="No.", user=reviewer
    )
    workflow.start_review(claim=claims[2], user=reviewer)
    workflow.dismiss(claim=claims[3], user=editor)
    # Tracking: the veto confirmed as the same claim in both articles.
    from annotations import groups
    from claims.models import ClaimMatch

    veto = articles[0].claims.get(text__contains="Russia on March 28 vetoed")
    link = ClaimMatch.objects.of(veto).order_by("-score").first()
    groups.confirm_match(match=link, claim=veto, user=reviewer)

    from claims.ingest import ArticleRecord
    from claims.intake.jobs import create_job

    job = create_job(
        user=editor,
        items=[
            (
                "https://news.example/pasted",
                ArticleRecord(body=articles[0].body[:1500]),
            ),
            ("https://news.example/gone", ArticleRecord(body="")),
        ],
    )
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
        ("checked", "/checked/?q=Did+Russia+veto+UN+sanctions+monitoring+in+March%3F"),
    ]
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for name, url in shots:
            page.goto(url)
            page.screenshot(path=OUT / f"{name}-{width}.png")
        # The panel's "Same claim elsewhere", scrolled to.
        page.goto(veto.get_absolute_url())
        page.locator(".elsewhere").scroll_into_view_if_needed()
        page.screenshot(path=OUT / f"reader-panel-elsewhere-{width}.png")
    # The reviewer's panel: their evidence and comment can be taken back.
    from annotations import evidence

    evidence.add_evidence(
        claim=claims[2], url="https://example.org/report", stance="refutes",
        title="A report", user=reviewer,
    )  # fmt: skip
    evidence.add_comment(claim=claims[2], body="Which officials?", user=reviewer)
    sign_in(page, reviewer)
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(claims[2].get_absolute_url())
        page.screenshot(path=OUT / f"reader-panel-reviewer-{width}.png", full_page=True)
    page.goto("/articles/import/")
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".error")).to_be_visible()
    page.screenshot(path=OUT / "import-error.png")
    assert len(list(OUT.glob("*.png"))) >= 9
