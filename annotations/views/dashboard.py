"""The editor's dashboard: where every claim stands and who has what.

Every figure is read from counters or from a bounded range of an index, so
the page costs the same with a thousand claims or a million: claims by status
from StatusCount (kept by triggers), open work per reviewer from (assignee,
status) — open work is what people have in hand, not the archive —, the
oldest pending verdicts from (outcome, created_at), the newest articles'
progress from (article, status), the chart from (action, created_at)."""

import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from annotations.models import Transition, Verdict
from claims.http import HtmxHttpRequest
from claims.models import Article, Claim, StatusCount
from claims.roles import VIEWER, has_role

DAYS = 30
OPEN = [Claim.Status.IN_REVIEW, Claim.Status.SUBMITTED, Claim.Status.RETURNED]


@login_required
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    claims = Claim.objects.visible_to(request.user)
    counts = dict(StatusCount.objects.values_list("status", "claims"))
    if not has_role(request.user, VIEWER):  # as Claim.visible_to
        counts = {Claim.Status.PUBLISHED: counts.get(Claim.Status.PUBLISHED, 0)}
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
        Verdict.objects.visible_to(request.user)  # pending: members only
        .filter(outcome=Verdict.Outcome.PENDING, claim__status=Claim.Status.SUBMITTED)
        .select_related("claim__article", "proposed_by")
        .defer("claim__article__body")
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
    }
    return render(request, "annotations/dashboard.html", context)


def published_per_day() -> dict:
    """Claims approved per day over the last DAYS days, as bars of an SVG chart
    drawn on the server (no script, no library): zero days included.

    Everyone may see every approved claim (an approval publishes, and
    published is final), so no visibility filter: a range of the
    (action, created_at) index, from local midnight DAYS days ago."""
    today = timezone.localdate()
    first = today - datetime.timedelta(days=DAYS - 1)
    since = timezone.make_aware(datetime.datetime.combine(first, datetime.time()))
    rows = (
        Transition.objects.filter(action="approve", created_at__gte=since)
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
