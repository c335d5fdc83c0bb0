"""Articles from a URL, every way in: the import page, the API and
`import_articles`, against a real HTTP server on 127.0.0.1."""

import io

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from claims.models import Article
from tests.webserver import PageServer

pytestmark = pytest.mark.django_db
TITLE = "Putin and Kim sign a mutual defence pact"


@pytest.fixture(scope="module")
def server():
    with PageServer() as running:
        yield running


@pytest.fixture
def open_fetch(settings):
    """Loopback is a private address: allowed here as for an intranet."""
    settings.CLAIMDESK_FETCH_ALLOW_PRIVATE = True


def test_the_import_page_takes_a_url(client, users, server, open_fetch):
    client.force_login(users["reviewer"])
    response = client.post("/articles/import/", {"url": server.url("/news.html")})
    assert response.status_code == 302  # to the job's page: fetched in the background
    job_page = client.get(response["Location"])
    article = Article.objects.get()
    assert "Done: 1 of 1" in job_page.text
    assert f'href="{article.get_absolute_url()}"' in job_page.text
    assert f"{article.claims.count()} claims found" in job_page.text
    assert (article.title, article.byline, article.publisher) == (
        TITLE, "Jane Reporter", "The Daily Example",
    )  # fmt: skip
    assert article.published.isoformat() == "2024-06-19"
    assert article.url.startswith("https://daily.example/")  # canonical
    assert article.claims.filter(text__contains="11,000 containers").exists()
    assert b"TrollUser99" in article.snapshots.get().raw  # the page as fetched
    assert article.added_by == users["reviewer"]


def test_pasted_text_carries_its_metadata(client, users):
    client.force_login(users["reviewer"])
    body = "Officials said exports rose by 12 percent in 2023, the ministry reported."
    response = client.post(
        "/articles/import/",
        {"text": body, "title": "Exports", "url": "https://news.example/x",
         "publisher": "News", "byline": "A. Writer", "published": "2024-05-01"},
    )  # fmt: skip
    assert response.status_code == 302  # to the import job's page
    article = Article.objects.get()
    assert (article.url, article.publisher, article.byline) == (
        "https://news.example/x", "News", "A. Writer",
    )  # fmt: skip
    assert article.published.isoformat() == "2024-05-01"
    assert not article.snapshots.exists()


@pytest.mark.parametrize(
    ("path", "message"),
    [("/report.pdf", "not a web page"), ("/empty.html", "no article text"),
     ("/to-metadata", "link-local"), ("/gone", "answered 410")],
)  # fmt: skip
def test_a_url_that_gives_no_article_says_why(
    client, users, server, open_fetch, path, message
):
    client.force_login(users["reviewer"])
    response = client.post("/articles/import/", {"url": server.url(path)}, follow=True)
    assert response.status_code == 200 and message in response.text
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,x", "ftp://x.org/"]
)
def test_the_import_page_refuses_urls_that_are_not_web_addresses(client, users, url):
    client.force_login(users["reviewer"])
    response = client.post("/articles/import/", {"url": url})
    assert response.status_code == 422 and "http:// or https://" in response.text
    assert not Article.objects.exists()


def test_private_addresses_are_refused_by_default(client, users, server):
    client.force_login(users["reviewer"])
    response = client.post(
        "/articles/import/", {"url": server.url("/news.html")}, follow=True
    )
    assert "private or local address" in response.text
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "body"), ({"url": "javascript:alert(1)"}, "url"),
     ({"url": "http://x.org/", "body": "\x00"}, "body")],
)  # fmt: skip
def test_the_api_says_what_is_wrong_with_a_url(users, open_fetch, body, field):
    api = APIClient()
    api.force_authenticate(users["reviewer"])
    answer = api.post("/api/v1/articles/", body, format="json")
    assert answer.status_code == 400 and field in answer.json()


