"""Claims with their verdicts, evidence and transitions, out as CSV or JSONL and
back in from JSONL.

Exports are generators over keyset-paginated chunks: memory and queries are
bounded per chunk (seven queries per CHUNK claims in JSONL), whatever the
total.

JSONL holds one object a line: `{"type": "article", ...}` before the first
claim of each article, then `{"type": "claim", ...}` with its verdicts,
evidence (each with its source), transitions and comments nested, its claim
group's id, and the matches it is the later claim of (so that the earlier one
is restored first). People are
named by username. `restore_jsonl` reads that back into an empty database with
the same ids and timestamps, so a second export is identical to the first;
files written before comments were exported restore without them.

The restore checks every field as the models would (choices, lengths, the
URL rule, a claim's text against its article's body, ids seen twice) before
it writes, and a row the database still refuses is named by its line: a bad
line stops the restore with "line N: ..." and nothing is kept.
"""

import base64
import binascii
import csv
import datetime
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.management.color import no_style
from django.db import DatabaseError, connection, models, transaction
from django.db.models import Prefetch, QuerySet

from annotations.models import (
    Comment,
    Evidence,
    Source,
    Transition,
    Verdict,
    normalize_url,
)
from claims import changes
from claims.ingest import validate_article
from claims.matching import DIMENSIONS
from claims.models import Article, Claim, ClaimGroup, ClaimMatch, body_sha256
from claims.validators import has_unstorable_characters, validate_web_url

CHUNK = 500
EMBEDDING_BYTES = DIMENSIONS * 2  # float16 (claims.matching.embedding)
MAX_ID = 2**63 - 1  # the largest id the databases store
ARTICLE_FIELDS = ("id", "title", "byline", "publisher", "url", "published",
                  "body", "language", "created_at", "updated_at")  # fmt: skip
# Not the rating: it is the latest verdict's, restored from the verdicts.
# The embedding is written as base64 (see claim_record); the group and the
# matches are written on their own (claim_record, _Restore.matches). How a claim was re-anchored
# into its article's newest version (ANCHOR_FIELDS) is written and restored,
# with the article's version number; the earlier texts themselves are not.
CLAIM_FIELDS = tuple(
    f.attname
    for f in Claim._meta.concrete_fields
    if f.attname
    not in (
        "assignee_id",
        "rating",
        "embedding",
        "embedding_model",
        "group_id",
        "anchor",
        "orphaned_from",
        "needs_recheck",
        "kind_confidence",
        "speaker_confidence",
    )  # fmt: skip
)
# Absent from exports made before versions: a claim then was exact.
ANCHOR_FIELDS = {"anchor": "exact", "orphaned_from": None, "needs_recheck": False}
# Absent from exports made before the extractor said how sure it was.
CONFIDENCE_FIELDS = ("kind_confidence", "speaker_confidence")
VERDICT_FIELDS = ("id", "rating", "summary", "outcome", "created_at", "decided_at",
                  "decision_note", "updated_at")  # fmt: skip
EVIDENCE_FIELDS = ("id", "stance", "quote", "note", "created_at", "updated_at")
SOURCE_FIELDS = ("url", "title", "publisher", "published")
TRANSITION_FIELDS = ("id", "action", "from_status", "to_status", "note", "created_at")
COMMENT_FIELDS = ("id", "body", "created_at", "updated_at")
MATCH_FIELDS = ("id", "score", "similarity", "relation", "reason", "state",
                "decided_at", "created_at", "updated_at")  # fmt: skip
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


# --- restore ---------------------------------------------------------------


class RestoreError(ValidationError):
    """A line that cannot be restored; the message names it."""


_USERNAME = User._meta.get_field("username")


def _reason(exc: BaseException) -> str:
    """One line saying what is wrong, without a traceback."""
    if isinstance(exc, KeyError):
        return f"missing field {exc.args[0]!r}"
    if isinstance(exc, RecursionError):
        return "malformed JSON (nested too deeply)"
    if isinstance(exc, json.JSONDecodeError):
        return f"malformed JSON ({exc.msg})"
    if isinstance(exc, ValidationError):
        if not hasattr(exc, "error_dict"):
            return " ".join(exc.messages)
        return "; ".join(
            " ".join(messages)
            if name == NON_FIELD_ERRORS
            else f"{name}: " + " ".join(messages)
            for name, messages in exc.message_dict.items()
        )
    return str(exc)


