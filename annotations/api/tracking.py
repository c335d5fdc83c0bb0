"""The API's side of claim tracking: "has this been checked?" and a claim's
candidates elsewhere (`similar`), and deciding a match. The lookups are
claims/tracking.py's, the decisions annotations/groups.py's."""

from rest_framework import serializers

from annotations.models import Verdict
from claims.api.base import StrictSerializer
from claims.models import Claim
from claims.tracking import Found
from claims.validators import has_unstorable_characters

MAX_QUERY = 1_000


class SimilarQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=MAX_QUERY, help_text="The claim to look up.")
    limit = serializers.IntegerField(min_value=1, max_value=50, default=10)

    def validate_q(self, value: str) -> str:
        if has_unstorable_characters(value):
            raise serializers.ValidationError(
                "Contains a NUL byte or a lone surrogate."
            )
        return value


class SimilarLimitSerializer(serializers.Serializer):
    limit = serializers.IntegerField(min_value=1, max_value=50, default=10)


class MatchDecisionSerializer(StrictSerializer):
    decision = serializers.ChoiceField(
        choices=["confirm", "reject"],
        help_text="confirm: the same claim; reject: not the same.",
    )
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=20_000, default=""
    )


class SimilarClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    article = serializers.IntegerField(source="article_id")
    status = serializers.CharField()
    verdict = serializers.SerializerMethodField()

    def get_verdict(self, claim: Claim) -> dict | None:
        """The published verdict (rating, summary), if the claim has one."""
        verdict = getattr(claim, "published_verdict", None)
        if verdict is None:
            return None
        return {"rating": verdict.rating, "summary": verdict.summary}


class SimilarSerializer(serializers.Serializer):
    claim = SimilarClaimSerializer()
    score = serializers.FloatField()
    relation = serializers.CharField(source="relation.kind")
    reason = serializers.CharField(source="relation.reason")


def with_published_verdicts(found: list[Found]) -> list[Found]:
    """Set `published_verdict` on the published claims found (one query)."""
    published = [f.claim.pk for f in found if f.claim.status == Claim.Status.PUBLISHED]
    latest: dict[int, Verdict] = {}
    if published:
        for verdict in (
            Verdict.objects.approved()
            .filter(claim_id__in=published)
            .order_by("decided_at", "id")
        ):
            latest[verdict.claim_id] = verdict
    for f in found:
        f.claim.published_verdict = latest.get(f.claim.pk)
    return found
