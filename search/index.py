"""The search index folder: segments published by numbered manifests, never rewritten in place.

    index/
      manifest.json        the current generation (a copy of manifest-G.json, swapped in by an atomic rename)
      manifest-G.json      generation G: its segments, tombstones, statistics and the files below
      seg-G/               immutable segments (segment.py): a base, then small delta segments
      deleted-G.npy        rows deleted up to generation G (replaced or removed plans)
      plans-G.json         plan id → sha256 of the indexed version and its rows (writers and `zwgk check`)
      vocab-G.dict         the index vocabulary as a jieba dictionary (the fast query analyzer)
      words-G.txt          the domain words documents were cut with
      vectors-G.faiss, ids-G.npy, texts-G.npy   the dense part (dense.py), when a model was available
      embeddings/          cached vectors by (model, text hash)

Why segments: adding or replacing one plan in a million-task store writes one
small delta segment plus tombstones for the rows it replaces, and BM25 is
scored from raw term frequencies with live statistics (lexical.py), so the
scores equal a full rebuild's. Deltas are merged into one when there are more
than MAX_DELTAS of them; the base is rebuilt when a quarter of it is dead.

Why generations: a writer writes new files, then renames a new manifest.json
over the old one; a reader reads manifest.json once and opens what it lists,
so it sees one whole generation, never a mix. Files of the previous
generation are kept for readers that opened it a moment ago; older ones go.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from zwgk.errors import UserError
from zwgk.graph.lock import pid_alive
from zwgk.model.records import PlanRecord, TaskRecord
from zwgk.search.analyzer import Analyzer, normalise
from zwgk.search.lexical import LexicalIndex
from zwgk.search.segment import Segment, text_hash, write_segment
from zwgk.search.tables import IndexDamaged, atomic_write, load_array, save_array

__all__ = ["INDEX_FORMAT", "SearchIndex", "PlanChange", "build_index", "apply_changes", "open_index", "doc_text",
           "IndexOutdated", "IndexDamaged", "read_manifest", "indexed_plans", "MAX_DELTAS"]

#: 3: segments + generations (2: one bm25s folder rewritten in place).
INDEX_FORMAT = 3
#: Delta segments allowed before they are merged into one.
MAX_DELTAS = 8


class IndexOutdated(UserError):
    """The index on disk was written by another format or is missing: run `zwgk reindex`."""


def doc_text(record: TaskRecord | Mapping[str, Any]) -> str:
    """What lexical and dense search read of a task: its section headings and requirement
    (of a record, or of its JSON as a segment stores it)."""
    if isinstance(record, TaskRecord):
        return " ".join([*record.section[-2:], record.requirement])
    return " ".join([*record.get("section", [])[-2:], record["requirement"]])


@dataclass(frozen=True)
class PlanChange:
    """One plan's new state for the index: its records, or None when the plan is removed."""

    doc: str
    sha: str | None
    records: list[TaskRecord] | None = None
    plan: PlanRecord | None = None


class Records(Sequence[TaskRecord]):
    """Task records by row across segments, decoded one at a time (rows of deleted tasks included)."""

    def __init__(self, segments: list[Segment]):
        self._segments = segments
        self._starts = np.array([s.offset for s in segments], dtype=np.int64)
        self._total = sum(len(s) for s in segments)
        # Decoded records are kept: callers hold them by identity (one dict per row).
        self._decoded: dict[int, TaskRecord] = {}
        self._rows: dict[int, int] = {}  # id(record) → row

    def __len__(self) -> int:
        return self._total

    def segment_of(self, row: int) -> Segment:
        return self._segments[int(np.searchsorted(self._starts, row, side="right")) - 1]

    def __getitem__(self, row):  # type: ignore[override]
        if isinstance(row, slice):
            return [self[i] for i in range(*row.indices(len(self)))]
        if row < 0:
            row += self._total
        if not 0 <= row < self._total:
            raise IndexError(row)
        record = self._decoded.get(row)
        if record is None:
            seg = self.segment_of(row)
            record = self._keep(row, TaskRecord.from_json(seg.docs.json(row - seg.offset)))
        return record

    def _keep(self, row: int, record: TaskRecord) -> TaskRecord:
        self._decoded[row] = record
        self._rows[id(record)] = row
        return record

    def row(self, record: TaskRecord) -> int:
        """The row a record returned by this sequence came from."""
        return self._rows[id(record)]

    def raw(self) -> Iterator[dict[str, Any]]:
        """Every row's JSON as stored, undecoded into records and not kept (a writer's full pass)."""
        for seg in self._segments:
            for text in seg.docs:
                yield json.loads(text)

    def __iter__(self) -> Iterator[TaskRecord]:
        row = 0
        for seg in self._segments:
            for text in seg.docs:
                record = self._decoded.get(row)
                if record is None:
                    record = self._keep(row, TaskRecord.from_json(json.loads(text)))
                yield record
                row += 1


