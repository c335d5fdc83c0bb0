"""Articles and the claims found in them, and the claims counted by status
and by assignee."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.urls import reverse
from simple_history.models import HistoricalRecords

from claims.extraction.kinds import GUESS
from claims.roles import VIEWER, has_role
from claims.validators import URL_MAX_LENGTH, is_web_url, validate_web_url


def body_sha256(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


class ArticleQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ArticleQuerySet":
        """Members see every article; anyone else those with published work."""
        if has_role(user, VIEWER):
            return self
        published = Claim.objects.filter(
            article=models.OuterRef("pk"), status=Claim.Status.PUBLISHED
        )
        return self.filter(models.Exists(published))

    def with_status_counts_of(self, articles: list["Article"], user) -> list["Article"]:
        """`articles` with `claims_total` and `claims_<status>` set, counting
        the claims `user` may see (Claim.visible_to), in one query over their
        claims only (an index on (article, status)): a page's progress bars
        cost the same with 1,000 articles or 100,000."""
        rows = (
            Claim.objects.visible_to(user)
            .filter(article__in=articles)
            .values_list("article_id", "status")
            .annotate(n=models.Count("id"))
            .order_by()
        )
        counts = {(article, status): n for article, status, n in rows}
        for article in articles:
            for status in STATUSES:
                n = counts.get((article.pk, status), 0)
                setattr(article, f"claims_{status}", n)
            article.claims_total = sum(counts.get((article.pk, s), 0) for s in STATUSES)
        return articles


class Article(models.Model):
    title = models.CharField(max_length=500)
    byline = models.CharField(max_length=300, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    # http or https only: the reader links to it (claims/validators.py).
    url = models.URLField(
        max_length=URL_MAX_LENGTH, blank=True, validators=[validate_web_url]
    )
    published = models.DateField(null=True, blank=True)
    # The exact text every claim's offsets point into: never edited after import.
    body = models.TextField()
    language = models.CharField(max_length=16, default="en")
    sha256 = models.CharField(max_length=64, unique=True, editable=False)
    # 1 at import; each refresh that finds other text makes the next version
    # (the body before it is kept as an ArticleVersion: claims/versions.py).
    version = models.PositiveIntegerField(default=1, editable=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles_added",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="article_newest"),
            models.Index(Upper("publisher"), name="article_publisher"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(body=""), name="article_body_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.sha256 = body_sha256(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("claims:article", args=[self.pk])

    @property
    def link(self) -> str:
        """The URL if it is safe to link to, else "": a row stored before the
        URL rule (a `javascript:` URL) is never rendered as a link."""
        return self.url if is_web_url(self.url) else ""

    def body_of(self, claim: "Claim") -> str:
        """The body `claim`'s offsets point into: this one, or for an orphan
        the version it was last found in (one query)."""
        if not claim.is_orphaned or claim.orphaned_from in (None, self.version):
            return self.body
        old = self.versions.filter(number=claim.orphaned_from)
        return old.values_list("body", flat=True).first() or ""

    def progress(self) -> list[tuple[str, int]]:
        """(status, count) for each status, in workflow order.

        Uses the counts of `with_status_counts_of()` when the article has them.
        """
        if not hasattr(self, "claims_total"):
            counts = dict(
                self.claims.values_list("status").annotate(n=models.Count("id"))
            )
        else:
            counts = {s: getattr(self, f"claims_{s}") for s in STATUSES}
        return [(status, counts.get(status, 0)) for status in STATUSES]


class ClaimQuerySet(models.QuerySet):
    def published(self) -> "ClaimQuerySet":
        return self.filter(status=Claim.Status.PUBLISHED)

    def visible_to(self, user) -> "ClaimQuerySet":
        """Members (viewer and up) see every claim; anyone else only published."""
        return self if has_role(user, VIEWER) else self.published()

    def overlapping(self, start: int, end: int) -> "ClaimQuerySet":
        return self.filter(start__lt=end, end__gt=start)

    def anchored(self) -> "ClaimQuerySet":
        """Claims whose offsets point into the newest body: all but orphans."""
        return self.exclude(anchor=Claim.Anchor.ORPHANED)


class Claim(models.Model):
    class Kind(models.TextChoices):
        QUANTITY = "quantity"
        COMPARISON = "comparison"
        CAUSATION = "causation"
        PREDICTION = "prediction"
        RULE = "rule"
        EVENT = "event"
        OTHER = "other"

    class Status(models.TextChoices):
        NEW = "new"
        IN_REVIEW = "in_review", "In review"
        SUBMITTED = "submitted"
        RETURNED = "returned"
        PUBLISHED = "published"
        DISMISSED = "dismissed"

    class Origin(models.TextChoices):
        EXTRACTED = "extracted"
        MANUAL = "manual"

    class Anchor(models.TextChoices):
        """How the claim was found again in its article's newest version."""

        EXACT = "exact"  # where it was, or its only place, same words
        MOVED = "moved"  # the same words, somewhere else
        CHANGED = "changed"  # the words were edited: offsets on the new words
        ORPHANED = "orphaned"  # gone: offsets and text of `orphaned_from`

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="claims"
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()  # always article.body[start:end]
    sentence_start = models.PositiveIntegerField()
    sentence_end = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=Kind, default=Kind.OTHER)
    score = models.FloatField(default=0.0)
    speaker = models.CharField(max_length=200, blank=True)
    quoted = models.BooleanField(default=False)
    # How sure the extractor was of the kind and of the speaker (0-1,
    # claims.extraction); NULL once a person set them (or for no speaker).
    # Nullable: added without SQLite rebuilding the table (its triggers).
    kind_confidence = models.FloatField(null=True, blank=True, editable=False)
    speaker_confidence = models.FloatField(null=True, blank=True, editable=False)
    # For quantities: a value or a low-high range, what is counted and how.
    quantity_value = models.FloatField(null=True, blank=True)
    quantity_low = models.FloatField(null=True, blank=True)
    quantity_high = models.FloatField(null=True, blank=True)
    quantity_unit = models.CharField(max_length=100, blank=True)
    quantity_subject = models.CharField(max_length=200, blank=True)
    quantity_qualifier = models.CharField(max_length=50, blank=True)
    origin = models.CharField(max_length=16, choices=Origin, default=Origin.EXTRACTED)
    extractor_version = models.CharField(max_length=32, blank=True)
    status = models.CharField(max_length=16, choices=Status, default=Status.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_claims",
    )
    # Bumped on every change; a write based on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    # The rating of the latest verdict proposed for this claim, kept by the
    # app that records verdicts, in the same transaction (annotations.workflow):
    # lists show and filter on it without a subquery per row. A published
    # claim's latest verdict is its published one (published is final).
    # NULL until a verdict: a nullable column is added without SQLite
    # rebuilding the table, which would drop the table's triggers.
    rating = models.CharField(max_length=16, null=True, editable=False)  # noqa: DJ001
    # The claim's sentence embedding (claims.matching: float16 bytes) and the
    # model that made it, stored at ingest so that exports, restores and a
    # second server keep them; `reembed_claims` redoes them after a model
    # change. Nullable, as `rating`: added without SQLite rebuilding the table.
    embedding = models.BinaryField(null=True, editable=False)
    embedding_model = models.CharField(  # noqa: DJ001
        max_length=100, null=True, editable=False
    )
    # Confirmed matches put claims in one group (claims/tracking.py): the same
    # claim in several articles, sharing a verdict.
    group = models.ForeignKey(
        "ClaimGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claims",
    )
    # Re-anchoring after the article changed (claims/versions.py). An orphan
    # keeps the offsets and text it had in version `orphaned_from`: the body
    # trigger checks every other claim against the newest body.
    anchor = models.CharField(
        max_length=8, choices=Anchor, default=Anchor.EXACT, editable=False
    )
    orphaned_from = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # A published verdict on words that have since changed or gone, until an
    # editor reconfirms or withdraws it (annotations/workflow.py).
    needs_recheck = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()
    # The number claims a list shows under this one (claims/folding.py sets
    # them). Empty by default: a template's failed lookup of a missing
    # attribute costs a dir() of the model, a fifth of a millisecond a row.
    folded: tuple["Claim", ...] = ()
    history = HistoricalRecords(
        excluded_fields=["rating", "embedding", "embedding_model"]
    )

    class Meta:
        ordering = ["article_id", "start", "end", "id"]
        # One for every filter and ordering the queue and the API offer, so
        # that a page reads an index, not the table (tests/test_explain.py).
        indexes = [
            models.Index(fields=["article", "start"]),
            models.Index(fields=["article", "status"], name="claim_article_status"),
            models.Index(fields=["status", "-score"]),
            # The API's lists: newest first within a status (cursor pages on id).
            models.Index(fields=["status", "-id"], name="claim_status_newest"),
            models.Index(fields=["kind", "-score"], name="claim_kind_score"),
            models.Index(fields=["rating", "-score"], name="claim_rating_score"),
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["updated_at", "id"]),
            models.Index(fields=["created_at", "id"], name="claim_created"),
            models.Index(fields=["-score"]),
            # The queue's "needs re-checking" filter: a few claims of many.
            models.Index(
                fields=["-score"],
                condition=Q(needs_recheck=True),
                name="claim_needs_recheck",
            ),
            # The queue's "Recurring claims": the claims of groups, by score.
            models.Index(
                fields=["-score", "id"],
                condition=Q(group__isnull=False),
                name="claim_grouped_score",
            ),
            # The claims numbers fold under (claims/folding.py: not a number,
            # not an orphan): the queue's NOT EXISTS reads this index alone.
            models.Index(
                fields=["article", "start", "end"],
                condition=~(
                    Q(kind="quantity")
                    & (Q(quantity_value__isnull=False) | Q(quantity_low__isnull=False))
                )
                & ~Q(anchor="orphaned"),
                name="claim_fold_holders",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__gte=0) & Q(start__lt=F("end")),
                name="claim_span_not_empty",
            ),
            models.CheckConstraint(
                condition=Q(sentence_start__lte=F("start"))
                & Q(end__lte=F("sentence_end")),
                name="claim_inside_sentence",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=1), name="claim_score_0_1"
            ),
            models.CheckConstraint(
                condition=Q(quantity_low__isnull=True)
                | Q(quantity_high__isnull=True)
                | Q(quantity_low__lte=F("quantity_high")),
                name="claim_quantity_range_ordered",
            ),
            models.UniqueConstraint(
                fields=["article", "start", "end", "kind"],
                name="claim_unique_span_kind",
            ),
        ]
        # Where a claim is shown is the business of the app that shows it:
        # settings.ABSOLUTE_URL_OVERRIDES gives Claim its get_absolute_url.
        # The body check (end within the body, text equal to body[start:end])
        # spans two tables, so it is a trigger: see migration 0002.

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"

    @property
    def is_orphaned(self) -> bool:
        return self.anchor == self.Anchor.ORPHANED

    @property
    def kind_is_guess(self) -> bool:
        """The extractor's kind, read off a weak cue (not a person's)."""
        return self.kind_confidence is not None and self.kind_confidence < GUESS

    @property
    def speaker_is_guess(self) -> bool:
        return self.speaker_confidence is not None and self.speaker_confidence < GUESS

    @property
    def quantity(self) -> dict | None:
        if self.quantity_value is None and self.quantity_low is None:
            return None  # not a quantity, or a sentence around one
        return {
            "value": self.quantity_value,
            "low": self.quantity_low,
            "high": self.quantity_high,
            "unit": self.quantity_unit,
            "subject": self.quantity_subject,
            "qualifier": self.quantity_qualifier,
        }


# The statuses in workflow order, read once: `Claim.Status.values` builds its
# list anew on every access, and progress bars ask for it per article.
STATUSES = tuple(Claim.Status.values)
# Each status as lists write it in a sentence: "in review", "published".
STATUS_WORDS = {value: label.lower() for value, label in Claim.Status.choices}


class StatusCount(models.Model):
    """How many claims are in one status: the dashboard reads these few rows
    instead of counting a million. Kept by database triggers on the claims
    table (migration 0007), so every write — the workflow, an import, a
    restore, a deletion — counts, in its own transaction."""

    status = models.CharField(max_length=16, primary_key=True)
    claims = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["status"]

    def __str__(self) -> str:
        return f"{self.status}: {self.claims}"


class AssignedCount(models.Model):
    """How many claims one person is assigned in one status: the dashboard's
    open work per reviewer reads these rows, not the claims people hold (a
    claim being worked on is the one least likely to be in the index alone).
    Kept by database triggers on the claims table (migration 0014), as
    StatusCount."""

    pk = models.CompositePrimaryKey("assignee_id", "status")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=16)
    claims = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.assignee_id} {self.status}: {self.claims}"
