"""Claims tracked across articles: their embeddings, and the candidates from
other articles each claim is offered at ingest and on request.

Embeddings are computed with the claims' extraction (claims/ingest.py) and
stored on the claim (`Claim.embedding`, float16 bytes, with the model's id).
Lookups go through one ClaimIndex per process (BM25 and the stored vectors,
claims.matching), loaded from the database once and then topped up with the
claims created since, read from the change feed: a lookup reads no more than
the new rows, whatever the number of claims. What the index returns is
checked against the database (the claim still exists, its text unchanged),
so a deleted or corrected claim is never offered from a stale copy.

Who confirms a match, and what a group shares, is annotations/groups.py.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connections, router

from claims.extraction.types import ClaimCandidate
from claims.matching import (
    MODEL_ID,
    RELATED,
    ClaimIndex,
    Relation,
    embed_texts,
    relation,
    vector_to_bytes,
    vectors_from_bytes,
)
from claims.models import ChangeEvent, Claim, ClaimMatch

# Candidates stored for each new claim, and the least score worth storing
# (below it the other article's claim shares a topic, not a claim).
CANDIDATES_PER_CLAIM = 5
MIN_SCORE = 0.2
_LOAD_CHUNK = 5_000
# A claim of fewer words ("twenty-four years": a quantity the extractor could
# not widen to what it counts) says too little to be the same claim as another, or to
# conflict with it: it is only ever related (its sentence's claim is compared).
MIN_WORDS = 3


def matching_text(claim: Claim | ClaimCandidate) -> str:
    """What is embedded and matched: the claim's words (a candidate's are
    the claim's it becomes)."""
    return claim.text


def embeddings(texts: Sequence[str]) -> list[bytes]:
    """Each text's vector in its stored form: one batch."""
    return [vector_to_bytes(vector) for vector in embed_texts(list(texts))]


def embed(claims: Sequence[Claim], stored: Sequence[bytes] | None = None) -> None:
    """Set each claim's embedding and model (not saved): `stored`, computed
    ahead from the same texts (`embedded`), else one batch now."""
    if stored is None:
        stored = embeddings([matching_text(c) for c in claims])
    for claim, data in zip(claims, stored, strict=True):
        claim.embedding = data
        claim.embedding_model = MODEL_ID


def embedded(candidates: list[ClaimCandidate]) -> tuple[list, list[bytes]]:
    """An article's claims with their stored vectors: what an extraction
    worker process hands the import (claims/intake/jobs.py), so the
    embedding runs beside the parsing on every worker, not after it in the
    one process that saves."""
    return candidates, embeddings([matching_text(c) for c in candidates])


def vector_of(claim: Claim):
    """The claim's stored embedding, or one computed now if it has none from
    the current model."""
    if claim.embedding is not None and claim.embedding_model == MODEL_ID:
        return vectors_from_bytes([bytes(claim.embedding)])[0]
    return embed_texts([matching_text(claim)])[0]


class _LiveIndex:
    """The process's ClaimIndex over the stored claims, topped up on use.

    Loaded whole once, then from the change feed: the claims created since
    the last event read, and the new words of those updated since
    (claims/changes.py numbers events in commit order, so a claim committed
    late by another worker is not skipped, as it would be by reading ids
    above the last one seen)."""

    def __init__(self) -> None:
        self.index = ClaimIndex()
        self.texts: dict[int, str] = {}
        # The last change event read: (seq, created_at), or None before the
        # first load. A number can come back after a rollback (a failed
        # import), a time cannot: an event that is gone means a reload.
        self.mark: tuple[int, object] | None = None
        self.lock = threading.Lock()

    def refresh(self) -> ClaimIndex:
        events = ChangeEvent.objects.order_by("seq")
        if self.mark is None or (
            self.mark[0]
            and not events.filter(seq=self.mark[0], created_at=self.mark[1]).exists()
        ):
            self.__init__()
            newest = events.reverse().values_list("seq", "created_at").first()
            self.mark = newest or (0, None)
            self._load(Claim.objects.all())
            return self.index
        op = ChangeEvent.Operation
        while True:
            news = list(
                events.filter(
                    seq__gt=self.mark[0],
                    model="claims.claim",
                    operation__in=[op.CREATE, op.UPDATE],
                ).values_list("seq", "created_at", "object_id", "operation")[
                    :_LOAD_CHUNK
                ]
            )
            if not news:
                return self.index
            created = {pk for _, _, pk, what in news if what == op.CREATE}
            updated = {pk for _, _, pk, what in news if pk in self.texts} - created
            self._load(Claim.objects.filter(pk__in=created))
            self._reword(updated)
            self.mark = news[-1][:2]

    def _reword(self, pks: set[int]) -> None:
        """Claims whose words changed (corrected, re-anchored) since they were
        loaded: their new words and vectors replace the old."""
        changed = [
            row
            for row in Claim.objects.filter(
                pk__in=pks, embedding__isnull=False, embedding_model=MODEL_ID
            ).values_list("pk", "text", "embedding")
            if row[1] != self.texts[row[0]]
        ]
        if changed:
            self.index.replace(
                [str(pk) for pk, _, _ in changed],
                [text for _, text, _ in changed],
                vectors=vectors_from_bytes([bytes(v) for _, _, v in changed]),
            )
            self.texts.update((pk, text) for pk, text, _ in changed)

    def _load(self, claims) -> None:
        """Add `claims` with an embedding of the current model, in chunks."""
        last = 0
        while True:
            rows = list(
                claims.filter(
                    pk__gt=last, embedding__isnull=False, embedding_model=MODEL_ID
                )
                .order_by("pk")
                .values_list("pk", "text", "embedding")[:_LOAD_CHUNK]
            )
            if not rows:
                return
            last = rows[-1][0]
            rows = [row for row in rows if row[0] not in self.texts]
            if rows:
                self.index.add(
                    [str(pk) for pk, _, _ in rows],
                    [text for _, text, _ in rows],
                    vectors=vectors_from_bytes([bytes(v) for _, _, v in rows]),
                )
                self.texts.update((pk, text) for pk, text, _ in rows)


