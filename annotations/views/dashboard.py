"""The editor's dashboard: where every claim stands and who has what.

Every figure is read from counters or from a bounded range of an index, so
the page costs the same with a thousand claims or a million: claims by status
from StatusCount and open work per reviewer from AssignedCount (both kept by
triggers), the oldest pending verdicts from (outcome, created_at), the newest
articles' progress from (article, status), the chart from approvals counted
per day, the groups that recur from their sizes (ClaimGroup.size, kept by
triggers), the newest conflicts from (relation, created_at)."""

import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Min
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from annotations.models import ApprovalsPerDay, Verdict
from claims.http import HtmxHttpRequest
from claims.models import (
    Article,
    AssignedCount,
    Claim,
    ClaimGroup,
    ClaimMatch,
    StatusCount,
)
from claims.roles import VIEWER, has_role

DAYS = 30
OPEN = [Claim.Status.IN_REVIEW, Claim.Status.SUBMITTED, Claim.Status.RETURNED]
# What the page shows of a claim and of a pending verdict: a claim has some
# thirty fields, and building them all for a hundred rows was a fifth of the
# page's time.
SHOWN_CLAIM = ("id", "text")
SHOWN_VERDICT = (
    "rating",
    "created_at",
    "claim__text",
    "claim__article__title",
    "proposed_by__username",
)


@login_required
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    claims = Claim.objects.visible_to(request.user)
    counts = dict(StatusCount.objects.values_list("status", "claims"))
    if not has_role(request.user, VIEWER):  # as Claim.visible_to
        counts = {Claim.Status.PUBLISHED: counts.get(Claim.Status.PUBLISHED, 0)}
    by_reviewer: dict[str, dict[str, int]] = {}
    assigned = (
        AssignedCount.objects.filter(status__in=OPEN, claims__gt=0)
        .values_list("assignee__username", "status", "claims")
        .order_by("assignee__username")
    )
    if not has_role(request.user, VIEWER):  # open claims are members' only
        assigned = assigned.none()
    for username, status, n in assigned:
        by_reviewer.setdefault(username, dict.fromkeys(OPEN, 0))[status] = n
    awaiting = (
        # Pending: members only. A pending verdict's claim is submitted (only
        # approve and return leave "submitted", and both decide the verdict), so
        # the (outcome, created_at) index alone gives the oldest twenty.
        Verdict.objects.visible_to(request.user)
        .filter(outcome=Verdict.Outcome.PENDING)
        .select_related("claim__article", "proposed_by")
        .only(*SHOWN_VERDICT)
        .order_by("created_at", "id")[:20]
    )
    newest = Article.objects.visible_to(request.user).defer("body")[:10]
    # A partial index holds only these claims: counting them reads no table.
    recheck = claims.filter(needs_recheck=True).count()
    articles = Article.objects.with_status_counts_of(list(newest), request.user)
    context = {
        "statuses": [(s, label, counts.get(s, 0)) for s, label in Claim.Status.choices],
        "total": sum(counts.values()),
        "by_reviewer": [
            (name, [row[s] for s in OPEN]) for name, row in by_reviewer.items()
        ],
        "open_labels": [Claim.Status(s).label for s in OPEN],
        "awaiting": awaiting,
        "recheck": recheck,
        "articles": articles,
        "chart": published_per_day(),
        "recurring": recurring_groups(request.user, claims),
        "conflicts": conflicts(request.user, claims),
    }
    return render(request, "annotations/dashboard.html", context)


def recurring_groups(user, claims, limit: int = 5) -> list[dict]:
    """The groups with the most appearances the user may see: each with its
    count and its oldest such claim (two queries). The largest groups come
    from ClaimGroup.size on its index; their claims are counted again among
    those the user may see. Someone who sees published claims only is shown
    the best of the 50 largest groups: bounded, where counting the
    published members of every group would grow with the table."""
    look = limit if has_role(user, VIEWER) else 10 * limit
    largest = ClaimGroup.objects.filter(size__gte=2).order_by("-size", "id")
    rows = list(
        claims.filter(group__in=largest.values("id")[:look])
        .values("group_id")
        .annotate(n=Count("id"), first=Min("id"))
        .filter(n__gte=2)
        .order_by("-n", "group_id")[:limit]
    )
    firsts = claims.only(*SHOWN_CLAIM, "status").in_bulk([r["first"] for r in rows])
    return [{"n": r["n"], "claim": firsts[r["first"]]} for r in rows]


def conflicts(user, claims, limit: int = 10) -> list[ClaimMatch]:
    """The newest matches that say the same with a different number, date or
    name, not rejected, both claims visible (two queries), newest first from
    (relation, created_at).

    One disagreement between two sentences is up to four links: the
    sentences, their numbers, and each sentence with the other's number. It
    is listed once, by the link between the widest claims (the most
    context), among the newest `4 × limit` links: bounded."""
    found = (
        ClaimMatch.objects.filter(relation=ClaimMatch.Relation.CONFLICT)
        .exclude(state=ClaimMatch.State.REJECTED)
        .order_by("-created_at", "-id")
    )
    if not has_role(user, VIEWER):  # members see every claim
        found = found.filter(claim__in=claims, candidate__in=claims)
    found = list(found[: 4 * limit])
    both = claims.only(*SHOWN_CLAIM, "article_id", "sentence_start").in_bulk(
        [m.claim_id for m in found] + [m.candidate_id for m in found]
    )
    widest: dict[tuple, ClaimMatch] = {}
    for match in found:
        match.first, match.second = both[match.claim_id], both[match.candidate_id]
        sides = (match.first, match.second)
        sentences = tuple(sorted((c.article_id, c.sentence_start) for c in sides))
        shown = widest.setdefault(sentences, match)
        if _width(match) > _width(shown):
            widest[sentences] = match
    return list(widest.values())[:limit]


def _width(match: ClaimMatch) -> int:
    return len(match.first.text) + len(match.second.text)


def published_per_day() -> dict:
    """Claims approved per day over the last DAYS days, zero days included,
    oldest first: `days` [(date, approvals), …], their `total` and `peak`.
    Drawn by `{% day_chart %}` (annotations/templatetags/charts.py).

    Everyone may see every approved claim (an approval publishes, and
    published is final), so no visibility filter: DAYS rows of the counters
    the database keeps (ApprovalsPerDay), however many approvals a day has."""
    today = timezone.localdate()
    first = today - datetime.timedelta(days=DAYS - 1)
    rows = ApprovalsPerDay.objects.filter(day__gte=first, day__lte=today)
    per_day = dict(rows.values_list("day", "approvals"))
    days = [first + datetime.timedelta(days=i) for i in range(DAYS)]
    counts = [(day, per_day.get(day, 0)) for day in days]
    return {
        "days": counts,
        "total": sum(n for _, n in counts),
        "peak": max((n for _, n in counts), default=0),
    }
