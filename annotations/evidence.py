"""Sources, the evidence that ties them to claims, and comments."""

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from annotations.models import Comment, Evidence, Source, normalize_url
from claims.errors import NotAllowed
from claims.models import Claim
from claims.roles import is_reviewer, role_of

MAX_TEXT = 20_000


def get_or_create_source(
    *,
    url: str,
    title: str = "",
    publisher: str = "",
    published: datetime.date | None = None,
) -> Source:
    """A known URL (after normalisation) reuses its Source; blanks get filled in."""
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
    return source


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
    if not is_reviewer(user):
        raise NotAllowed("Only reviewers and editors can add evidence.")
    if claim.status in (Claim.Status.PUBLISHED, Claim.Status.DISMISSED):
        raise NotAllowed(f"The claim is {claim.status}; its evidence is closed.")
    errors = {}
    if stance not in Evidence.Stance.values:
        errors["stance"] = f"Choose one of: {', '.join(Evidence.Stance.values)}."
    for field, value in (("quote", quote), ("note", note)):
        if len(value) > MAX_TEXT:
            errors[field] = f"At most {MAX_TEXT:,} characters."
    if errors:
        raise ValidationError(errors)
    source = get_or_create_source(url=url, title=title, publisher=publisher)
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
    """Its author or an editor takes a piece of evidence back."""
    if evidence.added_by_id != user.pk and role_of(user) != "editor":
        raise NotAllowed("Only its author or an editor can remove this evidence.")
    evidence.delete()


@transaction.atomic
def add_comment(*, claim: Claim, body: str, user: User) -> Comment:
    if not is_reviewer(user):
        raise NotAllowed("Only reviewers and editors can comment.")
    if not body.strip():
        raise ValidationError({"body": "Write a comment first."})
    if len(body) > MAX_TEXT:
        raise ValidationError({"body": f"At most {MAX_TEXT:,} characters."})
    return Comment.objects.create(claim=claim, body=body.strip(), author=user)


@transaction.atomic
def remove_comment(*, comment: Comment, user: User) -> None:
    """Its author or an editor deletes a comment."""
    if comment.author_id != user.pk and role_of(user) != "editor":
        raise NotAllowed("Only its author or an editor can delete this comment.")
    comment.delete()
