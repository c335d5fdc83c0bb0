"""What consumers pull and push in bulk: ClaimReview, Web Annotations, the
change feed and exports. Writes go through the same domain functions as the
browser; these views only translate HTTP."""

from urllib.parse import urlencode, urljoin

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.parsers import JSONParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations import exports, webannotation
from annotations.api.feed_schemas import (
    ANNOTATION_EXAMPLE,
    ANNOTATION_SCHEMA,
    CLAIM_REVIEW_EXAMPLE,
    CLAIM_REVIEW_SCHEMA,
    COLLECTION_SCHEMA,
    page_of,
)
from annotations.claimreview import claim_review
from annotations.models import Verdict
from claims import changes
from claims.api.base import (
    ConditionalRetrieveMixin,
    CursorPage,
    not_modified,
    representation_etag,
)
from claims.models import Article, ChangeEvent, Claim
from claims.roles import VIEWER, has_role

# --- formats ---------------------------------------------------------------


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


class JSONLDParser(JSONParser):
    media_type = "application/ld+json"


class _StreamRenderer(BaseRenderer):
    """Names a streamed format for content negotiation; the view streams it."""

    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return JSONRenderer().render(data)  # only errors get here


class CSVRenderer(_StreamRenderer):
    media_type = "text/csv"
    format = "csv"


class JSONLinesRenderer(_StreamRenderer):
    media_type = "application/x-ndjson"
    format = "jsonl"


class JSONErrorsMixin:
    """Errors are JSON whatever format was asked for, as everywhere in the API."""

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response) and response.status_code >= 400:
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = "application/json"
        return super().finalize_response(request, response, *args, **kwargs)


class IsMember(permissions.BasePermission):
    """Viewer role or above: the data includes unpublished work."""

    message = "You need the viewer, reviewer or editor role."

    def has_permission(self, request: Request, view) -> bool:
        return has_role(request.user, VIEWER)


# --- claim-reviews/ --------------------------------------------------------


class ClaimReviewSerializer(serializers.BaseSerializer):
    def to_representation(self, claim: Claim) -> dict:
        path = reverse("claim-review-detail", args=[claim.pk])
        return claim_review(
            claim,
            claim.approved_verdicts[0],
            url=urljoin(settings.CLAIMDESK_PUBLISHER_URL, path),
            publisher_name=settings.CLAIMDESK_PUBLISHER_NAME,
            publisher_url=settings.CLAIMDESK_PUBLISHER_URL,
        )


_FORMAT = OpenApiParameter(
    "format", str, enum=["json", "jsonld"], description="Or send Accept."
)


@extend_schema_view(
    list=extend_schema(
        summary="Published verdicts as schema.org ClaimReview",
        description="Every published claim with its latest approved verdict, as "
        "JSON-LD (`Accept: application/ld+json` or `?format=jsonld`) or JSON. "
        "Anyone may read it.",
        parameters=[_FORMAT],
        responses={200: OpenApiResponse(page_of(CLAIM_REVIEW_SCHEMA))},
        examples=[
            OpenApiExample(
                "A page",
                value={
                    "next": None,
                    "previous": None,
                    "results": [CLAIM_REVIEW_EXAMPLE],
                },
                response_only=True,
            )
        ],
    ),
    retrieve=extend_schema(
        summary="One ClaimReview, by claim id",
        parameters=[_FORMAT],
        responses={200: OpenApiResponse(CLAIM_REVIEW_SCHEMA)},
        examples=[
            OpenApiExample("A review", value=CLAIM_REVIEW_EXAMPLE, response_only=True)
        ],
    ),
)
class ClaimReviewViewSet(
    JSONErrorsMixin, ConditionalRetrieveMixin, viewsets.ReadOnlyModelViewSet
):
    anonymous_read = True
    serializer_class = ClaimReviewSerializer
    renderer_classes = [JSONRenderer, JSONLDRenderer]
    pagination_class = CursorPage
    filter_backends: list = []
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet:
        approved = Verdict.objects.approved()
        # Queries: the page of claims with their articles, then their
        # approved verdicts, newest first (the published one is [0]).
        return (
            Claim.objects.visible_to(self.request.user)
            .published()
            .filter(Exists(approved.filter(claim=OuterRef("pk"))))
            .select_related("article")
            .prefetch_related(
                Prefetch(
                    "verdicts",
                    approved.order_by("-decided_at", "-id"),
                    to_attr="approved_verdicts",
                )
            )
        )


