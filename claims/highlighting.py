"""The article body as HTML with every claim highlighted.

Claims may nest (a quantity inside its sentence) or cross (two clauses that
overlap). The body is cut at every claim boundary; each piece is wrapped in one
<mark> per claim covering it, outermost (longest) first, so the marks always
nest properly and a click lands on the innermost claim. Every piece of text is
escaped here: nothing of the article reaches the page unescaped.
"""

from collections.abc import Iterable, Sequence
from typing import Protocol

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


class Span(Protocol):
    pk: int
    start: int
    end: int
    status: str


def highlight(body: str, claims: Iterable[Span]) -> SafeString:
    spans = sorted(claims, key=lambda c: (c.start, -c.end, c.pk))
    cuts = sorted({0, len(body), *(c.start for c in spans), *(c.end for c in spans)})
    parts: list[str] = []
    active: list[Span] = []
    following = 0
    for left, right in zip(cuts, cuts[1:], strict=False):
        active = [c for c in active if c.end > left]
        while following < len(spans) and spans[following].start <= left:
            if spans[following].end > left:
                active.append(spans[following])
            following += 1
        covering = sorted(active, key=lambda c: (c.start - c.end, c.pk))
        text = escape(body[left:right])
        if not covering:
            parts.append(text)
            continue
        opening = "".join(
            f'<mark class="s-{c.status}" data-claim="{c.pk}">' for c in covering
        )
        parts.append(f"{opening}{text}{'</mark>' * len(covering)}")
    return mark_safe("".join(parts))  # noqa: S308 - every text piece is escaped above


def from_rendered(body: str, offsets: Sequence[int]) -> list[int]:
    """Offsets counted in the body as a browser shows it (HTML turns CR LF and
    lone CR into LF) back into offsets into the body as stored."""
    real = []
    for i, ch in enumerate(body):
        if ch == "\r" and i + 1 < len(body) and body[i + 1] == "\n":
            continue  # the LF that follows stands for the pair
        real.append(i)
    real.append(len(body))
    # Offsets outside the text stay outside it, for validation to refuse.
    return [
        real[o] if 0 <= o < len(real) else o - len(real) + len(body) + 1 if o > 0 else o
        for o in offsets
    ]
