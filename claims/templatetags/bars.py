"""A stacked bar as SVG: widths are attributes, not inline styles, which the
Content-Security-Policy does not apply (config/csp.py)."""

from django import template

register = template.Library()


@register.filter
def stacked(parts: list[tuple[str, int]]) -> dict:
    """`Article.progress()` as the rectangles of a bar `total` units wide:
    {"total": …, "rects": [(status, x, width), …]} for the non-empty parts."""
    rects, x = [], 0
    for status, count in parts:
        if count:
            rects.append((status, x, count))
            x += count
    return {"total": max(x, 1), "rects": rects}
