"""Extraction across processes: each worker loads the model once and runs
`nlp.pipe` batches plus claim finding over its share of the texts, and may
go on with what it found (`then`: the import embeds the claims there, beside
the parsing, rather than in the parent after it)."""

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from claims.extraction.extractor import extract_many
from claims.extraction.pipeline import load_nlp
from claims.extraction.types import ClaimCandidate

_model_name: str | None = None
_then: Callable[[list[ClaimCandidate]], Any] | None = None


def _init(model_name: str | None, then) -> None:
    global _model_name, _then
    _model_name, _then = model_name, then
    load_nlp(model_name)


def _extract_chunk(texts: list[str]) -> list:
    found = extract_many(texts, nlp=load_nlp(_model_name), batch_size=len(texts))
    return [_then(claims) if _then else claims for claims in found]


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
    then: Callable[[list[ClaimCandidate]], Any] | None = None,
) -> Iterator:
    """Claims per text, in order (or `then(claims)`, a module-level function,
    run where they were found). One worker runs in this process."""
    if workers <= 1 or len(texts) <= batch_size:
        found = extract_many(texts, nlp=load_nlp(model_name), batch_size=batch_size)
        yield from (then(claims) if then else claims for claims in found)
        return
    chunks = [list(texts[i : i + batch_size]) for i in range(0, len(texts), batch_size)]
    # fork: the workers start with the model's code already imported; they
    # touch no database, so the parent's connections are never used there.
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_init, initargs=(model_name, then)) as pool:
        for claims in pool.imap(_extract_chunk, chunks):
            yield from claims
