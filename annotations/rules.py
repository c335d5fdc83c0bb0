"""Who may do what to which claim: the one table every door reads.

The workflow, evidence and comment functions, the claim corrections, the
panel, the queue, the API (a claim's `actions`) and the admin all ask
`refusal()` or `allowed_actions()`; nothing else decides. A test walks the
whole table (tests/annotations/test_rules.py) and checks that the browser
offers an action exactly when the domain allows it, and that the API says the
same.

Decisions written down here:

- Evidence is collaborative: a reviewer may add evidence to any open claim,
  including one assigned to someone else; editing or removing it is for its
  author or an editor. Any change to evidence bumps the claim's version, so an
  approval made on an older ETag is refused (412): the editor approves what
  they saw.
- Published is final. Nothing a reader of the published verdict sees
  (span, kind, evidence, verdicts) changes after publication; a dismissed
  claim is closed too until an editor restores it. The discussion is internal
  and stays open in every status.
- An editor may do everything a reviewer may, on any claim; a reviewer works
  on claims that are theirs or nobody's, and takes a free claim by assigning
  it to themselves (only an editor assigns others or unassigns). Viewers and
  people without a role only read.
- Who can be assigned: active users with the reviewer or editor role
  (superusers count as editors).
- Tracking (annotations/groups.py): a reviewer confirms "same claim" or "not
  the same" on a match of an open claim, and an editor on a published one too
  (an appearance found after publication joins the published group); the
  rule is asked of both claims of the match. Only an editor approves a
  verdict for a whole group, in one approval. Reusing a group's published
  verdict for a new appearance is a proposal (the claim becomes submitted),
  so a reviewer may, and an editor other than the proposer approves it.
- A published claim whose words changed in a new version of its article
  (`needs_recheck`) stays published until an editor either reconfirms the
  verdict on the new words or withdraws it (the claim goes back to its
  reviewer, returned). Only such a claim offers either.
- Article actions (ARTICLE_RULES) depend on the role alone: reviewers and
  editors add claims to any article and refresh any article from its source.
"""

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser, User
from django.db import connection
from django.db.models import Q, QuerySet

from annotations.models import Verdict
from claims.errors import InvalidTransition, NotAllowed
from claims.models import Claim, ClaimMatch
from claims.roles import EDITOR, REVIEWER, is_editor, is_reviewer

S = Claim.Status
NOBODY: frozenset[str] = frozenset()
OPEN = frozenset({S.NEW, S.IN_REVIEW, S.RETURNED, S.SUBMITTED})
EVERY = frozenset(S.values)
TRACKED = OPEN | {S.PUBLISHED}
UNDECIDED = frozenset({S.NEW, S.IN_REVIEW, S.RETURNED})


class Scope(StrEnum):
    """Which claims a reviewer (not an editor) may take the action on."""

    ANY = "any"  # any claim in an allowed status
    MINE = "mine"  # a claim assigned to them or to nobody
    FREE = "free"  # a claim assigned to nobody (which they may take)
    AUTHOR = "author"  # only what they wrote themselves (evidence, comments)


@dataclass(frozen=True)
class Rule:
    label: str  # what the button says
    verb: str  # "Cannot <verb> a claim that is published."
    reviewer: frozenset[str]  # statuses in which a reviewer may
    editor: frozenset[str]  # statuses in which an editor may
    scope: Scope = Scope.ANY
    target: str | None = None  # the status it moves the claim to, if any
    recheck: bool = False  # only on a claim that needs re-checking


