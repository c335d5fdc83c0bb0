"""The rules table in templates of the claims app, which may not import it:
`{% load rules %}{% article_allowed "refresh" as can_refresh %}`."""

from django import template

from annotations import rules

register = template.Library()


@register.simple_tag(takes_context=True)
def article_allowed(context, action: str) -> bool:
    return rules.article_refusal(context["request"].user, action) is None
