"""People are deactivated, never deleted.

Claims, verdicts, evidence, comments and transitions name who did what; the
foreign keys would null those columns on a user's deletion, with no event in
the change feed and no trace in the history. So deletion is refused wherever
it starts (the admin offers "Deactivate" instead, and `delete()` in code or a
shell raises UserDeletionRefused); a deactivated user cannot sign in (Django's
ModelBackend and DRF's token authentication refuse inactive users) and is not
offered for assignment.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction

from claims.errors import UserDeletionRefused


def refuse_deletion(sender, instance: AbstractBaseUser, **kwargs) -> None:
    """pre_delete receiver for the user model: raises, so nothing is deleted."""
    raise UserDeletionRefused(instance)


def connect() -> None:
    """Called from ClaimsConfig.ready()."""
    models.signals.pre_delete.connect(
        refuse_deletion,
        sender=get_user_model(),
        dispatch_uid="claimdesk-refuse-user-deletion",
    )


@transaction.atomic
def deactivate(*, users: models.QuerySet) -> int:
    """Deactivate these users (they keep their names on everything they did);
    the number that were active."""
    return users.filter(is_active=True).update(is_active=False)
