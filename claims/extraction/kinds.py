"""Claim types after Full Fact's typology, extended for news.

The first that fits wins, in this order: rule, prediction, causation,
comparison, quantity, event, other. Each kind comes with how sure the cue that
chose it is (`Classified.confidence`, 0-1): a future tense or a counted
amount says more than a past tense beside a name, and "other" is what is left.
These are prior estimates set by hand, one per cue, until reviewers'
corrections (`export_claims --corrections`) are enough to fit them; below
`GUESS` the panel shows the kind as a guess.
"""

from typing import NamedTuple

from spacy.tokens import Span, Token

GUESS = 0.6  # below this, a kind or a speaker is shown as a guess


class Classified(NamedTuple):
    kind: str
    confidence: float


def entity_labels(span: Span) -> set[str]:
    """Entity labels in the span, read off the tokens: `Span.ents` rebuilds the
    whole document's entity list on every call."""
    return {t.ent_type_ for t in span if t.ent_type_}


RULE_NOUNS = frozenset(
    "treaty law article pact agreement resolution constitution regulation rule clause provision statute convention charter accord protocol mandate ban embargo".split()
)
RULE_VERBS = frozenset(
    "compel oblige obligate require forbid prohibit bar ban permit allow authorize authorise mandate bind outlaw must shall".split()
)
CAUSE_WORDS = frozenset(
    "because cause lead result due trigger prompt enable drive blame owing thanks fuel spark consequence".split()
)
PREDICT_VERBS = frozenset(["expect", "forecast", "predict", "project", "anticipate"])
EVENT_ENTS = frozenset({"DATE", "TIME", "EVENT"})
NAMED_ENTS = frozenset({"GPE", "ORG", "NORP", "PERSON", "LOC", "FAC", "EVENT"})
NUMERIC_ENTS = frozenset({"CARDINAL", "PERCENT", "MONEY", "QUANTITY"})


def classify(span: Span, *, has_quantity: bool | None = None) -> Classified:
    """The span's kind, and how sure its cue is. `has_quantity`: whether the
    quantity finder found an amount in it (None: not asked, any numeric
    entity counts)."""
    lemmas = {t.lemma_.lower() for t in span}
    labels = entity_labels(span)
    if (rule := _rule_cue(span, lemmas)) is not None:
        return Classified("rule", rule)
    if (prediction := _prediction_cue(span, lemmas)) is not None:
        return Classified("prediction", prediction)
    if lemmas & CAUSE_WORDS and _cause_used_causally(span):
        return Classified("causation", 0.6)
    if _is_comparison(span):
        return Classified("comparison", 0.7)
    # An amount spaCy tags and the quantity finder keeps: not "the two leaders".
    if labels & NUMERIC_ENTS and has_quantity is not False:
        return Classified("quantity", 0.9 if has_quantity else 0.65)
    if labels & EVENT_ENTS:
        return Classified("event", 0.7)
    if any(t.tag_ in ("VBD", "VBN") for t in span) and labels & NAMED_ENTS:
        return Classified("event", 0.55)  # a past tense beside a name
    return Classified("other", 0.4)


def _rule_cue(span: Span, lemmas: set[str]) -> float | None:
    if lemmas & RULE_VERBS and any(t.lemma_ in RULE_NOUNS for t in span):
        return 0.8
    # "Article 4 compels …", "the treaty obliges …": a rule as the subject.
    if any(
        t.lemma_.lower() in RULE_NOUNS and t.dep_ in ("nsubj", "nsubjpass")
        for t in span
    ) and any(
        t.lemma_ in RULE_VERBS or t.lemma_ in ("reinstate", "provide", "vow")
        for t in span
    ):
        return 0.7
    return None


def _prediction_cue(span: Span, lemmas: set[str]) -> float | None:
    for t in span:
        if t.lower_ in ("will", "'ll", "shall", "’ll") and t.tag_ == "MD":
            return 0.85
        if t.lower_ == "going" and t.i + 1 < span.end and t.doc[t.i + 1].lower_ == "to":
            return 0.8
    if lemmas & PREDICT_VERBS:
        return 0.7
    # "within five to ten years", "by 2030"
    if any(
        t.lower_ == "within" and any(d.ent_type_ == "DATE" for d in t.subtree)
        for t in span
    ):
        return 0.6
    return None


def _cause_used_causally(span: Span) -> bool:
    for t in span:
        lemma = t.lemma_.lower()
        if lemma == "lead" and any(c.lower_ == "to" for c in t.children):
            return True
        if lemma == "result" and any(c.lower_ == "in" for c in t.children):
            return True
        if lemma in CAUSE_WORDS and lemma not in ("lead", "result"):
            return True
    return False


def _is_comparison(span: Span) -> bool:
    return any(
        (t.tag_ in ("JJR", "RBR", "JJS", "RBS") or t.lower_ == "than")
        and not _qualifies_number(t)
        for t in span
    )


def _numeric(t: Token) -> bool:
    return t.like_num or t.ent_type_ in NUMERIC_ENTS or t.text in "$€£¥"


def _qualifies_number(t: Token) -> bool:
    """ "more than 20", "at least 1,200", "less than $5bn": a qualifier of a
    number compares nothing."""
    doc = t.doc
    nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
    if t.lower_ == "than":
        return nxt is not None and _numeric(nxt)
    if nxt is not None and nxt.lower_ == "than":
        return _qualifies_number(nxt)
    return (
        t.lower_ in ("more", "less", "fewer", "least", "most")
        and t.dep_ in ("amod", "advmod", "quantmod")
        and _numeric(t.head)
    )
