"""Lines of a web page that are not the article: "6 minute read", section labels,
bylines, "More Must-Reads from TIME", "[See also: …]", e-mail lines."""

import re

_PATTERNS = [
    re.compile(r"^\d+\s*(?:-\s*)?min(?:ute)?s?\.?\s+read$", re.I),
    re.compile(r"^\[.*\]$"),  # [See also: …], [Photo: …]
    re.compile(r"^(?:more|read more|related|see also|sign up|subscribe|advertisement|"
               r"share|follow us|most popular|recommended)\b.{0,60}$", re.I),
    re.compile(r"^by\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}(?:\s+and\s+.{0,40})?$"),
    re.compile(r"\S+@\S+\.\w+"),  # "Write to … at name@example.com"
    re.compile(r"^(?:photo|image|illustration|credit)s?\s*:", re.I),
    re.compile(r"^updated\s*:?\s", re.I),
]  # fmt: skip
_BULLET = re.compile(r"^\s*[•·▪●◦‣∙*\-–—]\s*")
_TERMINAL = re.compile(r"[.!?:;…][\"”’')\]]*$|[\"”]$")


def is_furniture(line: str) -> bool:
    """True for a line (one paragraph of the text) that holds no claim."""
    text = line.strip()
    if not text:
        return True
    bulleted = bool(_BULLET.match(text))
    text = _BULLET.sub("", text)
    words = len(text.split())
    if any(pattern.search(text) for pattern in _PATTERNS) and words <= 16:
        return True
    if bulleted:
        return words <= 4  # a section label; a longer bullet is content
    # A short line without an ending is a label or a headline.
    return words <= 20 and not _TERMINAL.search(text)