# action: (label, verb, reviewer statuses, editor statuses, reviewer scope, target)
RULES: dict[str, Rule] = {
    "start_review":    Rule("Start review", "start reviewing", frozenset({S.NEW, S.RETURNED}), frozenset({S.NEW, S.RETURNED}), Scope.MINE, S.IN_REVIEW),
    "submit":          Rule("Submit verdict", "submit a verdict for", frozenset({S.IN_REVIEW, S.RETURNED}), frozenset({S.IN_REVIEW, S.RETURNED}), Scope.MINE, S.SUBMITTED),
    "approve":         Rule("Approve", "approve", NOBODY, frozenset({S.SUBMITTED}), target=S.PUBLISHED),
    "return":          Rule("Return", "return", NOBODY, frozenset({S.SUBMITTED}), target=S.RETURNED),
    "dismiss":         Rule("Dismiss", "dismiss", frozenset({S.NEW}), frozenset({S.NEW, S.IN_REVIEW, S.RETURNED}), Scope.MINE, S.DISMISSED),
    "restore":         Rule("Restore", "restore", NOBODY, frozenset({S.DISMISSED}), target=S.NEW),
    "assign":          Rule("Assign", "assign", OPEN, OPEN, Scope.FREE),
    "correct":         Rule("Correct", "correct", OPEN, OPEN, Scope.MINE),
    "add_evidence":    Rule("Add evidence", "add evidence to", OPEN, OPEN),
    "remove_evidence": Rule("Remove evidence", "remove evidence from", OPEN, OPEN, Scope.AUTHOR),
    "edit_evidence":   Rule("Edit evidence", "edit evidence of", OPEN, OPEN, Scope.AUTHOR),
    "comment":         Rule("Comment", "comment on", EVERY, EVERY),
    "delete_comment":  Rule("Delete comment", "delete a comment on", EVERY, EVERY, Scope.AUTHOR),
    "confirm_match":   Rule("Same claim", "confirm a match of", OPEN, TRACKED),
    "reject_match":    Rule("Not the same", "reject a match of", OPEN, TRACKED),
    "approve_group":   Rule("Approve for the group", "approve for its group", NOBODY, frozenset({S.SUBMITTED}), target=S.PUBLISHED),
    "reuse_verdict":   Rule("Use the group's verdict", "reuse a verdict for", UNDECIDED, UNDECIDED, Scope.MINE, S.SUBMITTED),
    "reconfirm":       Rule("Reconfirm verdict", "reconfirm the verdict of", NOBODY, frozenset({S.PUBLISHED}), target=S.PUBLISHED, recheck=True),
    "withdraw":        Rule("Withdraw verdict", "withdraw the verdict of", NOBODY, frozenset({S.PUBLISHED}), target=S.RETURNED, recheck=True),
}  # fmt: skip


@dataclass(frozen=True)
class ArticleRule:
    label: str
    reviewer: bool  # reviewers may (editors always may)


# Actions on an article rather than on one claim: the role decides.
ARTICLE_RULES: dict[str, ArticleRule] = {
    "add_claim": ArticleRule("Add claim", reviewer=True),
    "refresh": ArticleRule("Refresh from source", reviewer=True),
}

# The moves of the status machine: the API's transitions, the panel's buttons.
TRANSITIONS = tuple(name for name, rule in RULES.items() if rule.target)

_UNSET = object()


def article_refusal(user: User | AnonymousUser, action: str) -> NotAllowed | None:
    """Why `user` may not take the article `action`, or None if they may."""
    rule = ARTICLE_RULES[action]
    if is_editor(user) or (rule.reviewer and is_reviewer(user)):
        return None
    who = "reviewers and editors" if rule.reviewer else "editors"
    return NotAllowed(f"Only {who} can {rule.label.lower()}.")


def add_claim_refusal(user: User | AnonymousUser) -> NotAllowed | None:
    """Marking a span of an article as a claim: reviewers and editors."""
    if article_refusal(user, "add_claim") is None:
        return None
    return NotAllowed("Only reviewers and editors can add claims.")


