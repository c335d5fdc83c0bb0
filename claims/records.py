"""Articles as they come in, before anything is saved: records read from
.txt, .json and .jsonl files, and every field checked as the models take it
(size limits included). The import command, the browser's import form, the
API, the URL intake and the restore ask this module; claims/ingest.py saves
what passes."""

import datetime
import json
import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from claims.extraction.furniture import is_furniture
from claims.models import Article
from claims.validators import has_unstorable_characters, validate_web_url

if TYPE_CHECKING:  # claims.intake imports this module
    from claims.intake.fetch import Page

SUFFIXES = (".txt", ".json", ".jsonl")
_FIELDS = ("title", "body", "url", "publisher", "byline", "published")
# spaCy refuses a text longer than this many characters (Language.max_length).
SPACY_MAX_LENGTH = 1_000_000


class ImportProblem(ValueError):
    """A file or record that cannot be imported; the message says why."""


@dataclass
class ArticleRecord:
    body: str
    title: str = ""
    url: str = ""
    publisher: str = ""
    byline: str = ""
    published: datetime.date | None = None
    extra: dict = field(default_factory=dict)
    snapshot: "Page | None" = None  # the fetched page, for an article from a URL


def max_bytes() -> int:
    """The largest article (UTF-8 bytes), wherever it comes from. Never more
    than spaCy parses: a character is at least one byte."""
    return min(settings.CLAIMDESK_MAX_ARTICLE_BYTES, SPACY_MAX_LENGTH)


def max_request_bytes() -> int:
    """The most article text one browser or API request imports. Claims are
    extracted while the request waits (about 2,000–5,000 words a second), so
    this keeps a request to a few seconds; `import_articles` has no time limit.
    """
    return min(settings.CLAIMDESK_MAX_REQUEST_ARTICLE_BYTES, max_bytes())


def too_large(size: int, limit: int) -> str:
    """The message for an article (or several) of `size` bytes over `limit`."""
    if limit >= max_bytes():
        return f"The article is {size:,} bytes; the limit is {limit:,}."
    return (
        f"The article is {size:,} bytes; here the limit is {limit:,}, as its claims "
        "are found while you wait. Import larger articles (up to "
        f"{max_bytes():,} bytes) with `python manage.py import_articles`, which "
        "has no time limit."
    )


def validate_body(body: str, *, max_size: int | None = None) -> str:
    """Not empty, text that can be stored, at most `max_size` (else
    max_bytes()) UTF-8 bytes."""
    if not body.strip():
        raise ValidationError({"body": "The article is empty."})
    if has_unstorable_characters(body):
        raise ValidationError(
            {"body": "The article contains a NUL byte or a lone surrogate."}
        )
    limit = max_bytes() if max_size is None else min(max_size, max_bytes())
    size = len(body.encode("utf-8"))
    if size > limit:
        # The code rides on the inner error: the API answers it with 413.
        error = ValidationError(too_large(size, limit), code="too_large")
        raise ValidationError({"body": error})
    return body


def validate_article(
    *,
    body: str,
    title: str = "",
    url: str = "",
    publisher: str = "",
    byline: str = "",
    max_size: int | None = None,
) -> None:
    """Every field as the models take it; a ValidationError names each bad one.

    The browser, the API, `import_articles` and `restore_claims` all ask this.
    """
    errors: dict[str, list[ValidationError]] = {}
    try:
        validate_body(body, max_size=max_size)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    for name, value in (("title", title), ("publisher", publisher), ("byline", byline)):
        limit = Article._meta.get_field(name).max_length
        if len(value) > limit:
            message = f"Longer than {limit:,} characters."
            errors[name] = [ValidationError(message, code="max_length")]
        elif has_unstorable_characters(value):
            message = "Contains a NUL byte or a lone surrogate."
            errors[name] = [ValidationError(message, code="invalid")]
    if url:
        try:
            validate_web_url(url)
        except ValidationError as exc:
            errors["url"] = exc.error_list
    if errors:
        raise ValidationError(errors)


def split_title_line(text: str) -> tuple[str, str]:
    """("Title", body) when the text opens with a headline line and a blank line."""
    match = re.match(r"\s*([^\n]+)\n\s*\n", text)
    if match:
        line = match.group(1).strip()
        if (
            is_furniture(line)
            and len(line.split()) >= 3
            and not line.startswith(("•", "["))
        ):
            return line, text[match.end() :]
    return "", text


