"""CappedPaginator: a list counts at most `cap` rows, and says so;
UncountedPaginator (search results) never counts."""

import pytest

from claims.models import Claim
from claims.paging import CappedPaginator, UncountedPaginator
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


def test_search_pages_are_never_counted(monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(UncountedPaginator, "cap", 6)
    article_with_claims(5)
    claims = list(Claim.objects.order_by("pk"))
    pager = UncountedPaginator(Claim.objects.order_by("pk"), 2)
    with django_assert_num_queries(1):  # the page and one row more: no COUNT
        first = pager.get_page("1")
        assert [c.pk for c in first] == [c.pk for c in claims[:2]]
        assert first.has_next() and not first.has_previous()
    last = pager.get_page(3)
    assert [c.pk for c in last] == [c.pk for c in claims[4:]]
    assert not last.has_next() and last.has_previous()


@pytest.mark.parametrize("number", ["0", "-1", "x", "4", "3\x00", None, "99999999999"])
def test_an_uncounted_page_out_of_range_is_the_first(monkeypatch, number):
    monkeypatch.setattr(UncountedPaginator, "cap", 6)
    article_with_claims(5)
    page = UncountedPaginator(Claim.objects.order_by("pk"), 2).get_page(number)
    assert page.number == 1 and len(page) == 2 and page.has_next()


def test_an_uncounted_page_past_the_last_match_is_the_first(monkeypatch):
    article_with_claims(3)
    page = UncountedPaginator(Claim.objects.order_by("pk"), 2).get_page("5")
    assert page.number == 1 and len(page) == 2
