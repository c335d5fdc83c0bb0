"""Notifications (annotations/notifications.py): who is told of what, by the
workflow and the comments; @mentions; read marks; e-mail after the commit."""

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from annotations import evidence, notifications, workflow
from annotations.models import Notification, Verdict
from claims.models import Claim
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    NotificationFactory,
    UserFactory,
    VerdictFactory,
)
from tests.grouping import confirm, fresh, submitted_group

pytestmark = pytest.mark.django_db
S = Claim.Status
K = Notification.Kind


def told(user) -> list[tuple[str, int, int | None]]:
    """(kind, claim, actor) of each notification `user` has, oldest first."""
    return list(
        Notification.objects.filter(recipient=user)
        .order_by("pk")
        .values_list("kind", "claim_id", "actor_id")
    )


def submitted(users, proposer="reviewer") -> Claim:
    claim = ClaimFactory(status=S.IN_REVIEW, assignee=users[proposer])
    workflow.submit_verdict(
        claim=claim, rating="false", summary="Not so.", user=users[proposer]
    )
    return fresh(claim)


# --- @mentions ---------------------------------------------------------------


@pytest.mark.parametrize(
    "body, names",
    [
        ("@anna, can you look?", ["anna"]),
        ("Ask @anna.", ["anna"]),
        ("Ask @a.nna... and @b-o+b@x!", ["a.nna", "b-o+b@x"]),
        ("(@anna) @anna @bob", ["anna", "bob"]),
        ("mail anna@example.org or @", []),
        ("@Ünal; @名前", ["Ünal", "名前"]),
        ("@<script>alert(1)</script>", []),
        ("@@anna", ["@anna"]),  # nobody's name: ignored when looked up
    ],
)
def test_mentions_reads_usernames_as_django_spells_them(body, names):
    assert notifications.mentions(body) == names


def test_a_comment_notifies_each_member_it_mentions_once(users):
    claim = ClaimFactory()
    editor, viewer = users["editor"], users["viewer"]
    UserFactory(username="gone", is_active=False, role="reviewer")
    UserFactory(username="norole")
    body = (
        f"@{editor.username} and @{viewer.username}: see @{editor.username}. "
        f"Not @gone, @norole, @nobody_at_all or @{users['reviewer'].username}."
    )
    comment = evidence.add_comment(claim=claim, body=body, user=users["reviewer"])
    assert told(editor) == [(K.MENTIONED, claim.pk, users["reviewer"].pk)]
    assert told(viewer) == [(K.MENTIONED, claim.pk, users["reviewer"].pk)]
    assert Notification.objects.count() == 2  # not the author, not the others
    assert Notification.objects.filter(comment=comment).count() == 2
    assert Notification.objects.first().message == body


def test_a_comment_without_mentions_costs_no_query_for_them(
    users, django_assert_num_queries
):
    claim = ClaimFactory()
    user = users["reviewer"]
    evidence.add_comment(claim=claim, body="warm-up", user=user)  # role cached
    # savepoint, insert the comment, release
    with django_assert_num_queries(3):
        evidence.add_comment(claim=claim, body="No names here.", user=user)


def test_deleting_a_comment_takes_its_mentions_with_it(users):
    comment = evidence.add_comment(
        claim=ClaimFactory(),
        body=f"@{users['editor'].username}?",
        user=users["reviewer"],
    )
    evidence.remove_comment(comment=comment, user=users["reviewer"])
    assert not Notification.objects.exists()


def test_a_long_comment_is_cut_short_in_its_notification(users):
    body = f"@{users['editor'].username} " + "word " * 200
    evidence.add_comment(claim=ClaimFactory(), body=body, user=users["reviewer"])
    message = Notification.objects.get().message
    assert len(message) == 300 and message.endswith("…")


# --- the workflow --------------------------------------------------------------


def test_an_editor_assigning_someone_tells_them(users):
    claim = ClaimFactory()
    workflow.assign(claim=claim, assignee=users["reviewer"], user=users["editor"])
    assert told(users["reviewer"]) == [(K.ASSIGNED, claim.pk, users["editor"].pk)]
    # The same person again is no news; unassigning tells nobody.
    workflow.assign(
        claim=fresh(claim), assignee=users["reviewer"], user=users["editor"]
    )
    workflow.assign(claim=fresh(claim), assignee=None, user=users["editor"])
    assert len(told(users["reviewer"])) == 1
    assert Notification.objects.count() == 1


def test_taking_a_claim_yourself_tells_nobody(users):
    claim = ClaimFactory()
    workflow.assign(claim=claim, assignee=users["reviewer"], user=users["reviewer"])
    workflow.start_review(claim=ClaimFactory(), user=users["reviewer"])
    assert not Notification.objects.exists()


def test_a_return_tells_the_proposer_why(users):
    claim = submitted(users)
    workflow.return_claim(claim=claim, user=users["editor"], note="Which officials?")
    assert told(users["reviewer"]) == [(K.RETURNED, claim.pk, users["editor"].pk)]
    assert Notification.objects.get().message == "Which officials?"


def test_an_approval_tells_the_proposer(users):
    claim = submitted(users)
    workflow.approve(claim=claim, user=users["editor"], note="Good.")
    assert told(users["reviewer"]) == [(K.APPROVED, claim.pk, users["editor"].pk)]
    assert Notification.objects.get().message == "Published as False. Good."


def test_a_group_approval_tells_the_proposer_once_with_what_it_published(users):
    a, b, c, d = submitted_group(users)
    workflow.approve_group(claim=a, user=users["editor"], note="Good.")
    # a and b are published now; c was already, d is dismissed: one message
    # about a, which counts b.
    assert told(users["reviewer"]) == [(K.APPROVED, a.pk, users["editor"].pk)]
    assert Notification.objects.get().message == (
        "Published as False, with 1 other appearance. Good."
    )


