"""Graph and search index as one: the writer session, repair after a crash, and `zwgk check`.

The commit point of a plan is its graph transaction (one SPARQL Update per
plan; the bulk loader's batches are journaled and rolled back by graph/write).
The index is derived: it records, per plan, the sha256 of the version it
holds (plans-G.json), and the two agree when those match the graph's. So:

- A writer session takes the store's lock, brings the index in line with the
  graph if a previous writer died (`repair`), writes `index-pending.json`,
  lets the ingest change the graph, publishes one new index generation with
  what changed, and removes the marker.
- A kill -9 at any moment leaves the graph with whole plans only and the index
  at its last published generation; the marker says it may be behind. The
  next command (a reader too, when nobody is writing) repairs it: plans whose
  versions differ are re-indexed from the graph, and the marker goes.
- Ctrl-C stops the ingest between two SPARQL Updates (a transaction is never
  cut), the index is repaired to the graph, and the CLI says what was stored.
"""
from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zwgk.errors import UserError
from zwgk.model.collector import collector_paused
from zwgk.settings import Settings

if TYPE_CHECKING:
    from zwgk.graph.store import OxigraphStore
    from zwgk.model.records import TaskRecord

__all__ = ["PENDING", "Repair", "Check", "writer_session", "repair", "repair_if_interrupted", "check", "pending",
           "plan_versions"]

#: Written before a writer changes the graph, removed once the index has caught up.
PENDING = "index-pending.json"
#: A repair re-indexes just the plans out of line (a delta) up to this many, or a twentieth of the store;
#: beyond that a rebuild reads everything back.
DELTA_MAX = 50


@dataclass
class Repair:
    """What `repair` found and did."""

    added: list[str] = field(default_factory=list)  # plans the graph has and the index lacked (or held older)
    removed: list[str] = field(default_factory=list)  # plans the index had and the graph does not
    rebuilt: bool = False
    plans: int = 0
    tasks: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.rebuilt)

    def line(self) -> str:
        if not self.changed:
            return f"graph and search index agree: {self.plans} plans, {self.tasks} tasks"
        parts = []
        if self.added:
            parts.append(f"{len(self.added)} plans indexed ({_names(self.added)})")
        if self.removed:
            parts.append(f"{len(self.removed)} dropped from the index ({_names(self.removed)})")
        what = ", ".join(parts) or "index rebuilt"
        if self.rebuilt and parts:
            what += " (index rebuilt from the graph)"
        return f"search index repaired to match the graph: {what}; now {self.plans} plans, {self.tasks} tasks"


def _names(docs: list[str], most: int = 5) -> str:
    shown = ", ".join(sorted(docs)[:most])
    return shown + (f" and {len(docs) - most} more" if len(docs) > most else "")


def pending(store_dir: Path) -> dict[str, Any] | None:
    path = store_dir / PENDING
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except ValueError:
        return {"pid": None}


def _mark(store_dir: Path) -> None:
    tmp = store_dir / f".{PENDING}.tmp-{os.getpid()}"
    tmp.write_text(json.dumps({"pid": os.getpid(), "started": time.strftime("%Y-%m-%dT%H:%M:%S")}), encoding="utf-8")
    os.replace(tmp, store_dir / PENDING)


def _unmark(store_dir: Path) -> None:
    (store_dir / PENDING).unlink(missing_ok=True)


def _versions(stored: dict[str, Any]) -> dict[str, str | None]:
    return {doc: p.sha256 for doc, p in stored.items()}


def plan_versions(store: OxigraphStore) -> dict[str, str | None]:
    """plan id → sha256 of the version in the graph."""
    from zwgk.search.service import plan_versions as versions

    return versions(store)


