"""notifications/: each person's own notifications, read and marked read
through the API as on /notifications/."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from annotations.models import Notification
from tests.factories import ClaimFactory, NotificationFactory

pytestmark = pytest.mark.django_db
LIST, READ = "/api/v1/notifications/", "/api/v1/notifications/read/"


@pytest.fixture
def mine(users) -> list[Notification]:
    """Three for the reviewer (oldest first), one for someone else."""
    NotificationFactory(recipient=users["other_reviewer"], actor=users["editor"])
    return [
        NotificationFactory(recipient=users["reviewer"], actor=users["editor"])
        for _ in range(3)
    ]


def test_each_person_sees_their_own_newest_first(clients, users, mine):
    answer = clients["reviewer"].get(LIST)
    assert answer.status_code == 200
    rows = answer.json()["results"]
    assert [r["id"] for r in rows] == [n.pk for n in reversed(mine)]
    assert rows[0] == {
        "id": mine[-1].pk,
        "kind": "returned",
        "claim": mine[-1].claim_id,
        "actor": users["editor"].username,
        "message": "Which officials?",
        "created_at": rows[0]["created_at"],
        "read": False,
    }
    assert clients["editor"].get(LIST).json()["results"] == []
    assert clients["anonymous"].get(LIST).status_code == 401


def test_marking_read_by_ids_touches_only_your_own(clients, users, mine):
    others = Notification.objects.exclude(recipient=users["reviewer"]).get()
    answer = clients["reviewer"].post(
        READ, {"ids": [mine[0].pk, others.pk]}, format="json"
    )
    assert answer.status_code == 200 and answer.json() == {"marked": 1}
    unread = clients["reviewer"].get(LIST, {"unread": "true"}).json()["results"]
    assert [r["id"] for r in unread] == [mine[2].pk, mine[1].pk]
    read = clients["reviewer"].get(LIST, {"unread": "false"}).json()["results"]
    assert [r["id"] for r in read] == [mine[0].pk]
    assert Notification.objects.get(pk=others.pk).read_at is None


def test_marking_read_up_to_what_you_saw_leaves_what_came_since(clients, users, mine):
    answer = clients["reviewer"].post(READ, {"up_to": mine[1].pk}, format="json")
    assert answer.json() == {"marked": 2}
    rows = clients["reviewer"].get(LIST).json()["results"]
    assert {r["id"]: r["read"] for r in rows} == {
        mine[0].pk: True,
        mine[1].pk: True,
        mine[2].pk: False,
    }
    again = clients["reviewer"].post(READ, {"up_to": mine[1].pk}, format="json")
    assert again.json() == {"marked": 0}


def test_a_viewer_marks_their_own_read_too(clients, users):
    NotificationFactory(recipient=users["viewer"], kind="mentioned")
    answer = clients["viewer"].post(READ, {"ids": []}, format="json")
    assert answer.status_code == 200 and answer.json() == {"marked": 0}
    answer = clients["viewer"].post(READ, {"up_to": 2**63 - 1}, format="json")
    assert answer.json() == {"marked": 1}


def test_without_a_role_only_those_about_published_claims(clients, users):
    NotificationFactory(recipient=users["nobody"])
    published = NotificationFactory(
        recipient=users["nobody"], claim=ClaimFactory(status="published")
    )
    nobody = APIClient()
    nobody.force_authenticate(users["nobody"])
    rows = nobody.get(LIST).json()["results"]
    assert [r["id"] for r in rows] == [published.pk]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "non_field_errors"),
        ({"ids": [1], "up_to": 1}, "non_field_errors"),
        ({"ids": "1"}, "ids"),
        ({"ids": ["1"]}, "ids"),
        ({"ids": [True]}, "ids"),
        ({"ids": [1.5]}, "ids"),
        ({"ids": [0]}, "ids"),
        ({"ids": list(range(1, 502))}, "ids"),
        ({"up_to": 2**63}, "up_to"),
        ({"up_to": "5"}, "up_to"),
        ({"up_to": None}, "up_to"),
        ({"up_to": 1, "recipient": 2}, "recipient"),
        ({"up_to": "<script>alert(1)</script>\x00"}, "up_to"),
    ],
)
def test_bad_input_marks_nothing(clients, users, mine, body, field):
    answer = clients["reviewer"].post(READ, body, format="json")
    assert answer.status_code == 400, answer.content
    assert field in answer.json()
    assert not Notification.objects.filter(read_at__isnull=False).exists()


def test_a_body_that_is_not_an_object_is_refused(clients, mine):
    for body in ([1, 2], "all", 5):
        answer = clients["reviewer"].post(READ, body, format="json")
        assert answer.status_code == 400
    assert clients["reviewer"].get(LIST, {"unread": "maybe"}).status_code == 400
    assert not Notification.objects.filter(read_at__isnull=False).exists()


def test_the_list_costs_the_same_queries_for_one_and_many(users):
    reviewer = APIClient()
    token = Token.objects.create(user=users["reviewer"])
    reviewer.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    counts = []
    for n in (1, 8):
        for _ in range(n):
            NotificationFactory(recipient=users["reviewer"])
        with CaptureQueriesContext(connection) as captured:
            reviewer.get(LIST)
        counts.append(len(captured))
    # the token with its user, the role (who sees what), the page with the
    # actors joined
    assert counts == [3, 3]
