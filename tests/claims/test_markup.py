"""claims/markup.py: the same HTML as Django's `format_html` and
`format_html_join` for every kind of value, escaped unless already safe."""

import pytest
from django.utils.functional import lazy
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from claims.markup import html, html_join


class Markup:
    def __html__(self) -> str:
        return "<b>own markup</b>"


VALUES = [
    "plain words",
    "<script>alert('x')</script> & \"quoted\"",
    mark_safe("<em>already safe</em>"),
    42,
    0.125,
    None,
    True,
    lazy(lambda: "<lazy & late>", str)(),
    Markup(),
    "nul\x00byte",
]


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_a_value_is_written_as_format_html_writes_it(value):
    template = '<a title="{}">{}</a>'
    assert html(template, value, value) == format_html(template, value, value)
    named = '<p class="{cls}">{}</p>'
    assert html(named, value, cls=value) == format_html(named, value, cls=value)


def test_text_is_escaped_and_the_result_is_safe():
    out = html("<td>{}</td>", "<img src=x onerror=alert(1)>")
    assert out == "<td>&lt;img src=x onerror=alert(1)&gt;</td>"
    assert isinstance(out, SafeString)


def test_rows_are_joined_as_format_html_join_joins_them():
    rows = [(v, i) for i, v in enumerate(VALUES)]
    template = "<li data-i='{1}'>{0}</li>"
    out = html_join("\n", template, rows)
    assert out == format_html_join("\n", template, rows)
    assert isinstance(out, SafeString)
    assert html_join("", "{}", []) == ""
