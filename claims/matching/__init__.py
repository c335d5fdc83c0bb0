"""Claim matching: plain Python, no Django. Texts in, ranked candidates out.

>>> index = ClaimIndex()
>>> index.add(["a", "b"], ["Pyongyang sent 11,000 containers.", "Rain in Spain."])
>>> [c.id for c in index.search("North Korea shipped 11,000 containers", k=1)]
['a']
"""

from claims.matching.embedding import (
    DIMENSIONS,
    MODEL_ID,
    Encoder,
    embed_texts,
    load_encoder,
    vector_from_bytes,
    vector_to_bytes,
    vectors_from_bytes,
)
from claims.matching.index import Candidate, ClaimIndex
from claims.matching.relation import CONFLICT, RELATED, SAME, Relation, relation

__all__ = [
    "CONFLICT",
    "DIMENSIONS",
    "MODEL_ID",
    "RELATED",
    "SAME",
    "Candidate",
    "ClaimIndex",
    "Encoder",
    "Relation",
    "embed_texts",
    "load_encoder",
    "relation",
    "vector_from_bytes",
    "vector_to_bytes",
    "vectors_from_bytes",
]
