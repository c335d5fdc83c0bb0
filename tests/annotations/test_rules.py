"""The rules table, walked whole: for every role × status × action, the
domain allows it exactly when the table does, the browser's panel offers it
exactly then, and the API answers the same (its `actions`, and the call)."""

import re

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from rest_framework.test import APIClient

from annotations import corrections, evidence, groups, rules, workflow
from annotations.models import Comment, Evidence, Verdict
from claims.errors import InvalidTransition, NotAllowed
from claims.models import Claim, ClaimGroup, ClaimMatch
from claims.roles import role_of
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    CommentFactory,
    EvidenceFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db
S = Claim.Status
ACTORS = ["nobody", "viewer", "reviewer", "other_reviewer", "editor"]
# Every status, and a published claim whose words changed in a newer version
# of its article (reconfirm and withdraw are offered on it only).
RECHECK = "published+recheck"
STATUSES = [*S.values, RECHECK]
OFFERED = re.compile(r'data-action="([a-z_]+)"')


class Rollback(Exception):
    pass


def setup_claim(users, status: str) -> Claim:
    """A claim assigned to `reviewer`, with evidence and a comment of theirs,
    and (if submitted) a verdict they proposed; in a group with a published
    claim of another article, and a suggested match with a new claim of a
    third (so that every tracking action has what it needs). RECHECK: a
    published claim whose words changed in a newer version."""
    recheck = status == RECHECK
    status = S.PUBLISHED if recheck else status
    group = ClaimGroup.objects.create()
    claim = ClaimFactory(
        status=status, assignee=users["reviewer"], group=group, needs_recheck=recheck
    )
    published = ClaimFactory(
        article=ArticleFactory(), status=S.PUBLISHED, group=group, rating="false"
    )
    VerdictFactory(
        claim=published, proposed_by=users["other_reviewer"], outcome="approved",
        decided_by=users["other_editor"], decided_at=published.created_at,
    )  # fmt: skip
    suggested = ClaimFactory(article=ArticleFactory())
    for other, state in ((published, "confirmed"), (suggested, "suggested")):
        low, high = sorted((claim.pk, other.pk))
        ClaimMatch.objects.create(
            claim_id=low, candidate_id=high, score=0.5, similarity=0.7,
            relation="same", state=state,
        )  # fmt: skip
    EvidenceFactory(claim=claim, added_by=users["reviewer"])
    CommentFactory(claim=claim, author=users["reviewer"])
    if status == S.SUBMITTED:
        VerdictFactory(claim=claim, proposed_by=users["reviewer"])
    if status == S.PUBLISHED:
        VerdictFactory(
            claim=claim, proposed_by=users["reviewer"], outcome="approved",
            decided_by=users["editor"], decided_at=claim.created_at,
        )  # fmt: skip
    return claim


def assignee_for(action_user, users):
    """A reviewer can only take a claim; an editor assigns someone else."""
    return users["other_reviewer"] if action_user == users["editor"] else action_user


def by_domain(action: str, claim: Claim, user, users) -> None:
    item = Evidence.objects.filter(claim=claim).first()
    comment = Comment.objects.filter(claim=claim).first()
    match action:
        case "assign":
            workflow.assign(claim=claim, assignee=assignee_for(user, users), user=user)
        case "correct":
            corrections.correct_claim(claim=claim, user=user, kind="event")
        case "add_evidence":
            evidence.add_evidence(
                claim=claim, url="https://example.org/x", stance="context", user=user
            )
        case "remove_evidence":
            evidence.remove_evidence(evidence=item, user=user)
        case "edit_evidence":
            evidence.edit_evidence(evidence=item, user=user, stance="refutes")
        case "comment":
            evidence.add_comment(claim=claim, body="Hm.", user=user)
        case "delete_comment":
            evidence.remove_comment(comment=comment, user=user)
        case "submit":
            workflow.perform(
                action=action, claim=claim, user=user, rating="false", summary="No."
            )
        case "confirm_match" | "reject_match":
            decide = getattr(groups, action)
            decide(match=suggested_match(claim), claim=claim, user=user)
        case _:
            workflow.perform(action=action, claim=claim, user=user, note="Because.")


