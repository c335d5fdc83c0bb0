"""The claims list API against a bare Django view returning the same rows.

Builds a fresh database with 100k claims (a SQLite file in a temporary
folder, or the PostgreSQL database `claimdesk_bench` on the server of
DATABASE_URL when that is set), serves it with gunicorn on 127.0.0.1 (two
workers), and from a separate process runs concurrent clients against
`/api/v1/claims/?status=new&page_size=100` (token-authenticated) and against
the baseline view `bench/plain/claims/` (the same rows through json.dumps,
bench-only: bench/api_site/urls.py). Prints requests/s and p95 latency of
both and the ratio of throughputs (target: >= 0.5).

    python bench/api.py [--claims 100000] [--clients 4] [--seconds 8]
"""

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

API = "/api/v1/claims/?status=new&page_size=100"
PLAIN = "/bench/plain/claims/?status=new&page_size=100"
BENCH_DB = "claimdesk_bench"


# --- the load: runs in its own process -----------------------------------


def load(port: int, path: str, headers: dict, clients: int, seconds: float) -> dict:
    """`clients` threads requesting `path` for `seconds`; latencies in ms."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client() -> None:
        mine, bad = [], 0
        while time.perf_counter() < stop:
            started = time.perf_counter()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
            finally:
                connection.close()
            if ok:
                mine.append((time.perf_counter() - started) * 1000)
            else:
                bad += 1
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors[0],
        "rps": len(latencies) / elapsed,
        "p95": latencies[int(len(latencies) * 0.95) - 1] if latencies else 0.0,
    }


def run_load(port: int, path: str, headers: dict, args) -> dict:
    """The load from a separate process, so it does not share our interpreter."""
    command = [
        sys.executable, __file__, "--load", path, "--port", str(port),
        "--clients", str(args.clients), "--seconds", str(args.seconds),
        "--headers", json.dumps(headers),
    ]  # fmt: skip
    output = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(output.stdout)


# --- the database ----------------------------------------------------------


def database_url(folder: str) -> str:
    base = os.environ.get("DATABASE_URL")
    if not base:
        return f"sqlite:///{folder}/bench.sqlite3"
    import psycopg

    parts = urlsplit(base)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        connection.execute(f"CREATE DATABASE {BENCH_DB}")
    return urlunsplit(parts._replace(path=f"/{BENCH_DB}"))


def populate(claims: int) -> str:
    """Migrate and fill the bench database; the viewer's API token."""
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from rest_framework.authtoken.models import Token

    from claims.models import Article, Claim, body_sha256

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # the throttles' counters
    sentence = "Officials said that {n} containers of munitions crossed the border. "
    per_article = 100
    statuses = ["new", "new", "in_review", "submitted", "dismissed"]
    for first in range(0, claims, per_article * 100):
        articles = []
        for a in range(
            first // per_article, (first + per_article * 100) // per_article
        ):
            body = "".join(sentence.format(n=a * 1000 + i) for i in range(per_article))
            articles.append(
                Article(title=f"Article {a}", body=body, sha256=body_sha256(body))
            )
        articles = Article.objects.bulk_create(articles)
        rows = []
        for a, article in enumerate(articles):
            at = 0
            for i in range(per_article):
                text = sentence.format(n=(first // per_article + a) * 1000 + i)
                rows.append(
                    Claim(
                        article=article, start=at, end=at + len(text) - 1,
                        text=text[:-1], sentence_start=at, sentence_end=at + len(text) - 1,
                        kind="quantity", score=0.5, quantity_value=1000.0,
                        quantity_unit="containers", quantity_subject="munitions",
                        status=statuses[(a + i) % len(statuses)],
                    )
                )  # fmt: skip
                at += len(text)
        Claim.objects.bulk_create(rows[: claims - first], batch_size=2000)
    from django.db import connection

    with connection.cursor() as cursor:  # fresh statistics, as autovacuum would
        cursor.execute("ANALYZE")
    viewer = User.objects.create_user("bench-viewer")
    viewer.groups.add(Group.objects.get(name="viewer"))
    return Token.objects.create(user=viewer).key


# --- the server ------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def same_rows(port: int, headers: dict) -> None:
    """Both endpoints answer with the same claims, or the comparison is void."""
    ids = []
    for path, head in ((API, headers), (PLAIN, {})):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", path, headers=head)
        results = json.loads(connection.getresponse().read())["results"]
        ids.append([row["id"] for row in results])
    if ids[0] != ids[1] or len(ids[0]) != 100:
        raise SystemExit("the API and the baseline return different rows")


def wait_for(port: int, path: str, deadline: float = 60) -> None:
    stop = time.monotonic() + deadline
    while time.monotonic() < stop:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", path)
            if connection.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--load", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--headers", default="{}", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load:
        result = load(
            args.port, args.load, json.loads(args.headers), args.clients, args.seconds
        )
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory() as folder:
        os.environ["CLAIMDESK_BENCH_DATABASE_URL"] = database_url(folder)
        os.environ["DJANGO_SETTINGS_MODULE"] = "bench.api_site.settings"
        os.environ.pop("DATABASE_URL", None)
        started = time.perf_counter()
        token = populate(args.claims)
        print(f"{args.claims:,} claims written in {time.perf_counter() - started:.1f}s")
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi:application",
             "--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
        try:
            auth = {"Authorization": f"Token {token}"}
            wait_for(port, PLAIN)
            same_rows(port, auth)
            # Warm both, then alternate so that drift in machine load hits both.
            short = argparse.Namespace(clients=args.clients, seconds=1)
            run_load(port, API, auth, short)
            run_load(port, PLAIN, {}, short)
            api_runs, plain_runs = [], []
            for _ in range(args.rounds):
                api_runs.append(run_load(port, API, auth, args))
                plain_runs.append(run_load(port, PLAIN, {}, args))
        finally:
            server.terminate()
            server.wait(timeout=30)
    api_rps = statistics.median(r["rps"] for r in api_runs)
    plain_rps = statistics.median(r["rps"] for r in plain_runs)
    api_p95 = statistics.median(r["p95"] for r in api_runs)
    plain_p95 = statistics.median(r["p95"] for r in plain_runs)
    errors = sum(r["errors"] for r in api_runs + plain_runs)
    print(f"database: {'PostgreSQL' if 'postgres' in os.environ['CLAIMDESK_BENCH_DATABASE_URL'] else 'SQLite'}, "
          f"gunicorn workers: 2, clients: {args.clients}, "
          f"{args.rounds} x {args.seconds:g}s each, errors: {errors}")  # fmt: skip
    print(f"API  {API}: {api_rps:8.1f} req/s, p95 {api_p95:6.1f} ms")
    print(f"bare {PLAIN}: {plain_rps:8.1f} req/s, p95 {plain_p95:6.1f} ms")
    print(f"ratio: {api_rps / plain_rps:.3f}  (target >= 0.5)")
    if errors:
        raise SystemExit("some requests failed")


if __name__ == "__main__":
    main()
