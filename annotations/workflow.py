"""The status machine and who may move a claim where: the one place for it.

    new ──► in_review ──► submitted ──► published
     │          ▲             │             │ (its words changed: needs_recheck)
     │          └── returned ◄┘◄────────────┘ withdraw; or reconfirm: stays
     └──► dismissed  (reversible by an editor)

Every function takes the claim as the caller loaded it: `claim.version` is
the version the action is based on, and a claim changed meanwhile raises
StaleClaim instead of being overwritten. Every move is recorded as a
Transition (who, when, from, to, why) and in the claim's history; the people
it concerns are notified in the same transaction (annotations/notifications.py).
"""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import pluralize
from django.utils import timezone

from annotations import rules
from annotations.models import Notification, Rating, Transition, Verdict
from annotations.notifications import notify
from claims.editing import bump_version
from claims.errors import InvalidTransition
from claims.models import Claim


def _begin(action: str, claim: Claim, user: User, **context) -> None:
    """Ask the rules, then claim the next version: of two people acting on
    the same version, the second is told the claim changed (StaleClaim, 412)
    on every database, before anything else is read."""
    rules.check(user, claim, action, **context)
    bump_version(claim)


def _move(
    claim: Claim, *, action: str, user: User, note: str = "", **changes
) -> Transition:
    """Apply the action's status change and field changes; record it.
    The version was bumped by `_begin`."""
    before = claim.status
    target = rules.RULES[action].target or before
    claim.status = target
    for field, value in changes.items():
        setattr(claim, field, value)
    claim._change_reason = f"{action}: {note}" if note else action
    claim.save()
    return Transition.objects.create(
        claim=claim,
        action=action,
        from_status=before,
        to_status=target,
        actor=user,
        note=note,
    )


@transaction.atomic
def start_review(*, claim: Claim, user: User, note: str = "") -> Claim:
    _begin("start_review", claim, user)
    _move(
        claim,
        action="start_review",
        user=user,
        note=note,
        assignee=claim.assignee or user,
    )
    return claim


@transaction.atomic
def submit_verdict(
    *, claim: Claim, rating: str, summary: str, user: User, note: str = ""
) -> Verdict:
    """The reviewer proposes a verdict; the claim waits for an editor."""
    rules.check(user, claim, "submit")  # who may, before what they wrote
    errors = {}
    if rating not in Rating.values:
        errors["rating"] = (
            f"Unknown rating {rating!r}; choose one of: {', '.join(Rating.values)}."
        )
    if not summary.strip():
        errors["summary"] = "Write a summary for readers."
    if errors:
        raise ValidationError(errors)
    _begin("submit", claim, user)
    return _propose(
        claim, action="submit", rating=rating, summary=summary.strip(), user=user,
        note=note,
    )  # fmt: skip


def _propose(
    claim: Claim,
    *,
    action: str,
    rating: str,
    summary: str,
    user: User,
    note: str,
    source: str = "",
) -> Verdict:
    """Record the proposal (the claim is submitted) and its verdict."""
    said = f"Proposed: {Rating(rating).label}{source}"
    _move(
        claim,
        action=action,
        user=user,
        note=f"{said} — {note.strip()}" if note.strip() else said,
        rating=rating,  # the latest verdict's, shown and filtered on in lists
    )
    return Verdict.objects.create(
        claim=claim, rating=rating, summary=summary, proposed_by=user
    )


def _pending_verdict(claim: Claim) -> Verdict:
    verdict = (
        claim.verdicts.filter(outcome=Verdict.Outcome.PENDING).order_by("-id").first()
    )
    if verdict is None:  # a submitted claim always has one; guard the invariant
        raise InvalidTransition("This claim has no verdict awaiting approval.")
    return verdict


@transaction.atomic
def approve(*, claim: Claim, user: User, note: str = "") -> Verdict:
    """An editor publishes the proposed verdict. Nobody approves their own."""
    _begin("approve", claim, user)
    return _publish(claim, action="approve", user=user, note=note)


