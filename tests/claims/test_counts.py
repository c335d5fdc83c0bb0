"""Counters the database keeps on every write: claims per status
(StatusCount), per assignee and status (AssignedCount), per group (size)."""

import pytest
from django.db.models import Count

from annotations import groups, workflow
from claims.models import Article, AssignedCount, Claim, ClaimGroup, StatusCount
from tests.factories import ArticleFactory, ClaimFactory
from tests.grouping import claims, confirm, fresh
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


# --- AssignedCount: claims per assignee and status, kept the same way --------


def held() -> dict[tuple[str, str], int]:
    rows = AssignedCount.objects.values_list("assignee__username", "status", "claims")
    return {(u, s): n for u, s, n in rows if n}


def holding() -> dict[tuple[str, str], int]:
    rows = Claim.objects.filter(assignee__isnull=False).values_list(
        "assignee__username", "status"
    )
    return {(u, s): n for u, s, n in rows.annotate(n=Count("id")).order_by()}


def test_assigned_counts_follow_assignments_moves_and_deletions(users):
    reviewer, other = users["reviewer"], users["other_reviewer"]
    editor = users["editor"]
    article = article_with_claims(4)
    ClaimFactory(status="published", assignee=reviewer)  # written assigned
    first, second, third, fourth = article.claims.order_by("pk")
    workflow.start_review(claim=first, user=reviewer)  # assigns and moves
    workflow.assign(claim=second, assignee=other, user=editor)
    assert (
        held()
        == holding()
        == {
            (reviewer.username, "in_review"): 1,
            (reviewer.username, "published"): 1,
            (other.username, "new"): 1,
        }
    )
    workflow.assign(claim=fresh(second), assignee=reviewer, user=editor)  # moved on
    workflow.assign(claim=fresh(first), assignee=None, user=editor)  # unassigned
    Claim.objects.filter(pk__in=[third.pk, fourth.pk]).update(
        assignee=other, status="returned"
    )  # both at once, by update()
    assert held() == holding()
    fresh(third).delete()
    assert (
        held()
        == holding()
        == {
            (reviewer.username, "new"): 1,
            (reviewer.username, "published"): 1,
            (other.username, "returned"): 1,
        }
    )
    Article.objects.filter(pk=article.pk).delete()  # cascades to its claims
    assert held() == holding() == {(reviewer.username, "published"): 1}


def test_a_save_that_keeps_status_and_assignee_counts_nothing(users):
    claim = ClaimFactory(assignee=users["reviewer"])
    claim.score = 0.7
    claim.save()
    assert held() == {(users["reviewer"].username, "new"): 1}


# --- ClaimGroup.size: claims per group, kept the same way ---------------------


def sizes() -> dict[int, int]:
    return {g: n for g, n in ClaimGroup.objects.values_list("id", "size") if n}


def members() -> dict[int, int]:
    rows = Claim.objects.filter(group__isnull=False).values_list("group")
    return dict(rows.annotate(n=Count("id")).order_by())


def test_group_sizes_follow_confirmations_merges_splits_and_deletions(users):

    a, b, c, d, e = claims(5)
    confirm(a, b, users["reviewer"])
    confirm(c, d, users["reviewer"])
    assert sizes() == members() and sorted(sizes().values()) == [2, 2]
    link = confirm(b, c, users["reviewer"])  # merges the two groups
    assert sizes() == members() == {fresh(a).group_id: 4}
    groups.reject_match(match=link, claim=fresh(c), user=users["reviewer"])  # splits
    assert sizes() == members() and sorted(sizes().values()) == [2, 2]
    Claim.objects.filter(pk=e.pk).update(group=fresh(a).group_id)  # update() too
    assert sizes() == members() and sorted(sizes().values()) == [2, 3]
    fresh(a).delete()
    Article.objects.filter(pk=d.article_id).delete()  # cascades to its claim
    assert sizes() == members() and sorted(sizes().values()) == [1, 2]


def test_a_claim_written_into_a_group_is_counted_as_a_restore_writes_it(users):
    group = ClaimGroup.objects.create()
    ClaimFactory(group=group)
    ClaimFactory(group=group, article=ArticleFactory())
    assert ClaimGroup.objects.get(pk=group.pk).size == 2
