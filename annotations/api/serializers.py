"""How sources, evidence, verdicts, comments and claims look in the API."""

import datetime

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from annotations import rules
from annotations.models import Comment, Evidence, Rating, Source, Verdict
from claims.api.articles import ClaimSpanSerializer
from claims.api.base import (
    MemberUsernameField,
    StrictIntegerField,
    StrictPrimaryKeyField,
    StrictSerializer,
    TextField,
    shows_usernames,
)
from claims.models import Article, Claim


class SourceSerializer(serializers.ModelSerializer):
    # Not `format: uri`: a host may be an internationalised domain name, kept
    # in Unicode (an IRI, which URI validators refuse).
    url = serializers.RegexField(
        r"^https?://",
        read_only=True,
        help_text="The normalised http(s) address; the host may be an "
        "internationalised domain name in Unicode (an IRI, not always a URI).",
    )

    class Meta:
        model = Source
        fields = ["id", "url", "title", "publisher", "published", "created_at"]
        read_only_fields = fields


class EvidenceSerializer(serializers.ModelSerializer):
    source = SourceSerializer(read_only=True)
    added_by = MemberUsernameField()

    class Meta:
        model = Evidence
        fields = [
            "id",
            "claim",
            "source",
            "stance",
            "quote",
            "note",
            "added_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class VerdictSerializer(serializers.ModelSerializer):
    proposed_by = MemberUsernameField()
    decided_by = MemberUsernameField()
    rating_value = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="ClaimReview ratingValue, 1 (false) to 5 (true); "
        "null for misleading and unverifiable.",
    )

    class Meta:
        model = Verdict
        fields = [
            "id",
            "claim",
            "rating",
            "rating_value",
            "summary",
            "proposed_by",
            "created_at",
            "outcome",
            "decided_by",
            "decided_at",
            "decision_note",
        ]
        read_only_fields = fields


class CommentSerializer(serializers.ModelSerializer):
    author = MemberUsernameField()

    class Meta:
        model = Comment
        fields = ["id", "claim", "author", "body", "created_at"]
        read_only_fields = fields


def published_verdict(verdicts) -> Verdict | None:
    """The latest approved of (prefetched) verdicts."""
    approved = [v for v in verdicts if v.outcome == Verdict.Outcome.APPROVED]
    return max(approved, key=lambda v: (v.decided_at, v.pk), default=None)


class ClaimSerializer(ClaimSpanSerializer):
    """A claim in lists: its span, status and published verdict."""

    published_verdict = serializers.SerializerMethodField()

    class Meta(ClaimSpanSerializer.Meta):
        fields = [*ClaimSpanSerializer.Meta.fields, "published_verdict"]
        read_only_fields = fields

    @extend_schema_field(VerdictSerializer(allow_null=True))
    def get_published_verdict(self, claim: Claim) -> dict | None:
        verdict = published_verdict(claim.visible_verdicts)
        if verdict is None:
            return None
        return self._verdict(verdict)

    def _verdict(self, verdict: Verdict) -> dict:
        """As VerdictSerializer would write it, built directly: binding DRF's
        fields for every published claim was most of an API page's time
        (bench/scale.py, "api published"); tests/api/test_feeds.py checks the
        two agree. Staff names are hidden from anonymous callers."""
        self._prepare()
        tz, names = self._tz, self._usernames
        return {
            "id": verdict.pk,
            "claim": verdict.claim_id,
            "rating": verdict.rating,
            "rating_value": verdict.rating_value,
            "summary": verdict.summary,
            "proposed_by": verdict.proposed_by.username
            if names and verdict.proposed_by_id
            else None,
            "created_at": _iso(verdict.created_at, tz),
            "outcome": verdict.outcome,
            "decided_by": verdict.decided_by.username
            if names and verdict.decided_by_id
            else None,
            "decided_at": _iso(verdict.decided_at, tz) if verdict.decided_at else None,
            "decision_note": verdict.decision_note,
        }

    def _prepare(self) -> None:
        if "_tz" not in self.__dict__:  # one list's child serialises every row
            self._tz = timezone.get_current_timezone()
            self._usernames = shows_usernames(self.context)

    def to_representation(self, claim: Claim) -> dict:
        """Lists serialise many claims: build the dict directly, as DRF's field
        machinery would (bench/api.py: it was most of a page's time). The
        detail serialiser, with more fields, takes the general path;
        tests/api/test_feeds.py checks the two agree."""
        if type(self) is not ClaimSerializer:
            return super().to_representation(claim)
        self._prepare()
        tz = self._tz
        return {
            "id": claim.pk,
            "article": claim.article_id,
            "start": claim.start,
            "end": claim.end,
            "text": claim.text,
            "sentence_start": claim.sentence_start,
            "sentence_end": claim.sentence_end,
            "kind": claim.kind,
            "kind_confidence": claim.kind_confidence,
            "score": claim.score,
            "speaker": claim.speaker,
            "speaker_confidence": claim.speaker_confidence,
            "quoted": claim.quoted,
            "quantity": claim.quantity,
            "origin": claim.origin,
            "extractor_version": claim.extractor_version,
            "status": claim.status,
            "assignee": (
                claim.assignee.username
                if claim.assignee_id and self._usernames
                else None
            ),
            "version": claim.version,
            "anchor": claim.anchor,
            "orphaned_from": claim.orphaned_from,
            "needs_recheck": claim.needs_recheck,
            "created_at": _iso(claim.created_at, tz),
            "updated_at": _iso(claim.updated_at, tz),
            "published_verdict": self.get_published_verdict(claim),
        }


