from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from claims.models import Claim
from claims.roles import VIEWER, has_role


def _sees_published_only(user) -> bool:
    """True if `user` sees only published claims (and what hangs off them)."""
    return not has_role(user, VIEWER)


ALLOWED_URL_SCHEMES = ("http", "https")
_TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")


def normalize_url(url: str) -> str:
    """The canonical form a Source is stored and looked up under.

    Lower-case scheme and host, no default port, no fragment, no tracking
    parameters, no trailing slash on a path. Anything but http(s) is refused:
    a `javascript:` or `data:` link must never reach a page as a source.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_URL_SCHEMES or not parts.hostname:
        raise ValidationError("Enter an http:// or https:// URL.", code="invalid_url")
    host = parts.hostname.lower()
    if parts.port and parts.port != {"http": 80, "https": 443}[scheme]:
        host = f"{host}:{parts.port}"
    query = urlencode(
        [
            (key, value)
            for key, value in parse_qsl(parts.query, keep_blank_values=True)
            if not key.lower().startswith(_TRACKING_PARAMS)
        ]
    )
    path = parts.path.rstrip("/") if parts.path not in ("", "/") else ""
    return urlunsplit((scheme, host, path, query, ""))


class SourceQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SourceQuerySet":
        """Members see every source; anyone else those cited on published claims."""
        if not _sees_published_only(user):
            return self
        cited = Evidence.objects.filter(
            source=models.OuterRef("pk"), claim__status=Claim.Status.PUBLISHED
        )
        return self.filter(models.Exists(cited))


class Source(models.Model):
    url = models.URLField(max_length=2000, unique=True)  # normalised: normalize_url
    title = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    published = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["url"]
        constraints = [
            models.CheckConstraint(
                condition=Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="source_url_http",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url


class EvidenceQuerySet(models.QuerySet):
    def visible_to(self, user) -> "EvidenceQuerySet":
        """Members see all evidence; anyone else that of published claims."""
        if not _sees_published_only(user):
            return self
        return self.filter(claim__status=Claim.Status.PUBLISHED)


class Evidence(models.Model):
    class Stance(models.TextChoices):
        SUPPORTS = "supports"
        REFUTES = "refutes"
        CONTEXT = "context"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="evidence"
    )
    stance = models.CharField(max_length=16, choices=Stance)
    quote = models.TextField("quoted passage", blank=True)
    note = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = EvidenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "evidence"
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stance__in=["supports", "refutes", "context"]),
                name="evidence_stance_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stance} #{self.pk}"


class Rating(models.TextChoices):
    FALSE = "false"
    MOSTLY_FALSE = "mostly_false", "Mostly false"
    HALF_TRUE = "half_true", "Half true"
    MOSTLY_TRUE = "mostly_true", "Mostly true"
    TRUE = "true"
    MISLEADING = "misleading"
    UNVERIFIABLE = "unverifiable"


# ClaimReview ratingValue on 1-5; misleading and unverifiable have none.
RATING_VALUES = {
    Rating.FALSE: 1,
    Rating.MOSTLY_FALSE: 2,
    Rating.HALF_TRUE: 3,
    Rating.MOSTLY_TRUE: 4,
    Rating.TRUE: 5,
}


class VerdictQuerySet(models.QuerySet):
    def approved(self) -> "VerdictQuerySet":
        return self.filter(outcome=Verdict.Outcome.APPROVED)

    def visible_to(self, user) -> "VerdictQuerySet":
        """Members see every verdict; anyone else approved verdicts of
        published claims (not the proposals that were returned)."""
        if not _sees_published_only(user):
            return self
        return self.approved().filter(claim__status=Claim.Status.PUBLISHED)


class Verdict(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending"
        APPROVED = "approved"
        RETURNED = "returned"
        # Published, then taken back by an editor after the claim's text
        # changed (annotations/workflow.py: withdraw).
        WITHDRAWN = "withdrawn"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="verdicts")
    rating = models.CharField(max_length=16, choices=Rating)
    summary = models.TextField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=16, choices=Outcome, default=Outcome.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = VerdictQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["claim", "outcome", "-decided_at"]),
            # The dashboard's "awaiting approval", oldest first.
            models.Index(
                fields=["outcome", "created_at"], name="verdict_outcome_created"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__in=[r.value for r in Rating]),
                name="verdict_rating_known",
            ),
            models.CheckConstraint(
                condition=Q(outcome="pending") | Q(decided_at__isnull=False),
                name="verdict_decided_has_date",
            ),
            # A claim awaits approval of one proposal at a time.
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(outcome="pending"),
                name="verdict_one_pending_per_claim",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_rating_display()} ({self.outcome})"

    @property
    def rating_value(self) -> int | None:
        return RATING_VALUES.get(self.rating)


class CommentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CommentQuerySet":
        """The discussion is internal: members only."""
        return self if not _sees_published_only(user) else self.none()


class Comment(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]


class Transition(models.Model):
    """One move of a claim through the workflow: who, when, from, to, why."""

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="transitions"
    )
    action = models.CharField(max_length=16)
    from_status = models.CharField(max_length=16, choices=Claim.Status)
    to_status = models.CharField(max_length=16, choices=Claim.Status)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["to_status", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_status} → {self.to_status}"


class ApprovalsPerDay(models.Model):
    """How many claims were approved on one day (UTC): the dashboard's chart
    reads thirty of these rows instead of counting every approval of the
    month. Kept by database triggers on transitions (migration 0005), so
    every approval counts, in its own transaction, whoever writes it."""

    day = models.DateField(primary_key=True)
    approvals = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day}: {self.approvals}"


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "NotificationQuerySet":
        """Each person's own notifications; someone who lost their role keeps
        only those about published claims (the rest they may no longer see)."""
        if not user.is_authenticated:
            return self.none()
        mine = self.filter(recipient=user)
        if _sees_published_only(user):
            return mine.filter(claim__status=Claim.Status.PUBLISHED)
        return mine

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something that happened to a person's work, for them to see in the
    app (and by e-mail if configured): annotations/notifications.py."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned"
        RETURNED = "returned"
        APPROVED = "approved"
        WITHDRAWN = "withdrawn"
        MENTIONED = "mentioned"

    # The two indexes below lead with the recipient: no index of its own.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind)
    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="notifications"
    )
    # A deleted comment takes its mention with it.
    comment = models.ForeignKey(
        Comment,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    message = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The list, newest first.
            models.Index(
                fields=["recipient", "-created_at", "-id"],
                name="notification_newest",
            ),
            # The unread count in the navigation: only the unread are indexed.
            models.Index(
                fields=["recipient", "id"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "assigned",
                        "returned",
                        "approved",
                        "withdrawn",
                        "mentioned",
                    ]
                ),
                name="notification_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    def get_absolute_url(self) -> str:
        """Opening it marks it read, then shows the claim."""
        return reverse("annotations:open_notification", args=[self.pk])

    @property
    def headline(self) -> str:
        """What happened, after the actor's name: "returned your verdict"."""
        return HEADLINES[self.kind]


HEADLINES = {
    Notification.Kind.ASSIGNED: "assigned you a claim",
    Notification.Kind.RETURNED: "returned your verdict",
    Notification.Kind.APPROVED: "approved your verdict",
    Notification.Kind.WITHDRAWN: "withdrew your published verdict",
    Notification.Kind.MENTIONED: "mentioned you in a comment",
}
