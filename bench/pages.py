"""The article reader with 300 highlighted claims against the same page with
highlighting off, measured in the same run.

Renders both through Django's test client, interleaved, and prints each
median and their ratio (target: highlighted ≤ 2× plain). The claims list
beside the text is on both pages; the difference is the highlighting.

    python bench/pages.py [--claims 300] [--rounds 60]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        # The test settings: plain static files storage, no collectstatic needed.
        os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
        import django

        django.setup()
        from django.conf import settings
        from django.contrib.auth.models import Group, User
        from django.core.management import call_command
        from django.test import Client

        from tests.pages import article_with_claims

        settings.ALLOWED_HOSTS = ["testserver"]
        call_command("migrate", verbosity=0)
        article = article_with_claims(args.claims)
        # Nested spans too: a quantity inside every tenth sentence claim.
        from claims.models import Claim

        nested = [
            Claim(article=article, start=c.start + 15, end=c.start + 27,
                  text=article.body[c.start + 15 : c.start + 27], kind="quantity",
                  sentence_start=c.sentence_start, sentence_end=c.sentence_end)
            for c in list(article.claims.all())[::10]
        ]  # fmt: skip
        Claim.objects.bulk_create(nested)
        user = User.objects.create_user("bench")
        user.groups.add(Group.objects.get(name="reviewer"))
        client = Client()
        client.force_login(user)
        url = article.get_absolute_url()
        timings: dict[str, list[float]] = {"highlighted": [], "plain": []}
        for _ in range(5):  # warm up templates and caches
            client.get(url)
            client.get(url, {"highlight": "0"})
        for _ in range(args.rounds):
            for name, params in (("highlighted", {}), ("plain", {"highlight": "0"})):
                started = time.perf_counter()
                response = client.get(url, params)
                timings[name].append(time.perf_counter() - started)
                assert response.status_code == 200
        hl, plain = (statistics.median(timings[n]) for n in ("highlighted", "plain"))
        claims = article.claims.count()
        print(f"reader, {claims} claims ({len(nested)} nested), {args.rounds} rounds")
        print(f"highlighted:  median {hl * 1000:.1f} ms")
        print(f"plain:        median {plain * 1000:.1f} ms")
        print(f"ratio:        {hl / plain:.2f}  (target <= 2)")


if __name__ == "__main__":
    main()
