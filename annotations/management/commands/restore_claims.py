from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from annotations.exports import restore_jsonl


class Command(BaseCommand):
    help = "Load a JSONL export (export_claims, or the API's) into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .jsonl export")

    def handle(self, *args, file: str, **options):
        # The restore is all or nothing: the first bad line stops it, named.
        try:
            with open(file, encoding="utf-8") as lines:
                counts = restore_jsonl(lines)
        except OSError as exc:
            reason = exc.strerror or str(exc)
        except UnicodeDecodeError as exc:
            reason = f"not UTF-8 text (byte {exc.start} of a line)"
        except ValidationError as exc:
            reason = "; ".join(exc.messages)
        else:
            self.stdout.write(", ".join(f"{n} {kind}" for kind, n in counts.items()))
            return
        self.stderr.write(f"error: {file}: {reason}")
        raise CommandError("Nothing was restored.")
