"""Articles: list, read, and push new ones in (claims are extracted on the way)."""

import django_filters
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404  # a bad id is a 404
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from claims.api.base import (
    MAX_ID,
    AfterFilter,
    MemberUsernameField,
    StrictSerializer,
    TextField,
)
from claims.api.etags import ConditionalRetrieveMixin
from claims.api.examples import ARTICLE, ARTICLE_DETAIL, field_errors, response
from claims.api.imports import JOB, ImportJobSerializer
from claims.ingest import ingest_article
from claims.intake.jobs import create_job
from claims.models import Article, ArticleVersion, Claim, ImportJob
from claims.records import ArticleRecord, max_bytes, max_request_bytes, validate_article
from claims.validators import validate_web_url


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
            "kind_confidence",
            "score",
            "speaker",
            "speaker_confidence",
            "quoted",
            "quantity",
            "origin",
            "extractor_version",
            "status",
            "assignee",
            "version",
            "anchor",
            "orphaned_from",
            "needs_recheck",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "anchor": {
                "help_text": "How the claim was found in the article's newest "
                "version: `orphaned` claims keep the offsets and text they had "
                "in version `orphaned_from`."
            },
            "kind_confidence": {
                "help_text": "How sure the extractor was of the kind (0-1); "
                "null once a person set it. Below 0.6 it is shown as a guess."
            },
            "speaker_confidence": {
                "help_text": "How sure the extractor was of the speaker (0-1); "
                "null with no speaker or once a person set it."
            },
            "needs_recheck": {
                "help_text": "Published, and its words changed since: an editor "
                "reconfirms or withdraws the verdict."
            },
        }


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
            "version",
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


class ArticleVersionSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The page with the diff.")

    class Meta:
        model = ArticleVersion
        fields = ["number", "title", "fetched_at", "replaced_at", "url"]
        read_only_fields = fields

    def get_url(self, version: ArticleVersion) -> str:
        return version.get_absolute_url()


class ArticleCreateSerializer(StrictSerializer):
    # The body is kept exactly as sent: claim offsets point into it.
    body = TextField(
        required=False,
        allow_blank=True,
        help_text="The article's text. Without it, `url` is fetched and the "
        "article extracted from the page (public addresses only).",
    )
    title = serializers.CharField(max_length=500, required=False, allow_blank=True)
    url = serializers.CharField(
        required=False,
        allow_blank=True,
        validators=[validate_web_url],
        help_text="http or https, with a host; at most 2,000 characters.",
    )
    publisher = serializers.CharField(max_length=200, required=False, allow_blank=True)
    byline = serializers.CharField(max_length=300, required=False, allow_blank=True)
    published = serializers.DateField(required=False, allow_null=True)

    def validate(self, attrs: dict) -> dict:
        if not attrs.get("body") and not attrs.get("url"):
            raise serializers.ValidationError(
                {"body": ["Send the article's text, or a url to fetch it from."]}
            )
        return attrs


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
        summary="Push an article in (its text, or a URL to fetch); its claims "
        "are extracted",
        description="A URL to fetch, a body over `CLAIMDESK_MAX_REQUEST_ARTICLE_BYTES` "
        "or `Prefer: respond-async` (RFC 7240) make it a job: 202 with `Location: "
        "/api/v1/imports/{id}/` to poll.",
        request=ArticleCreateSerializer,
        responses={
            201: ArticleDetailSerializer,
            202: OpenApiResponse(
                ImportJobSerializer, description="Accepted: a job to poll."
            ),
            200: OpenApiResponse(
                ArticleDetailSerializer,
                description="The same body was already imported: that article.",
            ),
            400: field_errors("Bad input; each field named."),
            413: field_errors(
                "The body is over what one request imports "
                "(`CLAIMDESK_MAX_REQUEST_ARTICLE_BYTES`); larger articles go "
                "through the `import_articles` command."
            ),
        },
        examples=[
            OpenApiExample("An article", value=_ARTICLE_EXAMPLE, request_only=True),
            response("Created, with its claims", ARTICLE_DETAIL, "201", "200"),
            response("A job to poll", JOB, "202"),
            response(
                "Too large",
                {
                    "body": [
                        "The article is 80,000 bytes; here the limit is 50,000, as "
                        "its claims are found while you wait. Import larger "
                        "articles (up to 1,000,000 bytes) with `python manage.py "
                        "import_articles`, which has no time limit."
                    ]
                },
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

    @extend_schema(
        summary="An article's earlier versions, newest first (without their text)",
        description="The article itself is the newest version (`version`); each "
        "earlier one links to its page, which shows what the next version changed.",
        responses={200: ArticleVersionSerializer(many=True)},
        examples=[
            response(
                "One earlier version",  # drf-spectacular lists it
                {
                    "number": 1,
                    "title": "Putin and Kim sign a defence pact",
                    "fetched_at": "2026-11-22T09:30:00Z",
                    "replaced_at": "2026-11-23T07:00:00Z",
                    "url": "/articles/3/versions/1/",
                },
            )
        ],
    )
    @action(
        detail=True,
        methods=["get"],
        pagination_class=None,
        filter_backends=[],
        filterset_class=None,
    )
    def versions(self, request: Request, pk: str) -> Response:
        # Queries: the article, its earlier versions.
        if not (pk.isascii() and pk.isdigit() and int(pk) <= MAX_ID):
            raise Http404("No such article.")
        article = get_object_or_404(
            Article.objects.visible_to(request.user).defer("body"), pk=pk
        )
        earlier = article.versions.defer("body")
        return Response(ArticleVersionSerializer(earlier, many=True).data)

    def create(self, request: Request, *args, **kwargs) -> Response:
        incoming = ArticleCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        asked = "respond-async" in request.headers.get("Prefer", "").lower()
        body = data.get("body", "")
        # A page to fetch, a body too long to extract while the request
        # waits, or a caller who prefers it: a job (RFC 7240), answered 202.
        if asked or not body or len(body.encode()) > max_request_bytes():
            return self._job(request, data, asked)
        article, created = ingest_article(
            user=request.user, max_size=max_request_bytes(), **data
        )
        response = self.respond(
            self.get_queryset().get(pk=article.pk),
            status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
        response["Location"] = f"{request.path}{article.pk}/"
        return response

    def _job(self, request: Request, data: dict, asked: bool) -> Response:
        if data.get("body"):
            validate_article(max_size=max_bytes(), **_article_fields(data))
            record = ArticleRecord(**data)
            job = create_job(user=request.user, items=[("the request body", record)])
        else:
            job = create_job(user=request.user, items=[(data["url"], None)])
        location = reverse("importjob-detail", args=[job.pk])
        headers = {"Location": location}
        if asked:
            headers["Preference-Applied"] = "respond-async"
        job = ImportJob.objects.prefetch_related("items").get(pk=job.pk)
        return Response(
            ImportJobSerializer(job).data, status.HTTP_202_ACCEPTED, headers=headers
        )


def _article_fields(data: dict) -> dict:
    return {k: data.get(k, "") for k in ("body", "title", "url", "publisher", "byline")}
