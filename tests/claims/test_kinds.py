"""Claim kinds after Full Fact's typology, on the seeds and on sentences of our own."""

import pytest

from claims.extraction import extract_claims
from tests.claims.conftest import NEW_STATESMAN, TIME


def sentence_claim(claims, opening):
    found = [c for c in claims if c.quantity is None and c.text.startswith(opening)]
    assert found, f"no sentence claim opening {opening!r}"
    return found[0]


@pytest.mark.parametrize(
    ("seed", "opening", "kind"),
    [
        (NEW_STATESMAN, "In its updated form, according to Pyongyang", "rule"),
        (NEW_STATESMAN, "The pact reinstates the mutual defence", "rule"),
        (NEW_STATESMAN, "I believe their goal within five to ten years", "prediction"),
        (NEW_STATESMAN, "The immediate effects will be felt in Ukraine", "prediction"),
        (TIME, "Twenty-four years on and Putin", "comparison"),
        (TIME, "Certainly, ties between these two pariahs are stronger", "comparison"),
        (TIME, "Washington and Seoul have accused Kim", "causation"),
        (NEW_STATESMAN, "Russia used its Security Council veto in March", "event"),
        # "the two leaders" names people already known; it counts nothing.
        (NEW_STATESMAN, "With a smiling Vladimir Putin in the driver", "event"),
        (TIME, "Meanwhile, several North Korean soldiers were reportedly", "event"),
    ],
)  # fmt: skip
def test_seed_sentence_kinds(seed_claims, seed, opening, kind):
    assert sentence_claim(seed_claims[seed], opening).kind == kind


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The treaty requires both countries to provide military assistance if "
         "either is attacked.", "rule"),
        ("Under the law, companies must disclose their emissions every year.", "rule"),
        ("The central bank expects inflation to fall below 2% by next year.",
         "prediction"),
        ("The storm will reach the coast within two days, forecasters said.",
         "prediction"),
        ("Higher interest rates triggered a slump in house prices last year.",
         "causation"),
        ("The drought led to a 30% rise in food prices across the region, "
         "officials said.", "causation"),
        ("Unemployment fell to 4.1% in March, the lowest rate since 2001.",
         "comparison"),
        ("Exports to China were three times higher than a decade ago.", "comparison"),
        ("Police arrested 14 protesters outside parliament in Seoul on Saturday.",
         "quantity"),
        ("The minister said the government had spent more than $5bn on the "
         "programme.", "quantity"),
        ("The president visited Kyiv on Monday and met soldiers at a hospital.",
         "event"),
    ],
)  # fmt: skip
def test_kinds_of_our_own_sentences(nlp, sentence, kind):
    assert sentence_claim(extract_claims(sentence, nlp=nlp), sentence[:20]).kind == kind


def test_a_number_qualifier_is_not_a_comparison(nlp):
    claims = extract_claims("Officials said at least 1,200 soldiers died.", nlp=nlp)
    assert sentence_claim(claims, "Officials").kind == "quantity"
