"""Every page and list endpoint with a year of a newsroom's data: 100k claims
against N (default 1,000,000), measured in the same run.

Builds a PostgreSQL database (`claimdesk_bench_scale`, created and dropped
here) of 100,000 claims in articles of ~33 claims each, with users, statuses,
verdicts, evidence, sources and transitions, and the tracking's matches (two
a claim) and groups, written in bulk (COPY); copies it
(`claimdesk_bench_scale_small`) and grows the original to N claims; serves
each with gunicorn (-w 2) on 127.0.0.1; measures each target from a separate
client process (4 clients, a bounded number of requests each), the two sizes
in turns, so that the machine's ups and downs fall on both alike. The same
at 100k on SQLite. Prints
p50/p95/p99 and requests/s per target and size, and as its last line
`worst_p95_ms=<the slowest target's p95 at N> growth=<largest p95(N)/p95(100k)>`.

    python bench/scale.py            # 100k and 1M on PostgreSQL, 100k on SQLite
    python bench/scale.py --quick    # 20k and 100k on PostgreSQL, 20k on SQLite

Open work (claims in review, submitted or returned) lives in the newest
articles and stays about the same whatever N: it is what a desk has in hand,
not what it did in a year.
"""

import argparse
import contextlib
import datetime
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_NAME = "claimdesk_bench_scale"
CLAIMS_PER_ARTICLE = 33
OPEN_ARTICLES = 300  # the newest articles hold the open work

TARGETS = [
    ("dashboard", "/"),
    ("articles", "/articles/"),
    ("articles q", "/articles/?q=sanctions"),
    ("articles open", "/articles/?open_work=on"),
    ("reader", "/articles/{article}/"),
    ("queue", "/claims/"),
    ("queue submitted", "/claims/?status=submitted"),
    ("queue quantity", "/claims/?kind=quantity"),
    ("queue q", "/claims/?q=sanctions"),
    ("queue rating", "/claims/?rating=false"),
    ("queue q none", "/claims/?q=zyzzyva"),
    ("queue recurring", "/claims/?recurring=true"),
    ("panel", "/claims/{claim}/"),
    ("api claims", "/api/v1/claims/"),
    ("api published", "/api/v1/claims/?status=published"),
    ("api q none", "/api/v1/claims/?q=zyzzyva"),
    ("api q", "/api/v1/claims/?q=sanctions"),
    ("api articles", "/api/v1/articles/"),
]

# --- the data ----------------------------------------------------------------

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
NOUNS = [
    "containers",
    "shells",
    "tonnes",
    "troops",
    "vessels",
    "missiles",
    "barrels",
    "families",
    "workers",
    "rockets",
    "drones",
    "trucks",
]
THINGS = [
    "munitions",
    "grain",
    "fuel",
    "aid",
    "equipment",
    "ammunition",
    "oil",
    "steel",
    "medicine",
    "coal",
    "fertiliser",
    "timber",
]
VERBS = [
    "shipped",
    "delivered",
    "seized",
    "sent",
    "moved",
    "reported",
    "counted",
    "destroyed",
    "returned",
    "sold",
]
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
KINDS = ["quantity"] * 30 + ["event"] * 25 + ["other"] * 20 + ["comparison"] * 8 + [
    "causation"] * 7 + ["prediction"] * 5 + ["rule"] * 5  # fmt: skip
