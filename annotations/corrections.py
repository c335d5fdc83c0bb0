"""Claims marked and corrected by people, under the rules table."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from annotations import rules, workflow
from claims import editing, tracking
from claims.editing import validate_span
from claims.ingest import analysed_span
from claims.models import Article, Claim

_UNSET = object()


@transaction.atomic
def add_claim(*, article: Article, start: int, end: int, user: User, **fields) -> Claim:
    """A reviewer marks a span of the article as a claim. `fields` are
    `claims.editing.create_claim`'s (kind, text, score, speaker, …); without
    a score, the span is analysed as the extractor would (kind, score,
    speaker, quantity), and a kind given wins. Its candidates in other
    articles are found as at import."""
    error = rules.add_claim_refusal(user)
    if error is not None:
        raise error
    if "score" not in fields:  # marked by hand: analysed as the extractor would
        validate_span(article.body, start, end, fields.get("text"))
        analysed = analysed_span(article.body, start, end)
        if "kind" in fields:  # the person's kind, not the analyser's guess
            analysed["confidence"] = (None, analysed["confidence"][1])
        fields = analysed | fields
    claim = editing.create_claim(article=article, start=start, end=end, **fields)
    tracking.match_new_claims([claim])
    return claim


@transaction.atomic
def correct_claim(
    *,
    claim: Claim,
    user: User,
    kind: str | None = None,
    start: int | None = None,
    end: int | None = None,
    speaker: str | None = None,
) -> Claim:
    """Change a claim's kind, bounds or speaker; `claim.version` is the
    version the person corrected."""
    rules.check(user, claim, "correct")
    claim._history_user = user  # who corrected it, in its history
    return editing.change_claim(
        claim=claim, kind=kind, start=start, end=end, speaker=speaker
    )


@transaction.atomic
def edit_claim(*, claim: Claim, user: User, assignee=_UNSET, **corrections) -> Claim:
    """Corrections and an assignment together, all or nothing (the API's
    PATCH). `corrections` are correct_claim's; `assignee` a User or None."""
    if not corrections and assignee is _UNSET:
        raise ValidationError(
            "Send at least one of kind, start, end, speaker, assignee."
        )
    if corrections:
        correct_claim(claim=claim, user=user, **corrections)
    if assignee is not _UNSET:
        workflow.assign(claim=claim, assignee=assignee, user=user)
    return claim
