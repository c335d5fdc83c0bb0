"""The dashboard's chart of approvals per day, as SVG drawn on the server (no
script, no library). Built here, not in the template: thirty bars of seven
numbers each went through the template engine's number localisation one by
one, a few milliseconds a page; and geometry reads better as arithmetic."""

import datetime

from django import template
from django.utils.safestring import SafeString

from claims.markup import html, html_join

register = template.Library()

# The drawing's frame: a margin on the left for the scale, at the bottom for
# the dates, on the right so that the last day's label, centred on its bar,
# fits.
HEIGHT, WIDTH, LEFT, BOTTOM, RIGHT, TOP = 140, 620, 28, 22, 16, 8
LABEL_EVERY = 5


@register.simple_tag
def day_chart(
    days: list[tuple[datetime.date, int]], total: int, peak: int
) -> SafeString:
    """A bar per day (its title says the day and the count), the peak on the
    scale, a date under every fifth bar and the last."""
    axis = HEIGHT - BOTTOM
    step = (WIDTH - LEFT - RIGHT) / max(len(days), 1)
    bars, labels = [], []
    for i, (day, n) in enumerate(days):
        h = (axis - TOP) * n / peak if peak else 0
        name = f"{day.day} {day:%b}"
        bars.append(
            (_n(LEFT + i * step + 1), _n(axis - h), _n(step - 2), _n(h), name, n)
        )
        if i % LABEL_EVERY == 0 or i == len(days) - 1:
            labels.append((_n(LEFT + (i + 0.5) * step), HEIGHT - 6, name))
    return html(
        '<svg class="chart" viewBox="0 0 {w} {h}" role="img" '
        'aria-labelledby="chart-title chart-desc">'
        '<title id="chart-title">Claims published per day over the last {days} days</title>'
        '<desc id="chart-desc">{total} published in {days} days; the busiest day had {peak}.</desc>'
        '<line x1="{left}" y1="{axis}" x2="{w}" y2="{axis}"></line>'
        '<text x="0" y="14">{peak}</text><text x="0" y="{axis}">0</text>{bars}{labels}</svg>',
        w=WIDTH, h=HEIGHT, left=LEFT, axis=axis, days=len(days), total=total, peak=peak,
        bars=html_join(
            "",
            '<rect class="bar" x="{}" y="{}" width="{}" height="{}"><title>{}: {}</title></rect>',
            bars,
        ),
        labels=html_join("", '<text class="day" x="{}" y="{}">{}</text>', labels),
    )  # fmt: skip


def _n(value: float) -> str:
    """A coordinate to a tenth, without a trailing ".0"."""
    return f"{value:.1f}".removesuffix(".0")
