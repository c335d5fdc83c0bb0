"""Celery tasks of the annotations app. Eager (in-process) unless
CELERY_BROKER_URL is set: then a worker, not the request, talks to the mail
server."""

from celery import shared_task

from annotations.models import Notification
from annotations.notifications import send_emails


@shared_task
def email_notifications(ids: list[int]) -> int:
    """E-mail the notifications `ids` (those still there); how many rows."""
    rows = list(
        Notification.objects.filter(pk__in=ids)
        .select_related("recipient", "actor", "claim")
        .order_by("pk")
    )
    send_emails(rows)
    return len(rows)
