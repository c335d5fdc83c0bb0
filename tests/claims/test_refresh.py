"""Refreshing an article from its source, every way in: the API, the reader's
button and `refresh_articles`, against a page on 127.0.0.1 that changes
between fetches; versions listed and shown with a diff."""

import io

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from claims.models import Article, Claim, ImportItem
from tests.factories import ArticleFactory
from tests.webserver import PageServer

pytestmark = pytest.mark.django_db
A = Claim.Anchor

FIRST = [
    "Russia and North Korea signed a mutual defence pact on Wednesday during "
    "Vladimir Putin's first visit to Pyongyang in 24 years.",
    "US officials said that Pyongyang has sent Russia 11,000 containers of "
    "munitions in the past year, a figure the two governments deny.",
    "In March, Russia used its Security Council veto to halt UN monitoring of "
    "the sanctions regime against North Korea.",
    "South Korean soldiers fired warning shots three times in June after North "
    "Korean troops crossed the border, the military in Seoul said.",
]
# The correction: a figure changed, a paragraph removed, one added.
SECOND = [
    "Correction: an earlier version of this article gave the wrong number of "
    "containers.",
    FIRST[0],
    FIRST[1].replace("11,000", "10,000"),
    FIRST[3],
    "Analysts said the agreement was the strongest link between the two "
    "countries since the end of the Cold War, and exports rose by 40 percent.",
]


def page(paragraphs: list[str], title: str = "Putin and Kim sign a pact") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}"
        f"</h1>{body}</article></body></html>"
    )


@pytest.fixture(scope="module")
def server():
    with PageServer() as running:
        yield running


@pytest.fixture
def fetched(server, settings, users):
    """An article imported from a page on the local server."""
    settings.CLAIMDESK_FETCH_ALLOW_PRIVATE = True  # loopback, as an intranet
    server.put("/story.html", page(FIRST))
    client = APIClient()
    client.force_authenticate(users["reviewer"])
    answer = client.post(
        "/api/v1/articles/", {"url": server.url("/story.html")}, format="json"
    )
    assert answer.status_code == 202
    return Article.objects.get()


def refresh(user, article) -> tuple[int, dict]:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    answer = client.post(f"/api/v1/articles/{article.pk}/refresh/")
    return answer.status_code, answer.json()


def test_a_changed_page_becomes_version_2_with_claims_re_anchored(
    fetched, server, users
):
    before = {c.pk: c.text for c in fetched.claims.all()}
    # The sentence and the quantity in it.
    munitions = list(fetched.claims.filter(text__contains="11,000 containers"))
    veto = fetched.claims.get(text__contains="Security Council veto")
    published = Claim.objects.filter(pk__in=[c.pk for c in munitions])
    assert published.update(status=Claim.Status.PUBLISHED) == 2
    server.put("/story.html", page(SECOND))

    status, job = refresh(users["reviewer"], fetched)

    assert status == 202
    item = job["items"][0]
    assert item["outcome"] == "refreshed" and item["article"] == fetched.pk
    assert item["note"].startswith("Version 2:")
    fetched.refresh_from_db()
    assert fetched.version == 2 and "10,000 containers" in fetched.body
    assert fetched.versions.get().body.count("11,000") == 1
    veto.refresh_from_db()
    for claim in published:  # published on words since changed
        assert (claim.anchor, claim.needs_recheck) == (A.CHANGED, True)
        assert "10,000 containers" in claim.text
    assert "2 published verdicts to re-check" in item["note"]
    assert (veto.anchor, veto.orphaned_from, veto.text) == (
        A.ORPHANED, 1, before[veto.pk],
    )  # fmt: skip
    for claim in fetched.claims.exclude(anchor=A.ORPHANED):
        assert fetched.body[claim.start : claim.end] == claim.text
    # Claims on the new paragraph were found; none doubles a re-anchored one.
    assert fetched.claims.filter(text__contains="40 percent").exists()
    assert item["claims"] == fetched.claims.exclude(pk__in=before).count() > 0
    # The API shows it all.
    detail = APIClient()
    detail.force_authenticate(users["viewer"])
    data = detail.get(f"/api/v1/claims/{munitions[0].pk}/").json()
    assert (data["anchor"], data["needs_recheck"]) == ("changed", True)
    assert detail.get(f"/api/v1/articles/{fetched.pk}/").json()["version"] == 2


