"""An article's claims as W3C Web Annotations, and back.

Each claim is an Annotation whose target is the article (its URL, else its
API address) with a TextQuoteSelector (exact, prefix, suffix) and a
TextPositionSelector (start, end: code-point offsets into the body). The body
holds a TextualBody tagging the claim's kind, for any client, and a ClaimDesk
object with everything else (kind, status, score, speaker, quoted, quantity)
so that an export imported into an identical article recreates the same
claims. Workflow state (status) is reported, not imported: imported claims
start new.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from annotations.corrections import add_claim
from claims.models import Article, Claim

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CLAIM_BODY = "claimdesk:Claim"
CONTEXT_CHARS = 32  # characters of prefix and suffix in a TextQuoteSelector


def to_annotation(claim: Claim, *, article: Article, source: str, id: str) -> dict:
    body = article.body
    return {
        "@context": CONTEXT,
        "id": id,
        "type": "Annotation",
        "motivation": "classifying",
        "created": claim.created_at.isoformat(),
        "modified": claim.updated_at.isoformat(),
        "body": [
            {"type": "TextualBody", "purpose": "tagging", "value": claim.kind},
            {
                "type": CLAIM_BODY,
                "kind": claim.kind,
                "status": claim.status,
                "score": claim.score,
                "speaker": claim.speaker,
                "quoted": claim.quoted,
                "quantity": claim.quantity,
                "sentence": {
                    "start": claim.sentence_start,
                    "end": claim.sentence_end,
                },
            },
        ],
        "target": {
            "source": source,
            "selector": _selectors_of(claim, body),
        },
    }


def _selectors_of(claim: Claim, body: str) -> list[dict]:
    """Quote and position in `body`; an orphan, whose words are no longer in
    the body, by its quote alone."""
    if claim.is_orphaned:
        return [{"type": "TextQuoteSelector", "exact": claim.text}]
    return [
        {
            "type": "TextQuoteSelector",
            "exact": claim.text,
            "prefix": body[max(0, claim.start - CONTEXT_CHARS) : claim.start],
            "suffix": body[claim.end : claim.end + CONTEXT_CHARS],
        },
        {"type": "TextPositionSelector", "start": claim.start, "end": claim.end},
    ]


def to_collection(annotations: list[dict], *, article: Article, id: str) -> dict:
    """An AnnotationCollection with every annotation on its first page."""
    items = [{k: v for k, v in a.items() if k != "@context"} for a in annotations]
    return {
        "@context": CONTEXT,
        "id": id,
        "type": "AnnotationCollection",
        "label": article.title,
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def annotation_items(data: object) -> list:
    """The annotations in a POSTed document: one, a list, a page or a collection."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise ValidationError({"type": "Send an Annotation, a list of them, an "
                               "AnnotationPage or an AnnotationCollection."})  # fmt: skip
    kind = data.get("type")
    if kind == "AnnotationCollection":
        first = data.get("first")
        if not isinstance(first, dict) or not isinstance(first.get("items"), list):
            raise ValidationError({"first.items": "The collection holds no items."})
        return first["items"]
    if kind == "AnnotationPage":
        if not isinstance(data.get("items"), list):
            raise ValidationError({"items": "The page holds no items."})
        return data["items"]
    return [data]


def _error(where: str, field: str, message: str) -> ValidationError:
    return ValidationError({f"{where}{field}": message})


def _selectors(target: object, where: str) -> tuple[dict | None, dict | None]:
    if not isinstance(target, dict):
        raise _error(where, "target", "Give a target object with selectors.")
    selectors = target.get("selector")
    if isinstance(selectors, dict):
        selectors = [selectors]
    if not isinstance(selectors, list) or not selectors:
        raise _error(where, "target.selector", "Give a TextQuoteSelector.")
    by_type = {}
    for selector in selectors:
        if not isinstance(selector, dict):
            raise _error(where, "target.selector", "Each selector is an object.")
        by_type.setdefault(selector.get("type"), selector)
    quote, position = (
        by_type.get("TextQuoteSelector"),
        by_type.get("TextPositionSelector"),
    )
    if quote is None:
        raise _error(where, "target.selector", "A TextQuoteSelector is required.")
    return quote, position


def _string(selector: dict, name: str, where: str, required: bool = False) -> str:
    value = selector.get(name, "")
    if not isinstance(value, str) or (required and not value):
        raise _error(
            where, f"target.selector.{name}", "Must be a string" + (
                ", not empty." if required else "."
            )
        )  # fmt: skip
    return value