RATINGS = ["false", "mostly_false", "half_true", "mostly_true", "true",
           "misleading", "unverifiable"]  # fmt: skip


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
        write(ClaimGroup._meta.db_table, ["id", "created_at", *sized],
              [[g, when] + [0] * len(sized) for g, when in self.groups.items()])  # fmt: skip
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE claims_claim SET group_id = %s WHERE id = %s",
                [(g, c) for c, g in self.group_of.items()],
            )
        write(ClaimMatch._meta.db_table,
              ["id", "claim_id", "candidate_id", "score", "similarity", "relation",
               "reason", "state", "created_at", "updated_at"], self.matches)  # fmt: skip


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
        sources = [Source(id=i, url=f"https://example.org/s/{i}", title=f"Source {i}")
                   for i in range(1, 20001)]  # fmt: skip
        Source.objects.bulk_create(sources, batch_size=2000)
    editors = list(range(1, 6))
    reviewers = list(range(6, 41))
    has_rating = any(f.name == "rating" for f in Claim._meta.concrete_fields)
    tracked = any(f.name == "group" for f in Claim._meta.concrete_fields)
    claim_id = (first_article - 1) * CLAIMS_PER_ARTICLE
    verdict_id = claim_id * 2
    evidence_id = claim_id * 2
    transition_id = claim_id * 4
    rows: dict[type, list[list]] = {Article: [], Claim: [], Verdict: [],
                                    Evidence: [], Transition: []}  # fmt: skip
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
                outcome = {"published": "approved", "submitted": "pending",
                           "returned": "returned"}[status]  # fmt: skip
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
                moves = [("start_review", "new", "in_review"),
                         ("submit", "in_review", "submitted")]  # fmt: skip
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
        for model in (Article, Claim, Verdict, Evidence, Transition):
            names = [model._meta.get_field(c).column if c != "id" else "id"
                     for c in columns[model]]  # fmt: skip
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
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = editor.get_session_auth_hash()
    session.create()
    newest = Article.objects.order_by("-id").first()
    return {
        "session": session.session_key,
        "article": newest.pk,
        "claim": newest.claims.order_by("id").first().pk,
        "claims": Claim.objects.count(),
    }


# --- the client --------------------------------------------------------------


