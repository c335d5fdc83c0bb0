"""Who the article says said it (speaker), and whether it is a direct quote."""

import re

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


def _name(head: Token) -> str | None:
    """The speaker's name from a subject: "US officials", "Victor Cha"."""
    if head.lower_ in _PRONOUNS or head.pos_ == "PRON":
        return None
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
        return head.text
    doc = head.doc
    name = doc[keep[0].i : keep[-1].i + 1].text
    return _POSSESSIVE.sub("", name).strip(" ,") or None


def speaker_of(sent: Span, ents: list[Span]) -> tuple[str | None, bool]:
    """(speaker, attributed): the speaker named in the sentence; `attributed` is
    True when there is an attribution even if its subject is a pronoun."""
    for token in sent:
        if token.lower_ == "according" and token.i + 1 < sent.end:
            to = token.doc[token.i + 1]
            objs = [c for c in to.children if c.dep_ == "pobj"]
            if to.lower_ == "to" and objs:
                return _name(objs[0]), True
    best: tuple[str | None, bool] = (None, False)
    for token in sent:
        if token.lemma_ not in SPEECH_VERBS or token.pos_ not in ("VERB", "AUX"):
            continue
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        # "…,” said Victor Cha, senior vice-president …": the name follows the
        # verb. Not in "Washington and Seoul have accused Kim": Kim is the object.
        following = _entity_at(ents, token.i + 1)
        inverted = not any(s.i < token.i for s in subjects)
        if inverted and following is not None and following.label_ == "PERSON":
            return following.text, True
        if subjects:
            subject = subjects[0]
            entity = _entity_at(ents, subject.i)
            coordinated = any(c.dep_ == "conj" for c in subject.children)
            name = (
                entity.text
                if entity is not None and not coordinated
                else _name(subject)
            )
            if name:
                return _POSSESSIVE.sub("", name), True
            if subjects[0].lower_ in _PERSONAL and token.lemma_ in _REPORTING:
                best = (None, True)  # "he said": the speaker is named nearby
    return best


def _entity_at(ents: list[Span], i: int) -> Span | None:
    for ent in ents:
        if ent.start <= i < ent.end and ent.label_ in _SPEAKER_ENTS:
            return ent
    return None


def attribute(
    sentences: list[Span], paragraphs: list[int], ents: list[list[Span]]
) -> list[str | None]:
    """Speaker per sentence (`paragraphs` and `ents`: each one's paragraph id
    and entities).

    A sentence that opens a quotation with no attribution of its own, or whose
    attribution has a pronoun for subject ("he said"), takes the speaker named
    nearest to it in the same paragraph.
    """
    found = [speaker_of(sent, e) for sent, e in zip(sentences, ents, strict=True)]
    members: dict[int, list[int]] = {}
    for i, para in enumerate(paragraphs):
        members.setdefault(para, []).append(i)
    result = []
    for i, (name, attributed) in enumerate(found):
        if name is None and (
            attributed or sentences[i].text.lstrip()[:1] in _OPEN_CLOSE
        ):
            named = [j for j in members[paragraphs[i]] if found[j][0]]
            if named:
                name = found[min(named, key=lambda j: (abs(j - i), j))][0]
        result.append(name)
    return result
