"""Sources, the evidence that ties them to claims, and comments.

Who may add or remove what is annotations/rules.py's to say. Evidence is
part of what an editor approves: adding or removing it bumps the claim's
version, so an approval based on an older version is refused. A comment
notifies the people it mentions (@username)."""

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from annotations import rules
from annotations.models import Comment, Evidence, Notification, Source, normalize_url
from annotations.notifications import mentioned_in, notify
from claims.editing import bump_version
from claims.models import Claim

MAX_TEXT = 20_000


def get_or_create_source(
    *,
    url: str,
    title: str = "",
    publisher: str = "",
    published: datetime.date | None = None,
) -> tuple[Source, bool]:
    """A known URL (after normalisation) reuses its Source; blanks get filled
    in. Returns the source and whether this call created it (of concurrent
    callers with one new URL, exactly one is told it created it)."""
    try:
        normalized = normalize_url(url)
    except ValidationError as exc:
        raise ValidationError({"url": exc.messages}) from exc
    source, created = Source.objects.get_or_create(
        url=normalized,
        defaults={
            "title": title.strip(),
            "publisher": publisher.strip(),
            "published": published,
        },
    )
    if not created:
        updates = {
            field: value
            for field, value in (
                ("title", title.strip()),
                ("publisher", publisher.strip()),
                ("published", published),
            )
            if value and not getattr(source, field)
        }
        if updates:
            for field, value in updates.items():
                setattr(source, field, value)
            source.save(update_fields=[*updates, "updated_at"])
    return source, created


@transaction.atomic
def add_evidence(
    *,
    claim: Claim,
    url: str,
    stance: str,
    user: User,
    title: str = "",
    publisher: str = "",
    quote: str = "",
    note: str = "",
) -> Evidence:
    rules.check(user, claim, "add_evidence")
    errors = {}
    if stance not in Evidence.Stance.values:
        errors["stance"] = f"Choose one of: {', '.join(Evidence.Stance.values)}."
    for field, value in (("quote", quote), ("note", note)):
        if len(value) > MAX_TEXT:
            errors[field] = f"At most {MAX_TEXT:,} characters."
    if errors:
        raise ValidationError(errors)
    source, _ = get_or_create_source(url=url, title=title, publisher=publisher)
    _bump(claim)
    return Evidence.objects.create(
        claim=claim,
        source=source,
        stance=stance,
        quote=quote.strip(),
        note=note.strip(),
        added_by=user,
    )


@transaction.atomic
def remove_evidence(*, evidence: Evidence, user: User) -> None:
    """Its author or an editor takes a piece of evidence back, before the
    claim is published."""
    claim = evidence.claim
    rules.check(user, claim, "remove_evidence", item=evidence)
    _bump(claim)
    evidence.delete()


@transaction.atomic
def add_comment(*, claim: Claim, body: str, user: User) -> Comment:
    rules.check(user, claim, "comment")
    if not body.strip():
        raise ValidationError({"body": "Write a comment first."})
    if len(body) > MAX_TEXT:
        raise ValidationError({"body": f"At most {MAX_TEXT:,} characters."})
    comment = Comment.objects.create(claim=claim, body=body.strip(), author=user)
    notify(
        kind=Notification.Kind.MENTIONED,
        recipients=mentioned_in(comment.body),
        actor=user,
        claim=claim,
        comment=comment,
        message=comment.body,
    )
    return comment


@transaction.atomic
def remove_comment(*, comment: Comment, user: User) -> None:
    """Its author or an editor deletes a comment."""
    rules.check(user, comment.claim, "delete_comment", item=comment)
    comment.delete()


def _bump(claim: Claim) -> None:
    """A new version of the claim, recorded in its history (and so in the
    change feed) as the evidence change it is."""
    bump_version(claim)
    claim._change_reason = "evidence changed"
    claim.save(update_fields=["version", "updated_at"])
