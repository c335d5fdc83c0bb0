import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.matching import ClaimIndex

CLAIMS = [
    "Pyongyang has sent Russia 11,000 containers of munitions in the past year.",
    "Russia used its Security Council veto in March to halt UN sanctions monitoring.",
    "South Korean soldiers fired warning shots after North Korean troops crossed.",
    "North Korea has about 50 nuclear weapons today.",
    "The pact reinstates the mutual defence provisions of the 1961 treaty.",
    "Kim gave Putin a pair of Pungsan hunting dogs.",
    "Unemployment fell to 4.2% in the last quarter.",
    "The new bridge cost $1.5 billion and opened two years late.",
    "Vaccines do not cause autism, a review of ten studies found.",
    "The city planted 20,000 trees since 2019.",
    "Coffee drinkers live longer, according to a study of 500,000 people.",
    "The minister said crime had doubled in a decade.",
    "Wind power supplied a third of the country's electricity last year.",
    "A photograph shows a shark swimming on a flooded highway.",
    "The senator voted against the bill three times.",
    "Half of all plastic ever made was produced after 2005.",
]


@pytest.fixture(scope="module")
def index(encoder) -> ClaimIndex:
    claim_index = ClaimIndex(encoder=encoder)
    claim_index.add([f"c{i}" for i in range(len(CLAIMS))], CLAIMS)
    return claim_index


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    number=st.integers(0, len(CLAIMS) - 1),
    case=st.sampled_from([str, str.lower, str.upper]),
    padding=st.sampled_from(["", " ", "\n", "  \t"]),
)
def test_a_claims_own_text_ranks_it_first(index, number, case, padding):
    found = index.search(padding + case(CLAIMS[number]) + padding, k=3)
    assert found[0].id == f"c{number}"
    assert found[0].score > found[1].score


def test_candidates_carry_scores_best_first(index):
    found = index.search("North Korea shipped munitions to Russia", k=5)
    assert found[0].id == "c0"
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)
    for c in found:
        expected = (1 - index.lexical_weight) * c.similarity
        assert c.score == pytest.approx(expected + index.lexical_weight * c.lexical)
        assert 0 <= c.lexical <= 1


def test_excluded_ids_are_never_offered(index):
    found = index.search(CLAIMS[0], k=3, exclude={"c0"})
    assert "c0" not in [c.id for c in found]
    assert len(found) == 3


def test_search_many_agrees_with_search(index):
    texts = ["warning shots at the border", "how many nuclear weapons"]
    many = index.search_many(texts, k=2)
    assert [[c.id for c in found] for found in many] == [
        [c.id for c in index.search(t, k=2)] for t in texts
    ]


def test_stored_vectors_are_used_as_given(encoder):
    claim_index = ClaimIndex(encoder=encoder)
    vectors = encoder.embed(CLAIMS[:2])
    claim_index.add(["a", "b"], CLAIMS[:2], vectors=vectors[::-1])
    # The vectors were swapped on purpose: the semantic side follows them.
    found = claim_index.search("", k=1, vector=vectors[0])
    assert found[0].id == "b"


def test_bad_additions_are_refused(encoder):
    claim_index = ClaimIndex(encoder=encoder)
    claim_index.add(["a"], ["one claim"])
    with pytest.raises(ValueError, match="duplicate"):
        claim_index.add(["a"], ["again"])
    with pytest.raises(ValueError):
        claim_index.add(["b", "c"], ["only one text"])
    with pytest.raises(ValueError):
        claim_index.add(["b"], ["text"], vectors=np.zeros((1, 3)))
    assert len(claim_index) == 1


def test_an_empty_index_finds_nothing(encoder):
    assert ClaimIndex(encoder=encoder).search("anything") == []


def test_replaced_words_are_found_and_the_old_ones_are_not(encoder):
    claim_index = ClaimIndex(encoder=encoder)
    claim_index.add(["a", "b"], CLAIMS[:2])
    claim_index.replace(["a"], [CLAIMS[2]])
    assert len(claim_index) == 2
    assert claim_index.search(CLAIMS[2], k=1)[0].id == "a"
    old = claim_index.search(CLAIMS[0], k=5)
    assert [c.id for c in old].count("a") == 1  # once, for its new words
    assert next(c for c in old if c.id == "a").score < 0.9
    # A claim not stored before is simply added.
    claim_index.replace(["c"], [CLAIMS[0]])
    assert claim_index.search(CLAIMS[0], k=1)[0].id == "c"
