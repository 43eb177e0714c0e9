"""Files → plans → graphs, and what changed: the graph side of `Workspace.ingest` and `Workspace.remove`.

A plan is its source (graph/sources.py): the path relative to the ingest root,
with the absolute path and sha256 recorded. For every file the report says what
happened and why: added, replaced (content changed, or read from another path),
unchanged (same content), duplicate (the same bytes are already stored under
another id: stored once, this path recorded beside it), removed (`sync`: the
file is gone) or failed (one-line reason; the store keeps what it had).

Files are parsed before the store is touched — in worker processes when there
are many (graph/prepare.py) — and written one transaction per plan, or, for
many new plans, through the bulk loader under a journal (graph/write.py).

The search index is told what changed through `IngestReport.changes`
(graph/changes.py): the records the parse produced, never read back.
"""
from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from zwgk.graph import namespace as ns
from zwgk.graph.changes import PlanChange
from zwgk.graph.prepare import Failed, Job, Prepared, parser_pool, prepare_all
from zwgk.graph.sources import Source, absolute_path, list_sources
from zwgk.graph.store import OxigraphStore, open_store
from zwgk.graph.stored import StoredPlan, stored_plans
from zwgk.graph.terms import text
from zwgk.graph.write import (
    BulkLoader,
    add_source_update,
    drop_source_update,
    references,
    remove_update,
    store_plan,
)
from zwgk.ingest.errors import ParseError
from zwgk.ingest.files import read_plan_bytes, shown
from zwgk.ingest.parser import Overrides

__all__ = ["IngestReport", "FileResult", "RemoveReport", "ingest_paths", "remove_docs", "BULK_MIN"]

#: From this many new plans in one run on, they go through the bulk loader (in batches of BATCH_BYTES).
BULK_MIN = 32
#: Each bulk batch lands in RocksDB as files of its own, which its compaction then merges again and
#: again as the store grows. At a million tasks, 256 MB batches loaded the graph in 758 s against 1,003 s
#: for 32 MB (peak memory 6.5 GB against 5.9 GB); at 300k tasks the size made no difference. With the
#: leaner graph of shared classifications, 512 MB gained nothing more: graph phase 595 s against 583 s,
#: end to end 775 s against 758 s, peak 6.9 GB against 6.3 GB.
BATCH_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class FileResult:
    """What happened to one file (or, for removals, one stored plan) and why."""

    path: str
    doc: str
    status: str  # added | replaced | unchanged | duplicate | removed | failed
    reason: str = ""


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)
    changes: list[PlanChange] = field(default_factory=list)  # for the search index, in commit order
    skipped: int = 0  # files of unsupported types inside folders
    tasks: int = 0
    bulk_loaded: int = 0  # plans written through the bulk loader (from BULK_MIN on, compacting is worth it: graph/compaction.py)
    compacted_seconds: float | None = None  # set by whoever compacted the graph after this run

    def _with(self, status: str) -> list[str]:
        return [r.doc for r in self.results if r.status == status]

    @property
    def added(self) -> list[str]:
        return self._with("added")

    @property
    def replaced(self) -> list[str]:
        return self._with("replaced")

    @property
    def unchanged(self) -> list[str]:
        return self._with("unchanged")

    @property
    def duplicates(self) -> list[str]:
        return self._with("duplicate")

    @property
    def removed(self) -> list[str]:
        return self._with("removed")

    @property
    def failed(self) -> list[tuple[str, str]]:
        return [(r.path, r.reason) for r in self.results if r.status == "failed"]

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def _source_nt(doc: str, source_id: str, path: str, sha: str) -> str:
    src, plan = ns.source_iri(source_id), ns.plan_iri(doc)
    return "\n".join([
        f"<{plan}> <{ns.PROV.wasDerivedFrom}> <{src}> .", f"<{src}> <{ns.RDF.type}> <{ns.ZWGK.SourceFile}> .",
        f"<{src}> <{ns.RDFS.label}> {text(source_id)} .", f"<{src}> <{ns.ZWGK.sha256}> {text(sha)} .",
        f"<{src}> <{ns.ZWGK.filePath}> {text(path)} ."])


