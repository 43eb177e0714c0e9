"""Writing the index: a full build, or a delta of changed plans over the current generation.

Adding or replacing one plan writes one small delta segment plus tombstones
for the rows it replaces (merge.py folds them back in when they pile up).
"""
from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from zwgk.model.records import PlanRecord, TaskRecord
from zwgk.search.errors import IndexDamaged, IndexOutdated
from zwgk.search.generation import Generation, publish
from zwgk.search.manifest import INDEX_FORMAT, indexed_plans, read_manifest
from zwgk.search.merge import merge_segments
from zwgk.search.opened import open_folder
from zwgk.search.segment import Segment
from zwgk.search.tables import load_array, save_array
from zwgk.search.tokens import cut_tokens, dictionary_hash, record_words, token_cache, vocab_counts

if TYPE_CHECKING:
    from zwgk.search.embed import Embedder

__all__ = ["PlanChange", "build_index", "apply_changes"]


@dataclass(frozen=True)
class PlanChange:
    """One plan's new state for the index: its records, or None when the plan is removed."""

    doc: str
    sha: str | None
    records: list[TaskRecord] | None = None
    plan: PlanRecord | None = None




def build_index(tasks: Sequence[TaskRecord], folder: Path, user_words: list[str],
                embedder: Embedder | None = None, progress: Callable[[], object] | None = None, fresh: bool = False,
                plans: dict[str, PlanRecord] | None = None,
                shas: dict[str, str | None] | None = None) -> dict[str, Any]:
    """A new generation holding exactly these task records in one segment; returns its manifest.

    Tokens of texts a previous generation already cut with the same dictionary
    are reused; the vectors are synced unless `fresh` (dense.py).
    """
    started = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        previous = read_manifest(folder)
    except IndexDamaged:  # rebuilding is the cure: start from nothing
        previous = {}
    if previous.get("format") != INDEX_FORMAT:
        previous = {}
    words = sorted(set(user_words) | set(record_words(tasks)))
    dictionary = dictionary_hash(words)
    by_doc: dict[str, list[TaskRecord]] = {}
    for t in tasks:
        by_doc.setdefault(t.doc, []).append(t)
    ordered = JsonRecords([t for group in by_doc.values() for t in group])
    tokens, hashes = cut_tokens(ordered.tasks, words, token_cache(folder, previous, dictionary), progress)
    given = {doc: p.to_json() for doc, p in (plans or {}).items()}
    shas = shas or {}
    gen = Generation(folder, previous)
    plan_meta = {doc: given.get(doc) or _plan_from(group[0].to_json()) for doc, group in by_doc.items()}
    segments = [gen.segment(ordered, tokens, plan_meta, hashes, dictionary)] if ordered else []
    plan_rows, start = {}, 0
    for doc, group in by_doc.items():
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
    return publish(folder, gen, manifest, plan_rows, counts, words, started)


class JsonRecords(Sequence[dict[str, Any]]):
    """Task records as their JSON, made when read and not kept.

    A million records as JSON dicts are two gigabytes beside the records themselves; the index build
    reads each a few times in order (tokens, the segment's files), so making them again costs less.
    """

    def __init__(self, tasks: list[TaskRecord]):
        self.tasks = tasks

    def __len__(self) -> int:
        return len(self.tasks)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [t.to_json() for t in self.tasks[i]]
        return self.tasks[i].to_json()

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (t.to_json() for t in self.tasks)


def _plan_from(record: dict[str, Any]) -> dict[str, Any]:
    return {k: record.get(k) for k in ("doc", "plan_title", "issuer", "region", "region_chain", "year")} | {
        "policies": []}


def _dense(folder: Path, gen: Generation, records: Sequence[dict[str, Any]], live: np.ndarray | None,
           embedder: Embedder | None,
           previous: dict[str, Any] | None) -> dict[str, Any] | None:
    if embedder is None or not len(records):
        return None
    from zwgk.search.dense import sync_dense

    return sync_dense(records, folder, embedder, previous, gen.tag, live)


def apply_changes(folder: Path, changes: Sequence[PlanChange], user_words: Sequence[str] = (),
                  embedder: Embedder | None = None) -> dict[str, Any]:
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
    words = sorted(set(old_words) | set(record_words(new_records)))
    dictionary = dictionary_hash(words)
    gen = Generation(folder, previous)
    tokens, hashes = cut_tokens(new_records, words, {}, None)
    counts = vocab_counts(folder / previous["vocab"])
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
    manifest, plans = merge_segments(folder, gen, manifest, plans, dead)
    if embedder is not None:
        index = open_folder(folder, {**manifest, "vocab": previous["vocab"]})
        manifest["dense"] = _dense(folder, gen, list(index.records.raw()), index.live, embedder,
                                   previous.get("dense"))
    manifest["changes"] = {"plans": len(latest), "added_rows": len(new_records), "deleted_rows": len(newly_dead)}
    return publish(folder, gen, manifest, plans, counts, words, started)