def suggested_match(claim: Claim) -> ClaimMatch:
    return ClaimMatch.objects.of(claim).get(state="suggested")


def by_api(action: str, client: APIClient, claim: Claim, user, users) -> int:
    url = f"/api/v1/claims/{claim.pk}/"
    match_ = {"HTTP_IF_MATCH": f'"v{claim.version}"'}
    item = Evidence.objects.filter(claim=claim).first()
    comment = Comment.objects.filter(claim=claim).first()
    match action:
        case "assign":
            who = assignee_for(user, users).username
            answer = client.patch(url, {"assignee": who}, format="json", **match_)
        case "correct":
            answer = client.patch(url, {"kind": "event"}, format="json", **match_)
        case "add_evidence":
            body = {
                "claim": claim.pk,
                "url": "https://example.org/x",
                "stance": "context",
            }
            answer = client.post("/api/v1/evidence/", body, format="json")
        case "remove_evidence":
            answer = client.delete(f"/api/v1/evidence/{item.pk}/")
        case "edit_evidence":
            body = {"stance": "refutes"}
            answer = client.patch(f"/api/v1/evidence/{item.pk}/", body, format="json")
        case "comment":
            body = {"claim": claim.pk, "body": "Hm."}
            answer = client.post("/api/v1/comments/", body, format="json")
        case "delete_comment":
            answer = client.delete(f"/api/v1/comments/{comment.pk}/")
        case "confirm_match" | "reject_match":
            body = {"decision": action.removesuffix("_match")}
            where = f"{url}matches/{suggested_match(claim).pk}/"
            answer = client.post(where, body, format="json", **match_)
        case _:
            body = {"action": action}
            if action == "submit":
                body |= {"rating": "false", "summary": "No."}
            else:
                body |= {"note": "Because."}
            answer = client.post(f"{url}transitions/", body, format="json", **match_)
    return answer.status_code


def attempt(fn) -> bool:
    """Run `fn` and roll everything back; True if it succeeded."""
    try:
        with transaction.atomic():
            fn()
            raise Rollback
    except Rollback:
        return True
    except (NotAllowed, InvalidTransition):
        return False


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("actor", ACTORS)
def test_every_door_agrees_with_the_table(client, users, actor, status):
    user = users[actor]
    claim = setup_claim(users, status)
    allowed = set(rules.allowed_actions(user, claim))
    # Editing and removing are asked of the reviewer's own evidence and comment.
    items = {
        "remove_evidence": claim.evidence.get(),
        "edit_evidence": claim.evidence.get(),
        "delete_comment": claim.comments.get(),
    }
    expected = {
        action
        for action in rules.RULES
        if rules.refusal(user, claim, action, item=items.get(action)) is None
    }

    # The domain: each action succeeds exactly when the table allows it.
    for action in rules.RULES:
        fresh = Claim.objects.get(pk=claim.pk)
        done = attempt(lambda a=action, c=fresh: by_domain(a, c, user, users))
        assert done == (action in expected), (actor, status, action)

    # The browser: the panel offers exactly the allowed actions.
    client.force_login(user)
    panel = client.get(f"/claims/{claim.pk}/", HTTP_HX_REQUEST="true")
    if panel.status_code == 404:  # not a member: only published claims show
        assert actor == "nobody" and status not in (S.PUBLISHED, RECHECK)
        offered = set()
    else:
        assert panel.status_code == 200
        offered = set(OFFERED.findall(panel.text))
    assert offered == expected, (actor, status)

    # The API: `actions` says the same, and each call succeeds exactly then.
    api = APIClient()
    api.force_authenticate(user)
    detail = api.get(f"/api/v1/claims/{claim.pk}/")
    if detail.status_code == 200:
        assert set(detail.json()["actions"]) == allowed
    for action in rules.RULES:
        fresh = Claim.objects.get(pk=claim.pk)
        codes: list[int] = []

        def call(a=action, c=fresh, codes=codes):
            codes.append(by_api(a, api, c, user, users))
            if codes[-1] >= 300:
                raise NotAllowed  # roll back whatever a refusal touched

        attempt(call)
        assert (codes[0] < 300) == (action in expected), (actor, status, action, codes)
        assert codes[0] in (200, 201, 204, 403, 404, 409), (action, codes)


