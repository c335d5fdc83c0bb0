"""What consumers pull and push in bulk: ClaimReview and Web Annotations, and
what the change feed and the exports share. Writes go through the same domain
functions as the browser; these views only translate HTTP."""

from urllib.parse import urljoin

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations import webannotation
from annotations.api.feed_schemas import (
    ANNOTATION_EXAMPLE,
    ANNOTATION_SCHEMA,
    CLAIM_REVIEW_EXAMPLE,
    CLAIM_REVIEW_SCHEMA,
    COLLECTION_EXAMPLE,
    COLLECTION_SCHEMA,
)
from annotations.claimreview import claim_review
from annotations.models import Verdict
from claims.api.base import CursorPage
from claims.api.etags import ConditionalRetrieveMixin, not_modified, representation_etag
from claims.api.parsers import JSONParser
from claims.models import Article, Claim
from claims.roles import VIEWER, has_role

# --- formats ---------------------------------------------------------------


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


class JSONLDParser(JSONParser):
    media_type = "application/ld+json"


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
        # Unset, the publisher is this site at the address it was asked on
        # (a host ALLOWED_HOSTS accepted), whatever port serves it.
        home = settings.CLAIMDESK_PUBLISHER_URL or self.context[
            "request"
        ].build_absolute_uri("/")
        verdict = claim.approved_verdicts[0]
        return claim_review(
            claim,
            verdict,
            url=urljoin(home, path),
            publisher_name=settings.CLAIMDESK_PUBLISHER_NAME,
            publisher_url=home,
            appearances=appearances(claim, verdict),
        )


def appearances(claim: Claim, verdict: Verdict) -> list[Claim]:
    """The claim and the others of its group published with the same rating
    (prefetched as `group.published_claims`), oldest first."""
    if claim.group_id is None:
        return [claim]
    same = [c for c in claim.group.published_claims if c.rating == verdict.rating]
    return sorted({c.pk: c for c in [claim, *same]}.values(), key=lambda c: c.pk)


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
        # One review: the paginator wraps it in a page (next, previous, results).
        responses={200: OpenApiResponse(CLAIM_REVIEW_SCHEMA)},
        examples=[
            # drf-spectacular puts a list's example in a page, as the schema.
            OpenApiExample("A page", value=CLAIM_REVIEW_EXAMPLE, response_only=True)
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
        # A group published with one verdict is one review, listed under its
        # oldest claim: the others of the same rating are left out of the list.
        earlier = Claim.objects.published().filter(
            group_id=OuterRef("group_id"),
            rating=OuterRef("rating"),
            pk__lt=OuterRef("pk"),
        )
        claims = (
            Claim.objects.visible_to(self.request.user)
            .published()
            .filter(Exists(approved.filter(claim=OuterRef("pk"))))
        )
        if self.action == "list":
            claims = claims.exclude(Exists(earlier))
        # Queries: the page of claims with their articles and groups, their
        # approved verdicts, newest first (the published one is [0]), and the
        # published claims of their groups with their articles.
        return claims.select_related("article", "group").prefetch_related(
            Prefetch(
                "verdicts",
                approved.order_by("-decided_at", "-id"),
                to_attr="approved_verdicts",
            ),
            Prefetch(
                "group__claims",
                Claim.objects.published().select_related("article"),
                to_attr="published_claims",
            ),
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
                value=COLLECTION_EXAMPLE,
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
                value=COLLECTION_EXAMPLE,
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
