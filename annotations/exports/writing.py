"""Claims out as JSONL or CSV: generators over keyset-paginated chunks."""

import base64
import csv
import datetime
import io
import json
from collections.abc import Iterable, Iterator

from django.contrib.auth.models import User
from django.db.models import Prefetch, QuerySet

from annotations.exports.fields import (
    ANCHOR_FIELDS,
    ARTICLE_FIELDS,
    CHUNK,
    CLAIM_FIELDS,
    COMMENT_FIELDS,
    CONFIDENCE_FIELDS,
    EVIDENCE_FIELDS,
    MATCH_FIELDS,
    SOURCE_FIELDS,
    TRANSITION_FIELDS,
    VERDICT_FIELDS,
)
from annotations.models import (
    Comment,
    Evidence,
    Transition,
    Verdict,
)
from claims.models import Article, Claim, ClaimMatch

CSV_COLUMNS = (
    "claim_id", "article_id", "article_title", "article_url", "start", "end", "text",
    "kind", "score", "speaker", "status", "assignee", "verdict_rating",
    "verdict_summary", "verdict_outcome", "verdict_proposed_by", "verdict_decided_by",
    "verdict_decided_at", "evidence_count", "evidence_ids", "evidence_sources",
    "transitions",
)  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _value(value: object) -> object:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def _fields(obj: object, names: Iterable[str]) -> dict:
    return {name: _value(getattr(obj, name)) for name in names}


def _username(user: User | None) -> str | None:
    return user.get_username() if user is not None else None


def chunks(queryset: QuerySet) -> Iterator[list[Claim]]:
    """The claims in pk order, CHUNK at a time, relations prefetched."""
    queryset = queryset.select_related("assignee").prefetch_related(
        Prefetch(
            "verdicts",
            Verdict.objects.select_related("proposed_by", "decided_by").order_by("id"),
        ),
        Prefetch(
            "evidence",
            Evidence.objects.select_related("source", "added_by").order_by("id"),
        ),
        Prefetch("transitions", Transition.objects.select_related("actor").order_by("id")),
        Prefetch("comments", Comment.objects.select_related("author").order_by("id")),
    )  # fmt: skip
    last = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last).order_by("pk")[:CHUNK])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk


def claim_record(claim: Claim) -> dict:
    record = {"type": "claim", **_fields(claim, CLAIM_FIELDS)}
    record.update(_fields(claim, (*ANCHOR_FIELDS, *CONFIDENCE_FIELDS)))
    record["assignee"] = _username(claim.assignee)
    record["embedding"] = (
        None
        if claim.embedding is None
        else {
            "model": claim.embedding_model,
            "base64": base64.b64encode(bytes(claim.embedding)).decode("ascii"),
        }
    )
    record["verdicts"] = [
        {
            **_fields(v, VERDICT_FIELDS),
            "proposed_by": _username(v.proposed_by),
            "decided_by": _username(v.decided_by),
        }
        for v in claim.verdicts.all()
    ]
    record["evidence"] = [
        {
            **_fields(e, EVIDENCE_FIELDS),
            "source": _fields(e.source, SOURCE_FIELDS),
            "added_by": _username(e.added_by),
        }
        for e in claim.evidence.all()
    ]
    record["transitions"] = [
        {**_fields(t, TRANSITION_FIELDS), "actor": _username(t.actor)}
        for t in claim.transitions.all()
    ]
    record["comments"] = [
        {**_fields(c, COMMENT_FIELDS), "author": _username(c.author)}
        for c in claim.comments.all()
    ]
    record["group"] = claim.group_id
    record["matches"] = [
        {
            **_fields(m, MATCH_FIELDS),
            "claim": m.claim_id,
            "decided_by": _username(m.decided_by),
        }
        for m in getattr(claim, "later_matches", [])
    ]
    return record


def _with_matches(chunk: list[Claim]) -> list[Claim]:
    """Each claim's matches with earlier claims (`later_matches`): one query."""
    found: dict[int, list[ClaimMatch]] = {}
    matches = ClaimMatch.objects.filter(candidate_id__in=[c.pk for c in chunk])
    for match in matches.select_related("decided_by").order_by("id"):
        found.setdefault(match.candidate_id, []).append(match)
    for claim in chunk:
        claim.later_matches = found.get(claim.pk, [])
    return chunk


def jsonl_lines(
    queryset: QuerySet, *, after: int = 0, end: bool = False
) -> Iterator[str]:
    """The export, one JSON object a line; each article before its claims.

    `after`: only the claims after that claim id — the rest of an export that
    was cut after that claim's line (its article's line is not sent again).
    `end`: a last line `{"type": "end", "last_claim": <id or null>}`, so that
    whoever reads the stream knows it is whole; without it, it was cut.
    """
    seen: set[int] = set()
    if after:
        seen.update(Claim.objects.filter(pk=after).values_list("article_id", flat=True))
    last = None
    for chunk in map(_with_matches, chunks(queryset.filter(pk__gt=after))):
        new = {c.article_id for c in chunk} - seen
        articles = Article.objects.select_related("added_by").in_bulk(new)
        for claim in chunk:
            if claim.article_id not in seen:
                seen.add(claim.article_id)
                article = articles[claim.article_id]
                yield _line(
                    {
                        "type": "article",
                        **_fields(article, ARTICLE_FIELDS),
                        "version": article.version,
                        "added_by": _username(article.added_by),
                    }
                )
            yield _line(claim_record(claim))
            last = claim.pk
    if end:
        yield _line({"type": "end", "last_claim": last or (after or None)})


def _line(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False) + "\n"


def safe_cell(value: object) -> object:
    """Neutralise a cell a spreadsheet would run as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_row(claim: Claim, article: Article) -> list:
    verdicts = list(claim.verdicts.all())
    latest = verdicts[-1] if verdicts else None
    evidence = list(claim.evidence.all())
    transitions = "; ".join(
        f"{t.created_at:%Y-%m-%d %H:%M} {_username(t.actor) or '-'} {t.action} "
        f"{t.from_status}>{t.to_status}"
        for t in claim.transitions.all()
    )
    row = [
        claim.pk, article.pk, article.title, article.url, claim.start, claim.end,
        claim.text, claim.kind, claim.score, claim.speaker, claim.status,
        _username(claim.assignee) or "",
        latest.rating if latest else "", latest.summary if latest else "",
        latest.outcome if latest else "",
        _username(latest.proposed_by) or "" if latest else "",
        _username(latest.decided_by) or "" if latest else "",
        _value(latest.decided_at) or "" if latest else "",
        len(evidence), " ".join(str(e.pk) for e in evidence),
        " ".join(e.source.url for e in evidence), transitions,
    ]  # fmt: skip
    return [safe_cell(cell) for cell in row]


def csv_lines(queryset: QuerySet) -> Iterator[str]:
    """One header line, then one row per claim with its latest verdict."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(CSV_COLUMNS)
    yield flush()
    titles: dict[int, Article] = {}
    for chunk in chunks(queryset):
        new = {c.article_id for c in chunk} - set(titles)
        titles.update(Article.objects.only("id", "title", "url").in_bulk(new))
        for claim in chunk:
            writer.writerow(csv_row(claim, titles[claim.article_id]))
        yield flush()
