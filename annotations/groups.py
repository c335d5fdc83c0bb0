"""Confirmed matches and the groups they make: the same claim in several
articles.

A match (claims.models.ClaimMatch, suggested at ingest by claims/tracking.py)
is confirmed as "same claim" or rejected as "not the same" by a reviewer;
either is reversible. Confirmed matches join their claims' groups (merging
two groups if need be); rejecting a confirmed match splits its group along
the confirmed matches that remain. Every decision bumps both claims'
versions, is a Transition on each (the panel's history) and a save of each
claim that changed (its history and the change feed).

What a group shares — one verdict for all, a published verdict reused — is
in annotations/workflow.py (`approve_group`, `reuse_verdict`).
"""

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone

from annotations import rules
from annotations.models import Transition
from claims.editing import bump_version
from claims.errors import ClaimGone
from claims.models import Claim, ClaimGroup, ClaimMatch


def _decide(
    *, match: ClaimMatch, claim: Claim, user: User, action: str, note: str
) -> Claim:
    """Check the rules on both claims, bump both versions, record the
    decision on the match and a Transition on each claim; the other claim."""
    if claim.pk not in (match.claim_id, match.candidate_id):
        raise ValueError("The match is not one of this claim's.")
    others = Claim.objects.select_related("article").filter(pk=match.other(claim))
    other = others.first()
    if other is None:  # deleted with its article since the match was read
        raise ClaimGone()
    rules.check(user, claim, action, item=match)
    rules.check(user, other, action, item=match)
    bump_version(claim)
    bump_version(other)
    match.state = (
        ClaimMatch.State.CONFIRMED
        if action == "confirm_match"
        else ClaimMatch.State.REJECTED
    )
    match.decided_by, match.decided_at = user, timezone.now()
    match.save()
    label = rules.RULES[action].label
    for this, that in ((claim, other), (other, claim)):
        said = f"{label}: claim #{that.pk} of “{that.article.title}”"
        Transition.objects.create(
            claim=this,
            action=action,
            from_status=this.status,
            to_status=this.status,
            actor=user,
            note=f"{said} — {note.strip()}" if note.strip() else said,
        )
    return other


# The key of the PostgreSQL advisory lock that group decisions take in turn.
GROUP_DECISIONS_LOCK = 0x436C61696D47  # "ClaimG"


def _one_decision_at_a_time() -> None:
    """Wait for any other group decision to commit. Two that merge the same
    groups from opposite ends bump each other's members in opposite orders,
    a deadlock PostgreSQL breaks by failing one with an error; in turn, the
    second finds the versions the first bumped and is refused as stale. They
    are a person's clicks, so the wait is nothing. (SQLite has one writer.)"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [GROUP_DECISIONS_LOCK])


def _regroup(claims: list[Claim], group_id: int | None, reason: str) -> None:
    """Put `claims` in `group_id`, saving those that change."""
    for member in claims:
        if member.group_id != group_id:
            member.group_id = group_id
            member._change_reason = reason
            member.save()


@transaction.atomic
def confirm_match(
    *, match: ClaimMatch, claim: Claim, user: User, note: str = ""
) -> ClaimMatch:
    """`claim` (at the version the person saw) and the match's other claim
    are the same claim: both end in one group."""
    _one_decision_at_a_time()
    other = _decide(
        match=match, claim=claim, user=user, action="confirm_match", note=note
    )
    groups = {g for g in (claim.group_id, other.group_id) if g is not None}
    keep = min(groups) if groups else ClaimGroup.objects.create().pk
    members = [claim, other]
    for gone in groups - {keep}:
        for member in Claim.objects.filter(group_id=gone):
            if member.pk not in (claim.pk, other.pk):
                bump_version(member)
                members.append(member)
    _regroup(members, keep, "confirm_match")
    ClaimGroup.objects.filter(pk__in=groups - {keep}).delete()
    return match


@transaction.atomic
def reject_match(
    *, match: ClaimMatch, claim: Claim, user: User, note: str = ""
) -> ClaimMatch:
    """Not the same claim. If the match was confirmed, its group is split
    along the confirmed matches that remain."""
    _one_decision_at_a_time()
    was_confirmed = match.state == ClaimMatch.State.CONFIRMED
    other = _decide(
        match=match, claim=claim, user=user, action="reject_match", note=note
    )
    if was_confirmed and claim.group_id is not None:
        _split(claim.group_id, touched={claim.pk: claim, other.pk: other})
    return match


def _split(group_id: int, *, touched: dict[int, Claim]) -> None:
    """Regroup the members of `group_id` by the confirmed matches among them:
    the part holding the oldest member keeps the group, each other part of
    two or more gets a new one, a claim left alone none."""
    members = {
        m.pk: touched.get(m.pk, m)
        for m in Claim.objects.filter(group_id=group_id).order_by("pk")
    }
    links: dict[int, set[int]] = {pk: set() for pk in members}
    confirmed = ClaimMatch.objects.filter(
        claim_id__in=members, candidate_id__in=members, state="confirmed"
    ).values_list("claim_id", "candidate_id")
    for a, b in confirmed:
        links[a].add(b)
        links[b].add(a)
    seen: set[int] = set()
    first = True
    for start in members:
        if start in seen:
            continue
        part, stack = [], [start]
        while stack:
            pk = stack.pop()
            if pk not in seen:
                seen.add(pk)
                part.append(members[pk])
                stack.extend(links[pk] - seen)
        if len(part) < 2:
            target = None
        elif first:
            target, first = group_id, False
        else:
            target = ClaimGroup.objects.create().pk
        for member in part:
            if member.group_id != target and member.pk not in touched:
                bump_version(member)
        _regroup(part, target, "reject_match")
    if first:  # nothing left together
        ClaimGroup.objects.filter(pk=group_id).delete()


def others_in_group(claim: Claim, user) -> int:
    """How many other claims of `claim`'s group `user` may see (counted, not
    read: a claim repeated by hundreds of outlets is one number)."""
    if claim.group_id is None:
        return 0
    return (
        Claim.objects.visible_to(user)
        .filter(group_id=claim.group_id)
        .exclude(pk=claim.pk)
        .count()
    )
