"""Numeric phrases as their own claims: the number, its qualifier and what is
counted ("more than 20 North Korean soldiers", "60% of declared exports")."""

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from claims.extraction.counted import claim_bounds
from claims.extraction.numbers import (
    SCALES,
    UNITS,
    VAGUE,
    parse_number,
    parse_range,
)
from claims.extraction.types import Quantity

NUMERIC_LABELS = frozenset({"CARDINAL", "PERCENT", "MONEY", "QUANTITY"})
DURATION_UNITS = frozenset(
    "year years month months week weeks day days decade decades hour hours century centuries minute minutes second seconds".split()
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
    "article section paragraph chapter resolution number no clause".split()
)
_DEFINITE = frozenset("the these those both its their his her our this that".split())
_CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_PERCENT = frozenset({"%", "percent", "per", "cent", "pct"})
# Tokens that belong to the number itself: "five to ten", "1950-53", "$1.5 billion".
_NUMBER_WORDS = frozenset(UNITS) | frozenset(SCALES) | frozenset(VAGUE) | _PERCENT
_JOINERS = frozenset({"-", "–", "—", "to", "and", "between", "from", ",", "."})
# Amounts spaCy does not tag as entities: "a pair of dogs", "dozens of drones".
_COLLECTIVES = frozenset(
    "pair couple dozen dozens scores hundreds thousands millions billions".split()
)


@dataclass(frozen=True, slots=True)
class QuantitySpan:
    start: int  # character offsets of the number phrase
    end: int
    quantity: Quantity
    # The quantity claim's words: the phrase and what it counts (counted.py).
    claim_start: int
    claim_end: int


def find_quantities(sent: Span, ents: list[Span]) -> list[QuantitySpan]:
    """Quantities in a sentence, given the entities inside it."""
    amounts = [e for e in ents if _is_amount(e)]
    covered = {i for e in ents for i in range(e.start, e.end)}
    amounts += _collectives(sent, covered)
    found = [_quantity(amount, sent) for amount in amounts]
    return [q for q in found if q is not None]


def _is_amount(ent: Span) -> bool:
    if ent.label_ in NUMERIC_LABELS:
        return True
    if ent.label_ not in ("DATE", "TIME"):
        return False
    # Durations and spans of years count; plain dates ("19 June") do not.
    has_number = any(t.like_num or t.lower_ in VAGUE for t in ent)
    if has_number and any(t.lower_ in DURATION_UNITS for t in ent):
        return True
    _, low, high = parse_range(_QUALIFIER_RE.sub("", ent.text))
    return low is not None and high is not None and low >= 1000


def _collectives(sent: Span, covered: set[int]) -> list[Span]:
    doc, spans = sent.doc, []
    for t in sent:
        followed_by_of = t.i + 1 < sent.end and doc[t.i + 1].lower_ == "of"
        if t.lower_ in _COLLECTIVES and t.i not in covered and followed_by_of:
            start = (
                t.i - 1
                if t.i > sent.start and doc[t.i - 1].lower_ in ("a", "an")
                else t.i
            )
            spans.append(Span(doc, start, t.i + 1, label="CARDINAL"))
    return spans


def _is_number_token(t: Token) -> bool:
    return (
        t.like_num
        or t.lower_ in _NUMBER_WORDS
        or t.text in _CURRENCY
        or (t.text[:1].isdigit() and parse_number(t.text) is not None)  # "5bn"
    )


def _of_object(noun: Token) -> Token | None:
    """ "containers of munitions" → munitions."""
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i <= noun.i + 1:
            objs = [c for c in child.children if c.dep_ == "pobj"]
            return objs[0] if objs else None
    return None


def _compound_end(noun: Token, limit: int) -> Token:
    """The last noun of a compound the parser split: "Pungsan hunting dogs"."""
    doc, last = noun.doc, noun
    for i in range(noun.i + 1, min(noun.i + 4, limit)):
        t = doc[i]
        if t.pos_ in ("NOUN", "PROPN"):
            last = t
        elif not (t.tag_ == "VBG" or t.pos_ == "ADJ"):
            break
    return last


def _noun_phrase(noun: Token, lower: int) -> list[Token]:
    """The noun with its left modifiers from `lower` on ("North Korean soldiers")."""
    left = [
        t for t in noun.lefts if t.i >= lower and t.dep_ in ("amod", "compound", "nmod")
    ]
    start = min([t.left_edge.i for t in left] + [noun.i])
    return list(noun.doc[max(start, lower) : noun.i + 1])


