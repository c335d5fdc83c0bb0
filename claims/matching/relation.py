"""Same claim, same claim with a different number / date / name, or related.

Two claims about the same thing (their similarity at or above
SAME_THRESHOLD) are the *same* claim unless they disagree on a fact both
state: a quantity (the parsed ones from claims.extraction when given, or the
numbers in the text, years included), a month, or a name put in the place of another.
Then it is a *conflict*, worth a reviewer's eye. Anything else is *related*.

Plain string work (regular expressions and claims.extraction.numbers), no
model: microseconds a pair, so every candidate of an ingested claim can be
labelled.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

SAME = "same"
CONFLICT = "conflict"
RELATED = "related"

# The cosine of two claims' embeddings above which they are taken to say the
# same thing. Fitted on the CLEF-2020 train split (bench/matching.py --fit):
# the threshold that best separates each tweet's checked claim from the best
# wrong candidate.
SAME_THRESHOLD = 0.6
# Values this close are the same figure written twice ("1.5 million" and
# "1,500,000" or 1.49 million rounded).
_TOLERANCE = 0.02
_APPROXIMATE = frozenset(
    "about around roughly approximately nearly almost some close to an estimated"
    .split()
)  # fmt: skip
_AT_LEAST = ("more than", "over", "at least", "upwards of", "well over", "as many as")
_AT_MOST = ("less than", "fewer than", "under", "at most", "up to", "no more than")

_MONTHS = (
    "january february march april may june july august september october "
    "november december"
).split()
_MONTH_RE = re.compile(
    r"\b(" + "|".join(m.capitalize() for m in _MONTHS) + r"|Sept?|Jan|Feb|Mar|Apr"
    r"|Jun|Jul|Aug|Oct|Nov|Dec)\b\.?"
)
_NUMBER_RE = re.compile(
    r"(?<![\w.])\$?\d[\d,]*(?:\.\d+)?(?:\s+(?:hundred|thousand|million|billion|"
    r"trillion)\b)?%?|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven"
    r"|twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)"
    r"(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine|hundred|thousand"
    r"|million|billion))*\b",
    re.I,
)
# A name: capitalised words in a row (sentence openers such as "The" are not).
_NAME_RE = re.compile(r"\b[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*")
_NOT_NAMES = frozenset(
    "I The A An He She They We It This That These Those His Her Their Its Our".split()
    + [m.capitalize() for m in _MONTHS]
    + "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
)
_WORD_RE = re.compile(r"[a-z]+")


@dataclass(frozen=True, slots=True)
class Relation:
    kind: str  # SAME, CONFLICT or RELATED
    reason: str  # for the reviewer: "numbers differ: 11,000 / 1,100"


def relation(
    a: str,
    b: str,
    *,
    similarity: float,
    quantity_a: Mapping | None = None,
    quantity_b: Mapping | None = None,
) -> Relation:
    """How claim b stands to claim a, given the cosine of their embeddings.

    quantity_a/_b are the parsed quantities claims.extraction produced
    (Quantity.to_dict() shape: value, low, high, unit, subject, qualifier)."""
    if similarity < SAME_THRESHOLD:
        return Relation(RELATED, f"similarity {similarity:.2f}")
    disagreement = disagreement_between(a, b, quantity_a, quantity_b)
    if disagreement:
        return Relation(CONFLICT, disagreement)
    return Relation(SAME, f"similarity {similarity:.2f}")


def disagreement_between(
    a: str,
    b: str,
    quantity_a: Mapping | None = None,
    quantity_b: Mapping | None = None,
) -> str:
    """What two claims about the same thing disagree on, or "" if nothing."""
    if (
        quantity_a
        and quantity_b
        and _same_unit(quantity_a, quantity_b)
        and not _overlap(_interval(quantity_a), _interval(quantity_b))
    ):
        return f"quantities differ: {_show(quantity_a)} / {_show(quantity_b)}"
    numbers_a, numbers_b = _numbers(a), _numbers(b)
    if _substituted(numbers_a, numbers_b, _close):
        # "in 2006" / "in 2017": years, if every figure on both sides is one.
        years = all(_looks_like_a_year(n) for n in numbers_a | numbers_b)
        what = "years" if years else "numbers"
        return f"{what} differ: {_list(numbers_a)} / {_list(numbers_b)}"
    months_a, months_b = _months(a), _months(b)
    if _substituted(months_a, months_b):
        return f"months differ: {_list(months_a)} / {_list(months_b)}"
    names_a, names_b = _names(a), _names(b)
    if _substituted(names_a, names_b) and _rest_equal(a, b, names_a | names_b):
        return f"names differ: {_list(names_a - names_b)} / {_list(names_b - names_a)}"
    return ""


def _substituted(a: set, b: set, same=None) -> bool:
    """Each side states a value the other lacks (one side silent is no conflict)."""
    if not a or not b:
        return False
    if same is None:
        return bool(a - b) and bool(b - a)
    only_a = [x for x in a if not any(same(x, y) for y in b)]
    only_b = [y for y in b if not any(same(x, y) for x in a)]
    return bool(only_a) and bool(only_b)


def _close(x: float, y: float) -> bool:
    if _looks_like_a_year(x) and _looks_like_a_year(y):
        return x == y  # 2006 and 2017 are 0.5 % apart, and eleven years
    return abs(x - y) <= _TOLERANCE * max(abs(x), abs(y))


def _numbers(text: str) -> set[float]:
    # Imported here: claims.extraction's package imports spaCy, which the rest
    # of matching (and the match_claims command) does not need.
    from claims.extraction.numbers import parse_number

    found = set()
    for match in _NUMBER_RE.finditer(text):
        value = parse_number(match.group().lstrip("$").rstrip("%"))
        if value is not None:
            found.add(value)
    return found


def _looks_like_a_year(value: float) -> bool:
    return value.is_integer() and 1800 <= value <= 2099


def _months(text: str) -> set[str]:
    # "May" is also a verb: only a capitalised May not opening the text counts.
    return {m.group(1)[:3].lower() for m in _MONTH_RE.finditer(text) if m.start()}


def _names(text: str) -> set[str]:
    names = set()
    for match in _NAME_RE.finditer(text):
        words = [w for w in match.group().split() if w not in _NOT_NAMES]
        if words:
            names.add(" ".join(words).lower())
    return names


def _rest_equal(a: str, b: str, names: set[str]) -> bool:
    """The texts share their other words (Jaccard at least 0.8)."""
    name_words = {w for name in names for w in name.split()}
    words_a = set(_WORD_RE.findall(a.lower())) - name_words
    words_b = set(_WORD_RE.findall(b.lower())) - name_words
    union = words_a | words_b
    return bool(union) and len(words_a & words_b) / len(union) >= 0.8


def _same_unit(a: Mapping, b: Mapping) -> bool:
    unit_a, unit_b = (a.get("unit") or "").lower(), (b.get("unit") or "").lower()
    return not unit_a or not unit_b or unit_a.rstrip("s") == unit_b.rstrip("s")


def _interval(q: Mapping) -> tuple[float, float] | None:
    value, low, high = q.get("value"), q.get("low"), q.get("high")
    qualifier = (q.get("qualifier") or "").lower()
    if value is None:
        if low is None and high is None:
            return None
        return (low if low is not None else 0.0, high if high is not None else 1e300)
    if qualifier in _APPROXIMATE:
        return value * 0.9, value * 1.1
    if qualifier in _AT_LEAST:
        return value, 1e300
    if qualifier in _AT_MOST:
        return 0.0, value
    return value * (1 - _TOLERANCE), value * (1 + _TOLERANCE)


def _overlap(a: tuple[float, float] | None, b: tuple[float, float] | None) -> bool:
    if a is None or b is None:
        return True  # a vague amount disagrees with nothing
    return a[0] <= b[1] and b[0] <= a[1]


def _show(q: Mapping) -> str:
    amount = q.get("value")
    amount = f"{q.get('low')}-{q.get('high')}" if amount is None else f"{amount:,g}"
    return " ".join(str(p) for p in (q.get("qualifier"), amount, q.get("unit")) if p)


def _list(values) -> str:
    if all(isinstance(v, float) for v in values):
        return ", ".join(_figure(v) for v in sorted(values))
    return ", ".join(sorted(values))


def _figure(value: float) -> str:
    if _looks_like_a_year(value):
        return f"{value:.0f}"
    return f"{value:,.0f}" if value.is_integer() else f"{value:,}"
