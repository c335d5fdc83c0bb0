"""What needs a person next: the lists of "my work" and the claim `n` opens.

Each list is what the rules table (annotations/rules.py) lets this person do
next: a reviewer starts or finishes the claims assigned to them (returned
ones first: someone is waiting), then picks up a free new claim, best score
first; an editor first approves what others submitted. Every list is a range
of an index on (assignee, status) or (outcome, created_at), so it costs the
same with a million claims.
"""

from django.db.models import Count, Q, QuerySet

from annotations.models import Verdict
from claims.models import Claim
from claims.roles import is_editor, is_reviewer

S = Claim.Status


def returned_to(user) -> QuerySet[Claim]:
    return Claim.objects.filter(assignee=user, status=S.RETURNED).order_by(
        "-updated_at", "pk"
    )


def assigned_to(user) -> QuerySet[Claim]:
    """Assigned and not yet submitted: in review first, then new."""
    return Claim.objects.filter(
        assignee=user, status__in=[S.IN_REVIEW, S.NEW]
    ).order_by("status", "-score", "pk")  # "in_review" < "new"


def awaiting_approval_by(user) -> QuerySet[Claim]:
    """Submitted claims an editor may approve: not their own verdicts."""
    if not is_editor(user):
        return Claim.objects.none()
    pending = Verdict.objects.filter(outcome=Verdict.Outcome.PENDING).exclude(
        proposed_by=user
    )
    return Claim.objects.filter(
        status=S.SUBMITTED, pk__in=pending.values("claim_id")
    ).order_by("updated_at", "pk")


def unclaimed() -> QuerySet[Claim]:
    return Claim.objects.filter(status=S.NEW, assignee=None).order_by("-score", "pk")


def lists_for(user) -> list[tuple[str, str, QuerySet[Claim]]]:
    """(key, title, claims) in the order this person should take them."""
    if not is_reviewer(user):
        return []
    mine = [
        ("returned", "Returned to me", returned_to(user)),
        ("assigned", "Assigned to me", assigned_to(user)),
    ]
    approvals = [("approval", "Awaiting my approval", awaiting_approval_by(user))]
    return approvals + mine if is_editor(user) else mine


def counts_for(user) -> dict[str, int]:
    """How many claims are in each of this person's lists, in one query over
    their open claims (and one over pending verdicts for editors)."""
    if not is_reviewer(user):
        return {}
    rows = Claim.objects.filter(
        assignee=user, status__in=[S.RETURNED, S.IN_REVIEW, S.NEW]
    ).aggregate(
        returned=Count("pk", filter=Q(status=S.RETURNED)),
        assigned=Count("pk", filter=~Q(status=S.RETURNED)),
    )
    if is_editor(user):
        rows["approval"] = awaiting_approval_by(user).count()
    return rows


def next_for(user, *, after: int | None = None) -> Claim | None:
    """The claim that needs this person next, other than `after`: the first
    of their lists that has one, else the best free new claim."""
    if not is_reviewer(user):
        return None
    for _, _, claims in [*lists_for(user), ("free", "", unclaimed())]:
        if after:
            claims = claims.exclude(pk=after)
        claim = claims.select_related("article").defer("article__body").first()
        if claim is not None:
            return claim
    return None
