"""Imports that run in the background: a job, an item per URL or file."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from claims.models.claims import Article


class ImportJob(models.Model):
    """One import — a URL, a pasted text, files, a list of URLs — run in the
    background with its progress and what became of each item."""

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        INTERRUPTED = "interrupted"  # the worker stopped; see `note`

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    finished = models.PositiveIntegerField(default=0)  # items done, either way
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # the worker's heartbeat

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"])]

    def __str__(self) -> str:
        return f"import #{self.pk} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("claims:import_job", args=[self.pk])

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * self.finished / self.total)

    @property
    def is_over(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.INTERRUPTED)


class ImportItem(models.Model):
    """One article to import: where it comes from and what became of it."""

    class Outcome(models.TextChoices):
        PENDING = "pending"
        IMPORTED = "imported"
        EXISTING = "existing"  # the same body was already imported
        FAILED = "failed"
        # A refresh of an article from its URL (`refresh` set):
        REFRESHED = "refreshed"  # the text changed: a new version
        UNCHANGED = "unchanged"  # the same text: no new version

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    source = models.CharField(max_length=2000)  # a URL, a file name, "pasted text"
    record = models.JSONField(null=True)  # the article's fields until imported
    outcome = models.CharField(max_length=16, choices=Outcome, default=Outcome.PENDING)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claims = models.PositiveIntegerField(default=0)
    problem = models.TextField(blank=True)
    note = models.TextField(blank=True)  # what a refresh did, in words
    # Set when the item fetches an existing article's URL again.
    refresh = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["job", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "position"], name="import_item_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} ({self.outcome})"