def _publish(
    claim: Claim, *, action: str, user: User, note: str, others: int = 0
) -> Verdict:
    """Approve the claim's pending verdict; its proposer is told (once, with
    the `others` appearances published with it)."""
    verdict = _pending_verdict(claim)
    _move(claim, action=action, user=user, note=note)
    verdict.outcome = Verdict.Outcome.APPROVED
    verdict.decided_by, verdict.decided_at, verdict.decision_note = (
        user,
        timezone.now(),
        note,
    )
    verdict.save()
    _tell_approved(claim, verdict, user=user, note=note, others=others)
    return verdict


def _tell_approved(
    claim: Claim, verdict: Verdict, *, user: User, note: str, others: int
) -> None:
    said = f"Published as {verdict.get_rating_display()}"
    if others:
        said += f", with {others} other appearance{pluralize(others)}"
    said += "."
    notify(
        kind=Notification.Kind.APPROVED,
        recipients=[verdict.proposed_by],
        actor=user,
        claim=claim,
        message=f"{said} {note.strip()}" if note.strip() else said,
    )


@transaction.atomic
def approve_group(*, claim: Claim, user: User, note: str = "") -> Verdict:
    """An editor publishes the proposed verdict for every claim of the group
    at once: each open appearance gets the same verdict, approved now.
    Published and dismissed appearances are left as they are; one awaiting
    approval of its own verdict stops the approval (decide that one first).
    The proposer is told once, not once an appearance."""
    _begin("approve_group", claim, user)
    members = list(
        Claim.objects.filter(group_id=claim.group_id)
        .exclude(pk=claim.pk)
        .exclude(status__in=[Claim.Status.PUBLISHED, Claim.Status.DISMISSED])
        .order_by("pk")
    )
    for member in members:
        if member.status == Claim.Status.SUBMITTED:
            raise InvalidTransition(
                f"Claim #{member.pk} of the group awaits approval of its own "
                "verdict: approve or return it first."
            )
    verdict = _publish(
        claim, action="approve_group", user=user, note=note, others=len(members)
    )
    now = verdict.decided_at
    for member in members:
        bump_version(member)
        _move(
            member,
            action="approve_group",
            user=user,
            note=f"Published with the verdict of claim #{claim.pk}",
            rating=verdict.rating,
        )
        Verdict.objects.create(
            claim=member,
            rating=verdict.rating,
            summary=verdict.summary,
            proposed_by=verdict.proposed_by,
            outcome=Verdict.Outcome.APPROVED,
            decided_by=user,
            decided_at=now,
            decision_note=note,
        )
    return verdict


@transaction.atomic
def reuse_verdict(*, claim: Claim, user: User, note: str = "") -> Verdict:
    """Propose the group's published verdict for this appearance: the claim
    is submitted with it and still needs an editor's approval."""
    _begin("reuse_verdict", claim, user)
    reused = rules.group_verdict(claim)
    return _propose(
        claim,
        action="reuse_verdict",
        rating=reused.rating,
        summary=reused.summary,
        user=user,
        note=note,
        source=f", the verdict of claim #{reused.claim_id}",
    )


@transaction.atomic
def return_claim(*, claim: Claim, user: User, note: str) -> Verdict:
    """An editor sends the claim back to its reviewer, saying why."""
    rules.check(user, claim, "return")
    if not note.strip():
        raise ValidationError({"note": "Say why the claim goes back to the reviewer."})
    _begin("return", claim, user)
    verdict = _pending_verdict(claim)
    _move(claim, action="return", user=user, note=note.strip())
    verdict.outcome = Verdict.Outcome.RETURNED
    verdict.decided_by, verdict.decided_at = user, timezone.now()
    verdict.decision_note = note.strip()
    verdict.save()
    notify(
        kind=Notification.Kind.RETURNED,
        recipients=[verdict.proposed_by],
        actor=user,
        claim=claim,
        message=note,
    )
    return verdict


