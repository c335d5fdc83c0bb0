import random
from pathlib import Path

import pytest

from claims.extraction.checkworthiness import (
    WEIGHTS_PATH,
    CheckworthinessModel,
    default_model,
    sentence_features,
)
from claims.extraction.pipeline import load_nlp
from claims.extraction.train_checkworthiness import Example, fit

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

FACTUAL = [
    "US officials said that Pyongyang has sent Russia 11,000 containers",
    "South Korean soldiers have fired warning shots three times in June",
    "The pact reinstates the mutual defence provisions from the defunct 1961",
    "Russia on March 28 vetoed a U.N. resolution",
    "North Korea signed the NPT in 1985",
    "Russia used its Security Council veto in March",
]
RHETORIC = ["These fears are not unfounded.", "This is hardly a new dynamic."]


@pytest.fixture(scope="module")
def seed_sentences():
    nlp = load_nlp()
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    return [sent for doc in nlp.pipe(texts) for sent in doc.sents]


def _score_of(sentences, fragment: str) -> float:
    (sent,) = [s for s in sentences if fragment in s.text]
    return default_model().score(sent)


def test_scores_are_probabilities(seed_sentences):
    scores = [default_model().score(sent) for sent in seed_sentences]
    assert scores
    assert all(0.0 <= score <= 1.0 for score in scores)


def test_factual_sentences_outrank_rhetoric(seed_sentences):
    factual = [_score_of(seed_sentences, f) for f in FACTUAL]
    rhetoric = [_score_of(seed_sentences, r) for r in RHETORIC]
    assert min(factual) > max(rhetoric)


def test_features_are_read_off_the_parse(seed_sentences):
    (sent,) = [s for s in seed_sentences if "11,000 containers" in s.text]
    features = sentence_features(sent)
    assert "attribution" in features
    assert "e=CARDINAL" in features
    assert features == sorted(set(features))


def test_shipped_weights_load_and_are_small():
    assert WEIGHTS_PATH.stat().st_size < 20_000_000
    model = CheckworthinessModel.load(WEIGHTS_PATH)
    assert len(model.weights) > 1000
    assert default_model() is default_model()


def _synthetic_examples(n: int = 200) -> list[Example]:
    """Rows where "num" makes a sentence check-worthy more often than not."""
    rng = random.Random(0)
    words = [f"w={i}" for i in range(30)]
    examples = []
    for i in range(n):
        features = rng.sample(words, 5)
        label = int(rng.random() < 0.1)
        if label or rng.random() < 0.1:
            features.append("num")
        examples.append(Example(features, label, 1.0 + label, group=f"d{i % 4}"))
    return examples


def test_fit_is_deterministic_and_learns():
    first = fit(_synthetic_examples())
    second = fit(_synthetic_examples())
    assert first == second
    assert first["weights"]["num"] > 1.0
    model = CheckworthinessModel(**first)
    assert model.score_features(["num"]) > model.score_features(["w=1"])


OPINION = [
    "These fears are not unfounded.",
    "This is hardly a new dynamic.",
    "But no more.",
    "It must be somebody pretty important in your life",
    "Gone is any illusion that the consequences of this war",
]


def test_claim_scores_rank_news_facts_above_opinion(seed_texts, nlp):
    """The score users see (the fitted model blended with the news prior):
    numbers, dated events, attributed statements and treaty terms first."""
    from claims.extraction import extract_claims
    from claims.extraction.kinds import classify
    from claims.extraction.scoring import score_span

    claims = [c for t in seed_texts.values() for c in extract_claims(t, nlp=nlp)]
    checkworthy = [*FACTUAL, "Article 4 compels the two powers", "said Victor Cha"]
    factual = [max(c.score for c in claims if f in c.text) for f in checkworthy]
    sentences = [s for t in seed_texts.values() for s in nlp(t).sents]
    opinion = []
    for fragment in OPINION:
        (sent,) = [s for s in sentences if fragment in s.text]
        opinion.append(score_span(sent, attributed=False, kind=classify(sent).kind))
    assert min(factual) > max(opinion)