def assignable_users() -> QuerySet[User]:
    """Who a claim can be assigned to: active reviewers and editors."""
    return (
        User.objects.filter(is_active=True)
        .filter(Q(groups__name__in=[REVIEWER, EDITOR]) | Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )


def assignee_choices() -> list[tuple[int, str]]:
    """`assignable_users()` for a list to choose from: (id, name) pairs,
    by name. The queue and the panel ask on every page; the query has no
    parameter of the request, so its SQL is compiled once (`_choices_sql`):
    Django took longer to build it (a join, DISTINCT) than the database to
    answer."""
    sql, params = _choices_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@functools.cache
def _choices_sql() -> tuple[str, tuple]:
    return assignable_users().values_list("pk", "username").query.sql_with_params()


def is_assignable(user: User) -> bool:
    return user.is_active and is_reviewer(user)


def refusal(
    user: User | AnonymousUser,
    claim: Claim,
    action: str,
    *,
    item=None,
    assignee=_UNSET,
    facts: dict | None = None,
) -> Exception | None:
    """Why `user` may not take `action` on `claim` now, or None if they may.

    `item` is the evidence or comment to remove (its author matters);
    `assignee` the person to assign (a reviewer may assign only themselves).
    NotAllowed is about who you are (403), InvalidTransition about where the
    claim is (409). `facts` keeps what was read of the database for several
    actions asked of the same claim at once (allowed_actions).
    """
    rule = RULES[action]
    editor = is_editor(user)
    if not (editor or (is_reviewer(user) and rule.reviewer)):
        role = "editor" if not rule.reviewer else "reviewer"
        return NotAllowed(f"You need the {role} role to {rule.label.lower()}.")
    if claim.status not in (rule.editor if editor else rule.reviewer):
        status = claim.get_status_display().lower()
        if not editor and claim.status in rule.editor:
            return NotAllowed(
                f"Only an editor can {rule.verb} a claim that is {status}."
            )
        return InvalidTransition(f"Cannot {rule.verb} a claim that is {status}.")
    if rule.recheck and not claim.needs_recheck:
        return InvalidTransition(
            f"Cannot {rule.verb} a claim whose words have not changed since."
        )
    if not editor:
        if rule.scope == Scope.MINE and claim.assignee_id not in (None, user.pk):
            return NotAllowed("This claim is assigned to someone else.")
        if rule.scope == Scope.FREE and claim.assignee_id is not None:
            who = "you" if claim.assignee_id == user.pk else "someone else"
            return NotAllowed(f"This claim is assigned to {who} already.")
        if rule.scope == Scope.AUTHOR and item is not None:
            author = getattr(item, "added_by_id", getattr(item, "author_id", None))
            if author != user.pk:
                return NotAllowed(
                    f"Only its author or an editor can {rule.label.lower()}."
                )
        if action == "assign" and assignee is not _UNSET and assignee != user:
            return NotAllowed("Reviewers can only assign claims to themselves.")
    facts = {} if facts is None else facts
    if (
        action in ("approve", "approve_group")
        and _fact(facts, "proposed_by", lambda: _proposed_by(claim)) == user.pk
    ):
        return NotAllowed(
            "An editor cannot approve a verdict they proposed themselves."
        )
    return _tracking_refusal(claim, action, item, facts)


def _fact(facts: dict, name: str, read):
    """`facts[name]`, read from the database the first time it is asked."""
    if name not in facts:
        facts[name] = read()
    return facts[name]


def _tracking_refusal(claim: Claim, action: str, item, facts: dict) -> Exception | None:
    """What the tracking actions need besides a role and a status: a match to
    decide (`item`, when one is named), a group, a published group verdict."""
    if action in ("confirm_match", "reject_match"):
        if item is None:
            if not _fact(facts, "matched", ClaimMatch.objects.of(claim).exists):
                return InvalidTransition("This claim has no match to decide.")
            return None
        state = ClaimMatch.State
        done = state.CONFIRMED if action == "confirm_match" else state.REJECTED
        if item.state == done:
            return InvalidTransition(
                f"These claims are marked “{state(done).label.lower()}” already."
            )
    if action == "approve_group" and (
        claim.group_id is None
        or not Claim.objects.filter(group_id=claim.group_id)
        .exclude(pk=claim.pk)
        .exists()
    ):
        return InvalidTransition("This claim is in no group of claims.")
    if action == "reuse_verdict" and group_verdict(claim) is None:
        return InvalidTransition(
            "No claim of this claim's group has a published verdict."
        )
    return None


def group_verdict(claim: Claim) -> Verdict | None:
    """The latest published verdict of another claim of `claim`'s group."""
    if claim.group_id is None:
        return None
    return (
        Verdict.objects.approved()
        .filter(claim__group_id=claim.group_id, claim__status=S.PUBLISHED)
        .exclude(claim=claim)
        .order_by("-decided_at", "-id")
        .first()
    )


def allowed_actions(
    user: User | AnonymousUser,
    claim: Claim,
    actions: Iterable[str] = RULES,
    *,
    facts: dict | None = None,
) -> list[str]:
    """The actions of `actions` (by default all) that `user` may take now
    (each fact read once for them all; `facts` may hold some already, as
    `known_facts` reads them off rows the caller has)."""
    facts = {} if facts is None else facts
    return [name for name in actions if refusal(user, claim, name, facts=facts) is None]


def known_facts(verdicts: list[Verdict], matches: list[ClaimMatch]) -> dict:
    """The facts `refusal` would read, from all of a claim's verdicts (in
    their order) and all of its matches, so that the panel, which shows
    them, does not read them twice."""
    pending = (v for v in verdicts if v.outcome == Verdict.Outcome.PENDING)
    return {
        "proposed_by": next((v.proposed_by_id for v in pending), None),
        "matched": bool(matches),
    }


def check(user: User | AnonymousUser, claim: Claim, action: str, **context) -> None:
    """Raise the refusal, if there is one: every domain function starts here."""
    error = refusal(user, claim, action, **context)
    if error is not None:
        raise error


def _proposed_by(claim: Claim) -> int | None:
    """Who proposed the verdict awaiting approval (one query)."""
    pending = claim.verdicts.filter(outcome=Verdict.Outcome.PENDING)
    return pending.values_list("proposed_by_id", flat=True).first()
