"""The scale bench's data (bench/scale.py): a year of a newsroom's articles,
claims, people, statuses, verdicts, evidence, history and tracking, written
in bulk (COPY on PostgreSQL) with the triggers off, then counted, vacuumed
and checkpointed as a settled server's database would be. Run inside a
Django process: `python bench/scale.py _load '[first_article, n_articles]'`.

Open work (claims in review, submitted or returned) lives in the newest
articles and stays about the same whatever the size: it is what a desk has
in hand, not what it did in a year.
"""

import datetime
import random

CLAIMS_PER_ARTICLE = 33
OPEN_ARTICLES = 300  # the newest articles hold the open work

SPEAKERS = [
    "Officials",
    "The ministry",
    "A spokesman",
    "Analysts",
    "The agency",
    "Diplomats",
    "The minister",
    "Observers",
    "The report",
    "Witnesses",
]
NOUNS = (
    "containers shells tonnes troops vessels missiles barrels families "
    "workers rockets drones trucks"
).split()
THINGS = (
    "munitions grain fuel aid equipment ammunition oil steel medicine coal "
    "fertiliser timber"
).split()
VERBS = (
    "shipped delivered seized sent moved reported counted destroyed returned sold"
).split()
PLACES = [
    "Pyongyang",
    "Moscow",
    "Vladivostok",
    "Rason",
    "Seoul",
    "Beijing",
    "the border",
    "the port",
    "Kaesong",
    "Khabarovsk",
    "Nampo",
    "Wonsan",
]
TOPICS = ["sanctions", "the summit", "the treaty", "the veto", "the exercises",
          "the shipments", "the talks", "the warning shots", "the agreement",
          "the visit", "the embargo", "the inspections", "the satellite",
          "the railway", "the bridge", "the pipeline", "the loans", "the tariffs",
          "the election", "the census"]  # fmt: skip
KINDS = (
    ["quantity"] * 30
    + ["event"] * 25
    + ["other"] * 20
    + ["comparison"] * 8
    + ["causation"] * 7
    + ["prediction"] * 5
    + ["rule"] * 5
)
RATINGS = (
    "false mostly_false half_true mostly_true true misleading unverifiable".split()
)


def sentence(rng: random.Random, a: int, i: int) -> str:
    return (
        f"{rng.choice(SPEAKERS)} said {rng.randint(2, 90000):,} {rng.choice(NOUNS)} "
        f"of {rng.choice(THINGS)} were {rng.choice(VERBS)} in {rng.choice(PLACES)} "
        f"over {rng.choice(TOPICS)} in week {a % 52 + 1}, item {i}."
    )


class Tracking:
    """Matches between claims of different articles, as the ingest stores
    them (up to two a claim here, with earlier articles of the same batch),
    and the groups that confirmed ones make: 20 % say the same, 5 % conflict,
    the rest are related; a tenth of the same ones are confirmed (about 1 % of
    claims end in a group), a few rejected."""

    def __init__(self, rng: random.Random, first_claim: int) -> None:
        self.rng = rng
        self.matches: list[list] = []
        self.group_of: dict[int, int] = {}  # claim id -> group id
        self.groups: dict[int, datetime.datetime] = {}
        self.first_claim = first_claim

    def match(self, claim: int, back: int, when: datetime.datetime) -> None:
        rng = self.rng
        for j, k in enumerate(rng.sample(range(1, min(back, 30) + 1), min(back, 2))):
            other = claim - CLAIMS_PER_ARTICLE * k - rng.randint(0, 3)
            if other <= self.first_claim:
                continue
            r = rng.random()
            relation = "conflict" if r < 0.05 else "same" if r < 0.25 else "related"
            state = "suggested"
            if relation == "same" and rng.random() < 0.1 and claim not in self.group_of:
                state = "confirmed"
                group = self.group_of.get(other) or claim
                self.groups.setdefault(group, when)
                self.group_of[other] = self.group_of[claim] = group
            elif rng.random() < 0.02:
                state = "rejected"
            reason = "numbers differ: 11,000 / 1,100" if relation == "conflict" else ""
            score = round(0.3 + 0.7 * rng.random(), 4)
            self.matches.append(
                [claim * 2 + j, other, claim, score, score,
                 relation, reason, state, when, when]
            )  # fmt: skip

    def write(self, write) -> None:
        """After the claims: the groups, the claims' group, the matches."""
        from django.db import connection

        from claims.models import ClaimGroup, ClaimMatch

        # Sizes are counted after the load (_recount), as the triggers are off.
        sized = (
            ["size"] if any(f.name == "size" for f in ClaimGroup._meta.fields) else []
        )
        write(
            ClaimGroup._meta.db_table,
            ["id", "created_at", *sized],
            [[g, when] + [0] * len(sized) for g, when in self.groups.items()],
        )
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE claims_claim SET group_id = %s WHERE id = %s",
                [(g, c) for c, g in self.group_of.items()],
            )
        write(
            ClaimMatch._meta.db_table,
            "id claim_id candidate_id score similarity relation reason state "
            "created_at updated_at".split(),
            self.matches,
        )


