"""Notifications: what happened to my work, in the app and by e-mail.

The domain functions call `notify` in their own transaction, so a
notification exists exactly when the action it tells of does:

- assigned: the new assignee (annotations/workflow.py `assign`);
- returned: the proposer of the verdict sent back (`return_claim`);
- approved: the proposer of the verdict published, on every claim it is
  published on (`approve`, `approve_group`; a reused verdict was proposed by
  whoever reused it);
- withdrawn: the proposer of a published verdict taken back (`withdraw`);
- mentioned: each person named as @username in a comment
  (annotations/evidence.py `add_comment`).

Nobody is told of their own action, and only active people with a role hear
of anything: everyone with a role may read every claim and its discussion,
so nobody learns of a claim they may not see. An unknown name is no mention.

With `CLAIMDESK_NOTIFY_EMAIL` on, each notification is also e-mailed to a
recipient with an address, once the transaction has committed (a rolled-back
action sends nothing), by a Celery worker where a broker is configured (the
request does not wait for the mail server); a mail that fails is logged and
the action stands.
"""

import logging
import re
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from annotations.models import Comment, Notification
from claims.models import Claim
from claims.roles import ROLES

logger = logging.getLogger(__name__)
Kind = Notification.Kind

# @ then a Django username ([\w.@+-]), not inside a word or an e-mail address.
MENTION = re.compile(r"(?<![\w.@+-])@([\w.@+-]+)")
MAX_MENTIONS = 20  # names looked up per comment; the rest are not told
MESSAGE_LENGTH = Notification._meta.get_field("message").max_length


def mentions(body: str) -> list[str]:
    """The usernames named as @username in `body`, in order, each once. A
    full stop after a name ends the sentence, not the name: "ask @anna." """
    names: list[str] = []
    for match in MENTION.finditer(body):
        name = match.group(1).rstrip(".")
        if name and name not in names:
            names.append(name)
    return names[:MAX_MENTIONS]


def members() -> QuerySet[User]:
    """The people who may be told anything: active, with a role (superusers
    count as editors)."""
    return (
        User.objects.filter(is_active=True)
        .filter(Q(groups__name__in=ROLES) | Q(is_superuser=True))
        .distinct()
    )


def mentioned_in(body: str) -> QuerySet[User]:
    """The members `body` mentions; names that are nobody's are ignored."""
    return members().filter(username__in=mentions(body))


def notify(
    *,
    kind: str,
    recipients: Iterable[User | None],
    actor: User,
    claim: Claim,
    comment: Comment | None = None,
    message: str = "",
) -> list[Notification]:
    """Tell each recipient that `actor` did `kind` to `claim`: once each,
    never the actor, only members (one query to check). E-mail follows the
    commit when configured."""
    wanted = {p.pk for p in recipients if p is not None and p.pk != actor.pk}
    if not wanted:
        return []
    message = " ".join(message.split())
    if len(message) > MESSAGE_LENGTH:
        message = message[: MESSAGE_LENGTH - 1] + "…"
    rows = Notification.objects.bulk_create(
        Notification(
            recipient=person, actor=actor, kind=kind, claim=claim, comment=comment,
            message=message,
        )
        for person in members().filter(pk__in=wanted).order_by("pk")
    )  # fmt: skip
    if rows and settings.CLAIMDESK_NOTIFY_EMAIL:
        transaction.on_commit(lambda: _queue_emails(rows), robust=True)
    return rows


def unread_count(user) -> int:
    return Notification.objects.visible_to(user).unread().count()


def mark_read(
    user, ids: Iterable[int] | None = None, *, upto: int | None = None
) -> int:
    """Mark `user`'s unread notifications read: those of `ids`, or all (with
    `upto`, those up to that id: what the person saw, not what came since).
    Anyone else's are left alone. Returns how many were marked."""
    unread = Notification.objects.filter(recipient=user).unread()
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    if upto is not None:
        unread = unread.filter(pk__lte=upto)
    return unread.update(read_at=timezone.now())


def _queue_emails(rows: list[Notification]) -> None:
    """To a Celery worker where there is a broker, else sent here."""
    from annotations.tasks import email_notifications  # tasks import this module

    email_notifications.delay([row.pk for row in rows])


def send_emails(rows: list[Notification]) -> None:
    """One e-mail per notification whose recipient has an address. A mail that
    cannot be sent is logged; the others still go."""
    site = settings.CLAIMDESK_SITE_URL.rstrip("/")
    for row in rows:
        if not row.recipient.email:
            continue
        said = f"{row.actor.get_username()} {row.headline}"
        lines = [
            f"{said}:",
            "",
            f"“{row.claim.text}”",
            *([row.message] if row.message else []),
            "",
            f"Open it: {site}{row.get_absolute_url()}",
        ]
        try:
            send_mail(
                subject=f"ClaimDesk: {said}",
                message="\n".join(lines) + "\n",
                from_email=None,
                recipient_list=[row.recipient.email],
            )
        except Exception:  # SMTP, DNS, a refused address: the action stands
            logger.exception(
                "Could not e-mail notification %s to user %s", row.pk, row.recipient_id
            )