class _Run:
    """One ingest: the decisions per file, then the writes, collecting the report."""

    def __init__(self, store: OxigraphStore, store_dir: Path, report: IngestReport,
                 on_file: Callable[[Path, str], None] | None, known: dict[str, StoredPlan] | None = None):
        self.store, self.store_dir, self.report, self.on_file = store, store_dir, report, on_file
        self.known = dict(known) if known is not None else stored_plans(store)
        self.by_sha = {p.sha256: p.doc for p in self.known.values() if p.sha256}
        self.copy_of = {c: p.doc for p in self.known.values() for c in p.copies}
        self.replace_reason: dict[str, str] = {}
        self.loader = BulkLoader(store, store_dir)

    def note(self, source: Source | None, doc: str, status: str, reason: str = "", path: str | None = None) -> None:
        shown = path or (str(source.path) if source else doc)
        self.report.results.append(FileResult(shown, doc, status, reason))
        if self.on_file and source is not None:
            self.on_file(source.path, status)

    # -- removals ---------------------------------------------------------------------------
    def remove_plan(self, plan: StoredPlan, reason: str) -> None:
        self.store.update(remove_update(plan.graph, references(self.store, plan.graph)))
        self.known.pop(plan.doc, None)
        if plan.sha256 is not None and self.by_sha.get(plan.sha256) == plan.doc:
            del self.by_sha[plan.sha256]
        for copy in plan.copies:
            self.copy_of.pop(copy, None)
        self.report.changes.append(PlanChange(plan.doc, "removed"))
        self.note(None, plan.doc, "removed", reason, plan.path)

    def drop_copy(self, copy: str, reason: str | None) -> None:
        plan = self.known[self.copy_of.pop(copy)]
        path = plan.copies.pop(copy)
        self.store.update(drop_source_update(plan.graph, str(ns.plan_iri(plan.doc)), str(ns.source_iri(copy))))
        if reason:
            self.note(None, copy, "removed", reason, path)

    def sync(self, roots: list[Path], listed: set[str]) -> None:
        """Remove the plans (and recorded copies) whose files under `roots` are gone."""
        def gone(path: str | None) -> bool:
            return path is not None and path not in listed and any(Path(path).is_relative_to(r) for r in roots)

        for plan in list(self.known.values()):
            for copy, path in list(plan.copies.items()):
                if gone(path):
                    self.drop_copy(copy, f"file is gone: copy of {plan.doc} no longer recorded")
            if gone(plan.path):
                left = [c for c in plan.copies if c in self.copy_of]
                also = f"; its copy {', '.join(left)} is stored on its own" if left else ""
                self.remove_plan(plan, f"file is gone{also}")

    # -- decisions ---------------------------------------------------------------------------
    def decide(self, sources: list[Source], overrides: Overrides | None) -> tuple[list[Job], list[tuple[Source, str]]]:
        """Jobs to parse, and copies to record (source, the id of the plan holding the same bytes)."""
        jobs: list[Job] = []
        copies: list[tuple[Source, str]] = []
        pending: dict[str, str] = {}  # sha → id of a new plan of this run
        replacing: set[str] = set()
        for source in sources:
            try:
                sha = hashlib.sha256(read_plan_bytes(source.path)).hexdigest()
            except ParseError as exc:  # unreadable, not a regular file, too big: this file alone fails
                self.note(source, source.id, "failed", exc.reason)
                continue
            doc, path = source.id, shown(source.path)
            known = self.known.get(doc)
            if known is not None:
                if known.sha256 == sha:
                    moved = f"; now read from {path} (was {known.path})" if known.path != path else ""
                    if moved:
                        self.store.update(drop_source_update(known.graph, str(ns.plan_iri(doc)), str(ns.source_iri(doc)))
                                          + " ;\n" + add_source_update(known.graph, _source_nt(doc, doc, path, sha)))
                        known.path = path
                    self.note(source, doc, "unchanged", "same content" + moved)
                    continue
                moved = f"; now read from {path} (was {known.path})" if known.path not in (None, path) else ""
                jobs.append(Job(doc, source.path, sha, overrides))
                replacing.add(doc)
                self.replace_reason[doc] = "content changed" + moved
                continue
            if doc in self.copy_of:
                holder = self.copy_of[doc]
                if self.known[holder].sha256 == sha and holder not in replacing:
                    self.note(source, doc, "unchanged", f"same content as {holder} (stored once)")
                    continue
                self.drop_copy(doc, None)
            same = pending.get(sha) or (self.by_sha.get(sha) if self.by_sha.get(sha) not in replacing else None)
            if same is not None:
                copies.append((source, same))
                continue
            pending[sha] = doc
            jobs.append(Job(doc, source.path, sha, overrides))
        return jobs, copies

    # -- writes ------------------------------------------------------------------------------
    def write(self, jobs: list[Job], pool: ProcessPoolExecutor | None, bulk: bool | None) -> None:
        new = sum(1 for j in jobs if j.doc not in self.known)
        use_bulk = bulk if bulk is not None else new >= BULK_MIN
        batch: list[Prepared] = []
        size = 0
        seen_shared: set[tuple[str, str]] = set()
        try:
            for result in prepare_all(jobs, pool):
                source = Source(result.job.doc, result.job.path, None)
                if isinstance(result, Failed):
                    self.note(source, result.job.doc, "failed", result.reason)
                    continue
                doc = result.job.doc
                if doc in self.known or not use_bulk:
                    self.loader.wait()  # a transaction per plan never runs beside a bulk batch
                    self.write_one(result)
                    continue
                batch.append(result)
                size += len(result.plan_nquads)
                if size >= BATCH_BYTES:
                    self.flush(batch, seen_shared)
                    batch, size = [], 0
            if batch:
                self.flush(batch, seen_shared)
            self.loader.wait()
        finally:
            self.loader.close()

    def write_one(self, p: Prepared) -> None:
        doc = p.job.doc
        old = self.known.get(doc)
        refs = references(self.store, old.graph) if old is not None else []
        try:
            store_plan(self.store, self.store_dir, p.graph, p.plan_ntriples(), p.shared_ntriples(), refs)
        except (ValueError, SyntaxError) as exc:  # triples the store refused: nothing was written
            # (an OSError is the store's disk — full, a size limit — not this file's fault: the run stops)
            self.note(Source(doc, p.job.path, None), doc, "failed", f"could not store the graph: {exc}")
            return
        self.committed(p, "replaced" if old is not None else "added")

    def flush(self, batch: list[Prepared], seen_shared: set[tuple[str, str]]) -> None:
        chunks = [p.plan_nquads for p in batch]
        for p in batch:
            for kind, lines in p.shared.items():
                graph = ns.SHARED_GRAPHS[kind]
                for line in lines:
                    if (kind, line) not in seen_shared:
                        seen_shared.add((kind, line))
                        chunks.append(f"{line} <{graph}> .\n".encode())

        def loaded() -> None:
            self.report.bulk_loaded += len(batch)
            for p in batch:
                self.committed(p, "added")

        self.loader.load([p.graph for p in batch], b"".join(chunks), loaded)
        # The plans' records stay until the index is built from them: frozen out of the cyclic collector,
        # they are not traversed again by every full collection (100k tasks: 3.2 s of collections -> 0.7 s).
        # Workspace.ingest unfreezes them once the index is published.
        gc.freeze()

    def committed(self, p: Prepared, kind: str) -> None:
        doc = p.job.doc
        old = self.known.get(doc)
        if old is not None:  # its recorded copies went with the old graph: they held the old bytes
            for copy in old.copies:
                self.copy_of.pop(copy, None)
        self.known[doc] = StoredPlan(doc, p.job.sha256, shown(p.job.path))
        self.by_sha[p.job.sha256] = doc
        self.report.tasks += len(p.tasks)
        self.report.changes.append(PlanChange(doc, kind, p.plan, p.tasks, p.job.sha256))  # type: ignore[arg-type]
        reason = self.replace_reason.get(doc, "") if kind == "replaced" else "new"
        self.note(Source(doc, p.job.path, None), doc, kind, reason)

    def record_copies(self, copies: list[tuple[Source, str]]) -> None:
        for source, holder in copies:
            plan = self.known.get(holder)
            if plan is None:
                self.note(source, source.id, "failed", f"same content as {holder}, which could not be stored")
                continue
            sha = plan.sha256 or ""
            self.store.update(add_source_update(plan.graph, _source_nt(holder, source.id, shown(source.path), sha)))
            plan.copies[source.id] = shown(source.path)
            self.copy_of[source.id] = holder
            self.note(source, source.id, "duplicate", f"same content as {holder}: stored once, this path recorded with it")