def test_nobody_may_do_anything_to_a_claim_they_cannot_see(users):
    claim = setup_claim(users, S.NEW)
    for actor in ("nobody", "viewer"):
        assert rules.allowed_actions(users[actor], claim) == []


def test_a_reviewer_adds_evidence_to_a_claim_assigned_to_someone_else(users):
    claim = setup_claim(users, S.IN_REVIEW)
    evidence.add_evidence(
        claim=claim, url="https://example.org/y", stance="supports",
        user=users["other_reviewer"],
    )  # fmt: skip
    assert claim.evidence.count() == 2


def test_adding_or_removing_evidence_bumps_the_version(users):
    claim = setup_claim(users, S.SUBMITTED)
    item = evidence.add_evidence(
        claim=claim,
        url="https://example.org/z",
        stance="refutes",
        user=users["reviewer"],
    )
    assert Claim.objects.get(pk=claim.pk).version == 2
    evidence.remove_evidence(evidence=item, user=users["reviewer"])
    assert Claim.objects.get(pk=claim.pk).version == 3
    assert claim.history.count() == 3  # created, and each evidence change


def test_an_approval_made_before_evidence_changed_is_refused(users):
    api_client = APIClient()
    claim = setup_claim(users, S.SUBMITTED)
    evidence.add_evidence(
        claim=Claim.objects.get(pk=claim.pk), url="https://example.org/late",
        stance="refutes", user=users["other_reviewer"],
    )  # fmt: skip
    api_client.force_authenticate(users["editor"])
    answer = api_client.post(
        f"/api/v1/claims/{claim.pk}/transitions/", {"action": "approve"},
        format="json", HTTP_IF_MATCH='"v1"',
    )  # fmt: skip
    assert answer.status_code == 412
    assert Claim.objects.get(pk=claim.pk).status == S.SUBMITTED


@pytest.mark.parametrize("door", ["domain", "api", "panel"])
def test_evidence_of_a_published_claim_stays(client, users, door):
    api_client = APIClient()
    claim = setup_claim(users, S.PUBLISHED)
    item = claim.evidence.get()
    editor = users["editor"]
    if door == "domain":
        with pytest.raises(InvalidTransition):
            evidence.remove_evidence(evidence=item, user=editor)
    elif door == "api":
        api_client.force_authenticate(editor)
        assert api_client.delete(f"/api/v1/evidence/{item.pk}/").status_code == 409
    else:
        client.force_login(editor)
        url = f"/claims/{claim.pk}/evidence/{item.pk}/remove/"
        assert client.post(url).status_code == 409
    assert Evidence.objects.filter(pk=item.pk).exists()


