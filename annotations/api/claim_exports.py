"""exports/claims/: claims with verdicts, evidence and who did what, streamed
as JSON lines or CSV."""

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from annotations import exports
from annotations.api.feeds import IsMember, JSONErrorsMixin
from claims.models import Claim


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


class ExportQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Claim.Status.choices, required=False)
    article = serializers.IntegerField(min_value=1, required=False)
    after = serializers.IntegerField(
        min_value=0,
        max_value=2**63 - 1,
        required=False,
        help_text="JSONL: the claims after this claim id, to resume a download "
        "that was cut after that claim's line.",
    )


@extend_schema(
    summary="Export claims with verdicts, evidence, transitions and comments",
    description="`?format=jsonl` (default; `application/x-ndjson`): an article "
    "line before its claims, each claim with its verdicts, evidence, "
    "transitions and comments; `python manage.py restore_claims FILE` loads it into an "
    "empty database. `?format=csv`: one row per claim with its latest verdict "
    "and evidence ids. Streamed. Members only.\n\n"
    'A whole JSONL download ends with `{"type": "end", "last_claim": '
    "<id>}`; a stream without it was cut (a restart, a proxy, the network): "
    "keep the lines up to the last claim line and ask again with "
    "`after=<that claim's id>` for the rest.",
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
        wanted = dict(query.validated_data)
        after = wanted.pop("after", 0)
        claims = Claim.objects.visible_to(request.user).filter(
            **{
                ("article_id" if name == "article" else name): value
                for name, value in wanted.items()
            }
        )
        if request.accepted_renderer.format == "csv":
            lines, name = exports.csv_lines(claims.filter(pk__gt=after)), "claims.csv"
        else:
            lines = exports.jsonl_lines(claims, after=after, end=True)
            name = "claims.jsonl"
        response = StreamingHttpResponse(
            (line.encode("utf-8") for line in lines),
            content_type=f"{request.accepted_renderer.media_type}; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
