"""Every list costs a fixed number of SQL queries, whatever the page size and
however many rows there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    CommentFactory,
    EvidenceFactory,
    VerdictFactory,
)


def make_rows(n: int, users) -> None:
    """n published claims, each with evidence, two verdicts and a comment."""
    for _ in range(n):
        claim = ClaimFactory(status="published", assignee=users["reviewer"],
                             article=ArticleFactory(added_by=users["editor"]))  # fmt: skip
        EvidenceFactory(claim=claim, added_by=users["reviewer"])
        VerdictFactory(claim=claim, proposed_by=users["reviewer"],
                       outcome="returned", decided_at=timezone.now(),
                       decided_by=users["editor"])  # fmt: skip
        VerdictFactory(claim=claim, proposed_by=users["reviewer"],
                       outcome="approved", decided_at=timezone.now(),
                       decided_by=users["editor"])  # fmt: skip
        CommentFactory(claim=claim, author=users["reviewer"])


# Queries per list page for an anonymous caller. A member signed in with a
# token costs 2 more per request: the token with its user, and the role
# (auth_group).
LISTS = [
    # claims page + approved verdicts of the page's claims (with users joined)
    ("/api/v1/claims/", 2),
    # articles page (added_by joined)
    ("/api/v1/articles/", 1),
    # evidence page (source, added_by joined)
    ("/api/v1/evidence/", 1),
    # sources page
    ("/api/v1/sources/", 1),
    # verdicts page (proposed_by, decided_by joined)
    ("/api/v1/verdicts/", 1),
    # comments page (author joined)
    ("/api/v1/comments/", 1),
]


def count(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured), len(response.json()["results"])


@pytest.mark.parametrize(("url", "queries"), LISTS)
def test_list_queries_do_not_grow_with_rows_or_page_size(users, url, queries):
    viewer = APIClient()
    token = Token.objects.create(user=users["viewer"])
    viewer.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    make_rows(2, users)
    small = count(viewer, f"{url}?page_size=1")
    make_rows(6, users)
    large = count(viewer, f"{url}?page_size=100")
    assert large[1] > small[1]
    assert small[0] == large[0] == queries + 2  # + token and user, + role


@pytest.mark.parametrize(
    ("url", "queries"), [row for row in LISTS if "comments" not in row[0]]
)
def test_anonymous_list_queries_are_fixed_too(clients, users, url, queries):
    make_rows(2, users)
    small = count(clients["anonymous"], f"{url}?page_size=1")
    make_rows(5, users)
    large = count(clients["anonymous"], f"{url}?page_size=100")
    assert large[1] > small[1]
    assert small[0] == large[0] == queries


def _detail_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_claim_detail_queries_do_not_grow_with_evidence_and_verdicts(clients, users):
    claim = ClaimFactory(status="published")
    EvidenceFactory(claim=claim, added_by=users["reviewer"])
    url = f"/api/v1/claims/{claim.pk}/"
    few = _detail_queries(clients["anonymous"], url)
    EvidenceFactory.create_batch(5, claim=claim, added_by=users["editor"])
    VerdictFactory.create_batch(3, claim=claim, outcome="approved",
                                decided_at=timezone.now())  # fmt: skip
    # claim (article, assignee joined) + verdicts (users joined)
    # + evidence (source, added_by joined)
    assert few == _detail_queries(clients["anonymous"], url) == 3


def test_article_detail_queries_do_not_grow_with_claims(clients):
    article = ArticleFactory()
    ClaimFactory(article=article, status="published")
    url = f"/api/v1/articles/{article.pk}/"
    few = _detail_queries(clients["anonymous"], url)
    for start in range(1, 6):
        ClaimFactory(article=article, status="published", start=start)
    # article (added_by joined) + its visible claims (assignee joined)
    assert few == _detail_queries(clients["anonymous"], url) == 2


def test_no_claim_answer_reads_the_embeddings(clients, users):
    # 768 bytes a claim, for matching only: a page of 500 would read 384 kB.
    make_rows(2, users)
    claim = ClaimFactory(status="published", embedding=b"\x00" * 768)
    for url in ("/api/v1/claims/", f"/api/v1/claims/{claim.pk}/"):
        with CaptureQueriesContext(connection) as captured:
            response = clients["anonymous"].get(url)
        assert response.status_code == 200
        read = [q["sql"] for q in captured if 'FROM "claims_claim"' in q["sql"]]
        column = '"claims_claim"."embedding"'
        assert read and not [sql for sql in read if column in sql], url
