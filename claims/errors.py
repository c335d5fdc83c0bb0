"""Errors the domain functions raise; views and the API map them to responses.

Bad field values raise Django's ValidationError (with a dict naming the field).
"""


class NotAllowed(Exception):
    """The actor's role (or ownership) does not allow this. HTTP 403."""


class InvalidTransition(Exception):
    """The claim's status does not allow this action. HTTP 409."""


class StaleClaim(Exception):
    """The claim changed since the caller loaded it. HTTP 412 (API) / 409 (forms)."""

    def __init__(self, current):
        self.current = current
        super().__init__(
            f"This claim was changed by someone else (now version {current.version}); "
            "reload it and try again."
        )


class ClaimGone(Exception):
    """The claim was deleted (with its article) while the caller acted on it.
    HTTP 404."""

    def __init__(self) -> None:
        super().__init__("This claim no longer exists.")


class UserDeletionRefused(NotAllowed):
    """Users are deactivated, never deleted (see claims/people.py)."""

    def __init__(self, user) -> None:
        self.user = user
        super().__init__(
            f"{user.get_username()!r} cannot be deleted: claims, verdicts, evidence, "
            "comments and the history name who did what. Deactivate the user "
            "instead (uncheck Active): they can no longer sign in or be assigned."
        )
