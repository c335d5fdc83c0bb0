"""The three roles are Django groups; superusers count as editors.

The role is looked up once per user object and cached on it, so views and
querysets can ask for it freely. The signed-in user of a request comes with
it: `RoleBackend` reads the user and their role in one query.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser, Group, User
from django.db.models import Case, OuterRef, Subquery, Value, When

VIEWER = "viewer"
REVIEWER = "reviewer"
EDITOR = "editor"
ROLES = (VIEWER, REVIEWER, EDITOR)  # in order of power

_CACHE_ATTR = "_claimdesk_role"


def role_of(user: User | AnonymousUser) -> str | None:
    """The strongest role the user has, or None (anonymous or no group)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, _CACHE_ATTR):
        if user.is_superuser:
            role = EDITOR
        else:
            names = set(
                user.groups.filter(name__in=ROLES).values_list("name", flat=True)
            )
            role = next((r for r in reversed(ROLES) if r in names), None)
        setattr(user, _CACHE_ATTR, role)
    return getattr(user, _CACHE_ATTR)


def _role() -> Case:
    """The strongest role among the user's groups, as SQL; superusers are
    editors. (Built when asked: the models are not ready at import.)"""
    rank = Case(*(When(name=r, then=Value(i)) for i, r in enumerate(ROLES)))
    strongest = Group.objects.filter(user=OuterRef("pk"), name__in=ROLES)
    return Case(
        When(is_superuser=True, then=Value(EDITOR)),
        default=Subquery(strongest.order_by(rank.desc()).values("name")[:1]),
    )


class RoleBackend(ModelBackend):
    """Django's `ModelBackend`, whose `get_user` (every request of a signed-in
    person) reads the user's role in the same query as the user, where
    `role_of` would ask again: one query fewer on every page."""

    def get_user(self, user_id):
        try:
            user = User._default_manager.annotate(**{_CACHE_ATTR: _role()}).get(
                pk=user_id
            )
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


def has_role(user: User | AnonymousUser, role: str) -> bool:
    """True if the user has `role` or a stronger one."""
    mine = role_of(user)
    return mine is not None and ROLES.index(mine) >= ROLES.index(role)


def is_reviewer(user: User | AnonymousUser) -> bool:
    return has_role(user, REVIEWER)


def is_editor(user: User | AnonymousUser) -> bool:
    return has_role(user, EDITOR)
