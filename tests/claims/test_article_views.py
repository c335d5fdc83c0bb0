"""The article list and the import form, as every role."""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import Article
from tests.factories import ArticleFactory, ClaimFactory
from tests.pages import article_with_claims, queries_for

LIST = reverse("claims:article_list")
IMPORT = reverse("claims:import")
BODY = "Russia vetoed a UN resolution on March 28. More than 20 soldiers crossed the border."


def upload(name: str, data: bytes | str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data.encode() if isinstance(data, str) else data)


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    assert client.get(LIST).status_code == 302
    assert client.post(IMPORT, {"text": BODY}).status_code == 302
    assert not Article.objects.exists()


@pytest.mark.parametrize("role", ["viewer", "reviewer", "other_reviewer", "editor"])
def test_members_see_articles_with_progress(client, users, role):
    article = ArticleFactory()
    ClaimFactory(article=article, status="published")
    client.force_login(users[role])
    response = client.get(LIST)
    assert response.status_code == 200 and article.title in response.text
    assert 'class="progress"' in response.text and "1 published" in response.text
    assert ("Import article" in response.text) == (role != "viewer")


def test_search_filter_and_empty_states(client, users, db):
    ArticleFactory(title="Summit in Pyongyang", publisher="TIME")
    ArticleFactory(title="Budget news", publisher="Other")
    client.force_login(users["viewer"])
    assert [a.title for a in client.get(LIST, {"q": "summit"}).context["page"]] == [
        "Summit in Pyongyang"
    ]
    assert len(client.get(LIST, {"publisher": "time"}).context["page"]) == 1
    assert "No article matches" in client.get(LIST, {"q": "zzz"}).text


def test_the_list_costs_the_same_queries_for_few_and_many_articles(client, users):
    client.force_login(users["viewer"])
    counts = []
    for n in (2, 25):
        for _ in range(n):
            article_with_claims(3)
        counts.append(queries_for(client, LIST))
    # session, the user with their role, count for the pager (capped at 1,001
    # rows), the page of articles, their claims counted by status
    assert counts == [5, 5]


def test_viewers_cannot_import(client, users):
    client.force_login(users["viewer"])
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, {"text": BODY}).status_code == 403
    assert not Article.objects.exists()


def test_pasting_an_article_imports_it_with_claims(client, users):
    client.force_login(users["reviewer"])
    response = client.post(IMPORT, {"title": "The veto", "text": BODY}, follow=True)
    article = Article.objects.get()
    # The import is a job: its page shows the article and its claims.
    assert response.redirect_chain[0][0].startswith("/articles/imports/")
    assert "Imported" in response.text and "Done: 1 of 1" in response.text
    assert f"{article.claims.count()} claims found" in response.text
    assert article.title == "The veto" and article.added_by == users["reviewer"]
    assert article.claims.filter(kind="quantity").exists()
    again = client.post(IMPORT, {"text": BODY}, follow=True)
    assert "Already imported as" in again.text and Article.objects.count() == 1


def test_uploading_files(client, users):
    client.force_login(users["editor"])
    records = [{"title": f"Story {i}", "body": f"{BODY} ({i})"} for i in range(3)]
    jsonl = "\n".join(json.dumps(r) for r in records)
    files = [upload("feed.jsonl", jsonl), upload("one.txt", f"{BODY} Text file.")]
    response = client.post(IMPORT, {"files": files}, follow=True)
    assert "Done: 4 of 4" in response.text
    assert Article.objects.count() == 4


@pytest.mark.parametrize(
    ("data", "message"),
    [({}, "paste its text"),
     ({"text": "   "}, "paste its text"),
     ({"files": [upload("a.txt", b"")]}, "The submitted file is empty"),
     ({"files": [upload("a.txt", b"  \n")]}, "a.txt: the file is empty"),
     ({"files": [upload("a.txt", b"\xff\xfe bad")]}, "a.txt: not UTF-8 text"),
     ({"files": [upload("a.json", "{nope")]}, "a.json: malformed JSON"),
     ({"files": [upload("a.pdf", "%PDF")]}, "a.pdf: not a .txt, .json or .jsonl file"),
     ({"text": BODY, "files": [upload("a.txt", BODY)]}, "Upload files on their own"),
     ({"url": "https://x.org/", "files": [upload("a.txt", BODY)]}, "on their own"),
     ({"text": BODY, "published": "yesterday"}, "Enter a valid date"),
     ({"text": BODY, "byline": "b" * 301}, "at most 300 characters")],
)  # fmt: skip
def test_bad_imports_say_why_and_save_nothing(client, users, data, message):
    client.force_login(users["reviewer"])
    response = client.post(IMPORT, data)
    assert response.status_code == 422 and message in response.text
    assert not Article.objects.exists()


