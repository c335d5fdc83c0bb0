"""Errors as JSON: the domain's exceptions turned into answers (settings name
`exception_handler`, so this module must not import rest_framework.views
while it loads), the errors every operation declares in the schema, and the
404 of a URL no route matches.

The domain raises Django's ValidationError (naming the field), NotAllowed,
InvalidTransition and StaleClaim; `exception_handler` turns them into JSON
answers, so viewsets call the domain functions and nothing else."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.defaults import page_not_found
from rest_framework import (
    serializers,
    status,
)
from rest_framework.response import Response

from claims.api.etags import declare_etag
from claims.errors import ClaimGone, InvalidTransition, NotAllowed, StaleClaim


class ErrorSerializer(serializers.Serializer):
    """The body of every error that is not about a field."""

    detail = serializers.CharField()


def _validation_data(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return exc.message_dict
    return {"non_field_errors": exc.messages}


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """Domain errors → JSON: 400 naming the field, 403, 404 (a claim deleted
    meanwhile), 409, 412, 413 (an article over its limit, or any request over
    Django's upload limit)."""
    if isinstance(exc, DjangoValidationError):
        too_large = any(
            error.code == "too_large"
            for errors in getattr(exc, "error_dict", {}).values()
            for error in errors
        )
        code = (
            status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
            if too_large
            else status.HTTP_400_BAD_REQUEST
        )
        return Response(_validation_data(exc), status=code)
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return Response(
            {"body": [f"The request is over the limit of {limit:,} bytes."]},
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, NotAllowed):
        return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, ClaimGone):
        return Response({"detail": str(exc)}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, InvalidTransition):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, StaleClaim):
        view = context.get("view")
        if view is not None and hasattr(view, "stale_response"):
            return view.stale_response(exc)
        return Response(
            {"detail": str(exc)}, status=status.HTTP_412_PRECONDITION_FAILED
        )
    # Imported here: settings import this module while rest_framework.views loads.
    from rest_framework.views import exception_handler as drf_exception_handler

    return drf_exception_handler(exc, context)


# --- schema ----------------------------------------------------------------

_ERRORS = {
    "400": ("Bad input: each field named with its messages.", "FieldErrors"),
    "401": ("Not signed in, or a bad token.", "Error"),
    "403": ("Your role or the workflow does not allow this.", "Error"),
    "404": ("No such object visible to you, or a bad cursor.", "Error"),
    "429": ("Too many requests; retry after `Retry-After` seconds.", "Error"),
}
_ERROR_SCHEMAS = {
    "Error": {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
        "example": {"detail": "You do not have permission to perform this action."},
    },
    "FieldErrors": {
        "type": "object",
        "additionalProperties": {
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "string"}},
            ]
        },
        "example": {"url": ["Enter an http:// or https:// URL."]},
    },
}


def add_error_responses(result: dict, generator, request, public) -> dict:
    """drf-spectacular post-processing hook: every operation declares the
    errors any endpoint can give (bad input, auth, not found, throttled)."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(_ERROR_SCHEMAS)
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            declare_etag(operation["operationId"], responses)
            for code, (description, name) in _ERRORS.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{name}"}
                            }
                        },
                    },
                )
    return result


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: JSON under /api/ (a URL no route matches), the page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)
