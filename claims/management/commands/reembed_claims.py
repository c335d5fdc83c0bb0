import sys

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Q
from tqdm import tqdm

from claims import tracking
from claims.matching import MODEL_ID
from claims.models import Claim


class Command(BaseCommand):
    help = (
        "Embed the claims that have no embedding from the current model "
        f"({MODEL_ID}), in batches. Stopped, it resumes where it was: each "
        "batch is saved as it is done."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch", default="256", help="claims per batch (1-10000; 256)"
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bar"
        )

    def handle(self, *args, batch: str, no_progress: bool, **options) -> None:
        size = int(batch) if batch.isascii() and batch.isdigit() else 0
        if not 1 <= size <= 10_000:
            self.stderr.write(f"error: --batch: {batch!r} is not a number 1-10000")
            sys.exit(1)
        stale = Claim.objects.filter(
            Q(embedding__isnull=True) | ~Q(embedding_model=MODEL_ID)
        ).order_by("pk")
        total = stale.count()
        bar = tqdm(total=total, unit="claim", disable=no_progress, file=sys.stderr)
        done, last = 0, 0
        while True:
            claims = list(stale.filter(pk__gt=last).only("pk", "text")[:size])
            if not claims:
                break
            tracking.embed(claims)
            Claim.objects.bulk_update(claims, ["embedding", "embedding_model"])
            done += len(claims)
            last = claims[-1].pk
            bar.update(len(claims))
        bar.close()
        tracking.reset()  # this process's index; other servers reload theirs
        self.stdout.write(f"{done} claims embedded with {MODEL_ID}.")
