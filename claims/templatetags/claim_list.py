"""The reader's list of claims, built here rather than in a template: an
article has thirty-odd claims, each with a dozen values, and resolving them
took Django's template engine about 8 ms of the reader's and the panel's
time (measured in the process on bench/scale.py's data), as the queue's rows
did (annotations/templatetags/queue.py). Here it is about 3 ms. Every value
goes through `claims.markup.html`, which escapes it."""

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from claims.markup import html, html_join
from claims.models import STATUS_WORDS, Claim

register = template.Library()

# As wide as the list's column shows in two lines.
_CHARACTERS = 110

_ITEM = (
    '<li class="s-{}" data-claim="{}" data-status="{}" data-score="{}" '
    'data-url="{}" tabindex="-1"><a href="{}">{}</a>'
    '<div class="meta">{}{} · score {}{}</div>{}</li>'
)
_FOLD = (
    '<details class="fold"><summary>{} number{}</summary>'
    '<ol class="claim-list folded">{}</ol></details>'
)
_EMPTY = '<li class="empty">No claims found in this article yet.</li>'


@register.simple_tag
def claim_items(items: list[Claim]) -> SafeString:
    """An `<li>` per claim of the list (claims/folding.py: `fold`), its
    numbers folded under it; each claim has its `url`."""
    if not items:
        return mark_safe(_EMPTY)
    return mark_safe("".join(_item(c) for c in items))


def _item(claim: Claim, *, in_fold: bool = False) -> str:
    """A claim of the list; one folded under another says no kind (numbers
    all are quantities) and holds nothing."""
    folded = None if in_fold else claim.folded
    return html(
        _ITEM,
        claim.status,
        claim.pk,
        claim.status,
        claim.score,
        claim.url,
        claim.url,
        _cut(claim.text),
        "" if in_fold else f"{claim.kind} · ",
        STATUS_WORDS[claim.status],
        f"{claim.score:.2f}",
        _flags(claim),
        _fold(folded) if folded else "",
    )


def _cut(text: str) -> str:
    """The text as the list shows it: cut at `_CHARACTERS`, with an ellipsis.
    Most claims are shorter, and Django's `Truncator` costs a few
    microseconds a character to find that out."""
    return text if len(text) <= _CHARACTERS else Truncator(text).chars(_CHARACTERS)


def _flags(claim: Claim) -> SafeString:
    flags = " · changed" if claim.anchor == Claim.Anchor.CHANGED else ""
    if claim.needs_recheck:
        flags += ' · <span class="badge recheck">needs re-check</span>'
    return mark_safe(flags)


def _fold(numbers: list[Claim]) -> SafeString:
    return html(
        _FOLD,
        len(numbers),
        "" if len(numbers) == 1 else "s",
        html_join("", "{}", ((_item(n, in_fold=True),) for n in numbers)),
    )
