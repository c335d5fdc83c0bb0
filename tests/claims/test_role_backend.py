"""claims.roles.RoleBackend: the signed-in user comes with their role, read in
the same query, and the role is the one `role_of` reads for itself."""

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.roles import EDITOR, REVIEWER, VIEWER, RoleBackend, role_of
from tests.factories import UserFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("groups", "superuser", "role"),
    [
        ([], False, None),
        ([VIEWER], False, VIEWER),
        ([VIEWER, REVIEWER], False, REVIEWER),
        ([EDITOR, VIEWER], False, EDITOR),
        ([REVIEWER, EDITOR, VIEWER], False, EDITOR),
        (["subscribers"], False, None),  # a group that is not a role
        ([], True, EDITOR),
        ([VIEWER], True, EDITOR),
    ],
)
def test_the_user_and_the_strongest_role_are_one_query(groups, superuser, role):
    user = UserFactory(is_superuser=superuser)
    user.groups.add(*(Group.objects.get_or_create(name=g)[0] for g in groups))
    with CaptureQueriesContext(connection) as queries:
        signed_in = RoleBackend().get_user(user.pk)
        assert role_of(signed_in) == role
    assert len(queries) == 1
    assert signed_in == user
    assert role_of(User.objects.get(pk=user.pk)) == role  # as role_of reads it


@pytest.mark.django_db
def test_no_user_for_an_inactive_or_missing_one():
    inactive = UserFactory(role=EDITOR, is_active=False)
    assert RoleBackend().get_user(inactive.pk) is None
    assert RoleBackend().get_user(inactive.pk + 1000) is None


@pytest.mark.django_db
def test_a_page_reads_the_role_with_the_user(client, users):
    """Signed in through the form (the backend the session names), a page
    asks for the session and the user, and no more for the role."""
    form = {"username": users["editor"].username, "password": "pw"}
    assert client.post("/accounts/login/", form).status_code == 302
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/notifications/").status_code == 200
    own = [q["sql"] for q in queries if q["sql"].startswith('SELECT "auth_group"')]
    assert own == []
    assert sum("_claimdesk_role" in q["sql"] for q in queries) == 1
    assert client.session["_auth_user_backend"] == "claims.roles.RoleBackend"
