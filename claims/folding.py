"""Number claims fold under the claim of their sentence.

The extractor makes every amount a claim of its own ("sent Russia 11,000
containers of munitions in the past year"), carrying its sentence's score, so
a list sorted by score would be topped by numbers repeating the sentence just
above them. A list shows such a number under the claim that covers it instead:
still a claim of its own, with its own page and status, a click away.

The rule, one place for the queue (in SQL) and the reader (in memory):

- a *number claim* is a quantity claim with a parsed amount (a sentence of
  kind quantity carries none: it is a parent, not a child);
- it folds under a claim of the same list that is not a number claim and whose
  span contains its span (in practice its sentence or clause), whatever that
  claim's status: a dismissed sentence still holds its numbers;
- orphans neither fold nor hold (their offsets point into an older version);
- with no such claim in the list (none was extracted, a filter left it out,
  the visitor may not see it) the number is an item of the list as any other.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from claims.models import Claim

# What a folded number shows: its words, status and score, a link to it; in
# the model's order of fields, as Claim.from_db takes them.
_SHOWN = {
    "id", "article_id", "start", "end", "text", "kind", "status", "score",
    "quantity_value", "quantity_low", "anchor",
}  # fmt: skip
FIELDS = tuple(f.attname for f in Claim._meta.concrete_fields if f.attname in _SHOWN)
_ARTICLE, _START, _END = (FIELDS.index(n) for n in ("article_id", "start", "end"))


def number_claims() -> Q:
    return Q(kind=Claim.Kind.QUANTITY) & (
        Q(quantity_value__isnull=False) | Q(quantity_low__isnull=False)
    )


def is_number(claim: Claim) -> bool:
    return claim.kind == Claim.Kind.QUANTITY and (
        claim.quantity_value is not None or claim.quantity_low is not None
    )


def unfolded(claims: QuerySet, parents: QuerySet) -> QuerySet:
    """`claims` without the number claims that fold under one of `parents`:
    a correlated NOT EXISTS that reads the (article, start) index."""
    holders = (
        parents.exclude(number_claims())
        .anchored()
        .filter(
            article=OuterRef("article"),
            start__lte=OuterRef("start"),
            end__gte=OuterRef("end"),
        )
    )
    return claims.exclude(
        number_claims() & ~Q(anchor=Claim.Anchor.ORPHANED) & Q(Exists(holders))
    )


def fold_page(rows: list[Claim], among: QuerySet) -> list[Claim]:
    """Give each row of a page its folded numbers (`row.folded`, in text
    order), fetched from `among` in one query: the number claims of the
    page's articles as plain values, put under their rows here; only those
    put become Claims. (A condition per row in SQL — this article, from
    here to there — cost Django more to build and compile than the database
    to run it.)"""
    holders = [r for r in rows if not is_number(r) and not r.is_orphaned]
    for row in rows:
        row.folded = []
    if not holders:
        return rows
    numbers = (
        among.filter(number_claims(), article__in={h.article_id for h in holders})
        .anchored()
        .order_by("article_id", "start", "end", "id")
        .values_list(*FIELDS)
    )
    around = _by_article(holders)
    for values in numbers:
        holder = _narrowest(
            around.get(values[_ARTICLE], ()), values[_START], values[_END]
        )
        if holder:
            holder.folded.append(Claim.from_db(numbers.db, FIELDS, values))
    return rows


def fold(claims: list[Claim]) -> list[Claim]:
    """The items of a list of one article's claims: the claims that are not
    folded, each with its folded numbers (`claim.folded`)."""
    holders = [c for c in claims if not is_number(c) and not c.is_orphaned]
    for claim in claims:
        claim.folded = []
    numbers = [c for c in claims if is_number(c) and not c.is_orphaned]
    folded = _attach(holders, numbers)
    return [c for c in claims if c.pk not in folded]


def _attach(holders: list[Claim], numbers: list[Claim]) -> set[int]:
    """Put each number under the narrowest holder that contains it; the ids
    of those put."""
    around = _by_article(holders)
    put = set()
    for number in numbers:
        holder = _narrowest(around.get(number.article_id, ()), number.start, number.end)
        if holder:
            holder.folded.append(number)
            put.add(number.pk)
    return put


def _by_article(holders: list[Claim]) -> dict[int, list[Claim]]:
    found: dict[int, list[Claim]] = {}
    for holder in holders:
        found.setdefault(holder.article_id, []).append(holder)
    return found


def _narrowest(holders, start: int, end: int) -> Claim | None:
    """Of `holders` (of one article), the narrowest whose span contains
    start–end; None if none does."""
    inside = [h for h in holders if h.start <= start and end <= h.end]
    return min(inside, key=lambda h: (h.end - h.start, h.pk), default=None)
