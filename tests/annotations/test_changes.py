"""The change feed: every write path records, and a replay rebuilds the data."""

import contextlib
import random
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction

from annotations import evidence as evidence_functions
from annotations import workflow
from annotations.corrections import add_claim, correct_claim
from annotations.models import Evidence, Verdict
from claims import changes
from claims.errors import InvalidTransition, NotAllowed, StaleClaim
from claims.extraction.types import ClaimCandidate
from claims.ingest import ingest_article
from claims.models import ChangeEvent, Claim
from tests.factories import BODY, ArticleFactory, ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


def database_state() -> dict:
    """What a mirror should hold: every tracked row, serialised as the feed does."""
    state = {}
    for model in (Claim, Verdict, Evidence):
        for obj in model.objects.all():
            state[(obj._meta.label_lower, obj.pk)] = changes.serialize(obj)
    return state


def replay_all() -> dict:
    events = ChangeEvent.objects.order_by("seq").values(
        "model", "object_id", "operation", "state"
    )
    return changes.replay(events)


def candidates(body: str, n: int) -> list[ClaimCandidate]:
    """n sentence-free spans over the first words of `body`, as ingest would save."""
    words = [i for i, ch in enumerate(body) if ch == " "][: n + 1]
    return [
        ClaimCandidate(
            start=0,
            end=words[i],
            text=body[: words[i]],
            sentence_start=0,
            sentence_end=len(body),
            kind="other",
            score=0.5,
            speaker=None,
            quoted=False,
        )
        for i in range(1, n + 1)
    ]


def test_ingest_records_a_creation_per_claim(users):
    body = BODY + " (ingest)"
    article, _ = ingest_article(body=body, candidates=candidates(body, 3))
    events = list(ChangeEvent.objects.filter(model="claims.claim"))
    assert [(e.operation, e.object_id) for e in events] == [
        ("create", c.pk) for c in article.claims.order_by("pk")
    ]
    assert events[0].state["text"] == article.claims.order_by("pk")[0].text


def test_domain_writes_record_creations_updates_and_deletions(users):
    claim = add_claim(article=ArticleFactory(), start=0, end=10, user=users["reviewer"])
    correct_claim(claim=claim, user=users["reviewer"], end=12)
    workflow.dismiss(claim=claim, user=users["reviewer"])
    piece = evidence_functions.add_evidence(
        claim=ClaimFactory(),
        url="https://example.org/a",
        stance="supports",
        user=users["reviewer"],
    )
    evidence_functions.remove_evidence(evidence=piece, user=users["reviewer"])
    seen = [
        (e.model, e.operation, e.state.get("status"))
        for e in ChangeEvent.objects.order_by("seq")
    ]
    assert seen[:3] == [
        ("claims.claim", "create", "new"),
        ("claims.claim", "update", "new"),
        ("claims.claim", "update", "dismissed"),  # a dismissal is an update
    ]
    # Evidence changes are changes of what the claim's verdict rests on: the
    # claim's version moves with each (rules: evidence bumps the version).
    assert [s[:2] for s in seen[-4:]] == [
        ("claims.claim", "update"),
        ("annotations.evidence", "create"),
        ("claims.claim", "update"),
        ("annotations.evidence", "delete"),
    ]


def test_deleting_an_article_records_the_cascade(users):
    claim = ClaimFactory()
    Verdict.objects.create(claim=claim, rating="true", summary="Yes.")
    evidence = evidence_functions.add_evidence(
        claim=claim, url="https://example.org/b", stance="refutes", user=users["editor"]
    )
    before = ChangeEvent.objects.count()
    claim.article.delete()
    deleted = set(
        ChangeEvent.objects.filter(seq__gt=before).values_list(
            "model", "object_id", "operation"
        )
    )
    assert replay_all() == {} == database_state()
    assert ("claims.claim", claim.pk, "delete") in deleted
    assert ("annotations.evidence", evidence.pk, "delete") in deleted
    assert len(deleted) == 3


