"""Confirmed matches, groups, a verdict for the whole group and a group's
verdict reused: the domain, the panel and the API, every role tried."""

import pytest
from rest_framework.test import APIClient

from annotations import groups, workflow
from annotations.models import Transition, Verdict
from claims.errors import ClaimGone, InvalidTransition, NotAllowed, StaleClaim
from claims.models import ChangeEvent, Claim, ClaimGroup, ClaimMatch
from tests.factories import ArticleFactory, ClaimFactory, VerdictFactory
from tests.grouping import claims, confirm, fresh, match, submitted_group

pytestmark = pytest.mark.django_db
S = Claim.Status


# --- the domain ------------------------------------------------------------


def test_confirming_puts_both_claims_in_one_group_recorded_everywhere(users):
    a, b = claims(2)
    found = match(a, b)
    groups.confirm_match(match=found, claim=a, user=users["reviewer"], note="Yes")
    a, b, found = fresh(a), fresh(b), ClaimMatch.objects.get(pk=found.pk)
    assert a.group_id is not None and a.group_id == b.group_id
    assert (found.state, found.decided_by) == ("confirmed", users["reviewer"])
    assert (a.version, b.version) == (2, 2)
    for claim, other in ((a, b), (b, a)):
        t = Transition.objects.get(claim=claim)
        assert t.action == "confirm_match" and f"#{other.pk}" in t.note
        assert t.from_status == t.to_status == S.NEW
        assert claim.history.first().history_change_reason == "confirm_match"
        event = ChangeEvent.objects.filter(
            model="claims.claim", object_id=claim.pk, operation="update"
        ).last()
        assert event.state["group_id"] == a.group_id
        assert "embedding" not in event.state


def test_confirming_across_two_groups_merges_them(users):
    a, b, c, d = claims(4)
    confirm(a, b, users["reviewer"])
    confirm(c, d, users["reviewer"])
    gone = fresh(c).group_id
    confirm(b, c, users["reviewer"])
    assert len({fresh(x).group_id for x in (a, b, c, d)}) == 1
    assert not ClaimGroup.objects.filter(pk=gone).exists()
    assert fresh(d).version == 3  # moved to the other group: a change


def test_not_the_same_splits_a_group_and_can_be_undone(users):
    a, b, c = claims(3)
    confirm(a, b, users["reviewer"])
    link = confirm(b, c, users["reviewer"])
    group = fresh(a).group_id
    groups.reject_match(match=link, claim=fresh(c), user=users["reviewer"])
    assert (fresh(a).group_id, fresh(b).group_id, fresh(c).group_id) == (
        group,
        group,
        None,
    )
    link.refresh_from_db()
    assert link.state == "rejected"
    groups.confirm_match(match=link, claim=fresh(c), user=users["reviewer"])
    assert fresh(c).group_id == group


def test_rejecting_the_middle_link_leaves_no_group_of_one(users):
    a, b = claims(2)
    link = confirm(a, b, users["reviewer"])
    group = fresh(a).group_id
    groups.reject_match(match=link, claim=fresh(a), user=users["editor"])
    assert fresh(a).group_id is None and fresh(b).group_id is None
    assert not ClaimGroup.objects.filter(pk=group).exists()


def test_a_stale_version_is_refused_and_nothing_changes(users):
    a, b = claims(2)
    found = match(a, b)
    old = fresh(a)
    workflow.start_review(claim=fresh(a), user=users["reviewer"])
    with pytest.raises(StaleClaim):
        groups.confirm_match(match=found, claim=old, user=users["editor"])
    found.refresh_from_db()
    assert found.state == "suggested" and fresh(b).group_id is None


@pytest.mark.parametrize(
    ("actor", "other_status", "error"),
    [
        ("nobody", S.NEW, NotAllowed),
        ("viewer", S.NEW, NotAllowed),
        ("reviewer", S.PUBLISHED, NotAllowed),  # asked of both claims
        ("editor", S.DISMISSED, InvalidTransition),
    ],
)
def test_who_may_decide_a_match(users, actor, other_status, error):
    a = claims(1)[0]
    b = claims(1, status=other_status)[0]
    found = match(a, b)
    with pytest.raises(error):
        groups.confirm_match(match=found, claim=a, user=users[actor])
    found.refresh_from_db()
    assert found.state == "suggested" and fresh(a).version == 1


def test_a_decision_already_taken_is_refused(users):
    a, b = claims(2)
    found = confirm(a, b, users["reviewer"])
    with pytest.raises(InvalidTransition, match="already"):
        groups.confirm_match(match=found, claim=fresh(a), user=users["reviewer"])