def repair(settings: Settings, store: OxigraphStore | None = None, unmark: bool = True) -> Repair:
    """Make the index agree with the graph (the caller holds the writer lock)."""
    from zwgk.graph.store import open_store
    from zwgk.search.errors import IndexDamaged
    from zwgk.search.index import IndexOutdated, indexed_plans, read_manifest
    from zwgk.search.service import rebuild_index

    own = store is None
    store = store or open_store(settings.store, lock_wait=settings.lock_wait)
    try:
        graph = plan_versions(store)
        folder = settings.store / "index"
        result = Repair()
        try:
            manifest = read_manifest(folder)
            held = indexed_plans(folder)
            usable = bool(manifest) and manifest.get("format") is not None
        except (IndexDamaged, IndexOutdated):
            manifest, held, usable = {}, {}, False
        result.added = sorted(d for d, sha in graph.items() if d not in held or held[d]["sha"] != sha)
        result.removed = sorted(d for d in held if d not in graph)
        changed = len(result.added) + len(result.removed)
        if not usable or not (folder / "manifest.json").exists() or changed > max(DELTA_MAX, len(graph) // 20):
            manifest, _ = rebuild_index(settings, store=store)
            result.rebuilt = True
        elif changed:
            manifest = _reindex_plans(settings, store, graph, result)
        result.plans, result.tasks = len(graph), int(manifest.get("count", 0))
    finally:
        if own:
            store.close()
    if unmark:
        _unmark(settings.store)
    return result


def _reindex_plans(settings: Settings, store: OxigraphStore, graph: dict[str, str | None], found: Repair) -> dict[str, Any]:
    """A delta generation for the plans a repair found out of line, read back from the graph: seconds in a
    million-task store, where a rebuild reads every plan back (tens of minutes)."""
    from zwgk.graph.records import plan_records, task_records
    from zwgk.search.index import PlanChange
    from zwgk.search.service import update_index

    tasks: dict[str, list[TaskRecord]] = {doc: [] for doc in found.added}
    for record in task_records(store, found.added):
        tasks[record.doc].append(record)
    plans = {p.doc: p for p in plan_records(store, found.added).values()}
    changes = [PlanChange(doc, graph[doc], tasks[doc], plans.get(doc)) for doc in found.added]
    changes += [PlanChange(doc, None) for doc in found.removed]
    manifest, _ = update_index(settings, changes)
    return manifest


def repair_if_interrupted(settings: Settings) -> Repair | None:
    """For any command: when a writer died with the index possibly behind, repair it now (if nobody writes)."""
    from zwgk.graph.lock import StoreBusy, WriterLock, writer_pid

    if pending(settings.store) is None or writer_pid(settings.store) is not None:
        return None
    try:
        lock = WriterLock(settings.store, 0).acquire()
    except StoreBusy:
        return None
    try:
        if pending(settings.store) is None:
            return None
        return repair(settings)
    finally:
        lock.release()


@dataclass
class Session:
    """A writer's hold on the store: the ingest changes the graph, `index` publishes what changed."""

    settings: Settings
    #: What the graph held of each plan when the session began (graph.stored.StoredPlan by plan id): an
    #: ingest starts from it rather than listing the plans again (seconds at a million tasks).
    stored: dict[str, Any]
    recovered: Repair | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def before(self) -> dict[str, str | None]:
        """plan id → sha256 of each plan when the session began."""
        return _versions(self.stored)

    def index(self, changes: Sequence[Any] | None = None) -> dict[str, Any]:
        """One new index generation: a delta from the changes an ingest reports, else a rebuild."""
        from zwgk.search.service import rebuild_index, update_index

        if changes:
            manifest, note = update_index(self.settings, list(changes), whole=not self.stored)
        else:
            manifest, note = rebuild_index(self.settings)
        if note:
            self.notes.append(note)
        self.done()
        return manifest

    def done(self) -> None:
        """The index agrees with the graph (nothing changed, or it was published): drop the marker."""
        _unmark(self.settings.store)

    def interrupted(self) -> tuple[Repair, list[str], list[str]]:
        """After Ctrl-C: index repaired to the graph; (repair, plans stored or replaced, plans removed) by this run."""
        from zwgk.graph.store import open_store

        store = open_store(self.settings.store, lock_wait=self.settings.lock_wait)
        try:
            after = plan_versions(store)
            fixed = repair(self.settings, store)
        finally:
            store.close()
        stored = sorted(d for d, sha in after.items() if self.before.get(d, "∅") != sha)
        gone = sorted(d for d in self.before if d not in after)
        return fixed, stored, gone


@contextmanager
def writer_session(settings: Settings, repair_first: bool = True) -> Iterator[Session]:
    """Hold the writer lock for a whole command; repair first if a previous writer died mid-way.

    The marker written here stays if the block ends in an exception before
    `Session.index` or `Session.done`: the next command then repairs the index.
    """
    from zwgk.graph.lock import WriterLock
    from zwgk.graph.store import open_store
    from zwgk.graph.stored import stored_plans

    lock = WriterLock(settings.store, settings.lock_wait).acquire()
    try:
        interrupted = pending(settings.store) is not None
        _mark(settings.store)  # before anything is created or changed: a kill from here on is repaired next time
        store = open_store(settings.store, lock_wait=settings.lock_wait)
        try:
            recovered = None
            stored = stored_plans(store)  # one listing of the plans (seconds at a million tasks), used three times
            if repair_first and (interrupted or _index_disagrees(settings, _versions(stored))):
                recovered = repair(settings, store, unmark=False)
                stored = stored_plans(store)
        finally:
            store.close()
        yield Session(settings, stored, recovered)
    finally:
        lock.release()


def _index_disagrees(settings: Settings, graph: dict[str, str | None]) -> bool:
    """Do the index's plan versions differ from the graph's (`graph`: plan id → sha256, plan_versions)?"""
    from zwgk.search.errors import IndexDamaged
    from zwgk.search.index import indexed_plans, read_manifest

    folder = settings.store / "index"
    try:
        if not read_manifest(folder):
            return bool(graph)
        held = indexed_plans(folder)
    except (IndexDamaged, UserError):
        return True
    return {d: v["sha"] for d, v in held.items()} != graph


@dataclass
class Check:
    """`zwgk check`: file integrity and graph ⇄ index agreement."""

    problems: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check(settings: Settings) -> Check:
    """Open every store and index file, compare plan versions and task ids between graph and index."""
    import numpy as np

    from zwgk.graph.lock import writer_pid
    from zwgk.graph.namespace import sparql_prefixes
    from zwgk.graph.store import open_store
    from zwgk.search.index import indexed_plans, open_index

    result = Check()
    store = open_store(settings.store, read_only=True)
    try:
        graph = plan_versions(store)
        # two subqueries, which Oxigraph hash-joins: as one pattern it looked up each task's id in turn
        # (a million tasks: 17-36 s against 7.4-8.5 s)
        _, rows = store.select(sparql_prefixes() + "SELECT ?id WHERE { { SELECT ?t WHERE { ?t a zwgk:Task } } "
                               "{ SELECT ?t ?id WHERE { ?t dcterms:identifier ?id } } }")
        graph_tasks = sorted(r[0] for r in rows)
    finally:
        store.close()
    result.facts.append(f"graph: {len(graph)} plans, {len(graph_tasks)} tasks")
    writer = writer_pid(settings.store)
    if writer is not None:
        result.facts.append(f"an ingest (pid {writer}) is writing now: the index may trail the graph until it ends")
    elif pending(settings.store) is not None:
        result.problems.append("an ingest was interrupted and the index may be behind the graph: run `zwgk repair`")
    try:
        index = open_index(settings.store / "index")
        from zwgk.search.service import _saved_concepts

        _saved_concepts(settings.store / "index")
        ids: list[str] = []
        with collector_paused():
            for seg in index.segments:  # read every array and record once: a cut or garbled file fails here
                for path in sorted(seg.folder.glob("*.npy")):
                    np.load(path)
                ids += [json.loads(text)["id"] for text in seg.docs]  # not records: 7 s at a million, not 28 s
                _ = seg.texts, seg.facets  # opened: a table cut short fails here (older segments have none)
        held = indexed_plans(settings.store / "index")
        index_tasks = sorted(ids[row] for row in index.live_rows())
    except UserError as exc:
        result.problems.append(f"{exc}: run `zwgk reindex`" if "reindex" not in str(exc) else str(exc))
        return result
    except (ValueError, OSError, KeyError, TypeError) as exc:  # KeyError, TypeError: a record's JSON without its id
        result.problems.append(f"an index file is damaged ({(str(exc).splitlines() or [repr(exc)])[0][:100]}): run `zwgk reindex`")
        return result
    result.facts.append(f"index: generation {index.manifest['generation']}, {len(held)} plans, {len(index_tasks)} tasks "
                        f"in {len(index.segments)} segments")
    stale = sorted(d for d, sha in graph.items() if d not in held or held[d]["sha"] != sha)
    extra = sorted(d for d in held if d not in graph)
    if writer is None and (stale or extra):
        result.problems.append(f"the index disagrees with the graph: {len(stale)} plans missing or older "
                               f"({_names(stale)}), {len(extra)} not in the graph: run `zwgk repair`")
    elif writer is None and index_tasks != graph_tasks:
        missing = sorted(set(graph_tasks) - set(index_tasks))
        unknown = sorted(set(index_tasks) - set(graph_tasks))
        result.problems.append(f"the index holds {len(index_tasks)} tasks, the graph {len(graph_tasks)}: "
                               f"{len(missing)} of the graph's are not in the index ({_names(missing, 3)}), "
                               f"{len(unknown)} of the index's not in the graph ({_names(unknown, 3)}): run `zwgk reindex`")
    if not result.problems:
        result.facts.append("graph and index agree")
    return result