def test_an_oversized_article_is_refused(client, users, settings):
    settings.CLAIMDESK_MAX_ARTICLE_BYTES = 50
    client.force_login(users["reviewer"])
    response = client.post(IMPORT, {"text": BODY})
    assert response.status_code == 422 and "the limit is 50" in response.text
    big = client.post(IMPORT, {"files": [upload("big.txt", BODY)]})
    assert big.status_code == 422 and "over the limit of 50" in big.text
    assert not Article.objects.exists()


def test_a_bad_line_among_good_ones_names_its_line_and_the_rest_imports(client, users):
    client.force_login(users["reviewer"])
    lines = [
        json.dumps({"body": f"{BODY} A."}),
        "{broken",
        json.dumps({"body": f"{BODY} B."}),
    ]
    response = client.post(
        IMPORT, {"files": [upload("feed.jsonl", "\n".join(lines))]}, follow=True
    )
    # The job's page names the bad line beside the two imported.
    assert "feed.jsonl:2: malformed JSON" in response.text
    assert "Done: 3 of 3" in response.text and response.text.count("Imported") == 2
    assert Article.objects.count() == 2


def test_html_in_titles_is_escaped(client, users, db):
    ArticleFactory(title="<script>window.pwned=1</script>")
    client.force_login(users["viewer"])
    response = client.get(LIST)
    assert (
        "<script>window.pwned" not in response.text
        and "&lt;script&gt;" in response.text
    )


@pytest.mark.parametrize("url", ["/articles/", "/", "/articles/?open_work=on"])
def test_someone_without_a_role_sees_published_counts_only(client, users, url):
    """As in the API: no role, published work only; the counts say nothing
    of claims they may not see."""
    article = ArticleFactory(title="Half checked")
    ClaimFactory(article=article, status="published")
    for start, status in enumerate(("new", "in_review", "submitted"), 1):
        ClaimFactory(article=article, status=status, start=start, kind="event")
    client.force_login(users["nobody"])
    page = client.get(url).text
    bars = re.findall(r'class="progress" role="img" aria-label="([^"]*)"', page)
    if "open_work" in url:
        assert "Half checked" not in page and bars == []
    else:
        assert "Half checked" in page and [b.strip() for b in bars] == ["1 published"]


# --- hostile input and the size limits (issue 9, findings 4.3 and 4.4) -------


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([upload("nul.jsonl", json.dumps({"body": BODY + "\x00"}))], "a NUL byte"),
        ([upload("s.json", '{"body": "A \\ud800 B."}')], "a lone surrogate"),
        ([upload("s.json", '{"body": "A.", "byline": "\\ud800"}')], "byline: Contains"),
        ([upload("deep.json", "[" * 100_000)], "deep.json: malformed JSON (nested"),
        ([upload("deep.jsonl", '{"body": ' + "[" * 100_000)], "deep.jsonl:1: malformed JSON (nested"),
        ([upload("n.json", '{"body": "A.", "title": 1' + "0" * 5000 + "}")],
         "n.json: malformed JSON"),
        ([upload("u.json", json.dumps({"body": BODY, "url": "data:text/html,x"}))],
         "u.json: url: Enter an http:// or https:// URL."),
        ([upload("t.json", json.dumps({"body": BODY, "title": "T" * 501}))],
         "t.json: title: Longer than 500 characters."),
    ],
)  # fmt: skip
def test_hostile_uploads_are_refused_with_a_message(client, users, files, message):
    client.force_login(users["reviewer"])
    response = client.post(IMPORT, {"files": files})
    assert response.status_code == 422 and message in response.text
    assert not Article.objects.exists()


