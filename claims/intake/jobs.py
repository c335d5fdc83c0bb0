"""Every import is a job: its items, its progress, what became of each.

A job runs on a Celery worker when CELERY_BROKER_URL is set. Without a
broker (the embedded default) it runs in a thread of the process that made
it, so a web request only records the job and answers at once;
`import_articles` and the tests run jobs inline. Each article is saved with
its claims in one transaction, so a worker killed mid-job leaves whole
articles or none; a job whose worker stopped is marked interrupted the next
time anyone looks at it, saying how far it got.
"""

import datetime
import threading
from collections.abc import Callable, Iterator

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

from claims import tracking
from claims.extraction.parallel import extract_parallel
from claims.ingest import existing_article, ingest_record
from claims.intake import record_from_url
from claims.models import Article, ImportItem, ImportJob
from claims.records import ArticleRecord, ImportProblem, describe, max_bytes
from claims.versions import refresh_from_url, source_url

# A job that has not moved for this long has lost its worker.
STALLED_AFTER = datetime.timedelta(minutes=15)
_FIELDS = ("body", "title", "url", "publisher", "byline")


def create_job(
    *,
    user: User | None,
    items: list[tuple[str, ArticleRecord | None]] = (),
    refresh: list[Article] = (),
    failed: list[tuple[str, str]] = (),
    wait: bool = False,
    workers: int = 1,
    progress: Callable[[ImportItem], None] | None = None,
) -> ImportJob:
    """A job for `items`: (source, record), where a record of None means the
    source is a URL to fetch, and for `refresh`: articles whose page is
    fetched again (claims/versions.py); `failed` are (source, problem) found
    before the job began (a malformed line of a file), recorded as its failed
    items. The job starts once the transaction commits; with `wait` (a
    command) it runs here unless workers take it, extracting in `workers`
    processes and calling `progress` after each item."""
    rows = [(source[:2000], _stored(r), None) for source, r in items]
    rows += [(source_url(article)[:2000], None, article) for article in refresh]
    with transaction.atomic():
        job = ImportJob.objects.create(
            created_by=user, total=len(rows) + len(failed), finished=len(failed)
        )
        ImportItem.objects.bulk_create(
            ImportItem(job=job, position=i, source=source, record=r, refresh=a)
            for i, (source, r, a) in enumerate(rows)
        )
        ImportItem.objects.bulk_create(
            ImportItem(
                job=job, position=len(rows) + i, source=source[:2000],
                outcome=ImportItem.Outcome.FAILED, problem=problem,
            )
            for i, (source, problem) in enumerate(failed)
        )  # fmt: skip
        elsewhere = _elsewhere() and not (wait and not settings.CELERY_BROKER_URL)
        if elsewhere:  # a worker or a thread reads the job once committed
            transaction.on_commit(lambda: dispatch(job.pk))
    if not elsewhere:
        run_job(job.pk, workers=workers, progress=progress)
        job.refresh_from_db()
    return job


def _elsewhere() -> bool:
    """True when the job runs on a worker or in a thread, not right here."""
    if settings.CELERY_BROKER_URL:
        return not settings.CELERY_TASK_ALWAYS_EAGER
    return settings.CLAIMDESK_IMPORT_IN_THREAD


def dispatch(job_id: int) -> None:
    if settings.CELERY_BROKER_URL:
        from claims.tasks import run_import_job

        run_import_job.delay(job_id)
    else:
        threading.Thread(target=_run_in_thread, args=(job_id,), daemon=True).start()


def _run_in_thread(job_id: int) -> None:
    try:
        run_job(job_id)
    finally:
        connection.close()  # the thread's own connection


