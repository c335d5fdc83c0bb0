"""`import_articles` throughput with one worker process and with two.

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

    python bench/import_articles.py [--articles 64]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.setdefault("SECRET_KEY", "benchmark-only")
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
        import django

        django.setup()
        from django.core.management import call_command

        from claims import tracking
        from claims.extraction import load_nlp
        from claims.matching import load_encoder
        from claims.models import Article

        call_command("migrate", verbosity=0)
        seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]  # fmt: skip
        folder = Path(tmp) / "articles"
        folder.mkdir()
        words = 0
        for i in range(args.articles):
            text = f"{seeds[i % len(seeds)]}\nThis copy, number {i}, was filed on 5 June.\n"
            (folder / f"{i:04}.txt").write_text(text, encoding="utf-8")
            words += len(text.split())
        load_nlp()
        load_encoder()

        def run(workers: int) -> float:
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
            tracking.embed = lambda claims: None
            tracking.match_new_claims = lambda claims: []
            try:
                without.append(run(1))
            finally:
                tracking.embed, tracking.match_new_claims = embed, match
        on, off = statistics.median(with_tracking), statistics.median(without)
        print(f"--workers 1 without tracking: {off:.2f} s; with: {on:.2f} s")
        print(f"tracking adds {100 * (on - off) / off:.0f} % (target: at most 25 %)")


if __name__ == "__main__":
    main()
