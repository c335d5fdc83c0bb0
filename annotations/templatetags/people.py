"""Lists of people to choose from: `{% user_options assignees selected %}`.
A desk has dozens of reviewers, and the queue lists them twice; as a loop in
the template they cost the queue about 4 ms a page (measured in the process,
the list's query included)."""

from django import template
from django.utils.safestring import SafeString

from claims.markup import html_join

register = template.Library()


@register.simple_tag
def user_options(people, selected=None) -> SafeString:
    """An `<option>` per person, (id, name) as `rules.assignee_choices()`
    gives them, its value the id; the one whose id is `selected` (an id, or
    its text as a form sends it) is selected."""
    chosen = "" if selected is None else str(selected)
    return html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((pk, " selected" if str(pk) == chosen else "", name) for pk, name in people),
    )
