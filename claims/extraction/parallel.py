"""Extraction across processes: each worker loads the model once and runs
`nlp.pipe` batches plus claim finding over its share of the texts."""

import multiprocessing
import os
from collections.abc import Iterator, Sequence

from claims.extraction.extractor import extract_many
from claims.extraction.pipeline import load_nlp
from claims.extraction.types import ClaimCandidate

_model_name: str | None = None


def _init(model_name: str | None) -> None:
    global _model_name
    _model_name = model_name
    load_nlp(model_name)


def _extract_chunk(texts: list[str]) -> list[list[ClaimCandidate]]:
    return list(extract_many(texts, nlp=load_nlp(_model_name), batch_size=len(texts)))


def default_workers() -> int:
    return (
        len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else os.cpu_count() or 1
    )


def extract_parallel(
    texts: Sequence[str],
    *,
    workers: int = 1,
    model_name: str | None = None,
    batch_size: int = 16,
) -> Iterator[list[ClaimCandidate]]:
    """Claims per text, in order. One worker runs in this process."""
    if workers <= 1 or len(texts) <= batch_size:
        yield from extract_many(texts, nlp=load_nlp(model_name), batch_size=batch_size)
        return
    chunks = [list(texts[i : i + batch_size]) for i in range(0, len(texts), batch_size)]
    # fork: the workers start with the model's code already imported; they
    # touch no database, so the parent's connections are never used there.
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_init, initargs=(model_name,)) as pool:
        for claims in pool.imap(_extract_chunk, chunks):
            yield from claims