def ingest_paths(paths: Iterable[str | Path], store_dir: Path, overrides: Overrides | None = None,
                 on_file: Callable[[Path, str], None] | None = None, *, sync: bool = False,
                 plan_id: str | None = None, jobs: int | None = None, bulk: bool | None = None,
                 known: dict[str, StoredPlan] | None = None) -> IngestReport:
    """Ingest files and folders (recursively) into the store under `store_dir`.

    `sync` also removes the plans whose files under the given folders are gone; `plan_id` stores a
    single file under that id; `jobs` parser processes (default: all cores); `bulk` forces the bulk
    loader on or off (default: on from BULK_MIN new plans); `known`: the stored plans as the caller, holding
    the writer lock, has just listed them (listing them takes seconds at a million tasks).
    """
    folders = [Path(p) for p in paths]
    sources, skipped = list_sources(folders, plan_id)
    report = IngestReport(skipped=skipped)
    pool = parser_pool(len(sources), jobs)
    try:
        store = open_store(store_dir)
    except BaseException:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        raise
    try:
        run = _Run(store, store_dir, report, on_file, known)
        if sync:
            run.sync([absolute_path(p) for p in folders if p.is_dir()], {shown(s.path) for s in sources})
        todo, copies = run.decide(sources, overrides)
        run.write(todo, pool, bulk)
        run.record_copies(copies)
    finally:
        try:
            store.close()  # may raise itself on a full disk: the pool must still be shut down
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
    return report


