import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from claims.matching import ClaimIndex
from claims.matching.tsv import TsvError, read_tsv


class Command(BaseCommand):
    help = (
        "Rank the claims of CORPUS.tsv (id, text, optional title) for each query "
        "of QUERIES.tsv (id, text), without touching the database."
    )
    requires_system_checks = []  # no database, no models needed

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("queries", type=Path)
        parser.add_argument("corpus", type=Path)
        parser.add_argument("--top", default="5", help="candidates per query (5)")
        parser.add_argument(
            "--json", action="store_true", help='print {"matches": {...}}'
        )

    def handle(self, *args, queries: Path, corpus: Path, top: str, **options):
        try:
            k = int(top)
        except ValueError:
            k = 0
        if k <= 0:
            return self._fail(f"--top: {top!r} is not a positive integer")
        try:
            query_rows = read_tsv(queries, ["id", "text"])
            corpus_rows = read_tsv(corpus, ["id", "text"], ["title"])
        except TsvError as exc:
            return self._fail(str(exc))
        index = ClaimIndex()
        index.add(
            [row["id"] for row in corpus_rows],
            [row["text"] for row in corpus_rows],
            titles=[row["title"] for row in corpus_rows],
        )
        found = index.search_many([row["text"] for row in query_rows], k)
        matches = {
            row["id"]: [{"id": c.id, "score": round(c.score, 6)} for c in candidates]
            for row, candidates in zip(query_rows, found, strict=True)
        }
        if options["json"]:
            self.stdout.write(json.dumps({"matches": matches}, ensure_ascii=False))
            return
        for query_id, candidates in matches.items():
            for rank, c in enumerate(candidates, start=1):
                self.stdout.write(f"{query_id}\t{rank}\t{c['id']}\t{c['score']:.4f}")

    def _fail(self, message: str) -> None:
        # "error: FILE: reason" and exit status 1, as import_articles reports.
        self.stderr.write(f"error: {message}")
        sys.exit(1)
