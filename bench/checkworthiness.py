"""Check-worthiness, validated so that the figures are what a new debate gets.

    python bench/checkworthiness.py [--data DIR] [--recipes before,parse,...]

1. Leave one debate out over the 19 CLEF-2019 training debates: each debate is
   scored by a model fitted without it, whose choices (calibration, and for
   one variant the news prior's share) were made inside its training data, on
   the scores of three inner folds (`claims.extraction.checkworthiness_cv`). ClaimBuster files are spread over
   the same folds, a CLEF debate's ClaimBuster twin with it. Prints AP per
   debate and the mean (the CLEF metric) ± its spread over debates.
2. Across datasets: fit on CLEF alone and score ClaimBuster's sentences (AUC,
   AP; leaving out the three ClaimBuster files that are CLEF debates), and fit
   on ClaimBuster alone and score the 19 CLEF debates (MAP).
3. The reliability of the shipped recipe's held-out scores: per bin of score,
   how many sentences, their mean score and the share labelled check-worthy.
4. F1 of the check-worthy class per threshold on the same held-out scores,
   and the thresholds within one standard error of the best: `MIN_SCORE` is
   the low end of that plateau.

Each scorer is printed beside a random ranking and beside the scorer as it was
before issue 14 (`before`: its choices fixed, refitted per fold the same way),
all measured in this run. A line is scored parsed alone, as in training.
Parsed and embedded sentences are cached in the temporary directory.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claims.extraction.checkworthiness_cv import (  # noqa: E402
    BEFORE,
    EMBEDDING,
    PARSE,
    SHARE_CHOSEN,
    Design,
    Validation,
    claimbuster_alone,
    validate,
)
from claims.extraction.checkworthiness_data import (  # noqa: E402
    CLAIMBUSTER,
    CLEF,
    load_corpus,
)
from claims.extraction.checkworthiness_metrics import (  # noqa: E402
    average_precision,
    reliability,
    roc_auc,
)
from claims.extraction.train_checkworthiness import (  # noqa: E402
    SHIPPED,
    default_data_dir,
)

RANDOM_SHUFFLES = 20
RECIPES = {r.name: r for r in (BEFORE, PARSE, SHARE_CHOSEN, EMBEDDING)}


def random_ap(labels: list[int], rng: random.Random) -> float:
    """Mean AP of RANDOM_SHUFFLES random rankings."""
    total = 0.0
    for _ in range(RANDOM_SHUFFLES):
        order = list(range(len(labels)))
        rng.shuffle(order)
        total += average_precision(labels, [-i for i in order])
    return total / RANDOM_SHUFFLES


def spread(values) -> str:
    values = list(values)
    return f"{statistics.mean(values):.3f} ± {statistics.stdev(values):.3f}"


def calibration_error(scores: np.ndarray, labels: np.ndarray) -> float:
    """Expected calibration error: |mean score - observed rate| over the bins
    of `reliability`, weighted by how many sentences each holds."""
    table = reliability(scores, labels)
    return sum(n * abs(mean - rate) for *_, n, mean, rate in table if n) / len(scores)


def print_reliability(title: str, scores: np.ndarray, labels: np.ndarray) -> None:
    print(f"\n{title}")
    print(f"{'score':>11} {'sentences':>9} {'mean score':>10} {'observed':>8}")
    for low, high, n, mean, rate in reliability(scores, labels):
        if n:
            print(f"{low:4.1f}-{high:4.1f}  {n:9} {mean:10.3f} {rate:8.3f}")
    print(f"expected calibration error {calibration_error(scores, labels):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--recipes", default=",".join(RECIPES))
    args = parser.parse_args()
    started = time.perf_counter()
    corpus = load_corpus(args.data)
    design = Design(corpus)
    clef_rows = corpus.rows(CLEF)
    debates = corpus.groups(CLEF)

    results: dict[str, Validation] = {}
    for name in args.recipes.split(","):
        recipe_started = time.perf_counter()
        results[name] = validate(design, RECIPES[name])
        shares = Counter(c.share for c in results[name].choices.values())
        platts = [c.platt for c in results[name].choices.values()]
        print(
            f"{name}: validated in {time.perf_counter() - recipe_started:.0f}s; "
            f"fitted share chosen {dict(sorted(shares.items()))}, Platt a "
            f"{min(a for a, _ in platts):.2f}-{max(a for a, _ in platts):.2f}, b "
            f"{min(b for _, b in platts):.2f}-{max(b for _, b in platts):.2f}"
        )

    rng = random.Random(0)
    rand = {
        d: random_ap(corpus.label[corpus.rows(CLEF, {d})].tolist(), rng)
        for d in debates
    }
    names = list(results)
    print("Leave one debate out, CLEF-2019 training debates: AP per debate")
    print(
        f"{'debate':28} {'lines':>6} {'pos':>4} {'random':>7}"
        + "".join(f" {n:>15}" for n in names)
    )
    for d in debates:
        labels = corpus.label[corpus.rows(CLEF, {d})]
        print(
            f"{d:28} {len(labels):6} {labels.sum():4} {rand[d]:7.3f}"
            + "".join(f" {results[n].ap[d]:15.3f}" for n in names)
        )
    print(
        f"{'MAP ± std over debates':40} {spread(rand.values()):>13}"
        + "".join(f" {spread(results[n].ap.values()):>15}" for n in names)
    )

    _, cb_rows = claimbuster_alone(corpus)
    cb_labels = corpus.label[cb_rows].tolist()
    print(
        f"\nAcross datasets ({len(cb_rows)} ClaimBuster sentences, "
        f"{np.mean(cb_labels):.1%} check-worthy; 19 CLEF debates)"
    )
    print(f"{'':34} {'random':>7}" + "".join(f" {n:>15}" for n in names))
    print(
        f"{'fit CLEF, score ClaimBuster: AUC':34} {0.5:7.3f}"
        + "".join(f" {results[n].clef_to_claimbuster[0]:15.3f}" for n in names)
    )
    print(
        f"{'fit CLEF, score ClaimBuster: AP':34} {random_ap(cb_labels, rng):7.3f}"
        + "".join(f" {results[n].clef_to_claimbuster[1]:15.3f}" for n in names)
    )
    print(
        f"{'fit ClaimBuster, score CLEF: MAP':34} "
        f"{statistics.mean(rand.values()):7.3f}"
        + "".join(
            f" {statistics.mean(results[n].claimbuster_to_clef.values()):15.3f}"
            for n in names
        )
    )

    all_cb = corpus.rows(CLAIMBUSTER)
    print(
        f"{'held-out ClaimBuster files: AUC':34} {0.5:7.3f}"
        + "".join(
            f" {roc_auc(corpus.label[all_cb], results[n].held_out[all_cb]):15.3f}"
            for n in names
        )
    )
    print("  (fitted on CLEF and the other ClaimBuster files, leave-one-debate-out)")
    print(
        f"{'calibration error there (ECE)':34} {'':7}"
        + "".join(
            f" {calibration_error(results[n].held_out[all_cb], corpus.label[all_cb]):15.3f}"
            for n in names
        )
    )

    shipped = SHIPPED.name if SHIPPED.name in results else names[-1]
    held_out = results[shipped].held_out
    print_reliability(
        f"Reliability of `{shipped}` on held-out ClaimBuster sentences "
        "(leave-one-debate-out folds; label: check-worthy factual)",
        held_out[all_cb],
        corpus.label[all_cb],
    )
    print_reliability(
        f"Reliability of `{shipped}` on held-out CLEF lines "
        "(label: checked by fact-checkers, a stricter choice)",
        held_out[clef_rows],
        corpus.label[clef_rows],
    )
    print_thresholds(shipped, held_out[all_cb], corpus.label[all_cb])
    print(f"\n{time.perf_counter() - started:.0f}s in all")


def _f1(scores: np.ndarray, labels: np.ndarray, threshold: float) -> tuple:
    kept = scores >= threshold
    precision = labels[kept].mean() if kept.any() else 0.0
    recall = labels[kept].sum() / labels.sum()
    return (
        kept.mean(),
        precision,
        recall,
        2 * precision * recall / (precision + recall or 1),
    )


def print_thresholds(name: str, scores: np.ndarray, labels: np.ndarray) -> None:
    """F1 of the check-worthy class per threshold, and the plateau: the
    thresholds whose F1 is within one standard error (bootstrap over the
    sentences) of the best. `MIN_SCORE` is its low end: a reviewer dismisses
    a false candidate faster than they find a missed one."""
    print(f"\nheld-out ClaimBuster, `{name}`: F1 of check-worthy at threshold")
    thresholds = [round(0.2 + i / 100, 2) for i in range(16)] + [0.4, 0.5, 0.6]
    f1s = {}
    for threshold in thresholds:
        kept, precision, recall, f1s[threshold] = _f1(scores, labels, threshold)
        print(
            f"  {threshold:.2f}: kept {kept:6.1%}  precision {precision:.3f}  "
            f"recall {recall:.3f}  F1 {f1s[threshold]:.4f}"
        )
    best = max(f1s, key=f1s.get)
    rng = np.random.default_rng(0)
    resampled = [
        _f1(scores[i], labels[i], best)[3]
        for i in (rng.integers(0, len(scores), len(scores)) for _ in range(200))
    ]
    error = float(np.std(resampled))
    plateau = [t for t, f1 in f1s.items() if f1 >= f1s[best] - error]
    print(
        f"  best {f1s[best]:.4f} at {best:.2f}, standard error {error:.4f}; "
        f"within it: {plateau[0]:.2f}-{plateau[-1]:.2f}"
    )


if __name__ == "__main__":
    main()
