"""The same claim in several articles: groups of confirmed claims and the
matches suggested between claims."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from claims.models.claims import Claim


class ClaimGroup(models.Model):
    """Claims confirmed to be the same claim, in whatever articles they appear."""

    created_at = models.DateTimeField(auto_now_add=True)
    # How many claims are in the group: kept by database triggers on the
    # claims table (migration 0013), as StatusCount, so that the largest
    # groups are read from an index, whatever wrote the claims.
    size = models.IntegerField(default=0, editable=False)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["-size", "id"], name="group_largest")]

    def __str__(self) -> str:
        return f"group #{self.pk}"


class ClaimMatchQuerySet(models.QuerySet):
    def of(self, claim: "Claim | int") -> "ClaimMatchQuerySet":
        """The matches `claim` takes part in, on either side."""
        pk = claim if isinstance(claim, int) else claim.pk
        return self.filter(Q(claim_id=pk) | Q(candidate_id=pk))


class ClaimMatch(models.Model):
    """Two claims of different articles that may be the same claim: found at
    ingest (suggested), then confirmed or rejected by a reviewer. One row per
    pair, the lower id as `claim` (a check constraint), so a pair has one
    state whichever side it is looked at from."""

    class Relation(models.TextChoices):
        SAME = "same", "Same claim"
        CONFLICT = "conflict", "Same claim, different number"
        RELATED = "related", "Related"

    class State(models.TextChoices):
        SUGGESTED = "suggested"
        CONFIRMED = "confirmed", "Same claim"
        REJECTED = "rejected", "Not the same"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()  # the hybrid score of claims.matching
    similarity = models.FloatField()  # the cosine of the two embeddings
    relation = models.CharField(max_length=16, choices=Relation)
    reason = models.CharField(max_length=200, blank=True)  # "numbers differ: …"
    state = models.CharField(max_length=16, choices=State, default=State.SUGGESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimMatchQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "id"]
        indexes = [
            models.Index(fields=["candidate", "-score"], name="match_candidate"),
            models.Index(fields=["relation", "state"], name="match_relation_state"),
            # The dashboard's newest conflicts.
            models.Index(
                fields=["relation", "-created_at", "-id"], name="match_relation_newest"
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["claim", "candidate"], name="match_pair"),
            models.CheckConstraint(
                condition=Q(claim__lt=F("candidate")), name="match_pair_ordered"
            ),
            models.CheckConstraint(
                condition=Q(relation__in=["same", "conflict", "related"]),
                name="match_relation_known",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["suggested", "confirmed", "rejected"]),
                name="match_state_known",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.claim_id} ~ #{self.candidate_id} ({self.state})"

    def other(self, claim: Claim) -> int:
        """The id of the pair's other claim."""
        return self.candidate_id if self.claim_id == claim.pk else self.claim_id
