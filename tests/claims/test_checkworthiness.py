import random
from pathlib import Path

import numpy as np
import pytest

from claims.extraction import checkworthiness_data
from claims.extraction.checkworthiness import (
    WEIGHTS_PATH,
    CheckworthinessModel,
    default_model,
    sentence_features,
)
from claims.extraction.checkworthiness_cv import (
    CLAIMBUSTER_TWINS,
    Design,
    calibrated,
    fit,
    fit_platt,
    folds,
    training_groups,
)
from claims.extraction.checkworthiness_data import (
    CLAIMBUSTER,
    CLEF,
    Corpus,
    load_corpus,
)
from claims.extraction.checkworthiness_metrics import (
    average_precision,
    reliability,
    roc_auc,
)
from claims.extraction.pipeline import load_nlp

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


def _synthetic_corpus(n: int = 200) -> Corpus:
    """Rows where "num" makes a sentence check-worthy more often than not."""
    rng = random.Random(0)
    words = [f"w={i}" for i in range(30)]
    features, labels = [], []
    for _ in range(n):
        feats = rng.sample(words, 5)
        label = int(rng.random() < 0.1)
        if label or rng.random() < 0.1:
            feats.append("num")
        features.append(sorted(feats))
        labels.append(label)
    return Corpus(
        source=[CLEF if i % 2 else CLAIMBUSTER for i in range(n)],
        group=[f"d{i % 4}" for i in range(n)],
        text=[" ".join(f) for f in features],
        label=np.array(labels),
        features=features,
        prior=np.zeros(n),
        embedding=np.zeros((n, 4), dtype=np.float32),
    )


def test_a_corpus_without_embeddings_fits_parse_features_only():
    corpus = _synthetic_corpus()
    with_vectors = fit(Design(corpus), np.arange(200), l2=1e-4, embeddings=False)
    corpus.embedding = None  # load_corpus(embedded=False), as training does
    design = Design(corpus)
    alone = fit(design, np.arange(200), l2=1e-4, embeddings=False)
    assert np.array_equal(alone.weights, with_vectors.weights)
    with pytest.raises(ValueError, match="without embeddings"):
        fit(design, np.arange(200), l2=1e-4, embeddings=True)


def test_the_corpus_is_parsed_once_and_embedded_only_when_asked(tmp_path, monkeypatch):
    data = tmp_path / "data"
    (data / "clef2019-train").mkdir(parents=True)
    (data / "clef2019-train" / "debate.tsv").write_text(
        "1\tTRUMP\tWe lost 60,000 factories.\t1\n2\tHOLT\tThank you.\t0\n",
        encoding="utf-8",
    )
    (data / "claimbuster-crowdsourced.csv").write_text(
        "Sentence_id,Text,Speaker,File_id,Verdict\n"
        "1,Unemployment fell to 4 percent.,X,f1,1\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("CLAIMDESK_CACHE", str(tmp_path / "cache"))
    parsed = load_corpus(data, embedded=False, verbose=False)
    assert parsed.embedding is None and parsed.label.tolist() == [1, 0, 1]
    monkeypatch.setattr(checkworthiness_data, "_parse", None)  # never again
    embedded = load_corpus(data, verbose=False)  # from the cache, then embedded
    assert embedded.features == parsed.features
    assert embedded.embedding.shape == (3, 384)
    assert np.allclose(np.linalg.norm(embedded.embedding, axis=1), 1, atol=1e-3)
    again = load_corpus(data, embedded=False, verbose=False)  # the cache has them
    assert np.array_equal(again.embedding, embedded.embedding)


def test_an_edit_to_the_feature_code_is_a_new_cache(tmp_path, monkeypatch):
    code = tmp_path / "extraction"
    code.mkdir()
    for path in checkworthiness_data._FEATURE_CODE.glob("*.py"):
        (code / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(checkworthiness_data, "_FEATURE_CODE", code)
    before = checkworthiness_data.features_key()
    assert checkworthiness_data.features_key() == before
    scoring = code / "scoring.py"
    scoring.write_text(scoring.read_text() + "\n# an edit\n")
    edited = checkworthiness_data.features_key()
    assert edited != before
    monkeypatch.setattr(checkworthiness_data, "FEATURES_VERSION", "another")
    assert checkworthiness_data.features_key() not in (before, edited)


def test_fit_is_deterministic_and_learns():
    design = Design(_synthetic_corpus())
    rows = np.arange(200)
    first = fit(design, rows, l2=1e-4, embeddings=False)
    second = fit(Design(_synthetic_corpus()), rows, l2=1e-4, embeddings=False)
    assert np.array_equal(first.weights, second.weights)
    weights = dict(zip(design.vocab, first.weights, strict=True))
    assert weights["num"] > 1.0
    model = CheckworthinessModel(weights, first.bias)
    assert model.score_features(["num"]) > model.score_features(["w=1"])


def test_average_precision():
    assert average_precision([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1]) == pytest.approx(
        (1 / 1 + 2 / 3) / 2
    )
    assert average_precision([0, 0], [0.5, 0.4]) == 0.0
    assert average_precision([0, 1], [0.5, 0.5]) == 0.5  # ties: original order


def test_roc_auc_counts_ties_half():
    assert roc_auc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4]) == 1.0
    assert roc_auc([1, 1, 0, 0], [0.1, 0.2, 0.3, 0.4]) == 0.0
    assert roc_auc([0, 1], [0.5, 0.5]) == 0.5
    # one positive at 0.5 beats the 0.1 negative, ties the 0.5 one: 1.5 / 2
    assert roc_auc([1, 0, 0], [0.5, 0.1, 0.5]) == 0.75


