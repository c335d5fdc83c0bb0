"""Check-worthiness ranking on the held-out CLEF-2019 debates.

    python bench/checkworthiness.py [--data DIR]

Each held-out debate is written as one text, one sentence a line, and run
through our spaCy pipeline; `claimdesk_boundaries` starts a sentence at every
line break, and the parser may split a line further. A line's score is the
highest score among the scored spans overlapping it (0 if none). Prints the
CLEF-2019 Task 1 metrics (MAP over debates, mean P@10) beside a random ranking
measured in the same run, and what scoring costs next to the bare parse.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claims.extraction import claims_from_doc, load_nlp  # noqa: E402
from claims.extraction.train_checkworthiness import (  # noqa: E402
    HELDOUT_DEBATES,
    average_precision,
    default_data_dir,
    precision_at,
)

RANDOM_SHUFFLES = 20


def line_scores(
    lines: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int, float]]
) -> list[float]:
    """For each (start, end) line, the maximum score of the (start, end, score)
    spans overlapping it; 0.0 for a line no span touches."""
    spans = sorted(spans)
    scores, first = [], 0
    for line_start, line_end in lines:
        # Spans sorted by start: skip those that end before this line begins.
        while first < len(spans) and spans[first][1] <= line_start:
            first += 1
        best = 0.0
        for start, end, score in spans[first:]:
            if start >= line_end:
                break
            if end > line_start:
                best = max(best, score)
        scores.append(best)
    return scores


def read_debate(path: Path) -> tuple[str, list[tuple[int, int]], list[int]]:
    """The debate as one text, one sentence a line; each line's offsets; labels."""
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    texts = [" ".join(text.split()) for _, _, text, _ in rows]
    offsets, position = [], 0
    for text in texts:
        offsets.append((position, position + len(text)))
        position += len(text) + 1
    return "\n".join(texts), offsets, [int(label) for *_, label in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=default_data_dir())
    args = parser.parse_args()
    nlp = load_nlp()
    debates = [read_debate(args.data / "clef2019-train" / n) for n in HELDOUT_DEBATES]
    rng = random.Random(0)
    aps, p10s, random_aps = [], [], []
    parse_seconds = score_seconds = 0.0
    n_words = 0
    print(f"{'debate':28} {'lines':>6} {'pos':>4} {'AP':>6} {'P@10':>5} {'rand AP':>7}")
    for name, (text, offsets, labels) in zip(HELDOUT_DEBATES, debates, strict=True):
        started = time.perf_counter()
        doc = nlp(text)
        parsed = time.perf_counter()
        spans = [(c.start, c.end, c.score) for c in claims_from_doc(doc)]
        score_seconds += time.perf_counter() - parsed
        parse_seconds += parsed - started
        n_words += sum(not t.is_space and not t.is_punct for t in doc)

        scores = line_scores(offsets, spans)
        aps.append(average_precision(labels, scores))
        p10s.append(precision_at(labels, scores, 10))
        shuffled = []
        for _ in range(RANDOM_SHUFFLES):
            order = list(range(len(labels)))
            rng.shuffle(order)
            shuffled.append(average_precision(labels, [-i for i in order]))
        random_aps.append(sum(shuffled) / RANDOM_SHUFFLES)
        print(
            f"{name:28} {len(labels):6} {sum(labels):4} {aps[-1]:6.3f} "
            f"{p10s[-1]:5.2f} {random_aps[-1]:7.3f}"
        )
    mean = lambda values: sum(values) / len(values)  # noqa: E731
    print(
        f"MAP {mean(aps):.3f}  P@10 {mean(p10s):.3f}  "
        f"random MAP {mean(random_aps):.3f} (mean of {RANDOM_SHUFFLES} shuffles)  "
        f"ratio {mean(aps) / mean(random_aps):.1f}x"
    )
    print(
        f"parse {n_words / parse_seconds:,.0f} words/s; scoring adds "
        f"{100 * score_seconds / parse_seconds:.2f}% of parse time"
    )


if __name__ == "__main__":
    main()
