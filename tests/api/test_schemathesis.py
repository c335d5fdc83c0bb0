"""Schemathesis against our own /api/schema/: generated requests to every
operation, as an editor and anonymously; no 5xx, every response (errors
included) conforms to the schema."""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from annotations.models import Verdict
from claims.models import Claim
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    CommentFactory,
    EvidenceFactory,
    SourceFactory,
    VerdictFactory,
)

schema = schemathesis.openapi.from_wsgi("/api/schema/", WSGIHandler())

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Per operation, mode and role: ~22 operations x 2 modes x 2 roles x up to 15.
EXAMPLES = 15


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """As Django's test client does: requests must not close the connection
    that holds the test's transaction (PostgreSQL would lose it)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_data(users):
    """Claims in every status with evidence, verdicts and comments, ids 1-ish,
    so that generated ids sometimes hit real objects; published claims with
    approved verdicts (what anonymous callers and claim-reviews/ see), one
    with a source on an internationalised domain name."""
    article = ArticleFactory()
    reviewer, editor = users["reviewer"], users["editor"]
    for status in ("new", "in_review", "submitted", "published", "dismissed"):
        claim = ClaimFactory(article=ArticleFactory(), status=status)
        EvidenceFactory(claim=claim, added_by=reviewer)
        CommentFactory(claim=claim, author=reviewer)
    VerdictFactory(claim=claim, proposed_by=reviewer)
    for n, rating in enumerate(["false", "misleading", "mostly_true"]):
        claim = ClaimFactory(
            article=ArticleFactory(url=f"https://news.example/{n}"),
            status="published",
            assignee=reviewer,
            speaker="US officials" if n else "",
        )
        source = SourceFactory(url=f"https://bücher.example/{n}") if n == 1 else None
        EvidenceFactory(
            claim=claim,
            added_by=reviewer,
            **({"source": source} if source else {}),
        )
        VerdictFactory(
            claim=claim,
            rating=rating,
            proposed_by=reviewer,
            outcome=Verdict.Outcome.APPROVED,
            decided_by=editor,
            decided_at=timezone.now(),
        )
    assert Claim.objects.published().count() == 4
    return article


def _run_everything(headers: dict[str, str]) -> dict[str, int]:
    """Each operation's documented examples, then generated data that fits
    the schema (positive) and data that does not (negative)."""
    calls: dict[str, int] = {}

    def run(strategy, max_examples: int) -> None:
        @given(case=strategy)
        @settings(
            max_examples=max_examples,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def check(case) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)
            label = case.operation.label
            calls[label] = calls.get(label, 0) + 1

        check()

    for result in schema.get_all_operations():
        operation = result.ok()
        for strategy in schema.get_strategies_from_examples(operation):
            run(strategy, 3)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            run(operation.as_strategy(generation_mode=mode), EXAMPLES)
    return calls


def test_generated_requests_as_editor_conform(api_data, users):
    token = Token.objects.create(user=users["editor"])
    calls = _run_everything({"Authorization": f"Token {token.key}"})
    assert len(calls) >= 20, calls
    assert sum(calls.values()) >= 800, calls  # with the anonymous run, > 1,600
    print(f"schemathesis as editor: {sum(calls.values())} requests")


def test_generated_requests_anonymously_conform(api_data):
    # The published work is there to be checked against the schema: three
    # claim reviews. (Not asked through Django's test client, which would
    # reconnect the signal that closes the test's connection.)
    reviewed = Claim.objects.published().filter(verdicts__outcome="approved")
    assert reviewed.distinct().count() == 3
    calls = _run_everything({})
    assert len(calls) >= 20, calls
    assert sum(calls.values()) >= 800, calls
    print(f"schemathesis anonymously: {sum(calls.values())} requests")
