"""notifications/: the caller's own notifications, as the browser's
/notifications/ shows them, and marking them read (annotations/notifications.py)."""

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.mixins import ListModelMixin
from rest_framework.request import Request
from rest_framework.response import Response

from annotations import notifications as domain
from annotations.models import Notification
from claims.api.base import MAX_ID, StrictIntegerField, StrictSerializer
from claims.api.examples import TIME, field_errors, response

MAX_IDS = 500
NOTIFICATION = {
    "id": 12,
    "kind": "returned",
    "claim": 17,
    "actor": "editor",
    "message": "Which officials? Name them.",
    "created_at": TIME,
    "read": False,
}


class NotificationSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(
        slug_field="username", read_only=True, help_text="Who did it (null: nobody)."
    )
    read = serializers.SerializerMethodField(help_text="Whether it has been read.")

    class Meta:
        model = Notification
        fields = ["id", "kind", "claim", "actor", "message", "created_at", "read"]
        read_only_fields = fields

    def get_read(self, notification: Notification) -> bool:
        return notification.read_at is not None


class NotificationFilter(django_filters.FilterSet):
    # A choice, not a BooleanFilter: that reads "maybe" as "any".
    unread = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_unread",
        help_text="Only the unread (true) or only the read (false).",
    )

    class Meta:
        model = Notification
        fields = ["unread"]

    def filter_unread(self, queryset, name: str, value: str):
        return queryset.filter(read_at__isnull=value == "true")


class MarkReadSerializer(StrictSerializer):
    ids = serializers.ListField(
        child=StrictIntegerField(min_value=1, max_value=MAX_ID),
        max_length=MAX_IDS,
        required=False,
        help_text=f"These notifications (at most {MAX_IDS}).",
    )
    up_to = StrictIntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        help_text="Every unread one up to this id: what you saw, not what came since.",
    )

    def validate(self, data: dict) -> dict:
        if ("ids" in data) == ("up_to" in data):
            raise serializers.ValidationError("Send either `ids` or `up_to`.")
        return data


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField(
        help_text="How many were unread and now are read."
    )


@extend_schema_view(
    list=extend_schema(
        summary="Your notifications, newest first (`?unread=true`: the unread)",
        examples=[response("A page of notifications", NOTIFICATION)],
    )
)
class NotificationViewSet(ListModelMixin, viewsets.GenericViewSet):
    """Your notifications, newest first: assigned, returned, approved,
    withdrawn, mentioned. Anyone signed in has their own, whatever their role
    (someone without a role keeps those about published claims)."""

    serializer_class = NotificationSerializer
    permission_classes = [permissions.IsAuthenticated]  # reading yours is no write
    filterset_class = NotificationFilter
    ordering = ["-id"]  # newest first
    ordering_fields: list[str] = []

    def get_queryset(self) -> QuerySet[Notification]:
        return Notification.objects.visible_to(self.request.user).select_related(
            "actor"
        )

    @extend_schema(
        summary="Mark your notifications read: some by id, or all up to one",
        request=MarkReadSerializer,
        responses={
            200: MarkedSerializer,
            400: field_errors("Neither or both of ids and up_to, or a bad id."),
        },
        examples=[
            OpenApiExample("All that you saw", value={"up_to": 12}, request_only=True),
            OpenApiExample("Two of them", value={"ids": [9, 12]}, request_only=True),
            response("How many", {"marked": 2}),
        ],
    )
    @action(detail=False, methods=["post"])
    def read(self, request: Request) -> Response:
        incoming = MarkReadSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        marked = domain.mark_read(
            request.user,
            incoming.validated_data.get("ids"),
            upto=incoming.validated_data.get("up_to"),
        )
        return Response({"marked": marked})
