"""Every role × every action × every status, then the details of each action."""

import pytest
from django.core.exceptions import ValidationError

from annotations import rules, workflow
from annotations.models import Transition, Verdict
from claims.errors import InvalidTransition, NotAllowed, StaleClaim
from claims.models import Claim
from tests.factories import ClaimFactory, VerdictFactory

pytestmark = pytest.mark.django_db
S = Claim.Status

# The specification, written out independently of annotations.rules.
SOURCES = {
    "start_review": {S.NEW, S.RETURNED},
    "submit": {S.IN_REVIEW, S.RETURNED},  # a returned claim is submitted again
    "approve": {S.SUBMITTED},
    "return": {S.SUBMITTED},
    "dismiss": {S.NEW, S.IN_REVIEW, S.RETURNED},
    "restore": {S.DISMISSED},
    "assign": {S.NEW, S.IN_REVIEW, S.RETURNED, S.SUBMITTED},
    # Only on a published claim whose words changed (needs_recheck): every
    # published claim of the matrix does; tests/annotations/test_recheck.py
    # tries one that does not.
    "reconfirm": {S.PUBLISHED},
    "withdraw": {S.PUBLISHED},
}
TARGET = {
    "start_review": S.IN_REVIEW,
    "submit": S.SUBMITTED,
    "approve": S.PUBLISHED,
    "return": S.RETURNED,
    "dismiss": S.DISMISSED,
    "restore": S.NEW,
    "reconfirm": S.PUBLISHED,
    "withdraw": S.RETURNED,
}
EDITOR_ONLY = {"approve", "return", "restore", "reconfirm", "withdraw"}
ACTORS = ["nobody", "viewer", "reviewer", "other_reviewer", "editor"]


def expected_error(actor: str, action: str, status: str):
    """The claim is assigned to `reviewer`, who proposed any pending verdict."""
    if actor in ("nobody", "viewer"):
        return NotAllowed
    if action in EDITOR_ONLY and actor != "editor":
        return NotAllowed
    if status not in SOURCES[action]:
        return InvalidTransition
    if actor == "other_reviewer":
        return NotAllowed
    if actor == "reviewer" and action == "dismiss" and status != S.NEW:
        return NotAllowed
    if actor == "reviewer" and action == "assign":
        return NotAllowed  # theirs already: a reviewer only takes a free claim
    return None


def call(action: str, claim: Claim, user, users):
    kwargs = {}
    if action == "submit":
        kwargs = {"rating": "false", "summary": "It did not happen."}
    if action == "assign":
        assignee = user if user != users["editor"] else users["other_reviewer"]
        return workflow.assign(
            claim=claim, assignee=assignee, user=user, note="Because."
        )
    return workflow.perform(
        action=action, claim=claim, user=user, note="Because.", **kwargs
    )


@pytest.mark.parametrize("status", S.values)
@pytest.mark.parametrize("action", list(SOURCES))
@pytest.mark.parametrize("actor", ACTORS)
def test_role_action_status_matrix(users, actor, action, status):
    claim = ClaimFactory(
        status=status,
        assignee=users["reviewer"],
        needs_recheck=status == S.PUBLISHED,
    )
    if status == S.SUBMITTED:
        VerdictFactory(claim=claim, proposed_by=users["reviewer"])
    error = expected_error(actor, action, status)
    if error is not None:
        with pytest.raises(error):
            call(action, claim, users[actor], users)
        fresh = Claim.objects.get(pk=claim.pk)
        assert (fresh.status, fresh.version, fresh.assignee_id) == (
            status,
            1,
            users["reviewer"].pk,
        )
        assert not Transition.objects.exists()
        return
    call(action, claim, users[actor], users)
    fresh = Claim.objects.get(pk=claim.pk)
    assert fresh.status == TARGET.get(action, status)
    assert fresh.version == 2
    transition = Transition.objects.get()
    assert (transition.action, transition.from_status, transition.to_status) == (
        action,
        status,
        fresh.status,
    )
    assert transition.actor == users[actor]


def test_every_action_is_covered_by_the_matrix():
    # The group moves need a group: tests/annotations/test_rules.py walks them
    # with one, tests/annotations/test_groups.py tries each.
    group_moves = {"approve_group", "reuse_verdict"}
    assert {*rules.TRANSITIONS, "assign"} - group_moves == set(SOURCES)


def test_a_reviewer_may_take_an_unassigned_claim(users):
    claim = ClaimFactory()
    workflow.start_review(claim=claim, user=users["other_reviewer"])
    assert Claim.objects.get(pk=claim.pk).assignee == users["other_reviewer"]


