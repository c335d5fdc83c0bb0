"""Extraction speed against bare spaCy, measured in the same run.

The seed articles repeated to at least 100k words go through `nlp.pipe` in
batches twice: once bare (spaCy's model alone, without our components:
line breaks as sentence ends, curly apostrophes read as straight), once with
our components and our claim finding and scoring on every Doc. Prints words/s
of each and their ratio (target: ≥ 0.8).

    python bench/extraction.py [--words 100000] [--batch-size 16] [--embed]

`--embed` also embeds every sentence of each Doc (one batch a Doc), to
measure what sentence embeddings as score features would cost (issue 14).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction import claims_from_doc, load_nlp  # noqa: E402


def corpus(min_words: int) -> tuple[list[str], int]:
    seeds = [
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))
    ]
    texts, words = [], 0
    while words < min_words:
        for text in seeds:
            texts.append(text)
            words += len(text.split())
    return texts, words


def timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--embed", action="store_true")
    args = parser.parse_args()
    nlp = load_nlp()
    texts, words = corpus(args.words)
    list(nlp.pipe(texts[:2]))  # warm up

    ours = [name for name in nlp.pipe_names if name.startswith("claimdesk_")]

    def bare() -> None:
        with nlp.select_pipes(disable=ours):
            for _ in nlp.pipe(texts, batch_size=args.batch_size):
                pass

    if args.embed:
        from claims.matching.embedding import embed_texts

        embed_texts(["warm up"])

    def extraction() -> None:
        for doc in nlp.pipe(texts, batch_size=args.batch_size):
            claims_from_doc(doc)
            if args.embed:
                embed_texts([sent.text for sent in doc.sents])

    # Alternate the two so that drift in machine load hits both alike.
    bare_times, ours_times = [], []
    for _ in range(args.rounds):
        bare_times.append(timed(bare))
        ours_times.append(timed(extraction))
    bare_wps = words / statistics.median(bare_times)
    ours_wps = words / statistics.median(ours_times)
    print(
        f"texts: {len(texts)}, words: {words:,}, batch size: {args.batch_size}, "
        f"rounds: {args.rounds}, embedding every sentence: {args.embed}"
    )
    print(f"bare nlp.pipe:     {bare_wps:10,.0f} words/s")
    print(f"claim extraction:  {ours_wps:10,.0f} words/s")
    print(f"ratio:             {ours_wps / bare_wps:10.3f}  (target >= 0.8)")


if __name__ == "__main__":
    main()
