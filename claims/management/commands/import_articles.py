import sys
from collections import Counter
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims.extraction.parallel import default_workers
from claims.intake import record_from_url
from claims.intake.jobs import create_job
from claims.models import ImportItem
from claims.records import SUFFIXES, ImportProblem, parse_article_file


class Command(BaseCommand):
    help = (
        "Import articles from web addresses, or from .txt, .json and .jsonl files "
        "or folders, extracting their claims."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="http(s) URLs, files or folders")
        parser.add_argument(
            "--urls",
            action="append",
            default=[],
            type=Path,
            metavar="FILE",
            help="a file of URLs, one a line (# starts a comment)",
        )
        parser.add_argument("--title", default="", help="title for a single .txt file")
        parser.add_argument("--user", help="username recorded as the importer")
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bar"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help="processes extracting claims (default: the number of cores)",
        )

    def handle(self, *args, paths, urls, title, user, no_progress, workers, **options):
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        if not paths and not urls:
            raise CommandError(
                "Name at least one URL, file or folder (or --urls FILE)."
            )
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(f"No user named {user!r}.")
        addresses, problems = self._addresses(paths, urls)
        files, missing = self._collect([Path(p) for p in paths if not is_url(p)])
        problems += missing
        if title and len(files) + len(addresses) > 1:
            raise CommandError("--title applies to one file only.")
        records = self._fetch(addresses, problems, quiet=no_progress)
        for path in files:
            try:
                found, bad = parse_article_file(
                    str(path), path.read_bytes(), title=title
                )
            except ImportProblem as exc:
                problems.append(str(exc))
            except OSError as exc:
                problems.append(f"{path}: {exc.strerror or exc}")
            else:
                records.extend(found)
                problems.extend(bad)
        for problem in problems:
            self.stderr.write(f"error: {problem}")
        counts = Counter()
        bar = tqdm(
            total=len(records),
            unit="article",
            desc="Extracting",
            file=sys.stderr,
            disable=no_progress or len(records) < 2,
        )

        def progress(item: ImportItem) -> None:
            bar.update()
            counts[item.outcome] += 1
            if item.outcome == ImportItem.Outcome.FAILED:
                self.stderr.write(f"error: {_where(item)}")
            elif options["verbosity"] > 1:
                state = "imported" if item.outcome == "imported" else "already present"
                self.stdout.write(
                    f"{item.source}: {state} as #{item.article.pk} "
                    f"{item.article.title!r}"
                )

        # One import job, as every import is: run here (extracting in
        # `workers` processes), or by the Celery workers when there is a broker.
        with bar:
            job = create_job(
                user=importer,
                items=records,
                failed=[("", problem) for problem in problems],
                wait=True,
                workers=workers,
                progress=progress,
            )
        if not job.is_over:
            self.stdout.write(
                f"Import job #{job.pk} ({job.total} items) is queued for the workers."
            )
            return
        failed = counts[ImportItem.Outcome.FAILED] + len(problems)
        self.stdout.write(
            f"{counts[ImportItem.Outcome.IMPORTED]} imported, "
            f"{counts[ImportItem.Outcome.EXISTING]} already present, {failed} failed."
        )
        if failed:
            raise CommandError(f"{failed} file(s) or record(s) could not be imported.")

    def _collect(self, paths: list[Path]) -> tuple[list[Path], list[str]]:
        files, problems = [], []
        for path in paths:
            if path.is_dir():
                found = (p for p in path.rglob("*") if p.is_file())
                files.extend(sorted(p for p in found if p.suffix.lower() in SUFFIXES))
            elif path.is_file():
                files.append(path)
            else:
                problems.append(f"{path}: no such file or folder")
        return files, problems

    def _addresses(self, paths: list[str], lists: list[Path]) -> tuple[list, list]:
        """The URLs named on the command line and in --urls files."""
        addresses = [p for p in paths if is_url(p)]
        problems = []
        for path in lists:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                problems.append(f"{path}: {getattr(exc, 'strerror', None) or exc}")
                continue
            for number, line in enumerate(text.splitlines(), 1):
                line = line.split("#", 1)[0].strip()
                if not line:
                    continue
                if is_url(line):
                    addresses.append(line)
                else:
                    problems.append(f"{path}:{number}: not an http(s) URL")
        return addresses, problems

    def _fetch(self, addresses: list[str], problems: list[str], *, quiet: bool):
        """(where, record) for each URL that gives an article."""
        records = []
        bar = tqdm(
            addresses,
            unit="page",
            desc="Fetching",
            file=sys.stderr,
            disable=quiet or len(addresses) < 2,
        )
        for url in bar:
            try:
                records.append((url, record_from_url(url)))
            except ImportProblem as exc:
                problems.append(str(exc))
        return records


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def _where(item: ImportItem) -> str:
    """A failed item's problem, naming its file or record as it was read."""
    if item.problem.startswith(item.source):
        return item.problem
    return f"{item.source}: {item.problem}"
