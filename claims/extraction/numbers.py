"""Numbers as news writes them: "11,000", "Twenty-four", "five to ten", "1950-53",
"1.5 million", "hundreds", "a pair". Pure functions over strings."""

import re

UNITS = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "pair": 2,
    "couple": 2, "half": 0.5, "once": 1, "twice": 2, "thrice": 3, "single": 1,
    "double": 2, "triple": 3,
}  # fmt: skip
SCALES = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000, "k": 1_000, "m": 1_000_000, "mn": 1_000_000,
    "bn": 1_000_000_000, "tn": 1_000_000_000_000,
}  # fmt: skip
# "hundreds of balloons": at least two of the scale, fewer than ten.
VAGUE = {"dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1_000,
         "millions": 1_000_000, "billions": 1_000_000_000}  # fmt: skip

_DIGITS = re.compile(
    r"^[$€£¥]?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?([kmb]n?|tn)?%?$", re.I
)
_RANGE_SPLIT = re.compile(r"\s*(?:-|–|—|\bto\b|\band\b)\s*", re.I)
_WORD_SPLIT = re.compile(r"[\s\-]+")


def parse_number(text: str) -> float | None:
    """One number, in digits or words; None if `text` is not one."""
    text = text.strip().lower().replace("’", "'")
    match = _DIGITS.match(text)
    if match:
        whole, fraction, suffix = match.groups()
        value = float(whole.replace(",", "") + ("." + fraction if fraction else ""))
        return value * SCALES.get(suffix or "", 1)
    words = [w for w in _WORD_SPLIT.split(text) if w and w not in ("and", "of")]
    if len(words) > 1 and words[0] in ("a", "an"):
        words = words[1:]  # "a pair", "a dozen", "a million": the article is not 1
    total, current, seen = 0.0, 0.0, False
    for word in words:
        if _DIGITS.match(word):
            if seen:  # "1950-53" is a range, not a sum
                return None
            current += parse_number(word) or 0
        elif word in UNITS:
            current += UNITS[word]
        elif word in SCALES and word not in ("k", "m", "mn", "bn", "tn"):
            current = (current or 1) * SCALES[word]
            if SCALES[word] >= 1000:
                total, current = total + current, 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_range(text: str) -> tuple[float | None, float | None, float | None]:
    """(value, low, high): "five to ten" → (None, 5, 10); "1950-53" → (None, 1950, 1953);
    "hundreds" → (None, 200, 999); "11,000" → (11000, None, None)."""
    text = text.strip().lower()
    if text in VAGUE:
        scale = VAGUE[text]
        return None, 2 * scale, 10 * scale - 1
    value = parse_number(text)
    if value is not None:
        return value, None, None
    text = re.sub(r"^between\s+", "", text)
    parts = [p for p in _RANGE_SPLIT.split(text) if p]
    if len(parts) == 2:
        low, high = parse_number(parts[0]), parse_number(parts[1])
        if low is not None and high is not None:
            # "1950-53": the second number abbreviates the first's century.
            if high < low and low >= 1000 and high < 100:
                high += low - low % (100 if high >= 10 else 10)
            if low <= high:
                return None, low, high
    return None, None, None
