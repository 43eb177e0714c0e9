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
        out = np.zeros(self.num_docs, dtype=np.float32)
        for token in query_tokens:
            tid = self.vocab.get(token)
            if tid is None:
                continue
            start, end = self.indptr[tid], self.indptr[tid + 1]
            out[self.indices[start:end]] += self.data[start:end]  # one column never repeats a document
        return out

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
    """(document index, score) of the best k documents with a positive score."""
    if mask is not None:
        scores = np.where(mask, scores, 0.0)
    k = min(k, len(scores))
    if k <= 0:
        return []
    idx = np.argpartition(-scores, k - 1)[:k]
    idx = idx[np.argsort(-scores[idx], kind="stable")]
    return [(int(i), float(scores[i])) for i in idx if scores[i] > 0]
