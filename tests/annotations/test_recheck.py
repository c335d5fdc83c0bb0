"""A published claim whose words changed in a newer version of its article:
flagged in the panel, the queue, the dashboard, the API and its ClaimReview,
until an editor reconfirms the verdict or withdraws it."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from annotations import workflow
from annotations.models import Transition, Verdict
from claims.errors import InvalidTransition, NotAllowed
from claims.models import ChangeEvent, Claim
from tests.factories import ArticleFactory, ClaimFactory, VerdictFactory

pytestmark = pytest.mark.django_db
S = Claim.Status


@pytest.fixture
def flagged(users):
    """A published claim whose words changed, with its approved verdict."""
    claim = ClaimFactory(
        article=ArticleFactory(url="https://news.example/pact"),
        status=S.PUBLISHED,
        anchor=Claim.Anchor.CHANGED,
        needs_recheck=True,
        assignee=users["reviewer"],
    )
    VerdictFactory(
        claim=claim, rating="false", summary="It did not happen.",
        proposed_by=users["reviewer"], outcome=Verdict.Outcome.APPROVED,
        decided_by=users["other_editor"], decided_at=timezone.now(),
    )  # fmt: skip
    return claim


def test_the_panel_shows_the_banner_and_offers_editors_both_ways(
    client, users, flagged
):
    client.force_login(users["editor"])
    panel = client.get(f"/claims/{flagged.pk}/", HTTP_HX_REQUEST="true").text
    assert "Needs re-checking." in panel
    assert 'data-action="reconfirm"' in panel and 'data-action="withdraw"' in panel
    client.force_login(users["reviewer"])
    panel = client.get(f"/claims/{flagged.pk}/", HTTP_HX_REQUEST="true").text
    assert "Needs re-checking." in panel and "An editor reconfirms" in panel
    assert 'data-action="reconfirm"' not in panel


def test_reconfirming_keeps_the_verdict_and_records_it(users, flagged):
    workflow.reconfirm(claim=flagged, user=users["editor"], note="Still false.")
    claim = Claim.objects.get(pk=flagged.pk)
    assert (claim.status, claim.needs_recheck, claim.version) == (S.PUBLISHED, False, 2)
    move = Transition.objects.get(claim=claim)
    assert (move.action, move.from_status, move.to_status, move.note) == (
        "reconfirm", S.PUBLISHED, S.PUBLISHED, "Still false.",
    )  # fmt: skip
    assert claim.history.first().history_change_reason == "reconfirm: Still false."
    event = ChangeEvent.objects.filter(model="claims.claim", object_id=claim.pk).last()
    assert event.state["needs_recheck"] is False
    assert claim.verdicts.get().outcome == Verdict.Outcome.APPROVED


def test_withdrawing_returns_the_claim_and_marks_the_verdict(users, flagged):
    verdict = workflow.withdraw(
        claim=flagged, user=users["editor"], note="The figure was corrected."
    )
    claim = Claim.objects.get(pk=flagged.pk)
    assert (claim.status, claim.needs_recheck) == (S.RETURNED, False)
    verdict.refresh_from_db()
    assert verdict.outcome == Verdict.Outcome.WITHDRAWN
    assert verdict.decision_note == "The figure was corrected."
    assert Transition.objects.get(claim=claim).action == "withdraw"
    feed = ChangeEvent.objects.filter(model="annotations.verdict", object_id=verdict.pk)
    assert feed.last().state["outcome"] == "withdrawn"
    # Anonymous readers no longer see it.
    anonymous = APIClient()
    assert anonymous.get(f"/api/v1/claims/{claim.pk}/").status_code == 404


@pytest.mark.parametrize("note", ["", "   "])
def test_a_withdrawal_says_why(users, flagged, note):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Say why"):
        workflow.withdraw(claim=flagged, user=users["editor"], note=note)
    assert Claim.objects.get(pk=flagged.pk).needs_recheck


def test_reviewers_and_unflagged_claims_are_refused(users, flagged):
    with pytest.raises(NotAllowed):
        workflow.reconfirm(claim=flagged, user=users["reviewer"])
    settled = ClaimFactory(status=S.PUBLISHED)
    with pytest.raises(InvalidTransition):
        workflow.reconfirm(claim=settled, user=users["editor"])


def test_the_panel_withdraws_and_refuses_a_stale_or_empty_form(client, users, flagged):
    client.force_login(users["editor"])
    url = f"/claims/{flagged.pk}/act/withdraw/"
    empty = client.post(url, {"version": 1, "note": ""}, HTTP_HX_REQUEST="true")
    assert empty.status_code == 422 and "Say why" in empty.text
    stale = client.post(url, {"version": 0, "note": "x"}, HTTP_HX_REQUEST="true")
    assert stale.status_code == 409
    script = "<script>alert(1)</script>"
    done = client.post(url, {"version": 1, "note": script}, HTTP_HX_REQUEST="true")
    assert done.status_code == 200 and script not in done.text
    assert Claim.objects.get(pk=flagged.pk).status == S.RETURNED


def test_the_api_reconfirms_with_if_match(users, flagged):
    api = APIClient()
    api.force_authenticate(users["editor"])
    url = f"/api/v1/claims/{flagged.pk}/transitions/"
    stale = api.post(url, {"action": "reconfirm"}, format="json", HTTP_IF_MATCH='"v9"')
    assert stale.status_code == 412
    done = api.post(url, {"action": "reconfirm"}, format="json", HTTP_IF_MATCH='"v1"')
    assert done.status_code in (200, 201)
    again = api.post(url, {"action": "reconfirm"}, format="json", HTTP_IF_MATCH='"v2"')
    assert again.status_code == 409  # its words have not changed since


def test_the_api_and_claimreview_carry_the_flag(users, flagged):
    anonymous = APIClient()
    claim = anonymous.get(f"/api/v1/claims/{flagged.pk}/").json()
    assert claim["needs_recheck"] is True and claim["anchor"] == "changed"
    reviews = anonymous.get("/api/v1/claim-reviews/").json()["results"]
    assert reviews[0]["creativeWorkStatus"] == "NeedsRecheck"
    workflow.reconfirm(claim=flagged, user=users["editor"])
    reviews = anonymous.get("/api/v1/claim-reviews/").json()["results"]
    assert "creativeWorkStatus" not in reviews[0]


def test_the_queue_filters_on_it_in_one_filter(client, users, flagged):
    ClaimFactory(status=S.PUBLISHED)  # published, words unchanged
    client.force_login(users["viewer"])
    page = client.get("/claims/?needs_recheck=true").text
    assert f'href="/claims/{flagged.pk}/"' in page and "needs re-check" in page
    assert page.count("<tr>") == 2  # the header and the one claim
    api = APIClient()
    api.force_authenticate(users["viewer"])
    ids = [
        c["id"] for c in api.get("/api/v1/claims/?needs_recheck=true").json()["results"]
    ]
    assert ids == [flagged.pk]
    bad = api.get("/api/v1/claims/?needs_recheck=<script>")
    assert bad.status_code == 400 and "needs_recheck" in bad.json()


def test_the_dashboard_counts_them(client, users, flagged):
    client.force_login(users["editor"])
    page = client.get("/").text
    assert "<strong>1</strong> published claim needs re-checking" in page
    assert "/claims/?needs_recheck=true" in page