def _iso(value: datetime.datetime, tz: datetime.tzinfo) -> str:
    """As DRF's DateTimeField writes an aware datetime: ISO 8601, UTC as Z."""
    text = value.astimezone(tz).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class ClaimDetailSerializer(ClaimSerializer):
    """A claim with its evidence, its verdict history and what you may do."""

    evidence = EvidenceSerializer(many=True, read_only=True, source="visible_evidence")
    verdicts = VerdictSerializer(many=True, read_only=True, source="visible_verdicts")
    actions = serializers.SerializerMethodField(
        help_text="What you may do to this claim now, from the rules table: "
        + ", ".join(rules.RULES)
        + "."
    )

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "evidence", "verdicts", "actions"]
        read_only_fields = fields

    def get_actions(self, claim: Claim) -> list[str]:
        request = self.context.get("request")
        if request is None or not request.user.is_authenticated:
            return []
        return rules.allowed_actions(request.user, claim)


# --- request bodies --------------------------------------------------------


class VisibleField(StrictPrimaryKeyField):
    """An id, looked up only among the objects the caller may see."""

    def __init__(self, model, **kwargs) -> None:
        self.model = model
        super().__init__(queryset=model.objects.none(), **kwargs)

    def get_queryset(self) -> QuerySet:
        request = self.context.get("request")
        if request is None:
            return self.model.objects.none()
        return self.model.objects.visible_to(request.user)


class ClaimCreateSerializer(StrictSerializer):
    article = VisibleField(Article)
    start = StrictIntegerField(min_value=0)
    end = StrictIntegerField(min_value=1)
    text = TextField(
        required=False,
        help_text="If given, must equal the article body between start and end.",
    )
    kind = serializers.ChoiceField(choices=Claim.Kind.choices, required=False)


@extend_schema_field({"type": "string", "nullable": True, "maxLength": 150})
class UsernameField(serializers.Field):
    """A user by username (or null). Whether they can be assigned is the
    rules table's to say, so the message names the real reason."""

    def __init__(self, **kwargs) -> None:
        super().__init__(allow_null=True, **kwargs)

    def to_internal_value(self, data) -> User:
        if not isinstance(data, str) or not 0 < len(data) <= 150:
            raise serializers.ValidationError("A username, or null to unassign.")
        user = User.objects.filter(username=data).first()
        if user is None:
            raise serializers.ValidationError(f"No user named {data!r}.")
        return user

    def to_representation(self, value: User) -> str:
        return value.get_username()


class ClaimUpdateSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=Claim.Kind.choices, required=False)
    start = StrictIntegerField(min_value=0, required=False)
    end = StrictIntegerField(min_value=1, required=False)
    speaker = serializers.CharField(max_length=200, required=False, allow_blank=True)
    assignee = UsernameField(
        required=False,
        help_text="An active reviewer's or editor's username; null to unassign.",
    )


class TransitionSerializer(StrictSerializer):
    action = serializers.ChoiceField(choices=rules.TRANSITIONS)
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=20_000, default=""
    )
    rating = serializers.ChoiceField(
        choices=Rating.choices, required=False, help_text="For submit."
    )
    summary = serializers.CharField(
        required=False, allow_blank=True, max_length=20_000, help_text="For submit."
    )


class EvidenceCreateSerializer(StrictSerializer):
    claim = VisibleField(Claim)
    url = serializers.CharField(max_length=2000)
    stance = serializers.ChoiceField(choices=Evidence.Stance.choices)
    title = serializers.CharField(max_length=500, required=False, allow_blank=True)
    publisher = serializers.CharField(max_length=200, required=False, allow_blank=True)
    quote = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)


class EvidenceUpdateSerializer(StrictSerializer):
    """A correction: only the fields sent change."""

    url = serializers.CharField(max_length=2000, required=False)
    stance = serializers.ChoiceField(choices=Evidence.Stance.choices, required=False)
    title = serializers.CharField(max_length=500, required=False, allow_blank=True)
    publisher = serializers.CharField(max_length=200, required=False, allow_blank=True)
    quote = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)

    def validate(self, attrs: dict) -> dict:
        if not attrs:
            raise serializers.ValidationError(
                "Send at least one of url, stance, title, publisher, quote, note."
            )
        return attrs


class SourceCreateSerializer(StrictSerializer):
    url = serializers.CharField(max_length=2000)
    title = serializers.CharField(max_length=500, required=False, allow_blank=True)
    publisher = serializers.CharField(max_length=200, required=False, allow_blank=True)
    published = serializers.DateField(required=False, allow_null=True)


class CommentCreateSerializer(StrictSerializer):
    claim = VisibleField(Claim)
    body = serializers.CharField(max_length=20_000)
