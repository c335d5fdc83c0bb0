"""Quantities parsed for checking against data: value or range, unit, subject,
qualifier; numbers in words, separators, percentages, money and year spans."""

import pytest

from claims.extraction import extract_claims


def quantities(nlp, text):
    return {c.text: c.quantity for c in extract_claims(text, nlp=nlp) if c.quantity}


@pytest.mark.parametrize(
    ("sentence", "phrase", "value", "low", "high", "unit", "subject", "qualifier"),
    [
        ("Exports to China were three times higher than a decade ago.",
         "three times higher than a decade ago", 3, None, None, "times", "", ""),
        ("Kim gave Putin a pair of Pungsan dogs during the visit on Wednesday.",
         "gave Putin a pair of Pungsan dogs during the visit", 2, None, None, "dogs", "Pungsan dogs", ""),
        ("The company cut at least 1,200 jobs and closed two factories in 2023.",
         "cut at least 1,200 jobs", 1200, None, None, "jobs", "", "at least"),
        ("The minister said the government had spent more than $5bn on the "
         "programme.", "spent more than $5bn on the programme", 5e9, None, None, "USD", "", "more than"),
        ("The bridge is 3.5 miles long and cost £200 million to build.",
         "3.5 miles long", 3.5, None, None, "miles", "", ""),
        ("The bridge is 3.5 miles long and cost £200 million to build.",
         "cost £200 million", 2e8, None, None, "GBP", "", ""),
        ("The Korean War of 1950-53 ended in an armistice rather than a peace "
         "treaty.", "The Korean War of 1950-53", None, 1950, 1953, "years", "", ""),
        ("The storm will reach the coast within two days, forecasters said.",
         "reach the coast within two days", 2, None, None, "days", "", ""),
        ("Unemployment fell to 4.1% in March, the lowest rate since 2001.",
         "fell to 4.1% in March", 4.1, None, None, "%", "", ""),
    ],
)  # fmt: skip
def test_quantities_of_our_own_sentences(
    nlp, sentence, phrase, value, low, high, unit, subject, qualifier
):
    found = quantities(nlp, sentence)
    assert phrase in found, f"{phrase!r} not among {list(found)}"
    q = found[phrase]
    assert (q.value, q.low, q.high) == (value, low, high)
    assert (q.unit, q.subject, q.qualifier) == (unit, subject, qualifier)


def test_a_sentence_with_two_numbers_gives_two_quantity_claims(nlp):
    found = quantities(
        nlp, "The company cut at least 1,200 jobs and closed two factories in 2023."
    )
    assert {"cut at least 1,200 jobs", "closed two factories in 2023"} <= set(found)


@pytest.mark.parametrize(
    ("sentence", "claim"),
    [
        ("Unemployment was 4.1% in March.", "Unemployment was 4.1% in March"),
        ("There were 300 tanks at the border.", "There were 300 tanks at the border"),
    ],
)
def test_what_is_counted_by_being_keeps_its_subject(nlp, sentence, claim):
    assert claim in quantities(nlp, sentence)


def test_a_quantity_claim_is_not_widened_across_an_aside(nlp):
    found = quantities(
        nlp, "The talks, twenty-four years in all, ended without a treaty."
    )
    assert "twenty-four years" in found


def test_a_quantity_claim_that_is_a_whole_clause_keeps_its_amount(nlp):
    found = quantities(
        nlp, "More than 20 soldiers crossed the border, but the army denied it."
    )
    assert found["More than 20 soldiers crossed the border"].value == 20


def test_a_definite_small_number_is_a_reference_not_a_quantity(nlp):
    found = quantities(
        nlp, "The two leaders signed a treaty in Pyongyang on Wednesday."
    )
    assert found == {}
