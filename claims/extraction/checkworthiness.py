"""Check-worthiness: how likely fact-checkers are to check a sentence, in 0-1.

A logistic regression over sparse, named features read straight off the spaCy
parse (lemmas, tags, entity types, numbers, length). Scoring a sentence is a
few dozen dictionary look-ups, so it costs next to nothing beside the parse.
The weights are fitted by `claims.extraction.train_checkworthiness` on the
CLEF-2019 CheckThat! Task 1 debates and the ClaimBuster crowdsourced set; the
same file holds the model's share in the blend with the news prior and the
calibration of the blend (`claims.extraction.scoring`), chosen by
cross-validation on that data.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable
from pathlib import Path

from spacy.tokens import Span

WEIGHTS_PATH = Path(__file__).with_name("checkworthiness.json")

# Words that introduce reported speech or sources: "said", "according to".
_ATTRIBUTION = frozenset(
    "say tell claim report state announce accord estimate show find warn confirm deny accuse add note write".split()
)
_NUMERIC_ENTS = frozenset(
    ["CARDINAL", "PERCENT", "MONEY", "QUANTITY", "DATE", "TIME", "ORDINAL"]
)


def _length_bucket(n_words: int) -> str:
    for limit in (4, 8, 13, 20, 30):
        if n_words < limit:
            return f"len<{limit}"
    return "len>=30"


def sentence_features(sent: Span) -> list[str]:
    """The names of the features active in a sentence, sorted (all binary).

    Only what the parse already holds: lower-cased lemmas and lemma bigrams,
    fine-grained tags, entity types, numbers, the root verb and subject,
    attribution verbs, first person, questions and a length bucket."""
    feats: set[str] = set()
    n_words = n_numbers = 0
    previous = "<s>"
    for token in sent:
        if token.is_space:
            continue
        lemma = token.lemma_.lower()
        if token.is_punct:
            if token.text == "?":
                feats.add("question")
            previous = "<p>"
            continue
        n_words += 1
        if token.like_num or token.ent_type_ in _NUMERIC_ENTS:
            n_numbers += 1
            lemma = token.shape_ if token.like_num else lemma
        feats.add(f"w={lemma}")
        feats.add(f"b={previous}_{lemma}")
        feats.add(f"t={token.tag_}")
        if token.ent_type_:
            feats.add(f"e={token.ent_type_}")
        dep = token.dep_
        if dep == "ROOT":
            feats.add(f"root={lemma}")
            feats.add(f"roott={token.tag_}")
        elif dep in ("nsubj", "nsubjpass"):
            feats.add(f"subj={lemma}")
        if lemma in _ATTRIBUTION and token.pos_ == "VERB":
            feats.add("attribution")
        previous = lemma
    feats.add(_length_bucket(n_words))
    feats.add(f"nums={min(n_numbers, 3)}")
    return sorted(feats)


def logistic(z: float) -> float:
    # Written so that neither branch can overflow exp().
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


class CheckworthinessModel:
    """Feature weights and a bias; `score` is the logistic of their sum.

    `fitted_share` and `calibration` (a, b) say how `scoring.score_span` blends
    the sum with the news prior and maps the blend to a probability."""

    def __init__(
        self,
        weights: dict[str, float],
        bias: float,
        *,
        fitted_share: float = 0.6,
        calibration: tuple[float, float] = (1.0, 0.0),
    ) -> None:
        self.weights = weights
        self.bias = bias
        self.fitted_share = fitted_share
        self.calibration = tuple(calibration)

    @classmethod
    def load(cls, path: Path | None = None) -> CheckworthinessModel:
        """Read the weights file written by the training script (by default the
        one shipped beside this module)."""
        data = json.loads((path or WEIGHTS_PATH).read_text(encoding="utf-8"))
        return cls(
            weights=data["weights"],
            bias=data["bias"],
            fitted_share=data.get("fitted_share", 0.6),
            calibration=data.get("calibration", (1.0, 0.0)),
        )

    def logit_features(self, features: Iterable[str]) -> float:
        get = self.weights.get
        return self.bias + sum(get(f, 0.0) for f in features)

    def score_features(self, features: Iterable[str]) -> float:
        return logistic(self.logit_features(features))

    def logit(self, sent: Span) -> float:
        return self.logit_features(sentence_features(sent))

    def score(self, sent: Span) -> float:
        """The fitted model alone, in [0, 1] (uncalibrated: classes weighted
        to balance in fitting)."""
        return logistic(self.logit(sent))


@functools.cache
def default_model() -> CheckworthinessModel:
    """The shipped model, loaded once per process."""
    return CheckworthinessModel.load()
