"""Who may do what to which claim: the one table every door reads.

The workflow, evidence and comment functions, the claim corrections, the
panel, the queue, the API (a claim's `actions`) and the admin all ask
`refusal()` or `allowed_actions()`; nothing else decides. A test walks the
whole table (tests/annotations/test_rules.py) and checks that the browser
offers an action exactly when the domain allows it, and that the API says the
same.

Decisions written down here:

- Evidence is collaborative: a reviewer may add evidence to any open claim,
  including one assigned to someone else; removing it is for its author or an
  editor. Adding or removing evidence bumps the claim's version, so an
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
- A published claim whose words changed in a new version of its article
  (`needs_recheck`) stays published until an editor either reconfirms the
  verdict on the new words or withdraws it (the claim goes back to its
  reviewer, returned). Only such a claim offers either.
- Article actions (ARTICLE_RULES) depend on the role alone: reviewers and
  editors add claims to any article and refresh any article from its source.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet

from annotations.models import Verdict
from claims.errors import InvalidTransition, NotAllowed
from claims.models import Claim
from claims.roles import EDITOR, REVIEWER, is_editor, is_reviewer

S = Claim.Status
NOBODY: frozenset[str] = frozenset()
OPEN = frozenset({S.NEW, S.IN_REVIEW, S.RETURNED, S.SUBMITTED})
EVERY = frozenset(S.values)


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
    "submit":          Rule("Submit verdict", "submit a verdict for", frozenset({S.IN_REVIEW}), frozenset({S.IN_REVIEW}), Scope.MINE, S.SUBMITTED),
    "approve":         Rule("Approve", "approve", NOBODY, frozenset({S.SUBMITTED}), target=S.PUBLISHED),
    "return":          Rule("Return", "return", NOBODY, frozenset({S.SUBMITTED}), target=S.RETURNED),
    "dismiss":         Rule("Dismiss", "dismiss", frozenset({S.NEW}), frozenset({S.NEW, S.IN_REVIEW, S.RETURNED}), Scope.MINE, S.DISMISSED),
    "restore":         Rule("Restore", "restore", NOBODY, frozenset({S.DISMISSED}), target=S.NEW),
    "assign":          Rule("Assign", "assign", OPEN, OPEN, Scope.FREE),
    "correct":         Rule("Correct", "correct", OPEN, OPEN, Scope.MINE),
    "add_evidence":    Rule("Add evidence", "add evidence to", OPEN, OPEN),
    "remove_evidence": Rule("Remove evidence", "remove evidence from", OPEN, OPEN, Scope.AUTHOR),
    "comment":         Rule("Comment", "comment on", EVERY, EVERY),
    "delete_comment":  Rule("Delete comment", "delete a comment on", EVERY, EVERY, Scope.AUTHOR),
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


def is_assignable(user: User) -> bool:
    return user.is_active and is_reviewer(user)


def refusal(
    user: User | AnonymousUser,
    claim: Claim,
    action: str,
    *,
    item=None,
    assignee=_UNSET,
) -> Exception | None:
    """Why `user` may not take `action` on `claim` now, or None if they may.

    `item` is the evidence or comment to remove (its author matters);
    `assignee` the person to assign (a reviewer may assign only themselves).
    NotAllowed is about who you are (403), InvalidTransition about where the
    claim is (409).
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
    if action == "approve" and _proposed_by(claim) == user.pk:
        return NotAllowed(
            "An editor cannot approve a verdict they proposed themselves."
        )
    return None


def allowed_actions(
    user: User | AnonymousUser, claim: Claim, actions: Iterable[str] = RULES
) -> list[str]:
    """The actions of `actions` (by default all) that `user` may take now."""
    return [name for name in actions if refusal(user, claim, name) is None]


def check(user: User | AnonymousUser, claim: Claim, action: str, **context) -> None:
    """Raise the refusal, if there is one: every domain function starts here."""
    error = refusal(user, claim, action, **context)
    if error is not None:
        raise error


def _proposed_by(claim: Claim) -> int | None:
    """Who proposed the verdict awaiting approval (one query)."""
    pending = claim.verdicts.filter(outcome=Verdict.Outcome.PENDING)
    return pending.values_list("proposed_by_id", flat=True).first()
