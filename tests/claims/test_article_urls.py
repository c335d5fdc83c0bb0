"""One URL rule for an article's URL, whichever way the article comes in, and a
reader that never links anything else (issue 9, finding 4.1: stored XSS)."""

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.test import APIClient

from claims.models import Article
from claims.validators import is_web_url, validate_web_url
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

BODY = "Russia vetoed a UN resolution on March 28. More than 20 soldiers crossed."

BAD_URLS = [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "ftp://example.org/file",
    "file:///etc/passwd",
    "//example.org/no-scheme",
    "https://",
    "http:///path-without-host",
    "https://example.org/\x00nul",
    "https://example.org/\ud800surrogate",
    "https://example.org/line\nbreak",
    "https://example.org/" + "a" * 2000,
]
GOOD_URLS = [
    "https://news.example.com/2024/06/19/putin-kim?ref=1#top",
    "http://127.0.0.1:8000/a",
    "https://bücher.example/straße",
    "https://example.org/" + "a" * 1900,
]


@pytest.mark.parametrize("url", BAD_URLS)
def test_the_url_rule_refuses_anything_but_a_web_address(url):
    with pytest.raises(ValidationError):
        validate_web_url(url)
    assert not is_web_url(url)


@pytest.mark.parametrize("url", GOOD_URLS)
def test_the_url_rule_takes_http_and_https_addresses(url):
    validate_web_url(url)
    assert is_web_url(url)


def through_the_browser(url: str) -> str:
    client = _client()
    line = json.dumps({"title": "T", "body": BODY, "url": url})
    upload = SimpleUploadedFile("feed.jsonl", line.encode())
    response = client.post(reverse("claims:import"), {"files": [upload]})
    assert response.status_code == 422
    return response.text


def through_the_api(url: str) -> str:
    client = APIClient()
    client.force_authenticate(UserFactory(role="reviewer"))
    response = client.post(
        "/api/v1/articles/", {"body": BODY, "url": url}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["url"]
    return response.json()["url"][0]


def through_the_command(url: str, tmp_path) -> str:
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"body": BODY, "url": url}) + "\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), stdout=io.StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}:1: url: ")
    return lines[0]


def through_the_restore(url: str, tmp_path) -> str:
    record = {
        "type": "article", "id": 1, "title": "T", "byline": "", "publisher": "",
        "url": url, "published": None, "body": BODY, "language": "en",
        "created_at": "2024-01-01T00:00:00+00:00",
        "updated_at": "2024-01-01T00:00:00+00:00", "added_by": None,
    }  # fmt: skip
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore_claims", str(path), stdout=io.StringIO(), stderr=err)
    assert err.getvalue().startswith(f"error: {path}: line 1: url: ")
    return err.getvalue()


def through_the_admin(url: str) -> str:
    client = _client(UserFactory(is_staff=True, is_superuser=True))
    data = {
        "title": "T", "body": BODY, "url": url, "language": "en",
        "claims-TOTAL_FORMS": "0", "claims-INITIAL_FORMS": "0",
    }  # fmt: skip
    response = client.post(reverse("admin:claims_article_add"), data)
    assert response.status_code == 200  # the form again, with its errors
    assert response.context["adminform"].form.errors["url"]
    return "url: " + " ".join(response.context["adminform"].form.errors["url"])


def _client(user=None):
    from django.test import Client

    client = Client()
    client.force_login(user or UserFactory(role="reviewer"))
    return client


WAYS_IN = ["browser", "api", "command", "restore", "admin"]


@pytest.mark.parametrize("way", WAYS_IN)
@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.cookie)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "ftp://example.org/file",
        "https://example.org/\x00",
    ],
)
def test_every_way_in_refuses_a_url_that_is_not_http_or_https(way, url, tmp_path):
    message = {
        "browser": lambda: through_the_browser(url),
        "api": lambda: through_the_api(url),
        "command": lambda: through_the_command(url, tmp_path),
        "restore": lambda: through_the_restore(url, tmp_path),
        "admin": lambda: through_the_admin(url),
    }[way]()
    assert "url" in message.lower()
    assert not Article.objects.exists()


@pytest.mark.parametrize("way", ["browser", "command"])
def test_a_good_url_still_comes_in(way, tmp_path):
    url = "https://news.example.com/putin-kim"
    line = json.dumps({"body": BODY, "url": url})
    if way == "browser":
        upload = SimpleUploadedFile("feed.jsonl", line.encode())
        response = _client().post(reverse("claims:import"), {"files": [upload]})
        assert response.status_code == 302  # to the import job's page
    else:
        (tmp_path / "feed.jsonl").write_text(line, encoding="utf-8")
        call_command(
            "import_articles", str(tmp_path / "feed.jsonl"), stdout=io.StringIO()
        )
    assert Article.objects.get().url == url


@pytest.mark.parametrize(
    "stored",
    [
        "javascript:alert(document.cookie)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
    ],
)
def test_the_reader_never_links_a_url_that_is_not_http_or_https(client, stored):
    # A row stored before the rule (or around it) is shown without a link.
    article = ArticleFactory(url=stored)
    client.force_login(UserFactory(role="viewer"))
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert ">original</a>" not in response.text
    assert "javascript:" not in response.text and "data:text" not in response.text


def test_the_reader_links_an_http_url(client):
    article = ArticleFactory(url="https://news.example.com/a?b=1&c=2")
    client.force_login(UserFactory(role="viewer"))
    response = client.get(article.get_absolute_url())
    assert (
        '<a href="https://news.example.com/a?b=1&amp;c=2" rel="noopener noreferrer">'
        "original</a>" in response.text
    )
