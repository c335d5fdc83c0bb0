from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Exists, OuterRef, Q

from claims.intake.jobs import create_job
from claims.models import Article, ArticleSnapshot, ImportItem


class Command(BaseCommand):
    help = (
        "Fetch every article with a URL again, as one import job: a changed text "
        "becomes a new version, its claims re-anchored (claims/versions.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "ids", nargs="*", type=int, help="only these article ids (default: all)"
        )
        parser.add_argument("--user", help="username recorded as the refresher")

    def handle(self, *args, ids, user, **options):
        refresher = None
        if user:
            refresher = get_user_model().objects.filter(username=user).first()
            if refresher is None:
                raise CommandError(f"No user named {user!r}.")
        fetched = ArticleSnapshot.objects.filter(article=OuterRef("pk"))
        articles = Article.objects.filter(~Q(url="") | Exists(fetched)).defer("body")
        if ids:
            articles = articles.filter(pk__in=ids)
            missing = set(ids) - set(articles.values_list("pk", flat=True))
            if missing:
                listed = ", ".join(map(str, sorted(missing)))
                raise CommandError(f"No article with a URL has the id(s) {listed}.")
        articles = list(articles.order_by("pk"))
        if not articles:
            self.stdout.write("No article has a URL to fetch again.")
            return
        # Inline without a broker, on the workers with one (claims/intake/jobs.py).
        job = create_job(user=refresher, refresh=articles, wait=True)
        self.stdout.write(f"Import job #{job.pk}: {len(articles)} articles.")
        if not job.is_over:
            self.stdout.write("Queued for the workers; follow it at its page or API.")
            return
        for item in job.items.select_related("refresh"):
            what = item.problem or item.note
            self.stdout.write(f"#{item.refresh_id} {item.outcome}: {what}")
        failed = job.items.filter(outcome=ImportItem.Outcome.FAILED).count()
        if failed:
            raise CommandError(
                f"{failed} of {job.total} articles could not be refreshed."
            )
