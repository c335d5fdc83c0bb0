"""changes/: every creation, update and deletion of claims, verdicts and
evidence, in commit order, for consumers that mirror the data."""

from urllib.parse import urlencode

from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
)
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations.api.feeds import IsMember
from claims import changes
from claims.models import ChangeEvent


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
