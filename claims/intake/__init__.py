"""Articles from the web: a URL fetched safely, the article extracted, the
page kept as the article's snapshot."""

from django.conf import settings
from django.contrib.auth.models import User

from claims.ingest import ArticleRecord, ImportProblem, ingest_article
from claims.intake.extract import extract_article
from claims.intake.fetch import FetchError, Limits, fetch
from claims.models import Article


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


def import_url(
    url: str, *, user: User | None, max_size: int | None = None
) -> tuple[Article, bool]:
    """Fetch `url` and save its article with its claims and the page's
    snapshot; (article, created). ImportProblem if it cannot be taken in."""
    record = record_from_url(url)
    return ingest_article(
        body=record.body,
        title=record.title,
        url=record.url,
        publisher=record.publisher,
        byline=record.byline,
        published=record.published,
        snapshot=record.snapshot,
        user=user,
        max_size=max_size,
    )
