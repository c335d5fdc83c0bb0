"""The article in a fetched page, by trafilatura: the body without
navigation, cookie banners, related links, newsletter boxes, comments or
footers; the title, byline, site name (as publisher), publication date and
canonical URL."""

import datetime
from dataclasses import dataclass

import trafilatura

from claims.validators import is_web_url


@dataclass(frozen=True)
class Extracted:
    body: str
    title: str
    byline: str
    publisher: str
    published: datetime.date | None
    url: str  # canonical if the page names one, else the URL fetched


def extract_article(html: str, url: str) -> Extracted | None:
    """None when the page holds no article text."""
    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_precision=True,
    )
    if document is None or not (document.text or "").strip():
        return None
    canonical = document.url or ""
    return Extracted(
        body=document.text.strip(),
        title=(document.title or "").strip(),
        byline=(document.author or "").strip(),
        publisher=(document.sitename or "").strip(),
        published=_date(document.date),
        url=canonical if is_web_url(canonical) else url,
    )


def page_source(html: str, url: str) -> tuple[str, str]:
    """(title, site name) of any page, an article or not: what evidence cites."""
    meta = trafilatura.extract_metadata(html, default_url=url)
    if meta is None:
        return "", ""
    return (meta.title or "").strip(), (meta.sitename or "").strip()


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
