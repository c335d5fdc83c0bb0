"""Articles from the web: a URL fetched safely, the article extracted, the
page kept as the article's snapshot."""

from django.conf import settings

from claims.intake.extract import extract_article, page_source
from claims.intake.fetch import FetchError, Limits, fetch
from claims.records import ArticleRecord, ImportProblem


def fetch_limits() -> Limits:
    return Limits(
        allow_private=settings.CLAIMDESK_FETCH_ALLOW_PRIVATE,
        max_bytes=settings.CLAIMDESK_FETCH_MAX_BYTES,
    )


def record_from_url(url: str) -> ArticleRecord:
    """The article at `url` as an import record, or ImportProblem saying why
    not. The article's URL is the page's canonical one where it names one."""
    try:
        page = fetch(url, fetch_limits())
    except FetchError as exc:
        raise ImportProblem(str(exc)) from None
    article = extract_article(page.html, page.url)
    if article is None:
        raise ImportProblem(f"{url[:200]}: no article text found on the page.")
    return ArticleRecord(
        body=article.body,
        title=article.title,
        url=article.url,
        publisher=article.publisher,
        byline=article.byline[:300],
        published=article.published,
        snapshot=page,
    )


def source_from_url(url: str) -> tuple[str, str]:
    """(title, publisher) of the page at `url` for a piece of evidence, or
    ("", "") when it cannot be fetched: a source may be offline, private or a
    PDF, and the person types them instead. Quicker limits than an article's:
    someone is waiting with the form open."""
    limits = fetch_limits()
    quick = Limits(
        allow_private=limits.allow_private,
        max_bytes=min(limits.max_bytes, 2_000_000),
        connect_timeout=3.0,
        read_timeout=3.0,
        deadline=5.0,
    )
    try:
        page = fetch(url, quick)
    except FetchError:
        return "", ""
    return page_source(page.html, page.url)
