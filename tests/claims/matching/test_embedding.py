import numpy as np
import pytest

from claims.matching import (
    DIMENSIONS,
    MODEL_ID,
    embed_texts,
    vector_from_bytes,
    vector_to_bytes,
    vectors_from_bytes,
)


def test_vectors_are_unit_length_and_in_order(encoder):
    texts = ["North Korea sent munitions to Russia.", "It rained in Spain.", ""]
    vectors = encoder.embed(texts)
    assert vectors.shape == (3, DIMENSIONS)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # Batched and one by one give the same vectors: padding changes nothing.
    for text, vector in zip(texts, vectors, strict=True):
        assert np.allclose(encoder.embed_one(text), vector, atol=1e-4)


def test_a_paraphrase_is_closer_than_another_subject(encoder):
    claim, paraphrase, other = encoder.embed(
        [
            "Russia vetoed the renewal of the UN sanctions monitoring panel in March.",
            "In March Moscow used its veto to end UN monitoring of sanctions.",
            "The Premier League season starts in August.",
        ]
    )
    assert claim @ paraphrase > 0.6
    assert claim @ other < 0.2


def test_embed_texts_uses_the_shared_encoder(encoder):
    texts = [f"claim number {i}" for i in range(40)]  # more than one batch
    assert np.allclose(embed_texts(texts), encoder.embed(texts), atol=1e-5)
    assert embed_texts([]).shape == (0, DIMENSIONS)


def test_vectors_round_trip_through_bytes(encoder):
    vectors = encoder.embed(["Pyongyang sent 11,000 containers.", "Rain in Spain."])
    stored = [vector_to_bytes(v) for v in vectors]
    assert all(len(b) == DIMENSIONS * 2 for b in stored)
    back = vectors_from_bytes(stored)
    assert back.dtype == np.float32
    assert np.abs(back - vectors).max() < 1e-3
    assert np.array_equal(vector_from_bytes(stored[1]), back[1])
    assert abs(back[0] @ back[1] - vectors[0] @ vectors[1]) < 1e-3


def test_stored_vectors_of_the_wrong_size_are_refused():
    with pytest.raises(ValueError):
        vector_from_bytes(b"\0" * 10)
    with pytest.raises(ValueError):
        vector_to_bytes(np.zeros(DIMENSIONS + 1))
    with pytest.raises(ValueError):
        vectors_from_bytes([b"\0" * DIMENSIONS * 2, b"\0"])


def test_the_model_id_names_model_and_package_version():
    assert MODEL_ID.startswith("all-MiniLM-L6-v2/")
    assert "==" in MODEL_ID
