"""Check-worthiness: how much a span deserves a fact-checker's time, 0-1.

The score blends, in log-odds, the model fitted on what fact-checkers chose to
check in political debates (`checkworthiness`) with a small hand-set prior for
news prose: numbers, dates, named entities and attribution make a sentence
worth checking in an article even where debate speech says otherwise. On the
held-out CLEF-2019 debates the blend keeps almost all of the fitted model's
ranking quality (README, "How claims are found").
"""

import math

from spacy.tokens import Span

from claims.extraction.checkworthiness import default_model
from claims.extraction.kinds import NAMED_ENTS, NUMERIC_ENTS, entity_labels

FITTED_SHARE = 0.6  # the fitted model's weight in the blend; the prior has the rest
_PRIOR = {
    "bias": -1.6,
    "number": 1.5,
    "date": 0.7,
    "named": 0.45,  # per distinct kind of named entity, up to three
    "attributed": 0.6,
    "comparative": 0.4,
    "past": 0.3,
    "short": -1.2,
    "hedge": -0.4,
    "rule": 1.5,  # what a law or treaty says can be read and checked
}
_HEDGES = frozenset(
    ["may", "might", "could", "perhaps", "maybe", "possibly", "probably"]
)
_EPSILON = 1e-6


def news_prior(span: Span, *, attributed: bool, kind: str = "") -> float:
    """The hand-set prior's log-odds for `span`."""
    labels = entity_labels(span)
    words = sum(not t.is_punct and not t.is_space for t in span)
    total = _PRIOR["bias"]
    total += _PRIOR["number"] * bool(labels & NUMERIC_ENTS)
    total += _PRIOR["date"] * bool(labels & {"DATE", "TIME"})
    total += _PRIOR["named"] * min(3, len(labels & NAMED_ENTS))
    total += _PRIOR["attributed"] * attributed
    total += _PRIOR["comparative"] * any(
        t.tag_ in ("JJR", "JJS", "RBR", "RBS") for t in span
    )
    total += _PRIOR["past"] * any(t.tag_ == "VBD" for t in span)
    total += _PRIOR["short"] * (words < 8)
    total += _PRIOR["hedge"] * any(t.lower_ in _HEDGES for t in span)
    total += _PRIOR["rule"] * (kind == "rule")
    return total


def _logit(p: float) -> float:
    p = min(max(p, _EPSILON), 1 - _EPSILON)
    return math.log(p / (1 - p))


def score_span(span: Span, *, attributed: bool, kind: str = "") -> float:
    """The blended score of a sentence or clause of kind `kind`."""
    fitted = _logit(default_model().score(span))
    prior = news_prior(span, attributed=attributed, kind=kind)
    z = FITTED_SHARE * fitted + (1 - FITTED_SHARE) * prior
    return 1 / (1 + math.exp(-z))