def test_a_match_whose_other_claim_was_deleted_meanwhile_is_gone(users):
    a, b = claims(2)
    link = match(a, b)  # read, then b's article deleted (and the match with it)
    b.article.delete()
    with pytest.raises(ClaimGone):
        groups.confirm_match(match=link, claim=fresh(a), user=users["reviewer"])
    assert fresh(a).version == a.version and fresh(a).group_id is None


def test_one_approval_publishes_the_verdict_for_every_open_appearance(users):
    a, b, c, d = submitted_group(users)
    workflow.approve_group(claim=a, user=users["editor"], note="All of them.")
    a, b, c, d = (fresh(x) for x in (a, b, c, d))
    assert (a.status, b.status, c.status, d.status) == (
        S.PUBLISHED, S.PUBLISHED, S.PUBLISHED, S.DISMISSED,
    )  # fmt: skip
    copy = b.verdicts.get()
    assert (copy.rating, copy.summary, copy.outcome) == (
        "false",
        "It was not.",
        "approved",
    )
    assert (copy.proposed_by, copy.decided_by) == (users["reviewer"], users["editor"])
    assert b.rating == "false" and c.rating == "true"  # c was published: final
    assert Transition.objects.filter(claim=b, action="approve_group").exists()


def test_the_group_approval_is_refused_to_the_proposer_and_for_a_waiting_member(
    users,
):
    a, b, c, d = submitted_group(users)
    with pytest.raises(NotAllowed):
        workflow.approve_group(claim=a, user=users["reviewer"])
    Claim.objects.filter(pk=b.pk).update(status=S.SUBMITTED)
    VerdictFactory(claim=b, proposed_by=users["other_reviewer"])
    with pytest.raises(InvalidTransition, match=f"#{b.pk}"):
        workflow.approve_group(claim=fresh(a), user=users["editor"])
    assert fresh(a).status == S.SUBMITTED and fresh(a).version == a.version


def test_a_groups_published_verdict_is_reused_and_still_needs_approval(users):
    a, b, c, d = submitted_group(users)
    new = claims(1)[0]
    confirm(new, c, users["editor"])  # c is published: an editor's decision
    verdict = workflow.reuse_verdict(claim=fresh(new), user=users["reviewer"])
    new = fresh(new)
    assert (new.status, new.rating) == (S.SUBMITTED, "true")
    assert (verdict.outcome, verdict.proposed_by) == ("pending", users["reviewer"])
    assert verdict.summary == c.verdicts.get().summary
    workflow.approve(claim=new, user=users["editor"])
    assert fresh(new).status == S.PUBLISHED


def test_nothing_to_reuse_without_a_published_verdict_in_the_group(users):
    a, b = claims(2)
    confirm(a, b, users["reviewer"])
    with pytest.raises(InvalidTransition, match="published verdict"):
        workflow.reuse_verdict(claim=fresh(a), user=users["reviewer"])
    assert not Verdict.objects.exists()


# --- the panel -------------------------------------------------------------


def decide_url(claim: Claim, found: ClaimMatch) -> str:
    return f"/claims/{claim.pk}/matches/{found.pk}/"


@pytest.mark.parametrize(
    ("actor", "status"),
    [("nobody", 404), ("viewer", 403), ("reviewer", 200), ("editor", 200)],
)
def test_the_panel_decides_a_match_for_those_the_rules_allow(
    client, users, actor, status
):
    a, b = claims(2)
    found = match(a, b)
    client.force_login(users[actor])
    answer = client.post(
        decide_url(a, found), {"decision": "confirm", "version": 1},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert answer.status_code == status
    found.refresh_from_db()
    assert (found.state == "confirmed") == (status == 200)
    if status == 200:
        assert "claim-changed" in answer["HX-Trigger"]
        assert "In a group with 1 other appearance" in answer.text


def test_the_panel_counts_the_other_appearances_each_person_may_see(users):
    published, drafts = claims(1, status=S.PUBLISHED)[0], claims(2)
    confirm(published, drafts[0], users["editor"])
    confirm(published, drafts[1], users["editor"])
    assert groups.others_in_group(fresh(published), users["reviewer"]) == 2
    # Someone who sees published claims only sees no other appearance.
    assert groups.others_in_group(fresh(published), users["nobody"]) == 0
    assert groups.others_in_group(ClaimFactory(), users["editor"]) == 0


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    a, b = claims(2)
    found = match(a, b)
    answer = client.post(decide_url(a, found), {"decision": "confirm", "version": 1})
    assert answer.status_code == 302 and "/login" in answer["Location"]
    found.refresh_from_db()
    assert found.state == "suggested"


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"decision": "maybe", "version": 1}, 422),
        ({"decision": "<script>x</script>", "version": 1}, 422),
        ({"decision": "confirm"}, 428),
        ({"decision": "confirm", "version": "1\x00"}, 428),
        ({"decision": "confirm", "version": 7}, 409),
    ],
)
def test_bad_input_to_the_panel_saves_nothing(client, users, data, status):
    a, b = claims(2)
    found = match(a, b)
    client.force_login(users["reviewer"])
    answer = client.post(decide_url(a, found), data, HTTP_HX_REQUEST="true")
    assert answer.status_code == status
    assert "<script>x" not in answer.text
    found.refresh_from_db()
    assert found.state == "suggested" and fresh(a).version == 1


