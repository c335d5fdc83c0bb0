"""Articles from the web: a URL fetched safely, the article extracted, the
page kept as the article's snapshot."""

from django.conf import settings

from claims.ingest import ArticleRecord, ImportProblem
from claims.intake.extract import extract_article
from claims.intake.fetch import FetchError, Limits, fetch


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