def test_one_pending_verdict_per_claim_is_a_database_rule(users):
    from django.db import IntegrityError

    claim = setup_claim(users, S.SUBMITTED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Verdict.objects.create(claim=claim, rating="true", summary="Again.")
    Verdict.objects.create(
        claim=claim, rating="true", summary="Old.", outcome="returned",
        decided_at=claim.created_at,
    )  # fmt: skip
    assert claim.verdicts.count() == 2


def test_assignable_users_are_active_reviewers_editors_and_superusers(users):
    from tests.factories import UserFactory

    users["reviewer"].is_active = False
    users["reviewer"].save()
    admin = UserFactory(is_superuser=True)
    names = set(rules.assignable_users().values_list("username", flat=True))
    assert names == {
        users[k].username for k in ("other_reviewer", "editor", "other_editor")
    } | {admin.username}


@pytest.mark.parametrize(
    "where", ["panel", "queue"], ids=["panel dropdown", "queue dropdown"]
)
def test_every_assignee_dropdown_lists_the_assignable_users(client, users, where):
    from tests.factories import UserFactory

    admin = UserFactory(is_superuser=True, username="zz-admin")
    gone = UserFactory(role="reviewer", username="zz-gone", is_active=False)
    claim = setup_claim(users, S.NEW)
    client.force_login(users["editor"])
    url = f"/claims/{claim.pk}/" if where == "panel" else "/claims/"
    page = client.get(url).text
    assert f'<option value="{admin.pk}"' in page
    assert f'<option value="{gone.pk}"' not in page
    assert f'<option value="{users["viewer"].pk}"' not in page


def test_only_a_claim_that_needs_rechecking_offers_reconfirm_and_withdraw(users):
    changed = setup_claim(users, RECHECK)
    unchanged = setup_claim(users, S.PUBLISHED)
    editor = users["editor"]
    assert {"reconfirm", "withdraw"} <= set(rules.allowed_actions(editor, changed))
    assert not {"reconfirm", "withdraw"} & set(rules.allowed_actions(editor, unchanged))
    error = rules.refusal(editor, unchanged, "withdraw")
    assert isinstance(error, InvalidTransition)
    assert "have not changed" in str(error)
    error = rules.refusal(users["reviewer"], changed, "reconfirm")
    assert isinstance(error, NotAllowed) and "editor" in str(error)


@pytest.mark.parametrize("actor", ACTORS)
def test_article_actions_follow_the_role(users, actor):
    allowed = actor in ("reviewer", "other_reviewer", "editor")
    for action in rules.ARTICLE_RULES:
        refusal = rules.article_refusal(users[actor], action)
        assert (refusal is None) == allowed, (actor, action)
        if refusal is not None:
            assert "reviewers and editors" in str(refusal)


def test_the_actions_allowed_read_each_fact_once(users, django_assert_num_queries):
    # Approving and approving for the group both ask who proposed the pending
    # verdict; confirming and rejecting both ask whether there is a match.
    claim = ClaimFactory(status="submitted", assignee=users["reviewer"])
    VerdictFactory(claim=claim, proposed_by=users["reviewer"])
    editor = users["editor"]
    role_of(editor)  # the role: read once, kept on the user
    with django_assert_num_queries(2):
        allowed = rules.allowed_actions(editor, claim)
    assert "approve" in allowed and "confirm_match" not in allowed


def test_the_facts_the_panel_reads_off_its_rows_are_those_the_rules_read(users):
    # A returned verdict of the editor's, then a pending one of the reviewer's:
    # the pending one decides; and a claim with no match has none to decide.
    claim = ClaimFactory(status="submitted", assignee=users["reviewer"])
    editor = users["editor"]
    VerdictFactory(
        claim=claim, proposed_by=editor, outcome="returned", decided_by=editor,
        decided_at=claim.created_at,
    )  # fmt: skip
    VerdictFactory(claim=claim, proposed_by=users["reviewer"])
    verdicts = list(claim.verdicts.all())
    facts = rules.known_facts(verdicts, list(ClaimMatch.objects.of(claim)))
    assert facts == {"proposed_by": users["reviewer"].pk, "matched": False}
    assert rules.allowed_actions(editor, claim, facts=facts) == rules.allowed_actions(
        editor, claim
    )
    own = ClaimFactory(status="submitted", assignee=editor)
    VerdictFactory(claim=own, proposed_by=editor)
    other = ClaimFactory(article=ArticleFactory())
    low, high = sorted((own.pk, other.pk))
    ClaimMatch.objects.create(
        claim_id=low, candidate_id=high, score=0.9, similarity=0.9, relation="same"
    )
    facts = rules.known_facts(
        list(own.verdicts.all()), list(ClaimMatch.objects.of(own))
    )
    assert facts == {"proposed_by": editor.pk, "matched": True}
    allowed = rules.allowed_actions(editor, own, facts=facts)
    assert "approve" not in allowed and "confirm_match" in allowed
    assert allowed == rules.allowed_actions(editor, own)


def test_the_choices_of_assignees_are_the_assignable_users_by_name(users):
    """`assignee_choices` runs `assignable_users()`'s SQL, compiled once:
    the same people, and a change of who may be assigned shows at once."""
    from tests.factories import UserFactory

    def expected():
        return list(rules.assignable_users().values_list("pk", "username"))

    assert rules.assignee_choices() == expected()
    admin = UserFactory(is_superuser=True, username="aa-admin")
    users["reviewer"].is_active = False
    users["reviewer"].save()
    users["viewer"].groups.add(Group.objects.get(name="editor"))
    choices = rules.assignee_choices()
    assert choices == expected()
    assert choices[0] == (admin.pk, "aa-admin")
    assert (users["viewer"].pk, users["viewer"].username) in choices
    assert users["reviewer"].pk not in dict(choices)
