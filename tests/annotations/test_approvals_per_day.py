"""ApprovalsPerDay: the dashboard chart's counters, kept by the database on
every insert, change and deletion of an approving transition."""

import datetime

import pytest
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from annotations import workflow
from annotations.models import ApprovalsPerDay, Transition
from tests.factories import ClaimFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def counted() -> dict[datetime.date, int]:
    rows = ApprovalsPerDay.objects.values_list("day", "approvals")
    return {day: n for day, n in rows if n}


def actual() -> dict[datetime.date, int]:
    rows = (
        Transition.objects.filter(action__in=["approve", "approve_group"])
        .annotate(day=TruncDate("created_at"))
        .values_list("day")
        .annotate(n=Count("id"))
        .order_by()
    )
    return dict(rows)


def _approve(claim, when=None) -> Transition:
    t = Transition.objects.create(
        claim=claim, action="approve", from_status="submitted", to_status="published"
    )
    if when:
        Transition.objects.filter(pk=t.pk).update(created_at=when)
    return t


def test_approvals_are_counted_per_day_through_every_write(users):
    claim = ClaimFactory(status="submitted", assignee=users["reviewer"])
    VerdictFactory(claim=claim, proposed_by=users["reviewer"])
    workflow.approve(claim=claim, user=users["editor"])  # the real path
    today = timezone.localdate()
    assert counted() == actual() == {today: 1}

    other = ClaimFactory(status="published")
    old = timezone.now() - datetime.timedelta(days=3)
    moved = _approve(other, when=old)  # a change of day moves the count
    _approve(other)
    Transition.objects.create(  # a group's approval counts for each claim
        claim=other, action="approve_group", from_status="submitted",
        to_status="published",
    )  # fmt: skip
    Transition.objects.create(  # not an approval: not counted
        claim=other, action="return", from_status="submitted", to_status="returned"
    )
    assert counted() == actual() == {today: 3, old.date(): 1}

    Transition.objects.filter(pk=moved.pk).update(action="return")
    assert counted() == actual() == {today: 3}
    Transition.objects.filter(pk=moved.pk).update(action="approve")
    moved.delete()
    assert counted() == actual() == {today: 3}
    other.delete()  # cascades to its transitions
    assert counted() == actual() == {today: 1}
