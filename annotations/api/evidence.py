"""Sources, evidence, verdicts (read-only: they come from the submit
transition) and comments. Writes go through annotations.evidence."""

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from annotations import evidence as domain
from annotations.api.examples import COMMENT, EVIDENCE, SOURCE, VERDICT
from annotations.api.serializers import (
    CommentCreateSerializer,
    CommentSerializer,
    EvidenceCreateSerializer,
    EvidenceSerializer,
    EvidenceUpdateSerializer,
    SourceCreateSerializer,
    SourceSerializer,
    VerdictSerializer,
)
from annotations.models import Comment, Evidence, Source, Verdict
from claims.api.base import IdFilter
from claims.api.errors import ErrorSerializer
from claims.api.etags import ConditionalRetrieveMixin
from claims.api.examples import field_errors, response

_NOT_MODIFIED = OpenApiResponse(None, description="Not modified (If-None-Match).")


class ClaimIdFilter(django_filters.FilterSet):
    """`?claim=<id>`: only what belongs to that claim."""

    claim = IdFilter(field_name="claim_id", help_text="A claim id.")


class _ReadMixin(ConditionalRetrieveMixin):
    filterset_class = ClaimIdFilter
    ordering_fields = ["created_at", "id"]
    ordering = ["-id"]


@extend_schema_view(
    list=extend_schema(
        summary="List sources", examples=[response("A page of sources", SOURCE)]
    ),
    retrieve=extend_schema(
        summary="A source",
        responses={200: SourceSerializer, 304: _NOT_MODIFIED},
        examples=[response("A source", SOURCE)],
    ),
    create=extend_schema(
        summary="Register a source URL (reused if already known)",
        request=SourceCreateSerializer,
        responses={
            201: SourceSerializer,
            200: OpenApiResponse(SourceSerializer, description="Already known."),
            400: field_errors("Bad input; each field named."),
        },
        examples=[
            OpenApiExample(
                "A report",
                value={
                    "url": "https://www.un.org/press/en/2024/sc15650.doc.htm",
                    "title": "Security Council press release",
                    "publisher": "United Nations",
                },
                request_only=True,
            ),
            response("The source", SOURCE, "201", "200"),
            response(
                "Not http(s)", {"url": ["Enter an http:// or https:// URL."]}, "400"
            ),  # fmt: skip
        ],
    ),
)
class SourceViewSet(
    _ReadMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Where evidence comes from: one source per normalised http(s) URL."""

    anonymous_read = True
    serializer_class = SourceSerializer
    filterset_class = None

    def get_queryset(self) -> QuerySet[Source]:
        return Source.objects.visible_to(self.request.user)

    def create(self, request: Request, *args, **kwargs) -> Response:
        incoming = SourceCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        source, created = domain.get_or_create_source(**incoming.validated_data)
        return self.respond(
            source, status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


@extend_schema_view(
    list=extend_schema(
        summary="List evidence (`?claim=` for one claim's)",
        examples=[response("A page of evidence", EVIDENCE)],
    ),
    retrieve=extend_schema(
        summary="A piece of evidence",
        responses={200: EvidenceSerializer, 304: _NOT_MODIFIED},
        examples=[response("Evidence", EVIDENCE)],
    ),
    create=extend_schema(
        summary="Attach a source to a claim with a stance",
        request=EvidenceCreateSerializer,
        responses={
            201: EvidenceSerializer,
            400: field_errors("Bad input; each field named."),
        },
        examples=[
            OpenApiExample(
                "Evidence that refutes",
                value={
                    "claim": 1,
                    "url": "https://example.org/report",
                    "stance": "refutes",
                    "quote": "Shipments fell by half.",
                    "note": "Contradicts the figure.",
                },
                request_only=True,
            ),
            response("The evidence", EVIDENCE, "201"),
            response(
                "Unknown stance", {"stance": ['"agrees" is not a valid choice.']}, "400"
            ),  # fmt: skip
        ],
    ),
    partial_update=extend_schema(
        summary="Correct evidence (its author or an editor, before publication)",
        description="Only the fields sent change. Another `url` cites another "
        "source; a source's `title` and `publisher` are filled where blank and "
        "changed only while no other evidence cites it. Bumps the claim's version.",
        request=EvidenceUpdateSerializer,
        responses={
            200: EvidenceSerializer,
            400: field_errors("Bad input; each field named."),
            403: OpenApiResponse(ErrorSerializer, description="Not yours."),
            409: OpenApiResponse(
                ErrorSerializer, description="Claim published or dismissed."
            ),
        },
        examples=[
            OpenApiExample(
                "Another stance",
                value={"stance": "context", "note": "Background, not proof."},
                request_only=True,
            ),
            response("The evidence", EVIDENCE),
        ],
    ),
    destroy=extend_schema(
        summary="Take evidence back (its author or an editor)",
        responses={
            204: OpenApiResponse(None, description="Deleted."),
            403: OpenApiResponse(ErrorSerializer, description="Not yours."),
            409: OpenApiResponse(
                ErrorSerializer, description="Claim published or dismissed."
            ),
        },
        examples=[
            response(
                "Not yours",
                {"detail": "Only its author or an editor can remove this evidence."},
                "403",
            )
        ],
    ),
)
class EvidenceViewSet(
    _ReadMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """A source tied to a claim with a stance: supports, refutes or context."""

    anonymous_read = True
    serializer_class = EvidenceSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Evidence]:
        evidence = Evidence.objects.visible_to(self.request.user).select_related(
            "source", "added_by"
        )
        return evidence

    def create(self, request: Request, *args, **kwargs) -> Response:
        incoming = EvidenceCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        incoming.is_valid(raise_exception=True)
        evidence = domain.add_evidence(user=request.user, **incoming.validated_data)
        return self.respond(evidence, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        item = self.get_object()
        incoming = EvidenceUpdateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        domain.edit_evidence(
            evidence=item, user=request.user, **incoming.validated_data
        )
        return self.respond(item, status.HTTP_200_OK)

    def perform_destroy(self, instance: Evidence) -> None:
        domain.remove_evidence(evidence=instance, user=self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary="List verdicts (`?claim=` for one claim's history)",
        description="Verdicts are proposed with the submit transition. "
        "Anonymous callers see approved verdicts of published claims.",
        examples=[response("A page of verdicts", VERDICT)],
    ),
    retrieve=extend_schema(
        summary="A verdict",
        responses={200: VerdictSerializer, 304: _NOT_MODIFIED},
        examples=[response("A verdict", VERDICT)],
    ),
)
class VerdictViewSet(_ReadMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Proposed, returned and approved verdicts: a claim's rating history."""

    anonymous_read = True
    serializer_class = VerdictSerializer

    def get_queryset(self) -> QuerySet[Verdict]:
        verdicts = Verdict.objects.visible_to(self.request.user).select_related(
            "proposed_by", "decided_by"
        )
        return verdicts


@extend_schema_view(
    list=extend_schema(
        summary="List comments (`?claim=` for one claim's thread)",
        examples=[response("A page of comments", COMMENT)],
    ),
    retrieve=extend_schema(
        summary="A comment",
        responses={200: CommentSerializer, 304: _NOT_MODIFIED},
        examples=[response("A comment", COMMENT)],
    ),
    create=extend_schema(
        summary="Comment on a claim",
        request=CommentCreateSerializer,
        responses={201: CommentSerializer},
        examples=[
            OpenApiExample(
                "A comment",
                value={"claim": 1, "body": "Which officials said it?"},
                request_only=True,
            ),
            response("The comment", COMMENT, "201"),
        ],
    ),
    destroy=extend_schema(
        summary="Delete a comment (its author or an editor)",
        responses={
            204: OpenApiResponse(None, description="Deleted."),
            403: OpenApiResponse(ErrorSerializer, description="Not yours."),
        },
        examples=[
            response(
                "Not yours",
                {"detail": "Only its author or an editor can delete this comment."},
                "403",
            )
        ],
    ),
)
class CommentViewSet(
    _ReadMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The discussion on a claim, for members only."""

    anonymous_read = False  # the discussion is internal
    serializer_class = CommentSerializer

    def get_queryset(self) -> QuerySet[Comment]:
        comments = Comment.objects.visible_to(self.request.user).select_related(
            "author"
        )
        return comments

    def create(self, request: Request, *args, **kwargs) -> Response:
        incoming = CommentCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        incoming.is_valid(raise_exception=True)
        comment = domain.add_comment(user=request.user, **incoming.validated_data)
        return self.respond(comment, status.HTTP_201_CREATED)

    def perform_destroy(self, instance: Comment) -> None:
        domain.remove_comment(comment=instance, user=self.request.user)
