"""Import jobs: what `POST /articles/` answers 202 with, to poll."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from claims.api.examples import response
from claims.intake.jobs import notice_stalled
from claims.models import ImportItem, ImportJob
from claims.roles import is_editor


class ImportItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportItem
        fields = [
            "position", "source", "outcome", "article", "claims", "problem", "note",
        ]  # fmt: skip
        read_only_fields = fields
        extra_kwargs = {
            "note": {"help_text": "What a refresh did: the new version or none."}
        }


class ImportJobSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True)
    articles = serializers.SerializerMethodField(
        help_text="The ids of the articles imported (or found already there)."
    )
    items = ImportItemSerializer(many=True, read_only=True)

    class Meta:
        model = ImportJob
        fields = [
            "id", "status", "total", "finished", "percent", "note",
            "articles", "items", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_articles(self, job: ImportJob) -> list[int]:
        return [item.article_id for item in job.items.all() if item.article_id]


JOB = {
    "id": 7,
    "status": "done",
    "total": 1,
    "finished": 1,
    "percent": 100,
    "note": "",
    "articles": [12],
    "items": [
        {
            "position": 0,
            "source": "https://news.example.com/putin-kim",
            "outcome": "imported",
            "article": 12,
            "claims": 31,
            "problem": "",
            "note": "",
        }
    ],
    "created_at": "2026-12-02T09:00:00Z",
    "updated_at": "2026-12-02T09:00:04Z",
}


@extend_schema_view(
    list=extend_schema(
        summary="Your import jobs, newest first",
        examples=[response("A page of jobs", JOB)],
    ),
    retrieve=extend_schema(
        summary="An import job: status, progress, outcomes",
        examples=[response("A finished job", JOB)],
    ),
)
class ImportJobViewSet(
    mixins.RetrieveModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """Imports running in the background: your own (an editor sees all)."""

    anonymous_read = False
    queryset = ImportJob.objects.none()  # for the schema; see get_queryset
    serializer_class = ImportJobSerializer
    filterset_class = None
    ordering_fields = ["created_at", "id"]
    ordering = ["-id"]

    def get_queryset(self) -> QuerySet[ImportJob]:
        jobs = ImportJob.objects.prefetch_related("items")
        if getattr(self, "swagger_fake_view", False):
            return jobs.none()
        if not is_editor(self.request.user):
            jobs = jobs.filter(created_by=self.request.user)
        return jobs

    def get_object(self) -> ImportJob:
        job = super().get_object()
        notice_stalled([job])
        return job
