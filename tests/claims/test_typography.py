"""Curly apostrophes are read as straight ones, with the real model; the text
itself is left as the article wrote it."""

import json
from pathlib import Path

import pytest

from claims.extraction import extract_claims
from claims.extraction.checkworthiness import sentence_features

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
STRAIGHT = str.maketrans("‘’", "''")


def analysis(doc) -> list[tuple]:
    return [
        (t.i, t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, t.ent_type_, t.is_sent_start)
        for t in doc
    ]


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem)
def test_a_seed_is_parsed_as_its_straight_spelling_is(nlp, seed):
    text = seed.read_text(encoding="utf-8")
    assert "’" in text
    curly, straight = nlp(text), nlp(text.translate(STRAIGHT))
    assert curly.text == text  # the article's own characters
    assert analysis(curly) == analysis(straight)


@pytest.mark.parametrize(
    ("word", "tag", "lemma"),
    [
        ("n’t", "RB", "not"),  # read as a number (CD) before
        ("’s", "VBZ", "be"),
        ("’ll", "MD", "will"),
        ("’d", "MD", "would"),
    ],
)
def test_contractions(nlp, word, tag, lemma):
    doc = nlp("That’s what he’ll say, and he’d know: they didn’t sign it.")
    token = next(t for t in doc if t.text == word)
    assert (token.tag_, token.lemma_) == (tag, lemma)


def test_a_possessive_gives_the_features_of_the_straight_spelling(nlp):
    curly = nlp("Putin’s aide told Russia’s news agency that the talks didn’t fail.")
    straight = nlp("Putin's aide told Russia's news agency that the talks didn't fail.")
    assert sentence_features(curly[:]) == sentence_features(straight[:])
    assert "w='s" in sentence_features(curly[:])


def test_names_with_an_apostrophe_keep_their_spelling(nlp):
    text = "Sinéad O’Brien’s report said 40% of the ‘new’ homes were empty."
    claims = extract_claims(text, nlp=nlp)
    assert claims and all(c.text == text[c.start : c.end] for c in claims)
    assert any("O’Brien" in c.text for c in claims)


def test_each_rule_for_an_apostrophe_has_one_curly_twin(nlp):
    rules = nlp.get_pipe("attribute_ruler").patterns
    patterns = [json.dumps(p["patterns"], ensure_ascii=False) for p in rules]
    curly = [p for p in patterns if "’" in p]
    assert any("n’t" in p for p in curly)
    assert len(curly) == len(set(curly))
    assert any('"’s"' in p for p in curly)


def test_a_claim_scores_the_same_whichever_apostrophes_it_is_written_with(nlp):
    text = (
        "Yuri Ushakov, Putin’s aide, told Russia’s Tass agency the deal wasn’t signed."
    )
    curly = extract_claims(text, nlp=nlp)
    straight = extract_claims(text.translate(STRAIGHT), nlp=nlp)
    assert curly, "the sentence is a claim"
    fields = [(c.start, c.end, c.kind, c.score, c.speaker) for c in curly]
    assert fields == [(c.start, c.end, c.kind, c.score, c.speaker) for c in straight]
