"""Check-worthiness: how much a span deserves a fact-checker's time, 0-1.

The score blends, in log-odds, the model fitted on what fact-checkers chose to
check in political debates (`checkworthiness`) with a small hand-set prior for
news prose: numbers, dates, named entities and attribution make a sentence
worth checking in an article even where debate speech says otherwise. The
blend's share and its calibration (Platt scaling: a score of 0.8 means about
80 % of such sentences were labelled check-worthy in ClaimBuster) are chosen
by cross-validation inside the training data and shipped with the weights
(README, "How claims are found").
"""

from spacy.tokens import Span

from claims.extraction.checkworthiness import default_model, logistic
from claims.extraction.kinds import NAMED_ENTS, NUMERIC_ENTS, entity_labels

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


def score_span(span: Span, *, attributed: bool, kind: str = "") -> float:
    """The calibrated, blended score of a sentence or clause of kind `kind`."""
    model = default_model()
    share = model.fitted_share
    z = share * model.logit(span)
    if share < 1.0:
        z += (1 - share) * news_prior(span, attributed=attributed, kind=kind)
    a, b = model.calibration
    return logistic(a * z + b)
