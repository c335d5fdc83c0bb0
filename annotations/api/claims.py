"""Claims: filtered lists, details with evidence and verdicts, manual claims,
corrections and workflow transitions, all guarded by If-Match."""

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from annotations import groups, workflow
from annotations.api.examples import CLAIM, CLAIM_DETAIL, PUBLISHED_CLAIM_DETAIL
from annotations.api.serializers import (
    ClaimCreateSerializer,
    ClaimDetailSerializer,
    ClaimSerializer,
    ClaimUpdateSerializer,
    TransitionSerializer,
)
from annotations.api.tracking import (
    MatchDecisionSerializer,
    SimilarLimitSerializer,
    SimilarQuerySerializer,
    SimilarSerializer,
    with_published_verdicts,
)
from annotations.corrections import add_claim, edit_claim
from annotations.filters import ClaimFilter
from annotations.models import Evidence, Verdict
from claims import tracking
from claims.api.errors import ErrorSerializer
from claims.api.etags import (
    ConditionalRetrieveMixin,
    PreconditionRequired,
    claim_etag,
    if_match_allows,
)
from claims.api.examples import field_errors, response
from claims.errors import StaleClaim
from claims.models import Claim, ClaimMatch

SIMILAR = {
    "claim": {
        "id": 52,
        "text": "Russia used its Security Council veto in March to halt UN "
        "monitoring of international compliance with the sanctions regime.",
        "article": 2,
        "status": "published",
        "verdict": {"rating": "true", "summary": "The veto was cast on 28 March."},
    },
    "score": 0.57,
    "relation": "same",
    "reason": "similarity 0.83",
}

_IF_MATCH = OpenApiParameter(
    "If-Match",
    location=OpenApiParameter.HEADER,
    required=True,
    description='The ETag of the claim as you last read it, e.g. "v3-1a2b…" '
    "(or `*`: whatever its version). Another tag gets 412 with the claim as it "
    "is now.",
)
_CHANGE_ERRORS = {
    400: field_errors("Bad input; each field named."),
    409: OpenApiResponse(
        ErrorSerializer, description="The claim's status does not allow this."
    ),
    412: OpenApiResponse(
        ClaimDetailSerializer,
        description="The claim changed since your ETag: its current state.",
    ),
    428: OpenApiResponse(ErrorSerializer, description="If-Match is missing."),
}


