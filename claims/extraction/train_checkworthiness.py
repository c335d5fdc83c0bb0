"""Fit the check-worthiness weights shipped in `checkworthiness.json`.

    python -m claims.extraction.train_checkworthiness \\
        --data ../shared/data/checkworthiness --out claims/extraction/checkworthiness.json

Fits an L2-regularised logistic regression (our own L-BFGS over numpy, so
nothing beyond numpy and spaCy is needed) on the CLEF-2019 CheckThat! Task 1
training debates, minus `HELDOUT_DEBATES`, plus the ClaimBuster crowdsourced
sentences. Full-batch and seedless, so two runs write the same file. Prints
the mean average precision (the CLEF metric) on the held-out debates.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from claims.extraction.checkworthiness import (
    WEIGHTS_PATH,
    CheckworthinessModel,
    sentence_features,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
# Whole debates never used for fitting or tuning: a primary debate, the
# vice-presidential debate, a press conference, an address and a rally.
HELDOUT_DEBATES = (
    "20160226_10_gop.tsv",
    "20161005_vice_pres.tsv",
    "20170216_trump_press.tsv",
    "20170228_trump_address.tsv",
    "20180916_trump_miami.tsv",
)
# ClaimBuster files that are the same debates as CLEF ones: left out whenever
# their CLEF twin is being evaluated, so no sentence is scored after being seen.
CLAIMBUSTER_TWINS = {
    "20160926_1pres.tsv": "2016-09-26.txt",
    "20161010_2pres.tsv": "2016-10-09.txt",
    "20161019_3pres.tsv": "2016-10-19.txt",
}
# Tuned by leave-debates-out cross-validation on the training debates only.
L2 = 1e-4
MIN_COUNT = 2
CLAIMBUSTER_SHARE = 2.0  # ClaimBuster's total weight relative to CLEF's
MAX_ITER = 300


@dataclass(frozen=True)
class Example:
    features: Sequence[str]
    label: int  # 1 = check-worthy
    weight: float
    group: str  # the debate (CLEF file or ClaimBuster file) it comes from


def default_data_dir() -> Path:
    env = os.environ.get("CLAIMDESK_CHECKWORTHINESS_DATA")
    return Path(env) if env else REPO_ROOT.parent / "shared/data/checkworthiness"


def read_clef(data_dir: Path) -> list[tuple[str, str, int]]:
    """(debate file, sentence, label) for every line of the CLEF debates."""
    rows = []
    for path in sorted((data_dir / "clef2019-train").glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            _number, _speaker, text, label = line.split("\t")
            rows.append((path.name, text, int(label)))
    return rows


def read_claimbuster(data_dir: Path) -> list[tuple[str, str, int]]:
    """(file id, sentence, verdict) with verdict -1 non-factual, 0 unimportant
    factual, 1 check-worthy factual."""
    with open(data_dir / "claimbuster-crowdsourced.csv", encoding="utf-8") as fh:
        return [
            (r["File_id"], r["Text"], int(r["Verdict"])) for r in csv.DictReader(fh)
        ]


def featurize(nlp, texts: Iterable[str], n_process: int = 1) -> list[list[str]]:
    """Each text parsed as one sentence: the CLEF lines are one sentence each."""
    docs = nlp.pipe(texts, batch_size=256, n_process=n_process)
    return [sentence_features(doc[:]) for doc in docs]


def build_examples(
    clef: Sequence[tuple[str, Sequence[str], int]],
    claimbuster: Sequence[tuple[str, Sequence[str], int]],
    claimbuster_share: float = CLAIMBUSTER_SHARE,
) -> list[Example]:
    """Weight each source's classes to balance (2.7% of CLEF is positive), then
    scale ClaimBuster to `claimbuster_share` of CLEF's total weight, so that the
    CLEF ranking stays what is optimised."""
    examples: list[Example] = []
    for rows, share in ((clef, 1.0), (claimbuster, claimbuster_share)):
        labels = [int(label == 1) for _, _, label in rows]
        n_pos = sum(labels)
        if not rows or not n_pos or n_pos == len(rows) or not share:
            continue
        weight = {1: share * 0.5 / n_pos, 0: share * 0.5 / (len(rows) - n_pos)}
        examples += [
            Example(feats, y, weight[y], group)
            for (group, feats, _), y in zip(rows, labels, strict=True)
        ]
    return examples


def _lbfgs(fun, x0: np.ndarray, max_iter: int, memory: int = 10) -> np.ndarray:
    """Minimise a smooth convex `fun(x) -> (value, gradient)`: L-BFGS with a
    backtracking (Armijo) line search. Deterministic."""
    x = x0.copy()
    f, g = fun(x)
    history: list[tuple[np.ndarray, np.ndarray, float]] = []
    for _ in range(max_iter):
        q = g.copy()
        alphas = []
        for s, y, rho in reversed(history):
            a = rho * s.dot(q)
            alphas.append(a)
            q -= a * y
        if history:
            s, y, _ = history[-1]
            q *= s.dot(y) / y.dot(y)
        for (s, y, rho), a in zip(history, reversed(alphas), strict=True):
            q += s * (a - rho * y.dot(q))
        direction = -q
        slope = g.dot(direction)
        if slope >= 0:  # not a descent direction: restart from the gradient
            history.clear()
            direction, slope = -g, -g.dot(g)
        step = 1.0 if history else 1.0 / max(np.linalg.norm(g), 1e-12)
        while True:
            x_new = x + step * direction
            f_new, g_new = fun(x_new)
            if f_new <= f + 1e-4 * step * slope or step < 1e-12:
                break
            step *= 0.5
        s, y = x_new - x, g_new - g
        if s.dot(y) > 1e-12:
            history = [*history[-(memory - 1) :], (s, y, 1.0 / s.dot(y))]
        converged = abs(f - f_new) <= 1e-9 * max(1.0, abs(f))
        x, f, g = x_new, f_new, g_new
        if converged or np.abs(g).max() < 1e-7:
            break
    return x


def fit(
    examples: Sequence[Example],
    *,
    l2: float = L2,
    min_count: int = MIN_COUNT,
    max_iter: int = MAX_ITER,
) -> dict:
    """Weighted logistic regression over the binary features seen in at least
    `min_count` examples. Returns {"bias": float, "weights": {name: float}}."""
    counts = Counter(f for ex in examples for f in set(ex.features))
    vocab = sorted(f for f, c in counts.items() if c >= min_count)
    index = {f: i for i, f in enumerate(vocab)}
    rows, cols = [], []
    for r, ex in enumerate(examples):
        cols_r = sorted({index[f] for f in ex.features if f in index})
        rows += [r] * len(cols_r)
        cols += cols_r
    rows_a, cols_a = np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)
    y = np.array([ex.label for ex in examples], dtype=np.float64)
    c = np.array([ex.weight for ex in examples], dtype=np.float64)
    c /= c.sum()
    n, d = len(examples), len(vocab)

    def objective(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:d], theta[d]
        z = np.bincount(rows_a, weights=w[cols_a], minlength=n) + b
        # log(1 + e^z) - y z, computed stably
        loss = c.dot(np.logaddexp(0.0, z) - y * z) + 0.5 * l2 * w.dot(w)
        residual = c * (1.0 / (1.0 + np.exp(-z)) - y)
        grad_w = np.bincount(cols_a, weights=residual[rows_a], minlength=d) + l2 * w
        return loss, np.append(grad_w, residual.sum())

    theta = _lbfgs(objective, np.zeros(d + 1), max_iter=max_iter)
    weights = {f: round(float(w), 5) for f, w in zip(vocab, theta[:d], strict=True)}
    return {
        "bias": round(float(theta[d]), 5),
        "weights": {f: w for f, w in weights.items() if w != 0.0},
    }


def average_precision(labels: Sequence[int], scores: Sequence[float]) -> float:
    """AP of one debate ranked by score (ties keep the original order)."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    hits, total = 0, 0.0
    for rank, i in enumerate(order, start=1):
        if labels[i]:
            hits += 1
            total += hits / rank
    return total / hits if hits else 0.0


