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

The data, and what it holds: bench/scale_data.py.
"""

import argparse
import contextlib
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from scale_data import CLAIMS_PER_ARTICLE, load

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_NAME = "claimdesk_bench_scale"

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


def _positive(text: str) -> int:
    """A whole number of at least 1, or argparse's error naming the option."""
    if not (text.isascii() and text.isdigit() and int(text) >= 1):
        raise argparse.ArgumentTypeError(f"a whole number of at least 1, not {text!r}")
    return int(text)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in ("_load", "_client"):
        return _child(sys.argv[1], sys.argv[2])
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=_positive, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="20k and 100k claims")
    parser.add_argument("--requests", type=_positive, default=200, help="per target")
    parser.add_argument("--clients", type=_positive, default=4)
    parser.add_argument(
        "--rounds",
        type=_positive,
        default=4,
        help="bursts a target, the sizes in turns",
    )
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    small, large = (20_000, 100_000) if args.quick else (100_000, args.claims)
    if large <= small:
        parser.error(
            f"--claims must be more than {small:,}, the size it is compared to"
        )
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
