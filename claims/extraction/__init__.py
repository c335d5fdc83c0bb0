"""Claim extraction: plain Python over spaCy, no Django.

>>> claims = extract_claims("US officials said Pyongyang has sent 11,000 containers.")
"""

from claims.extraction.extractor import (
    EXTRACTOR_VERSION,
    MIN_SCORE,
    analyse_span,
    claims_from_doc,
    extract_claims,
    extract_many,
)
from claims.extraction.pipeline import load_nlp
from claims.extraction.types import ClaimCandidate, Quantity

__all__ = [
    "EXTRACTOR_VERSION",
    "MIN_SCORE",
    "ClaimCandidate",
    "Quantity",
    "analyse_span",
    "claims_from_doc",
    "extract_claims",
    "extract_many",
    "load_nlp",
]
