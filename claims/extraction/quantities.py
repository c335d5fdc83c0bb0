"""Numeric phrases as their own claims: the number, its qualifier and what is
counted ("more than 20 North Korean soldiers", "60% of declared exports")."""

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from claims.extraction.numbers import VAGUE, parse_range
from claims.extraction.types import Quantity

NUMERIC_LABELS = frozenset({"CARDINAL", "PERCENT", "MONEY", "QUANTITY"})
DURATION_UNITS = frozenset(
    [
        "year",
        "years",
        "month",
        "months",
        "week",
        "weeks",
        "day",
        "days",
        "decade",
        "decades",
        "hour",
        "hours",
        "century",
        "centuries",
        "minute",
        "minutes",
    ]
)
QUALIFIERS = (
    "more than", "less than", "fewer than", "at least", "at most", "up to", "as many as",
    "as much as", "as few as", "nearly", "almost", "about", "around", "roughly",
    "approximately", "some", "over", "under", "just", "only", "barely", "an estimated",
    "an average of", "close to", "well over", "upwards of", "no more than",
)  # fmt: skip
_QUALIFIER_RE = re.compile(
    r"^(?:" + "|".join(map(re.escape, QUALIFIERS)) + r")\b\s*", re.I
)
# Labels, not amounts: "Article 4", "Nato Article 5", "Resolution 2397".
_LABEL_HEADS = frozenset(
    [
        "article",
        "section",
        "paragraph",
        "chapter",
        "resolution",
        "number",
        "no",
        "clause",
    ]
)
_YEAR_RANGE = re.compile(r"^\d{4}\s*[-–]\s*\d{2,4}$")
_UNIT_WORDS = re.compile(r"%|\b(?:" + "|".join(sorted(DURATION_UNITS)) + r")\b", re.I)
_DEFINITE = frozenset(
    [
        "the",
        "these",
        "those",
        "both",
        "its",
        "their",
        "his",
        "her",
        "our",
        "this",
        "that",
    ]
)
_CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}


@dataclass(frozen=True, slots=True)
class QuantitySpan:
    start: int  # character offsets
    end: int
    quantity: Quantity


def _is_duration(ent: Span) -> bool:
    words = {t.lower_ for t in ent}
    has_number = any(t.like_num or t.lower_ in VAGUE for t in ent)
    return (has_number and bool(words & DURATION_UNITS)) or bool(
        _YEAR_RANGE.match(ent.text)
    )


def _phrase(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text


def _of_object(noun: Token) -> Token | None:
    """ "containers of munitions" → munitions."""
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i <= noun.i + 1:
            objs = [c for c in child.children if c.dep_ == "pobj"]
            return objs[0] if objs else None
    return None


def _noun_phrase(noun: Token, lower: int) -> list[Token]:
    """The noun with its left modifiers from `lower` on ("North Korean soldiers")."""
    left = [
        t for t in noun.lefts if t.i >= lower and t.dep_ in ("amod", "compound", "nmod")
    ]
    start = min([t.left_edge.i for t in left] + [noun.i])
    return list(noun.doc[max(start, lower) : noun.i + 1])


def _is_reference(counted: Token | None) -> bool:
    """A small number naming things already known rather than counting them."""
    if counted is None:
        return True
    return any(t.dep_ == "det" and t.lower_ in _DEFINITE for t in counted.lefts)


def find_quantities(sent: Span, ents: list[Span]) -> list[QuantitySpan]:
    """Quantities in a sentence, given the entities inside it."""
    found = []
    for ent in ents:
        if ent.label_ in NUMERIC_LABELS or (ent.label_ == "DATE" and _is_duration(ent)):
            quantity = _quantity(ent, sent)
            if quantity is not None:
                found.append(quantity)
    return found


def _quantity(ent: Span, sent: Span) -> QuantitySpan | None:
    doc = sent.doc
    root = ent.root
    if root.head.lower_ in _LABEL_HEADS or any(t.lower_ in _LABEL_HEADS for t in ent):
        return None
    start_tok, end_tok = ent.start, ent.end  # token indices, end exclusive
    # Qualifiers the entity left out: "about" / "more than" attached to the number.
    for child in root.lefts:
        qualifies = child.dep_ in ("advmod", "quantmod", "amod")
        near = sent.start <= child.i < start_tok
        if qualifies and near and _QUALIFIER_RE.match(doc[child.i : ent.end].text):
            start_tok = child.i
    counted: Token | None = None
    if root.dep_ in ("nummod", "quantmod", "compound") and root.head.i >= ent.end:
        if root.head.pos_ in ("NOUN", "PROPN") and root.head.i < sent.end:
            counted = root.head
    elif (
        root.pos_ in ("NOUN", "PROPN")
        or root.lower_ in VAGUE
        or ent.label_ == "PERCENT"
    ):
        counted = root
    number_text = ent.text
    unit, subject_tokens = "", []
    if counted is not None:
        end_tok = max(end_tok, counted.i + 1)
        of_obj = _of_object(counted)
        if of_obj is not None and of_obj.i < sent.end:
            subject_tokens = _noun_phrase(of_obj, counted.i + 2)
            end_tok = of_obj.i + 1
        if counted.i >= ent.end:
            unit = counted.text
            modifiers = _noun_phrase(counted, ent.end)
            if not subject_tokens and len(modifiers) > 1:
                subject_tokens = modifiers
        elif root.lower_ in VAGUE or counted.lower_ in VAGUE:  # "hundreds of balloons"
            unit = subject_tokens[-1].text if subject_tokens else ""
    if ent.label_ == "PERCENT":
        unit = "%"
    elif ent.label_ == "MONEY":
        unit = next(
            (_CURRENCY[t.text] for t in ent if t.text in _CURRENCY), ""
        ) or next((t.text for t in ent if t.pos_ == "NOUN" and not t.like_num), "money")
    elif ent.label_ == "DATE":
        unit = next((t.lower_ for t in ent if t.lower_ in DURATION_UNITS), "years")
        if _YEAR_RANGE.match(ent.text):
            unit = "years"
        end_tok = max(
            ent.end,
            end_tok if counted is not None and counted.i >= ent.end else ent.end,
        )
    qualifier_match = _QUALIFIER_RE.match(doc[start_tok : ent.end].text)
    qualifier = qualifier_match.group().strip().lower() if qualifier_match else ""
    if qualifier:
        number_text = doc[start_tok : ent.end].text[qualifier_match.end() :]
    # Strip the unit words from the number: "Twenty-four years" → "Twenty-four".
    number_text = _UNIT_WORDS.sub("", number_text)
    number_text = re.sub(
        r"\b(?:per\s*cent|percent)\b", "", number_text, flags=re.I
    ).strip()
    value, low, high = parse_range(number_text)
    if value is None and low is None:
        return None
    if value is not None and value <= 2 and not qualifier and _is_reference(counted):
        return None  # "the two leaders", "these two pariahs", a lone "one"
    if number_text.lower() in VAGUE:
        qualifier = (
            f"{number_text.lower()} of" if subject_tokens else number_text.lower()
        )
    span = doc[start_tok:end_tok]
    return QuantitySpan(
        start=span.start_char,
        end=span.end_char,
        quantity=Quantity(
            value=value,
            low=low,
            high=high,
            unit=unit,
            subject=_phrase(subject_tokens),
            qualifier=qualifier,
        ),
    )
