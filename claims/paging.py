"""Page-numbered lists whose cost does not grow with the table."""

from functools import cached_property

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator


class CappedPaginator(Paginator):
    """Counts at most CAP rows: `SELECT COUNT(*)` over a million filtered
    claims on every page is what made the lists slow, and nobody pages past
    the thousandth row (they filter instead). Past the cap the pager says
    "1,000+" and offers pages up to the cap, so OFFSET stays bounded too."""

    cap = 1000
    counted = True

    @cached_property
    def count(self) -> int:
        # Unordered: the database stops at the cap instead of sorting every
        # match first.
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @property
    def count_label(self) -> str:
        return f"{self.cap:,}+" if self.capped else f"{self.count:,}"


class OrderedCountPaginator(CappedPaginator):
    """A CappedPaginator that counts in the list's order, for a filter no
    index answers (the queue's folded numbers: claims/folding.py). Unordered,
    such a count reads the table until it has the cap, every row if few
    match; in order, the database walks the order's index as the page does,
    and stops at the cap."""

    @cached_property
    def count(self) -> int:
        return self.object_list[: self.cap + 1].count()


class UncountedPaginator(CappedPaginator):
    """Pages that never count: for search results. A common word matches a
    share of a table that grows with it, and a GIN index reads the word's
    whole posting list even to count the first thousand matches; the page
    itself, read in the list's order, stops after `per_page + 1` rows, the
    last of which only says whether there is a next page. Pages up to the
    cap, as CappedPaginator's."""

    counted = False

    def validate_number(self, number) -> int:
        try:
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger("That page number is not an integer") from exc
        if not 1 <= number <= self.cap // self.per_page:
            raise EmptyPage("That page contains no results")
        return number

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        return _UncountedPage(rows[: self.per_page], number, self, len(rows))

    def get_page(self, number) -> Page:
        try:
            page = self.page(number)
        except (PageNotAnInteger, EmptyPage):
            return self.page(1)
        return page if page.object_list or page.number == 1 else self.page(1)


class _UncountedPage(Page):
    def __init__(self, object_list, number, paginator, fetched: int) -> None:
        super().__init__(object_list, number, paginator)
        self.more = fetched > paginator.per_page

    def has_next(self) -> bool:
        return self.more
