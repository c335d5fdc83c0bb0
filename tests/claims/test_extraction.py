"""The extractor on the seed articles and on generated text, with the real model."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.extraction import extract_claims
from claims.extraction.extractor import MIN_SCORE
from tests.claims.conftest import NEW_STATESMAN, TIME


def find(claims, text):
    matches = [c for c in claims if c.text == text]
    assert matches, f"no claim {text!r} among {[c.text for c in claims]}"
    return matches[0]


@pytest.mark.parametrize(
    ("seed", "text", "value", "low", "high", "unit", "subject", "qualifier"),
    [
        (NEW_STATESMAN, "sent Russia 11,000 containers of munitions in the past year", 11000, None, None, "containers", "munitions", ""),
        (NEW_STATESMAN, "has about 50 nuclear weapons today", 50, None, None, "weapons", "nuclear weapons", "about"),
        (NEW_STATESMAN, "their goal within five to ten years", None, 5, 10, "years", "", ""),
        (TIME, "more than 20 North Korean soldiers briefly encroached into the DMZ", 20, None, None, "soldiers", "North Korean soldiers", "more than"),
        (TIME, "accounts for 60% of declared exports", 60, None, None, "%", "declared exports", ""),
        (TIME, "sent hundreds of balloons with bags of trash and excrement", None, 200, 999, "balloons", "balloons", "hundreds of"),
        (TIME, "Twenty-four years on", 24, None, None, "years", "", ""),
    ],
)  # fmt: skip
def test_seed_quantities(
    seed_claims, seed, text, value, low, high, unit, subject, qualifier
):
    claim = find(seed_claims[seed], text)
    assert claim.kind == "quantity"
    q = claim.quantity
    assert (q.value, q.low, q.high) == (value, low, high)
    assert (q.unit, q.subject, q.qualifier) == (unit, subject, qualifier)


def test_quantity_claims_say_what_is_counted(seed_claims):
    """Every number of both seeds, widened through the parse to the verb and
    object it counts, or the noun it measures; a number in a name stays."""
    texts = {
        seed: [c.text for c in claims if c.quantity is not None]
        for seed, claims in seed_claims.items()
    }
    assert texts[NEW_STATESMAN] == [
        "gave Putin a pair of Pungsan hunting dogs",
        "sent Russia 11,000 containers of munitions in the past year",
        "has about 50 nuclear weapons today",
        "their goal within five to ten years",
        "fired warning shots three times in June",
    ]
    assert texts[TIME] == [
        "Twenty-four years on",
        "sent hundreds of balloons with bags of trash and excrement",
        "1950-53 Korean War",
        "more than 20 North Korean soldiers briefly encroached into the DMZ",
        "the second time in less than two weeks",
        "accounts for 60% of declared exports",
        "shredding thousands of young Russian boys on the battlefield",
        "the very real threat of nuclear catastrophe just 500 miles from Beijing",
    ]


def test_a_quantity_claim_lies_inside_its_sentence_claim(seed_claims):
    """So that the queue and the reader can fold it under that claim: a
    quantity carries its sentence's best score, and a sentence (or clause)
    that scores enough is a claim itself."""
    for claims in seed_claims.values():
        sentences = [c for c in claims if c.quantity is None]
        for q in (c for c in claims if c.quantity and c.score >= MIN_SCORE):
            assert any(s.start <= q.start and q.end <= s.end for s in sentences)


def test_attribution_on_the_seeds(seed_claims):
    officials = find(
        seed_claims[NEW_STATESMAN],
        "sent Russia 11,000 containers of munitions in the past year",
    )
    assert officials.speaker == "US officials"
    assert officials.quoted is False
    cha = find(seed_claims[NEW_STATESMAN], "has about 50 nuclear weapons today")
    assert cha.speaker == "Cha"
    assert cha.quoted is True


def test_a_quote_continued_in_the_next_sentence_keeps_its_speaker(seed_claims):
    continued = [
        c
        for c in seed_claims[NEW_STATESMAN]
        if c.text.startswith("“We are in a situation")
    ]
    assert continued and continued[0].speaker == "Victor Cha"
    assert continued[0].quoted


def test_sentence_claims_have_kinds(seed_claims):
    by_start = {c.text[:40]: c for c in seed_claims[NEW_STATESMAN]}
    article_4 = next(
        c for t, c in by_start.items() if t.startswith("In its updated form")
    )
    assert article_4.kind == "rule"
    goal = next(
        c
        for c in seed_claims[NEW_STATESMAN]
        if c.text.startswith("I believe their goal")
    )
    assert goal.kind == "prediction"
    since_ww2 = next(
        c for c in seed_claims[TIME] if c.text.startswith("Twenty-four years on")
    )
    assert since_ww2.kind == "comparison"


@pytest.mark.parametrize(
    ("seed", "line"),
    [(TIME, "• World"), (TIME, "  • diplomacy"), (TIME, "6 minute read"),
     (TIME, "More Must-Reads from TIME"),
     (TIME, "Write to Charlie Campbell at charlie.campbell@time.com"),
     (NEW_STATESMAN, "[See also: The end of the pariah state]")],
)  # fmt: skip
def test_page_furniture_gives_no_claim(seed_texts, seed_claims, seed, line):
    start = seed_texts[seed].index(line)
    end = start + len(line)
    assert not [c for c in seed_claims[seed] if c.start < end and c.end > start]


@pytest.mark.parametrize(
    "rhetoric",
    ["These fears are not unfounded.", "This is hardly a new dynamic.", "But no more."],
)
def test_rhetoric_gives_no_claim(seed_claims, rhetoric):
    assert not [c for c in seed_claims[NEW_STATESMAN] if c.text.startswith(rhetoric)]


def test_questions_give_no_claim(nlp):
    claims = extract_claims(
        "Did Russia send 11,000 containers of munitions to Ukraine?", nlp=nlp
    )
    assert claims == []


def test_factual_sentences_outrank_rhetoric(nlp):
    text = (
        "Russia vetoed a UN resolution on March 28.\n\nThese fears are not unfounded.\n"
    )
    scores = {c.text: c.score for c in extract_claims(text, nlp=nlp)}
    assert scores["Russia vetoed a UN resolution on March 28."] >= 0.5
    assert "These fears are not unfounded." not in scores


def test_every_seed_claim_points_into_its_text(seed_texts, seed_claims):
    for name, claims in seed_claims.items():
        text = seed_texts[name]
        assert len(claims) > 20
        for c in claims:
            assert text[c.start : c.end] == c.text
            assert c.sentence_start <= c.start < c.end <= c.sentence_end
            assert 0 <= c.score <= 1


FRAGMENTS = [
    "US officials said that Pyongyang has sent Russia 11,000 containers of munitions.",
    "“North Korea has about 50 nuclear weapons today,” Cha told me.",
    "Russia vetoed a U.N. resolution on March 28 🇺🇳.",
    "More than 20 soldiers crossed the border 🙂 on Tuesday.",
    "‘Hegemonist’ is the fashionable term (for now).",
    "60% of declared exports go to China — its largest trading partner.",
    "Is this true?",
    "• World",
    "6 minute read",
    "𝒜 strange line with astral letters: 𝟙𝟚𝟛 and 1,234 tonnes.",
]
SEPARATORS = st.sampled_from(
    [" ", "\n", "\n\n", "  ", "\t", "\r\n", " \u00a0", "\u2028"]
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(parts=st.lists(st.tuples(st.sampled_from(FRAGMENTS), SEPARATORS), min_size=1, max_size=6),
       noise=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20))  # fmt: skip
def test_offsets_always_match_the_text(nlp, parts, noise):
    text = noise + "".join(fragment + sep for fragment, sep in parts)
    for c in extract_claims(text, nlp=nlp):
        assert text[c.start : c.end] == c.text
        assert c.sentence_start <= c.start < c.end <= c.sentence_end <= len(text)
        assert c.text.strip() == c.text
        assert 0 <= c.score <= 1


def test_the_object_of_an_accusation_is_not_its_speaker(seed_claims):
    accused = [
        c
        for c in seed_claims[TIME]
        if c.text.startswith("Washington and Seoul have accused Kim")
    ]
    assert accused and accused[0].speaker == "Washington and Seoul"
