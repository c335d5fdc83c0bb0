"""StatusCount: claims per status, kept by the database on every write."""

import pytest
from django.db.models import Count

from annotations import workflow
from claims.models import Article, Claim, StatusCount
from tests.factories import ArticleFactory, ClaimFactory
from tests.pages import article_with_claims

pytestmark = pytest.mark.django_db


def counted() -> dict[str, int]:
    return {s: n for s, n in StatusCount.objects.values_list("status", "claims") if n}


def actual() -> dict[str, int]:
    rows = Claim.objects.values_list("status").annotate(n=Count("id")).order_by()
    return dict(rows)


def test_counts_follow_inserts_moves_and_deletions(users):
    article = article_with_claims(5)  # bulk_create, as an import does
    ClaimFactory(status="published")
    assert counted() == actual() == {"new": 5, "published": 1}
    claim = article.claims.first()
    workflow.start_review(claim=claim, user=users["reviewer"])
    Claim.objects.filter(pk__in=article.claims.values("pk")[:2]).update(
        status="dismissed"
    )  # a move by update() too
    assert counted() == actual()
    claim.delete()
    assert counted() == actual()
    Article.objects.filter(pk=article.pk).delete()  # cascades to its claims
    assert counted() == actual() == {"published": 1}


def test_a_save_that_keeps_the_status_counts_nothing():
    claim = ClaimFactory(article=ArticleFactory())
    claim.score = 0.7
    claim.save()
    assert counted() == {"new": 1}
