"""Text as the matcher reads it: links, signatures and markup removed (for both
the model and BM25), and words for BM25."""

import re

# "pic.twitter.com/abc", "https://t.co/xyz", "www.example.com/page"
_LINK = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S*", re.I)
# A tweet's embedded signature: "— Name (@handle) January 14, 2020".
_SIGNATURE = re.compile(r"[—–-]\s*[^—–\n]{0,80}\(@\w+\)\s*\w+ \d{1,2}, \d{4}\s*\"?$")
# Typographic quotes and dashes as their plain forms: the same quotation is
# often typed both ways.
_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "′": "'"})
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+(?:['’.][^\W_]+)*")
# Function words: they match everything and mean nothing to BM25.
STOPWORDS = frozenset(
    """a an the and or but if of at by for with about against between into through
    during before after above below to from up down in out on off over under again
    further then once here there when where why how all any both each few more most
    other some such no nor not only own same so than too very can will just should
    now is are was were be been being have has had having do does did doing i me my
    we our you your he him his she her it its they them their what which who whom
    this that these those am s t don rt via amp""".split()
)


def clean(text: str) -> str:
    """The text without links, a tweet's signature, '#' and '@' markers, and
    with plain quotation marks."""
    text = _SIGNATURE.sub("", text.strip().translate(_FOLD))
    text = _LINK.sub(" ", text)
    # "#DefundTheCBC" -> "Defund The CBC"; "@BradTrostCPC" -> "Brad Trost CPC"
    text = re.sub(r"[#@](\w+)", lambda m: _CAMEL.sub(" ", m.group(1)), text)
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """Lower-cased words for BM25, without stopwords; "U.S." -> "us"."""
    found = (w.lower().replace(",", "").replace("’", "'") for w in _WORD.findall(text))
    return [_stem(w) for w in found if w not in STOPWORDS]


def _stem(word: str) -> str:
    """A light stemmer: possessives and plurals ("containers" -> "container")."""
    if not word[0].isdigit():
        word = word.replace(".", "")  # "U.S." -> "us", but 1.5 stays 1.5
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word
