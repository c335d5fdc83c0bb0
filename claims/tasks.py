"""Celery tasks around ingest. Eager (in-process) unless CELERY_BROKER_URL is set."""

from celery import shared_task
from django.contrib.auth import get_user_model

from claims.ingest import ingest_article


@shared_task
def ingest_article_task(
    *, body: str, title: str = "", user_id: int | None = None, **fields
) -> int:
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    article, _ = ingest_article(body=body, title=title, user=user, **fields)
    return article.pk


@shared_task
def run_import_job(job_id: int) -> str:
    """An import job on a worker (claims/intake/jobs.py)."""
    from claims.intake.jobs import run_job

    return run_job(job_id).status
