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
    # session, user, groups (role), count for the pager, the page with counts
    assert counts == [5, 5]


def test_viewers_cannot_import(client, users):
    client.force_login(users["viewer"])
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, {"text": BODY}).status_code == 403
    assert not Article.objects.exists()


def test_pasting_an_article_imports_it_with_claims(client, users):
    client.force_login(users["reviewer"])
    response = client.post(IMPORT, {"title": "The veto", "text": BODY})
    article = Article.objects.get()
    assert response.status_code == 200 and "imported" in response.text
    assert article.title == "The veto" and article.added_by == users["reviewer"]
    assert article.claims.filter(kind="quantity").exists()
    again = client.post(IMPORT, {"text": BODY})
    assert "already imported" in again.text and Article.objects.count() == 1


def test_uploading_files(client, users):
    client.force_login(users["editor"])
    records = [{"title": f"Story {i}", "body": f"{BODY} ({i})"} for i in range(3)]
    jsonl = "\n".join(json.dumps(r) for r in records)
    files = [upload("feed.jsonl", jsonl), upload("one.txt", f"{BODY} Text file.")]
    response = client.post(IMPORT, {"files": files})
    assert response.status_code == 200
    assert Article.objects.count() == 4


@pytest.mark.parametrize(
    ("data", "message"),
    [({}, "Paste the article"),
     ({"text": "   "}, "Paste the article"),
     ({"files": [upload("a.txt", b"")]}, "The submitted file is empty"),
     ({"files": [upload("a.txt", b"  \n")]}, "a.txt: the file is empty"),
     ({"files": [upload("a.txt", b"\xff\xfe bad")]}, "a.txt: not UTF-8 text"),
     ({"files": [upload("a.json", "{nope")]}, "a.json: malformed JSON"),
     ({"files": [upload("a.pdf", "%PDF")]}, "a.pdf: not a .txt, .json or .jsonl file"),
     ({"text": BODY, "files": [upload("a.txt", BODY)]}, "not both")],
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
    response = client.post(IMPORT, {"files": [upload("feed.jsonl", "\n".join(lines))]})
    assert (
        response.status_code == 422 and "feed.jsonl:2: malformed JSON" in response.text
    )
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
