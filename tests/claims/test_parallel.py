"""Extraction across worker processes gives exactly what one process gives."""

from claims.extraction import extract_many
from claims.extraction.parallel import default_workers, extract_parallel


def test_two_workers_give_the_same_claims_in_the_same_order(seed_texts, nlp):
    texts = [f"{text}\nCopy {i} was filed on 5 June." for i in range(3)
             for text in seed_texts.values()]  # fmt: skip
    alone = list(extract_many(texts, nlp=nlp, batch_size=2))
    shared = list(extract_parallel(texts, workers=2, batch_size=2))
    assert shared == alone
    assert all(claims for claims in shared)


def test_default_workers_is_the_number_of_usable_cores():
    assert default_workers() >= 1
