"""Re-anchoring claims into a new version of their article's body.

Plain Python, no Django: old body, new body and the claims' spans in the old body
in; where each claim is in the new body, and how it got there, out.

Each claim is anchored by its quote with a prefix and a suffix of context (a W3C
TextQuoteSelector) and by its position, mapped through a diff of the two bodies:

1. ``exact``: the quote is where the diff says its old span went, or it is the
   only occurrence of the quote and both of its contexts match.
2. ``moved``: the quote, unchanged, found elsewhere, the best occurrence by
   context and closeness to the expected position (Hypothesis's scoring).
3. ``changed``: no occurrence of the quote; an approximate match within
   ``MAX_ERROR_RATE`` of its length (edit distance), searched around the expected
   position. The new span's text differs from the old quote.
4. ``orphaned``: none of the above; the anchor keeps the old offsets and text.

Whatever the state, a claim is never put on other words: a candidate span made
mostly of old text other than the claim's own (a repeated sentence elsewhere)
is refused, so a claim whose text was edited or deleted is ``changed`` or
``orphaned``, and one whose text was pasted elsewhere is ``moved``.
"""

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import edlib
from diff_match_patch import diff_match_patch

CONTEXT = 32  # characters of prefix and suffix kept with a quote, as Hypothesis does
MAX_ERROR_RATE = 0.2  # a changed quote is within 20 % of its length in edits
DIFF_TIMEOUT = 2.0  # seconds per diff call; past it a diff is coarser, never wrong

# Hypothesis's weights: the quote counts most, each context side less, and the
# distance to the expected position only breaks ties.
QUOTE_WEIGHT = 50
PREFIX_WEIGHT = 20
SUFFIX_WEIGHT = 20
POSITION_WEIGHT = 2


class AnchorState(StrEnum):
    EXACT = "exact"
    MOVED = "moved"
    CHANGED = "changed"
    ORPHANED = "orphaned"


@dataclass(frozen=True, slots=True)
class Quote:
    """A claim as found in the old body: its span, its text and their context."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str

    @classmethod
    def from_span(
        cls, body: str, start: int, end: int, *, context: int = CONTEXT
    ) -> "Quote":
        if not 0 <= start < end <= len(body):
            raise ValueError(f"span {start}-{end} is not inside a body of {len(body)}")
        return cls(
            start=start,
            end=end,
            exact=body[start:end],
            prefix=body[max(0, start - context) : start],
            suffix=body[end : end + context],
        )


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a claim is in the new body: ``text == new_body[start:end]``, except
    for an orphan, which keeps its old offsets and text."""

    start: int
    end: int
    text: str
    state: AnchorState
    score: float  # 0–1: quote, context and position, weighted as Hypothesis does


@dataclass(frozen=True, slots=True)
class _Segment:
    """A run of the diff: old[old_start:old_end] became new[new_start:new_end]."""

    old_start: int
    old_end: int
    new_start: int
    new_end: int
    equal: bool


class BodyMap:
    """Where the characters of an old body went in a new one.

    A character diff by diff-match-patch (Myers), refined level by level: lines,
    then words, then characters (see ``_diff``); edit boundaries are moved to
    word boundaries, so an edit next to a claim is not shifted into it.
    """

    def __init__(self, old: str, new: str, *, timeout: float = DIFF_TIMEOUT) -> None:
        dmp = diff_match_patch()
        dmp.Diff_Timeout = timeout
        diffs = _diff(dmp, old, new)
        self.old, self.new = old, new
        self.segments: list[_Segment] = []
        o = n = 0
        for op, text in diffs:
            length = len(text)
            if op == dmp.DIFF_EQUAL:
                self.segments.append(_Segment(o, o + length, n, n + length, True))
                o, n = o + length, n + length
            elif op == dmp.DIFF_DELETE:
                self.segments.append(_Segment(o, o + length, n, n, False))
                o += length
            else:
                self.segments.append(_Segment(o, o, n, n + length, False))
                n += length
        self._old_starts = [s.old_start for s in self.segments]
        self._new_starts = [s.new_start for s in self.segments]

    def to_new(self, offset: int, *, after_insertions: bool) -> int:
        """The new position of the old position ``offset`` (between characters).

        Text inserted exactly there comes before the result when
        ``after_insertions`` (use it for a span's start) and after it otherwise
        (for a span's end), so an insertion next to a span stays outside it.
        A deleted position goes to where the deletion was.
        """
        found: list[int] = []
        i = bisect_right(self._old_starts, offset) - 1
        while i >= 0 and self.segments[i].old_end >= offset:
            seg = self.segments[i]
            if seg.equal:
                found.append(seg.new_start + offset - seg.old_start)
            elif seg.old_start == seg.old_end:  # an insertion at this position
                found += (seg.new_start, seg.new_end)
            else:
                found.append(seg.new_start)
            i -= 1
        if not found:  # past the end of the old body
            return len(self.new)
        return max(found) if after_insertions else min(found)

    def copied_from(self, start: int, end: int) -> list[tuple[int, int]]:
        """The old spans whose text, unchanged, makes up ``new[start:end]``."""
        spans = []
        i = max(0, bisect_right(self._new_starts, start) - 1)
        while i < len(self.segments) and self.segments[i].new_start < end:
            seg = self.segments[i]
            lo, hi = max(start, seg.new_start), min(end, seg.new_end)
            if seg.equal and lo < hi:
                spans.append(
                    (
                        seg.old_start + lo - seg.new_start,
                        seg.old_start + hi - seg.new_start,
                    )
                )
            i += 1
        return spans

    def is_other_words(self, start: int, end: int, quote: Quote) -> bool:
        """Whether ``new[start:end]`` is mostly old text that was not the quote's:
        copied from elsewhere in the old body, not the claim's own words nor new
        text."""
        other = sum(
            (hi - lo) - max(0, min(hi, quote.end) - max(lo, quote.start))
            for lo, hi in self.copied_from(start, end)
        )
        return 2 * other > end - start