class SearchIndex:
    """One open generation of the index: lazy records, BM25, columns for filters, the dense part."""

    def __init__(self, folder: Path, manifest: dict[str, Any], segments: list[Segment], live: np.ndarray | None):
        self.folder, self.manifest, self.segments, self.live = folder, manifest, segments, live
        stats = manifest.get("stats") or {}
        self.lexical = LexicalIndex(segments, live, stats.get("docs"), stats.get("length"))
        self.records = Records(segments)
        self._analyzer: Analyzer | None = None
        self._vectors: Any = None
        self._plan_tables: list[list[PlanRecord]] | None = None
        self._plans: dict[str, PlanRecord] | None = None
        self._by_plan: list[tuple[np.ndarray, np.ndarray]] | None = None
        self._plan_masks: dict[Any, np.ndarray] = {}

    @property
    def analyzer(self) -> Analyzer:
        if self._analyzer is None:
            self._analyzer = Analyzer(dictionary=self.folder / self.manifest["vocab"], cache_dir=self.folder)
        return self._analyzer

    def live_rows(self) -> np.ndarray:
        return np.flatnonzero(self.live) if self.live is not None else np.arange(len(self.records))

    def live_records(self) -> Iterator[TaskRecord]:
        """Records of the tasks the index holds now (deleted rows left out)."""
        for row in self.live_rows():
            yield self.records[int(row)]

    # -- columns for filters and `ask` ---------------------------------------------------------------------

    def _rows_named(self, kind: str, accept) -> np.ndarray:
        mask = np.zeros(len(self.records), dtype=bool)
        for seg in self.segments:
            names = seg.names(kind)
            for i, name in enumerate(names.names):
                if accept(name):
                    mask[names.rows_of(i).astype(np.int64) + seg.offset] = True
        if self.live is not None:
            mask &= self.live
        return mask

    def tagged(self, labels: set[str]) -> np.ndarray:
        """Mask of the live tasks classified under any of these topic or domain labels."""
        return self._rows_named("topics", labels.__contains__) | self._rows_named("domains", labels.__contains__)

    def unit_names(self) -> list[str]:
        """Every unit name a live task names."""
        names: set[str] = set()
        for seg in self.segments:
            table = seg.names("units")
            for i, name in enumerate(table.names):
                rows = table.rows_of(i).astype(np.int64) + seg.offset
                if self.live is None or self.live[rows].any():
                    names.add(name)
        return sorted(names)

    def plan_tables(self) -> list[list[PlanRecord]]:
        if self._plan_tables is None:
            self._plan_tables = [[PlanRecord.from_json(json.loads(t)) for t in seg.plans] for seg in self.segments]
        return self._plan_tables

    @property
    def plans(self) -> dict[str, PlanRecord]:
        """Plan metadata by doc for every plan with a live task (decoded once, on first use)."""
        if self._plans is None:
            plans: dict[str, PlanRecord] = {}
            for seg, table in zip(self.segments, self.plan_tables(), strict=True):
                rows = np.asarray(seg.row_plan)
                if self.live is not None:
                    rows = rows[self.live[seg.offset:seg.offset + len(seg)]]
                alive = np.bincount(rows, minlength=len(table)) if len(table) else np.zeros(0)
                for plan, n in zip(table, alive.tolist(), strict=True):
                    if n:
                        plans[plan.doc] = plan
            self._plans = plans
        return self._plans

    def plan(self, doc: str) -> PlanRecord | None:
        """A plan's metadata (title, issuer, region chain, the documents it implements) as indexed."""
        for seg in reversed(self.segments):
            i = seg.plan_docs.find(doc)
            if i >= 0:
                return PlanRecord.from_json(seg.plans.json(i))
        return None

    def plan_rows(self, doc: str) -> np.ndarray:
        """The live rows of one plan's tasks, in order."""
        if self._by_plan is None:  # per segment: rows sorted by plan, and where each plan's run starts
            self._by_plan = []
            for seg in self.segments:
                plan_of = np.asarray(seg.row_plan)
                order = np.argsort(plan_of, kind="stable")
                self._by_plan.append((order, np.searchsorted(plan_of[order], np.arange(len(seg.plan_docs) + 1))))
        out = []
        for seg, (order, starts) in zip(self.segments, self._by_plan, strict=True):
            i = seg.plan_docs.find(doc)
            if i >= 0:
                rows = order[starts[i]:starts[i + 1]].astype(np.int64) + seg.offset
                out.append(rows if self.live is None else rows[self.live[rows]])
        return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)

    #: Filters answered from columns; any other active one is checked on the decoded records left.
    _COLUMNAR = frozenset({"region", "regions", "doc", "issuer", "year", "policy", "unit", "unit_exact", "topic", "domain"})

    def filter_mask(self, f) -> np.ndarray | None:
        """Boolean mask of the rows a query may return (the same rows as filters.filter_mask), or None.

        Plan-level filters are decided once per plan, units/topics/domains from
        their name → rows tables; only what is left (deadlines, ongoing) reads
        the records, and only of the rows still in.
        """
        from zwgk.ingest.text import fold_key
        from zwgk.model.filters import Filters, _keep, plan_matches

        if not f.active():
            return None
        mask = np.ones(len(self.records), dtype=bool) if self.live is None else self.live.copy()
        plan_level = f.plan_level()
        if plan_level.active():
            if plan_level not in self._plan_masks:  # ask filters twice (select, then rank): decide plans once
                parts = []
                for seg, plans in zip(self.segments, self.plan_tables(), strict=True):
                    ok = np.array([plan_matches(p, plan_level) for p in plans], dtype=bool)
                    parts.append(ok[np.asarray(seg.row_plan)] if len(ok) else np.zeros(len(seg), dtype=bool))
                self._plan_masks[plan_level] = np.concatenate(parts) if parts else np.zeros(0, dtype=bool)
            mask &= self._plan_masks[plan_level]
        if f.unit:
            key = fold_key(f.unit)
            exact = f.unit_exact  # a unit a question names: that unit, not every name containing it
            mask &= self._rows_named("units", lambda name: fold_key(name) == key if exact else key in fold_key(name))
        if f.topic:
            key = fold_key(f.topic)
            mask &= self._rows_named("topics", lambda name: fold_key(name) == key)
        if f.domain:
            key = fold_key(f.domain)
            mask &= self._rows_named("domains", lambda name: fold_key(name) == key)
        rest = {k: v for k, v in f.active().items() if k not in self._COLUMNAR}
        if rest:
            residual = Filters(**rest)
            for row in np.flatnonzero(mask):
                if not _keep(self.records[int(row)], residual):
                    mask[row] = False
        return mask

    def vectors(self):
        """The dense index (rows ↔ FAISS ids), loaded on first use; None when the index has no dense part."""
        dense = self.manifest.get("dense")
        if self._vectors is None and dense:
            from zwgk.search.dense import DenseIndex

            self._vectors = DenseIndex.load(self.folder, dense, len(self.records), self.manifest["count"])
        return self._vectors


