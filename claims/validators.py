"""What any text that comes in must be, whichever way it comes: the browser's
import form, the API, `import_articles`, `restore_claims` and the admin.

An article's URL is rendered as a link, so it must be a web address and
nothing a browser would run (`javascript:`, `data:`): http or https, a host,
at most URL_MAX_LENGTH characters, no control characters.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.deconstruct import deconstructible

URL_SCHEMES = ("http", "https")
URL_MAX_LENGTH = 2000
URL_MESSAGE = "Enter an http:// or https:// URL."

_url_validator = URLValidator(schemes=list(URL_SCHEMES), message=URL_MESSAGE)


def has_control_characters(value: str) -> bool:
    """Control characters (NUL included) or lone surrogates (not Unicode text)."""
    return any(unicodedata.category(ch) in ("Cc", "Cs") for ch in value)


def has_unstorable_characters(value: str) -> bool:
    """A NUL byte (PostgreSQL refuses it) or a lone surrogate (not UTF-8)."""
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


@deconstructible
class WebURLValidator:
    """The one rule for an article's URL (see the module docstring)."""

    def __call__(self, value: object) -> None:
        if not isinstance(value, str):
            raise ValidationError(URL_MESSAGE, code="invalid_url")
        if len(value) > URL_MAX_LENGTH:
            raise ValidationError(
                f"The URL is longer than {URL_MAX_LENGTH:,} characters.",
                code="max_length",
            )
        if has_control_characters(value):
            raise ValidationError(
                "The URL contains a control character.", code="invalid_url"
            )
        _url_validator(value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WebURLValidator)

    def __hash__(self) -> int:
        return hash(WebURLValidator)


validate_web_url = WebURLValidator()


def is_web_url(value: str) -> bool:
    """True when `value` passes the URL rule: safe to render as a link."""
    try:
        validate_web_url(value)
    except ValidationError:
        return False
    return True