def test_leave_one_debate_out_never_trains_on_the_scored_debate():
    clef = [f"{i:02}.tsv" for i in range(15)] + list(CLAIMBUSTER_TWINS)
    claimbuster = [f"cb{i:02}.txt" for i in range(30)]
    claimbuster += list(CLAIMBUSTER_TWINS.values())
    held_out = folds(clef, claimbuster)
    assert len(held_out) == len(clef)
    assert sorted(d for h, _ in held_out for d in h) == sorted(clef)
    assert sorted(f for _, h in held_out for f in h) == sorted(claimbuster)
    for held in held_out:
        (debate,) = held[0]
        train_clef, train_cb = training_groups(clef, claimbuster, held)
        assert debate not in train_clef
        assert not set(train_cb) & held[1]
        if debate in CLAIMBUSTER_TWINS:
            assert CLAIMBUSTER_TWINS[debate] in held[1]
            assert CLAIMBUSTER_TWINS[debate] not in train_cb
        assert len(train_clef) == len(clef) - 1


def test_inner_folds_cover_each_group_once():
    clef = [f"{i:02}.tsv" for i in range(18)]
    held_out = folds(clef, ["a.txt", "b.txt"], 3)
    assert [len(h) for h, _ in held_out] == [6, 6, 6]
    assert sorted(d for h, _ in held_out for d in h) == clef


def test_calibration_is_monotonic_and_a_probability():
    rng = np.random.default_rng(0)
    z = rng.normal(size=2000)
    labels = (rng.random(2000) < 1 / (1 + np.exp(-(2 * z - 1)))).astype(int)
    a, b = fit_platt(z, labels)
    assert a == pytest.approx(2, abs=0.3) and b == pytest.approx(-1, abs=0.3)
    grid = np.linspace(-50, 50, 1001)
    p = calibrated(grid, (a, b))
    assert np.all(np.diff(p) >= 0)
    assert p.min() >= 0.0 and p.max() <= 1.0
    # a ranking is never reversed, even by labels that run the wrong way
    assert fit_platt(z, 1 - labels)[0] > 0


def test_reliability_bins():
    table = reliability(np.array([0.05, 0.15, 0.15, 0.95]), np.array([0, 1, 0, 1]))
    assert len(table) == 10
    assert table[1][2:] == (2, pytest.approx(0.15), 0.5)
    assert table[9][2:] == (1, pytest.approx(0.95), 1.0)
    assert sum(row[2] for row in table) == 4


def test_shipped_model_scores_seed_sentences_deterministically(seed_texts, nlp):
    from claims.extraction.scoring import score_span

    sentences = [s for t in seed_texts.values() for s in nlp(t).sents]
    first = [score_span(s, attributed=False) for s in sentences]
    reloaded = CheckworthinessModel.load(WEIGHTS_PATH)
    assert reloaded.weights == default_model().weights
    assert reloaded.calibration == default_model().calibration
    assert [score_span(s, attributed=False) for s in sentences] == first
    assert all(0.0 <= score <= 1.0 for score in first)


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


def test_the_training_prior_reads_attribution_and_kind_as_the_extractor_does(nlp):
    from claims.extraction.checkworthiness_data import line_prior
    from claims.extraction.scoring import news_prior

    said = nlp("Victor Cha said the treaty requires both sides to help.")[:]
    thing = nlp("Credible reports say the treaty requires both sides to help.")[:]
    assert line_prior(said) == news_prior(said, attributed=True, kind="rule")
    assert line_prior(thing) == news_prior(thing, attributed=False, kind="rule")
    assert line_prior(said) > line_prior(thing)
