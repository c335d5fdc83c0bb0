import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CommentFactory, EvidenceFactory, UserFactory, VerdictFactory

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "claims_article", "claims_claim", "annotations_source", "annotations_evidence",
    "annotations_verdict", "annotations_comment", "annotations_transition",
]  # fmt: skip


def make_rows(n: int) -> None:
    for _ in range(n):
        EvidenceFactory()
        VerdictFactory()
        CommentFactory()


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


def test_the_admin_shows_a_claims_status_but_leaves_moving_it_to_the_workflow(
    admin_client,
):
    from tests.factories import ClaimFactory

    claim = ClaimFactory()
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and 'name="status"' not in page.text
    assert 'name="kind"' in page.text