def test_a_nul_byte_in_pasted_text_is_refused_next_to_the_field(client, users):
    client.force_login(users["reviewer"])
    response = client.post(IMPORT, {"text": BODY + "\x00"})
    assert response.status_code == 422
    assert response.context["form"].errors["text"]
    assert not Article.objects.exists()


def test_script_in_uploaded_fields_is_shown_as_text(client, users):
    client.force_login(users["reviewer"])
    record = {"title": "<script>window.pwned=1</script>", "body": BODY,
              "byline": "<img src=x onerror=alert(1)>", "publisher": "<b>P</b>"}  # fmt: skip
    response = client.post(
        IMPORT, {"files": [upload("x.json", json.dumps(record))]}, follow=True
    )
    assert response.status_code == 200 and "Imported" in response.text
    article = Article.objects.get()
    reader = client.get(article.get_absolute_url()).text
    for page in (response.text, reader):
        assert "<script>window.pwned" not in page and "<img src=x" not in page
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in reader
    assert "&lt;img src=x onerror=alert(1)&gt;" in reader


def test_text_over_the_request_limit_points_to_the_command(client, users, settings):
    settings.CLAIMDESK_MAX_REQUEST_ARTICLE_BYTES = 60
    client.force_login(users["reviewer"])
    response = client.post(IMPORT, {"text": BODY})
    assert response.status_code == 422
    [error] = response.context["form"].errors["text"]  # next to the field
    assert f"The article is {len(BODY)} bytes; here the limit is 60" in error
    assert "python manage.py import_articles" in error
    assert not Article.objects.exists()


def test_uploads_over_the_request_limit_import_nothing(client, users, settings):
    settings.CLAIMDESK_MAX_REQUEST_ARTICLE_BYTES = 200
    client.force_login(users["reviewer"])
    lines = "\n".join(json.dumps({"body": f"{BODY} {i}."}) for i in range(3))
    response = client.post(IMPORT, {"files": [upload("feed.jsonl", lines)]})
    # Each article fits; together they would take too long.
    assert response.status_code == 422
    assert f"Together these articles are {3 * (len(BODY) + 3)} bytes" in response.text
    assert "import_articles" in response.text
    too_big = json.dumps({"body": BODY * 3})
    response = client.post(IMPORT, {"files": [upload("big.json", too_big)]})
    assert f"big.json: The article is {len(BODY) * 3} bytes; here the limit is 200" in (
        response.text
    )
    assert not Article.objects.exists()


def test_a_json_upload_over_the_article_limit_is_not_read(client, users, settings):
    settings.CLAIMDESK_MAX_ARTICLE_BYTES = 1000
    client.force_login(users["reviewer"])
    feed = "\n".join(json.dumps({"body": f"{BODY} {i}."}) for i in range(20))
    response = client.post(IMPORT, {"files": [upload("feed.jsonl", feed)]})
    assert response.status_code == 422
    assert (
        f"feed.jsonl: {len(feed):,} bytes is over the limit of 1,000" in response.text
    )
    assert not Article.objects.exists()


def test_the_page_states_the_limits(client, users):
    client.force_login(users["reviewer"])
    text = client.get(IMPORT).text
    assert "up to 50,000 bytes of text" in text and "up to 1,000,000 bytes" in text


def test_an_oversized_upload_is_never_kept_whole(rf, settings):
    from claims.uploads import ArticleUploadLimit

    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # Django's temporary files too
    big = b"x" * 300_000  # several of the parser's 64 KiB chunks
    request = rf.post(
        IMPORT, {"files": [upload("big.txt", big), upload("a.txt", BODY)]}
    )
    request.upload_handlers.insert(0, ArticleUploadLimit(request, 1000))
    kept, small = request.FILES.getlist("files")
    assert (kept.name, kept.size, kept.read()) == ("big.txt", 300_000, b"")
    assert small.read() == BODY.encode()


def test_the_import_page_still_checks_the_csrf_token(users):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["reviewer"])
    assert client.post(IMPORT, {"text": BODY}).status_code == 403
    token = client.get(IMPORT).context["csrf_token"]
    response = client.post(IMPORT, {"text": BODY, "csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302 and Article.objects.count() == 1