def client(sizes: list[dict], requests: int, clients: int, rounds: int) -> list:
    """Each target in turn, at every size: `requests` GETs a size, from
    `clients` threads with a keep-alive connection each, in `rounds` bursts
    with the sizes taking turns (in the opposite order every other round), so
    that a machine slowing down or speeding up meanwhile weighs on every size
    alike. Latencies in ms, per size."""
    results: list[dict] = [{} for _ in sizes]
    for size in sizes:  # each server's workers and caches warmed, alike
        for _, path in size["targets"]:
            _burst(size["port"], size["session"], path, 0, clients, [], [])
    for index, (name, _) in enumerate(sizes[0]["targets"]):
        latencies: list[list[float]] = [[] for _ in sizes]
        errors: list[list[str]] = [[] for _ in sizes]
        walls = [0.0 for _ in sizes]
        for turn in range(rounds):
            order = list(range(len(sizes)))
            for at in order if turn % 2 == 0 else order[::-1]:
                size = sizes[at]
                walls[at] += _burst(
                    size["port"], size["session"], size["targets"][index][1],
                    max(1, requests // rounds // clients), clients,
                    latencies[at], errors[at],
                )  # fmt: skip
        for at in range(len(sizes)):
            found = sorted(latencies[at])
            results[at][name] = {
                "p50": statistics.median(found),
                "p95": found[min(len(found) - 1, int(len(found) * 0.95))],
                "p99": found[min(len(found) - 1, int(len(found) * 0.99))],
                "rps": len(found) / walls[at],
                "errors": errors[at][:3],
            }
    return results


def _burst(
    port: int, session: str, path: str, per_client: int, clients: int,
    latencies: list[float], errors: list[str],
) -> float:  # fmt: skip
    """`per_client` GETs of `path` from each of `clients` threads (after one
    warm-up each); the seconds it took."""

    def run() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        headers = {"Cookie": f"sessionid={session}", "Host": "127.0.0.1"}
        for i in range(per_client + 1):  # the first is a warm-up
            started = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(f"{response.status} {path}")
            if i:
                latencies.append((time.perf_counter() - started) * 1000)
        conn.close()

    threads = [threading.Thread(target=run) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


# --- the orchestra -----------------------------------------------------------


def _env(database_url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "SECRET_KEY": "bench-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONPATH": str(ROOT),
        "LOG_LEVEL": "WARNING",
    }


def _self(env: dict, *args: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, *args], env=env, check=True,
        capture_output=True, text=True, cwd=ROOT,
    ).stdout  # fmt: skip
    return json.loads(out.strip().splitlines()[-1])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure(runs: list[tuple[dict, dict]], args) -> list[dict]:
    """Each (env, info) served by a gunicorn of its own (-w 2, one at work at
    a time), measured in turns by one client process; results per run."""
    with contextlib.ExitStack() as stack:
        sizes = [
            {
                "port": _serve(env, stack),
                "session": info["session"],
                "targets": [(n, p.format(**info)) for n, p in TARGETS],
            }
            for env, info in runs
        ]
        spec = json.dumps([sizes, args.requests, args.clients, args.rounds])
        return _self(runs[0][0], "_client", spec)


def _serve(env: dict, stack: contextlib.ExitStack) -> int:
    port = _free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "config.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}",
         "--timeout", "300", "--log-level", "warning"],
        env=env, cwd=ROOT, start_new_session=True,
    )  # fmt: skip

    @stack.callback
    def stop() -> None:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()

    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    return port


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def table(title: str, sizes: dict[int, dict]) -> None:
    print(f"\n{title}")
    head = "| target |" + "".join(
        f" p50 / p95 / p99 ms, req/s at {n:,} |" for n in sizes
    )
    print(head)
    print("| --- |" + " --- |" * len(sizes))
    for name, _ in TARGETS:
        cells = []
        for results in sizes.values():
            r = results[name]
            bad = f" ({', '.join(r['errors'])})" if r["errors"] else ""
            cells.append(
                f" {r['p50']:.0f} / {r['p95']:.0f} / {r['p99']:.0f}, "
                f"{r['rps']:.0f}{bad} |"
            )
        print(f"| {name} |" + "".join(cells))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in ("_load", "_client"):
        return _child(sys.argv[1], sys.argv[2])
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="20k and 100k claims")
    parser.add_argument("--requests", type=int, default=200, help="per target")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument(
        "--rounds", type=int, default=4, help="bursts a target, the sizes in turns"
    )
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    small, large = (20_000, 100_000) if args.quick else (100_000, args.claims)
    total = large // CLAIMS_PER_ARTICLE
    first = small // CLAIMS_PER_ARTICLE
    # Two databases, measured in turns: the small one is a copy of the large
    # one taken when it held `small` claims.
    names = (f"{PG_NAME}_small", PG_NAME)
    envs = [_env(f"{PG_SERVER}/{name}") for name in names]
    for name in names:
        _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _admin(f"CREATE DATABASE {PG_NAME}")
    infos = []
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"],
                       env=envs[1], cwd=ROOT, check=True)  # fmt: skip
        for start, count in ((1, first), (first + 1, total - first)):
            began = time.perf_counter()
            infos.append(_self(envs[1], "_load", json.dumps([start, count])))
            print(f"PostgreSQL: {infos[-1]['claims']:,} claims loaded in "
                  f"{time.perf_counter() - began:.0f} s", flush=True)  # fmt: skip
            if len(infos) == 1:
                _admin(f"CREATE DATABASE {names[0]} TEMPLATE {PG_NAME}")
        results = measure(list(zip(envs, infos, strict=True)), args)
        sizes = {info["claims"]: r for info, r in zip(infos, results, strict=True)}
    finally:
        for name in names:
            _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    table("PostgreSQL, gunicorn -w 2, 4 clients", sizes)
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            lite = _env(f"sqlite:///{tmp}/bench.sqlite3")
            subprocess.run([sys.executable, "manage.py", "migrate", "-v0"],
                           env=lite, cwd=ROOT, check=True)  # fmt: skip
            began = time.perf_counter()
            info = _self(lite, "_load", json.dumps([1, first]))
            print(f"\nSQLite: {info['claims']:,} claims loaded in "
                  f"{time.perf_counter() - began:.0f} s", flush=True)  # fmt: skip
            table("SQLite, gunicorn -w 2, 4 clients",
                  {info["claims"]: measure([(lite, info)], args)[0]})  # fmt: skip
    (low, lows), (high, highs) = sizes.items()
    worst = max(r["p95"] for r in highs.values())
    growth = max(highs[n]["p95"] / lows[n]["p95"] for n in highs)
    print(f"\nworst_p95_ms={worst:.0f} growth={growth:.2f}")


def _child(kind: str, spec: str) -> None:
    if kind == "_client":
        print(json.dumps(client(*json.loads(spec))))
        return
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    print(json.dumps(load(*json.loads(spec))))


if __name__ == "__main__":
    main()
