"""Users are deactivated, never deleted (issue 9, finding 4.9: a deletion nulled
the user columns of claims, verdicts and evidence with no change-feed event)."""

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from annotations import evidence, workflow
from claims.errors import UserDeletionRefused
from claims.models import ChangeEvent
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(users):
    """A reviewer whose name is on a claim, a verdict, evidence and a comment."""
    reviewer = users["reviewer"]
    claim = ClaimFactory()
    workflow.start_review(claim=claim, user=reviewer)
    evidence.add_evidence(
        claim=claim, url="https://example.org/r", stance="supports", user=reviewer
    )
    evidence.add_comment(claim=claim, body="Checked.", user=reviewer)
    workflow.submit_verdict(claim=claim, rating="true", summary="Yes.", user=reviewer)
    claim.refresh_from_db()
    return reviewer, claim


def names_on(claim) -> tuple:
    claim.refresh_from_db()
    return (
        claim.assignee_id,
        claim.verdicts.get().proposed_by_id,
        claim.evidence.get().added_by_id,
        claim.comments.get().author_id,
        *set(claim.transitions.values_list("actor_id", flat=True)),
    )


def test_deleting_a_user_in_code_is_refused_and_nulls_nothing(worker):
    reviewer, claim = worker
    before, events = names_on(claim), ChangeEvent.objects.count()
    assert before == (reviewer.pk,) * 5
    # (A savepoint each: the refusal rolls back the deletion's transaction.)
    refused = pytest.raises(UserDeletionRefused, match="Deactivate the user instead")
    with refused, transaction.atomic():
        reviewer.delete()
    with pytest.raises(UserDeletionRefused), transaction.atomic():
        User.objects.filter(pk=reviewer.pk).delete()
    assert User.objects.filter(pk=reviewer.pk).exists()
    assert names_on(claim) == before
    assert ChangeEvent.objects.count() == events  # nothing changed unseen


def test_the_admin_offers_deactivate_and_no_delete(client, worker):
    reviewer, claim = worker
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    changelist = reverse("admin:auth_user_changelist")
    page = client.get(changelist)
    actions = dict(page.context["action_form"].fields["action"].choices)
    assert "deactivate_users" in actions and "delete_selected" not in actions
    delete = reverse("admin:auth_user_delete", args=[reviewer.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    response = client.post(
        changelist,
        {"action": "deactivate_users", "_selected_action": [reviewer.pk]},
        follow=True,
    )
    assert "1 user(s) deactivated" in response.text
    reviewer.refresh_from_db()
    assert not reviewer.is_active
    assert names_on(claim) == (reviewer.pk,) * 5


def test_a_deactivated_user_cannot_sign_in_or_use_a_token(client, users):
    reviewer = users["reviewer"]
    token = Token.objects.create(user=reviewer)
    client.force_login(reviewer)
    assert client.get(reverse("claims:article_list")).status_code == 200
    reviewer.is_active = False
    reviewer.save()
    # The open session no longer counts; the password and the token are refused.
    assert client.get(reverse("claims:article_list")).status_code == 302
    fresh = Client()
    signed_in = fresh.post(
        reverse("login"), {"username": reviewer.username, "password": "pw"}
    )
    assert signed_in.status_code == 200 and "_auth_user_id" not in fresh.session
    assert "inactive" in signed_in.text or "correct username" in signed_in.text
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/claims/").status_code == 401
    reply = APIClient().post(
        "/api/v1/auth/token/",
        {"username": reviewer.username, "password": "pw"},
        format="json",
    )
    assert reply.status_code == 400