def _nested(exc: BaseException, where: str) -> ValueError:
    return ValueError(f"{where}: {_reason(exc)}")


def _check_text(value: object, where: str = "") -> None:
    """Every string in a record must be storable text (no NUL, no surrogate)."""
    if isinstance(value, str):
        if has_unstorable_characters(value):
            raise ValueError(
                f"{where or 'a value'}: contains a NUL byte or a lone surrogate"
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key, where)
            _check_text(item, f"{where}.{key}" if where else key)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check_text(item, f"{where}[{i}]")


def _datetime(value: object, name: str, *, null: bool = False) -> object:
    if value is None and null:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name}: not an ISO 8601 date and time")
    try:
        return datetime.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name}: not an ISO 8601 date and time") from None


def _count(value: object, name: str) -> int:
    """A positive whole number (an article's version)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not 1 <= value <= MAX_ID
    ):
        raise ValueError(f"{name}: a whole number from 1")
    return value


def _day(value: object, name: str) -> datetime.date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name}: not a date (YYYY-MM-DD)")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name}: not a date (YYYY-MM-DD)") from None


def _confidence(value: object, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name}: a number from 0 to 1, or null")
    if not 0 <= value <= 1:
        raise ValueError(f"{name}: a number from 0 to 1, or null")
    return float(value)


def _embedding(value: object) -> tuple[bytes | None, str | None]:
    """A claim's exported embedding (absent from older exports): its bytes
    and model, or (None, None); `reembed_claims` fills in what is missing."""
    if value is None:
        return None, None
    if not isinstance(value, dict) or set(value) != {"model", "base64"}:
        raise ValueError('embedding: expected {"model": …, "base64": …} or null')
    model, data = value["model"], value["base64"]
    if not isinstance(model, str) or not 0 < len(model) <= 100:
        raise ValueError("embedding: 'model' must be a name of 1-100 characters")
    try:
        raw = base64.b64decode(data, validate=True)
    except (TypeError, ValueError, binascii.Error):
        raise ValueError("embedding: 'base64' is not base64") from None
    if len(raw) != EMBEDDING_BYTES:
        raise ValueError(f"embedding: {len(raw)} bytes, expected {EMBEDDING_BYTES}")
    return raw, model


def _valid(obj: models.Model, exclude: Iterable[str]) -> models.Model:
    """The object's fields as the model declares them: types, choices, lengths,
    validators. Constraints across rows are left to the database, whose refusal
    is then named by line (see _Restore.save)."""
    obj.full_clean(
        exclude=list(exclude), validate_unique=False, validate_constraints=False
    )
    return obj


@dataclass
class _Row:
    """An object to restore, the line it came from, the timestamps bulk_create
    would overwrite and the people to look up by username."""

    line: int
    obj: models.Model
    times: dict[str, object]
    people: dict[str, str | None] = field(default_factory=dict)


class _Restore:
    """Reads an export line by line: each line is checked when read, and saved
    in batches of CHUNK claims (with their verdicts, evidence, transitions and
    comments)."""

    def __init__(self) -> None:
        self.users: dict[str, User] = {}
        self.articles: dict[int, Article] = {}
        self.bodies: dict[str, int] = {}  # sha256 → line
        self.ids: dict[str, dict[int, int]] = {}  # model → id → line
        self.spans: dict[tuple, int] = {}  # (article, start, end, kind) → line
        self.sources: dict[str, Source] = {}
        self.rows: dict[type[models.Model], list[_Row]] = {}
        self.latest_rating: dict[int, tuple[tuple, str]] = {}
        self.groups: set[int] = set()  # claim groups to create
        self.counts = dict.fromkeys(
            ("article", "claim", "verdict", "evidence", "transition", "comment",
             "match"), 0,
        )  # fmt: skip

    # -- reading ------------------------------------------------------------

    def line(self, number: int, record: object) -> None:
        if not isinstance(record, dict):
            raise ValueError("expected a JSON object")
        _check_text(record)
        kind = record.get("type")
        if kind == "article":
            self.flush()
            self.article(number, record)
        elif kind == "claim":
            self.claim(number, record)
            if len(self.rows.get(Claim, [])) >= CHUNK:
                self.flush()
        elif kind == "end":
            pass  # the API's mark of a whole download (jsonl_lines(end=True))
        else:
            raise ValueError(f"unknown type {kind!r}")

    def new_id(self, model: str, value: object, number: int) -> None:
        if type(value) is not int or not 1 <= value <= MAX_ID:
            raise ValueError("id: not a whole number from 1 to 2**63 - 1")
        seen = self.ids.setdefault(model, {})
        if value in seen:
            raise ValueError(f"id: {model} {value} is also on line {seen[value]}")
        seen[value] = number

    def person(self, name: str, username: object) -> str | None:
        if username is None:
            return None
        if not isinstance(username, str) or not username:
            raise ValueError(f"{name}: not a username")
        try:
            _USERNAME.run_validators(username)
        except ValidationError as exc:
            raise _nested(exc, name) from None
        return username

    def article(self, number: int, record: dict) -> None:
        values = {name: record[name] for name in ARTICLE_FIELDS}
        self.new_id("article", values["id"], number)
        validate_article(
            **{n: values[n] for n in ("body", "title", "url", "publisher", "byline")}
        )
        values["published"] = _day(values["published"], "published")
        times = {n: _datetime(values.pop(n), n) for n in ("created_at", "updated_at")}
        article = _valid(Article(**values), exclude=["added_by", "sha256"])
        article.version = _count(record.get("version", 1), "version")
        article.sha256 = body_sha256(article.body)
        if article.sha256 in self.bodies:
            line = self.bodies[article.sha256]
            raise ValueError(f"body: the same text as the article on line {line}")
        self.bodies[article.sha256] = number
        added_by = self.person("added_by", record.get("added_by"))
        self.save(Article, [_Row(number, article, times, {"added_by": added_by})])
        self.articles[article.pk] = article
        self.counts["article"] += 1

    @staticmethod
    def anchor(claim: Claim, article: Article, record: dict) -> None:
        """How the claim sits in its article's newest version, checked."""
        values = {n: record.get(n, default) for n, default in ANCHOR_FIELDS.items()}
        if values["anchor"] not in Claim.Anchor.values:
            raise ValueError(f"anchor: one of {', '.join(Claim.Anchor.values)}")
        if not isinstance(values["needs_recheck"], bool):
            raise ValueError("needs_recheck: true or false")
        orphaned = values["anchor"] == Claim.Anchor.ORPHANED
        since = values["orphaned_from"]
        if orphaned != (since is not None) or (
            orphaned
            and (isinstance(since, bool) or not isinstance(since, int)
                 or not 1 <= since < article.version)
        ):  # fmt: skip
            raise ValueError(
                "orphaned_from: the earlier version an orphan was found in, "
                "for an orphan only"
            )
        claim.anchor, claim.orphaned_from = values["anchor"], since
        claim.needs_recheck = values["needs_recheck"]

    def claim(self, number: int, record: dict) -> None:
        article = self.articles.get(record["article_id"])
        if article is None:
            raise ValueError("the claim comes before its article")
        values = {name: record[name] for name in CLAIM_FIELDS}
        self.new_id("claim", values["id"], number)
        times = {n: _datetime(values.pop(n), n) for n in ("created_at", "updated_at")}
        claim = _valid(Claim(**values), exclude=["article", "assignee", "group"])
        claim.embedding, claim.embedding_model = _embedding(record.get("embedding"))
        self.anchor(claim, article, record)
        for name in CONFIDENCE_FIELDS:
            setattr(claim, name, _confidence(record.get(name), name))
        if claim.is_orphaned:  # its text is that of an earlier version
            if not 0 <= claim.start < claim.end or not claim.text.strip():
                raise ValueError("start, end: an orphan needs its old span and text")
        elif not 0 <= claim.start < claim.end <= len(article.body):
            raise ValueError(
                f"start, end: not a span of the article's {len(article.body):,} "
                "characters"
            )
        if (
            not claim.is_orphaned
            and article.body[claim.start : claim.end] != claim.text
        ):
            raise ValueError("text: not the article's text from start to end")
        span = (article.pk, claim.start, claim.end, claim.kind)
        if span in self.spans:
            raise ValueError(
                f"a {claim.kind} claim on this span is also on line {self.spans[span]}"
            )
        self.spans[span] = number
        claim.group_id = self.group(record.get("group"))  # absent from older files
        assignee = self.person("assignee", record["assignee"])
        self.add(Claim, _Row(number, claim, times, {"assignee": assignee}))
        nested = (
            ("verdicts", self.verdict),
            ("evidence", self.evidence),
            ("transitions", self.transition),
            ("comments", self.comment),  # absent from older exports
            ("matches", self.match),  # absent from older exports
        )
        for name, read in nested:
            optional = name in ("comments", "matches")
            items = record.get(name, []) if optional else record[name]
            if not isinstance(items, list):
                raise ValueError(f"{name}: not a list")
            for i, item in enumerate(items):
                where = f"{name}[{i}]"
                if not isinstance(item, dict):
                    raise ValueError(f"{where}: not an object")
                try:
                    read(number, claim.pk, item, where)
                except (ValidationError, ValueError, KeyError, TypeError) as exc:
                    raise _nested(exc, where) from None
        claim.rating = self.latest_rating.pop(claim.pk, (None, None))[1]

    def verdict(self, number: int, claim_id: int, v: dict, where: str) -> None:
        values = {n: v[n] for n in VERDICT_FIELDS}
        self.new_id("verdict", values["id"], number)
        values["decided_at"] = _datetime(values["decided_at"], "decided_at", null=True)
        times = {n: _datetime(values.pop(n), n) for n in ("created_at", "updated_at")}
        verdict = Verdict(claim_id=claim_id, **values)
        _valid(verdict, exclude=["claim", "proposed_by", "decided_by"])
        people = {
            "proposed_by": self.person("proposed_by", v["proposed_by"]),
            "decided_by": self.person("decided_by", v["decided_by"]),
        }
        self.add(Verdict, _Row(number, verdict, times, people))
        # Claim.rating is the rating of the claim's latest verdict.
        key = (times["created_at"], verdict.pk)
        best = self.latest_rating.get(claim_id)
        if best is None or key > best[0]:
            self.latest_rating[claim_id] = (key, verdict.rating)

    def evidence(self, number: int, claim_id: int, e: dict, where: str) -> None:
        values = {n: e[n] for n in EVIDENCE_FIELDS}
        self.new_id("evidence", values["id"], number)
        times = {n: _datetime(values.pop(n), n) for n in ("created_at", "updated_at")}
        source = self.source(e["source"])
        evidence = Evidence(claim_id=claim_id, source=source, **values)
        _valid(evidence, exclude=["claim", "source", "added_by"])
        added_by = self.person("added_by", e["added_by"])
        self.add(Evidence, _Row(number, evidence, times, {"added_by": added_by}))

    def transition(self, number: int, claim_id: int, t: dict, where: str) -> None:
        values = {n: t[n] for n in TRANSITION_FIELDS}
        self.new_id("transition", values["id"], number)
        times = {"created_at": _datetime(values.pop("created_at"), "created_at")}
        transition = Transition(claim_id=claim_id, **values)
        _valid(transition, exclude=["claim", "actor"])
        actor = self.person("actor", t["actor"])
        self.add(Transition, _Row(number, transition, times, {"actor": actor}))

    def comment(self, number: int, claim_id: int, c: dict, where: str) -> None:
        values = {n: c[n] for n in COMMENT_FIELDS}
        self.new_id("comment", values["id"], number)
        times = {n: _datetime(values.pop(n), n) for n in ("created_at", "updated_at")}
        comment = _valid(Comment(claim_id=claim_id, **values), ["claim", "author"])
        author = self.person("author", c["author"])
        self.add(Comment, _Row(number, comment, times, {"author": author}))

    def group(self, value: object) -> int | None:
        if value is None:
            return None
        if type(value) is not int or not 1 <= value <= MAX_ID:
            raise ValueError("group: a claim group's id, or null")
        self.groups.add(value)
        return value

    def match(self, number: int, claim_id: int, m: dict, where: str) -> None:
        """A match of this claim with an earlier one, read on the later claim's
        line: the earlier claim is known by then."""
        values = {n: m[n] for n in MATCH_FIELDS}
        self.new_id("match", values["id"], number)
        other = m["claim"]
        if type(other) is not int or other not in self.ids.get("claim", {}):
            raise ValueError("claim: not a claim on an earlier line")
        if other >= claim_id:
            raise ValueError("claim: the earlier claim of the pair has the lower id")
        for name in ("score", "similarity"):
            if isinstance(values[name], bool) or not isinstance(
                values[name], int | float
            ):
                raise ValueError(f"{name}: a number")
        values["decided_at"] = _datetime(values["decided_at"], "decided_at", null=True)
        times = {n: _datetime(values.pop(n), n) for n in ("created_at", "updated_at")}
        match = ClaimMatch(claim_id=other, candidate_id=claim_id, **values)
        _valid(match, exclude=["claim", "candidate", "decided_by"])
        decided_by = self.person("decided_by", m["decided_by"])
        self.add(ClaimMatch, _Row(number, match, times, {"decided_by": decided_by}))

    def source(self, data: object) -> Source:
        if not isinstance(data, dict):
            raise ValueError("source: not an object")
        values = {n: data[n] for n in SOURCE_FIELDS}
        try:
            validate_web_url(values["url"])
            url = normalize_url(values["url"])
        except ValidationError as exc:
            raise _nested(exc, "source.url") from None
        if url not in self.sources:
            found = Source.objects.filter(url=url).first()
            if found is None:
                values["published"] = _day(values["published"], "source.published")
                found = _valid(Source(**{**values, "url": url}), exclude=())
                found.save()
            self.sources[url] = found
        return self.sources[url]

    def add(self, model: type[models.Model], row: _Row) -> None:
        self.rows.setdefault(model, []).append(row)

    # -- writing ------------------------------------------------------------

    def user(self, username: str | None) -> User | None:
        """Users by username, created (inactive, no password) when missing."""
        if username is None:
            return None
        if username not in self.users:
            user, created = User.objects.get_or_create(
                username=username, defaults={"is_active": False}
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            self.users[username] = user
        return self.users[username]

    def save(self, model: type[models.Model], rows: list[_Row]) -> None:
        """bulk_create, then the original timestamps back; a row the database
        refuses (a constraint, the body trigger) stops the restore naming its
        line."""
        if not rows:
            return
        for row in rows:
            for name, username in row.people.items():
                setattr(row.obj, name, self.user(username))
        objects = [row.obj for row in rows]
        try:
            with transaction.atomic():
                model.objects.bulk_create(objects)
        except DatabaseError:
            for row in rows:  # one at a time, to name the line
                try:
                    with transaction.atomic():
                        model.objects.bulk_create([row.obj])
                except DatabaseError as exc:
                    reason = str(exc).strip().splitlines()[0]
                    raise RestoreError(f"line {row.line}: {reason}") from None
        names = list(rows[0].times)
        for row in rows:
            for name, value in row.times.items():
                setattr(row.obj, name, value)
        model.objects.bulk_update(objects, names, batch_size=CHUNK)
        if model in (Claim, Verdict, Evidence):  # bulk_create sends no signals
            changes.record_created(objects)

    def flush(self) -> None:
        new_groups = self.groups - set(
            ClaimGroup.objects.filter(pk__in=self.groups).values_list("pk", flat=True)
        )
        ClaimGroup.objects.bulk_create(ClaimGroup(pk=pk) for pk in sorted(new_groups))
        self.groups.clear()
        for model, kind in (
            (Claim, "claim"),
            (Verdict, "verdict"),
            (Evidence, "evidence"),
            (Transition, "transition"),
            (Comment, "comment"),
            (ClaimMatch, "match"),
        ):
            rows = self.rows.pop(model, [])
            self.save(model, rows)
            self.counts[kind] += len(rows)


@transaction.atomic
def restore_jsonl(lines: Iterable[str]) -> dict[str, int]:
    """Load an export into a database without articles; counts by type.

    The first bad line stops it with a ValidationError naming the line
    ("line 7: verdicts[0]: rating: ..."), and nothing is kept: a restore is
    all or nothing, so that ids and references stay whole.
    """
    if Article.objects.exists():
        raise ValidationError("The database already holds articles; restore "
                              "into an empty one.")  # fmt: skip
    restore = _Restore()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            restore.line(number, json.loads(line))
        except RestoreError:
            raise
        except (
            ValidationError,
            ValueError,
            KeyError,
            TypeError,
            RecursionError,
        ) as exc:
            raise RestoreError(f"line {number}: {_reason(exc)}") from None
    restore.flush()
    models_ = [Article, Claim, Source, Evidence, Verdict, Transition, Comment,
               ClaimGroup, ClaimMatch]  # fmt: skip
    with connection.cursor() as cursor:  # PostgreSQL: sequences past the ids
        for sql in connection.ops.sequence_reset_sql(no_style(), models_):
            cursor.execute(sql)
    return restore.counts