def test_a_reused_verdict_approved_tells_who_reused_it(users):
    a, b, c, d = submitted_group(users)
    new = ClaimFactory(article=ArticleFactory())
    confirm(new, c, users["editor"])
    workflow.reuse_verdict(claim=fresh(new), user=users["other_reviewer"])
    workflow.approve(claim=fresh(new), user=users["editor"])
    assert told(users["other_reviewer"]) == [(K.APPROVED, new.pk, users["editor"].pk)]


def test_a_withdrawal_tells_the_proposer(users):
    claim = ClaimFactory(status=S.PUBLISHED, needs_recheck=True)
    VerdictFactory(
        claim=claim, proposed_by=users["reviewer"], outcome=Verdict.Outcome.APPROVED,
        decided_by=users["other_editor"], decided_at=timezone.now(),
    )  # fmt: skip
    workflow.withdraw(claim=claim, user=users["editor"], note="The figure changed.")
    assert told(users["reviewer"]) == [(K.WITHDRAWN, claim.pk, users["editor"].pk)]


def test_a_proposer_who_left_is_not_told(users):
    claim = submitted(users)
    users["reviewer"].is_active = False
    users["reviewer"].save()
    workflow.return_claim(claim=claim, user=users["editor"], note="Sources?")
    assert not Notification.objects.exists()


def test_a_refused_or_rolled_back_action_tells_nobody(users):
    claim = submitted(users)
    with pytest.raises(Exception, match="Say why"):
        workflow.return_claim(claim=claim, user=users["editor"], note=" ")
    with pytest.raises(RuntimeError), transaction.atomic():
        workflow.return_claim(claim=claim, user=users["editor"], note="Sources?")
        raise RuntimeError("something after it failed")
    assert not Notification.objects.exists()


# --- reading -----------------------------------------------------------------------


def test_unread_count_and_marking_read_touch_only_ones_own(users):
    mine = [NotificationFactory(recipient=users["reviewer"]) for _ in range(3)]
    theirs = NotificationFactory(recipient=users["other_reviewer"])
    assert notifications.unread_count(users["reviewer"]) == 3
    assert notifications.mark_read(users["reviewer"], [mine[0].pk, theirs.pk]) == 1
    assert notifications.unread_count(users["reviewer"]) == 2
    assert notifications.mark_read(users["reviewer"], upto=mine[1].pk) == 1
    assert notifications.mark_read(users["reviewer"]) == 1
    assert notifications.unread_count(users["reviewer"]) == 0
    assert notifications.unread_count(users["other_reviewer"]) == 1


def test_without_a_role_only_notifications_of_published_claims_are_seen(users):
    person = users["nobody"]
    NotificationFactory(recipient=person, claim__status=S.RETURNED)
    published = NotificationFactory(recipient=person, claim__status=S.PUBLISHED)
    assert list(Notification.objects.visible_to(person)) == [published]
    assert notifications.unread_count(person) == 1


# --- e-mail ------------------------------------------------------------------------


@pytest.fixture
def email_on(settings):
    settings.CLAIMDESK_NOTIFY_EMAIL = True
    settings.CLAIMDESK_SITE_URL = "https://desk.example/"


def test_with_email_on_the_recipient_gets_a_mail_after_the_commit(
    users, email_on, django_capture_on_commit_callbacks
):
    users["reviewer"].email = "rev@news.example"
    users["reviewer"].save()
    claim = submitted(users)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_claim(claim=claim, user=users["editor"], note="Sources?")
        assert mail.outbox == []  # not before the commit
    [sent] = mail.outbox
    row = Notification.objects.get()
    assert sent.to == ["rev@news.example"]
    assert (
        sent.subject == f"ClaimDesk: {users['editor'].username} returned your verdict"
    )
    assert claim.text in sent.body and "Sources?" in sent.body
    assert f"https://desk.example/notifications/{row.pk}/open/" in sent.body


def test_no_mail_without_an_address_or_with_email_off(
    users, settings, email_on, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_claim(claim=submitted(users), user=users["editor"], note="?")
    assert mail.outbox == []  # the reviewer has no address
    settings.CLAIMDESK_NOTIFY_EMAIL = False
    users["reviewer"].email = "rev@news.example"
    users["reviewer"].save()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_claim(claim=submitted(users), user=users["editor"], note="?")
    assert mail.outbox == []
    assert Notification.objects.count() == 2  # in the app all the same


def test_a_mail_that_fails_is_logged_and_the_action_stands(
    users, email_on, monkeypatch, django_capture_on_commit_callbacks
):
    for person in (users["reviewer"], users["viewer"]):
        person.email = f"{person.username}@news.example"
        person.save()
    logged = []

    def refuse(**kwargs):
        if kwargs["recipient_list"] == [users["reviewer"].email]:
            raise ConnectionRefusedError("no mail server")
        mail.outbox.append(kwargs)

    monkeypatch.setattr(notifications, "send_mail", refuse)
    monkeypatch.setattr(
        notifications.logger, "exception", lambda *args: logged.append(args)
    )
    claim = ClaimFactory()
    body = f"@{users['reviewer'].username} @{users['viewer'].username} look"
    with django_capture_on_commit_callbacks(execute=True):
        evidence.add_comment(claim=claim, body=body, user=users["editor"])
    assert claim.comments.count() == 1 and Notification.objects.count() == 2
    assert len(logged) == 1 and "Could not e-mail" in logged[0][0]
    assert [m["recipient_list"] for m in mail.outbox] == [[users["viewer"].email]]
