import gzip
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
            for status in Claim.Status.values:
                n = counts.get((article.pk, status), 0)
                setattr(article, f"claims_{status}", n)
            article.claims_total = sum(
                counts.get((article.pk, s), 0) for s in Claim.Status.values
            )
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
            counts = {s: getattr(self, f"claims_{s}") for s in Claim.Status.values}
        return [(status, counts.get(status, 0)) for status in Claim.Status.values]


class ArticleSnapshot(models.Model):
    """The page an article was taken from, as fetched (gzip-compressed), so
    the source can be read again after it changes or disappears."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="snapshots"
    )
    url = models.URLField(max_length=2000)  # after redirects
    content_type = models.CharField(max_length=200)
    html_gz = models.BinaryField()
    fetched_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-fetched_at", "-id"]

    def __str__(self) -> str:
        return f"{self.url} ({self.fetched_at:%Y-%m-%d %H:%M})"

    @classmethod
    def of(cls, article: Article, *, url: str, raw: bytes, content_type: str):
        return cls(
            article=article,
            url=url,
            content_type=content_type[:200],
            html_gz=gzip.compress(raw),
        )

    @property
    def raw(self) -> bytes:
        return gzip.decompress(bytes(self.html_gz))


class ArticleVersion(models.Model):
    """An earlier text of an article: the body its claims pointed into before
    a refresh found other text (the article itself holds the newest)."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=500)
    body = models.TextField()
    # When this text was taken in (fetched, or imported), and the page it was
    # fetched from, if it was.
    fetched_at = models.DateTimeField()
    snapshot = models.ForeignKey(
        ArticleSnapshot,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"], name="article_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"version {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("claims:version", args=[self.article_id, self.number])


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
