"""The queue's rows, built here rather than in a template: a page has fifty,
each with a dozen values, and Django's template engine spent 13–17 ms a page
resolving them (bench/scale.py; about a third of the queue's time). Here
they take about a millisecond. Every value goes through
`claims.markup.html`, which escapes it."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from annotations.templatetags.ratings import rating_label
from claims.markup import html, html_join
from claims.models import STATUS_WORDS, Claim

register = template.Library()

# What a row reads of its claim (and `fold_page` of a row), for the queue's
# `.only()`: a row with every field of the claim, its article and its
# assignee cost as much to build as to render.
ROW_FIELDS = (
    "text", "speaker", "quoted", "kind", "score", "status", "needs_recheck",
    "anchor", "rating", "article_id", "start", "end", "quantity_value",
    "quantity_low", "article__title", "assignee__username",
)  # fmt: skip


_ROW = (
    "<tr>{}"
    '<td><a class="clamp" data-claim-link href="{}">{}</a>{}{}</td>'
    '<td class="small" data-label="Article"><span class="clamp">{}</span></td>'
    '<td data-label="Kind">{}</td>'
    '<td class="num" data-label="Score">{}</td>'
    '<td data-label="Status">{}{}</td>'
    '<td data-label="Assignee">{}</td>'
    '<td data-label="Rating">{}</td>'
    "</tr>"
)


@register.simple_tag
def queue_rows(claims, bulk: bool) -> SafeString:
    """A `<tr>` per claim of the page, with its folded numbers
    (claims/folding.py) under its words; a checkbox first for `bulk`."""
    url = claim_url()
    return mark_safe("".join(_row(c, url, bulk) for c in claims))


def claim_url() -> str:
    """A claim's URL with `{}` for its id: one reverse() for a whole list
    (the URLs differ only by the id)."""
    return Claim(pk=0).get_absolute_url().removesuffix("0/") + "{}/"


def _row(claim: Claim, url: str, bulk: bool) -> str:
    return html(
        _ROW,
        html("<td>{}</td>", _checkbox(claim.pk)) if bulk else "",
        url.format(claim.pk),
        claim.text,
        html(
            '<div class="muted small">{}{}</div>',
            claim.speaker,
            ", quoted" if claim.quoted else "",
        )
        if claim.speaker
        else "",
        _folded(claim.folded, url, bulk) if claim.folded else "",
        claim.article.title,
        claim.kind,
        f"{claim.score:.2f}",
        _badge(claim.status),
        _flags(claim),
        claim.assignee.get_username() if claim.assignee else "—",
        rating_label(claim.rating),
    )


def _badge(status: str) -> SafeString:
    return html('<span class="badge s-{}">{}</span>', status, STATUS_WORDS[status])


def _flags(claim: Claim) -> SafeString:
    flags = []
    if claim.needs_recheck:
        flags.append(("recheck", "needs re-check"))
    if claim.is_orphaned:
        flags.append(("orphaned", "orphaned"))
    return html_join("", ' <span class="badge {}">{}</span>', flags)


_BOX = '<input type="checkbox" name="claims" value="{}" aria-label="Select claim {}">'
# A number folded under a row: "Select all on this page" (static/js/queue.js)
# leaves it out.
_FOLDED_BOX = (
    '<input type="checkbox" name="claims" value="{}" data-folded '
    'aria-label="Select claim {}">'
)


def _checkbox(pk: int, box: str = _BOX) -> SafeString:
    return html(box, pk, pk)


def _folded(numbers, url: str, bulk: bool) -> SafeString:
    """A claim's numbers, folded under it: each a claim of its own, selected
    on its own for `bulk` ("Select all on this page" leaves them out: it
    means the rows)."""
    return html(
        '<details class="fold"><summary>{} number{}</summary>'
        '<ul class="folded">{}</ul></details>',
        len(numbers),
        "" if len(numbers) == 1 else "s",
        html_join(
            "",
            '<li>{}<a href="{}">{}</a> {} <span class="muted small">score {}</span></li>',
            (
                (
                    _checkbox(n.pk, _FOLDED_BOX) if bulk else "",
                    url.format(n.pk),
                    n.text,
                    _badge(n.status),
                    f"{n.score:.2f}",
                )
                for n in numbers
            ),
        ),
    )
