"""Ranking and calibration metrics for the check-worthiness score, in numpy:
the CLEF metric (average precision per debate, their mean), ROC AUC, and a
reliability table."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from claims.extraction.checkworthiness_data import Corpus


def average_precision(labels: Sequence[int], scores: Sequence[float]) -> float:
    """AP of one ranking by score, best first (ties keep the original order)."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    hits, total = 0, 0.0
    for rank, i in enumerate(order, start=1):
        if labels[i]:
            hits += 1
            total += hits / rank
    return total / hits if hits else 0.0


def roc_auc(labels: Sequence[int], scores: Sequence[float]) -> float:
    """Area under the ROC curve: the chance that a random positive outscores a
    random negative, ties counting half (Mann-Whitney, with midranks)."""
    y = np.asarray(labels, dtype=bool)
    s = np.asarray(scores, dtype=np.float64)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if not n_pos or not n_neg:
        return float("nan")
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s))
    sorted_s = s[order]
    start = 0
    for end in range(1, len(s) + 1):
        if end == len(s) or sorted_s[end] != sorted_s[start]:
            ranks[order[start:end]] = (start + end + 1) / 2  # midrank, 1-based
            start = end
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def mean_ap(corpus: Corpus, rows: np.ndarray, scores: np.ndarray) -> dict[str, float]:
    """AP per CLEF debate among `rows` (the CLEF metric is their mean)."""
    by_debate: dict[str, list[int]] = {}
    for k, i in enumerate(rows):
        by_debate.setdefault(corpus.group[i], []).append(k)
    return {
        debate: average_precision(corpus.label[rows[ks]].tolist(), scores[ks].tolist())
        for debate, ks in sorted(by_debate.items())
    }


def reliability(
    predicted: np.ndarray, labels: np.ndarray, bins: int = 10
) -> list[tuple[float, float, int, float, float]]:
    """(low, high, count, mean predicted, observed rate) per bin of score."""
    table = []
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.minimum((predicted * bins).astype(int), bins - 1)
    for b in range(bins):
        mask = which == b
        n = int(mask.sum())
        mean = float(predicted[mask].mean()) if n else float("nan")
        rate = float(labels[mask].mean()) if n else float("nan")
        table.append((float(edges[b]), float(edges[b + 1]), n, mean, rate))
    return table
