"""Re-anchoring an article with about 330 claims after 20 random edits, beside a
plain exact search (``str.find`` of every quote) measured in the same run.

The article is the two seed articles repeated five times (so every quote occurs
five times and only the position map and the context tell the copies apart);
the claims are the extractor's. Prints the time per claim of both, their ratio,
the share of claims in each state, and how many untouched claims were found at
their true place.

    python bench/reanchor.py [--copies 5] [--edits 20] [--rounds 20] [--seed 1]
"""

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.anchoring import AnchorState, BodyMap, reanchor  # noqa: E402


def article(copies: int) -> tuple[str, list[tuple[int, int]]]:
    from claims.extraction import extract_claims

    seeds = [
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))
    ]
    one = "\n\n".join(seeds)
    spans = [(c.start, c.end) for c in extract_claims(one)]
    step = len(one) + 2
    body = "\n\n".join([one] * copies)
    return body, [(s + i * step, e + i * step) for i in range(copies) for s, e in spans]


def edit(
    body: str, spans: list[tuple[int, int]], rng: random.Random, count: int
) -> tuple[str, list[tuple[int, int] | None]]:
    """``count`` random insertions, deletions and replacements anywhere; the true
    new place of every claim no edit touched (None for a touched one)."""
    places: list[tuple[int, int] | None] = list(spans)
    words = "the a said officials reported about more than 12,000 shells".split()
    for _ in range(count):
        at = rng.randrange(len(body))
        length = rng.choice([0, rng.randint(1, 80)])
        text = " ".join(rng.choices(words, k=rng.randint(1, 8))) + " "
        if not length and not text:
            continue
        end = at + length
        body = body[:at] + text + body[end:]
        for i, place in enumerate(places):
            if place is None:
                continue
            s, e = place
            if e <= at:
                continue
            if s >= end:
                places[i] = (s + len(text) - length, e + len(text) - length)
            else:
                places[i] = None
    return body, places


def median_time(run, rounds: int) -> float:
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=5)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    old, spans = article(args.copies)
    new, places = edit(old, spans, random.Random(args.seed), args.edits)
    quotes = [old[s:e] for s, e in spans]

    def plain() -> list[int]:
        return [new.find(q) for q in quotes]

    anchors = reanchor(old, new, spans)  # warm up
    anchored = median_time(lambda: reanchor(old, new, spans), args.rounds)
    found = median_time(plain, args.rounds)
    diff = median_time(lambda: BodyMap(old, new), args.rounds)

    n = len(spans)
    print(
        f"{n} claims, body {len(old):,} -> {len(new):,} characters, {args.edits} edits"
    )
    print(
        f"re-anchoring:  {anchored / n * 1e6:8.1f} µs/claim ({anchored * 1000:.1f} ms"
    )
    print(f"               of which the diff {diff * 1000:.1f} ms)")
    print(f"str.find:      {found / n * 1e6:8.1f} µs/claim")
    print(f"ratio:         {anchored / found:8.1f}x")
    states = Counter(a.state for a in anchors)
    print("states:       ", ", ".join(f"{s} {states[s] / n:.0%}" for s in AnchorState))
    untouched = [(p, a) for p, a in zip(places, anchors, strict=True) if p is not None]
    at_place = sum((a.start, a.end) == p for p, a in untouched)
    print(f"untouched:     {at_place}/{len(untouched)} at their true place")
    naive = sum(
        new.find(old[s:e]) == p[0] for (s, e), p in zip(spans, places, strict=True) if p
    )
    print(f"str.find:      {naive}/{len(untouched)} at their true place")


if __name__ == "__main__":
    main()
