import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.matching.bm25 import BM25, top_k
from claims.matching.text import clean, words
from claims.matching.vectors import VectorIndex

WORDS = st.lists(st.sampled_from("veto sanctions korea russia munitions un".split()))


@given(st.lists(WORDS, min_size=1, max_size=8), WORDS)
def test_a_score_never_exceeds_its_ceiling(documents, query):
    index = BM25()
    index.add(documents)
    scores = index.scores(query)
    assert scores.shape == (len(documents),)
    assert (scores >= 0).all()
    assert (scores <= index.ceiling(query) + 1e-4).all()


def test_bm25_prefers_the_rarer_shared_word():
    index = BM25()
    index.add([["russia", "veto"], ["russia", "munitions"], ["russia", "korea"]])
    best, scores = index.top(["veto", "russia"], 3)
    assert best[0] == 0
    assert scores[0] > scores[1] > 0


def test_documents_added_later_are_found():
    index = BM25()
    index.add([["russia"]])
    assert index.top(["munitions"], 5)[0].size == 0
    index.add([["munitions"], ["russia", "munitions"]])
    assert set(index.top(["munitions"], 5)[0]) == {1, 2}


def test_top_k_breaks_ties_by_position():
    best, values = top_k(np.array([1.0, 3.0, 3.0, 2.0, 3.0]), 3)
    assert best.tolist() == [1, 2, 4]
    assert values.tolist() == [3.0, 3.0, 3.0]


def test_clean_drops_links_signatures_and_markers():
    tweet = (
        "“CBC deletes Trump” #DefundTheCBC https://t.co/x pic.twitter.com/abc "
        "— Brad Trost (@BradTrostCPC) December 26, 2019"
    )
    assert clean(tweet) == '"CBC deletes Trump" Defund The CBC'
    assert words("The U.S. sent 11,000 containers") == [
        "us",
        "sent",
        "11000",
        "container",
    ]


def _unit(rng, n, d=16):
    v = rng.standard_normal((n, d)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_grouped_index_finds_each_stored_vector_and_later_additions():
    rng = np.random.default_rng(1)
    index = VectorIndex(16, exact_up_to=100, probes=4)
    first = _unit(rng, 400)
    index.add(first)
    best, scores = index.search(first[7], 1)
    assert index.grouped
    assert best.tolist() == [7]
    assert abs(scores[0] - 1.0) < 1e-5
    later = _unit(rng, 30)
    index.add(later)
    assert index.search(later[3], 1)[0].tolist() == [403]
    assert np.array_equal(index.vectors([403, 7]), np.stack([later[3], first[7]]))
    assert len(index) == 430


def test_exact_index_agrees_with_a_plain_dot_product():
    rng = np.random.default_rng(2)
    stored, query = _unit(rng, 50), _unit(rng, 1)[0]
    index = VectorIndex(16)
    index.add(stored)
    best, scores = index.search(query, 5)
    expected = np.argsort(-(stored @ query))[:5]
    assert best.tolist() == expected.tolist()
    assert not index.grouped


@settings(max_examples=20, deadline=None)
@given(st.integers(min_value=0, max_value=299))
def test_every_stored_vector_is_its_own_nearest_when_grouped(number):
    index = _grouped_index()
    best, _ = index.search(index.vectors([number])[0], 1)
    assert best.tolist() == [number]


_GROUPED: list[VectorIndex] = []


def _grouped_index() -> VectorIndex:
    if not _GROUPED:
        index = VectorIndex(16, exact_up_to=50, probes=2)
        index.add(_unit(np.random.default_rng(3), 300))
        _GROUPED.append(index)
    return _GROUPED[0]
