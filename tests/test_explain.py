"""Every list page and endpoint reads the claims table through an index.

PostgreSQL only: a test database is too small for the planner to prefer an
index, so each query the pages run is EXPLAINed with sequential scans
switched off, and a plan that still scans the claims table has no index to
use. (SQLite's FTS5 and indexes are covered by the functional tests.)
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, ClaimGroup, ClaimMatch
from tests.factories import ArticleFactory, ClaimFactory, VerdictFactory
from tests.pages import article_with_claims

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="EXPLAIN plans are PostgreSQL's"
)

PAGES = [
    "/",
    "/articles/",
    "/articles/?q=sanctions",
    "/articles/?open_work=on",
    "/articles/?publisher=Example+News",
    "/claims/",
    "/claims/?status=submitted",
    "/claims/?status=submitted&status=returned",
    "/claims/?kind=quantity",
    "/claims/?q=containers",
    "/claims/?q=containers&ordering=rank",
    "/claims/?rating=false",
    "/claims/?assignee=none",
    "/claims/?assignee=me&status=new",
    "/claims/?article={article}",
    "/claims/?ordering=-updated_at",
    "/claims/?ordering=-created_at",
    "/claims/?score_min=0.5",
    "/claims/?needs_recheck=true",
    "/claims/?recurring=true",
    "/api/v1/claims/",
    "/api/v1/claims/?status=published",
    "/api/v1/claims/?q=zyzzyva",
    "/api/v1/claims/?kind=quantity",
    "/api/v1/claims/?rating=false",
    "/api/v1/claims/?needs_recheck=true",
    "/api/v1/articles/",
]


@pytest.fixture
def pages(client, users):
    # Numbers in each sentence: the queue folds them (a NOT EXISTS on the
    # (article, start) index, then one query for the page's folded numbers).
    article = article_with_claims(20, numbers=True)
    claim = ClaimFactory(status="submitted", assignee=users["reviewer"])
    VerdictFactory(claim=claim, rating="false")
    # A group of two and a conflict, for the dashboard and "Recurring claims".
    first, second = article.claims.order_by("pk")[:2]
    group = ClaimGroup.objects.create()
    Claim.objects.filter(pk__in=[first.pk, claim.pk]).update(group=group)
    ClaimMatch.objects.create(
        claim=first, candidate=claim, score=0.9, similarity=0.9,
        relation="conflict", reason="numbers differ: 3 / 4",
    )  # fmt: skip
    client.force_login(users["editor"])
    return [url.format(article=article.pk) for url in PAGES]


# The tables that grow with the claims: the claims, their matches, their groups.
GROWING = ("claims_claim", "claims_claimmatch", "claims_claimgroup")


def claim_scans(sql: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        plan = [row[0] for row in cursor.fetchall()]
    return [
        line
        for line in plan
        if any(f"Seq Scan on {table} " in line + " " for table in GROWING)
    ]


def test_no_list_query_scans_the_claims_table(client, pages):
    scans = {}
    for url in pages:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        for query in queries:
            sql = query["sql"]
            if not (sql.startswith("SELECT") and "claims_claim" in sql):
                continue
            if found := claim_scans(sql):
                scans[url] = (sql, found)
    assert scans == {}


def test_the_queue_finds_what_numbers_fold_under_in_its_own_index(client, pages):
    """The NOT EXISTS of claims/folding.py runs once per number claim the
    queue meets: it reads the partial index of the claims that hold numbers
    (migration claims/0015), not every claim of the article."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/claims/").status_code == 200
    folds = [q["sql"] for q in queries if "EXISTS" in q["sql"]]
    assert folds  # the count and the page
    for sql in folds:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "using claim_fold_holders" in plan, plan


def test_a_page_of_published_claims_reads_the_status_index(client, users):
    """The newest claims are the open work, not yet published (here 5,000
    of 20,000; a quarter of the older ones are published). With the
    planner's default cost of a random read (4, spinning disks) PostgreSQL
    found a page of published claims by walking the primary key backwards
    past all of them; with the setting's 1.1 (config/settings.py) it reads
    the (status, -id) index. A table large enough for the planner to
    choose, and no switch turned off."""
    article = ArticleFactory(body="Word " * 20000)  # a claim a word
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO claims_claim (start, "end", text, sentence_start,
            sentence_end, kind, score, speaker, quoted, quantity_unit,
            quantity_subject, quantity_qualifier, origin, extractor_version,
            status, version, created_at, updated_at, article_id, anchor,
            needs_recheck)
            SELECT 5 * n - 5, 5 * n - 1, 'Word', 0, 100000, 'statement', 0.5, '', false, '', '', '',
            'extracted', '1.4', CASE WHEN n <= 15000 AND n %% 4 = 0 THEN 'published' ELSE 'new' END,
            1, now(), now(), %s, 'exact', false FROM generate_series(1, 20000) n""",
            [article.pk],
        )
        cursor.execute("ANALYZE claims_claim")
    client.force_login(users["editor"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/claims/?status=published")
    assert response.status_code == 200 and len(response.json()["results"]) == 50
    page = next(
        q["sql"] for q in queries if q["sql"].startswith('SELECT "claims_claim"')
    )
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {page}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "claim_status_newest" in plan, plan
