from django.core.management.base import BaseCommand, CommandError

from annotations.exports import csv_lines, jsonl_lines
from annotations.training_data import correction_lines
from claims.models import Claim


class Command(BaseCommand):
    help = (
        "Write every claim with its verdicts, evidence and transitions; or, "
        "with --corrections, the extractor's claims that people corrected."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=("jsonl", "csv"), default=None)
        parser.add_argument(
            "--corrections",
            action="store_true",
            help="JSONL: for each extracted claim a person corrected, what the "
            "extractor said (with its confidences) and what the claim says now.",
        )

    def handle(self, *args, format: str | None, corrections: bool, **options):
        if corrections:
            if format not in (None, "jsonl"):
                raise CommandError("--corrections writes JSONL only.")
            lines = correction_lines()
        else:
            lines = (csv_lines if format == "csv" else jsonl_lines)(Claim.objects.all())
        for text in lines:
            self.stdout.write(text, ending="")