@dataclass
class RemoveReport:
    removed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # not in the store, or naming several plans (see reasons)
    reasons: dict[str, str] = field(default_factory=dict)
    changes: list[PlanChange] = field(default_factory=list)


def _match(name: str, known: dict[str, StoredPlan]) -> tuple[list[str], str]:
    """Plans a user's word names: a plan id, a file path, or a file name that only one plan has."""
    if name in known:
        return [name], ""
    absolute = str(absolute_path(name))
    hits = [p.doc for p in known.values() if p.path == absolute]
    if hits:
        return hits, ""
    base = Path(name).name
    hits = [p.doc for p in known.values() if Path(p.doc).name == base]
    if len(hits) > 1:
        return [], f"names {len(hits)} plans ({', '.join(sorted(hits))}): give the plan id"
    return hits, "" if hits else "not in the store"


def remove_docs(docs: Iterable[str], store_dir: Path) -> RemoveReport:
    """Drop plans (by id, path or unique file name) with their graphs; shared entities they alone named go too."""
    report = IngestReport()
    out = RemoveReport()
    store = open_store(store_dir)
    try:
        run = _Run(store, store_dir, report, None)
        for name in docs:
            hits, why = _match(name, run.known)
            if not hits:
                out.missing.append(name)
                out.reasons[name] = why
            for doc in hits:
                run.remove_plan(run.known[doc], "removed on request")
                out.removed.append(doc)
    finally:
        store.close()
    out.changes = report.changes
    return out
