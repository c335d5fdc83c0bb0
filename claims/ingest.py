"""Articles in: extract claims, save them in one transaction (what comes in
is read and checked first by claims/records.py).

The import command, the browser's import form and the API all come here.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from spacy.language import Language

from claims import changes, tracking
from claims.extraction import (
    EXTRACTOR_VERSION,
    ClaimCandidate,
    analyse_span,
    extract_claims,
    load_nlp,
)
from claims.extraction.furniture import is_furniture
from claims.models import Article, ArticleSnapshot, Claim, body_sha256
from claims.records import ArticleRecord, validate_article

if TYPE_CHECKING:  # claims.intake imports this module
    from claims.intake.fetch import Page


def nlp() -> Language:
    """The configured spaCy pipeline (CLAIMDESK_SPACY_MODEL, else the default)."""
    return load_nlp(settings.CLAIMDESK_SPACY_MODEL or None)


def analysed_span(body: str, start: int, end: int) -> dict:
    """`editing.create_claim`'s fields for a span marked by hand, as the
    extractor would have found them: kind, score, speaker, quotation,
    quantity and sentence."""
    c = analyse_span(body, start, end, nlp=nlp())
    q = c.quantity
    return {
        "kind": c.kind,
        "score": c.score,
        "speaker": (c.speaker or "")[:200],
        "quoted": c.quoted,
        "quantity": {
            "value": q.value,
            "low": q.low,
            "high": q.high,
            "unit": q.unit[:100],
            "subject": q.subject[:200],
            "qualifier": q.qualifier[:50],
        }
        if q
        else None,  # fmt: skip
        "sentence": (c.sentence_start, c.sentence_end),
        "confidence": (c.kind_confidence, c.speaker_confidence),
    }


def derive_title(body: str) -> str:
    """A headline-like line if the text has one, else its first sentence."""
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    for line in lines[:6]:
        if (
            is_furniture(line)
            and len(line.split()) >= 4
            and not line.startswith(("•", "["))
        ):
            return line[:500]
    first = next(
        (line for line in lines if not is_furniture(line)), lines[0] if lines else ""
    )
    sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
    if len(sentence) <= 120:
        return sentence
    return sentence[:117].rsplit(" ", 1)[0] + "…"


def existing_article(body: str) -> Article | None:
    return Article.objects.filter(sha256=body_sha256(body)).first()


def ingest_article(
    *,
    body: str,
    title: str = "",
    url: str = "",
    publisher: str = "",
    byline: str = "",
    published: datetime.date | None = None,
    user: User | None = None,
    candidates: list[ClaimCandidate] | None = None,
    embeddings: list[bytes] | None = None,
    max_size: int | None = None,
    snapshot: "Page | None" = None,
) -> tuple[Article, bool]:
    """Save an article and its claims; (article, created).

    The same body again gives back the existing article. Claims are extracted
    before the transaction opens, so the database is locked only to write.
    `candidates` found ahead may come with their `embeddings`
    (tracking.embedded). A body over `max_size` bytes (max_bytes() at most)
    is refused.
    """
    validate_article(
        body=body,
        title=title,
        url=url,
        publisher=publisher,
        byline=byline,
        max_size=max_size,
    )
    if (found := existing_article(body)) is not None:
        return found, False
    if candidates is None:
        candidates, embeddings = extract_claims(body, nlp=nlp()), None
    # Embedded with the extraction, before the transaction opens, as well.
    claims = [claim_from_candidate(None, c) for c in candidates]
    if claims:
        tracking.embed(claims, embeddings)
    try:
        with transaction.atomic():
            article = Article.objects.create(
                body=body,
                title=(title.strip() or derive_title(body))[:500],
                url=url,
                publisher=publisher,
                byline=byline,
                published=published,
                added_by=user,
            )
            saved = save_claims(article, claims)
            # Candidates from other articles, stored as suggested matches.
            tracking.match_new_claims(saved)
            if snapshot is not None:
                ArticleSnapshot.of(
                    article,
                    url=snapshot.url,
                    raw=snapshot.raw,
                    content_type=snapshot.content_type,
                ).save()
    except IntegrityError:
        if (found := existing_article(body)) is not None:  # a concurrent import won
            return found, False
        raise
    return article, True


def ingest_record(record: ArticleRecord, **options) -> tuple[Article, bool]:
    """ingest_article for a record; `options` are its user, candidates,
    embeddings and max_size."""
    return ingest_article(
        body=record.body,
        title=record.title,
        url=record.url,
        publisher=record.publisher,
        byline=record.byline,
        published=record.published,
        snapshot=record.snapshot,
        **options,
    )


def save_claims(article: Article, claims: Iterable[Claim]) -> list[Claim]:
    """Save the article's claims (made by claim_from_candidate) in one batch."""
    claims = list(claims)
    for claim in claims:
        claim.article = article
    created = Claim.objects.bulk_create(claims)
    # bulk_create skips save(), so the first history records are written here.
    Claim.history.bulk_history_create(created, default_change_reason="extracted")
    changes.record_created(created)  # nor signals: the change feed is told here
    return created


def claim_from_candidate(article: Article | None, c: ClaimCandidate) -> Claim:
    q = c.quantity
    return Claim(
        article=article,
        start=c.start,
        end=c.end,
        text=c.text,
        sentence_start=c.sentence_start,
        sentence_end=c.sentence_end,
        kind=c.kind,
        score=c.score,
        speaker=(c.speaker or "")[:200],
        quoted=c.quoted,
        kind_confidence=c.kind_confidence,
        speaker_confidence=c.speaker_confidence if c.speaker else None,
        quantity_value=q.value if q else None,
        quantity_low=q.low if q else None,
        quantity_high=q.high if q else None,
        quantity_unit=q.unit[:100] if q else "",
        quantity_subject=q.subject[:200] if q else "",
        quantity_qualifier=q.qualifier[:50] if q else "",
        origin=Claim.Origin.EXTRACTED,
        extractor_version=EXTRACTOR_VERSION,
    )


@dataclass
class Outcome:
    """What became of one record: the article, or why it was not imported."""

    where: str
    article: Article | None = None
    created: bool = False
    problem: str = ""