@transaction.atomic
def dismiss(*, claim: Claim, user: User, note: str = "") -> Claim:
    """Not a claim, or not worth checking."""
    _begin("dismiss", claim, user)
    _move(claim, action="dismiss", user=user, note=note)
    return claim


@transaction.atomic
def restore(*, claim: Claim, user: User, note: str = "") -> Claim:
    _begin("restore", claim, user)
    _move(claim, action="restore", user=user, note=note)
    return claim


@transaction.atomic
def assign(*, claim: Claim, assignee: User | None, user: User, note: str = "") -> Claim:
    """Editors assign anyone who can review; a reviewer can take a free claim."""
    rules.check(user, claim, "assign", assignee=assignee)
    if assignee is not None and not rules.is_assignable(assignee):
        raise ValidationError(
            {
                "assignee": f"{assignee.get_username()} cannot be assigned: only "
                "active reviewers and editors can."
            }
        )
    _begin("assign", claim, user, assignee=assignee)
    before = claim.assignee_id
    who = assignee.get_username() if assignee else "nobody"
    _move(
        claim,
        action="assign",
        user=user,
        note=note or f"Assigned to {who}",
        assignee=assignee,
    )
    if assignee is not None and assignee.pk != before:
        notify(
            kind=Notification.Kind.ASSIGNED,
            recipients=[assignee],
            actor=user,
            claim=claim,
            message=note,
        )
    return claim


@transaction.atomic
def reconfirm(*, claim: Claim, user: User, note: str = "") -> Claim:
    """The article changed under a published claim; an editor has read the
    new words and the verdict stands."""
    _begin("reconfirm", claim, user)
    _move(
        claim,
        action="reconfirm",
        user=user,
        note=note.strip() or "The verdict stands for the new text.",
        needs_recheck=False,
    )
    return claim


@transaction.atomic
def withdraw(*, claim: Claim, user: User, note: str) -> Verdict:
    """The article changed under a published claim and the verdict no longer
    fits: an editor takes it back, saying why; the claim returns to its
    reviewer to be checked again on the new words."""
    rules.check(user, claim, "withdraw")
    if not note.strip():
        raise ValidationError({"note": "Say why the verdict is withdrawn."})
    _begin("withdraw", claim, user)
    verdict = claim.verdicts.approved().order_by("-decided_at", "-id").first()
    _move(claim, action="withdraw", user=user, note=note.strip(), needs_recheck=False)
    if verdict is not None:
        verdict.outcome = Verdict.Outcome.WITHDRAWN
        verdict.decision_note = note.strip()
        verdict.save()
        notify(
            kind=Notification.Kind.WITHDRAWN,
            recipients=[verdict.proposed_by],
            actor=user,
            claim=claim,
            message=note,
        )
    return verdict


def perform(
    *,
    action: str,
    claim: Claim,
    user: User,
    note: str = "",
    rating: str | None = None,
    summary: str | None = None,
):
    """One move by name, for the transitions endpoint and the panel's buttons.
    Only `submit` takes a rating and a summary."""
    if action not in rules.TRANSITIONS:
        raise ValidationError({"action": f"Unknown action {action!r}."})
    if action == "submit":
        return submit_verdict(
            claim=claim,
            user=user,
            rating=rating or "",
            summary=summary or "",
            note=note,
        )
    for field, value in (("rating", rating), ("summary", summary)):
        if value is not None:
            raise ValidationError({field: f"Only submit takes a {field}."})
    functions = {
        "start_review": start_review,
        "approve": approve,
        "return": return_claim,
        "dismiss": dismiss,
        "restore": restore,
        "approve_group": approve_group,
        "reuse_verdict": reuse_verdict,
        "reconfirm": reconfirm,
        "withdraw": withdraw,
    }
    return functions[action](claim=claim, user=user, note=note)
