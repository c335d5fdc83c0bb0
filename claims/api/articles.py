"""Articles: list, read, and push new ones in (claims are extracted on the way)."""

import django_filters
from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api.base import (
    AfterFilter,
    ConditionalRetrieveMixin,
    MemberUsernameField,
    StrictSerializer,
    TextField,
)
from claims.api.examples import ARTICLE, ARTICLE_DETAIL, field_errors, response
from claims.ingest import ingest_article
from claims.models import Article, Claim


class QuantitySerializer(serializers.Serializer):
    value = serializers.FloatField(allow_null=True)
    low = serializers.FloatField(allow_null=True)
    high = serializers.FloatField(allow_null=True)
    unit = serializers.CharField()
    subject = serializers.CharField()
    qualifier = serializers.CharField()


class ClaimSpanSerializer(serializers.ModelSerializer):
    """A claim as the claims app knows it: span, kind, score, attribution."""

    assignee = MemberUsernameField()
    quantity = QuantitySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "article",
            "start",
            "end",
            "text",
            "sentence_start",
            "sentence_end",
            "kind",
            "score",
            "speaker",
            "quoted",
            "quantity",
            "origin",
            "extractor_version",
            "status",
            "assignee",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ArticleSerializer(serializers.ModelSerializer):
    added_by = MemberUsernameField()
    url = serializers.CharField(read_only=True, help_text="May be empty.")

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "byline",
            "publisher",
            "url",
            "published",
            "language",
            "sha256",
            "added_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ArticleDetailSerializer(ArticleSerializer):
    claims = ClaimSpanSerializer(many=True, read_only=True, source="visible_claims")

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body", "claims"]
        read_only_fields = fields


class ArticleCreateSerializer(StrictSerializer):
    # The body is kept exactly as sent: claim offsets point into it.
    body = TextField(allow_blank=True)
    title = serializers.CharField(max_length=500, required=False, allow_blank=True)
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True)
    publisher = serializers.CharField(max_length=200, required=False, allow_blank=True)
    byline = serializers.CharField(max_length=300, required=False, allow_blank=True)
    published = serializers.DateField(required=False, allow_null=True)


class ArticleFilter(django_filters.FilterSet):
    updated_after = AfterFilter()
    publisher = django_filters.CharFilter()

    class Meta:
        model = Article
        fields = ["updated_after", "publisher"]


_ARTICLE_EXAMPLE = {
    "title": "Putin and Kim sign a defence pact",
    "body": "US officials said that Pyongyang has sent Russia 11,000 containers "
    "of munitions in the past year.",
    "url": "https://news.example.com/putin-kim",
    "publisher": "Example News",
    "byline": "A. Reporter",
    "published": "2024-06-19",
}


@extend_schema_view(
    list=extend_schema(
        summary="List the articles you may see",
        description="Anonymous callers see articles with published claims.",
        examples=[response("A page of articles", ARTICLE)],
    ),
    retrieve=extend_schema(
        summary="Read an article with its body and the claims you may see",
        responses={200: ArticleDetailSerializer, 304: OpenApiResponse(None)},
        examples=[response("An article", ARTICLE_DETAIL)],
    ),
    create=extend_schema(
        summary="Push an article in; its claims are extracted",
        request=ArticleCreateSerializer,
        responses={
            201: ArticleDetailSerializer,
            200: OpenApiResponse(
                ArticleDetailSerializer,
                description="The same body was already imported: that article.",
            ),
            400: field_errors("Bad input; each field named."),
            413: field_errors("The body is over the size limit."),
        },
        examples=[
            OpenApiExample("An article", value=_ARTICLE_EXAMPLE, request_only=True),
            response("Created, with its claims", ARTICLE_DETAIL, "201", "200"),
            response(
                "Too large",
                {"body": ["The article is 2,000,000 bytes; the limit is 1,048,576."]},
                "413",
            ),
        ],
    ),
)
class ArticleViewSet(
    ConditionalRetrieveMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """News articles; their claims are extracted when they come in."""

    anonymous_read = True
    filterset_class = ArticleFilter
    ordering_fields = ["created_at", "updated_at", "published", "id"]
    ordering = ["-id"]

    def get_queryset(self) -> QuerySet[Article]:
        user = self.request.user
        articles = Article.objects.visible_to(user).select_related("added_by")
        if self.action == "list":
            return articles.defer("body")
        claims = Claim.objects.visible_to(user).select_related("assignee")
        return articles.prefetch_related(
            Prefetch("claims", queryset=claims, to_attr="visible_claims")
        )

    def get_serializer_class(self):
        return ArticleSerializer if self.action == "list" else ArticleDetailSerializer

    def create(self, request: Request, *args, **kwargs) -> Response:
        incoming = ArticleCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        article, created = ingest_article(user=request.user, **incoming.validated_data)
        response = self.respond(
            self.get_queryset().get(pk=article.pk),
            status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
        response["Location"] = f"{request.path}{article.pk}/"
        return response