# -- reading ---------------------------------------------------------------------------------------------------

def read_manifest(folder: Path, name: str = "manifest.json") -> dict[str, Any]:
    """The manifest (empty when there is none); IndexDamaged when it is not readable JSON."""
    path = folder / name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    try:
        manifest = json.loads(text)
        if not isinstance(manifest, dict):
            raise ValueError("not an object")
    except ValueError as exc:
        raise IndexDamaged(f"index file {path} is damaged (not a JSON manifest)") from exc
    return manifest


def _open(folder: Path, manifest: dict[str, Any]) -> SearchIndex:
    segments, offset = [], 0
    for entry in manifest["segments"]:
        segments.append(Segment(folder / entry["name"], offset, entry["rows"]))
        offset += entry["rows"]
    live = None
    if manifest.get("deleted"):
        dead = load_array(folder / manifest["deleted"], mmap=False)
        live = np.ones(offset, dtype=bool)
        if len(dead) and (dead.min() < 0 or dead.max() >= offset):
            raise IndexDamaged(f"index file {folder / manifest['deleted']} names rows the index does not have")
        live[dead] = False
    for key in ("vocab",):
        if not (folder / manifest[key]).exists():
            raise IndexDamaged(f"index file {folder / manifest[key]} is missing")
    return SearchIndex(folder, manifest, segments, live)


