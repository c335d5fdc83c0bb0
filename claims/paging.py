"""Page-numbered lists whose cost does not grow with the table."""

from functools import cached_property

from django.core.paginator import Paginator


class CappedPaginator(Paginator):
    """Counts at most CAP rows: `SELECT COUNT(*)` over a million filtered
    claims on every page is what made the lists slow, and nobody pages past
    the thousandth row (they filter instead). Past the cap the pager says
    "1,000+" and offers pages up to the cap, so OFFSET stays bounded too."""

    cap = 1000

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
