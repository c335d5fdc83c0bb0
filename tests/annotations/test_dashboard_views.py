"""The dashboard: counts by status, per reviewer, per day; what awaits approval."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from annotations.models import Transition
from annotations.templatetags.charts import day_chart
from tests.factories import ArticleFactory, ClaimFactory, VerdictFactory
from tests.pages import article_with_claims, queries_for

DASHBOARD = reverse("annotations:dashboard")


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    assert client.get(DASHBOARD).status_code == 302


def test_an_empty_dashboard_says_what_to_do(client, users):
    client.force_login(users["reviewer"])
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert "No verdict awaits approval" in response.text
    assert "Nothing published in the last 30 days yet" in response.text


def test_counts(client, users):
    ClaimFactory(status="in_review", assignee=users["reviewer"])
    ClaimFactory(status="in_review", assignee=users["reviewer"])
    submitted = ClaimFactory(status="submitted", assignee=users["other_reviewer"])
    VerdictFactory(claim=submitted, proposed_by=users["other_reviewer"])
    published = ClaimFactory(status="published")
    now = timezone.now()
    for days_ago in (0, 0, 3, 40):  # the one 40 days ago is outside the chart
        t = Transition.objects.create(claim=published, action="approve",
                                      from_status="submitted", to_status="published")  # fmt: skip
        Transition.objects.filter(pk=t.pk).update(
            created_at=now - datetime.timedelta(days=days_ago)
        )
    client.force_login(users["editor"])
    context = client.get(DASHBOARD).context
    statuses = {s: n for s, _, n in context["statuses"]}
    assert statuses["in_review"] == 2 and statuses["published"] == 1
    assert dict(context["by_reviewer"])[users["reviewer"].username] == [2, 0, 0]
    assert dict(context["by_reviewer"])[users["other_reviewer"].username] == [0, 1, 0]
    days = context["chart"]["days"]
    assert len(days) == 30 and days[-1] == (timezone.localdate(), 2)
    assert days[-4][1] == 1 and context["chart"]["total"] == 3
    assert [v.claim for v in context["awaiting"]] == [submitted]


def test_the_dashboard_costs_the_same_queries_for_10_and_300_claims(client, users):
    client.force_login(users["editor"])
    counts = []
    for n in (10, 300):
        article_with_claims(n)
        counts.append(queries_for(client, DASHBOARD))
    # session, the user with their role, counts by status (StatusCount's rows), open
    # work per reviewer, per day, awaiting approval, the ten newest articles,
    # their claims counted by status, the groups that recur, the conflicts
    # (their claims read only when there are some), claims needing
    # re-checking (partial index)
    assert counts == [11, 11]


def test_recurring_claims_and_conflicts_cost_the_same_queries_however_many(
    client, users
):
    from tests.grouping import claims, confirm, match

    client.force_login(users["editor"])
    counts = []
    for n in (1, 4):
        for _ in range(n):
            a, b, c, d = claims(4)
            confirm(a, b, users["editor"])
            match(c, d, relation="conflict")
        counts.append(queries_for(client, DASHBOARD))
    page = client.get(DASHBOARD).text
    assert page.count("2 appearances") == 5 and page.count("r-conflict") == 5
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    "role", ["viewer", "reviewer", "other_reviewer", "editor", "nobody"]
)
def test_every_member_sees_the_dashboard_of_what_they_may_see(client, users, role):
    ClaimFactory(status="new")
    ClaimFactory(status="published")
    client.force_login(users[role])
    response = client.get(DASHBOARD)
    statuses = {s: n for s, _, n in response.context["statuses"]}
    assert response.status_code == 200
    # Someone without a role sees published work only.
    assert statuses["new"] == (0 if role == "nobody" else 1)
    assert statuses["published"] == 1


def test_the_chart_draws_a_bar_per_day_as_tall_as_its_count():
    first = datetime.date(2026, 11, 1)
    days = [(first + datetime.timedelta(days=i), n) for i, n in enumerate([0, 4, 2])]
    svg = day_chart(days, total=6, peak=4)
    heights = re.findall(
        r'<rect class="bar" x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"',
        svg,
    )
    # The peak reaches the top margin (8) from the axis (118); half the peak, half.
    assert heights == [("118", "0"), ("8", "110"), ("63", "55")]
    assert "<title>2 Nov: 4</title>" in svg and "6 published in 3 days" in svg
    assert re.findall(r'<text class="day"[^>]*>([^<]+)</text>', svg) == [
        "1 Nov",
        "3 Nov",
    ]


def test_a_chart_with_nothing_published_has_flat_bars():
    days = [(datetime.date(2026, 11, 1), 0)]
    svg = day_chart(days, total=0, peak=0)
    assert 'height="0"' in svg and "the busiest day had 0" in svg


def test_the_tables_link_their_rows_and_escape_every_value(client, users):
    hostile = '<script>alert(1)</script>"><img src=x>'
    reviewer = users["reviewer"]
    reviewer.username = "ann+lee@desk"  # + and @ are allowed in usernames
    reviewer.save()
    article = ArticleFactory(title=f"Title {hostile}", body=f"Claim {hostile}. More.")
    claim = ClaimFactory(status="submitted", assignee=reviewer, article=article)
    VerdictFactory(claim=claim, rating="false", proposed_by=reviewer)
    client.force_login(users["editor"])
    html = client.get(DASHBOARD).text
    assert hostile not in html and "<img src=x>" not in html
    assert (
        "Claim &lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x&gt;" in html
    )
    assert "Title &lt;script&gt;" in html
    assert (
        f'<a class="clamp" href="{claim.get_absolute_url()}">Claim &lt;script&gt;'
        in html
    )
    assert "<td>False</td><td>ann+lee@desk</td>" in html
    queue = reverse("annotations:queue")
    assert (
        f'<tr><td><a href="{queue}?assignee=ann%2Blee%40desk">ann+lee@desk</a></td>'
        '<td class="num" data-label="In review">0</td>'
        '<td class="num" data-label="Submitted">1</td>'
        '<td class="num" data-label="Returned">0</td></tr>'
    ) in html
