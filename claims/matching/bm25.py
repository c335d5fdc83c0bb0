"""BM25 (Okapi) over an inverted index held in numpy arrays.

Small on purpose: a posting list per word (document numbers and term
frequencies), document lengths, and scoring one query word at a time into a
dense array of scores. Documents are appended; the posting lists are merged
into arrays lazily, at the first search after an append.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

import numpy as np

K1 = 1.2
B = 0.75


class BM25:
    def __init__(self, *, k1: float = K1, b: float = B) -> None:
        self.k1, self.b = k1, b
        self._lengths: list[int] = []
        self._length_array = np.zeros(0, dtype=np.float32)
        self._docs: dict[str, np.ndarray] = {}  # word -> document numbers (int32)
        self._tfs: dict[str, np.ndarray] = {}  # word -> term frequencies (float32)
        self._pending: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)

    def __len__(self) -> int:
        return len(self._lengths)

    def add(self, documents: Iterable[Sequence[str]]) -> None:
        """Append documents, each a sequence of words; numbered in order."""
        for words in documents:
            number = len(self._lengths)
            self._lengths.append(len(words))
            for word, tf in Counter(words).items():
                self._pending[word].append((number, tf))

    def _merge(self) -> None:
        if len(self._length_array) == len(self._lengths):
            return
        for word, postings in self._pending.items():
            docs = np.fromiter((d for d, _ in postings), np.int32, len(postings))
            tfs = np.fromiter((t for _, t in postings), np.float32, len(postings))
            if word in self._docs:
                docs = np.concatenate([self._docs[word], docs])
                tfs = np.concatenate([self._tfs[word], tfs])
            self._docs[word], self._tfs[word] = docs, tfs
        self._pending.clear()
        self._length_array = np.asarray(self._lengths, dtype=np.float32)

    def idf(self, word: str) -> float:
        """Lucene's idf, never negative."""
        self._merge()
        n = len(self._docs.get(word, ()))
        return float(np.log1p((len(self._lengths) - n + 0.5) / (n + 0.5)))

    def scores(self, query: Sequence[str]):
        """The BM25 score of every document for the query words: a float32 array."""
        self._merge()
        total = np.zeros(len(self._lengths), dtype=np.float32)
        if not self._lengths:
            return total
        average = float(self._length_array.mean()) or 1.0
        for word, count in Counter(query).items():
            docs = self._docs.get(word)
            if docs is None:
                continue
            tf = self._tfs[word]
            norm = self.k1 * (1 - self.b + self.b * self._length_array[docs] / average)
            # Document numbers are unique within a posting list: plain += is safe.
            total[docs] += count * self.idf(word) * tf * (self.k1 + 1) / (tf + norm)
        return total

    def ceiling(self, query: Sequence[str]) -> float:
        """An upper bound of scores(query): every word matched as often as it can.

        Dividing by it puts a score on 0-1 whatever the query's length."""
        return sum(
            count * self.idf(word) * (self.k1 + 1)
            for word, count in Counter(query).items()
        )

    def top(self, query: Sequence[str], k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k best documents (numbers, scores), best first; only those scoring > 0."""
        scores = self.scores(query)
        return top_k(scores, k, positive=True)


def top_k(scores, k: int, *, positive: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Indices and values of the k largest scores, best first (ties: lower index)."""
    if k <= 0 or len(scores) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    if k < len(scores):
        part = np.argpartition(-scores, k - 1)[:k]
    else:
        part = np.arange(len(scores))
    order = part[np.lexsort((part, -scores[part]))]
    if positive:
        order = order[scores[order] > 0]
    return order, scores[order]