def test_another_claims_match_is_not_found_from_this_claim(client, users):
    a, b, c, d = claims(4)
    theirs = match(c, d)
    client.force_login(users["editor"])
    answer = client.post(decide_url(a, theirs), {"decision": "confirm", "version": 1})
    assert answer.status_code == 404


def test_the_panel_shows_candidates_as_text_with_status_and_verdict(client, users):
    a = claims(1)[0]
    article = ArticleFactory(body="<script>alert(1)</script> said so. More.")
    b = ClaimFactory(article=article, status=S.PUBLISHED, rating="mostly_false")
    match(a, b, relation="conflict")
    client.force_login(users["viewer"])
    page = client.get(f"/claims/{a.pk}/", HTTP_HX_REQUEST="true").text
    assert "Same claim elsewhere" in page
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    )
    assert "Same claim, different number" in page
    assert "verdict: Mostly false" in page
    assert f'href="/claims/{b.pk}/"' in page
    assert 'data-action="confirm_match"' not in page  # a viewer only reads


# --- the API ---------------------------------------------------------------


def api_decide(api, claim, found, body, **headers):
    url = f"/api/v1/claims/{claim.pk}/matches/{found.pk}/"
    return api.post(url, body, format="json", **headers)


def test_the_api_confirms_a_match_with_if_match(users):
    a, b = claims(2)
    found = match(a, b)
    api = APIClient()
    api.force_authenticate(users["reviewer"])
    answer = api_decide(api, a, found, {"decision": "confirm"}, HTTP_IF_MATCH='"v1"')
    assert answer.status_code == 200, answer.json()
    assert answer.json()["version"] == 2
    assert fresh(a).group_id == fresh(b).group_id is not None


@pytest.mark.parametrize(
    ("actor", "body", "headers", "status"),
    [
        (None, {"decision": "confirm"}, {"HTTP_IF_MATCH": '"v1"'}, 401),
        ("viewer", {"decision": "confirm"}, {"HTTP_IF_MATCH": '"v1"'}, 403),
        ("reviewer", {"decision": "confirm"}, {}, 428),
        ("reviewer", {"decision": "confirm"}, {"HTTP_IF_MATCH": '"v9"'}, 412),
        ("reviewer", {"decision": "maybe"}, {"HTTP_IF_MATCH": '"v1"'}, 400),
        ("reviewer", {"decision": ["confirm"]}, {"HTTP_IF_MATCH": '"v1"'}, 400),
        ("reviewer", {"decision": "confirm", "x": 1}, {"HTTP_IF_MATCH": '"v1"'}, 400),
        ("reviewer", {"decision": "confirm", "note": "\x00"}, {"HTTP_IF_MATCH": '"v1"'}, 400),
    ],
)  # fmt: skip
def test_bad_calls_to_decide_a_match_change_nothing(
    users, actor, body, headers, status
):
    a, b = claims(2)
    found = match(a, b)
    api = APIClient()
    if actor:
        api.force_authenticate(users[actor])
    answer = api_decide(api, a, found, body, **headers)
    assert answer.status_code == status, answer.content
    assert answer["Content-Type"].startswith("application/json")
    found.refresh_from_db()
    assert found.state == "suggested" and fresh(a).version == 1


def test_the_api_does_not_find_another_claims_match(users):
    a, b, c, d = claims(4)
    api = APIClient()
    api.force_authenticate(users["editor"])
    answer = api_decide(api, a, match(c, d), {"decision": "confirm"}, HTTP_IF_MATCH="*")
    assert answer.status_code == 404