# Lines, then words: the units of the coarse diffs before the character diff.
_UNITS = (re.compile(r"[^\n]*\n|[^\n]+"), re.compile(r"\w+|\s+|[^\w\s]"))


def _diff(
    dmp: diff_match_patch, old: str, new: str, units: tuple[re.Pattern, ...] = _UNITS
) -> list[tuple[int, str]]:
    """A diff of lines, then of the words of each replaced run of lines, then of
    the characters of each replaced run of words (each unit coded as one
    character, as diff-match-patch's line mode does): a few milliseconds where
    one character diff of paragraphs with edits took 300."""
    if not units:
        # Two rewritten words share letters by chance ("c" and "o"): not an
        # equality worth keeping.
        diffs = dmp.diff_main(old, new, False)
        dmp.diff_cleanupSemantic(diffs)
        return diffs
    codes: dict[str, str] = {}
    texts: dict[str, str] = {}

    def encode(text: str) -> str:
        out = []
        for unit in units[0].findall(text):
            code = codes.get(unit)
            if code is None:
                n = len(codes) + 1
                code = codes[unit] = chr(
                    n if n < 0xD800 else n + 0x800
                )  # no surrogates
                texts[code] = unit
            out.append(code)
        return "".join(out)

    coarse = dmp.diff_main(encode(old), encode(new), False)
    diffs: list[tuple[int, str]] = []
    deleted = inserted = ""
    for op, coded in [*coarse, (dmp.DIFF_EQUAL, "")]:
        text = "".join(texts[c] for c in coded)
        if op == dmp.DIFF_DELETE:
            deleted += text
        elif op == dmp.DIFF_INSERT:
            inserted += text
        else:
            if deleted and inserted:
                diffs += _diff(dmp, deleted, inserted, units[1:])
            elif deleted:
                diffs.append((dmp.DIFF_DELETE, deleted))
            elif inserted:
                diffs.append((dmp.DIFF_INSERT, inserted))
            deleted = inserted = ""
            if text:
                diffs.append((dmp.DIFF_EQUAL, text))
    if len(units) == len(_UNITS):
        dmp.diff_cleanupMerge(diffs)
        dmp.diff_cleanupSemanticLossless(diffs)
    return diffs


def reanchor(
    old_body: str,
    new_body: str,
    spans: Iterable[tuple[int, int]],
    *,
    context: int = CONTEXT,
) -> list[Anchor]:
    """Anchor each ``(start, end)`` span of ``old_body`` in ``new_body``, in order."""
    body_map = BodyMap(old_body, new_body)
    return [
        reanchor_quote(Quote.from_span(old_body, s, e, context=context), body_map)
        for s, e in spans
    ]


def reanchor_quote(quote: Quote, body_map: BodyMap) -> Anchor:
    """Anchor one quote of the old body in the new body of ``body_map``."""
    new = body_map.new
    start = body_map.to_new(quote.start, after_insertions=True)
    end = body_map.to_new(quote.end, after_insertions=False)
    if new[start:end] == quote.exact:
        return _anchor(new, quote, start, end, 0, start, AnchorState.EXACT)

    occurrences = [
        (s, s + len(quote.exact))
        for s in _find_all(new, quote.exact)
        if not body_map.is_other_words(s, s + len(quote.exact), quote)
    ]
    if occurrences:
        best = max(occurrences, key=lambda m: _score(new, quote, *m, 0, start))
        s, e = best
        unique_in_context = (
            len(occurrences) == 1
            and new[max(0, s - len(quote.prefix)) : s] == quote.prefix
            and new[e : e + len(quote.suffix)] == quote.suffix
        )
        state = AnchorState.EXACT if unique_in_context else AnchorState.MOVED
        return _anchor(new, quote, s, e, 0, start, state)

    found = _approximate(quote, body_map, start, end)
    if found is None:
        return Anchor(quote.start, quote.end, quote.exact, AnchorState.ORPHANED, 0.0)
    s, e, errors = found
    return _anchor(new, quote, s, e, errors, start, AnchorState.CHANGED)


