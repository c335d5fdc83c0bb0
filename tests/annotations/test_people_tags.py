"""The list of people to choose from, written by a template tag."""

from annotations.templatetags.people import user_options


def test_each_user_is_an_option_and_the_chosen_one_is_selected():
    users = [(3, "ana"), (12, "bo")]
    assert user_options(users, 12) == (
        '<option value="3">ana</option><option value="12" selected>bo</option>'
    )
    # A form sends the id as text; "me" and nothing select nobody.
    assert user_options(users, "3").count(" selected") == 1
    assert " selected" not in user_options(users, "me")
    assert " selected" not in user_options(users)
    assert user_options([]) == ""


def test_a_name_is_escaped():
    users = [(1, '<script>alert(1)</script>"')]
    html = user_options(users)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;" in html
