"""The dense part of the index folder, kept in sync with the tasks instead of rebuilt.

    vectors-G.faiss the FAISS index; its ids are `faiss_id(task id)`, stable across rebuilds
    ids-G.npy       row of the index → FAISS id (int64; negative for a deleted row), so hits map back to records
    texts-G.npy     row → fingerprint of the text embedded for it (int64), to see what changed

Each generation writes its own files (generation.py); the previous generation's
are read, never changed.

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from zwgk.search.tables import save_array

if TYPE_CHECKING:
    from zwgk.search.embed import Embedder
    from zwgk.search.vectors import VectorIndex

__all__ = ["DenseIndex", "faiss_id", "sync_dense"]

_MASK63 = (1 << 63) - 1


def _hash63(text: str) -> int:
    return int.from_bytes(hashlib.sha1(text.encode("utf-8")).digest()[:8], "big") & _MASK63


def faiss_id(task_id: str) -> int:
    """A task's FAISS id: the first 8 bytes of sha1(task id), non-negative as FAISS wants."""
    return _hash63(task_id)


def _task_ids(records: Sequence[dict[str, Any]], live: np.ndarray | None) -> np.ndarray:
    # Task ids are unique per store; should two files ever share a stem, number the repeats
    # so every row still has its own vector. A deleted row gets a negative id no vector has.
    seen: Counter[str] = Counter()
    out = np.empty(len(records), dtype=np.int64)
    for row, record in enumerate(records):
        if live is not None and not live[row]:
            out[row] = -(row + 1)
            continue
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
    def load(cls, folder: Path, dense: dict[str, Any], rows: int, count: int) -> DenseIndex:
        from zwgk.search.errors import IndexOutdated
        from zwgk.search.tables import load_array
        from zwgk.search.vectors import VectorIndex

        files = dense.get("files") or {}
        if not files:
            raise IndexOutdated(f"the vectors in {folder} predate this index format: run `zwgk reindex`")
        ids = load_array(folder / files["ids"], mmap=False)
        try:
            vectors = VectorIndex.load(folder / files["vectors"], dense["kind"])
        except RuntimeError as exc:
            raise IndexOutdated(f"index file {folder / files['vectors']} is damaged: run `zwgk reindex`") from exc
        if len(ids) != rows or len(vectors) != count:
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


def _previous(folder: Path, previous: dict[str, Any] | None, embedder: Embedder, kind: str,
              count: int) -> tuple[VectorIndex, np.ndarray, np.ndarray] | None:
    """The previous index, ids and text fingerprints when they can be updated, else None."""
    files = (previous or {}).get("files") or {}
    if not previous or not files or not all((folder / name).exists() for name in files.values()):
        return None
    if (previous.get("model"), previous.get("dims"), previous.get("kind")) != (embedder.name, embedder.dims, kind):
        return None
    trained = previous.get("trained") or 0
    if kind == "ivf" and not trained / 2 <= count <= trained * 2:
        return None  # the coarse centroids were trained on a corpus of another size: retrain
    from zwgk.search.vectors import VectorIndex

    try:
        ids, texts = np.load(folder / files["ids"]), np.load(folder / files["texts"])
        index = VectorIndex.load(folder / files["vectors"], kind)
    except (OSError, ValueError, RuntimeError):
        return None
    if len(ids) != len(texts) or int((ids >= 0).sum()) != len(index) or index.index.d != embedder.dims:
        return None
    return index, ids, texts


def sync_dense(records: Iterable[dict[str, Any]], folder: Path, embedder: Embedder, previous: dict[str, Any] | None, tag: str,
               live: np.ndarray | None = None) -> dict[str, Any]:
    """Vectors for generation `tag` in sync with `records` (every row; `live` masks deleted ones).

    Returns the manifest's `dense` entry.
    """
    from zwgk.search.embed import EmbeddingCache
    from zwgk.search.tokens import doc_text
    from zwgk.search.vectors import VectorIndex, choose_kind

    started = time.perf_counter()
    records = list(records)
    texts = [doc_text(r) for r in records]
    ids = _task_ids(records, live)
    live_rows = np.flatnonzero(ids >= 0)
    fingerprints = np.fromiter((_hash63(t) for t in texts), dtype=np.int64, count=len(texts))
    count = len(live_rows)
    kind = choose_kind(count)
    cache = EmbeddingCache(folder / "embeddings", embedder.name, embedder.dims)
    state = _previous(folder, previous, embedder, kind, count)
    if state is None:
        index = VectorIndex.build(cache.encode(embedder, [texts[r] for r in live_rows]), ids[live_rows], kind)
        added, removed, mode = count, 0, "fresh"
        trained = count if kind == "ivf" else None
    else:
        index, old_ids, old_texts = state
        held = dict(zip(old_ids.tolist(), old_texts.tolist(), strict=True))
        wanted = dict(zip(ids[live_rows].tolist(), fingerprints[live_rows].tolist(), strict=True))
        stale = np.array([i for i, fp in held.items() if i >= 0 and wanted.get(i) != fp], dtype=np.int64)
        fresh_rows = [int(row) for row in live_rows if held.get(int(ids[row])) != int(fingerprints[row])]
        removed = index.remove(stale) if len(stale) else 0
        if fresh_rows:
            index.add(cache.encode(embedder, [texts[r] for r in fresh_rows]), ids[fresh_rows])
        added, mode, trained = len(fresh_rows), "incremental", (previous or {}).get("trained")
    cache.save()
    files = {"vectors": f"vectors-{tag}.faiss", "ids": f"ids-{tag}.npy", "texts": f"texts-{tag}.npy"}
    index.save(folder / files["vectors"])
    save_array(folder / files["ids"], ids)
    save_array(folder / files["texts"], fingerprints)
    return {"model": embedder.name, "dims": embedder.dims, "kind": index.kind, "count": len(index), "files": files,
            "built": time.strftime("%Y-%m-%dT%H:%M:%S"), "seconds": round(time.perf_counter() - started, 3),
            "sync": mode, "added": added, "removed": removed, "trained": trained,
            "cache_hits": cache.hits, "embedded": cache.misses}