_live: dict[str, _LiveIndex] = {}


def live_index() -> _LiveIndex:
    """The index of the database claims are read from (one per alias)."""
    alias = router.db_for_read(Claim)
    name = connections[alias].settings_dict["NAME"]
    key = f"{alias}:{name}"
    if key not in _live:
        _live[key] = _LiveIndex()
    return _live[key]


def reset() -> None:
    """Forget the loaded indexes (after re-embedding, or between tests)."""
    _live.clear()


@dataclass(frozen=True)
class Found:
    claim: Claim
    score: float
    similarity: float
    relation: Relation


def _rows(queryset, pks: list[int]) -> dict[int, Claim]:
    """The claims of `queryset` among `pks`, with their articles (one query;
    not the articles' bodies)."""
    if not pks:
        return {}
    return (
        queryset.filter(pk__in=pks)
        .select_related("article")
        .defer("article__body", "embedding")
        .in_bulk()
    )


def _found(
    text: str,
    hits: list,
    *,
    quantity: dict | None,
    rows: dict[int, Claim],
    live: _LiveIndex,
) -> list[Found]:
    """The index's hits as claims still in the database with the same text
    (`rows`), in the index's order, each with its relation to `text`."""
    found = []
    for hit in hits:
        claim = rows.get(int(hit.id))
        if claim is None or live.texts.get(claim.pk) != claim.text:
            continue
        if min(len(text.split()), len(claim.text.split())) < MIN_WORDS:
            kind = Relation(RELATED, "too short to compare")
        else:
            kind = relation(
                text,
                claim.text,
                similarity=hit.similarity,
                quantity_a=quantity,
                quantity_b=claim.quantity,
            )
        found.append(Found(claim, hit.score, hit.similarity, kind))
    return found


def candidates_for(
    claim: Claim,
    *,
    k: int = CANDIDATES_PER_CLAIM,
    min_score: float = MIN_SCORE,
    queryset=None,
) -> list[Found]:
    """The claims of other articles closest to `claim`, best first; of
    `queryset` (what the caller may see) if given, else of all."""
    return candidates_of([claim], k=k, min_score=min_score, queryset=queryset)[0]


def candidates_of(
    claims: Sequence[Claim],
    *,
    k: int = CANDIDATES_PER_CLAIM,
    min_score: float = MIN_SCORE,
    queryset=None,
) -> list[list[Found]]:
    """candidates_for() of each claim, in a fixed number of queries: the
    index topped up once, each article's own claims read once, the claims
    found read together."""
    # More than k when filtered: the caller may not see every claim found.
    wanted = k if queryset is None else k * 4
    queryset = Claim.objects.all() if queryset is None else queryset
    live = live_index()
    own: dict[int, set[str]] = {}
    with live.lock:
        index = live.refresh()
        hits = []
        for claim in claims:
            if claim.article_id not in own:
                pks = Claim.objects.filter(article_id=claim.article_id)
                own[claim.article_id] = {
                    str(pk) for pk in pks.values_list("pk", flat=True)
                }
            found = index.search(
                matching_text(claim),
                wanted,
                vector=vector_of(claim),
                exclude=own[claim.article_id],
            )
            hits.append([hit for hit in found if hit.score >= min_score])
    rows = _rows(queryset, [int(hit.id) for found in hits for hit in found])
    return [
        [
            f
            for f in _found(
                matching_text(claim),
                found,
                quantity=claim.quantity,
                rows=rows,
                live=live,
            )
            if f.claim.article_id != claim.article_id
        ][:k]
        for claim, found in zip(claims, hits, strict=True)
    ]


def similar_to_text(
    text: str, *, queryset, k: int = 10, min_score: float = MIN_SCORE
) -> list[Found]:
    """The answer to "has this been checked?": the claims of `queryset` (what
    the caller may see) closest to `text`, those with a published verdict
    first."""
    live = live_index()
    with live.lock:
        index = live.refresh()
        # More than k, as the caller may not see every claim found.
        hits = index.search(text, k * 4)
    hits = [hit for hit in hits if hit.score >= min_score]
    rows = _rows(queryset, [int(hit.id) for hit in hits])
    found = _found(text, hits, quantity=None, rows=rows, live=live)
    published = Claim.Status.PUBLISHED
    found.sort(key=lambda f: f.claim.status != published)  # stable: score order
    return found[:k]


def match_new_claims(claims: Iterable[Claim]) -> list[ClaimMatch]:
    """Store the candidates of newly saved claims (suggested matches): at most
    CANDIDATES_PER_CLAIM each, from other articles. In the caller's
    transaction."""
    claims = list(claims)
    matches = []
    for claim, candidates in zip(claims, candidates_of(claims), strict=True):
        for found in candidates:
            low, high = sorted((claim.pk, found.claim.pk))
            matches.append(
                ClaimMatch(
                    claim_id=low,
                    candidate_id=high,
                    score=round(found.score, 6),
                    similarity=round(found.similarity, 6),
                    relation=found.relation.kind,
                    reason=found.relation.reason[:200],
                )
            )
    return ClaimMatch.objects.bulk_create(matches, ignore_conflicts=True)