def build(first_article: int, n_articles: int, stage: tuple[int, int]) -> None:
    """Write articles first_article .. first_article + n_articles - 1 with their
    claims, verdicts, evidence and transitions (inside a configured Django).
    `stage` is (first, count) of the articles this load adds: they span the
    last year, and its newest OPEN_ARTICLES hold the open work."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group, User
    from django.db import connection, transaction

    from annotations.models import Evidence, Source, Transition, Verdict
    from claims.models import Article, Claim

    rng = random.Random(first_article)
    now = datetime.datetime.now(datetime.UTC)
    year_ago = now - datetime.timedelta(days=365)
    if first_article == 1:
        roles = ["editor"] * 5 + ["reviewer"] * 35 + ["viewer"] * 10
        password = make_password(None)
        users = [
            User(id=i + 1, username=f"{role}{i + 1}", password=password)
            for i, role in enumerate(roles)
        ]
        User.objects.bulk_create(users)
        for user, role in zip(users, roles, strict=True):
            user.groups.add(Group.objects.get(name=role))
        sources = [
            Source(id=i, url=f"https://example.org/s/{i}", title=f"Source {i}")
            for i in range(1, 20001)
        ]
        Source.objects.bulk_create(sources, batch_size=2000)
    editors = list(range(1, 6))
    reviewers = list(range(6, 41))
    has_rating = any(f.name == "rating" for f in Claim._meta.concrete_fields)
    tracked = any(f.name == "group" for f in Claim._meta.concrete_fields)
    claim_id = (first_article - 1) * CLAIMS_PER_ARTICLE
    verdict_id = claim_id * 2
    evidence_id = claim_id * 2
    transition_id = claim_id * 4
    written = (Article, Claim, Verdict, Evidence, Transition)
    rows: dict[type, list[list]] = {model: [] for model in written}
    tracking = Tracking(rng, claim_id) if tracked else None
    columns = {
        Article: ["id", "title", "byline", "publisher", "url", "published", "body",
                  "language", "sha256", "added_by_id", "created_at", "updated_at"],
        Claim: ["id", "article_id", "start", "end", "text", "sentence_start",
                "sentence_end", "kind", "score", "speaker", "quoted",
                "quantity_value", "quantity_low", "quantity_high", "quantity_unit",
                "quantity_subject", "quantity_qualifier", "origin",
                "extractor_version", "status", "assignee_id", "version",
                "created_at", "updated_at"] + (["rating"] if has_rating else []),
        Verdict: ["id", "claim_id", "rating", "summary", "proposed_by_id",
                  "created_at", "outcome", "decided_by_id", "decided_at",
                  "decision_note", "updated_at"],
        Evidence: ["id", "claim_id", "source_id", "stance", "quote", "note",
                   "added_by_id", "created_at", "updated_at"],
        Transition: ["id", "claim_id", "action", "from_status", "to_status",
                     "actor_id", "note", "created_at"],
    }  # fmt: skip
    from claims.models import body_sha256

    for a in range(first_article, first_article + n_articles):
        created = year_ago + datetime.timedelta(days=365 * (a - stage[0]) / stage[1])
        open_work = a >= stage[0] + stage[1] - OPEN_ARTICLES
        sentences = [sentence(rng, a, i) for i in range(CLAIMS_PER_ARTICLE)]
        body = f"Report {a}. " + " ".join(sentences)
        rows[Article].append(
            [a, f"Report {a} on {rng.choice(TOPICS)}", "", f"Desk {a % 40}", "",
             created.date(), body, "en", body_sha256(body), rng.choice(reviewers),
             created, created]
        )  # fmt: skip
        at = len(f"Report {a}. ")
        for text in sentences:
            claim_id += 1
            start, end = at, at + len(text)
            at = end + 1
            r = rng.random()
            if open_work and r < 0.3:
                status = rng.choice(["in_review", "submitted", "returned"])
            elif r < 0.27:
                status = "published"
            elif r < 0.35:
                status = "dismissed"
            else:
                status = "new"
            reviewer = rng.choice(reviewers)
            assignee = reviewer if status not in ("new", "dismissed") else None
            rating = None
            approved = created + datetime.timedelta(days=rng.random() * 20)
            approved = min(approved, now)
            if status in ("published", "submitted", "returned"):
                rating = rng.choice(RATINGS)
                outcome = {
                    "published": "approved",
                    "submitted": "pending",
                    "returned": "returned",
                }[status]
                verdict_id += 1
                decided = approved if outcome != "pending" else None
                rows[Verdict].append(
                    [verdict_id, claim_id, rating, "Checked against the record.",
                     reviewer, approved - datetime.timedelta(hours=2), outcome,
                     rng.choice(editors) if decided else None, decided, "", approved]
                )  # fmt: skip
                evidence_id += 1
                rows[Evidence].append(
                    [evidence_id, claim_id, rng.randint(1, 20000), "supports",
                     "", "", reviewer, approved, approved]
                )  # fmt: skip
                moves = [
                    ("start_review", "new", "in_review"),
                    ("submit", "in_review", "submitted"),
                ]
                if outcome == "approved":
                    moves.append(("approve", "submitted", "published"))
                elif outcome == "returned":
                    moves.append(("return", "submitted", "returned"))
                for k, (action, before, after) in enumerate(moves):
                    transition_id += 1
                    when = approved - datetime.timedelta(hours=len(moves) - k - 1)
                    rows[Transition].append(
                        [transition_id, claim_id, action, before, after,
                         reviewer if action != "approve" else rng.choice(editors),
                         "", when]
                    )  # fmt: skip
            quantity = rng.randint(2, 90000)
            row = [claim_id, a, start, end, text, start, end, rng.choice(KINDS),
                   round(rng.random(), 4), "", False, quantity, None, None, "",
                   "containers", "", "extracted", "bench", status, assignee, 1,
                   created, approved if rating else created]  # fmt: skip
            rows[Claim].append(row + ([rating] if has_rating else []))
            if tracking and a > first_article:
                tracking.match(claim_id, a - first_article, created)
    with transaction.atomic():
        write = _copy if connection.vendor == "postgresql" else _insert
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Triggers off: the rows are valid by construction (the body
                # check and foreign keys are triggers on PostgreSQL).
                cursor.execute("SET LOCAL session_replication_role = replica")
        for model in written:
            names = [
                model._meta.get_field(c).column if c != "id" else "id"
                for c in columns[model]
            ]
            write(model._meta.db_table, names, rows[model])
        if tracking:
            tracking.write(write)


def _copy(table: str, columns: list[str], rows: list[list]) -> None:
    from django.db import connection

    names = ", ".join(f'"{c}"' for c in columns)
    sql = f'COPY "{table}" ({names}) FROM STDIN'
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _insert(table: str, columns: list[str], rows: list[list]) -> None:
    from django.db import connection

    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)


def _recount(cursor) -> None:
    """Counters kept by triggers (off while the rows were copied), counted
    again, where the code under test has them."""
    if counts := _model("claims", "StatusCount"):
        cursor.execute(f"DELETE FROM {counts._meta.db_table}")
        cursor.execute(
            f"INSERT INTO {counts._meta.db_table} (status, claims) "
            "SELECT status, count(*) FROM claims_claim GROUP BY status"
        )
    if held := _model("claims", "AssignedCount"):
        cursor.execute(f"DELETE FROM {held._meta.db_table}")
        cursor.execute(
            f"INSERT INTO {held._meta.db_table} (assignee_id, status, claims) "
            "SELECT assignee_id, status, count(*) FROM claims_claim "
            "WHERE assignee_id IS NOT NULL GROUP BY 1, 2"
        )
    if per_day := _model("annotations", "ApprovalsPerDay"):
        cursor.execute(f"DELETE FROM {per_day._meta.db_table}")
        cursor.execute(
            f"INSERT INTO {per_day._meta.db_table} (day, approvals) "
            "SELECT (created_at AT TIME ZONE 'UTC')::date, count(*) "
            "FROM annotations_transition WHERE action IN ('approve', 'approve_group') "
            "GROUP BY 1"
        )
    group = _model("claims", "ClaimGroup")
    if group and any(f.name == "size" for f in group._meta.fields):
        cursor.execute(
            "UPDATE claims_claimgroup SET size = sub.n FROM (SELECT group_id, "
            "count(*) AS n FROM claims_claim WHERE group_id IS NOT NULL GROUP BY 1) "
            "AS sub WHERE claims_claimgroup.id = sub.group_id"
        )


def _model(app: str, name: str):
    """A model the code under test has, or None (the bench also measures
    older code)."""
    from django.apps import apps

    try:
        return apps.get_model(app, name)
    except LookupError:
        return None


def load(first_article: int, n_articles: int) -> dict:
    """Build in batches, then reset sequences, rebuild counters, analyse."""
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management.color import no_style
    from django.db import connection

    from annotations.models import Evidence, Transition, Verdict
    from claims.models import Article, Claim

    batch = 1000
    for at in range(first_article, first_article + n_articles, batch):
        size = min(batch, first_article + n_articles - at)
        build(at, size, (first_article, n_articles))
    models = [User, Article, Claim, Verdict, Evidence, Transition]
    if tracked := _model("claims", "ClaimMatch"):
        models += [_model("claims", "ClaimGroup"), tracked]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            _recount(cursor)  # the triggers that keep counts were off
        # As autovacuum leaves a table that has settled: statistics, and the
        # visibility map index-only scans need.
        cursor.execute(
            "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
        )
        if connection.vendor == "postgresql":
            # Write out what the load left in memory now, not while the pages
            # are measured: a checkpoint after 900k rows took the disk for
            # minutes and doubled the first measures at 1M.
            cursor.execute("CHECKPOINT")
    editor = User.objects.get(username="editor1")
    session = SessionStore()
    session["_auth_user_id"] = str(editor.pk)
    session["_auth_user_backend"] = "claims.roles.RoleBackend"
    session["_auth_user_hash"] = editor.get_session_auth_hash()
    session.create()
    newest = Article.objects.order_by("-id").first()
    return {
        "session": session.session_key,
        "article": newest.pk,
        "claim": newest.claims.order_by("id").first().pk,
        "claims": Claim.objects.count(),
    }
