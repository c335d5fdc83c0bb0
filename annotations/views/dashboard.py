"""The editor's dashboard: where every claim stands and who has what."""

import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from annotations.models import Transition, Verdict
from claims.http import HtmxHttpRequest
from claims.models import Article, Claim

DAYS = 30
OPEN = [Claim.Status.IN_REVIEW, Claim.Status.SUBMITTED, Claim.Status.RETURNED]


@login_required
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    claims = Claim.objects.visible_to(request.user)
    counts = dict(claims.values_list("status").annotate(n=Count("id")).order_by())
    by_reviewer: dict[str, dict[str, int]] = {}
    assigned = (
        claims.filter(assignee__isnull=False, status__in=OPEN)
        .values_list("assignee__username", "status")
        .annotate(n=Count("id"))
        .order_by("assignee__username")
    )
    for username, status, n in assigned:
        by_reviewer.setdefault(username, dict.fromkeys(OPEN, 0))[status] = n
    awaiting = (
        Verdict.objects.filter(
            outcome=Verdict.Outcome.PENDING,
            claim__in=claims.filter(status=Claim.Status.SUBMITTED),
        )
        .select_related("claim__article", "proposed_by")
        .defer("claim__article__body")
        .order_by("created_at")[:20]
    )
    articles = (
        Article.objects.visible_to(request.user)
        .with_status_counts(request.user)
        .defer("body")
        .order_by("-created_at")[:10]
    )
    context = {
        "statuses": [(s, label, counts.get(s, 0)) for s, label in Claim.Status.choices],
        "total": sum(counts.values()),
        "by_reviewer": [
            (name, [row[s] for s in OPEN]) for name, row in by_reviewer.items()
        ],
        "open_labels": [Claim.Status(s).label for s in OPEN],
        "awaiting": awaiting,
        "articles": articles,
        "chart": published_per_day(claims),
    }
    return render(request, "annotations/dashboard.html", context)


def published_per_day(claims) -> dict:
    """Claims approved per day over the last DAYS days, as bars of an SVG chart
    drawn on the server (no script, no library): zero days included."""
    today = timezone.localdate()
    first = today - datetime.timedelta(days=DAYS - 1)
    rows = (
        Transition.objects.filter(
            action="approve", claim__in=claims, created_at__date__gte=first
        )
        .annotate(day=TruncDate("created_at"))
        .values_list("day")
        .annotate(n=Count("id"))
        .order_by()
    )
    per_day = dict(rows)
    days = [first + datetime.timedelta(days=i) for i in range(DAYS)]
    peak = max(per_day.values(), default=0)
    height, width, left, bottom = 140, 620, 28, 22
    step = (width - left) / DAYS
    bars = []
    for i, day in enumerate(days):
        n = per_day.get(day, 0)
        h = 0 if not peak else round((height - bottom - 8) * n / peak, 1)
        bars.append(
            {"day": day, "n": n, "x": round(left + i * step + 1, 1), "w": round(step - 2, 1),
             "y": round(height - bottom - h, 1), "h": h, "label": i % 5 == 0 or i == DAYS - 1}
        )  # fmt: skip
    return {"bars": bars, "peak": peak, "total": sum(per_day.values()), "width": width,
            "height": height, "axis_y": height - bottom, "left": left}  # fmt: skip
