"""Sentence embeddings: any sentence-transformers model by name or local path.

torch and sentence-transformers load only here, and only when dense search
is asked for. The machines zwgk runs on often cannot download weights, so a
model that cannot be loaded is reported in one line and search goes on
lexical + thesaurus only. The model is read from local files only unless
the caller allows a download (the allow_download setting, ZWGK_ALLOW_DOWNLOAD),
so a missing model fails at once instead of waiting on the network.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Protocol

import numpy as np

__all__ = ["Embedder", "SentenceEmbedder", "load_embedder", "EmbeddingCache", "QUERY_INSTRUCTIONS"]

#: Models that want an instruction in front of queries (not documents).
QUERY_INSTRUCTIONS = {
    "bge-small-zh": "为这个句子生成表示以用于检索相关文章：",
    "bge-base-zh": "为这个句子生成表示以用于检索相关文章：",
    "bge-large-zh": "为这个句子生成表示以用于检索相关文章：",
}


class Embedder(Protocol):
    name: str
    dims: int

    def encode(self, texts: list[str], query: bool = False) -> np.ndarray: ...


class SentenceEmbedder:
    """A loaded sentence-transformers model producing L2-normalised float32 vectors."""

    def __init__(self, name: str, model: Any) -> None:  # a SentenceTransformer
        self.name = name
        self._model = model
        # sentence-transformers 6 renamed the method; 3–5 only have the old name.
        dimension = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        dims = dimension()
        self.dims = int(dims) if dims else int(model.encode(["维度"]).shape[1])
        key = Path(name).name.lower()
        self.instruction = next((v for k, v in QUERY_INSTRUCTIONS.items() if k in key), "")

    def encode(self, texts: list[str], query: bool = False) -> np.ndarray:
        if query and self.instruction:
            texts = [self.instruction + t for t in texts]
        vectors = self._model.encode(texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True,
                                     show_progress_bar=False)
        return np.ascontiguousarray(vectors, dtype=np.float32)


def load_embedder(name: str, allow_download: bool = False) -> tuple[SentenceEmbedder | None, str | None]:
    """(embedder, None) or (None, the one-line reason it could not be loaded)."""
    try:
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(name, device="cpu", local_files_only=not allow_download)
    except Exception as exc:  # any loading failure means: no dense search, say why
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return None, (f"dense search off: model {name!r} could not be loaded ({reason[:160]}); "
                      "put a sentence-transformers model in a local folder and pass --model PATH or set ZWGK_MODEL")
    return SentenceEmbedder(name, model), None


class EmbeddingCache:
    """Vectors keyed by (model, sha1 of text), so re-ingest does not re-embed.

    Stored as plain files: keys.json (hash list) + vectors.npy, one folder per model.
    """

    def __init__(self, folder: Path, model_name: str, dims: int) -> None:
        slug = hashlib.sha1(model_name.encode()).hexdigest()[:12]
        self.folder = folder / slug
        self.dims = dims
        self._index: dict[str, int] = {}
        self._vectors = np.zeros((0, dims), dtype=np.float32)
        keys = self.folder / "keys.json"
        if keys.exists():
            stored = json.loads(keys.read_text(encoding="utf-8"))
            vectors = np.load(self.folder / "vectors.npy")
            if vectors.shape[1:] == (dims,) and len(stored) == len(vectors):
                self._index = {k: i for i, k in enumerate(stored)}
                self._vectors = vectors
        self.hits = self.misses = 0

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def encode(self, embedder: Embedder, texts: list[str]) -> np.ndarray:
        keys = [self.key(t) for t in texts]
        # One vector per distinct text: a text repeated across tasks (the same requirement in two
        # plans) is embedded once, which also keeps keys and rows one-to-one on disk.
        first: dict[str, int] = {}
        for i, k in enumerate(keys):
            if k not in self._index:
                first.setdefault(k, i)
        missing = list(first.values())
        self.hits += len(texts) - len(missing)
        self.misses += len(missing)
        if missing:
            fresh = embedder.encode([texts[i] for i in missing])
            start = len(self._vectors)
            self._vectors = np.vstack([self._vectors, fresh]) if len(self._vectors) else fresh
            for j, i in enumerate(missing):
                self._index[keys[i]] = start + j
        return self._vectors[[self._index[k] for k in keys]]

    def save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        order = sorted(self._index, key=self._index.__getitem__)
        np.save(self.folder / "vectors.npy", self._vectors)
        (self.folder / "keys.json").write_text(json.dumps(order), encoding="utf-8")
