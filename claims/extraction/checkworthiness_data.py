"""The labelled check-worthiness sentences, parsed (and embedded) once.

Both the training script and `bench/checkworthiness.py` need every CLEF-2019
and ClaimBuster sentence as the scorer sees it: its parse features, the news
prior's log-odds and, for the bench, its sentence embedding. Parsing 39,000
sentences takes minutes and embedding them longer, so the result is kept in
the system's temporary directory (never in the repository), keyed by the data
files and the code that reads the features (`features_key`); the embeddings
are added when first asked for.
"""

from __future__ import annotations

import csv
import hashlib
import os
import pickle
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# A new number says what changed when sentence_features, news_prior, the
# attribution or kinds it reads, or the embedding change (the caches follow
# the code itself: features_key). 2: speakers who can speak (attribution.py).
# 3: curly apostrophes read as straight ones (pipeline.py). 4: "X's message,
# says Y," names Y (attribution.py).
FEATURES_VERSION = "4"
# The code the features come from: any change to it is a new cache, so that an
# edit that forgot the version (or an experiment under the same version) is
# never scored with the features of another.
_FEATURE_CODE = Path(__file__).parent


def features_key() -> str:
    """A digest of `FEATURES_VERSION`, spaCy's model and every module of
    claims/extraction, for the caches of the features and of the fits."""
    from claims.extraction.pipeline import load_nlp

    digest = hashlib.sha256(FEATURES_VERSION.encode())
    meta = load_nlp().meta
    digest.update(f"{meta.get('name')} {meta.get('version')}".encode())
    for path in sorted(_FEATURE_CODE.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


CLEF = "clef"
CLAIMBUSTER = "claimbuster"


@dataclass
class Corpus:
    """One row per labelled sentence, in file order."""

    source: list[str]  # CLEF or CLAIMBUSTER
    group: list[str]  # the debate (CLEF file, ClaimBuster File_id)
    text: list[str]
    label: np.ndarray  # 1 = check-worthy (ClaimBuster: verdict 1)
    features: list[list[str]]  # sentence_features of the line parsed alone
    prior: np.ndarray  # news_prior log-odds
    # (n, DIMENSIONS) float32 unit vectors; None until asked for (the shipped
    # scorer does not read them, and they take longer than the parse)
    embedding: np.ndarray | None

    def rows(self, source: str, groups: set[str] | None = None) -> np.ndarray:
        """Indices of the rows of `source` (and of `groups`, if given)."""
        return np.array(
            [
                i
                for i, (s, g) in enumerate(zip(self.source, self.group, strict=True))
                if s == source and (groups is None or g in groups)
            ],
            dtype=np.int64,
        )

    def groups(self, source: str) -> list[str]:
        return sorted(
            {g for s, g in zip(self.source, self.group, strict=True) if s == source}
        )


def read_clef(data_dir: Path) -> list[tuple[str, str, int]]:
    """(debate file, sentence, label) for every line of the CLEF debates."""
    rows = []
    for path in sorted((data_dir / "clef2019-train").glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            _number, _speaker, text, label = line.split("\t")
            rows.append((path.name, text, int(label)))
    return rows


def read_claimbuster(data_dir: Path) -> list[tuple[str, str, int]]:
    """(file id, sentence, verdict) with verdict -1 non-factual, 0 unimportant
    factual, 1 check-worthy factual."""
    with open(data_dir / "claimbuster-crowdsourced.csv", encoding="utf-8") as fh:
        return [
            (r["File_id"], r["Text"], int(r["Verdict"])) for r in csv.DictReader(fh)
        ]


def line_prior(sent) -> float:
    """The news prior of a line parsed alone, as the extractor would give it."""
    from claims.extraction.attribution import attribute
    from claims.extraction.kinds import classify
    from claims.extraction.quantities import find_quantities
    from claims.extraction.scoring import news_prior

    ents = [e for e in sent.doc.ents if sent.start <= e.start and e.end <= sent.end]
    attributed = attribute([sent], [0], [ents])[0].name is not None
    kind = classify(sent, has_quantity=bool(find_quantities(sent, ents))).kind
    return news_prior(sent, attributed=attributed, kind=kind)


def _cache_path(data_dir: Path) -> Path:
    digest = hashlib.sha256(features_key().encode())
    for name in ("clef2019-train", "claimbuster-crowdsourced.csv"):
        for path in sorted((data_dir / name).rglob("*")) or [data_dir / name]:
            if path.is_file():
                digest.update(f"{path.name}:{path.stat().st_size}".encode())
    folder = Path(os.environ.get("CLAIMDESK_CACHE", tempfile.gettempdir()))
    return folder / f"claimdesk-checkworthiness-{digest.hexdigest()[:16]}.pickle"


def load_corpus(
    data_dir: Path, *, embedded: bool = True, verbose: bool = True
) -> Corpus:
    """Every labelled sentence, parsed, and embedded if `embedded` (from the
    cache where it is there)."""
    cache = _cache_path(data_dir)
    if cache.exists():
        with open(cache, "rb") as fh:
            corpus = pickle.load(fh)
    else:
        corpus = _parse(data_dir, verbose=verbose)
        _keep(corpus, cache)
    if embedded and corpus.embedding is None:
        from claims.matching.embedding import embed_texts

        started = time.perf_counter()
        corpus.embedding = embed_texts(corpus.text, batch_size=32)
        if verbose:
            print(f"embedded in {time.perf_counter() - started:.0f}s")
        _keep(corpus, cache)
    return corpus


def _parse(data_dir: Path, *, verbose: bool) -> Corpus:
    from claims.extraction.checkworthiness import sentence_features
    from claims.extraction.pipeline import load_nlp

    started = time.perf_counter()
    clef, claimbuster = read_clef(data_dir), read_claimbuster(data_dir)
    rows = [(CLEF, g, t, y) for g, t, y in clef]
    rows += [(CLAIMBUSTER, g, t, int(v == 1)) for g, t, v in claimbuster]
    texts = [" ".join(t.split()) for _, _, t, _ in rows]
    features, prior = [], []
    for doc in load_nlp().pipe(texts, batch_size=256):
        features.append(sentence_features(doc[:]))
        prior.append(line_prior(doc[:]) if len(doc) else 0.0)
    if verbose:
        print(f"parsed {len(texts)} sentences in {time.perf_counter() - started:.0f}s")
    return Corpus(
        source=[s for s, _, _, _ in rows],
        group=[g for _, g, _, _ in rows],
        text=texts,
        label=np.array([y for *_, y in rows], dtype=np.int64),
        features=features,
        prior=np.array(prior, dtype=np.float64),
        embedding=None,
    )


def _keep(corpus: Corpus, cache: Path) -> None:
    cache.parent.mkdir(parents=True, exist_ok=True)
    partial = cache.with_suffix(".partial")
    with open(partial, "wb") as fh:
        pickle.dump(corpus, fh, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(cache)
