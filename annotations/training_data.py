"""Reviewers' corrections of the extractor, out as training data.

`export_claims --corrections` writes one JSON object a line for each
extracted claim whose kind, speaker or words a person corrected: what the
extractor said (the claim's first history record, with its confidences) and
what the claim says now, with the sentence around it — pairs to measure the
extractor's confidences on, and to fit the next one.
"""

import json
from collections.abc import Iterator

from claims.models import Claim

CHUNK = 500
CORRECTED = "corrected"  # the change reason claims.editing.change_claim records
_FIELDS = ("kind", "speaker", "start", "end", "text")


def correction_lines() -> Iterator[str]:
    """JSONL, in claim id order, CHUNK claims at a time (three queries each)."""
    history = Claim.history.model.objects
    last = 0
    while True:
        ids = list(
            history.filter(history_change_reason=CORRECTED, id__gt=last)
            .order_by("id")
            .values_list("id", flat=True)
            .distinct()[:CHUNK]
        )
        if not ids:
            return
        last = ids[-1]
        claims = (
            Claim.objects.filter(pk__in=ids, origin=Claim.Origin.EXTRACTED)
            .select_related("article")
            .defer("embedding")
            .order_by("pk")
        )
        first, by = _first_and_last_corrected(ids)
        for claim in claims:
            before = first[claim.pk]
            yield json.dumps(_record(claim, before, by.get(claim.pk))) + "\n"


def _first_and_last_corrected(ids: list[int]) -> tuple[dict, dict]:
    """Each claim's first history record, and who corrected it last."""
    first: dict[int, object] = {}
    by: dict[int, dict] = {}
    records = (
        Claim.history.model.objects.filter(id__in=ids)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    for record in records:
        first.setdefault(record.id, record)
        if record.history_change_reason == CORRECTED:
            user = record.history_user
            by[record.id] = {
                "by": user.get_username() if user else None,
                "at": record.history_date.isoformat(),
            }
    return first, by


def _record(claim: Claim, before, corrected: dict | None) -> dict:
    article = claim.article
    return {
        "claim": claim.pk,
        "article": claim.article_id,
        "extractor_version": claim.extractor_version,
        "sentence": article.body_of(claim)[claim.sentence_start : claim.sentence_end],
        "extracted": {
            **{name: getattr(before, name) for name in _FIELDS},
            "kind_confidence": before.kind_confidence,
            "speaker_confidence": before.speaker_confidence,
        },
        "corrected": {name: getattr(claim, name) for name in _FIELDS},
        **(corrected or {"by": None, "at": None}),
    }
