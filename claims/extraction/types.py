from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float | None  # None for a range or a vague amount ("hundreds")
    low: float | None
    high: float | None
    unit: str  # what is counted or measured: "containers", "%", "miles", "years"
    subject: str  # what the count is of: "munitions", "declared exports"
    qualifier: str  # "about", "more than", "at least", "hundreds of", or ""


@dataclass(frozen=True, slots=True)
class ClaimCandidate:
    """A span of the text, with character offsets: text == source[start:end]."""

    start: int
    end: int
    text: str
    sentence_start: int
    sentence_end: int
    kind: str
    score: float
    speaker: str | None
    quoted: bool
    quantity: Quantity | None = None
    # How sure the cue that chose the kind, and the one that found the
    # speaker, are (0-1; kinds.py, attribution.py); None: no speaker.
    kind_confidence: float = 1.0
    speaker_confidence: float | None = None

    def to_dict(self) -> dict:
        return asdict(self)
