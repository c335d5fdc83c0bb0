"""A stacked bar as SVG: widths are attributes, not inline styles, which the
Content-Security-Policy does not apply (config/csp.py). Built here rather
than in a template: a list page draws one per row."""

from django import template
from django.utils.safestring import SafeString

from claims.markup import html, html_join
from claims.models import Claim

register = template.Library()


@register.simple_tag
def progress_bar(parts: list[tuple[str, int]]) -> SafeString:
    """`Article.progress()` — [(status, count), …] — as a bar as wide as the
    article's claims, each status a rectangle; its name says the counts
    ("3 new, 1 published")."""
    rects, x = [], 0
    for status, count in parts:
        if count:
            rects.append((status, x, count))
            x += count
    label = ", ".join(f"{n} {Claim.Status(s).label.lower()}" for s, _, n in rects)
    return html(
        '<svg class="progress" role="img" aria-label="{}" viewBox="0 0 {} 1" '
        'preserveAspectRatio="none"><title>{}</title>{}</svg>',
        label,
        max(x, 1),
        label,
        html_join("", '<rect class="fill-{}" x="{}" width="{}" height="1"/>', rects),
    )
