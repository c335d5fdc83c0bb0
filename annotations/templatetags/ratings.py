"""Ratings by their labels ("Mostly true"), not their values (`mostly_true`):
`Claim.rating` is a copy of a verdict's value, without the choices."""

from django import template

from annotations.models import Rating

register = template.Library()
_LABELS = dict(Rating.choices)


@register.filter
def rating_label(value: str | None) -> str:
    """`"mostly_true"|rating_label` → "Mostly true"; none → "—"."""
    return _LABELS.get(value, value) if value else "—"