def test_an_unchanged_page_makes_no_version_and_says_so(fetched, users):
    status, job = refresh(users["editor"], fetched)
    assert status == 202
    item = job["items"][0]
    assert item["outcome"] == "unchanged"
    assert "unchanged" in item["note"] and "version 1" in item["note"]
    fetched.refresh_from_db()
    assert fetched.version == 1 and not fetched.versions.exists()


@pytest.mark.parametrize(
    ("actor", "code"),
    [("anonymous", 401), ("nobody", 403), ("viewer", 403), ("reviewer", 202),
     ("other_reviewer", 202), ("editor", 202)],
)  # fmt: skip
def test_who_may_refresh(fetched, users, actor, code):
    status, body = refresh(users.get(actor), fetched)
    assert status == code
    if code >= 400:
        assert body["detail"]
        assert not ImportItem.objects.filter(refresh=fetched).exists()


def test_refreshing_an_article_you_cannot_see_is_404(users):
    hidden = ArticleFactory(url="https://news.example/hidden")
    client = APIClient()
    client.force_authenticate(users["nobody"])
    assert client.post(f"/api/v1/articles/{hidden.pk}/refresh/").status_code in (
        403, 404,
    )  # fmt: skip
    assert client.post("/api/v1/articles/999999/refresh/").status_code in (403, 404)
    editor = APIClient()
    editor.force_authenticate(users["editor"])
    huge = "9" * 30  # past what the databases store
    assert editor.post(f"/api/v1/articles/{huge}/refresh/").status_code == 404
    assert editor.get(f"/api/v1/articles/{huge}/versions/").status_code == 404
    assert editor.get("/api/v1/articles/x%00/versions/").status_code == 404


def test_an_article_without_a_url_is_a_400_naming_the_field(users):
    pasted = ArticleFactory(url="")
    status, body = refresh(users["editor"], pasted)
    assert status == 400
    assert "no URL" in body["url"][0]


def test_a_page_that_is_gone_fails_the_item_and_keeps_the_article(
    fetched, server, users
):
    server.put("/story.html", "<html><body></body></html>")
    status, job = refresh(users["editor"], fetched)
    assert job["items"][0]["outcome"] == "failed"
    assert job["items"][0]["problem"]
    fetched.refresh_from_db()
    assert fetched.version == 1


def test_a_page_with_script_and_a_nul_byte_is_stored_as_text(fetched, server, users):
    hostile = FIRST + ["<script>alert(1)</script> Officials said 5 people died."]
    server.put("/story.html", page(hostile, title="<b>Pact</b>"))
    refresh(users["editor"], fetched)
    fetched.refresh_from_db()
    client_page = _browser(users["viewer"]).get(fetched.get_absolute_url()).text
    assert "<script>alert(1)</script>" not in client_page
    server.put("/story.html", page(FIRST[:2] + ["A NUL \x00 byte"]))
    status, job = refresh(users["editor"], fetched)
    assert job["items"][0]["outcome"] in ("failed", "refreshed")
    fetched.refresh_from_db()
    assert "\x00" not in fetched.body