def run_job(
    job_id: int,
    *,
    workers: int = 1,
    progress: Callable[[ImportItem], None] | None = None,
) -> ImportJob:
    """Import the job's pending items, one transaction each, in order; with
    `workers` > 1 the claims of their texts are extracted in that many
    processes ahead of the saving (claims/extraction/parallel.py)."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.is_over:
        return job
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    items = list(job.items.filter(outcome=ImportItem.Outcome.PENDING))
    extracted = _extracted(items, workers)
    for item in items:
        _run_item(item, user=job.created_by, ahead=next(extracted))
        ImportJob.objects.filter(pk=job.pk).update(
            finished=F("finished") + 1, updated_at=timezone.now()
        )
        if progress is not None:
            progress(item)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.DONE)
    job.refresh_from_db()
    return job


def _extracted(items: list[ImportItem], workers: int) -> Iterator[tuple | None]:
    """For each item, its text's claims and their embeddings, found ahead by
    the worker processes (workers > 1), or None: found when it is saved.
    Texts already imported are not parsed."""
    ahead = [
        workers > 1
        and bool(item.record)
        and existing_article(item.record["body"]) is None
        for item in items
    ]
    texts = [item.record["body"] for item, a in zip(items, ahead, strict=True) if a]
    model = settings.CLAIMDESK_SPACY_MODEL or None
    found = extract_parallel(
        texts, workers=workers, model_name=model, then=tracking.embedded
    )
    for a in ahead:
        yield next(found) if a else None


def _run_item(
    item: ImportItem, *, user: User | None, ahead: tuple | None = None
) -> None:
    try:
        if item.refresh_id is not None:
            _refresh(item, user=user)
            item.save()
            return
        record = _record(item.record) if item.record else record_from_url(item.source)
        candidates, embeddings = ahead or (None, None)
        article, created = ingest_record(
            record,
            user=user,
            max_size=max_bytes(),
            candidates=candidates,
            embeddings=embeddings,
        )
    except (ImportProblem, ValidationError, DatabaseError) as exc:
        _failed(item, exc)
    else:
        item.outcome = (
            ImportItem.Outcome.IMPORTED if created else ImportItem.Outcome.EXISTING
        )
        item.article, item.claims = article, article.claims.count()
        item.record = None  # the article holds the text now
    item.save()


def _failed(item: ImportItem, exc: Exception) -> None:
    """The item failed; why, in words for the person who asked."""
    if isinstance(exc, ValidationError):
        problem = describe(exc)
    elif isinstance(exc, DatabaseError):
        problem = f"The database refused it: {exc}"[:2000]
    else:
        problem = str(exc)
    item.outcome, item.problem = ImportItem.Outcome.FAILED, problem


def _refresh(item: ImportItem, *, user: User | None) -> None:
    """Fetch the article's page again; a new version if its text changed."""
    try:
        outcome = refresh_from_url(article=item.refresh, user=user)
    except (ImportProblem, ValidationError, DatabaseError) as exc:
        _failed(item, exc)
    else:
        changed = ImportItem.Outcome.REFRESHED
        item.outcome = changed if outcome.changed else ImportItem.Outcome.UNCHANGED
        item.article, item.claims = outcome.article, outcome.added
        item.note = outcome.describe()


def notice_stalled(jobs) -> None:
    """Mark jobs whose worker stopped as interrupted, saying how far they got."""
    cutoff = timezone.now() - STALLED_AFTER
    for job in jobs:
        if job.is_over or job.updated_at >= cutoff:
            continue
        job.status = ImportJob.Status.INTERRUPTED
        job.note = (
            f"The worker stopped before the job was done: {job.finished} of "
            f"{job.total} items were finished. Import the others again."
        )
        job.save(update_fields=["status", "note"])


def _stored(record: ArticleRecord | None) -> dict | None:
    if record is None:
        return None
    data = {name: getattr(record, name) for name in _FIELDS}
    data["published"] = record.published.isoformat() if record.published else None
    return data


def _record(data: dict) -> ArticleRecord:
    published = data.get("published")
    return ArticleRecord(
        **{name: data.get(name) or "" for name in _FIELDS},
        published=datetime.date.fromisoformat(published) if published else None,
    )
