from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from annotations.exports import restore_jsonl


class Command(BaseCommand):
    help = "Load a JSONL export (export_claims, or the API's) into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .jsonl export")

    def handle(self, *args, file: str, **options):
        try:
            with open(file, encoding="utf-8") as lines:
                counts = restore_jsonl(lines)
        except (OSError, UnicodeDecodeError, ValidationError) as exc:
            message = "; ".join(getattr(exc, "messages", [str(exc)]))
            raise CommandError(f"{file}: {message}") from exc
        self.stdout.write(", ".join(f"{n} {kind}" for kind, n in counts.items()))
