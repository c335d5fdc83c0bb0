"""CappedPaginator: a list counts at most `cap` rows, and says so."""

import pytest

from claims.models import Claim
from claims.paging import CappedPaginator
from tests.pages import article_with_claims

pytestmark = pytest.mark.django_db


def test_a_long_list_is_counted_up_to_the_cap(monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 5)
    article_with_claims(8)
    pager = CappedPaginator(Claim.objects.order_by("pk"), 2)
    assert (pager.count, pager.capped, pager.count_label) == (6, True, "5+")
    assert pager.num_pages == 3
    assert [c.start for c in pager.page(1)] == [
        c.start for c in Claim.objects.order_by("pk")[:2]
    ]


def test_a_short_list_is_counted_exactly(monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 5)
    article_with_claims(4)
    pager = CappedPaginator(Claim.objects.order_by("pk"), 2)
    assert (pager.count, pager.capped, pager.count_label) == (4, False, "4")
