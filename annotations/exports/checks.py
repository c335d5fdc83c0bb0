"""A restore's checks of one value: each says what is wrong, by line."""

import base64
import binascii
import datetime
import json
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from annotations.exports.fields import EMBEDDING_BYTES, MAX_ID
from claims.validators import has_unstorable_characters


class RestoreError(ValidationError):
    """A line that cannot be restored; the message names it."""


USERNAME = User._meta.get_field("username")


def reason(exc: BaseException) -> str:
    """One line saying what is wrong, without a traceback."""
    if isinstance(exc, KeyError):
        return f"missing field {exc.args[0]!r}"
    if isinstance(exc, RecursionError):
        return "malformed JSON (nested too deeply)"
    if isinstance(exc, json.JSONDecodeError):
        return f"malformed JSON ({exc.msg})"
    if isinstance(exc, ValidationError):
        if not hasattr(exc, "error_dict"):
            return " ".join(exc.messages)
        return "; ".join(
            " ".join(messages)
            if name == NON_FIELD_ERRORS
            else f"{name}: " + " ".join(messages)
            for name, messages in exc.message_dict.items()
        )
    return str(exc)


def nested(exc: BaseException, where: str) -> ValueError:
    return ValueError(f"{where}: {reason(exc)}")


def check_text(value: object, where: str = "") -> None:
    """Every string in a record must be storable text (no NUL, no surrogate)."""
    if isinstance(value, str):
        if has_unstorable_characters(value):
            raise ValueError(
                f"{where or 'a value'}: contains a NUL byte or a lone surrogate"
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            check_text(key, where)
            check_text(item, f"{where}.{key}" if where else key)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            check_text(item, f"{where}[{i}]")


def timestamp(value: object, name: str, *, null: bool = False) -> object:
    if value is None and null:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name}: not an ISO 8601 date and time")
    try:
        return datetime.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name}: not an ISO 8601 date and time") from None


def count(value: object, name: str) -> int:
    """A positive whole number (an article's version)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not 1 <= value <= MAX_ID
    ):
        raise ValueError(f"{name}: a whole number from 1")
    return value


def day(value: object, name: str) -> datetime.date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name}: not a date (YYYY-MM-DD)")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name}: not a date (YYYY-MM-DD)") from None


def confidence(value: object, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name}: a number from 0 to 1, or null")
    if not 0 <= value <= 1:
        raise ValueError(f"{name}: a number from 0 to 1, or null")
    return float(value)


def embedding(value: object) -> tuple[bytes | None, str | None]:
    """A claim's exported embedding (absent from older exports): its bytes
    and model, or (None, None); `reembed_claims` fills in what is missing."""
    if value is None:
        return None, None
    if not isinstance(value, dict) or set(value) != {"model", "base64"}:
        raise ValueError('embedding: expected {"model": …, "base64": …} or null')
    model, data = value["model"], value["base64"]
    if not isinstance(model, str) or not 0 < len(model) <= 100:
        raise ValueError("embedding: 'model' must be a name of 1-100 characters")
    try:
        raw = base64.b64decode(data, validate=True)
    except (TypeError, ValueError, binascii.Error):
        raise ValueError("embedding: 'base64' is not base64") from None
    if len(raw) != EMBEDDING_BYTES:
        raise ValueError(f"embedding: {len(raw)} bytes, expected {EMBEDDING_BYTES}")
    return raw, model


def valid(obj: models.Model, exclude: Iterable[str]) -> models.Model:
    """The object's fields as the model declares them: types, choices, lengths,
    validators. Constraints across rows are left to the database, whose refusal
    is then named by line (see _Restore.save)."""
    obj.full_clean(
        exclude=list(exclude), validate_unique=False, validate_constraints=False
    )
    return obj
