import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.extraction import extract_claims, load_nlp
from claims.records import max_bytes


class Command(BaseCommand):
    help = (
        "Print the claims found in a text file (UTF-8), without touching the database."
    )
    requires_system_checks = []  # no database, no models needed

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--json", action="store_true", help='print {"claims": [...]}'
        )

    def handle(self, *args, file: Path, json: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from None
        if len(data) > max_bytes():  # the one article limit, within spaCy's
            raise CommandError(
                f"{file}: {len(data):,} bytes is over the limit of {max_bytes():,}"
            )
        try:
            # No newline or Unicode normalisation: offsets index the file's text as read.
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CommandError(f"{file}: not UTF-8 text (byte {exc.start})") from None
        claims = extract_claims(
            text, nlp=load_nlp(settings.CLAIMDESK_SPACY_MODEL or None)
        )
        if json:
            self.stdout.write(_dumps({"claims": [c.to_dict() for c in claims]}))
            return
        self.stdout.write(
            f"{'start':>6} {'end':>6} {'kind':<10} {'score':>5}  {'speaker':<18} text"
        )
        for c in claims:
            speaker = (c.speaker or "")[:18]
            mark = "“" if c.quoted else " "
            self.stdout.write(
                f"{c.start:>6} {c.end:>6} {c.kind:<10} {c.score:>5.2f}  {speaker:<18}{mark}{c.text[:90]!s}"
            )
        self.stdout.write(f"{len(claims)} claims")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
