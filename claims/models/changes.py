"""The change feed: an event per change, numbered in commit order."""

from django.db import models


class ChangeSequence(models.Model):
    """One row whose counter numbers the change feed; see claims/changes.py."""

    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.value)


class ChangeEvent(models.Model):
    """One creation, update or deletion of a claim, verdict or evidence.

    `seq` is the feed's cursor: allocated under a row lock held until commit,
    so events become visible in `seq` order and a reader never skips one.
    """

    class Operation(models.TextChoices):
        CREATE = "create"
        UPDATE = "update"
        DELETE = "delete"

    seq = models.PositiveBigIntegerField(primary_key=True)
    model = models.CharField(max_length=40)  # "claims.claim", "annotations.verdict"
    object_id = models.PositiveBigIntegerField()
    operation = models.CharField(max_length=8, choices=Operation)
    state = models.JSONField()  # the object's fields after (or, deleted, before)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self) -> str:
        return f"{self.seq} {self.operation} {self.model} {self.object_id}"
