"""Fit the check-worthiness score shipped in `checkworthiness.json`.

    python -m claims.extraction.train_checkworthiness \\
        --data ../shared/data/checkworthiness --out claims/extraction/checkworthiness.json

An L2-regularised logistic regression over the parse features (our own L-BFGS
over numpy, so nothing beyond numpy and spaCy is needed), fitted on all 19
CLEF-2019 CheckThat! Task 1 training debates and the ClaimBuster crowdsourced
sentences. Its one choice from data, the Platt calibration (the share in the
blend with the news prior is fixed), is made by `checkworthiness_cv.choose`
from the held-out logits of leave-one-debate-out over all of it, as
`bench/checkworthiness.py` makes it for each debate inside that debate's
training data. Full-batch and seedless: two runs write the same file.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from claims.extraction.checkworthiness import WEIGHTS_PATH
from claims.extraction.checkworthiness_cv import (
    L2,
    PARSE,
    Design,
    Recipe,
    choose,
    fit,
    held_out_logits,
)
from claims.extraction.checkworthiness_data import load_corpus

REPO_ROOT = Path(__file__).resolve().parents[2]
# Shipped: parse features and the news prior, no embeddings (embedding every
# sentence would take extraction below 0.8x bare spaCy; README).
SHIPPED = PARSE


def default_data_dir() -> Path:
    env = os.environ.get("CLAIMDESK_CHECKWORTHINESS_DATA")
    return Path(env) if env else REPO_ROOT.parent / "shared/data/checkworthiness"


def train(design: Design, recipe: Recipe = SHIPPED) -> dict:
    """Choose and fit on every labelled sentence; the weights file's content."""
    everything = np.arange(len(design.corpus.text))
    z = held_out_logits(design, recipe.embeddings)
    choice = choose(design.corpus, recipe, everything, z)
    model = fit(design, everything, l2=L2, embeddings=False)
    weights = {
        f: round(float(w), 5) for f, w in zip(design.vocab, model.weights, strict=True)
    }
    return {
        "bias": round(model.bias, 5),
        "weights": {f: w for f, w in weights.items() if w != 0.0},
        "l2": L2,
        "fitted_share": choice.share,
        "calibration": [round(choice.platt[0], 5), round(choice.platt[1], 5)],
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--out", type=Path, default=WEIGHTS_PATH)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    fitted = train(Design(load_corpus(args.data, embedded=SHIPPED.embeddings)))
    args.out.write_text(json.dumps(fitted, sort_keys=True, indent=0) + "\n")
    print(
        f"{len(fitted['weights'])} weights -> {args.out} "
        f"({args.out.stat().st_size / 1e6:.1f} MB) in "
        f"{time.perf_counter() - started:.0f}s; L2 {fitted['l2']}, fitted share "
        f"{fitted['fitted_share']}, calibration {fitted['calibration']}"
    )


if __name__ == "__main__":
    main()
