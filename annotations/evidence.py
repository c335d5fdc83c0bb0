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
    _validate(stance=stance, quote=quote, note=note)
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


def _validate(*, stance: str | None, quote: str | None, note: str | None) -> None:
    """A known stance and texts of a sane length (None: not being changed)."""
    errors = {}
    if stance is not None and stance not in Evidence.Stance.values:
        errors["stance"] = f"Choose one of: {', '.join(Evidence.Stance.values)}."
    for field, value in (("quote", quote), ("note", note)):
        if value is not None and len(value) > MAX_TEXT:
            errors[field] = f"At most {MAX_TEXT:,} characters."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def edit_evidence(
    *,
    evidence: Evidence,
    user: User,
    url: str | None = None,
    stance: str | None = None,
    title: str | None = None,
    publisher: str | None = None,
    quote: str | None = None,
    note: str | None = None,
) -> Evidence:
    """Its author or an editor corrects a piece of evidence before the claim
    is published; None leaves a field as it is. Another URL cites another
    source. A source's title and publisher are the source's: they are filled
    where blank, and changed only while no other evidence cites the source
    (else the change is refused, naming the field). Nothing changed, nothing
    saved; a change bumps the claim's version, as adding does."""
    claim = evidence.claim
    rules.check(user, claim, "edit_evidence", item=evidence)
    _validate(stance=stance, quote=quote, note=note)
    source = evidence.source
    if url is not None:
        source, _ = get_or_create_source(url=url)
    if source != evidence.source:  # the old source's title says nothing of the new
        title = None if title == evidence.source.title else title
        publisher = None if publisher == evidence.source.publisher else publisher
    _retitle(source, evidence, title=title, publisher=publisher)
    changes = {
        field: value
        for field, value in (
            ("source", source),
            ("stance", stance),
            ("quote", None if quote is None else quote.strip()),
            ("note", None if note is None else note.strip()),
        )
        if value is not None and value != getattr(evidence, field)
    }
    if changes:
        for field, value in changes.items():
            setattr(evidence, field, value)
        _bump(claim)
        evidence.save()
    return evidence


def _retitle(
    source: Source, evidence: Evidence, *, title: str | None, publisher: str | None
) -> None:
    """Set the source's title and publisher as asked, where that is
    evidence's to say: blanks always, set values while nobody else cites it."""
    updates = {
        field: value.strip()
        for field, value in (("title", title), ("publisher", publisher))
        if value is not None and value.strip() != getattr(source, field)
    }
    if not updates:
        return
    limits = {"title": 500, "publisher": 200}
    too_long = {f: limits[f] for f, value in updates.items() if len(value) > limits[f]}
    if too_long:
        raise ValidationError(
            {f: f"At most {limit} characters." for f, limit in too_long.items()}
        )
    shared = source.evidence.exclude(pk=evidence.pk).exists()
    refused = {f for f in updates if shared and getattr(source, f)}
    if refused:
        raise ValidationError(
            {
                field: "Other evidence cites this source too, so its "
                f"{field} stays “{getattr(source, field)}”."
                for field in refused
            }
        )
    for field, value in updates.items():
        setattr(source, field, value)
    source.save(update_fields=[*updates, "updated_at"])


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