def open_index(folder: Path) -> SearchIndex:
    """The current generation. A reader racing a writer's clean-up retries on the newer manifest."""
    for attempt in range(3):
        manifest = read_manifest(folder)
        if not manifest:
            raise IndexOutdated(f"no search index in {folder}: run `zwgk ingest` or `zwgk reindex`")
        if manifest.get("format") != INDEX_FORMAT:
            raise IndexOutdated(f"the search index in {folder} has format {manifest.get('format')}, "
                                f"this zwgk reads {INDEX_FORMAT}: run `zwgk reindex`")
        try:
            return _open(folder, manifest)
        except (IndexDamaged, KeyError) as exc:
            if attempt < 2 and read_manifest(folder).get("generation") != manifest.get("generation"):
                continue  # a writer published a newer generation and cleaned the old one away meanwhile
            if isinstance(exc, KeyError):
                raise IndexDamaged(f"index file {folder / 'manifest.json'} is damaged (no {exc})") from exc
            raise
    raise AssertionError("unreachable")


def indexed_plans(folder: Path) -> dict[str, dict[str, Any]]:
    """plan id → {sha, rows} of the current generation (what `check` and writers compare with the graph)."""
    manifest = read_manifest(folder)
    if not manifest or manifest.get("format") != INDEX_FORMAT:
        return {}
    path = folder / manifest["plans"]
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IndexDamaged(f"index file {path} is missing") from exc
    except ValueError as exc:
        raise IndexDamaged(f"index file {path} is damaged (not JSON)") from exc


# -- writing ---------------------------------------------------------------------------------------------------

def _dictionary_hash(words: Sequence[str]) -> str:
    return hashlib.sha1("\n".join(sorted(words)).encode()).hexdigest()[:16]


def _token_cache(folder: Path, manifest: dict[str, Any], dictionary: str) -> dict[int, tuple[Segment, int]]:
    """text fingerprint → (segment, row) of a previous build cut with the same dictionary."""
    cache: dict[int, tuple[Segment, int]] = {}
    if not manifest or manifest.get("format") != INDEX_FORMAT:
        return cache
    offset = 0
    for entry in manifest["segments"]:
        if entry.get("dictionary") == dictionary:
            try:
                seg = Segment(folder / entry["name"], offset, entry["rows"])
                for row, h in enumerate(np.asarray(seg.hashes).tolist()):
                    cache.setdefault(h, (seg, row))
            except IndexDamaged:
                pass
        offset += entry["rows"]
    return cache


#: From this many texts to cut, jieba runs in one forked worker per core.
PARALLEL_FROM = 20_000
_WORKER: Analyzer | None = None


def _cut(texts: list[str]) -> list[list[str]]:
    assert _WORKER is not None
    return [_WORKER.index_tokens(t) for t in texts]


