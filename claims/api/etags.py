"""ETags of the API's answers: If-None-Match gives 304, a claim's If-Match
names the version it was edited at (412 if stale, 428 if missing), and the
schema declares the header on the answers that carry it."""

import hashlib
import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from rest_framework import (
    exceptions,
    status,
)
from rest_framework.request import Request
from rest_framework.response import Response

# One entity tag of an If-Match list (RFC 9110 §8.8.3): "*" or a quoted tag,
# possibly weak. A claim's tag names its version: `"v<version>-<hash>"`.
_ENTITY_TAG = re.compile(r'\*|(?:W/)?"[^"]*"')
_CLAIM_TAG = re.compile(r'"v(\d+)(?:-[0-9a-f]*)?"')


def representation_etag(data, prefix: str = "") -> str:
    digest = hashlib.sha256(
        json.dumps(data, sort_keys=True, cls=DjangoJSONEncoder).encode()
    ).hexdigest()[:16]
    return f'"{prefix}{digest}"'


def claim_etag(version: int, data) -> str:
    """`"v<version>-<hash>"`: If-Match compares the version, If-None-Match the
    whole tag (evidence added to a claim changes the hash, not the version)."""
    return representation_etag(data, prefix=f"v{version}-")


def not_modified(request: Request, etag: str) -> bool:
    wanted = request.headers.get("If-None-Match", "")
    tags = {t.strip().removeprefix("W/") for t in wanted.split(",")}
    return etag in tags or "*" in tags


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = (
        "Send If-Match with the ETag of the claim you edited, so that nobody's "
        "change is overwritten."
    )
    default_code = "precondition_required"


def if_match_allows(request: Request, version: int) -> bool:
    """Whether If-Match names the claim at `version` (RFC 9110 §13.1.1): `*`
    or one of its tags does; a tag that is not the current one, malformed or
    weak (If-Match compares strongly) does not, and the caller gets 412 with
    the claim as it is now. Only a missing header is 428."""
    header = request.headers.get("If-Match", "")
    if not header.strip():
        raise PreconditionRequired()
    for tag in _ENTITY_TAG.findall(header):
        if tag == "*":
            return True
        match = _CLAIM_TAG.fullmatch(tag)
        if match is not None and int(match.group(1)) == version:
            return True
    return False


class ConditionalRetrieveMixin:
    """retrieve() with an ETag and If-None-Match → 304."""

    def etag_for(self, instance, data) -> str:
        return representation_etag(data)

    def respond(self, instance, status_code: int = status.HTTP_200_OK) -> Response:
        data = self.get_serializer(instance).data
        etag = self.etag_for(instance, data)
        if self.request.method in ("GET", "HEAD") and not_modified(self.request, etag):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        return Response(data, status=status_code, headers={"ETag": etag})

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        return self.respond(self.get_object())


_ETAG = {
    "description": 'The version of what you read: `"v<version>-<hash>"` for a '
    "claim (send it back in If-Match), a hash elsewhere (for If-None-Match).",
    "required": True,
    "schema": {"type": "string"},
}


# Operations whose answers carry an ETag (ConditionalRetrieveMixin.respond);
# each app adds its own with declare_etag_operations().
ETAG_OPERATIONS = {"articles_retrieve", "articles_create"}


def declare_etag_operations(*operation_ids: str) -> None:
    ETAG_OPERATIONS.update(operation_ids)


def declare_etag(operation_id: str, responses: dict) -> None:
    """Declare the ETag of every detail answer (read, create, change, stale)."""
    if operation_id not in ETAG_OPERATIONS:
        return
    for code in ("200", "201", "304", "412"):
        if code in responses:
            responses[code].setdefault("headers", {})["ETag"] = _ETAG
