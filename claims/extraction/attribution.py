"""Who the article says said it (speaker), and whether it is a direct quote.

A speaker is someone who can speak: a person, an organisation, a place
standing for its government, a nationality (spaCy's entities), or a noun for
people or bodies ("officials", "a spokesperson", "the agency"); never a thing
said ("message", "reports", "treaty") or a pronoun left unresolved. Each comes
with how sure the reading is (`Attribution.confidence`, prior estimates set by
hand per cue, like the kinds'): a name is surer than a noun, and a speaker
read off a possessor ("Putin's message" → Putin) or borrowed from a nearby
sentence ("he said") is a guess.
"""

import re
from typing import NamedTuple

from spacy.tokens import Span, Token

SPEECH_VERBS = frozenset(
    "say tell add claim state announce accuse deny warn report write argue insist note explain suggest estimate confirm allege assert predict acknowledge describe promise vow threaten characterise characterize call put testify reply respond conclude admit declare stress urge caution".split()
)
_NAME_DEPS = frozenset(
    {"compound", "flat", "amod", "nmod", "det", "poss", "case", "cc", "conj"}
)
_PRONOUNS = frozenset({"i", "we", "he", "she", "they", "it", "you", "me", "us"})
_OPEN_CLOSE = {"“": "”", '"': '"', "«": "»"}
_POSSESSIVE = re.compile(r"\s*['’]s?$")
_PERSONAL = frozenset({"i", "we", "he", "she", "they"})
_REPORTING = frozenset(
    ["say", "tell", "add", "write", "explain", "note", "argue", "insist", "warn"]
)
_SPEAKER_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# Nouns for people and bodies that speak, by lemma (names are entities).
SPEAKING_NOUNS = frozenset(
    "official spokesperson spokesman spokeswoman minister ministry president premier leader government agency aide adviser advisor analyst expert researcher scientist economist diplomat ambassador envoy source officer commander general military army navy police prosecutor court judge lawyer attorney department office committee council parliament lawmaker legislator senator congressman congresswoman representative mayor governor secretary chairman chairwoman chair director chief head executive company firm bank party campaign union association organisation organization institute university witness resident observer monitor watchdog regulator authority administration cabinet kremlin pentagon media newspaper broadcaster correspondent reporter journalist editor".split()
)
NAMED, NOUN, UNNAMED_PROPER, GUESSED = 0.9, 0.8, 0.7, 0.5


class Attribution(NamedTuple):
    name: str | None
    confidence: float | None  # None when there is no speaker


MIN_QUOTE_WORDS = 5  # shorter quotation marks are scare quotes: “Hermit Kingdom”


