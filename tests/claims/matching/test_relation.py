import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.matching import CONFLICT, RELATED, SAME, relation
from claims.matching.relation import SAME_THRESHOLD, disagreement_between

TEMPLATES = [
    "Pyongyang has sent Russia {} containers of munitions in the past year.",
    "More than {} North Korean soldiers crossed the border on Tuesday.",
    "The government spent {} million dollars on the new bridge.",
]


def _far_apart(a: int, b: int) -> bool:
    return abs(a - b) > 0.05 * max(a, b)


@settings(max_examples=25, deadline=None)
@given(
    template=st.sampled_from(TEMPLATES),
    numbers=st.tuples(st.integers(2, 99_999), st.integers(2, 99_999)).filter(
        lambda p: _far_apart(*p)
    ),
    commas=st.booleans(),
)
def test_a_changed_number_is_a_conflict_not_a_match(encoder, template, numbers, commas):
    written = [f"{n:,}" if commas else str(n) for n in numbers]
    a, b = (template.format(w) for w in written)
    similarity = float(encoder.embed_one(a) @ encoder.embed_one(b))
    assert similarity >= SAME_THRESHOLD  # about the same thing...
    found = relation(a, b, similarity=similarity)
    assert found.kind == CONFLICT  # ...with another number
    assert "numbers differ" in found.reason


def test_the_same_claim_reworded_is_the_same(encoder):
    a = "Russia used its Security Council veto in March to halt UN monitoring."
    b = "In March, Russia vetoed the UN monitoring of sanctions at the Security Council."
    similarity = float(encoder.embed_one(a) @ encoder.embed_one(b))
    assert relation(a, b, similarity=similarity).kind == SAME


def test_parsed_quantities_decide_when_given():
    munitions = {"value": 11000.0, "low": None, "high": None, "unit": "containers",
                 "subject": "munitions", "qualifier": ""}  # fmt: skip
    fewer = {**munitions, "value": 1100.0}
    about = {**munitions, "value": 10500.0, "qualifier": "about"}
    text = "containers of munitions"
    conflict = relation(text, text, similarity=0.9, quantity_a=munitions,
                        quantity_b=fewer)  # fmt: skip
    assert conflict.kind == CONFLICT
    assert conflict.reason == "quantities differ: 11,000 containers / 1,100 containers"
    same = relation(text, text, similarity=0.9, quantity_a=munitions, quantity_b=about)
    assert same.kind == SAME


def test_unlike_claims_are_only_related():
    found = relation("It rained in Spain.", "Russia vetoed the panel.", similarity=0.1)
    assert found.kind == RELATED


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        ("Russia vetoed the panel in March.", "Russia vetoed the panel in April.",
         "months differ: mar / apr"),
        ("Russia voted for sanctions in 2006.", "Russia voted for sanctions in 2017.",
         "years differ: 2006 / 2017"),
        ("Russia vetoed the UN panel in March.", "China vetoed the UN panel in March.",
         "names differ: russia / china"),
        ("Pyongyang sent 11,000 containers.", "North Korea sent 1,100 containers.",
         "numbers differ: 11,000 / 1,100"),
    ],
)  # fmt: skip
def test_dates_names_and_numbers_that_disagree(a, b, reason):
    assert disagreement_between(a, b) == reason


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # One side silent on the date, the number or the name: no disagreement.
        ("Russia vetoed the panel in March.", "Russia vetoed the panel."),
        ("Pyongyang sent 11,000 containers.", "Pyongyang sent containers."),
        ("Pyongyang sent 11,000 containers.", "Pyongyang sent eleven thousand."),
        # Another name for the same actor, worded differently: not a swap.
        ("Russia vetoed the UN panel in March.", "Moscow used its veto in March."),
    ],
)
def test_agreeing_or_silent_claims_do_not_conflict(a, b):
    assert disagreement_between(a, b) == ""
