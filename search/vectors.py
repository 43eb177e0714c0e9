"""FAISS vector index: exact inner product while small, IVF once large.

Vectors are L2-normalised, so inner product is cosine similarity. The index
is chosen by size (`choose_kind`), saved as `vectors.faiss` with a manifest
recording which kind wrote it, and supports add/remove by id (stable per
task, see dense.py) so ingest and remove keep it in sync without a rebuild.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["VectorIndex", "choose_kind", "EXACT_LIMIT"]

#: Below this many vectors an exact flat index is both fastest to build and exact.
EXACT_LIMIT = 50_000


def choose_kind(n: int) -> str:
    return "flat" if n < EXACT_LIMIT else "ivf"


class VectorIndex:
    def __init__(self, index: Any, kind: str) -> None:  # a faiss index (its SWIG types say little)
        self.index = index
        self.kind = kind

    @classmethod
    def build(cls, vectors: np.ndarray, ids: np.ndarray, kind: str | None = None) -> VectorIndex:
        import faiss

        dims = vectors.shape[1]
        kind = kind or choose_kind(len(vectors))
        index: Any
        if kind == "flat":
            index = faiss.IndexIDMap2(faiss.IndexFlatIP(dims))
        else:
            nlist = max(16, int(4 * np.sqrt(len(vectors))))
            quantizer = faiss.IndexFlatIP(dims)
            index = faiss.IndexIVFFlat(quantizer, dims, nlist, faiss.METRIC_INNER_PRODUCT)
            index.train(vectors)
            index.nprobe = max(8, nlist // 16)
        index.add_with_ids(vectors, ids.astype(np.int64))
        return cls(index, kind)

    def add(self, vectors: np.ndarray, ids: np.ndarray) -> None:
        self.index.add_with_ids(vectors, ids.astype(np.int64))

    def remove(self, ids: np.ndarray) -> int:
        import faiss

        return int(self.index.remove_ids(faiss.IDSelectorBatch(ids.astype(np.int64))))

    def ids(self) -> np.ndarray:
        """Every id the index holds (for checks; O(n))."""
        import faiss

        if self.kind == "flat":
            return faiss.vector_to_array(self.index.id_map).astype(np.int64)
        lists = self.index.invlists
        parts = [faiss.rev_swig_ptr(lists.get_ids(i), lists.list_size(i)).copy()
                 for i in range(self.index.nlist) if lists.list_size(i)]
        return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)

    def __len__(self) -> int:
        return int(self.index.ntotal)

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """(id, cosine) of the k nearest vectors; `allowed` ids restrict the search (filters before ranking)."""
        import faiss

        if len(self) == 0 or k <= 0:
            return []
        params: Any = None
        if allowed is not None:
            if len(allowed) == 0:
                return []
            selector = faiss.IDSelectorBatch(allowed.astype(np.int64))
            params = (faiss.SearchParametersIVF(sel=selector, nprobe=self.index.nprobe)  # type: ignore[call-arg]
                      if self.kind == "ivf" else faiss.SearchParameters(sel=selector))  # type: ignore[call-arg]
        scores, ids = self.index.search(query.reshape(1, -1).astype(np.float32), min(k, len(self)), params=params)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self.index, str(path))

    @classmethod
    def load(cls, path: Path, kind: str) -> VectorIndex:
        import faiss

        index: Any = faiss.read_index(str(path))
        if kind == "ivf":
            index.nprobe = max(8, index.nlist // 16)
        return cls(index, kind)
