from django.core.management.base import BaseCommand

from annotations.exports import csv_lines, jsonl_lines
from claims.models import Claim


class Command(BaseCommand):
    help = "Write every claim with its verdicts, evidence and transitions."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")

    def handle(self, *args, format: str, **options):
        lines = jsonl_lines if format == "jsonl" else csv_lines
        for text in lines(Claim.objects.all()):
            self.stdout.write(text, ending="")
