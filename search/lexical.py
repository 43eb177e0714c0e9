"""BM25 over jieba tokens: raw term frequencies on disk, scored with plain numpy.

Each segment (segment.py) keeps term → (rows, term frequency) and each row's
length. The BM25 weight is computed at query time from the live statistics
(documents, average length, document frequency counted over live rows only),
so adding a delta segment or deleting rows never touches the other segments
and the scores stay exactly those of a fresh build over the live tasks —
Lucene's BM25 as bm25s computes it (tests/test_search_lexical.py checks parity
with bm25s and rank_bm25). Nothing here imports bm25s or scipy.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from zwgk.search.segment import Postings, write_postings

__all__ = ["LexicalIndex", "build_bm25", "top_k", "K1", "B"]

K1, B = 1.2, 0.75


def build_bm25(corpus_tokens: list[list[str]], folder: Path) -> None:
    """Index tokenised documents into a one-segment BM25 folder (an empty document gets one placeholder token)."""
    write_postings(folder, corpus_tokens)


class LexicalIndex:
    """BM25 over one or more segments, rows numbered across them; `live` masks deleted rows."""

    def __init__(self, segments: Sequence[Postings], live: np.ndarray | None = None,
                 n_live: int | None = None, length: float | None = None, k1: float = K1, b: float = B):
        self.segments = list(segments)
        self.num_docs = sum(len(s) for s in self.segments)
        self.live = live
        if n_live is None or length is None:
            n_live = self.num_docs if live is None else int(live.sum())
            length = sum(float(np.asarray(s.dl, dtype=np.float64)[self._seg_live(s)].sum()) for s in self.segments)
        self.n_live = n_live
        self.avgdl = (length / n_live) if n_live else 1.0
        self.k1, self.b = k1, b

    def _seg_live(self, seg: Postings) -> slice | np.ndarray:
        if self.live is None:
            return slice(None)
        return self.live[seg.offset:seg.offset + len(seg)]

    @classmethod
    def load(cls, folder: Path, mmap: bool = True) -> LexicalIndex:
        return cls([Postings(folder)])

    def _column(self, token: str) -> tuple[np.ndarray, np.ndarray] | None:
        """(rows, weights) of one token over every segment, deleted rows left out."""
        rows, tfs, dls = [], [], []
        for seg in self.segments:
            col = seg.column(token)
            if col is None:
                continue
            local, tf = col
            local = np.asarray(local)
            dl = seg.dl[local]
            glob = local.astype(np.int64) + seg.offset
            if self.live is not None:
                keep = self.live[glob]
                glob, tf, dl = glob[keep], np.asarray(tf)[keep], dl[keep]
            rows.append(glob)
            tfs.append(tf)
            dls.append(dl)
        if not rows:
            return None
        glob = np.concatenate(rows) if len(rows) > 1 else rows[0]
        df = len(glob)
        if df == 0:
            return None
        tf = np.concatenate(tfs) if len(tfs) > 1 else np.asarray(tfs[0])
        dl = np.concatenate(dls) if len(dls) > 1 else dls[0]
        idf = math.log(1 + (self.n_live - df + 0.5) / (df + 0.5))
        weights = (idf * tf / (tf + self.k1 * (1 - self.b + self.b * dl / self.avgdl))).astype(np.float32)
        return glob, weights

    def rows_with(self, token: str) -> np.ndarray:
        """The live rows holding a token (ascending within each segment)."""
        col = self._column(token)
        return col[0] if col is not None else np.zeros(0, dtype=np.int64)

    def document_frequency(self, token: str) -> int:
        """How many live rows hold a token."""
        return len(self.rows_with(token))

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        """BM25 score of every row (0 where no query token occurs, and for deleted rows)."""
        out = np.zeros(self.num_docs, dtype=np.float32)
        columns = [(c, n) for c, n in ((self._column(t), n) for t, n in Counter(query_tokens).items()) if c is not None]
        if len(columns) == 1 and columns[0][1] == 1:
            rows, weights = columns[0][0]
            out[rows] = weights
            return out
        if columns:
            rows = np.concatenate([c[0] for c, _ in columns])
            weights = np.concatenate([c[1] * n if n > 1 else c[1] for c, n in columns])
            out[:] = np.bincount(rows, weights=weights, minlength=self.num_docs)
        return out

    def matched(self, query_tokens: list[str], doc: int) -> list[str]:
        """The query tokens that occur in one row (for explanations)."""
        seg = next(s for s in self.segments if s.offset <= doc < s.offset + len(s))
        local = doc - seg.offset
        hits = []
        for token in dict.fromkeys(query_tokens):
            col = seg.column(token)
            if col is not None:
                rows = col[0]
                i = int(np.searchsorted(rows, local))
                if i < len(rows) and int(rows[i]) == local:
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