def precision_at(labels: Sequence[int], scores: Sequence[float], k: int) -> float:
    order = sorted(range(len(scores)), key=lambda i: -scores[i])[:k]
    return sum(labels[i] for i in order) / k


def evaluate(model: CheckworthinessModel, clef, debates: Iterable[str]) -> dict:
    """MAP and P@10 over `debates`, from featurised CLEF rows."""
    aps, p10s = [], []
    for debate in debates:
        rows = [(feats, label) for group, feats, label in clef if group == debate]
        labels = [label for _, label in rows]
        scores = [model.score_features(feats) for feats, _ in rows]
        aps.append(average_precision(labels, scores))
        p10s.append(precision_at(labels, scores, 10))
    return {"map": float(np.mean(aps)), "p@10": float(np.mean(p10s)), "ap": aps}


def training_rows(clef, claimbuster, excluded: Iterable[str]):
    """The CLEF and ClaimBuster rows left once `excluded` debates (and their
    ClaimBuster twins) are taken out."""
    excluded = set(excluded)
    twins = {CLAIMBUSTER_TWINS[d] for d in excluded if d in CLAIMBUSTER_TWINS}
    return (
        [row for row in clef if row[0] not in excluded],
        [row for row in claimbuster if row[0] not in twins],
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--out", type=Path, default=WEIGHTS_PATH)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args(argv)

    from claims.extraction.pipeline import load_nlp

    started = time.perf_counter()
    clef_raw, cb_raw = read_clef(args.data), read_claimbuster(args.data)
    feats = featurize(
        load_nlp(), [t for _, t, _ in clef_raw + cb_raw], n_process=args.processes
    )
    clef = [(g, f, y) for (g, _, y), f in zip(clef_raw, feats, strict=False)]
    claimbuster = [
        (g, f, y) for (g, _, y), f in zip(cb_raw, feats[len(clef_raw) :], strict=True)
    ]
    print(f"parsed {len(feats)} sentences in {time.perf_counter() - started:.0f}s")

    fitted = fit(build_examples(*training_rows(clef, claimbuster, HELDOUT_DEBATES)))
    args.out.write_text(json.dumps(fitted, sort_keys=True, indent=0) + "\n")
    result = evaluate(CheckworthinessModel(**fitted), clef, HELDOUT_DEBATES)
    print(
        f"{len(fitted['weights'])} weights -> {args.out} "
        f"({args.out.stat().st_size / 1e6:.1f} MB) in "
        f"{time.perf_counter() - started:.0f}s; held-out MAP {result['map']:.3f}, "
        f"P@10 {result['p@10']:.3f}"
    )


if __name__ == "__main__":
    main()