def max_errors(quote: str) -> int:
    """The most edits a changed quote may have: ``MAX_ERROR_RATE`` of it."""
    return max(1, int(len(quote) * MAX_ERROR_RATE))


def _approximate(
    quote: Quote, body_map: BodyMap, start: int, end: int
) -> tuple[int, int, int] | None:
    """The best approximate match of the quote around where it was expected,
    as ``(start, end, errors)``, refusing other words."""
    new, k = body_map.new, max_errors(quote.exact)
    lo = body_map.to_new(
        max(0, quote.start - len(quote.prefix)), after_insertions=False
    )
    hi = body_map.to_new(quote.end + len(quote.suffix), after_insertions=True)
    lo, hi = max(0, min(lo, start) - k), min(len(new), max(hi, end) + k)
    window = new[lo:hi]
    # The search returns only the matches with the fewest errors; when those are
    # other words, blank them out and search again for the next best.
    for _ in range(4):
        if not window.strip("\0"):
            return None
        result = edlib.align(quote.exact, window, mode="HW", task="locations", k=k)
        if result["editDistance"] < 0:
            return None
        errors = result["editDistance"]
        matches = []
        for s, e in result["locations"]:
            if s is None or e < s:
                continue
            s, e = lo + s, lo + e + 1
            if body_map.is_other_words(s, e, quote):
                window = window[: s - lo] + "\0" * (e - s) + window[e - lo :]
            elif new[s:e] != quote.exact:
                matches.append((s, e))
        if matches:
            # On a tie, the span closest to the quote's length: "world!" for
            # "world.", not "world".
            s, e = max(
                matches,
                key=lambda m: (
                    _score(new, quote, *m, errors, start),
                    -abs(m[1] - m[0] - len(quote.exact)),
                ),
            )
            return s, e, errors
    return None


def _find_all(text: str, sub: str) -> Iterable[int]:
    i = text.find(sub)
    while i >= 0:
        yield i
        i = text.find(sub, i + 1)


def _similarity(actual: str, expected: str) -> float:
    """1 − edit distance / length of the expected context (0 when one is empty)."""
    if actual == expected:
        return 1.0
    if not expected or not actual:
        return 0.0
    distance = edlib.align(expected, actual, mode="NW", task="distance")["editDistance"]
    return max(0.0, 1 - distance / len(expected))


def _score(
    new: str, quote: Quote, start: int, end: int, errors: int, hint: int
) -> float:
    prefix = new[max(0, start - len(quote.prefix)) : start]
    suffix = new[end : end + len(quote.suffix)]
    raw = (
        QUOTE_WEIGHT * (1 - errors / len(quote.exact))
        + PREFIX_WEIGHT * _similarity(prefix, quote.prefix)
        + SUFFIX_WEIGHT * _similarity(suffix, quote.suffix)
        + POSITION_WEIGHT * (1 - abs(start - hint) / max(1, len(new)))
    )
    return raw / (QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT)


def _anchor(
    new: str,
    quote: Quote,
    start: int,
    end: int,
    errors: int,
    hint: int,
    state: AnchorState,
) -> Anchor:
    score = _score(new, quote, start, end, errors, hint)
    return Anchor(start, end, new[start:end], state, round(score, 4))


def find_quote(
    text: str, quote: Quote, *, hint: int | None = None
) -> tuple[int, int] | None:
    """The best exact occurrence of ``quote.exact`` in ``text`` by its context and
    closeness to ``hint`` (the quote's old start by default), without a diff."""
    hint = quote.start if hint is None else hint
    occurrences = [(s, s + len(quote.exact)) for s in _find_all(text, quote.exact)]
    if not occurrences:
        return None
    return max(occurrences, key=lambda m: _score(text, quote, *m, 0, hint))


__all__ = [
    "CONTEXT",
    "MAX_ERROR_RATE",
    "Anchor",
    "AnchorState",
    "BodyMap",
    "Quote",
    "find_quote",
    "max_errors",
    "reanchor",
    "reanchor_quote",
]
