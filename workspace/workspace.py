"""`Workspace`: one store folder (graph, search index, manifests) as the library API.

The CLI and the HTTP server are thin layers over this class; neither knows
where the index lives, when it must be rebuilt, or how a writer and a crash
are reconciled — that is consistency.py's job, driven from here:

- writers (`ingest`, `remove`, `reindex`, `repair`) hold the store's writer
  lock for the whole call, change the graph, and publish one new index
  generation with what changed, so graph and index never disagree after a call
  returns; Ctrl-C is turned into `Interrupted` once the index is repaired;
- readers (`search`, `ask`, `sparql`, `tasks`, `plans`, `export`, `stats`)
  first finish what a writer that died left behind (when nobody is writing),
  and the search index is re-mapped whenever a writer published a new one.

    with Workspace.open("~/zwgk-store") as ws:
        ws.ingest(["plans/"])
        answer = ws.ask("谁负责依申请公开？")
"""
from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from zwgk.model.filters import Filters
from zwgk.settings import Settings, load_settings
from zwgk.workspace.consistency import Check, Repair, Session, writer_session
from zwgk.workspace.interrupts import ctrl_c_noted, interrupted
from zwgk.workspace.results import (
    ExportResult,
    IndexSummary,
    IngestResult,
    NoStore,
    QueryFailed,
    RemoveResult,
    SearchOutcome,
    SourceText,
    Stats,
    UpdateRefused,
    UpdateResult,
)

if TYPE_CHECKING:
    from zwgk.analysis.corpus import Corpus
    from zwgk.graph.sparql import QueryOutput
    from zwgk.graph.store import OxigraphStore
    from zwgk.graph.validate import ValidationReport
    from zwgk.ingest.parser import Overrides
    from zwgk.model.records import PlanRecord, TaskRecord
    from zwgk.search.ask import Answer
    from zwgk.search.service import Searcher

__all__ = ["Workspace"]

INDEX_FOLDER = "index"