# --- articles/{id}/annotations/ --------------------------------------------


@extend_schema(
    summary="An article's claims as W3C Web Annotations",
    description="GET: an AnnotationCollection (JSON-LD) of the claims you may "
    "see. POST: an Annotation, a list, an AnnotationPage or an "
    "AnnotationCollection in the same format creates the claims (reviewers and "
    "editors), anchored by the TextPositionSelector when it agrees with the "
    "TextQuoteSelector, else by the quote with its prefix and suffix. All or "
    "nothing; a 400 names the field.",
)
class ArticleAnnotationsView(JSONErrorsMixin, APIView):
    anonymous_read = True
    renderer_classes = [JSONLDRenderer, JSONRenderer]
    parser_classes = [JSONLDParser, JSONParser]

    def _article(self, pk: int) -> Article:
        return get_object_or_404(Article.objects.visible_to(self.request.user), pk=pk)

    def _collection(self, article: Article, claims: list[Claim]) -> dict:
        request = self.request
        source = article.url or request.build_absolute_uri(
            reverse("article-detail", args=[article.pk])
        )
        claim_url = request.build_absolute_uri(reverse("claim-detail", args=[0]))
        annotations = [
            webannotation.to_annotation(
                claim,
                article=article,
                source=source,
                id=claim_url.replace("/0/", f"/{claim.pk}/"),
            )
            for claim in claims
        ]
        return webannotation.to_collection(
            annotations, article=article, id=request.build_absolute_uri()
        )

    @extend_schema(
        responses={200: OpenApiResponse(COLLECTION_SCHEMA)},
        examples=[
            OpenApiExample(
                "A collection",
                value={
                    "@context": "http://www.w3.org/ns/anno.jsonld",
                    "id": "https://desk.example/api/v1/articles/3/annotations/",
                    "type": "AnnotationCollection",
                    "label": "Putin and Kim sign defence pact",
                    "total": 1,
                    "first": {
                        "type": "AnnotationPage",
                        "startIndex": 0,
                        "items": [ANNOTATION_EXAMPLE],
                    },
                },  # fmt: skip
                response_only=True,
            )
        ],
    )
    def get(self, request: Request, pk: int) -> Response:
        # Queries: the article, its claims visible to the caller.
        article = self._article(pk)
        claims = list(Claim.objects.visible_to(request.user).filter(article=article))
        data = self._collection(article, claims)
        etag = representation_etag(data)
        if not_modified(request, etag):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        return Response(data, headers={"ETag": etag})

    @extend_schema(
        request={
            "application/ld+json": ANNOTATION_SCHEMA,
            "application/json": ANNOTATION_SCHEMA,
        },  # fmt: skip
        responses={201: OpenApiResponse(COLLECTION_SCHEMA)},
        examples=[
            OpenApiExample(
                "One annotation", value=ANNOTATION_EXAMPLE, request_only=True
            ),
            OpenApiExample(
                "The claims created",
                value={
                    "@context": "http://www.w3.org/ns/anno.jsonld",
                    "id": "https://desk.example/api/v1/articles/3/annotations/",
                    "type": "AnnotationCollection",
                    "label": "Putin and Kim sign defence pact",
                    "total": 1,
                    "first": {
                        "type": "AnnotationPage",
                        "startIndex": 0,
                        "items": [ANNOTATION_EXAMPLE],
                    },
                },  # fmt: skip
                response_only=True,
            ),
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        article = self._article(pk)
        created = webannotation.import_annotations(
            article=article, data=request.data, user=request.user
        )
        data = self._collection(article, created)
        return Response(
            data,
            status=status.HTTP_201_CREATED,
            headers={"ETag": representation_etag(data)},
        )


# --- changes/ --------------------------------------------------------------


class ChangeEventSerializer(serializers.ModelSerializer):
    state = serializers.DictField(
        help_text="The object's stored fields after the change (deleted: before)."
    )

    class Meta:
        model = ChangeEvent
        fields = ["seq", "model", "object_id", "operation", "state", "created_at"]


class ChangePageSerializer(serializers.Serializer):
    results = ChangeEventSerializer(many=True)
    cursor = serializers.CharField(help_text="Pass as `after` for the next page.")
    next = serializers.URLField(allow_null=True)


class ChangeQuerySerializer(serializers.Serializer):
    after = serializers.IntegerField(min_value=0, default=0, required=False)
    page_size = serializers.IntegerField(
        min_value=1, max_value=1000, default=100, required=False
    )


@extend_schema(
    summary="Every change to claims, verdicts and evidence, in order",
    description="Creations, updates (dismissals included) and deletions, each "
    "with the object's state. Start with `after=0`, apply the events in order, "
    "store `cursor` and ask again with `after=<cursor>`: no event is skipped or "
    "repeated, even while others write. `next` is null when you are up to "
    "date. Members (viewer role and above) only.",
    parameters=[ChangeQuerySerializer],
    responses={200: ChangePageSerializer},
    examples=[
        OpenApiExample(
            "A page",
            value={
                "results": [
                    {
                        "seq": 41,
                        "model": "claims.claim",
                        "object_id": 17,
                        "operation": "update",
                        "state": {"id": 17, "status": "dismissed", "version": 3},
                        "created_at": "2026-11-22T10:00:00Z",
                    }
                ],
                "cursor": "41",
                "next": "https://desk.example/api/v1/changes/?after=41&page_size=1",
            },  # fmt: skip
            response_only=True,
        )
    ],
)
class ChangeFeedView(APIView):
    permission_classes = [IsMember]

    @extend_schema(operation_id="changes_list")  # a list: no ETag (api/base)
    def get(self, request: Request) -> Response:
        query = ChangeQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        after, size = query.validated_data["after"], query.validated_data["page_size"]
        # One query: the next page of events (plus one to know if more wait).
        events = changes.events_after(after, size + 1)
        more = len(events) > size
        events = events[:size]
        cursor = events[-1].seq if events else after
        next_url = None
        if more:
            next_url = request.build_absolute_uri(
                f"{request.path}?{urlencode({'after': cursor, 'page_size': size})}"
            )
        return Response(
            {
                "results": ChangeEventSerializer(events, many=True).data,
                "cursor": str(cursor),
                "next": next_url,
            }
        )


# --- exports/claims/ -------------------------------------------------------


class ExportQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Claim.Status.choices, required=False)
    article = serializers.IntegerField(min_value=1, required=False)


@extend_schema(
    summary="Export claims with verdicts, evidence and transitions",
    description="`?format=jsonl` (default; `application/x-ndjson`): an article "
    "line before its claims, each claim with its verdicts, evidence and "
    "transitions; `python manage.py restore_claims FILE` loads it into an "
    "empty database. `?format=csv`: one row per claim with its latest verdict "
    "and evidence ids. Streamed. Members only.",
    parameters=[
        ExportQuerySerializer,
        OpenApiParameter("format", str, enum=["jsonl", "csv"]),
    ],
    responses={
        (200, "application/x-ndjson"): OpenApiResponse(
            OpenApiTypes.STR,
            examples=[
                OpenApiExample(
                    "JSONL",
                    value='{"type": "article", "id": 3, ...}\n'
                    '{"type": "claim", "id": 17, "article_id": 3, ...}\n',
                )
            ],
        ),
        (200, "text/csv"): OpenApiResponse(
            OpenApiTypes.STR,
            examples=[
                OpenApiExample(
                    "CSV", value="claim_id,article_id,article_title,...\r\n17,3,...\r\n"
                )
            ],
        ),
    },
)
class ClaimExportView(JSONErrorsMixin, APIView):
    permission_classes = [IsMember]
    renderer_classes = [JSONLinesRenderer, CSVRenderer]

    @extend_schema(operation_id="exports_claims_list")  # streamed: no ETag
    def get(self, request: Request) -> StreamingHttpResponse:
        query = ExportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        claims = Claim.objects.visible_to(request.user).filter(
            **{
                ("article_id" if name == "article" else name): value
                for name, value in query.validated_data.items()
            }
        )
        if request.accepted_renderer.format == "csv":
            lines, name = exports.csv_lines(claims), "claims.csv"
        else:
            lines, name = exports.jsonl_lines(claims), "claims.jsonl"
        response = StreamingHttpResponse(
            (line.encode("utf-8") for line in lines),
            content_type=f"{request.accepted_renderer.media_type}; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
