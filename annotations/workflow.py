"""The status machine and who may move a claim where: the one place for it.

    new ──► in_review ──► submitted ──► published
     │          ▲             │
     │          └── returned ◄┘   (an editor sends it back with a note)
     └──► dismissed  (reversible by an editor)

Every function takes the claim as the caller loaded it: `claim.version` is
the version the action is based on, and a claim changed meanwhile raises
StaleClaim instead of being overwritten. Every move is recorded as a
Transition (who, when, from, to, why) and in the claim's history.
"""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from annotations.models import Rating, Transition, Verdict
from claims.editing import bump_version
from claims.errors import InvalidTransition, NotAllowed
from claims.models import Claim
from claims.roles import REVIEWER, has_role, is_editor, is_reviewer

S = Claim.Status


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: frozenset[str]  # statuses the action starts from
    target: str | None  # None: the status does not change
    role: str  # the weakest role that may take it at all


ACTIONS = {
    a.name: a
    for a in (
        Action("start_review", "Start review", frozenset({S.NEW, S.RETURNED}), S.IN_REVIEW, REVIEWER),
        Action("submit", "Submit verdict", frozenset({S.IN_REVIEW}), S.SUBMITTED, REVIEWER),
        Action("approve", "Approve", frozenset({S.SUBMITTED}), S.PUBLISHED, "editor"),
        Action("return", "Return", frozenset({S.SUBMITTED}), S.RETURNED, "editor"),
        Action("dismiss", "Dismiss", frozenset({S.NEW, S.IN_REVIEW, S.RETURNED}), S.DISMISSED, REVIEWER),
        Action("restore", "Restore", frozenset({S.DISMISSED}), S.NEW, "editor"),
        Action("assign", "Assign", frozenset({S.NEW, S.IN_REVIEW, S.RETURNED, S.SUBMITTED}), None, REVIEWER),
    )
}  # fmt: skip


def refusal(action: str, claim: Claim, user: User) -> Exception | None:
    """Why `user` may not take `action` on `claim` now, or None if they may.

    Pages use this to offer only the actions that would succeed.
    """
    spec = ACTIONS[action]
    if not has_role(user, spec.role):
        return NotAllowed(f"You need the {spec.role} role to {spec.label.lower()}.")
    if claim.status not in spec.sources:
        return InvalidTransition(
            f"Cannot {spec.label.lower()} a claim that is {claim.get_status_display().lower()}."
        )
    if is_editor(user):
        return None
    # A reviewer works on claims that are theirs or nobody's.
    if claim.assignee_id not in (None, user.pk):
        return NotAllowed("This claim is assigned to someone else.")
    if action == "dismiss" and claim.status != S.NEW:
        return NotAllowed("Only an editor can dismiss a claim under review.")
    return None


def allowed_actions(claim: Claim, user: User) -> list[str]:
    return [name for name in ACTIONS if refusal(name, claim, user) is None]


def _check(action: str, claim: Claim, user: User) -> None:
    error = refusal(action, claim, user)
    if error is not None:
        raise error


def _move(
    claim: Claim, *, action: str, user: User, note: str = "", **changes
) -> Transition:
    """Apply the action's status change and field changes; record it."""
    bump_version(claim)
    before = claim.status
    target = ACTIONS[action].target or before
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
    _check("start_review", claim, user)
    _move(
        claim,
        action="start_review",
        user=user,
        note=note,
        assignee=claim.assignee or user,
    )
    return claim


@transaction.atomic
def submit_verdict(*, claim: Claim, rating: str, summary: str, user: User) -> Verdict:
    """The reviewer proposes a verdict; the claim waits for an editor."""
    _check("submit", claim, user)
    errors = {}
    if rating not in Rating.values:
        errors["rating"] = (
            f"Unknown rating {rating!r}; choose one of: {', '.join(Rating.values)}."
        )
    if not summary.strip():
        errors["summary"] = "Write a summary for readers."
    if errors:
        raise ValidationError(errors)
    _move(claim, action="submit", user=user, note=f"Proposed: {Rating(rating).label}")
    return Verdict.objects.create(
        claim=claim, rating=rating, summary=summary.strip(), proposed_by=user
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
    _check("approve", claim, user)
    verdict = _pending_verdict(claim)
    if verdict.proposed_by_id == user.pk:
        raise NotAllowed("An editor cannot approve a verdict they proposed themselves.")
    _move(claim, action="approve", user=user, note=note)
    verdict.outcome = Verdict.Outcome.APPROVED
    verdict.decided_by, verdict.decided_at, verdict.decision_note = (
        user,
        timezone.now(),
        note,
    )
    verdict.save()
    return verdict


@transaction.atomic
def return_claim(*, claim: Claim, user: User, note: str) -> Verdict:
    """An editor sends the claim back to its reviewer, saying why."""
    _check("return", claim, user)
    if not note.strip():
        raise ValidationError({"note": "Say why the claim goes back to the reviewer."})
    verdict = _pending_verdict(claim)
    _move(claim, action="return", user=user, note=note.strip())
    verdict.outcome = Verdict.Outcome.RETURNED
    verdict.decided_by, verdict.decided_at = user, timezone.now()
    verdict.decision_note = note.strip()
    verdict.save()
    return verdict


@transaction.atomic
def dismiss(*, claim: Claim, user: User, note: str = "") -> Claim:
    """Not a claim, or not worth checking."""
    _check("dismiss", claim, user)
    _move(claim, action="dismiss", user=user, note=note)
    return claim


@transaction.atomic
def restore(*, claim: Claim, user: User, note: str = "") -> Claim:
    _check("restore", claim, user)
    _move(claim, action="restore", user=user, note=note)
    return claim


@transaction.atomic
def assign(*, claim: Claim, assignee: User | None, user: User, note: str = "") -> Claim:
    """Editors assign anyone who can review; a reviewer can take a free claim."""
    _check("assign", claim, user)
    if not is_editor(user) and assignee != user:
        raise NotAllowed("Reviewers can only assign claims to themselves.")
    if assignee is not None and not is_reviewer(assignee):
        raise ValidationError({"assignee": f"{assignee} is not a reviewer or editor."})
    who = assignee.get_username() if assignee else "nobody"
    _move(
        claim,
        action="assign",
        user=user,
        note=note or f"Assigned to {who}",
        assignee=assignee,
    )
    return claim


def perform(*, action: str, claim: Claim, user: User, note: str = "", **kwargs):
    """Dispatch by name, for the transitions endpoint and the panel's buttons.

    `submit` takes rating and summary, `assign` takes assignee, in kwargs.
    """
    if action == "submit":
        return submit_verdict(claim=claim, user=user, **kwargs)
    if action == "assign":
        return assign(claim=claim, user=user, note=note, **kwargs)
    functions = {
        "start_review": start_review,
        "approve": approve,
        "return": return_claim,
        "dismiss": dismiss,
        "restore": restore,
    }
    if action not in functions:
        raise ValidationError({"action": f"Unknown action {action!r}."})
    return functions[action](claim=claim, user=user, note=note)
