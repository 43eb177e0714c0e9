"""The dense part of the index folder, kept in sync with the tasks instead of rebuilt.

    vectors.faiss   the FAISS index; its ids are `faiss_id(task id)`, stable across rebuilds
    ids.npy         row of docs.jsonl → FAISS id (int64), so hits map back to records
    texts.npy       row → fingerprint of the text embedded for it (int64), to see what changed

A rebuild whose previous index used the same model, dims and kind removes the
vectors of tasks that disappeared or whose text changed and adds only the new
ones; anything else (first build, `zwgk reindex`, another model, flat ↔ IVF,
an IVF grown or shrunk past what its training covers, files that disagree)
builds afresh. Either way the embedding cache means only texts never seen are
embedded. (HNSW is not offered: FAISS cannot remove from it.)
"""
from __future__ import annotations

import hashlib
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["DenseIndex", "faiss_id", "sync_dense", "drop_dense", "DENSE_FILES"]

DENSE_FILES = ("vectors.faiss", "ids.npy", "texts.npy")
_MASK63 = (1 << 63) - 1


def _hash63(text: str) -> int:
    return int.from_bytes(hashlib.sha1(text.encode("utf-8")).digest()[:8], "big") & _MASK63


def faiss_id(task_id: str) -> int:
    """A task's FAISS id: the first 8 bytes of sha1(task id), non-negative as FAISS wants."""
    return _hash63(task_id)


def _task_ids(records: list[dict[str, Any]]) -> np.ndarray:
    # Task ids are unique per store; should two files ever share a stem, number the repeats
    # so every row still has its own vector.
    seen: Counter[str] = Counter()
    out = np.empty(len(records), dtype=np.int64)
    for row, record in enumerate(records):
        key = record["id"]
        seen[key] += 1
        out[row] = faiss_id(key if seen[key] == 1 else f"{key}\x00{seen[key]}")
    return out


@dataclass
class DenseIndex:
    """A loaded FAISS index plus the row ↔ id map; searches in rows of docs.jsonl."""

    vectors: Any  # VectorIndex
    ids: np.ndarray

    def __post_init__(self) -> None:
        self._order = np.argsort(self.ids, kind="stable")
        self._sorted = self.ids[self._order]

    @classmethod
    def load(cls, folder: Path, kind: str, count: int) -> DenseIndex:
        from .index import IndexOutdated
        from .vectors import VectorIndex

        ids = np.load(folder / "ids.npy")
        vectors = VectorIndex.load(folder / "vectors.faiss", kind)
        if len(ids) != count or len(vectors) != count:
            raise IndexOutdated(f"the vectors in {folder} do not match its {count} tasks "
                                f"({len(ids)} ids, {len(vectors)} vectors): run `zwgk reindex`")
        return cls(vectors, ids)

    def rows(self, ids: np.ndarray) -> np.ndarray:
        return self._order[np.searchsorted(self._sorted, ids)]

    def search(self, query: np.ndarray, k: int, allowed_rows: np.ndarray | None = None) -> list[tuple[int, float]]:
        """(row, cosine) of the k nearest tasks; `allowed_rows` filters before ranking."""
        allowed = self.ids[allowed_rows] if allowed_rows is not None else None
        hits = self.vectors.search(query, k, allowed)
        if not hits:
            return []
        rows = self.rows(np.fromiter((i for i, _ in hits), dtype=np.int64, count=len(hits)))
        return [(int(r), s) for r, (_, s) in zip(rows, hits, strict=True)]


def drop_dense(folder: Path) -> None:
    """Remove the dense files (the index is being built without a model)."""
    for name in DENSE_FILES:
        (folder / name).unlink(missing_ok=True)


def _previous(folder: Path, previous: dict[str, Any] | None, embedder, kind: str, count: int):
    """The previous index, ids and text fingerprints when they can be updated in place, else None."""
    if not previous or not all((folder / name).exists() for name in DENSE_FILES):
        return None
    if (previous.get("model"), previous.get("dims"), previous.get("kind")) != (embedder.name, embedder.dims, kind):
        return None
    trained = previous.get("trained") or 0
    if kind == "ivf" and not trained / 2 <= count <= trained * 2:
        return None  # the coarse centroids were trained on a corpus of another size: retrain
    from .vectors import VectorIndex

    ids, texts = np.load(folder / "ids.npy"), np.load(folder / "texts.npy")
    index = VectorIndex.load(folder / "vectors.faiss", kind)
    if not len(ids) == len(texts) == len(index) or index.index.d != embedder.dims:
        return None
    return index, ids, texts


def sync_dense(records: list[dict[str, Any]], texts: list[str], folder: Path, embedder,
               previous: dict[str, Any] | None) -> dict[str, Any]:
    """Bring vectors.faiss up to date with `records`; returns the manifest's `dense` entry."""
    from .embed import EmbeddingCache
    from .vectors import VectorIndex, choose_kind

    started = time.perf_counter()
    ids = _task_ids(records)
    fingerprints = np.fromiter((_hash63(t) for t in texts), dtype=np.int64, count=len(texts))
    kind = choose_kind(len(records))
    cache = EmbeddingCache(folder / "embeddings", embedder.name, embedder.dims)
    state = _previous(folder, previous, embedder, kind, len(records))
    if state is None:
        index = VectorIndex.build(cache.encode(embedder, texts), ids, kind)
        added, removed, mode = len(records), 0, "fresh"
        trained = len(records) if kind == "ivf" else None
    else:
        index, old_ids, old_texts = state
        held = dict(zip(old_ids.tolist(), old_texts.tolist(), strict=True))
        wanted = dict(zip(ids.tolist(), fingerprints.tolist(), strict=True))
        stale = np.array([i for i, fp in held.items() if wanted.get(i) != fp], dtype=np.int64)
        fresh_rows = [row for row, (i, fp) in enumerate(zip(ids.tolist(), fingerprints.tolist(), strict=True))
                      if held.get(i) != fp]
        removed = index.remove(stale) if len(stale) else 0
        if fresh_rows:
            index.add(cache.encode(embedder, [texts[r] for r in fresh_rows]), ids[fresh_rows])
        added, mode, trained = len(fresh_rows), "incremental", (previous or {}).get("trained")
    cache.save()
    index.save(folder / "vectors.faiss")
    np.save(folder / "ids.npy", ids)
    np.save(folder / "texts.npy", fingerprints)
    return {"model": embedder.name, "dims": embedder.dims, "kind": index.kind, "count": len(index),
            "built": time.strftime("%Y-%m-%dT%H:%M:%S"), "seconds": round(time.perf_counter() - started, 3),
            "sync": mode, "added": added, "removed": removed, "trained": trained,
            "cache_hits": cache.hits, "embedded": cache.misses}