def test_the_full_path_to_publication_records_who_when_and_why(users):
    claim = ClaimFactory()
    workflow.start_review(claim=claim, user=users["reviewer"])
    assert Claim.objects.get(pk=claim.pk).rating is None
    verdict = workflow.submit_verdict(
        claim=claim, rating="mostly_true", summary=" Right. ", user=users["reviewer"]
    )
    # The claim carries its latest verdict's rating, for lists and filters.
    assert Claim.objects.get(pk=claim.pk).rating == "mostly_true"
    workflow.return_claim(claim=claim, user=users["editor"], note="Cite the UN report.")
    assert Claim.objects.get(pk=claim.pk).rating == "mostly_true"
    verdict.refresh_from_db()
    assert (verdict.outcome, verdict.decision_note) == (
        "returned",
        "Cite the UN report.",
    )
    workflow.start_review(claim=claim, user=users["reviewer"])
    second = workflow.submit_verdict(
        claim=claim, rating="true", summary="Confirmed.", user=users["reviewer"]
    )
    workflow.approve(claim=claim, user=users["editor"])
    assert Claim.objects.get(pk=claim.pk).rating == "true"
    second.refresh_from_db()
    assert second.outcome == "approved" and second.decided_by == users["editor"]
    assert second.decided_at is not None
    assert Verdict.objects.filter(claim=claim).approved().get() == second
    path = list(
        Transition.objects.filter(claim=claim).values_list("from_status", "to_status")
    )
    assert path == [("new", "in_review"), ("in_review", "submitted"), ("submitted", "returned"),
                    ("returned", "in_review"), ("in_review", "submitted"), ("submitted", "published")]  # fmt: skip
    assert Transition.objects.get(action="return").note == "Cite the UN report."
    reasons = list(
        claim.history.order_by("history_id").values_list(
            "history_change_reason", flat=True
        )
    )
    assert reasons[-1] == "approve" and "return: Cite the UN report." in reasons


def test_an_editor_cannot_approve_their_own_verdict(users):
    claim = ClaimFactory(status=S.IN_REVIEW, assignee=users["editor"])
    workflow.submit_verdict(
        claim=claim, rating="false", summary="No.", user=users["editor"]
    )
    with pytest.raises(NotAllowed, match="proposed themselves"):
        workflow.approve(claim=claim, user=users["editor"])
    workflow.approve(claim=claim, user=users["other_editor"])
    assert claim.status == S.PUBLISHED


def test_a_stale_claim_is_refused_and_nothing_is_overwritten(users):
    claim = ClaimFactory()
    seen_by_editor = Claim.objects.get(pk=claim.pk)
    workflow.start_review(claim=claim, user=users["reviewer"])
    with pytest.raises(StaleClaim) as caught:
        workflow.dismiss(claim=seen_by_editor, user=users["editor"])
    assert caught.value.current.status == S.IN_REVIEW
    assert Claim.objects.get(pk=claim.pk).status == S.IN_REVIEW
    assert Transition.objects.count() == 1


@pytest.mark.parametrize(
    ("rating", "summary", "field"),
    [("excellent", "Fine.", "rating"), ("true", "   ", "summary"), ("", "", "rating")],
)
def test_a_bad_verdict_is_refused_and_nothing_saved(users, rating, summary, field):
    claim = ClaimFactory(status=S.IN_REVIEW, assignee=users["reviewer"])
    with pytest.raises(ValidationError) as caught:
        workflow.submit_verdict(
            claim=claim, rating=rating, summary=summary, user=users["reviewer"]
        )
    assert field in caught.value.message_dict
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.status, fresh.version) == (S.IN_REVIEW, 1)
    assert not Verdict.objects.exists() and not Transition.objects.exists()


def test_return_needs_a_note(users):
    claim = ClaimFactory(status=S.SUBMITTED)
    VerdictFactory(claim=claim, proposed_by=users["reviewer"])
    with pytest.raises(ValidationError) as caught:
        workflow.return_claim(claim=claim, user=users["editor"], note=" ")
    assert "note" in caught.value.message_dict
    assert Claim.objects.get(pk=claim.pk).status == S.SUBMITTED


def test_assign_rules(users):
    claim = ClaimFactory()
    with pytest.raises(NotAllowed):
        workflow.assign(
            claim=claim, assignee=users["other_reviewer"], user=users["reviewer"]
        )
    with pytest.raises(ValidationError):
        workflow.assign(claim=claim, assignee=users["viewer"], user=users["editor"])
    workflow.assign(
        claim=claim, assignee=users["reviewer"], user=users["reviewer"]
    )  # "Assign to me"
    workflow.assign(claim=claim, assignee=None, user=users["editor"])
    assert Claim.objects.get(pk=claim.pk).assignee is None
    assert Transition.objects.filter(action="assign").count() == 2


def test_an_unknown_action_is_a_validation_error(users):
    with pytest.raises(ValidationError):
        workflow.perform(
            action="publish_now", claim=ClaimFactory(), user=users["editor"]
        )


def test_the_loser_of_a_double_approval_is_told_the_claim_changed(users):
    """Both editors loaded version 1; the second acts after the first has
    published. On SQLite, where writers take turns, the second used to be told
    "no verdict awaiting approval" (409); the version is claimed first now."""
    claim = ClaimFactory(status=S.SUBMITTED, assignee=users["reviewer"])
    VerdictFactory(claim=claim, proposed_by=users["reviewer"])
    first, second = Claim.objects.get(pk=claim.pk), Claim.objects.get(pk=claim.pk)
    workflow.approve(claim=first, user=users["editor"])
    with pytest.raises(StaleClaim):
        workflow.approve(claim=second, user=users["other_editor"])
    assert Verdict.objects.get(claim=claim).decided_by == users["editor"]
