"""Claims with their verdicts, evidence and transitions, out as CSV or JSONL and
back in from JSONL.

Exports are generators over keyset-paginated chunks: memory and queries are
bounded per chunk (five queries per CHUNK claims), whatever the total.

JSONL holds one object a line: `{"type": "article", ...}` before the first
claim of each article, then `{"type": "claim", ...}` with its verdicts,
evidence (each with its source) and transitions nested. People are named by
username. `restore_jsonl` reads that back into an empty database with the
same ids and timestamps, so a second export is identical to the first.
"""

import csv
import datetime
import functools
import io
import json
from collections.abc import Iterable, Iterator

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Prefetch, QuerySet

from annotations.models import Evidence, Source, Transition, Verdict
from claims import changes
from claims.models import Article, Claim, body_sha256

CHUNK = 500
ARTICLE_FIELDS = ("id", "title", "byline", "publisher", "url", "published",
                  "body", "language", "created_at", "updated_at")  # fmt: skip
CLAIM_FIELDS = tuple(
    f.attname for f in Claim._meta.concrete_fields if f.attname != "assignee_id"
)
VERDICT_FIELDS = ("id", "rating", "summary", "outcome", "created_at", "decided_at",
                  "decision_note", "updated_at")  # fmt: skip
EVIDENCE_FIELDS = ("id", "stance", "quote", "note", "created_at", "updated_at")
SOURCE_FIELDS = ("url", "title", "publisher", "published")
TRANSITION_FIELDS = ("id", "action", "from_status", "to_status", "note", "created_at")
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
    record["assignee"] = _username(claim.assignee)
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
    return record


def jsonl_lines(queryset: QuerySet) -> Iterator[str]:
    """The export, one JSON object a line; each article before its claims."""
    seen: set[int] = set()
    for chunk in chunks(queryset):
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
                        "added_by": _username(article.added_by),
                    }
                )
            yield _line(claim_record(claim))


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


class _People:
    """Users by username, created (inactive, no password) when missing."""

    def __init__(self) -> None:
        self.known: dict[str, User] = {}

    def __call__(self, username: str | None) -> User | None:
        if not username:
            return None
        if username not in self.known:
            user, created = User.objects.get_or_create(
                username=username, defaults={"is_active": False}
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            self.known[username] = user
        return self.known[username]


def _date(value: str | None) -> object:
    if value is None:
        return None
    if "T" in value:
        return datetime.datetime.fromisoformat(value)
    return datetime.date.fromisoformat(value)


def _restore_times(objects: list, originals: list[dict], names: Iterable[str]) -> None:
    """bulk_create stamps auto_now fields with the present; put the past back."""
    names = list(names)
    for obj, original in zip(objects, originals, strict=True):
        for name in names:
            setattr(obj, name, _date(original[name]))
    if objects:
        type(objects[0]).objects.bulk_update(objects, names, batch_size=CHUNK)


@transaction.atomic
def restore_jsonl(lines: Iterable[str]) -> dict[str, int]:
    """Load an export into a database without articles; counts by type.

    ValidationError (naming the line) on malformed input; nothing is kept then.
    """
    if Article.objects.exists():
        raise ValidationError("The database already holds articles; restore "
                              "into an empty one.")  # fmt: skip
    people = _People()
    _source_by_url.cache_clear()  # Source rows of an earlier transaction
    counts = {"article": 0, "claim": 0, "verdict": 0, "evidence": 0, "transition": 0}
    articles: dict[int, Article] = {}
    batch: list[dict] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            kind = record["type"]
            if kind == "article":
                _flush(batch, people, counts)
                articles[record["id"]] = _restore_article(record, people)
                counts["article"] += 1
            elif kind == "claim":
                if record["article_id"] not in articles:
                    raise ValueError("the claim comes before its article")
                batch.append(record)
                if len(batch) >= CHUNK:
                    _flush(batch, people, counts)
            else:
                raise ValueError(f"unknown type {kind!r}")
        except (ValueError, KeyError, TypeError) as exc:
            raise ValidationError(f"line {number}: {exc!r}") from exc
    try:
        _flush(batch, people, counts)
    except (ValueError, KeyError, TypeError) as exc:
        raise ValidationError(f"a claim before the end: {exc!r}") from exc
    models = [Article, Claim, Source, Evidence, Verdict, Transition]
    with connection.cursor() as cursor:  # PostgreSQL: sequences past the ids
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
    return counts


def _restore_article(record: dict, people: _People) -> Article:
    values = {name: record[name] for name in ARTICLE_FIELDS}
    values["published"] = _date(values["published"])
    article = Article(**values, added_by=people(record.get("added_by")))
    article.sha256 = body_sha256(article.body)
    Article.objects.bulk_create([article])
    _restore_times([article], [record], ("created_at", "updated_at"))
    return article


def _flush(batch: list[dict], people: _People, counts: dict[str, int]) -> None:
    if not batch:
        return
    claims = [
        Claim(
            **{name: record[name] for name in CLAIM_FIELDS},
            assignee=people(record["assignee"]),
        )
        for record in batch
    ]
    Claim.objects.bulk_create(claims)
    _restore_times(claims, batch, ("created_at", "updated_at"))
    verdicts, verdict_records = [], []
    evidence, evidence_records = [], []
    transitions, transition_records = [], []
    for record in batch:
        for v in record["verdicts"]:
            verdicts.append(
                Verdict(
                    claim_id=record["id"],
                    **{n: v[n] for n in VERDICT_FIELDS if n != "decided_at"},
                    decided_at=_date(v["decided_at"]),
                    proposed_by=people(v["proposed_by"]),
                    decided_by=people(v["decided_by"]),
                )
            )
            verdict_records.append(v)
        for e in record["evidence"]:
            source = _source(e["source"])
            evidence.append(
                Evidence(
                    claim_id=record["id"],
                    source=source,
                    **{n: e[n] for n in EVIDENCE_FIELDS},
                    added_by=people(e["added_by"]),
                )
            )
            evidence_records.append(e)
        for t in record["transitions"]:
            transitions.append(
                Transition(
                    claim_id=record["id"],
                    **{n: t[n] for n in TRANSITION_FIELDS},
                    actor=people(t["actor"]),
                )
            )
            transition_records.append(t)
    Verdict.objects.bulk_create(verdicts)
    _restore_times(verdicts, verdict_records, ("created_at", "updated_at"))
    Evidence.objects.bulk_create(evidence)
    _restore_times(evidence, evidence_records, ("created_at", "updated_at"))
    Transition.objects.bulk_create(transitions)
    _restore_times(transitions, transition_records, ("created_at",))
    for objects in (claims, verdicts, evidence):  # bulk_create sends no signals
        changes.record_created(objects)
    counts["claim"] += len(claims)
    counts["verdict"] += len(verdicts)
    counts["evidence"] += len(evidence)
    counts["transition"] += len(transitions)
    batch.clear()


@functools.cache
def _source_by_url(
    url: str, title: str, publisher: str, published: str | None
) -> Source:
    source, _ = Source.objects.get_or_create(
        url=url,
        defaults={
            "title": title,
            "publisher": publisher,
            "published": _date(published),
        },
    )
    return source


def _source(data: dict) -> Source:
    return _source_by_url(*(data[name] for name in SOURCE_FIELDS))
