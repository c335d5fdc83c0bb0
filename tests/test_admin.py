import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    CommentFactory,
    EvidenceFactory,
    NotificationFactory,
    UserFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "claims_article", "claims_claim", "annotations_source", "annotations_evidence",
    "annotations_verdict", "annotations_comment", "annotations_transition",
    "annotations_notification",
]  # fmt: skip


def make_rows(n: int) -> None:
    for _ in range(n):
        EvidenceFactory()
        VerdictFactory()
        CommentFactory()
        NotificationFactory()


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


@pytest.mark.parametrize("model", CHANGELISTS)
def test_changelists_cost_the_same_queries_for_3_or_12_rows(client, model):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse(f"admin:{model}_changelist")
    make_rows(3)
    few = queries(client, url)
    make_rows(9)
    assert queries(client, url) == few


def test_changelist_search_and_filters_work(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    EvidenceFactory(claim__article__title="Needle story")
    url = reverse("admin:claims_claim_changelist")
    response = client.get(url, {"q": "Needle", "status__exact": "new"})
    assert response.status_code == 200 and b"1 claim" in response.content


def test_the_article_body_cannot_be_edited_after_import(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    article = EvidenceFactory().claim.article
    response = client.get(reverse("admin:claims_article_change", args=[article.pk]))
    assert response.status_code == 200
    assert b'name="body"' not in response.content


def test_the_change_feed_is_read_only_in_the_admin(admin_client):
    from claims.models import ChangeEvent
    from tests.factories import ClaimFactory

    ClaimFactory()
    event = ChangeEvent.objects.latest("seq")
    changelist = admin_client.get(reverse("admin:claims_changeevent_changelist"))
    assert changelist.status_code == 200 and str(event.seq) in changelist.text
    assert admin_client.get(reverse("admin:claims_changeevent_add")).status_code == 403
    delete = reverse("admin:claims_changeevent_delete", args=[event.seq])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert ChangeEvent.objects.filter(seq=event.seq).exists()


def test_the_admin_shows_a_claim_but_leaves_every_change_to_the_domain(admin_client):
    from tests.factories import ClaimFactory

    claim = ClaimFactory()
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    for field in ("status", "kind", "start", "end", "score", "assignee"):
        assert f'name="{field}"' not in page.text
    # A forged POST changes nothing: the admin has no change permission here.
    forged = {"start": 1, "end": 5, "kind": "rule", "score": 0.1}
    assert admin_client.post(url, forged).status_code == 403
    fresh = type(claim).objects.get(pk=claim.pk)
    assert (fresh.start, fresh.kind, fresh.version) == (0, claim.kind, 1)


@pytest.mark.parametrize(
    ("action", "status", "after"),
    [("dismiss", "new", "dismissed"), ("restore", "dismissed", "new"),
     ("start_review", "new", "in_review"), ("assign_to_me", "new", "new")],
)  # fmt: skip
def test_admin_actions_go_through_the_workflow(admin_client, action, status, after):
    from annotations.models import Transition
    from claims.models import ChangeEvent
    from tests.factories import ClaimFactory

    claim = ClaimFactory(status=status)
    events = ChangeEvent.objects.count()
    url = reverse("admin:claims_claim_changelist")
    response = admin_client.post(
        url, {"action": action, "_selected_action": [claim.pk]}, follow=True
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.status == after and claim.version == 2
    assert Transition.objects.filter(claim=claim).count() == 1
    assert ChangeEvent.objects.count() > events
    assert claim.history.count() == 2


def test_an_admin_action_the_rules_refuse_says_why_and_changes_nothing(admin_client):
    from tests.factories import ClaimFactory

    claim = ClaimFactory(status="published")
    response = admin_client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "dismiss", "_selected_action": [claim.pk]},
        follow=True,
    )
    assert "Cannot dismiss a claim that is published" in response.text
    claim.refresh_from_db()
    assert (claim.status, claim.version) == ("published", 1)


def test_a_verdict_cannot_be_approved_around_the_workflow(admin_client):
    verdict = VerdictFactory()
    url = reverse("admin:annotations_verdict_change", args=[verdict.pk])
    assert admin_client.get(url).status_code == 200  # shown
    response = admin_client.post(url, {"outcome": "approved", "rating": "true"})
    assert response.status_code == 403
    verdict.refresh_from_db()
    assert verdict.outcome == "pending"


def test_evidence_of_a_published_claim_cannot_be_deleted_in_the_admin(admin_client):
    item = EvidenceFactory(claim__status="published")
    url = reverse("admin:annotations_evidence_delete", args=[item.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert type(item).objects.filter(pk=item.pk).exists()


def test_evidence_deleted_in_the_admin_goes_through_the_domain(admin_client):
    item = EvidenceFactory(claim__status="in_review")
    url = reverse("admin:annotations_evidence_delete", args=[item.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not type(item).objects.filter(pk=item.pk).exists()
    assert type(item.claim).objects.get(pk=item.claim_id).version == 2


def _admin_urls():
    from django.contrib import admin

    for model in admin.site._registry:
        opts = model._meta
        yield model, f"admin:{opts.app_label}_{opts.model_name}"


def test_no_admin_page_answers_500(admin_client):
    """Every admin list, add, change and delete page, read and posted back as
    it stands (or with hostile values), answers without a server error."""
    from tests.factories import ClaimFactory

    make_rows(1)
    ClaimFactory(status="published")
    admin_client.raise_request_exception = False
    hostile = {"url": "javascript:alert(1)", "start": "99999999", "title": "\x00",
               "username": "<script>", "body": "x" * 10}  # fmt: skip
    for model, prefix in _admin_urls():
        pages = [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")]
        obj = model._default_manager.order_by("-pk").first()
        if obj is not None:
            pages.append(reverse(f"{prefix}_change", args=[obj.pk]))
            pages.append(reverse(f"{prefix}_delete", args=[obj.pk]))
        for url in pages:
            got = admin_client.get(url)
            assert got.status_code < 500, url
            if got.status_code == 200 and "_delete" not in url:
                posted = admin_client.post(url, hostile)
                assert posted.status_code < 500, url


def test_matches_and_groups_are_shown_and_never_changed_in_the_admin(admin_client):
    from claims.models import Claim, ClaimGroup, ClaimMatch
    from tests.factories import ArticleFactory, ClaimFactory

    group = ClaimGroup.objects.create()
    one, other = (ClaimFactory(article=ArticleFactory(), group=group) for _ in "ab")
    match = ClaimMatch.objects.create(
        claim=one, candidate=other, score=0.9, similarity=0.95,
        relation="conflict", reason="numbers differ: 11,000 / 1,100",
        state="confirmed",
    )  # fmt: skip
    matches = admin_client.get(reverse("admin:claims_claimmatch_changelist"))
    assert matches.status_code == 200 and "confirmed" in matches.text.lower()
    groups = admin_client.get(reverse("admin:claims_claimgroup_changelist"))
    assert groups.status_code == 200 and ">2<" in groups.text  # two appearances
    page = admin_client.get(reverse("admin:claims_claimgroup_change", args=[group.pk]))
    assert page.status_code == 200 and one.text[:20] in page.text
    url = reverse("admin:claims_claimmatch_change", args=[match.pk])
    admin_client.post(url, {"state": "rejected"})
    delete = reverse("admin:claims_claimmatch_delete", args=[match.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert ClaimMatch.objects.get(pk=match.pk).state == "confirmed"
    assert Claim.objects.filter(group=group).count() == 2


def test_notifications_are_only_shown_in_the_admin(admin_client):
    notification = NotificationFactory()
    url = reverse("admin:annotations_notification_change", args=[notification.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and b'name="message"' not in page.content
    assert admin_client.post(url, {"message": "changed"}).status_code == 403
    delete = reverse("admin:annotations_notification_delete", args=[notification.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    add = reverse("admin:annotations_notification_add")
    assert admin_client.get(add).status_code == 403
    notification.refresh_from_db()
    assert notification.message == "Which officials?"
