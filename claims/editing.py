"""The mechanics of claims added and corrected by hand: spans, sentences,
versions. Who may do it is the caller's question (annotations/rules.py,
asked by annotations/corrections.py); importers call these directly."""

import math

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from claims import tracking
from claims.errors import ClaimGone, StaleClaim
from claims.models import Article, Claim


def bump_version(claim: Claim) -> None:
    """Claim the next version or raise StaleClaim (ClaimGone if its article
    was deleted meanwhile).

    A conditional UPDATE takes the row's write lock in SQLite and PostgreSQL
    alike, so of two writers that loaded the same version exactly one wins.
    """
    rows = Claim.objects.filter(pk=claim.pk, version=claim.version).update(
        version=F("version") + 1
    )
    if rows != 1:
        current = Claim.objects.filter(pk=claim.pk).first()
        raise StaleClaim(current) if current else ClaimGone()
    claim.version += 1


def sentence_bounds(body: str, start: int, end: int) -> tuple[int, int]:
    """The line-and-full-stop sentence around a span, for claims added by hand."""
    left = max(body.rfind(mark, 0, start) for mark in (". ", "? ", "! ", "\n"))
    sentence_start = 0 if left < 0 else left + (1 if body[left] == "\n" else 2)
    sentence_start = min(sentence_start, start)
    rights = [
        i for i in (body.find(m, end) for m in (". ", "? ", "! ", "\n")) if i >= 0
    ]
    sentence_end = min(rights) + 1 if rights else len(body)
    sentence_end = max(min(sentence_end, len(body)), end)
    return sentence_start, sentence_end


def validate_span(body: str, start: int, end: int, text: str | None = None) -> None:
    if not (0 <= start < end <= len(body)):
        raise ValidationError(
            {"start": f"The span must satisfy 0 ≤ start < end ≤ {len(body)}."}
        )
    if not body[start:end].strip():
        raise ValidationError({"start": "The span holds only white space."})
    if text is not None and body[start:end] != text:
        raise ValidationError(
            {"text": "The text does not match the article at these offsets."}
        )


def _finite(name: str, value: int | float) -> float:
    """A number the database's float column holds: JSON reads `1e400` as
    infinity, and an integer of 400 digits overflows a float."""
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise ValidationError({"quantity": f"{name!r} is out of range."})
    return number


def _quantity_fields(quantity: dict) -> dict:
    """Claim fields from a `Claim.quantity`-shaped dict; ValidationError if bad."""
    fields = {}
    for name in ("value", "low", "high"):
        value = quantity.get(name)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int | float)
        ):
            raise ValidationError({"quantity": f"{name!r} must be a number or null."})
        fields[f"quantity_{name}"] = None if value is None else _finite(name, value)
    for name, limit in (("unit", 100), ("subject", 200), ("qualifier", 50)):
        value = quantity.get(name) or ""
        if not isinstance(value, str) or len(value) > limit:
            raise ValidationError(
                {"quantity": f"{name!r} must be text of at most {limit} characters."}
            )
        fields[f"quantity_{name}"] = value
    low, high = fields["quantity_low"], fields["quantity_high"]
    if low is not None and high is not None and low > high:
        raise ValidationError({"quantity": "'low' must not exceed 'high'."})
    return fields


def _save_unique(claim: Claim) -> None:
    """Save, turning the database's one-claim-per-span-and-kind rule into a
    message that names the field. Any other refusal of the database is said
    as such, not passed off as a duplicate."""
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError as exc:
        duplicate = Claim.objects.filter(
            article_id=claim.article_id, start=claim.start, end=claim.end
        ).filter(kind=claim.kind)
        if claim.pk:
            duplicate = duplicate.exclude(pk=claim.pk)
        if duplicate.exists():
            raise ValidationError(
                {"start": "This article already has a claim of that kind on this span."}
            ) from exc
        raise ValidationError(
            "The database refused this claim as inconsistent; nothing was saved."
        ) from exc


