"""Check-worthiness: how much a sentence deserves a fact-checker's time, 0-1."""

import math

from spacy.tokens import Span

from claims.extraction.kinds import NAMED_ENTS, NUMERIC_ENTS, entity_labels

# Hand-set weights; a model fitted on labelled data replaces them (issue 3).
_WEIGHTS = {
    "bias": -1.6,
    "number": 1.5,
    "date": 0.7,
    "named": 0.45,  # per distinct kind of named entity, up to three
    "attributed": 0.6,
    "comparative": 0.4,
    "past": 0.3,
    "short": -1.2,
    "hedge": -0.4,
}
_HEDGES = frozenset(
    ["may", "might", "could", "perhaps", "maybe", "possibly", "probably"]
)


def score_span(span: Span, *, attributed: bool) -> float:
    labels = entity_labels(span)
    words = [t for t in span if not t.is_punct and not t.is_space]
    total = _WEIGHTS["bias"]
    total += _WEIGHTS["number"] * bool(labels & NUMERIC_ENTS)
    total += _WEIGHTS["date"] * bool(labels & {"DATE", "TIME"})
    total += _WEIGHTS["named"] * min(3, len(labels & NAMED_ENTS))
    total += _WEIGHTS["attributed"] * attributed
    total += _WEIGHTS["comparative"] * any(
        t.tag_ in ("JJR", "JJS", "RBR", "RBS") for t in span
    )
    total += _WEIGHTS["past"] * any(t.tag_ == "VBD" for t in span)
    total += _WEIGHTS["short"] * (len(words) < 8)
    total += _WEIGHTS["hedge"] * any(t.lower_ in _HEDGES for t in span)
    return 1 / (1 + math.exp(-total))