def test_the_command_imports_urls_and_files_of_urls(server, open_fetch, tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text(
        f"# the desk's list\n{server.url('/news.html')}\n\nnot a url\n"
        f"{server.url('/report.pdf')}\n",
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_articles", server.url("/latin1.html"), "--urls", str(listing),
            "--no-progress", stdout=out, stderr=err,
        )  # fmt: skip
    assert "2 imported, 0 already present, 2 failed." in out.getvalue()
    assert f"error: {listing}:4: not an http(s) URL" in err.getvalue()
    assert "not a web page" in err.getvalue()
    assert Article.objects.count() == 2


def test_members_read_the_snapshot_and_it_cannot_run_script(
    client, users, server, open_fetch
):
    client.force_login(users["reviewer"])
    client.post("/articles/import/", {"url": server.url("/news.html")})
    article = Article.objects.get()
    url = f"/articles/{article.pk}/snapshot/"
    for role, status in (("viewer", 200), ("nobody", 404)):
        client.force_login(users[role])
        assert client.get(url).status_code == status
    client.force_login(users["viewer"])
    page = client.get(url)
    assert b"Related stories" in page.content
    assert page["Content-Security-Policy"].startswith("sandbox;")
    assert "script-src" not in page["Content-Security-Policy"]


# --- jobs ------------------------------------------------------------------


def test_an_api_url_import_is_a_job_to_poll(users, server, open_fetch):
    api = APIClient()
    api.force_authenticate(users["reviewer"])
    answer = api.post(
        "/api/v1/articles/", {"url": server.url("/news.html")}, format="json"
    )
    assert answer.status_code == 202, answer.content
    assert answer["Location"].endswith(f"/api/v1/imports/{answer.json()['id']}/")
    job = api.get(answer["Location"]).json()
    assert (job["status"], job["total"], job["finished"]) == ("done", 1, 1)
    [item] = job["items"]
    assert item["outcome"] == "imported" and item["claims"] > 0
    assert Article.objects.get(pk=item["article"]).title == TITLE
    again = api.post(
        "/api/v1/articles/", {"url": server.url("/redirect")}, format="json"
    )
    assert api.get(again["Location"]).json()["items"][0]["outcome"] == "existing"


def test_a_metadata_address_is_never_fetched_by_the_api(users, open_fetch):
    api = APIClient()
    api.force_authenticate(users["reviewer"])
    url = "http://169.254.169.254/latest/meta-data/"
    answer = api.post("/api/v1/articles/", {"url": url}, format="json")
    [item] = api.get(answer["Location"]).json()["items"]
    assert item["outcome"] == "failed" and "link-local" in item["problem"]


def test_prefer_respond_async_makes_any_import_a_job(users):
    api = APIClient()
    api.force_authenticate(users["reviewer"])
    answer = api.post(
        "/api/v1/articles/",
        {"body": "Officials said 20 soldiers crossed the border on Tuesday."},
        format="json",
        HTTP_PREFER="respond-async, wait=5",
    )
    assert answer.status_code == 202
    assert answer["Preference-Applied"] == "respond-async"
    assert answer.json()["items"][0]["outcome"] == "imported"


def test_a_job_says_what_failed_and_why(users, server, open_fetch):
    api = APIClient()
    api.force_authenticate(users["reviewer"])
    answer = api.post("/api/v1/articles/", {"url": server.url("/gone")}, format="json")
    job = api.get(answer["Location"]).json()
    assert job["status"] == "done" and job["articles"] == []
    assert job["items"][0]["outcome"] == "failed"
    assert "answered 410" in job["items"][0]["problem"]
    assert not Article.objects.exists()


def test_jobs_are_their_owners_and_editors_to_see(users):
    from claims.intake.jobs import create_job

    job = create_job(user=users["reviewer"], items=[])
    url = f"/api/v1/imports/{job.pk}/"
    for role, status in (("reviewer", 200), ("editor", 200), ("other_reviewer", 404),
                         ("viewer", 404)):  # fmt: skip
        api = APIClient()
        api.force_authenticate(users[role])
        assert api.get(url).status_code == status, role
    assert APIClient().get(url).status_code in (401, 403)


def test_a_job_whose_worker_stopped_says_so(users):
    import datetime

    from django.utils import timezone

    from claims.models import ImportItem, ImportJob

    job = ImportJob.objects.create(created_by=users["reviewer"], total=3, finished=1,
                                   status="running")  # fmt: skip
    ImportItem.objects.create(job=job, position=0, source="x", outcome="imported")
    stale = timezone.now() - datetime.timedelta(hours=1)
    ImportJob.objects.filter(pk=job.pk).update(updated_at=stale)
    api = APIClient()
    api.force_authenticate(users["reviewer"])
    body = api.get(f"/api/v1/imports/{job.pk}/").json()
    assert body["status"] == "interrupted"
    assert "1 of 3 items were finished" in body["note"]


def test_a_running_job_page_polls_and_a_finished_one_stops(client, users):
    from claims.models import ImportJob

    job = ImportJob.objects.create(created_by=users["reviewer"], total=4, finished=1,
                                   status="running")  # fmt: skip
    client.force_login(users["reviewer"])
    url = f"/articles/imports/{job.pk}/"
    running = client.get(url, headers={"HX-Request": "true"})
    assert running.text.lstrip().startswith('<section id="job"')
    assert 'hx-trigger="every 1s"' in running.text
    assert 'value="1"' in running.text and 'max="4"' in running.text
    ImportJob.objects.filter(pk=job.pk).update(status="done", finished=4)
    done = client.get(url, headers={"HX-Request": "true"})
    assert "hx-trigger" not in done.text and "Done: 4 of 4" in done.text


def test_someone_elses_job_page_is_not_found(client, users):
    from claims.intake.jobs import create_job

    job = create_job(user=users["reviewer"], items=[])
    for role, status in (("other_reviewer", 404), ("editor", 200), ("reviewer", 200)):
        client.force_login(users[role])
        assert client.get(f"/articles/imports/{job.pk}/").status_code == status


def test_the_reader_links_the_snapshot_for_members(client, users, server, open_fetch):
    client.force_login(users["reviewer"])
    client.post("/articles/import/", {"url": server.url("/news.html")})
    article = Article.objects.get()
    page = client.get(article.get_absolute_url()).text
    assert f'href="/articles/{article.pk}/snapshot/"' in page
