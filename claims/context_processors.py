from django.http import HttpRequest

from claims.roles import role_of


def role(request: HttpRequest) -> dict[str, str | None]:
    """The signed-in user's role, for the header."""
    return {"user_role": role_of(request.user)}