def _text(tokens: list[Token]) -> str:
    return tokens[0].doc[tokens[0].i : tokens[-1].i + 1].text if tokens else ""


def _quantity(ent: Span, sent: Span) -> QuantitySpan | None:
    doc, root = sent.doc, ent.root
    if root.head.lower_ in _LABEL_HEADS or any(t.lower_ in _LABEL_HEADS for t in ent):
        return None
    start = ent.start
    # A currency sign the entity left out: "$" before "5bn".
    if start > sent.start and doc[start - 1].text in _CURRENCY:
        start -= 1
    # A qualifier the entity left out: "about" or "more than" before the number.
    for child in root.lefts:
        qualifies = child.dep_ in ("advmod", "quantmod", "amod")
        near = sent.start <= child.i < start
        if qualifies and near and _QUALIFIER_RE.match(doc[child.i : ent.end].text):
            start = child.i
    match = _QUALIFIER_RE.match(doc[start : ent.end].text)
    qualifier = match.group().strip().lower() if match else ""
    body_start = doc[start].idx + (match.end() if match else 0)
    body = [t for t in doc[start : ent.end] if t.idx >= body_start]
    # Split the entity into its number and the unit words that follow it.
    while body and body[0].lower_ in ("between", "from"):
        body = body[1:]
    number = []
    for t in body:
        if _is_number_token(t) or (number and t.lower_ in _JOINERS):
            number.append(t)
        else:
            break
    while number and number[-1].lower_ in _JOINERS:
        number.pop()
    unit_words = [t for t in body[len(number) :] if not t.is_punct]
    if not number:
        return None
    number_text = _text([t for t in number if t.lower_ not in _PERCENT])
    value, low, high = parse_range(number_text)
    if value is None and low is None:
        return None
    end = ent.end
    # What is counted: the noun the number modifies, or the collective's object.
    counted = None
    if (
        root.dep_ in ("nummod", "quantmod", "compound")
        and ent.end <= root.head.i < sent.end
    ):
        if root.head.pos_ in ("NOUN", "PROPN"):
            counted = root.head
    elif root.lower_ in VAGUE or root.lower_ in _COLLECTIVES or ent.label_ == "PERCENT":
        counted = root
    subject: list[Token] = []
    unit = _text(unit_words)
    if counted is not None:
        end = max(end, counted.i + 1)
        of_object = _of_object(counted)
        if of_object is not None and of_object.i < sent.end:
            of_object = _compound_end(of_object, sent.end)
            subject = list(doc[counted.i + 2 : of_object.i + 1])
            end = of_object.i + 1
        if counted.i >= ent.end:
            unit = unit or counted.text
            modifiers = _noun_phrase(counted, ent.end)
            if not subject and len(modifiers) > 1:
                subject = modifiers
        elif subject and not unit:  # "hundreds of balloons", "a pair of dogs"
            unit = subject[-1].text
    if any(t.lower_ in _PERCENT for t in ent):
        unit = "%"
    elif ent.label_ == "MONEY":
        unit = next(
            (_CURRENCY[t.text] for t in doc[start : ent.end] if t.text in _CURRENCY),
            unit or "money",
        )
    elif ent.label_ in ("DATE", "TIME") and not any(
        t.lower_ in DURATION_UNITS for t in unit_words
    ):
        unit = "years"
    small = value is not None and value <= 2 and not qualifier and not unit_words
    if small and _is_reference(counted):
        return None  # "the two leaders", "these two pariahs", a lone "one"
    lowered = number_text.lower()
    if lowered in VAGUE or lowered in _COLLECTIVES:
        qualifier = f"{lowered} of" if subject else lowered
    span = doc[start:end]
    quantity = Quantity(value, low, high, unit, _text(subject), qualifier)
    claim = doc[slice(*claim_bounds(sent, start, end))]
    return QuantitySpan(
        span.start_char, span.end_char, quantity, claim.start_char, claim.end_char
    )


def _is_reference(counted: Token | None) -> bool:
    """A small number naming things already known rather than counting them."""
    if counted is None:
        return True
    return any(t.dep_ == "det" and t.lower_ in _DEFINITE for t in counted.lefts)