@transaction.atomic
def create_claim(
    *,
    article: Article,
    start: int,
    end: int,
    kind: str = Claim.Kind.OTHER,
    text: str | None = None,
    score: float = 0.0,
    speaker: str = "",
    quoted: bool = False,
    quantity: dict | None = None,
    sentence: tuple[int, int] | None = None,
    confidence: tuple[float | None, float | None] = (None, None),
) -> Claim:
    """A span of the article becomes a claim.

    score, speaker, quoted, quantity (a dict as `Claim.quantity` gives it)
    and sentence (start, end around the span; by default found here) carry a
    claim over from elsewhere, such as an imported Web Annotation;
    `confidence` is the analyser's (kind, speaker) confidence, None where a
    person chose.
    """
    validate_span(article.body, start, end, text)
    if kind not in Claim.Kind.values:
        raise ValidationError({"kind": f"Unknown kind {kind!r}."})
    if (
        isinstance(score, bool)
        or not isinstance(score, int | float)
        or not 0 <= score <= 1
    ):
        raise ValidationError({"score": "The score must be a number from 0 to 1."})
    if len(speaker) > 200:
        raise ValidationError({"speaker": "At most 200 characters."})
    quantity_fields = _quantity_fields(quantity) if quantity else {}
    if sentence is None:
        sentence_start, sentence_end = sentence_bounds(article.body, start, end)
    else:
        sentence_start, sentence_end = sentence
        if not (
            0 <= sentence_start <= start and end <= sentence_end <= len(article.body)
        ):
            raise ValidationError(
                {"sentence": "The sentence must hold the span and lie in the body."}
            )
    claim = Claim(
        article=article,
        start=start,
        end=end,
        text=article.body[start:end],
        sentence_start=sentence_start,
        sentence_end=sentence_end,
        kind=kind,
        score=float(score),
        speaker=speaker.strip(),
        quoted=bool(quoted),
        origin=Claim.Origin.MANUAL,
        kind_confidence=confidence[0],
        speaker_confidence=confidence[1] if speaker.strip() else None,
        **quantity_fields,
    )
    tracking.embed([claim])
    _save_unique(claim)
    return claim


@transaction.atomic
def change_claim(
    *,
    claim: Claim,
    kind: str | None = None,
    start: int | None = None,
    end: int | None = None,
    speaker: str | None = None,
) -> Claim:
    """Change a claim's kind, bounds or speaker; `claim.version` is the
    version edited (StaleClaim if it moved on)."""
    body = claim.article.body
    start = claim.start if start is None else start
    end = claim.end if end is None else end
    moved = (start, end) != (claim.start, claim.end)
    # An orphan keeps its span in an earlier version until it is given one in
    # the newest body, which attaches it again.
    if moved or not claim.is_orphaned:
        validate_span(body, start, end)
    if kind is not None and kind not in Claim.Kind.values:
        raise ValidationError({"kind": f"Unknown kind {kind!r}."})
    if speaker is not None and len(speaker) > 200:
        raise ValidationError({"speaker": "At most 200 characters."})
    bump_version(claim)
    if kind:  # a person's choice: no longer the extractor's guess
        claim.kind, claim.kind_confidence = kind, None
    if speaker is not None:
        claim.speaker, claim.speaker_confidence = speaker.strip(), None
    if moved:
        if claim.is_orphaned or not (
            claim.sentence_start <= start and end <= claim.sentence_end
        ):
            claim.sentence_start, claim.sentence_end = sentence_bounds(body, start, end)
        claim.start, claim.end, claim.text = start, end, body[start:end]
        if claim.is_orphaned:
            claim.anchor, claim.orphaned_from = Claim.Anchor.EXACT, None
        tracking.embed([claim])
    claim._change_reason = "corrected"
    _save_unique(claim)
    return claim