class Workspace:
    """A store folder: the graph (one named graph per plan), the search index beside it, and their manifests.

    `on_repair` hears about a repair done on the way (an earlier writer was
    interrupted): the CLI prints it, a server may log it.
    """

    def __init__(self, settings: Settings, on_repair: Callable[[Repair], None] | None = None) -> None:
        from zwgk.ingest.limits import use_limits

        self.settings = settings
        self.on_repair = on_repair
        use_limits(settings.limits)  # the resource bounds apply to every file this process reads
        if settings.remote:  # the graph is in a SPARQL server: this folder keeps its index (graph/binding.py)
            from zwgk.graph.binding import bind_settings

            bind_settings(settings)
        self._searcher: Searcher | None = None
        self._searcher_key: tuple[int, int] | None = None
        self._lock = threading.Lock()
        self._pressed: list[int] = []  # Ctrl-Cs noted during the current write

    @classmethod
    def open(cls, store: Path | str | None = None, settings: Settings | None = None, *,
             on_repair: Callable[[Repair], None] | None = None, **flags: object) -> Workspace:
        """The workspace at `store` (default: ZWGK_STORE, else the per-user folder); `flags` as in load_settings."""
        if settings is None:
            settings = load_settings(store=Path(store).expanduser() if store is not None else None, **flags)
        return cls(settings, on_repair)

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Let go of the mapped index (the graph is opened per call and already closed)."""
        self._searcher = None
        self._searcher_key = None

    @property
    def path(self) -> Path:
        return self.settings.store

    @property
    def index_folder(self) -> Path:
        return self.settings.store / INDEX_FOLDER

    def index_ready(self) -> bool:
        """Has an index generation been published (it may still trail the graph after a crash)?"""
        return (self.index_folder / "manifest.json").exists()

    def exists(self) -> bool:
        """Is there a store here at all (a graph or an index)?"""
        return self.index_ready() or (self.settings.store / "store.json").exists()

    # -- writers -----------------------------------------------------------------------------

    def _recovered(self, repair: Repair | None) -> None:
        if repair is not None and repair.changed and self.on_repair is not None:
            self.on_repair(repair)

    @contextmanager
    def _writing(self, repair_first: bool = True) -> Iterator[Session]:
        """The writer lock for one call; Ctrl-C inside becomes `Interrupted` after the index is repaired."""
        with writer_session(self.settings, repair_first=repair_first) as session, ctrl_c_noted() as pressed:
            self._recovered(session.recovered)
            self._pressed = pressed
            try:
                yield session
            except KeyboardInterrupt as stop:
                raise interrupted(session, stop) from None
        self.close()  # the next search maps the generation just published

    def _unless_interrupted(self) -> None:
        """Between the graph and the index: a Ctrl-C that Python swallowed is raised after all.

        A KeyboardInterrupt raised while a finalizer runs is printed ("Exception ignored in …") and
        dropped; the ingest went on and exited 0 (once in about 30 runs of the Ctrl-C crash test).
        """
        if self._pressed:
            raise KeyboardInterrupt

    @staticmethod
    def _publish(session: Session, changes: list[Any] | None) -> tuple[IndexSummary, list[str]]:
        manifest = session.index(changes)
        return IndexSummary.of(manifest), list(session.notes)

    def ingest(self, paths: Iterable[str | Path], overrides: Overrides | None = None, *, sync: bool = False,
               plan_id: str | None = None, jobs: int | None = None, bulk: bool | None = None,
               on_file: Callable[[Path, str], None] | None = None,
               on_stored: Callable[[IngestResult], None] | None = None) -> IngestResult:
        """Parse files and folders (recursively) into the graph, then publish the index for what changed.

        A plan is its path relative to the folder given (or its file name, or `plan_id`). `sync` also
        removes plans whose files under the given folders are gone. `on_stored` is called once the graph
        is written and before the index is published. Raises `Interrupted` on Ctrl-C and
        graph.sources.PlanIdError when `plan_id` is given with several files (nothing written).
        """
        from zwgk.graph.compaction import Compaction
        from zwgk.graph.pipeline import BULK_MIN, ingest_paths
        from zwgk.graph.sources import PlanIdError

        try:
            with self._writing() as session:
                try:
                    report = ingest_paths(paths, self.settings.store, overrides, on_file=on_file, sync=sync,
                                          plan_id=plan_id, jobs=jobs, bulk=bulk, known=session.stored)
                except PlanIdError:
                    session.done()
                    raise
                self._unless_interrupted()
                result = IngestResult(report)
                if on_stored is not None:
                    on_stored(result)
                # the graph is compacted while the index is built from the parse's records (graph/compaction.py)
                compaction = Compaction(self.settings.store) if report.bulk_loaded >= BULK_MIN else None
                try:
                    if report.changed or not self.index_ready():
                        result.index, result.notes = self._publish(session, report.changes)
                    else:
                        session.done()
                finally:
                    if compaction is not None:
                        report.compacted_seconds = compaction.wait()
        finally:
            gc.unfreeze()  # the records the bulk path froze (graph/pipeline.py) may be collected again
        return result

    def remove(self, names: Iterable[str]) -> RemoveResult:
        """Drop plans (by id, path, or a file name only one plan has) from the graph and the index."""
        from zwgk.graph.pipeline import remove_docs

        with self._writing() as session:
            report = remove_docs(names, self.settings.store)
            self._unless_interrupted()
            result = RemoveResult(report.removed, report.missing, report.reasons)
            if report.removed:
                result.index, result.notes = self._publish(session, report.changes)
            else:
                session.done()
        return result

    def reindex(self) -> tuple[IndexSummary, str | None]:
        """Rebuild every index from the graph (vectors from the embedding cache); (summary, note for the user)."""
        from zwgk.search.service import rebuild_index

        with self._writing(repair_first=False) as session:
            manifest, note = rebuild_index(self.settings, fresh=True)
            session.done()
        return IndexSummary.of(manifest), note

    def repair(self) -> Repair:
        """Bring the index in line with the graph (what an interrupted writer left)."""
        from zwgk.workspace.consistency import repair

        with self._writing(repair_first=False) as session:
            result = repair(self.settings)
            session.done()
        return result

    def update(self, text: str) -> UpdateResult:
        """Apply one SPARQL Update (a correction by hand, a scratch store) and rebuild the index from the graph.

        The graph is normally built from plan files (`ingest`, `remove`); this is for those who chose to
        allow updates (`zwgk serve --allow-update`). One transaction under the writer lock; a query that
        is not an Update, or not valid, raises `QueryFailed` with the parser's message.
        """
        from zwgk.graph.sparql import apply_update
        from zwgk.graph.store import open_store
        from zwgk.search.service import rebuild_index

        with self._writing() as session:
            store = open_store(self.settings.store, lock_wait=self.settings.lock_wait)
            try:
                before, after = apply_update(store, text)
            except (SyntaxError, ValueError, OSError) as exc:
                session.done()  # nothing was applied: the index still agrees with the graph
                raise QueryFailed(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc
            finally:
                store.close()
            manifest, note = rebuild_index(self.settings)
            session.done()
        return UpdateResult(before, after, IndexSummary.of(manifest), [note] if note else [])

    def check(self) -> Check:
        """Every store and index file readable, and the index equal to the graph (plans, versions, tasks)."""
        from zwgk.workspace.consistency import check

        return check(self.settings)

    # -- readers -----------------------------------------------------------------------------

    def _catch_up(self) -> None:
        """A writer died with the index possibly behind: repair it now, if nobody is writing."""
        from zwgk.workspace.consistency import repair_if_interrupted

        self._recovered(repair_if_interrupted(self.settings))

    def searcher(self) -> Searcher:
        """The current index generation, mapped once and mapped again after a writer publishes."""
        from zwgk.search.service import open_searcher

        if not self.exists():
            store = self.settings.store
            raise NoStore(f"no store at {store} yet: `zwgk ingest FILES --store {store}` creates it")
        self._catch_up()
        with self._lock:
            try:
                st = (self.index_folder / "manifest.json").stat()
                key: tuple[int, int] | None = (st.st_ino, st.st_mtime_ns)
            except OSError:
                key = None
            if self._searcher is None or key is None or key != self._searcher_key:
                self._searcher, self._searcher_key = open_searcher(self.settings), key
            return self._searcher

    def search(self, query: str, filters: Filters | None = None, *, top: int | None = None,
               literal: bool = False) -> SearchOutcome:
        """Ranked tasks; regions, years, 文号 and deadlines in the query filter like `filters` (unless `literal`)."""
        result, inferred = self.searcher().search_text(query, filters, top, literal=literal)
        return SearchOutcome(query, result, inferred)

    def ask(self, question: str, filters: Filters | None = None) -> Answer:
        """An answer per plan and per task: units with roles and chains, deadlines, sources; silent plans too.
        照搬上级方案 compares the plans asked about with those above them, 缺少哪些主题 with every other plan,
        在多个地区都出现 (其他地区没有的) the plans asked about with each other, 新增了哪些任务 each with its region's
        plan of the year before."""
        from zwgk.search.ask import ask, question_of

        searcher = self.searcher()
        read = question_of(searcher, question, filters)
        copies = missing = None
        if read.intent in ("copied", "common", "unique", "new", "missing"):  # the analyses compare the plans asked about
            from zwgk.analysis import copied, coverage

            scope, corpus = read.filters.plan_level(), self.corpus()
            copies = (copied.copied_from_above(corpus, scope) if read.intent == "copied"
                      else copied.copied_from_earlier(corpus, scope, read.since) if read.intent == "new"
                      else copied.shared_across_regions(corpus, scope, among=len(scope.regions) > 1)
                      if read.intent in ("common", "unique") else None)
            against = read.against  # 泗县有但石台县没有的工作: against 泗县's plans only
            missing = (None if read.intent != "missing" else coverage.topics_missing(corpus, scope) if not against
                       else coverage.topics_missing_against(corpus, scope, against[1]))
        return ask(searcher, question, filters, copies=copies, missing=missing, read=read)

    @contextmanager
    def graph(self) -> Iterator[OxigraphStore]:
        """The graph, opened read-only for one block (other processes may write between blocks)."""
        from zwgk.graph.store import open_store

        store = open_store(self.settings.store, read_only=True)
        try:
            yield store
        finally:
            store.close()

    def sparql(self, query: str, fmt: str = "table") -> QueryOutput:
        """A SPARQL 1.1 query over every plan's graph, zwgk's prefixes pre-bound.

        `fmt` json|csv|tsv|xml serialises the results; Update is refused (`UpdateRefused`),
        a query the store rejects raises `QueryFailed` with the parser's first line.
        """
        from zwgk.graph.sparql import run_query, update_keyword

        operation = update_keyword(query)
        if operation:
            raise UpdateRefused(operation)
        with self.graph() as store:
            try:
                return run_query(store, query, fmt)
            except (SyntaxError, OSError, ValueError) as exc:
                raise QueryFailed(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc

    def corpus(self, filters: Filters | None = None) -> Corpus:
        """The task and plan records the filters choose: what the analyses and the task tables read.

        They come from the search index when one is published: its records are the ones the parse
        produced and the graph holds (tests/test_records.py; `zwgk check` compares the two), and reading
        them from its mapped files takes seconds where the same records through SPARQL take a minute
        at 20k tasks; its columns choose and count tasks without decoding them (workspace/columns.py),
        and the records themselves are decoded when first asked for. Without an index they are read
        from the graph. Either way in the graph's order: plan by plan, each plan's tasks as printed.
        """
        from zwgk.analysis.corpus import columns_corpus, load_corpus
        from zwgk.workspace.columns import IndexColumns

        if self.index_ready():
            with self.graph():  # opened all the same: a damaged graph is named, not hidden behind its index
                pass
            index = self.searcher().index
            return columns_corpus(IndexColumns(index), index.plans, filters)
        with self.graph() as store:
            return load_corpus(store, filters)

    def tasks(self, filters: Filters | None = None) -> list[TaskRecord]:
        """The tasks passing the filters (default: all), in the task contract."""
        return list(self.corpus(filters).tasks)

    def plans(self, filters: Filters | None = None) -> list[PlanRecord]:
        """The plans passing the plan-level filters, ordered by region chain, year and id."""
        corpus = self.corpus(filters)
        return [corpus.plans[doc] for doc in corpus.plan_order()]

    def source(self, doc: str) -> SourceText:
        """The plan's text read again from the file it was ingested from (or a recorded copy of it)."""
        from zwgk.workspace.source import plan_source

        with self.graph() as store:
            return plan_source(store, doc)

    def stats(self) -> Stats:
        """Counts over the store (plans, tasks, units, agencies, regions, triples) and one row per plan."""
        from zwgk.graph.stats import store_stats

        return Stats.of(store_stats(self.settings.store))

    def validate(self, progress: Callable[[int, int], None] | None = None) -> ValidationReport:
        """The store checked against shapes.ttl (SHACL), a batch of plan graphs at a time on all cores;
        `progress(done, total)` after each batch."""
        from zwgk.graph.validate import validate_store

        with self.graph() as store:
            return validate_store(store, progress=progress)

    def export(self, fmt: str, filters: Filters | None = None, *, graph: str = "tasks",
               calendar: str | None = None, out: BinaryIO | None = None) -> ExportResult:
        """The store as RDF (ttl nq trig jsonld), a task table (csv xlsx jsonl ics) or a graph (graphml gexf).

        Tables and graphs take every filter; RDF exports whole plan graphs, so it takes the filters
        that choose plans (region, issuer, year, doc) and refuses the others (`ExportRefused`).
        `graph` names the graph of graphml/gexf (analysis/networks.py); `calendar` titles an ics.
        `out`: write there instead of returning the bytes; RDF is then streamed, never held whole.
        """
        from zwgk.workspace.exports import export

        return export(fmt, filters, graph=graph, calendar=calendar, open_graph=self.graph, corpus=self.corpus,
                      out=out)
