"""Hybrid claim lookup: BM25 and sentence embeddings, one score.

    index = ClaimIndex()
    index.add(["c1", "c2"], ["Pyongyang sent 11,000 containers.", "..."])
    index.search("North Korea shipped 11,000 containers of munitions", k=3)

Candidates are the best `pool` of each side (the nearest vectors, the best
BM25 scores); each is scored by

    score = (1 - LEXICAL_WEIGHT) * cosine + LEXICAL_WEIGHT * bm25 / ceiling

where ceiling is the BM25 score the query would get from a document holding
every query word (so the lexical part lies in 0-1 whatever the query's
length). The weight and BM25's k1 and b were fitted on the CLEF-2020
CheckThat! Task 2 train split (bench/matching.py --fit), never on dev.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from claims.matching.bm25 import BM25
from claims.matching.embedding import DIMENSIONS, Encoder, load_encoder
from claims.matching.text import clean, words
from claims.matching.vectors import VectorIndex

LEXICAL_WEIGHT = 0.65
BM25_K1 = 0.9
BM25_B = 0.4
POOL = 50  # candidates taken from each side before scoring


@dataclass(frozen=True, slots=True)
class Candidate:
    id: str
    score: float  # the fused score, higher is closer
    similarity: float  # cosine of the embeddings, -1 to 1
    lexical: float  # BM25 over its ceiling, 0 to 1


class ClaimIndex:
    """Stored claims (id, text, optional title) and their lookup."""

    def __init__(
        self,
        *,
        encoder: Encoder | None = None,
        lexical_weight: float = LEXICAL_WEIGHT,
        vector_index: VectorIndex | None = None,
    ) -> None:
        self._encoder = encoder
        self.lexical_weight = lexical_weight
        self._bm25 = BM25(k1=BM25_K1, b=BM25_B)
        self._vectors = vector_index or VectorIndex(DIMENSIONS)
        self._ids: list[str] = []
        self._number: dict[str, int] = {}
        self._dead: set[int] = set()  # rows whose claim was stored again since

    def __len__(self) -> int:
        return len(self._number)

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            self._encoder = load_encoder()
        return self._encoder

    def add(
        self,
        ids: Sequence[str],
        texts: Sequence[str],
        *,
        titles: Sequence[str] | None = None,
        vectors=None,
    ) -> None:
        """Store claims. `vectors` are their embeddings if already known (from
        the database); otherwise the texts are embedded here. A title (the
        headline of a fact-check) counts for BM25 only."""
        if len(ids) != len(texts) or (titles is not None and len(titles) != len(ids)):
            raise ValueError("ids, texts and titles must have the same length")
        seen = set(self._number)
        for claim_id in ids:
            if claim_id in seen:
                raise ValueError(f"duplicate id {claim_id!r}")
            seen.add(claim_id)
        if vectors is None:
            vectors = self.encoder.embed([clean(t) for t in texts])
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.shape != (len(ids), DIMENSIONS):
            raise ValueError(f"expected vectors ({len(ids)}, {DIMENSIONS})")
        titles = titles or [""] * len(ids)
        self._bm25.add(
            words(clean(f"{t} {h}")) for t, h in zip(texts, titles, strict=True)
        )
        self._vectors.add(vectors)
        for claim_id in ids:
            self._number[claim_id] = len(self._ids)
            self._ids.append(claim_id)

    def replace(
        self,
        ids: Sequence[str],
        texts: Sequence[str],
        *,
        titles: Sequence[str] | None = None,
        vectors=None,
    ) -> None:
        """Store new words for claims (stored or not): their old rows are
        never found again. The rows stay in place (the indexes only grow),
        so a process that replaces much is best reloaded now and then."""
        self._dead.update(self._number.pop(i) for i in ids if i in self._number)
        self.add(ids, texts, titles=titles, vectors=vectors)

    def search(
        self,
        text: str,
        k: int = 5,
        *,
        vector=None,
        exclude: Collection[str] = (),
        pool: int = POOL,
    ) -> list[Candidate]:
        """The k stored claims closest to the text, best first (ties: the one
        stored first). `vector` is the text's embedding if already known;
        ids in `exclude` are never returned."""
        if not self._ids or k <= 0:
            return []
        if vector is None:
            vector = self.encoder.embed([clean(text)])[0]
        query = words(clean(text))
        lexical = self._bm25.scores(query) / max(self._bm25.ceiling(query), 1e-9)
        wanted = max(pool, k) + len(exclude) + len(self._dead)
        near, _ = self._vectors.search(vector, wanted)
        # Only claims sharing a word have a BM25 score: rank those alone.
        lexical_best = np.flatnonzero(lexical)
        if len(lexical_best) > wanted:
            part = np.argpartition(-lexical[lexical_best], wanted - 1)[:wanted]
            lexical_best = lexical_best[part]
        pooled = np.union1d(near, lexical_best)
        if exclude or self._dead:
            skip = {self._number[i] for i in exclude if i in self._number}
            skip |= self._dead
            pooled = np.array([n for n in pooled if n not in skip], dtype=np.int64)
        similarity = self._vectors.vectors(pooled) @ np.asarray(vector, np.float32)
        w = self.lexical_weight
        scores = (1 - w) * similarity + w * lexical[pooled]
        order = np.lexsort((pooled, -scores))[:k]
        return [
            Candidate(
                id=self._ids[pooled[i]],
                score=float(scores[i]),
                similarity=float(similarity[i]),
                lexical=float(lexical[pooled[i]]),
            )
            for i in order
        ]

    def search_many(
        self, texts: Sequence[str], k: int = 5, *, pool: int = POOL
    ) -> list[list[Candidate]]:
        """search() for each text, the texts embedded in batches."""
        vectors = self.encoder.embed([clean(t) for t in texts])
        return [
            self.search(text, k, vector=vector, pool=pool)
            for text, vector in zip(texts, vectors, strict=True)
        ]
