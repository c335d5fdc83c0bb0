"""An export read back into an empty database, all or nothing."""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import DatabaseError, connection, models, transaction

from annotations.exports import checks
from annotations.exports.checks import RestoreError
from annotations.exports.fields import (
    ANCHOR_FIELDS,
    ARTICLE_FIELDS,
    CHUNK,
    CLAIM_FIELDS,
    COMMENT_FIELDS,
    CONFIDENCE_FIELDS,
    EVIDENCE_FIELDS,
    MATCH_FIELDS,
    MAX_ID,
    SOURCE_FIELDS,
    TRANSITION_FIELDS,
    VERDICT_FIELDS,
)
from annotations.models import (
    Comment,
    Evidence,
    Source,
    Transition,
    Verdict,
    normalize_url,
)
from claims import changes
from claims.models import Article, Claim, ClaimGroup, ClaimMatch, body_sha256
from claims.records import validate_article
from claims.validators import validate_web_url


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
        checks.check_text(record)
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
            checks.USERNAME.run_validators(username)
        except ValidationError as exc:
            raise checks.nested(exc, name) from None
        return username

    def article(self, number: int, record: dict) -> None:
        values = {name: record[name] for name in ARTICLE_FIELDS}
        self.new_id("article", values["id"], number)
        validate_article(
            **{n: values[n] for n in ("body", "title", "url", "publisher", "byline")}
        )
        values["published"] = checks.day(values["published"], "published")
        times = {
            n: checks.timestamp(values.pop(n), n) for n in ("created_at", "updated_at")
        }
        article = checks.valid(Article(**values), exclude=["added_by", "sha256"])
        article.version = checks.count(record.get("version", 1), "version")
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
        times = {
            n: checks.timestamp(values.pop(n), n) for n in ("created_at", "updated_at")
        }
        claim = checks.valid(Claim(**values), exclude=["article", "assignee", "group"])
        claim.embedding, claim.embedding_model = checks.embedding(
            record.get("embedding")
        )
        self.anchor(claim, article, record)
        for name in CONFIDENCE_FIELDS:
            setattr(claim, name, checks.confidence(record.get(name), name))
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
                    raise checks.nested(exc, where) from None
        claim.rating = self.latest_rating.pop(claim.pk, (None, None))[1]

    def verdict(self, number: int, claim_id: int, v: dict, where: str) -> None:
        values = {n: v[n] for n in VERDICT_FIELDS}
        self.new_id("verdict", values["id"], number)
        values["decided_at"] = checks.timestamp(
            values["decided_at"], "decided_at", null=True
        )
        times = {
            n: checks.timestamp(values.pop(n), n) for n in ("created_at", "updated_at")
        }
        verdict = Verdict(claim_id=claim_id, **values)
        checks.valid(verdict, exclude=["claim", "proposed_by", "decided_by"])
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
        times = {
            n: checks.timestamp(values.pop(n), n) for n in ("created_at", "updated_at")
        }
        source = self.source(e["source"])
        evidence = Evidence(claim_id=claim_id, source=source, **values)
        checks.valid(evidence, exclude=["claim", "source", "added_by"])
        added_by = self.person("added_by", e["added_by"])
        self.add(Evidence, _Row(number, evidence, times, {"added_by": added_by}))

    def transition(self, number: int, claim_id: int, t: dict, where: str) -> None:
        values = {n: t[n] for n in TRANSITION_FIELDS}
        self.new_id("transition", values["id"], number)
        times = {"created_at": checks.timestamp(values.pop("created_at"), "created_at")}
        transition = Transition(claim_id=claim_id, **values)
        checks.valid(transition, exclude=["claim", "actor"])
        actor = self.person("actor", t["actor"])
        self.add(Transition, _Row(number, transition, times, {"actor": actor}))

    def comment(self, number: int, claim_id: int, c: dict, where: str) -> None:
        values = {n: c[n] for n in COMMENT_FIELDS}
        self.new_id("comment", values["id"], number)
        times = {
            n: checks.timestamp(values.pop(n), n) for n in ("created_at", "updated_at")
        }
        comment = checks.valid(
            Comment(claim_id=claim_id, **values), ["claim", "author"]
        )
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
        values["decided_at"] = checks.timestamp(
            values["decided_at"], "decided_at", null=True
        )
        times = {
            n: checks.timestamp(values.pop(n), n) for n in ("created_at", "updated_at")
        }
        match = ClaimMatch(claim_id=other, candidate_id=claim_id, **values)
        checks.valid(match, exclude=["claim", "candidate", "decided_by"])
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
            raise checks.nested(exc, "source.url") from None
        if url not in self.sources:
            found = Source.objects.filter(url=url).first()
            if found is None:
                values["published"] = checks.day(
                    values["published"], "source.published"
                )
                found = checks.valid(Source(**{**values, "url": url}), exclude=())
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
            raise RestoreError(f"line {number}: {checks.reason(exc)}") from None
    restore.flush()
    models_ = [Article, Claim, Source, Evidence, Verdict, Transition, Comment,
               ClaimGroup, ClaimMatch]  # fmt: skip
    with connection.cursor() as cursor:  # PostgreSQL: sequences past the ids
        for sql in connection.ops.sequence_reset_sql(no_style(), models_):
            cursor.execute(sql)
    return restore.counts
