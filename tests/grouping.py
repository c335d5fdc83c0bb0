"""Claims of different articles, matched and grouped: helpers for the tests
of groups, their notifications and their counts."""

from annotations import groups, workflow
from claims.models import Claim, ClaimMatch
from tests.factories import ArticleFactory, ClaimFactory, VerdictFactory

S = Claim.Status


def claims(n: int, **fields) -> list[Claim]:
    """`n` claims, each of an article of its own."""
    return [ClaimFactory(article=ArticleFactory(), **fields) for _ in range(n)]


def match(a: Claim, b: Claim, state: str = "suggested", relation="same") -> ClaimMatch:
    low, high = sorted((a.pk, b.pk))
    return ClaimMatch.objects.create(
        claim_id=low, candidate_id=high, score=0.5, similarity=0.8,
        relation=relation, state=state,
    )  # fmt: skip


def fresh(claim: Claim) -> Claim:
    return Claim.objects.get(pk=claim.pk)


def confirm(a: Claim, b: Claim, user) -> ClaimMatch:
    found = ClaimMatch.objects.of(a).filter(
        claim_id__in=[a.pk, b.pk], candidate_id__in=[a.pk, b.pk]
    ).first() or match(a, b)
    return groups.confirm_match(match=found, claim=fresh(a), user=user)


def submitted_group(users) -> tuple[Claim, Claim, Claim, Claim]:
    """a (submitted by reviewer), b (new), c (published), d (dismissed)."""
    a, b, c, d = claims(4)
    for x in (b, c, d):
        confirm(a, x, users["reviewer"])
    Claim.objects.filter(pk=c.pk).update(status=S.PUBLISHED, rating="true")
    VerdictFactory(claim=c, rating="true", outcome="approved", decided_at=c.created_at)
    Claim.objects.filter(pk=d.pk).update(status=S.DISMISSED)
    a = fresh(a)
    workflow.start_review(claim=a, user=users["reviewer"])
    workflow.submit_verdict(
        claim=a, rating="false", summary="It was not.", user=users["reviewer"]
    )
    return fresh(a), fresh(b), fresh(c), fresh(d)
