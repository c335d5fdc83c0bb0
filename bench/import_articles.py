"""`import_articles` throughput with one worker process and with two, and
import jobs on one and on two Celery worker processes.

Writes copies of the seed articles (each made unique by a closing line, so
none is recognised as a duplicate) to a temporary folder, imports them into a
fresh SQLite database with `--workers 1`, empties it, imports them again with
`--workers 2`, and prints words/s of each and their ratio. Both runs parse,
extract and save everything; the models are loaded before either is timed.

Then the share of claim tracking (embedding each claim and storing its
candidates from other articles, claims/tracking.py): `--workers 1` again
with tracking switched off, and the time tracking adds to it (target: at
most 25 %). The two one-worker runs alternate `--rounds` times (the median
of each), as the machine may be shared.

Then, when Redis answers at CLAIMDESK_BENCH_BROKER (redis://127.0.0.1:6379/5
by default), the same articles as import jobs of four articles each
(claims/intake/jobs.py), taken by `celery -A config worker` processes (one,
then two, `--pool solo`, on a queue of their own), from the moment the jobs
are made until the last is over; each worker has imported a small article
first, so its model is loaded.

    python bench/import_articles.py [--articles 64]
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BROKER = os.environ.get("CLAIMDESK_BENCH_BROKER", "redis://127.0.0.1:6379/5")
PER_JOB = 4


def redis_answers(url: str) -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    try:
        socket.create_connection((parts.hostname, parts.port or 6379), 1).close()
    except OSError:
        return False
    return True


def celery_rate(workers: int, texts: list[str], words: int, queue: str) -> float:
    """words/s of import jobs over `texts`, on `workers` worker processes."""
    from claims.intake.jobs import create_job
    from claims.models import Article, ImportJob
    from claims.records import ArticleRecord
    from config.celery import app

    app.conf.task_default_queue = queue  # where this process sends the jobs
    celery = Path(sys.executable).with_name("celery")
    env = {**os.environ, "CELERY_TASK_DEFAULT_QUEUE": queue}
    processes = [
        subprocess.Popen(
            [
                str(celery),
                "-A",
                "config",
                "worker",
                "--pool",
                "solo",
                "-Q",
                queue,
                "-n",
                f"bench{i}-{queue}@%h",
                "--prefetch-multiplier",
                "1",
                "--loglevel",
                "ERROR",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for i in range(workers)
    ]

    def run(batches: list[list[ArticleRecord]]) -> None:
        jobs = [
            create_job(user=None, items=[(r.title, r) for r in batch]).pk
            for batch in batches
        ]
        while ImportJob.objects.filter(
            pk__in=jobs, status__in=["queued", "running"]
        ).exists():
            time.sleep(0.05)

    try:
        # One small article per worker (in turn, so each takes one): models loaded.
        for i in range(workers):
            run(
                [
                    [
                        ArticleRecord(
                            body=f"Warm-up {queue} {workers} {i}: exports rose 5 percent.",
                            title="warm",
                        )
                    ]
                ]
            )
        Article.objects.all().delete()
        records = [ArticleRecord(body=t, title=f"#{i}") for i, t in enumerate(texts)]
        batches = [records[i : i + PER_JOB] for i in range(0, len(records), PER_JOB)]
        started = time.perf_counter()
        run(batches)
        elapsed = time.perf_counter() - started
        assert Article.objects.count() == len(texts)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=60)
    return words / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.setdefault("SECRET_KEY", "benchmark-only")
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
        with_celery = redis_answers(BROKER)
        if with_celery:  # import_articles imports in its own process regardless
            os.environ["CELERY_BROKER_URL"] = BROKER
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        from claims import tracking
        from claims.extraction import load_nlp
        from claims.matching import load_encoder
        from claims.models import Article

        call_command("migrate", verbosity=0)
        seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]  # fmt: skip
        folder = Path(tmp) / "articles"
        folder.mkdir()
        words, texts = 0, []
        for i in range(args.articles):
            text = f"{seeds[i % len(seeds)]}\nThis copy, number {i}, was filed on 5 June.\n"
            (folder / f"{i:04}.txt").write_text(text, encoding="utf-8")
            texts.append(text)
            words += len(text.split())
        load_nlp()
        load_encoder()
        broker, settings.CELERY_BROKER_URL = settings.CELERY_BROKER_URL, ""

        def run(workers: int) -> float:  # the command runs its job in-process
            Article.objects.all().delete()
            tracking.reset()
            started = time.perf_counter()
            call_command(
                "import_articles", str(folder), workers=workers, no_progress=True,
                stdout=StringIO(), stderr=StringIO(),
            )  # fmt: skip
            seconds = time.perf_counter() - started
            assert Article.objects.count() == args.articles
            return seconds

        rates = {workers: words / run(workers) for workers in (1, 2)}
        print(f"articles: {args.articles}, words: {words:,}, cores: {os.cpu_count()}")
        for workers, rate in rates.items():
            print(f"--workers {workers}:            {rate:,.0f} words/s")
        print(f"speed-up with 2 workers: {rates[2] / rates[1]:.2f}x")
        with_tracking, without = [], []
        embed, match = tracking.embed, tracking.match_new_claims
        for _ in range(args.rounds):
            with_tracking.append(run(1))
            tracking.embed = lambda claims, stored=None: None
            tracking.match_new_claims = lambda claims: []
            try:
                without.append(run(1))
            finally:
                tracking.embed, tracking.match_new_claims = embed, match
        on, off = statistics.median(with_tracking), statistics.median(without)
        print(f"--workers 1 without tracking: {off:.2f} s; with: {on:.2f} s")
        print(f"tracking adds {100 * (on - off) / off:.0f} % (target: at most 25 %)")
        settings.CELERY_BROKER_URL = broker
        if not with_celery:
            print(f"Celery: Redis does not answer at {BROKER}; not measured")
            return
        queue = f"claimdesk-bench-{uuid.uuid4().hex}"
        jobs = {n: celery_rate(n, texts, words, f"{queue}-{n}") for n in (1, 2)}
        for n, rate in jobs.items():
            print(
                f"Celery, {n} worker process{'es' if n > 1 else ''}: {rate:,.0f} words/s"
            )
        print(f"speed-up with 2 Celery workers: {jobs[2] / jobs[1]:.2f}x")
        print(f"Celery 1 worker / in-process --workers 1: {jobs[1] / rates[1]:.2f}x")


if __name__ == "__main__":
    main()
