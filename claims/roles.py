"""The three roles are Django groups; superusers count as editors.

The role is looked up once per user object and cached on it, so views and
querysets can ask for it freely.
"""

from django.contrib.auth.models import AnonymousUser, User

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


def has_role(user: User | AnonymousUser, role: str) -> bool:
    """True if the user has `role` or a stronger one."""
    mine = role_of(user)
    return mine is not None and ROLES.index(mine) >= ROLES.index(role)


def is_reviewer(user: User | AnonymousUser) -> bool:
    return has_role(user, REVIEWER)


def is_editor(user: User | AnonymousUser) -> bool:
    return has_role(user, EDITOR)
