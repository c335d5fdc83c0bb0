"""Numbers for tables: `floatformat` goes through Decimal and the locale
machinery, a cost per cell that a page of fifty rows feels."""

from django import template

register = template.Library()


@register.filter
def fixed(value: float | None, places: int = 2) -> str:
    """`0.8734|fixed:2` → "0.87"; None → "—"."""
    return "—" if value is None else f"{value:.{int(places)}f}"
