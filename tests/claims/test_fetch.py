"""Fetching against a real HTTP server on 127.0.0.1 (tests/webserver.py)."""

import pytest

from claims.intake.extract import extract_article
from claims.intake.fetch import FetchError, Limits, address_refusal, fetch
from tests.webserver import PageServer

OPEN = Limits(allow_private=True, read_timeout=1.0, max_bytes=1_000_000)


@pytest.fixture(scope="module")
def server():
    with PageServer() as running:
        yield running


def test_a_news_page_is_fetched_and_its_article_extracted(server):
    page = fetch(server.url("/news.html"), OPEN)
    article = extract_article(page.html, page.url)
    assert article.title == "Putin and Kim sign a mutual defence pact"
    assert article.byline == "Jane Reporter"
    assert article.publisher == "The Daily Example"
    assert article.published.isoformat() == "2024-06-19"
    assert article.url == "https://daily.example/world/2024/06/19/putin-kim-pact"
    assert "11,000 containers of munitions" in article.body
    for furniture in ("cookies", "Subscribe", "Related stories", "morning briefing",
                      "TrollUser99", "All rights reserved"):  # fmt: skip
        assert furniture not in article.body, furniture


def test_redirects_are_followed_and_each_hop_checked(server):
    assert fetch(server.url("/redirect"), OPEN).url.endswith("/news.html")
    with pytest.raises(FetchError, match="redirects"):
        fetch(server.url("/loop"), OPEN)
    with pytest.raises(FetchError, match="link-local"):
        fetch(server.url("/to-metadata"), OPEN)
    with pytest.raises(FetchError, match="not a web address"):
        fetch(server.url("/to-javascript"), OPEN)


def test_loopback_is_refused_unless_private_addresses_are_allowed(server):
    with pytest.raises(FetchError, match="private or local address"):
        fetch(server.url("/news.html"), Limits())
    # The name is resolved at connect time: "localhost" is no way round it.
    with pytest.raises(FetchError, match="private or local address"):
        fetch(server.url("/news.html").replace("127.0.0.1", "localhost"), Limits())


@pytest.mark.parametrize(
    ("path", "message"),
    [("/report.pdf", "not a web page"), ("/gone", "answered 410"),
     ("/huge.html", "larger than 1,000,000 bytes"), ("/slow.html", "took too long")],
)  # fmt: skip
def test_what_is_not_an_article_page_says_why(server, path, message):
    with pytest.raises(FetchError, match=message):
        fetch(server.url(path), OPEN)


@pytest.mark.parametrize(
    ("path", "words"),
    [("/latin1.html", "président a dit que la coopération économique"),
     ("/cyrillic.html", "Министерство сообщило")],
)  # fmt: skip
def test_the_declared_charset_is_honoured(server, path, words):
    page = fetch(server.url(path), OPEN)
    assert words in extract_article(page.html, page.url).body


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html,<script>", "file:///etc/passwd",
     "ftp://example.org/x", "http://", "http://exa mple.org/"],
)  # fmt: skip
def test_urls_that_are_not_web_addresses_are_refused_before_any_connection(url):
    with pytest.raises(FetchError):
        fetch(url, OPEN)


@pytest.mark.parametrize(
    ("ip", "private_allowed", "refused"),
    [("8.8.8.8", False, False), ("127.0.0.1", False, True), ("127.0.0.1", True, False),
     ("10.1.2.3", False, True), ("10.1.2.3", True, False), ("100.64.0.1", False, True),
     ("169.254.169.254", True, True), ("fe80::1", True, True),
     ("::ffff:169.254.169.254", True, True), ("::1", True, False),
     ("0.0.0.0", True, True), ("224.0.0.1", True, True)],
)  # fmt: skip
def test_which_addresses_may_be_fetched(ip, private_allowed, refused):
    assert (address_refusal(ip, allow_private=private_allowed) is not None) == refused


def test_a_page_with_no_article_text_extracts_to_nothing(server):
    page = fetch(server.url("/empty.html"), OPEN)
    assert extract_article(page.html, page.url) is None