def _browser(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_the_readers_button_refreshes_through_a_job(fetched, server, users):
    reader = _browser(users["reviewer"])
    page_html = reader.get(fetched.get_absolute_url()).text
    assert "Refresh from source" in page_html
    server.put("/story.html", page(SECOND))
    answer = reader.post(f"/articles/{fetched.pk}/refresh/")
    assert answer.status_code == 302
    job_page = reader.get(answer["Location"]).text
    assert "New version" in job_page and "Version 2:" in job_page
    reader_page = reader.get(fetched.get_absolute_url()).text
    assert "Orphaned claims" in reader_page and ">version 2</a>" in reader_page


@pytest.mark.parametrize("actor", ["viewer", "nobody"])
def test_the_button_is_not_offered_nor_obeyed_without_the_role(fetched, users, actor):
    client = _browser(users[actor])
    Claim.objects.filter(article=fetched).update(status=Claim.Status.PUBLISHED)
    assert "Refresh from source" not in client.get(fetched.get_absolute_url()).text
    answer = client.post(f"/articles/{fetched.pk}/refresh/")
    assert answer.status_code == 403
    assert "reviewers and editors" in answer.text
    assert not ImportItem.objects.filter(refresh=fetched).exists()


def test_the_button_refuses_a_get_and_an_anonymous_post(fetched, users):
    from django.test import Client

    assert (
        _browser(users["editor"]).get(f"/articles/{fetched.pk}/refresh/").status_code
        == 405
    )
    answer = Client().post(f"/articles/{fetched.pk}/refresh/")
    assert answer.status_code == 302 and "/login/" in answer["Location"]


def test_versions_are_listed_and_shown_with_an_escaped_diff(
    fetched, server, users, django_assert_num_queries
):
    # Markup as text in the page: the diff shows it, escaped.
    server.put(
        "/story.html",
        page(
            SECOND[:1] + FIRST + ["Officials wrote &lt;img src=x onerror=alert(1)&gt;."]
        ),
    )
    refresh(users["editor"], fetched)
    client = _browser(users["viewer"])
    client.get(f"/articles/{fetched.pk}/versions/")  # warm the session
    # Queries: session, the user with their role, the article, its earlier versions.
    with django_assert_num_queries(4):
        listing = client.get(f"/articles/{fetched.pk}/versions/")
    assert listing.status_code == 200
    assert f'href="/articles/{fetched.pk}/versions/1/"' in listing.text
    shown = client.get(f"/articles/{fetched.pk}/versions/1/")
    assert shown.status_code == 200
    assert "<ins>Correction: an earlier version" in shown.text
    assert "<img src=x" not in shown.text and "&lt;img" in shown.text
    assert client.get(f"/articles/{fetched.pk}/versions/9/").status_code == 404
    current = client.get(f"/articles/{fetched.pk}/versions/2/")
    assert current.status_code == 302
    assert current["Location"] == fetched.get_absolute_url()


def test_versions_of_an_article_you_cannot_see_are_404(fetched, users):
    client = _browser(users["nobody"])
    assert client.get(f"/articles/{fetched.pk}/versions/").status_code == 404


def test_the_command_refreshes_every_article_with_a_url(fetched, server):
    ArticleFactory(url="")  # pasted text: nothing to fetch
    server.put("/story.html", page(SECOND))
    out = io.StringIO()
    call_command("refresh_articles", stdout=out)
    assert f"#{fetched.pk} refreshed: Version 2:" in out.getvalue()
    call_command("refresh_articles", str(fetched.pk), stdout=out)
    assert f"#{fetched.pk} unchanged: The text is unchanged" in out.getvalue()


def test_the_command_names_what_it_cannot_do(fetched, server):
    with pytest.raises(CommandError, match="999"):
        call_command("refresh_articles", "999", stdout=io.StringIO())
    with pytest.raises(CommandError, match="No user named"):
        call_command("refresh_articles", "--user", "ghost", stdout=io.StringIO())
    server.put("/story.html", "<html><body></body></html>")
    with pytest.raises(CommandError, match="1 of 1 articles could not"):
        call_command("refresh_articles", stdout=io.StringIO())


@pytest.mark.parametrize("actor", ["viewer", "anonymous"])
def test_the_api_lists_earlier_versions(
    fetched, server, users, actor, django_assert_max_num_queries
):
    server.put("/story.html", page(SECOND))
    refresh(users["editor"], fetched)
    client = APIClient()
    if actor != "anonymous":
        client.force_authenticate(users[actor])
    else:  # anonymous callers see articles with published claims only
        fetched.claims.filter(pk=fetched.claims.first().pk).update(
            status=Claim.Status.PUBLISHED
        )
    # Queries: the article, its earlier versions (and for a signed-in
    # caller the user's groups).
    with django_assert_max_num_queries(3):
        answer = client.get(f"/api/v1/articles/{fetched.pk}/versions/")
    assert answer.status_code == 200
    [earlier] = answer.json()
    assert earlier["number"] == 1
    assert earlier["url"] == f"/articles/{fetched.pk}/versions/1/"
    assert "body" not in earlier
    assert client.get("/api/v1/articles/999999/versions/").status_code == 404
