"""The search index folder: derived from the graph, rebuilt or synced on ingest.

    index/
      manifest.json     format, counts, build time, dictionary hash, dense model + dims + kind
      docs.jsonl        the task records (task contract + responsible chain) the hits show
      tokens.jsonl      search-mode tokens per task, reused when a task's text is unchanged
      vocab.dict        the index vocabulary as a jieba dictionary (fast query analyzer)
      bm25/             bm25s matrices (npy + json)
      vectors.faiss     FAISS index (when a dense model was available), ids stable per task
      ids.npy           row → FAISS id; texts.npy: row → fingerprint of the embedded text
      embeddings/       cached vectors by (model, text hash)

The dense part is synced, not rebuilt (dense.py): only tasks that are new or
whose text changed are added, and only vanished or changed ones removed.

Everything is plain files; loading checks the manifest and says when the
index must be rebuilt (`zwgk reindex`).
"""
from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .analyzer import Analyzer
from .lexical import LexicalIndex, build_bm25

__all__ = ["INDEX_FORMAT", "SearchIndex", "build_index", "open_index", "doc_text", "IndexOutdated"]

#: 2: FAISS ids are stable per task (ids.npy maps rows to them).
INDEX_FORMAT = 2


class IndexOutdated(RuntimeError):
    """The index on disk was written by another format or is missing: run `zwgk reindex`."""


def doc_text(record: dict[str, Any]) -> str:
    """What lexical and dense search read of a task: its section headings and requirement."""
    return " ".join([*record.get("section", [])[-2:], record["requirement"]])


@dataclass
class SearchIndex:
    folder: Path
    manifest: dict[str, Any]
    records: list[dict[str, Any]]
    lexical: LexicalIndex
    _analyzer: Analyzer | None = None
    _vectors: Any = None
    _tags: dict[str, np.ndarray] | None = None
    #: Plan metadata by doc name (title, issuer, region chain, the documents it implements).
    plans: dict[str, Any] = field(default_factory=dict)

    @property
    def analyzer(self) -> Analyzer:
        if self._analyzer is None:
            self._analyzer = Analyzer(dictionary=self.folder / "vocab.dict", cache_dir=self.folder)
        return self._analyzer

    def tagged(self, labels: set[str]) -> np.ndarray:
        """Mask of the tasks classified under any of these topic or domain labels.

        The label → rows map is built on first use: scanning 100k records per query costs 0.2 s.
        """
        if self._tags is None:
            rows: dict[str, list[int]] = {}
            for row, record in enumerate(self.records):
                for label in {*record.get("topics", ()), *record.get("domains", ())}:
                    rows.setdefault(label, []).append(row)
            self._tags = {label: np.array(r, dtype=np.int64) for label, r in rows.items()}
        mask = np.zeros(len(self.records), dtype=bool)
        for label in labels:
            if label in self._tags:
                mask[self._tags[label]] = True
        return mask

    def vectors(self):
        """The dense index (rows ↔ FAISS ids), loaded on first use; None when the index has no dense part."""
        dense = self.manifest.get("dense")
        if self._vectors is None and dense:
            from .dense import DenseIndex

            self._vectors = DenseIndex.load(self.folder, dense["kind"], self.manifest["count"])
        return self._vectors


def _tokens_cache(folder: Path) -> dict[str, list[str]]:
    path = folder / "tokens.jsonl"
    cache: dict[str, list[str]] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            cache[item["h"]] = item["t"]
    return cache


def build_index(records: list[dict[str, Any]], folder: Path, user_words: list[str],
                embedder=None, progress=None, fresh: bool = False) -> dict[str, Any]:
    """(Re)build every part of the index from task records; returns the manifest.

    BM25 is rebuilt (seconds even at 100k tasks); the vectors are synced in
    place unless `fresh` (dense.py).
    """
    started = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    previous = _read_manifest(folder)
    cache = _tokens_cache(folder)
    dict_hash = hashlib.sha1("\n".join(sorted(user_words)).encode()).hexdigest()[:16]
    if cache and previous.get("dictionary") != dict_hash:
        cache = {}  # a new domain dictionary cuts words differently
    analyzer = None
    corpus_tokens: list[list[str]] = []
    counts: Counter[str] = Counter()
    lines = []
    for record in records:
        text = doc_text(record)
        key = hashlib.sha1(text.encode()).hexdigest()
        tokens = cache.get(key)
        if tokens is None:
            analyzer = analyzer or Analyzer(user_words=user_words)
            tokens = analyzer.index_tokens(text)
        corpus_tokens.append(tokens)
        counts.update(tokens)
        lines.append(json.dumps({"h": key, "t": tokens}, ensure_ascii=False))
        if progress:
            progress()
    build_bm25(corpus_tokens, folder / "bm25")
    (folder / "tokens.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    Analyzer.save_vocabulary(counts, user_words, folder / "vocab.dict")
    for stale in folder.glob("*.cache"):
        stale.unlink()
    with (folder / "docs.jsonl").open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    manifest: dict[str, Any] = {
        "format": INDEX_FORMAT,
        "count": len(records),
        "built": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "dictionary": dict_hash,
        "lexical": {"kind": "bm25s", "vocabulary": len(counts)},
        "dense": None,
    }
    if embedder is not None and records:
        from .dense import sync_dense

        manifest["dense"] = sync_dense(records, [doc_text(r) for r in records], folder, embedder,
                                       None if fresh else previous.get("dense"))
    else:
        from .dense import drop_dense

        drop_dense(folder)
    manifest["build_seconds"] = round(time.perf_counter() - started, 3)
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def _read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def open_index(folder: Path) -> SearchIndex:
    manifest = _read_manifest(folder)
    if not manifest:
        raise IndexOutdated(f"no search index in {folder}: run `zwgk ingest` or `zwgk reindex`")
    if manifest.get("format") != INDEX_FORMAT:
        raise IndexOutdated(f"the search index in {folder} has format {manifest.get('format')}, "
                            f"this zwgk reads {INDEX_FORMAT}: run `zwgk reindex`")
    records = [json.loads(line) for line in (folder / "docs.jsonl").read_text(encoding="utf-8").splitlines() if line]
    return SearchIndex(folder, manifest, records, LexicalIndex.load(folder / "bm25"))
