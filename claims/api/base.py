"""What every endpoint shares: roles, pagination, throttles, query
parameters and request bodies (errors: claims/api/errors.py, ETags:
claims/api/etags.py).

Settings name classes in this module, so it must not import
rest_framework.views (which reads those settings while it loads).
"""

import datetime
import math

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import (
    exceptions,
    filters,
    pagination,
    permissions,
    serializers,
)
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from claims.roles import REVIEWER, has_role
from claims.signin import client_ip

# --- roles -----------------------------------------------------------------


class RolePermission(permissions.BasePermission):
    """Reads: anyone where the view allows anonymous reads (querysets show
    them published work only), else signed-in users. Writes: reviewers and
    editors; the domain functions then decide what the workflow allows.
    """

    def has_permission(self, request: Request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return bool(
                getattr(view, "anonymous_read", False)
                or (request.user and request.user.is_authenticated)
            )
        if not (request.user and request.user.is_authenticated):
            return False
        if not has_role(request.user, REVIEWER):
            raise exceptions.PermissionDenied(
                "You need the reviewer or editor role to change anything."
            )
        return True


# --- pagination and throttling ----------------------------------------------


class CursorPage(pagination.CursorPagination):
    """Opaque cursors: a page never skips or repeats a row while others write."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "-id"

    def paginate_queryset(self, queryset, request, view=None):
        self._model = queryset.model  # decode_cursor checks positions against it
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request) -> int:
        """`page_size`: a whole number from 1 (larger ones get the maximum);
        anything else is 400 naming it, not silently the default size."""
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not (value.isascii() and value.isdigit() and int(value) > 0):
            raise exceptions.ValidationError(
                {"page_size": [f"A whole number from 1 to {self.max_page_size}."]}
            )
        return min(int(value), self.max_page_size)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["minimum"] = 1
                parameter["description"] = (
                    f"Rows per page, from 1 (default {self.page_size}; "
                    f"more than {self.max_page_size} gets {self.max_page_size})."
                )
        return parameters

    def decode_cursor(self, request):
        """DRF's cursor, with its position checked: a cursor is opaque but
        anyone can forge one, and a position that is not a value of the
        ordering field would fail in the database (a 500)."""
        cursor = super().decode_cursor(request)
        if cursor is None or cursor.position is None:
            return cursor
        name = self.ordering[0].lstrip("-")
        try:
            field = self._model._meta.get_field("id" if name == "pk" else name)
            value = field.to_python(cursor.position)
        except FieldDoesNotExist:
            return cursor  # an annotation: nothing to check it against
        except DjangoValidationError:
            raise exceptions.NotFound(self.invalid_cursor_message) from None
        if isinstance(value, int) and not -MAX_ID <= value <= MAX_ID:
            raise exceptions.NotFound(self.invalid_cursor_message)
        if isinstance(value, float) and not math.isfinite(value):
            raise exceptions.NotFound(self.invalid_cursor_message)
        return cursor


class StableOrdering(filters.OrderingFilter):
    """`?ordering=` plus the id as a tie-breaker: rows with equal scores come
    in the same order on every page, so a cursor never skips or repeats one."""

    def get_ordering(self, request: Request, queryset, view) -> list[str]:
        ordering = list(super().get_ordering(request, queryset, view) or [])
        if not any(field.lstrip("-") in ("id", "pk") for field in ordering):
            descending = bool(ordering) and ordering[0].startswith("-")
            ordering.append("-id" if descending else "id")
        return ordering


class ClientAddressMixin:
    """Callers are told apart by `claims.signin.client_ip`: X-Forwarded-For
    counts only behind CLAIMDESK_TRUSTED_PROXIES, as for the sign-in lockout
    (DRF's own rule would take the whole header, which anyone can vary)."""

    def get_ident(self, request: Request) -> str:
        return client_ip(request)


class AnonThrottle(ClientAddressMixin, AnonRateThrottle):
    """Reads its rate from settings on every request, so tests can change it."""

    def get_rate(self) -> str:
        return settings.CLAIMDESK_API_ANON_RATE


class UserThrottle(ClientAddressMixin, UserRateThrottle):
    def get_rate(self) -> str:
        return settings.CLAIMDESK_API_USER_RATE


class TokenThrottle(ClientAddressMixin, AnonRateThrottle):
    """Password guesses at auth/token/: a budget of their own per address."""

    scope = "token"

    def get_rate(self) -> str:
        return settings.CLAIMDESK_API_TOKEN_RATE


# --- query parameters ------------------------------------------------------

MAX_ID = 2**63 - 1  # the largest id the databases store


class IdFilter(django_filters.NumberFilter):
    """An object id: a whole number in the database's range, else 400."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class _UtcDateTimeField(django_filters.fields.IsoDateTimeField):
    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            # PostgreSQL refuses odd offsets such as -21:16; UTC it always takes.
            return value.astimezone(datetime.UTC)
        except OverflowError:
            raise forms.ValidationError("The date is out of range.") from None


class AfterFilter(django_filters.IsoDateTimeFilter):
    """`?updated_after=<ISO 8601 date-time>`: strictly later changes."""

    field_class = _UtcDateTimeField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("field_name", "updated_at")
        kwargs.setdefault("lookup_expr", "gt")
        super().__init__(*args, **kwargs)


# --- request bodies --------------------------------------------------------


class TextField(serializers.CharField):
    """A string kept as sent: no trimming, and a number is not a string."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise serializers.ValidationError("Not a string.")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer: DRF's IntegerField also takes `"5"` and `5.0`, and
    truncates nothing but silently accepts both; the schema says integer."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            raise serializers.ValidationError("A whole number (a JSON integer).")
        return super().to_internal_value(data)


class StrictPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """An id: a JSON integer in the database's range (`1.5` is not claim 1)."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            raise serializers.ValidationError("An id (a JSON integer).")
        if not 1 <= data <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class MemberUsernameField(serializers.SlugRelatedField):
    """A staff member's username, shown to signed-in callers only: anonymous
    callers get null, so the public API does not list who works here."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("slug_field", "username")
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        help_text = kwargs.pop("help_text", "A username")
        kwargs["help_text"] = f"{help_text}; null for anonymous callers."
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        if not shows_usernames(self.context):
            return None
        return super().get_attribute(instance)


def shows_usernames(context: dict) -> bool:
    """Whether a serializer's caller may see staff usernames (signed in)."""
    request = context.get("request")
    return request is not None and request.user.is_authenticated


class StrictSerializer(serializers.Serializer):
    """Refuses keys it does not know instead of silently dropping them."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            writable = {name for name, f in self.fields.items() if not f.read_only}
            # The browsable API's HTML form sends its CSRF token as a field.
            unknown = sorted(set(data) - writable - {"csrfmiddlewaretoken"})
            if unknown:
                raise serializers.ValidationError(
                    {name: ["Unknown or read-only field."] for name in unknown}
                )
        return super().to_internal_value(data)
