"""Claim lookup latency among many stored claims (synthetic).

    python bench/matching_lookup.py [--claims 1000000] [--queries 200]

Stores N synthetic claims in a ClaimIndex: unit vectors drawn around 4,000
topics (real claims cluster by subject too; cosine to the topic about 0.8)
and 12-word texts drawn from a Zipf-distributed vocabulary of 50,000 content
words. Each query is a stored claim's vector moved a little (cosine about
0.9: a paraphrase) and 8 of its words with 2 others. Prints
the p50/p95 of a whole hybrid lookup (BM25 + vectors + fusion, the query
vector given), beside an exact scan of every vector measured in the same run,
and the recall of the grouped vector search against that scan. Embedding the
query is separate and does not grow with N: timed at the end with the model.
Target: p95 under 100 ms at 1,000,000 claims on two cores.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claims.matching.bm25 import top_k  # noqa: E402
from claims.matching.embedding import DIMENSIONS, load_encoder  # noqa: E402
from claims.matching.index import ClaimIndex  # noqa: E402
from claims.matching.vectors import VectorIndex  # noqa: E402

TOPICS = 4_000
VOCABULARY = 50_000
WORDS_PER_CLAIM = 12
STOPWORDS = 100
CHUNK = 100_000
K = 10


def unit(rows):
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def synthetic_vectors(rng, n: int, topics) -> np.ndarray:
    out = np.empty((n, DIMENSIONS), dtype=np.float32)
    for start in range(0, n, CHUNK):
        size = min(CHUNK, n - start)
        centre = topics[rng.integers(0, len(topics), size)]
        noise = rng.standard_normal((size, DIMENSIONS), dtype=np.float32)
        # A claim's cosine with its topic's centre is about 0.8.
        out[start : start + size] = unit(centre + 0.04 * noise)
    return out


def synthetic_texts(rng, n: int) -> list[str]:
    # Zipf's law from the 100th word on: the commonest words are stopwords,
    # which BM25 never sees.
    cumulative = np.cumsum(1 / np.arange(STOPWORDS, VOCABULARY + STOPWORDS))
    draws = np.searchsorted(
        cumulative / cumulative[-1], rng.random((n, WORDS_PER_CLAIM))
    )
    names = [f"w{w}" for w in range(VOCABULARY)]
    return [" ".join([names[w] for w in row]) for row in draws.tolist()]


def percentiles(seconds: list[float]) -> str:
    p50, p95 = np.percentile(np.array(seconds) * 1e3, [50, 95])
    return f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(0)

    started = time.perf_counter()
    topics = unit(rng.standard_normal((TOPICS, DIMENSIONS), dtype=np.float32))
    vectors = synthetic_vectors(rng, args.claims, topics)
    texts = synthetic_texts(rng, args.claims)
    print(
        f"{args.claims:,} synthetic claims made in {time.perf_counter() - started:.0f} s"
    )

    started = time.perf_counter()
    index = ClaimIndex(encoder=None)
    ids = [str(i) for i in range(args.claims)]
    for start in range(0, args.claims, CHUNK):
        end = start + CHUNK
        index.add(ids[start:end], texts[start:end], vectors=vectors[start:end])
    index.search(texts[0], K, vector=vectors[0])  # merges postings, groups vectors
    built = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    print(f"indexed in {built:.0f} s; peak memory {rss:.1f} GiB")

    picks = rng.integers(0, args.claims, args.queries)
    query_vectors = unit(
        vectors[picks]
        + 0.025 * rng.standard_normal((args.queries, DIMENSIONS), dtype=np.float32)
    )
    query_texts = [
        " ".join(texts[i].split()[:8] + [f"w{rng.integers(VOCABULARY)}"] * 2)
        for i in picks
    ]

    hybrid, exact, recall = [], [], []
    grouped: VectorIndex = index._vectors
    for text, vector in zip(query_texts, query_vectors, strict=True):
        # Interleaved, so that both see the same machine load.
        started = time.perf_counter()
        index.search(text, K, vector=vector)
        hybrid.append(time.perf_counter() - started)
        started = time.perf_counter()
        best_exact, _ = top_k(vectors @ vector, K)
        exact.append(time.perf_counter() - started)
        best_grouped, _ = grouped.search(vector, K)
        recall.append(len(set(best_grouped) & set(best_exact)) / K)
    print(f"hybrid lookup, {args.claims:,} claims:     {percentiles(hybrid)}")
    print(f"exact vector scan alone (baseline): {percentiles(exact)}")
    print(
        f"ratio p95 hybrid / exact scan: "
        f"{np.percentile(hybrid, 95) / np.percentile(exact, 95):.2f}; "
        f"vector recall@{K} against the exact scan: {np.mean(recall):.3f} "
        f"(grouped: {grouped.grouped})"
    )
    target = np.percentile(hybrid, 95) * 1e3
    print(f"target p95 < 100 ms: {'met' if target < 100 else 'NOT met'}")

    encoder = load_encoder()
    claims = [t.replace("w", "word ") for t in query_texts[:50]]
    timings = []
    for claim in claims:
        started = time.perf_counter()
        encoder.embed([claim])
        timings.append(time.perf_counter() - started)
    print(f"embedding one query claim (any N):  {percentiles(timings)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
