"""BM25 over jieba tokens: built with bm25s, queried with plain numpy.

bm25s precomputes every (token, document) BM25 weight into a sparse CSC
matrix and saves it as plain npy + json files. Scoring a query is then the
sum of a few matrix columns. Importing bm25s pulls in scipy (~0.3 s), so the
query side reads those files itself and sums the columns with numpy — the
same numbers bm25s's `get_scores` gives (tests/test_search_lexical.py checks
parity), at a fraction of the start-up cost.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

__all__ = ["LexicalIndex", "build_bm25", "top_k"]


def build_bm25(corpus_tokens: list[list[str]], folder: Path) -> None:
    """Index tokenised documents with bm25s and save them under `folder`."""
    import bm25s

    retriever = bm25s.BM25(k1=1.2, b=0.75)
    # An empty document still needs a token so document ids stay aligned.
    retriever.index([toks or ["\u2205"] for toks in corpus_tokens], show_progress=False)
    folder.mkdir(parents=True, exist_ok=True)
    retriever.save(str(folder), show_progress=False)


class LexicalIndex:
    """The saved BM25 matrix, scored without bm25s."""

    def __init__(self, data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, vocab: dict[str, int], num_docs: int):
        self.data, self.indices, self.indptr = data, indices, indptr
        self.vocab = vocab
        self.num_docs = num_docs

    @classmethod
    def load(cls, folder: Path, mmap: bool = False) -> LexicalIndex:
        mode = "r" if mmap else None
        params = json.loads((folder / "params.index.json").read_text(encoding="utf-8"))
        return cls(
            np.load(folder / "data.csc.index.npy", mmap_mode=mode),
            np.load(folder / "indices.csc.index.npy", mmap_mode=mode),
            np.load(folder / "indptr.csc.index.npy", mmap_mode=mode),
            json.loads((folder / "vocab.index.json").read_text(encoding="utf-8")),
            int(params["num_docs"]),
        )

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        """BM25 score of every document (0 where no query token occurs)."""
        columns = [tid for tid in (self.vocab.get(t) for t in query_tokens) if tid is not None]
        if len(columns) <= 1:
            out = np.zeros(self.num_docs, dtype=np.float32)
            for tid in columns:
                start, end = self.indptr[tid], self.indptr[tid + 1]
                out[self.indices[start:end]] = self.data[start:end]
            return out
        # Several columns: one bincount over their concatenation beats adding them one by one.
        spans = [(self.indptr[tid], self.indptr[tid + 1]) for tid in columns]
        rows = np.concatenate([self.indices[a:b] for a, b in spans])
        weights = np.concatenate([self.data[a:b] for a, b in spans])
        return np.bincount(rows, weights=weights, minlength=self.num_docs).astype(np.float32)

    def matched(self, query_tokens: list[str], doc: int) -> list[str]:
        """The query tokens that occur in one document (for explanations)."""
        hits = []
        for token in dict.fromkeys(query_tokens):
            tid = self.vocab.get(token)
            if tid is not None:
                col = self.indices[self.indptr[tid] : self.indptr[tid + 1]]
                if doc in set(col.tolist()) if len(col) < 64 else np.any(col == doc):
                    hits.append(token)
        return hits


def top_k(scores: np.ndarray, k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
    """(document index, score) of the best k documents with a positive score, ties by index.

    Partitioning 100k scores costs a millisecond. A strided sample of about a
    thousand real scores has a k-th best that at least k documents reach, so
    only the documents at or above it (a few hundred, whatever the query) are
    partitioned; a query whose sample is mostly zeros keeps every positive one.
    """
    if mask is not None:
        scores = np.where(mask, scores, 0.0)
    if k <= 0 or len(scores) == 0:
        return []
    sample = scores[:: max(1, len(scores) // 1024)]
    floor = float(np.partition(sample, len(sample) - k)[len(sample) - k]) if len(sample) >= k else 0.0
    hits = np.flatnonzero(scores >= floor) if floor > 0 else np.flatnonzero(scores > 0)
    if len(hits) > k:  # everything above the k-th best, then its ties by index (hits are ascending)
        values = scores[hits]
        kth = np.partition(values, len(values) - k)[len(values) - k]
        above = hits[values > kth]
        hits = np.concatenate([above, hits[values == kth][: k - len(above)]])
    return [(int(i), float(scores[i])) for i in hits[np.lexsort((hits, -scores[hits]))]]