def _cut_all(texts: list[str], words: Sequence[str]) -> list[list[str]]:
    """jieba over many texts; forked workers share the parent's loaded dictionary (copy-on-write)."""
    global _WORKER
    _WORKER = Analyzer(user_words=words)
    _WORKER.index_tokens("预热")  # load the dictionary before forking
    workers = os.cpu_count() or 1
    if len(texts) < PARALLEL_FROM or workers < 2:
        return _cut(texts)
    import multiprocessing

    size = max(1000, len(texts) // (workers * 8))
    chunks = [texts[i:i + size] for i in range(0, len(texts), size)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return [toks for part in pool.map(_cut, chunks) for toks in part]


def _tokens(records: Sequence[dict[str, Any]], words: Sequence[str], cache: dict[int, tuple[Segment, int]],
            progress=None) -> tuple[list[list[str]], list[int]]:
    """Each record's index tokens: from a previous segment when its text was cut with the same words."""
    tokens: list[list[str] | None] = []
    hashes, todo = [], []
    terms: dict[int, list[str]] = {}
    for i, record in enumerate(records):
        text = doc_text(record)
        h = text_hash(text)
        hit = cache.get(h)
        if hit is not None:
            seg, row = hit
            vocab = terms.get(id(seg))
            if vocab is None:
                vocab = terms[id(seg)] = list(seg.terms)
            ptr, term, tf = seg.forward()
            a, b = int(ptr[row]), int(ptr[row + 1])
            toks = [vocab[t] for t, c in zip(term[a:b].tolist(), tf[a:b].tolist(), strict=True) for _ in range(int(c))]
            tokens.append([] if toks == ["\u2205"] else toks)
        else:
            tokens.append(None)
            todo.append((i, text))
        hashes.append(h)
        if progress:
            progress()
    if todo:
        for (i, _), toks in zip(todo, _cut_all([t for _, t in todo], words), strict=True):
            tokens[i] = toks
    return tokens, hashes  # type: ignore[return-value]


def _vocab_counts(path: Path | None) -> Counter[str]:
    counts: Counter[str] = Counter()
    if path is not None and path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            word, _, count = line.rpartition(" ")
            if word:
                counts[word] = int(count)
    return counts


def _plan_groups(records: Sequence[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        groups.setdefault(r["doc"], []).append(r)
    return list(groups.items())


class _Generation:
    """The files of the next generation, written before its manifest is published."""

    def __init__(self, folder: Path, previous: dict[str, Any]):
        self.folder = folder
        self.previous = previous
        base = previous.get("generation", 0) if previous.get("format") == INDEX_FORMAT else 0
        # Never reuse a number: a crashed writer may have left files of the next one.
        existing = [int(p.name.split("-")[1].split(".")[0]) for p in folder.glob("manifest-*.json")
                    if p.name.split("-")[1].split(".")[0].isdigit()]
        self.number = max([base, *existing]) + 1
        self.tag = f"{self.number:06d}"
        for stale in folder.glob(f"*-{self.tag}*"):
            shutil.rmtree(stale) if stale.is_dir() else stale.unlink()

    def segment(self, records, tokens, plans, hashes, dictionary: str, part: int = 0) -> dict[str, Any]:
        name = f"seg-{self.tag}" + (f"-{part}" if part else "")
        entry = write_segment(self.folder / name, records, tokens, plans, hashes)
        entry["dictionary"] = dictionary
        return entry


def _publish(folder: Path, gen: _Generation, manifest: dict[str, Any], plans: dict[str, Any],
             counts: Counter[str], words: Sequence[str], started: float) -> dict[str, Any]:
    tag = gen.tag
    vocab = f"vocab-{tag}.dict"
    Analyzer.save_vocabulary(counts, words, folder / vocab)
    # Build the query analyzer's prefix-dictionary cache now, so the first search after this
    # generation loads it instead of building it (a second or more at a million tasks).
    Analyzer(dictionary=folder / vocab, cache_dir=folder).query_tokens("预热")
    atomic_write(folder / f"words-{tag}.txt", "\n".join(sorted(words)) + "\n")
    atomic_write(folder / f"plans-{tag}.json", json.dumps(plans, ensure_ascii=False))
    manifest.update({"format": INDEX_FORMAT, "generation": gen.number, "built": time.strftime("%Y-%m-%dT%H:%M:%S"),
                     "vocab": vocab, "words": f"words-{tag}.txt", "plans": f"plans-{tag}.json",
                     "lexical": {"kind": "bm25-segments", "vocabulary": len(counts),
                                 "segments": len(manifest["segments"])}})
    manifest["build_seconds"] = round(time.perf_counter() - started, 3)
    text = json.dumps(manifest, ensure_ascii=False, indent=1)
    atomic_write(folder / f"manifest-{tag}.json", text)
    atomic_write(folder / "manifest.json", text)
    _collect(folder, manifest, gen.previous)
    return manifest


def _referenced(manifest: dict[str, Any]) -> set[str]:
    if not manifest:
        return set()
    names = {s["name"] for s in manifest.get("segments", [])}
    names |= {manifest.get(k) for k in ("deleted", "vocab", "words", "plans") if manifest.get(k)}
    names |= set((manifest.get("dense") or {}).get("files", {}).values())
    if manifest.get("generation"):
        names.add(f"manifest-{manifest['generation']:06d}.json")
    return names


def _collect(folder: Path, current: dict[str, Any], previous: dict[str, Any]) -> None:
    """Remove the files of generations older than the previous one (readers may still hold it)."""
    keep = _referenced(current) | _referenced(previous) | {"manifest.json", "concepts.json", "embeddings"}
    keep |= {f"{m['vocab']}.cache" for m in (current, previous) if m.get("vocab")}
    for path in folder.iterdir():
        if path.name in keep or path.name.startswith("."):
            continue
        if path.name.startswith(("seg-", "deleted-", "vocab-", "words-", "plans-", "manifest-", "vectors-", "ids-",
                                 "texts-", "jieba.")) or path.name in (
                "docs.jsonl", "tokens.jsonl", "vocab.dict", "bm25", "vectors.faiss", "ids.npy", "texts.npy",
                "plans.json"):
            try:
                shutil.rmtree(path) if path.is_dir() else path.unlink()
            except OSError:
                pass
    for tmp in folder.glob(".*.tmp-*"):
        pid = tmp.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not pid_alive(int(pid)):
            tmp.unlink(missing_ok=True)


def build_index(tasks: Sequence[TaskRecord], folder: Path, user_words: list[str],
                embedder=None, progress=None, fresh: bool = False,
                plans: dict[str, PlanRecord] | None = None,
                shas: dict[str, str | None] | None = None) -> dict[str, Any]:
    """A new generation holding exactly these task records in one segment; returns its manifest.

    Tokens of texts a previous generation already cut with the same dictionary
    are reused; the vectors are synced unless `fresh` (dense.py).
    """
    records = [t.to_json() for t in tasks]
    started = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        previous = read_manifest(folder)
    except IndexDamaged:  # rebuilding is the cure: start from nothing
        previous = {}
    if previous.get("format") != INDEX_FORMAT:
        previous = {}
    words = sorted(set(user_words) | set(_record_words(records)))
    dictionary = _dictionary_hash(words)
    ordered = [r for _, group in _plan_groups(records) for r in group]
    tokens, hashes = _tokens(ordered, words, _token_cache(folder, previous, dictionary), progress)
    given = {doc: p.to_json() for doc, p in (plans or {}).items()}
    shas = shas or {}
    gen = _Generation(folder, previous)
    plan_meta = {doc: given.get(doc) or _plan_from(group[0]) for doc, group in _plan_groups(ordered)}
    segments = [gen.segment(ordered, tokens, plan_meta, hashes, dictionary)] if ordered else []
    plan_rows, start = {}, 0
    for doc, group in _plan_groups(ordered):
        plan_rows[doc] = {"sha": shas.get(doc), "rows": [start, start + len(group)]}
        start += len(group)
    for doc, sha in shas.items():  # a plan with no task is still indexed (as nothing)
        plan_rows.setdefault(doc, {"sha": sha, "rows": [start, start]})
    counts = Counter(t for toks in tokens for t in toks)
    manifest: dict[str, Any] = {
        "count": len(ordered), "rows": len(ordered), "dictionary": dictionary, "segments": segments,
        "deleted": None, "stats": {"docs": len(ordered), "length": float(sum(s["length"] for s in segments))},
        "dense": None,
    }
    manifest["dense"] = _dense(folder, gen, ordered, None, embedder, None if fresh else previous.get("dense"))
    return _publish(folder, gen, manifest, plan_rows, counts, words, started)


def _plan_from(record: dict[str, Any]) -> dict[str, Any]:
    return {k: record.get(k) for k in ("doc", "plan_title", "issuer", "region", "region_chain", "year")} | {
        "policies": []}


def _dense(folder: Path, gen: _Generation, records: Sequence[dict[str, Any]], live: np.ndarray | None, embedder,
           previous: dict[str, Any] | None) -> dict[str, Any] | None:
    if embedder is None or not len(records):
        return None
    from zwgk.search.dense import sync_dense

    return sync_dense(records, folder, embedder, previous, gen.tag, live)


def apply_changes(folder: Path, changes: Sequence[PlanChange], user_words: Sequence[str] = (),
                  embedder=None) -> dict[str, Any]:
    """A new generation = the current one with these plans added, replaced or removed.

    Replaced and removed plans' rows become tombstones; new records go to one
    delta segment, cut with the previous generation's words plus the new ones.
    """
    started = time.perf_counter()
    previous = read_manifest(folder)
    if previous.get("format") != INDEX_FORMAT:
        raise IndexOutdated(f"the search index in {folder} must be rebuilt first: run `zwgk reindex`")
    latest: dict[str, PlanChange] = {}
    for change in changes:
        latest[change.doc] = change
    plans = indexed_plans(folder)
    rows = previous["rows"]
    dead = set() if not previous.get("deleted") else set(load_array(folder / previous["deleted"], mmap=False).tolist())
    segments = list(previous["segments"])
    offsets = np.cumsum([0] + [s["rows"] for s in segments])
    newly_dead: list[int] = []
    for doc in latest:
        if doc in plans:
            a, b = plans.pop(doc)["rows"]
            newly_dead += [r for r in range(a, b) if r not in dead]
    dead.update(newly_dead)
    length = previous["stats"]["length"]
    opened: dict[int, Segment] = {}
    for r in newly_dead:
        seg_i = int(np.searchsorted(offsets, r, side="right")) - 1
        if seg_i not in opened:
            opened[seg_i] = Segment(folder / segments[seg_i]["name"], int(offsets[seg_i]), segments[seg_i]["rows"])
        seg = opened[seg_i]
        length -= float(seg.dl[r - seg.offset])
    old_words = (folder / previous["words"]).read_text(encoding="utf-8").split() if previous.get("words") else []
    new_records = [r.to_json() for c in latest.values() if c.records for r in c.records]
    words = sorted(set(old_words) | set(_record_words(new_records)))
    dictionary = _dictionary_hash(words)
    gen = _Generation(folder, previous)
    tokens, hashes = _tokens(new_records, words, {}, None)
    counts = _vocab_counts(folder / previous["vocab"])
    counts.update(t for toks in tokens for t in toks)
    if new_records:
        meta = {c.doc: c.plan.to_json() if c.plan else _plan_from(c.records[0].to_json())
                for c in latest.values() if c.records}
        entry = gen.segment(new_records, tokens, meta, hashes, dictionary)
        segments.append(entry)
        length += entry["length"]
    start = rows
    for c in latest.values():
        if c.sha is None and not c.records:
            continue
        n = len(c.records or [])
        plans[c.doc] = {"sha": c.sha, "rows": [start, start + n]}
        start += n
    rows = start
    manifest: dict[str, Any] = {"count": rows - len(dead), "rows": rows, "dictionary": dictionary,
                                "segments": segments, "stats": {"docs": rows - len(dead), "length": length},
                                "dense": None, "deleted": None}
    if dead:
        manifest["deleted"] = f"deleted-{gen.tag}.npy"
        save_array(folder / manifest["deleted"], np.array(sorted(dead), dtype=np.int64))
    manifest, plans = _merge(folder, gen, manifest, plans, dead)
    if embedder is not None:
        index = _open(folder, {**manifest, "vocab": previous["vocab"]})
        manifest["dense"] = _dense(folder, gen, list(index.records.raw()), index.live, embedder,
                                   previous.get("dense"))
    manifest["changes"] = {"plans": len(latest), "added_rows": len(new_records), "deleted_rows": len(newly_dead)}
    return _publish(folder, gen, manifest, plans, counts, words, started)


def _record_words(records: Sequence[dict[str, Any]]) -> list[str]:
    words = [u["name"] for r in records for u in r.get("units") or ()]
    words += [p["title"] for r in records for p in r.get("policies") or () if p.get("title")]
    return [w for w in words if len(normalise(w)) >= 2]


def _merge(folder: Path, gen: _Generation, manifest: dict[str, Any], plans: dict[str, Any],
           dead: set[int]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Merge the delta segments (more than MAX_DELTAS), or everything (a quarter of the base dead)."""
    segments = manifest["segments"]
    if not segments:
        return manifest, plans
    base_rows = segments[0]["rows"]
    base_dead = sum(1 for r in dead if r < base_rows)
    if base_dead * 4 > base_rows and base_rows:
        first = 0
    elif len(segments) - 1 > MAX_DELTAS:
        first = 1
    else:
        return manifest, plans
    offsets = np.cumsum([0] + [s["rows"] for s in segments])
    records, tokens, hashes = [], [], []
    for i in range(first, len(segments)):
        seg = Segment(folder / segments[i]["name"], int(offsets[i]), segments[i]["rows"])
        for local in range(len(seg)):
            if int(offsets[i]) + local in dead:
                continue
            records.append(seg.docs.json(local))
            toks = [t for t, c in seg.bag(local) for _ in range(c)]
            tokens.append([] if toks == ["\u2205"] else toks)
            hashes.append(int(seg.hashes[local]))
    metas = {}
    for i in range(first, len(segments)):
        seg = Segment(folder / segments[i]["name"], int(offsets[i]), segments[i]["rows"])
        for j, doc in enumerate(seg.plan_docs):
            metas[doc] = seg.plans.json(j)
    order = [r for _, group in _plan_groups(records) for r in group]
    position = {id(r): i for i, r in enumerate(records)}
    tokens = [tokens[position[id(r)]] for r in order]
    hashes = [hashes[position[id(r)]] for r in order]
    live_docs = {r["doc"] for r in order}
    entry = gen.segment(order, tokens, {d: m for d, m in metas.items() if d in live_docs}, hashes,
                        manifest["dictionary"], part=1)
    start = int(offsets[first])
    kept_dead = sorted(r for r in dead if r < start)
    new_plans = {}
    for doc, info in plans.items():
        a, b = info["rows"]
        if a < start and b <= start:
            new_plans[doc] = info
    cursor = start
    for doc, group in _plan_groups(order):
        new_plans[doc] = {"sha": plans.get(doc, {}).get("sha"), "rows": [cursor, cursor + len(group)]}
        cursor += len(group)
    for doc, info in plans.items():  # plans without tasks
        new_plans.setdefault(doc, {"sha": info["sha"], "rows": [cursor, cursor]})
    manifest["segments"] = segments[:first] + [entry]
    manifest["rows"] = cursor
    manifest["count"] = cursor - len(kept_dead)
    manifest["stats"] = {"docs": manifest["count"],
                         "length": float(sum(s["length"] for s in manifest["segments"][:-1]) + entry["length"])
                         - _dead_length(folder, manifest["segments"], kept_dead)}
    if kept_dead:
        manifest["deleted"] = f"deleted-{gen.tag}.npy"
        save_array(folder / manifest["deleted"], np.array(kept_dead, dtype=np.int64))
    else:
        manifest["deleted"] = None
        (folder / f"deleted-{gen.tag}.npy").unlink(missing_ok=True)
    manifest["merged"] = "all" if first == 0 else "deltas"
    return manifest, new_plans


def _dead_length(folder: Path, segments: list[dict[str, Any]], dead: list[int]) -> float:
    if not dead:
        return 0.0
    offsets = np.cumsum([0] + [s["rows"] for s in segments])
    total = 0.0
    for i, s in enumerate(segments):
        seg = Segment(folder / s["name"], int(offsets[i]), s["rows"])
        local = np.array([r - int(offsets[i]) for r in dead if offsets[i] <= r < offsets[i + 1]], dtype=np.int64)
        if len(local):
            total += float(np.asarray(seg.dl)[local].sum())
    return total
