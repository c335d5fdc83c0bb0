"""Two writers holding the same ETag, at the same moment: exactly one wins.

On PostgreSQL the two requests run truly in parallel in two threads, each on
its own connection; the conditional UPDATE in `bump_version` decides. SQLite's
in-memory test database cannot take two writers from two threads, so there
the threads take turns (still two clients, the same ETag, the same answer).
"""

import threading
import time

import pytest
from django.db import connection, transaction
from rest_framework.test import APIClient

from annotations.models import Transition
from claims.models import Article, Claim
from tests.factories import ClaimFactory

# Real commits (threads use their own connections); the roles' groups, made by
# a data migration, are restored after each flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def race(users, requests) -> list[int]:
    """Run each (role, method, path, body, headers) in its own thread."""
    barrier = threading.Barrier(len(requests))
    turn = threading.Lock() if connection.vendor == "sqlite" else None
    statuses: list[int] = []

    def send(role, method, path, body, headers) -> None:
        client = APIClient()
        client.force_authenticate(users[role])
        barrier.wait()
        try:
            if turn is None:
                response = getattr(client, method)(path, body, format="json", **headers)
            else:
                with turn:
                    response = getattr(client, method)(
                        path, body, format="json", **headers
                    )
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=r) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(statuses)


@pytest.mark.parametrize("round_", range(3))
def test_two_parallel_corrections_with_one_etag(users, round_):
    claim = ClaimFactory(kind="other")
    path, etag = f"/api/v1/claims/{claim.pk}/", {"HTTP_IF_MATCH": '"v1-"'}
    statuses = race(
        users,
        [
            ("reviewer", "patch", path, {"kind": "event"}, etag),
            ("editor", "patch", path, {"kind": "rule"}, etag),
        ],
    )
    assert statuses == [200, 412]
    claim.refresh_from_db()
    assert claim.version == 2
    assert claim.kind in ("event", "rule")
    assert claim.history.count() == 2  # created, then one correction


def test_two_parallel_transitions_with_one_etag(users):
    claim = ClaimFactory()
    path, etag = f"/api/v1/claims/{claim.pk}/transitions/", {"HTTP_IF_MATCH": '"v1-"'}
    statuses = race(
        users,
        [
            ("reviewer", "post", path, {"action": "start_review"}, etag),
            ("editor", "post", path, {"action": "dismiss"}, etag),
        ],
    )
    assert statuses == [200, 412]
    assert Transition.objects.filter(claim=claim).count() == 1
    assert Claim.objects.get(pk=claim.pk).version == 2


def test_two_parallel_approvals_give_412_to_the_loser_on_every_database(users):
    from tests.factories import VerdictFactory

    claim = ClaimFactory(status="submitted", assignee=users["reviewer"])
    VerdictFactory(claim=claim, proposed_by=users["reviewer"])
    path, etag = f"/api/v1/claims/{claim.pk}/transitions/", {"HTTP_IF_MATCH": '"v1-"'}
    statuses = race(
        users,
        [
            ("editor", "post", path, {"action": "approve"}, etag),
            ("other_editor", "post", path, {"action": "approve"}, etag),
        ],
    )
    assert statuses == [200, 412]
    assert Transition.objects.filter(claim=claim, action="approve").count() == 1


def test_of_two_parallel_posts_of_one_new_source_only_the_creator_gets_201(users):
    body = {"url": "https://example.org/parallel"}
    statuses = race(
        users,
        [
            ("reviewer", "post", "/api/v1/sources/", body, {}),
            ("editor", "post", "/api/v1/sources/", body, {}),
        ],
    )
    assert statuses == [200, 201]


@pytest.mark.parametrize("round_", range(3))
def test_two_parallel_merges_of_the_same_groups_from_opposite_ends(users, round_):
    from tests.grouping import claims, confirm, fresh, match

    a1, b1, a2, b2 = claims(4)
    confirm(a1, b1, users["editor"])  # the older group: the one a merge keeps
    confirm(a2, b2, users["editor"])
    # From the younger group's two claims: each merge moves, and so bumps,
    # the claim the other starts from.
    ends = [(fresh(a2), match(a2, a1)), (fresh(b2), match(b2, b1))]
    statuses = race(
        users,
        [
            (
                role,
                "post",
                f"/api/v1/claims/{claim.pk}/matches/{found.pk}/",
                {"decision": "confirm"},
                {"HTTP_IF_MATCH": f'"v{claim.version}-"'},
            )
            for role, (claim, found) in zip(("reviewer", "editor"), ends, strict=True)
        ],
    )
    # In turn: the second is refused as stale, never a deadlock (a 500).
    assert statuses == [200, 412]
    assert len({fresh(c).group_id for c in (a1, b1, a2, b2)}) == 1


def _until_someone_waits_for_a_lock() -> None:
    """Poll until another connection is blocked on a row this one holds."""
    deadline = time.monotonic() + 20
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            # The statistics views keep one snapshot a transaction: a new one.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                " AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.01)
    raise AssertionError("the other request never waited for the deletion")


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a write waiting for another's commit: SQLite takes one writer at a time",
)
def test_a_claim_whose_article_is_deleted_while_someone_acts_on_it_is_gone(users):
    # The request reads the claim, then waits for the deletion's lock; when the
    # deletion commits, its write finds no row. That is a 404, not a 500.
    claim = ClaimFactory()
    path = f"/api/v1/claims/{claim.pk}/transitions/"
    answers: list = []

    def act() -> None:
        client = APIClient()
        client.force_authenticate(users["reviewer"])
        try:
            answers.append(
                client.post(
                    path,
                    {"action": "start_review"},
                    format="json",
                    HTTP_IF_MATCH='"v1-"',
                )  # fmt: skip
            )
        finally:
            connection.close()

    thread = threading.Thread(target=act)
    with transaction.atomic():
        Article.objects.filter(pk=claim.article_id).delete()
        thread.start()
        _until_someone_waits_for_a_lock()
    thread.join(timeout=30)
    assert [a.status_code for a in answers] == [404]
    assert answers[0].json() == {"detail": "This claim no longer exists."}
    assert not Claim.objects.filter(pk=claim.pk).exists()
