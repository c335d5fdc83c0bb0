"""`import_articles` throughput with one worker process and with two.

Writes copies of the seed articles (each made unique by a closing line, so
none is recognised as a duplicate) to a temporary folder, imports them into a
fresh SQLite database with `--workers 1`, empties it, imports them again with
`--workers 2`, and prints words/s of each and their ratio. Both runs parse,
extract and save everything; the model is loaded before either is timed.

    python bench/import_articles.py [--articles 64]
"""

import argparse
import os
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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.setdefault("SECRET_KEY", "benchmark-only")
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
        import django

        django.setup()
        from django.core.management import call_command

        from claims.extraction import load_nlp
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
        rates = {}
        for workers in (1, 2):
            Article.objects.all().delete()
            started = time.perf_counter()
            call_command(
                "import_articles", str(folder), workers=workers, no_progress=True,
                stdout=StringIO(), stderr=StringIO(),
            )  # fmt: skip
            rates[workers] = words / (time.perf_counter() - started)
            assert Article.objects.count() == args.articles
        print(f"articles: {args.articles}, words: {words:,}, cores: {os.cpu_count()}")
        for workers, rate in rates.items():
            print(f"--workers {workers}:            {rate:,.0f} words/s")
        print(f"speed-up with 2 workers: {rates[2] / rates[1]:.2f}x")


if __name__ == "__main__":
    main()