@extend_schema_view(
    list=extend_schema(
        summary="List claims",
        description="Anonymous callers see published claims only. Cursor "
        "pagination; `updated_after` and `ordering=updated_at` for sync.",
        examples=[response("A page of claims", CLAIM)],
    ),
    retrieve=extend_schema(
        summary="A claim with evidence, verdict history and published verdict",
        responses={200: ClaimDetailSerializer, 304: OpenApiResponse(None)},
        examples=[
            response("A claim in review", CLAIM_DETAIL),
            response("A published claim", PUBLISHED_CLAIM_DETAIL),
        ],
    ),
    create=extend_schema(
        summary="Mark a span of an article as a claim",
        request=ClaimCreateSerializer,
        responses={
            201: ClaimDetailSerializer,
            400: field_errors("Bad input; each field named."),
        },
        examples=[
            OpenApiExample(
                "A manual claim",
                value={
                    "article": 1,
                    "start": 0,
                    "end": 22,
                    "text": "US officials said that",
                    "kind": "other",
                },
                request_only=True,
            ),
            response("The new claim", CLAIM_DETAIL, "201"),
            response(
                "Offsets outside the body",
                {"start": ["The span must satisfy 0 ≤ start < end ≤ 97."]},
                "400",
            ),
        ],
    ),
    partial_update=extend_schema(
        summary="Correct a claim's kind or bounds, or assign it",
        request=ClaimUpdateSerializer,
        parameters=[_IF_MATCH],
        responses={200: ClaimDetailSerializer, **_CHANGE_ERRORS},
        examples=[
            OpenApiExample(
                "Correct the kind", value={"kind": "quantity"}, request_only=True
            ),
            response("The corrected claim", CLAIM_DETAIL),
            response("Someone changed it first", CLAIM_DETAIL, "412"),
            response(
                "No If-Match", {"detail": PreconditionRequired.default_detail}, "428"
            ),  # fmt: skip
        ],
    ),
)
class ClaimViewSet(
    ConditionalRetrieveMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Claims: spans of an article's body, with kind, score and status."""

    anonymous_read = True
    filterset_class = ClaimFilter
    ordering_fields = ["score", "updated_at", "created_at", "id"]
    ordering = ["-id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Claim]:
        user = self.request.user
        # The embedding (768 bytes a claim) is for matching; no answer shows it.
        claims = (
            Claim.objects.visible_to(user).select_related("assignee").defer("embedding")
        )
        verdicts = Verdict.objects.visible_to(user).select_related(
            "proposed_by", "decided_by"
        )
        if self.action == "list":
            # The approved verdicts are fetched in paginate_queryset, only for
            # the page's published claims (only those have one: published is
            # final): a page of unpublished claims costs no second query.
            return claims
        evidence = Evidence.objects.visible_to(user).select_related(
            "source", "added_by"
        )
        return claims.select_related("article").prefetch_related(
            Prefetch("verdicts", queryset=verdicts, to_attr="visible_verdicts"),
            Prefetch("evidence", queryset=evidence, to_attr="visible_evidence"),
        )

    def get_serializer_class(self):
        return ClaimSerializer if self.action == "list" else ClaimDetailSerializer

    def paginate_queryset(self, queryset: QuerySet[Claim]) -> list[Claim] | None:
        page = super().paginate_queryset(queryset)
        if page is not None and self.action == "list":
            wanted = [c.pk for c in page if c.status == Claim.Status.PUBLISHED]
            found: dict[int, list[Verdict]] = {pk: [] for pk in wanted}
            if wanted:
                verdicts = Verdict.objects.visible_to(self.request.user).approved()
                for verdict in verdicts.select_related(
                    "proposed_by", "decided_by"
                ).filter(claim_id__in=wanted):
                    found[verdict.claim_id].append(verdict)
            for claim in page:
                claim.visible_verdicts = found.get(claim.pk, [])
        return page

    def etag_for(self, instance: Claim, data) -> str:
        return claim_etag(instance.version, data)

    def current(self, pk: int) -> Claim:
        return self.get_queryset().get(pk=pk)

    def stale_response(self, exc: StaleClaim) -> Response:
        """412 with the claim as it is now, and its ETag."""
        return self.respond(
            self.current(exc.current.pk), status.HTTP_412_PRECONDITION_FAILED
        )

    def _based_on(self, request: Request) -> Claim:
        """The claim to change, at the version the caller's If-Match names."""
        claim = self.get_object()
        if not if_match_allows(request, claim.version):
            raise StaleClaim(claim)
        return claim

    def create(self, request: Request, *args, **kwargs) -> Response:
        incoming = ClaimCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        incoming.is_valid(raise_exception=True)
        claim = add_claim(user=request.user, **incoming.validated_data)
        return self.respond(self.current(claim.pk), status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        claim = self._based_on(request)
        incoming = ClaimUpdateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        incoming.is_valid(raise_exception=True)
        edit_claim(claim=claim, user=request.user, **incoming.validated_data)
        return self.respond(self.current(claim.pk))

    @extend_schema(
        summary="Move a claim through the workflow",
        description="Actions: start_review, submit (with rating and summary), "
        "approve, return (with a note), dismiss, restore.",
        request=TransitionSerializer,
        parameters=[_IF_MATCH],
        responses={200: ClaimDetailSerializer, **_CHANGE_ERRORS},
        examples=[
            OpenApiExample(
                "Start review", value={"action": "start_review"}, request_only=True
            ),
            OpenApiExample(
                "Submit a verdict",
                value={
                    "action": "submit",
                    "rating": "mostly_true",
                    "summary": "Officials did say so; the figure is theirs.",
                },
                request_only=True,
            ),
            OpenApiExample(
                "Return",
                value={"action": "return", "note": "Cite a source."},
                request_only=True,
            ),
            response("The claim, moved", CLAIM_DETAIL),
            response(
                "Not from this status",
                {"detail": "Cannot approve a claim that is new."},
                "409",
            ),
            response(
                "Unknown action",
                {"action": ['"publish" is not a valid choice.']},
                "400",
            ),  # fmt: skip
        ],
    )
    @action(detail=True, methods=["post"])
    def transitions(self, request: Request, pk: str | None = None) -> Response:
        claim = self._based_on(request)
        incoming = TransitionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        workflow.perform(claim=claim, user=request.user, **incoming.validated_data)
        return self.respond(self.current(claim.pk))

    @extend_schema(
        operation_id="claims_similar_to_text",
        summary="Has this been checked? Claims like a text",
        description="Ranked claims you may see (anonymous callers: published "
        "only), those with a published verdict first, each with its score and "
        "relation to the text: same, conflict (same claim, different number, "
        "date or name) or related.",
        parameters=[SimilarQuerySerializer],
        responses={200: SimilarSerializer(many=True), 400: field_errors("Bad q")},
        examples=[
            response("Checked already", SIMILAR),
            response("No text", {"q": ["This field is required."]}, "400"),
        ],
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def similar(self, request: Request) -> Response:
        incoming = SimilarQuerySerializer(data=request.query_params)
        incoming.is_valid(raise_exception=True)
        found = tracking.similar_to_text(
            incoming.validated_data["q"],
            queryset=Claim.objects.visible_to(request.user),
            k=incoming.validated_data["limit"],
        )
        return Response(
            SimilarSerializer(with_published_verdicts(found), many=True).data
        )

    @extend_schema(
        operation_id="claims_similar_to_claim",
        summary="The claim's candidates in other articles",
        description="Ranked claims of other articles you may see, each with its "
        "score and relation (same, conflict, related).",
        parameters=[SimilarLimitSerializer],
        responses={200: SimilarSerializer(many=True)},
        examples=[response("Its candidates", SIMILAR)],
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="similar",
        url_name="similar-to",
        pagination_class=None,
        filter_backends=[],
    )
    def similar_to(self, request: Request, pk: str | None = None) -> Response:
        claim = self.get_object()
        incoming = SimilarLimitSerializer(data=request.query_params)
        incoming.is_valid(raise_exception=True)
        found = tracking.candidates_for(
            claim,
            k=incoming.validated_data["limit"],
            queryset=Claim.objects.visible_to(request.user),
        )
        return Response(
            SimilarSerializer(with_published_verdicts(found), many=True).data
        )

    @extend_schema(
        summary="Same claim, or not the same: decide one of the claim's matches",
        request=MatchDecisionSerializer,
        parameters=[_IF_MATCH],
        responses={200: ClaimDetailSerializer, **_CHANGE_ERRORS},
        examples=[
            OpenApiExample(
                "Same claim", value={"decision": "confirm"}, request_only=True
            ),
            response("The claim, in a group now", CLAIM_DETAIL),
        ],
    )
    @action(detail=True, methods=["post"], url_path=r"matches/(?P<match_pk>\d+)")
    def matches(
        self, request: Request, pk: str | None = None, match_pk: str = ""
    ) -> Response:
        claim = self._based_on(request)
        match = ClaimMatch.objects.of(claim).filter(pk=int(match_pk)).first()
        if match is None:
            raise NotFound("No such match of this claim.")
        incoming = MatchDecisionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        decide = {"confirm": groups.confirm_match, "reject": groups.reject_match}
        decide[incoming.validated_data["decision"]](
            match=match, claim=claim, user=request.user,
            note=incoming.validated_data["note"],
        )  # fmt: skip
        return self.respond(self.current(claim.pk))