def test_admin_changes_and_deletions_are_recorded(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    claim = ClaimFactory()
    response = client.post(
        f"/admin/claims/claim/{claim.pk}/delete/", {"post": "yes"}, follow=True
    )
    assert response.status_code == 200
    assert ChangeEvent.objects.filter(
        model="claims.claim", object_id=claim.pk, operation="delete"
    ).exists()
    assert replay_all() == database_state()


def test_numbers_increase_without_gaps_within_a_transaction(users):
    article = ArticleFactory()
    ingest_article(body=article.body + " again", candidates=[])
    body = BODY + " numbers"
    ingest_article(body=body, candidates=candidates(body, 4))
    seqs = list(ChangeEvent.objects.values_list("seq", flat=True))
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_replaying_the_feed_rebuilds_the_database_after_random_changes(users, seed):
    rng = random.Random(seed)
    reviewer, editor = users["reviewer"], users["editor"]
    for n in range(2):
        body = f"{BODY} Seed {seed} article {n} has several words to mark here."
        ingest_article(body=body, candidates=candidates(body, 3))

    def some(queryset):
        items = list(queryset)
        return rng.choice(items) if items else None

    def step():
        op = rng.choice(
            "add correct start submit approve return dismiss restore assign "
            "evidence unevidence delete_claim delete_article ingest".split()
        )
        claim = some(Claim.objects.all())
        if op == "ingest":
            body = f"{BODY} Extra {rng.random()} with words."
            ingest_article(body=body, candidates=candidates(body, 2))
        elif claim is None:
            return
        elif op == "add":
            start = rng.randrange(0, 40)
            add_claim(
                article=claim.article,
                start=start,
                end=start + rng.randrange(1, 30),
                user=reviewer,
                kind=rng.choice(Claim.Kind.values),
            )
        elif op == "correct":
            correct_claim(claim=claim, user=reviewer, end=claim.end - 1)
        elif op in ("start", "approve", "dismiss", "restore"):
            action = {"start": "start_review"}.get(op, op)
            workflow.perform(action=action, claim=claim, user=editor)
        elif op == "submit":
            workflow.submit_verdict(
                claim=claim, rating="false", summary="No.", user=reviewer
            )
        elif op == "return":
            workflow.return_claim(claim=claim, user=editor, note="More sources.")
        elif op == "assign":
            workflow.assign(claim=claim, assignee=reviewer, user=editor)
        elif op == "evidence":
            evidence_functions.add_evidence(
                claim=claim,
                url=f"https://example.org/{rng.randrange(5)}",
                stance="context",
                user=reviewer,
            )
        elif op == "unevidence" and (piece := some(Evidence.objects.all())):
            evidence_functions.remove_evidence(evidence=piece, user=editor)
        elif op == "delete_claim":
            claim.delete()
        elif op == "delete_article" and rng.random() < 0.3:
            claim.article.delete()

    for _ in range(80):
        # A refused step writes nothing, and the feed must agree.
        with contextlib.suppress(
            ValidationError, NotAllowed, InvalidTransition, StaleClaim
        ):
            step()
    state = database_state()
    assert len(state) > 5
    assert replay_all() == state
    operations = set(ChangeEvent.objects.values_list("operation", flat=True))
    assert operations == {"create", "update", "delete"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_second_writer_waits_for_the_first_to_commit():
    """While one transaction holds unpublished events, no other can number any:
    numbers therefore become visible in order and `seq > after` never skips."""
    holding, done = threading.Event(), threading.Event()

    def first_writer():
        with transaction.atomic():
            changes.record("create", [ClaimFactory.build(pk=999)])
            holding.set()
            done.wait(timeout=30)
        connection.close()

    thread = threading.Thread(target=first_writer)
    thread.start()
    try:
        assert holding.wait(timeout=30)
        with pytest.raises(OperationalError), transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '200ms'")
            changes.record("create", [ClaimFactory.build(pk=1000)])
    finally:
        done.set()
        thread.join()
    changes.record("create", [ClaimFactory.build(pk=1001)])
    assert list(ChangeEvent.objects.values_list("object_id", flat=True)) == [999, 1001]


def test_a_queryset_delete_records_each_row(users):
    """What the admin's "delete selected" does: a signal per row, so an event."""
    claims = [ClaimFactory() for _ in range(3)]
    Claim.objects.filter(pk__in=[c.pk for c in claims[:2]]).delete()
    deleted = set(
        ChangeEvent.objects.filter(operation="delete").values_list(
            "object_id", flat=True
        )
    )
    assert deleted == {claims[0].pk, claims[1].pk}
    assert replay_all() == database_state()