def quote_regions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks in text[start:end] (a paragraph),
    long enough to be a quotation rather than a scare quote."""
    regions, pos = [], start
    pattern = re.compile('[“"«]')
    while (m := pattern.search(text, pos, end)) is not None:
        close = text.find(_OPEN_CLOSE[m.group()], m.end(), end)
        if close < 0:  # a quote running on into the next paragraph
            close = end
        if len(text[m.end() : close].split()) >= MIN_QUOTE_WORDS:
            regions.append((m.end(), close))
        pos = close + 1
    return regions


def is_quoted(start: int, end: int, regions: list[tuple[int, int]]) -> bool:
    """Most of the span lies inside a quotation."""
    inside = sum(max(0, min(end, e) - max(start, s)) for s, e in regions)
    return inside >= 0.6 * (end - start)


def _can_speak(token: Token) -> bool:
    return (
        token.ent_type_ in _SPEAKER_ENTS
        or token.lemma_.lower() in SPEAKING_NOUNS
        or (token.pos_ == "PROPN" and not token.ent_type_)
    )


def _name(head: Token) -> Attribution | None:
    """The speaker from a subject: "US officials", "Victor Cha"; from the
    possessor of a thing said, as a guess ("Putin's message")."""
    if head.lower_ in _PRONOUNS or head.pos_ == "PRON":
        return None
    if not _can_speak(head):
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        found = _name(owner) if owner is not None else None
        return Attribution(found.name, GUESSED) if found else None
    sure = (
        NAMED
        if head.ent_type_ in _SPEAKER_ENTS
        else NOUN
        if head.lemma_.lower() in SPEAKING_NOUNS
        else UNNAMED_PROPER
    )
    keep = [head]
    for child in head.lefts:
        if child.dep_ in _NAME_DEPS and child.pos_ != "DET":
            keep.extend(child.subtree)
    if head.pos_ == "PROPN":  # "former US diplomat Philip Zelikow" → the name
        names = [t for t in keep if t.pos_ == "PROPN" and t.i >= head.i - 3]
        keep = [t for t in keep if t.i >= min(t.i for t in names)]
    for child in head.rights:
        if child.dep_ in ("cc", "conj", "flat"):  # "Washington and Seoul"
            keep.extend(child.subtree)
    keep = sorted({t.i: t for t in keep}.values(), key=lambda t: t.i)
    keep = [
        t for t in keep if not t.is_punct and t.dep_ not in ("appos", "relcl", "acl")
    ]
    if not keep or len(keep) > 8:
        return Attribution(head.text, sure)
    doc = head.doc
    name = _POSSESSIVE.sub("", doc[keep[0].i : keep[-1].i + 1].text).strip(" ,")
    return Attribution(name, sure) if name else None


def speaker_of(sent: Span, ents: list[Span]) -> tuple[Attribution | None, bool]:
    """(speaker, attributed): the speaker named in the sentence; `attributed` is
    True when there is an attribution even if its subject is a pronoun."""
    for token in sent:
        if token.lower_ == "according" and token.i + 1 < sent.end:
            to = token.doc[token.i + 1]
            objs = [c for c in to.children if c.dep_ == "pobj"]
            if to.lower_ == "to" and objs:
                return _name(objs[0]), True
    attributed = False
    for token in sent:
        if token.lemma_ not in SPEECH_VERBS or token.pos_ not in ("VERB", "AUX"):
            continue
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        following = _entity_at(ents, token.i + 1)
        if _named_after(token, subjects, following, sent):
            return Attribution(following.text, NAMED), True
        if subjects:
            subject = subjects[0]
            entity = _entity_at(ents, subject.i)
            coordinated = any(c.dep_ == "conj" for c in subject.children)
            if entity is not None and not coordinated:
                return Attribution(_POSSESSIVE.sub("", entity.text), NAMED), True
            if found := _name(subject):
                return found, True
            if subjects[0].lower_ in _PERSONAL and token.lemma_ in _REPORTING:
                attributed = True  # "he said": the speaker is named nearby
    return None, attributed


def _named_after(
    verb: Token, subjects: list[Token], following: Span | None, sent: Span
) -> bool:
    """The person named right after the verb said it: "…,” said Victor Cha,
    senior vice-president …", where the verb has no subject before it; or
    "Putin's message, says Alexander Gabuev, is …", where the subject before
    it is a thing said, which cannot speak, and the name ends the aside. Not
    in "Washington and Seoul have accused Kim" (Kim is the object), nor in
    "The report says Kim fired" (Kim is the subject of what was said)."""
    if following is None or following.label_ != "PERSON":
        return False
    before = [s for s in subjects if s.i < verb.i]
    if not before:
        return True
    thing = before[0].pos_ != "PRON" and not _can_speak(before[0])
    ends = following.end >= sent.end or sent.doc[following.end].is_punct
    return thing and ends


def _entity_at(ents: list[Span], i: int) -> Span | None:
    for ent in ents:
        if ent.start <= i < ent.end and ent.label_ in _SPEAKER_ENTS:
            return ent
    return None


def attribute(
    sentences: list[Span], paragraphs: list[int], ents: list[list[Span]]
) -> list[Attribution]:
    """Speaker per sentence (`paragraphs` and `ents`: each one's paragraph id
    and entities); Attribution(None, None) where nobody is named.

    A sentence that opens a quotation with no attribution of its own, or whose
    attribution has a pronoun for subject ("he said"), takes the speaker named
    nearest to it in the same paragraph, as a guess.
    """
    found = [speaker_of(sent, e) for sent, e in zip(sentences, ents, strict=True)]
    members: dict[int, list[int]] = {}
    for i, para in enumerate(paragraphs):
        members.setdefault(para, []).append(i)
    result = []
    for i, (speaker, attributed) in enumerate(found):
        if speaker is None and (
            attributed or sentences[i].text.lstrip()[:1] in _OPEN_CLOSE
        ):
            named = [j for j in members[paragraphs[i]] if found[j][0]]
            if named:
                nearest = found[min(named, key=lambda j: (abs(j - i), j))][0]
                speaker = Attribution(nearest.name, GUESSED)
        result.append(speaker or Attribution(None, None))
    return result