def anchor(
    body: str, quote: dict, position: dict | None, where: str
) -> tuple[int, int]:
    """The (start, end) the selectors point at in `body`.

    The position selector is tried first and accepted when it agrees with the
    quote; otherwise the quote is found, using prefix and suffix to choose
    among repeated occurrences.
    """
    exact = _string(quote, "exact", where, required=True)
    prefix = _string(quote, "prefix", where)
    suffix = _string(quote, "suffix", where)
    if position is not None:
        start, end = position.get("start"), position.get("end")
        for name, value in (("start", start), ("end", end)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise _error(
                    where, f"target.selector.{name}", "Must be a whole number ≥ 0."
                )
        if start >= end or end > len(body):
            raise _error(
                where,
                "target.selector.start",
                f"The span must satisfy 0 ≤ start < end ≤ {len(body)}.",
            )
        if body[start:end] == exact:
            return start, end
    found = []
    at = body.find(exact)
    while at >= 0:
        found.append(at)
        at = body.find(exact, at + 1)
    if not found:
        raise _error(
            where, "target.selector.exact", "The quoted text is not in the article."
        )
    fitting = [
        s
        for s in found
        if body[:s].endswith(prefix) and body[s + len(exact) :].startswith(suffix)
    ]
    candidates = fitting or found
    if len(candidates) > 1:
        raise _error(
            where,
            "target.selector.prefix",
            "The quote occurs more than once; prefix and suffix do not tell which.",
        )
    return candidates[0], candidates[0] + len(exact)


def _claim_body(body: object, where: str) -> dict:
    bodies = body if isinstance(body, list) else [body] if body is not None else []
    for item in bodies:
        if isinstance(item, dict) and item.get("type") == CLAIM_BODY:
            return item
    for item in bodies:  # another tool's annotation: a tag naming a kind
        if (
            isinstance(item, dict)
            and item.get("type") == "TextualBody"
            and item.get("value") in Claim.Kind.values
        ):
            return {"kind": item["value"]}
    if any(not isinstance(item, dict) for item in bodies):
        raise _error(where, "body", "Each body is an object.")
    return {}


def parse_annotation(data: object, body: str, where: str = "") -> dict:
    """add_claim's arguments for one annotation; ValidationError naming the field."""
    if not isinstance(data, dict):
        raise _error(where, "", "An annotation is a JSON object.")
    if data.get("type") != "Annotation":
        raise _error(where, "type", 'Must be "Annotation".')
    quote, position = _selectors(data.get("target"), where)
    start, end = anchor(body, quote, position, where)
    claim = _claim_body(data.get("body"), where)
    arguments: dict = {"start": start, "end": end}
    for name, kinds in (
        ("kind", str),
        ("score", int | float),
        ("speaker", str),
        ("quoted", bool),
        ("quantity", dict | None),
    ):
        if name in claim:
            value = claim[name]
            if not isinstance(value, kinds) or (name == "score" and value is True):
                raise _error(where, f"body.{name}", "Wrong type.")
            if value is not None:
                arguments[name] = value
    sentence = claim.get("sentence")
    if sentence is not None:
        bounds = (
            sentence.get("start") if isinstance(sentence, dict) else None,
            sentence.get("end") if isinstance(sentence, dict) else None,
        )
        if not all(isinstance(b, int) and not isinstance(b, bool) for b in bounds):
            raise _error(where, "body.sentence", "Give whole-number start and end.")
        # The sentence moves with a span re-anchored by its quote; when it no
        # longer holds the span, add_claim finds the sentence itself.
        moved = position is not None and position["start"] != start
        shift = start - position["start"] if moved else 0
        first, last = bounds[0] + shift, bounds[1] + shift
        if 0 <= first <= start and end <= last <= len(body):
            arguments["sentence"] = (first, last)
    return arguments


@transaction.atomic
def import_annotations(*, article: Article, data: object, user) -> list[Claim]:
    """Create the claims a Web Annotation document describes; all or nothing."""
    items = annotation_items(data)
    if not items:
        raise ValidationError({"items": "There are no annotations to import."})
    created = []
    for index, item in enumerate(items):
        where = f"items[{index}]." if len(items) > 1 or isinstance(data, list) else ""
        arguments = parse_annotation(item, article.body, where)
        try:
            created.append(add_claim(article=article, user=user, **arguments))
        except ValidationError as exc:
            raise ValidationError(
                {
                    f"{where}{'target.selector.' if k in ('start', 'text') else 'body.'}{k}": v
                    for k, v in exc.message_dict.items()
                }
            ) from exc
    return created