def _record(data: object, where: str) -> ArticleRecord:
    if not isinstance(data, dict):
        raise ImportProblem(f"{where}: expected a JSON object with a body")
    unknown = set(data) - set(_FIELDS)
    body = data.get("body")
    if not isinstance(body, str):
        raise ImportProblem(f"{where}: 'body' is missing or not a string")
    values = {}
    for name in ("title", "url", "publisher", "byline"):
        value = data.get(name) or ""
        if not isinstance(value, str):
            raise ImportProblem(f"{where}: {name!r} must be a string")
        values[name] = value.strip()
    published = data.get("published")
    if published not in (None, ""):
        try:
            values["published"] = datetime.date.fromisoformat(str(published)[:10])
        except ValueError:
            raise ImportProblem(
                f"{where}: 'published' is not a date (YYYY-MM-DD)"
            ) from None
    return ArticleRecord(body=body, extra={k: data[k] for k in unknown}, **values)


def parse_article_file(
    name: str, data: bytes, *, title: str = "", max_size: int | None = None
) -> tuple[list[tuple[str, ArticleRecord]], list[str]]:
    """((where, record) pairs, problems) from a .txt, .json or .jsonl file.

    A file that cannot be read at all raises ImportProblem; in a file of many
    articles each bad record is a problem of its own and the rest still count.
    Each article may be `max_size` bytes (else max_bytes()).
    """
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportProblem(f"{name}: not a .txt, .json or .jsonl file")
    if not data.strip():
        raise ImportProblem(f"{name}: the file is empty")
    if len(data) > max_bytes() and suffix == ".txt":
        raise ImportProblem(
            f"{name}: {len(data):,} bytes is over the limit of {max_bytes():,}"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportProblem(f"{name}: not UTF-8 text (byte {exc.start})") from None
    text = text.removeprefix("\ufeff")
    if suffix == ".txt":
        first_line, body = split_title_line(text)
        items = [(name, ArticleRecord(body=body, title=title or first_line))]
    elif suffix == ".json":
        try:
            loaded = _json(text)
        except ImportProblem as exc:
            raise ImportProblem(f"{name}: {exc}") from None
        many = isinstance(loaded, list)
        if many and not loaded:
            raise ImportProblem(f"{name}: an empty list, no article in it")
        items = [(f"{name}[{i}]" if many else name, item)
                 for i, item in enumerate(loaded if many else [loaded])]  # fmt: skip
    else:
        items = []
        # Lines end at "\n" only: JSON strings may hold U+2028 and the like,
        # which str.splitlines() would break on.
        for number, line in enumerate(text.split("\n"), start=1):
            if line.strip():
                where = f"{name}:{number}"
                try:
                    items.append((where, _json(line)))
                except ImportProblem as exc:
                    items.append((where, ImportProblem(f"{where}: {exc}")))
    records, problems = [], []
    for where, item in items:
        try:
            if isinstance(item, ImportProblem):
                raise item
            record = item if isinstance(item, ArticleRecord) else _record(item, where)
            check_record(record, where, max_size=max_size)
            records.append((where, record))
        except ImportProblem as exc:
            problems.append(str(exc))
    return records, problems


def _json(text: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportProblem(f"malformed JSON ({exc.msg}, line {exc.lineno})") from None
    except RecursionError:
        raise ImportProblem("malformed JSON (nested too deeply)") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise ImportProblem(f"malformed JSON ({exc})") from None


def check_record(
    record: ArticleRecord, where: str, *, max_size: int | None = None
) -> None:
    """ImportProblem, one line naming `where` and each bad field, unless the
    record passes validate_article()."""
    try:
        validate_article(
            body=record.body,
            title=record.title,
            url=record.url,
            publisher=record.publisher,
            byline=record.byline,
            max_size=max_size,
        )
    except ValidationError as exc:
        raise ImportProblem(f"{where}: {describe(exc)}") from None


def describe(error: ValidationError) -> str:
    """One line: the body's message as it is, other fields named."""
    parts = []
    for name, messages in error.message_dict.items():
        text = " ".join(messages)
        parts.append(text if name in ("body", NON_FIELD_ERRORS) else f"{name}: {text}")
    return "; ".join(parts)
