"""Parse and build one plan, away from the store: the part of an ingest that runs on every core.

`prepare` turns one file into everything the writer and the index need: the
plan graph's triples (N-Triples lines, also cut into N-Quads for the bulk
loader), the shared-entity triples it names, and its plan and task records.
It touches no store, so `prepare_all` can run it in worker processes
(`--jobs`); results come back in the order of the files.
"""
from __future__ import annotations

import os
import signal
import threading
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from zwgk.graph import namespace as ns
from zwgk.graph.build import SourceRef, build_plan
from zwgk.graph.changes import plan_record_of, task_records_of
from zwgk.graph.workers import default_jobs, worker_start
from zwgk.ingest.errors import ParseError
from zwgk.ingest.files import shown
from zwgk.ingest.parser import Overrides, parse_file
from zwgk.model.records import PlanRecord, TaskRecord

__all__ = ["Job", "Prepared", "Failed", "prepare", "prepare_all", "default_jobs", "parser_pool"]


@dataclass(frozen=True)
class Job:
    """One file to parse: the plan id it is stored under, where it is, its digest, the flags' overrides."""

    doc: str
    path: Path
    sha256: str
    overrides: Overrides | None = None


@dataclass
class Prepared:
    """A parsed and built plan, ready to write.

    The plan's own triples travel as one N-Quads byte string (in its graph), made in the worker:
    one object to pickle instead of thousands of lines, and nothing left for the writer to assemble.
    """

    job: Job
    graph: str
    plan_nquads: bytes
    shared: dict[str, list[str]]
    plan: PlanRecord
    tasks: list[TaskRecord] = field(default_factory=list)

    def plan_ntriples(self) -> str:
        return self.plan_nquads.decode("utf-8").replace(f" <{self.graph}> .\n", " .\n").rstrip("\n")

    def shared_ntriples(self) -> dict[str, str]:
        return {kind: "\n".join(f"{line} ." for line in lines) for kind, lines in self.shared.items()}


def _nquads(lines: list[str], graph: str) -> bytes:
    g = f" <{graph}> .\n"
    return (g.join(lines) + g).encode("utf-8") if lines else b""


@dataclass(frozen=True)
class Failed:
    job: Job
    reason: str


def prepare(job: Job) -> Prepared | Failed:
    """Read, parse and build one file; a bad file comes back as Failed with a one-line reason."""
    try:
        plan = parse_file(job.path, job.overrides, doc=job.doc)
        built = build_plan(plan, [SourceRef(job.doc, shown(job.path), plan.sha256)])
        record = plan_record_of(plan)
        graph = str(ns.plan_graph_iri(job.doc))
        return Prepared(job, graph, _nquads(built.plan, graph), built.shared, record,
                        task_records_of(plan, built, record))
    except ParseError as exc:
        return Failed(job, exc.reason)
    except (ValueError, OSError, SyntaxError, RecursionError) as exc:
        return Failed(job, f"could not build the graph: {exc}")


def parser_pool(files: int, workers: int | None = None) -> ProcessPoolExecutor | None:
    """Worker processes for `files` files (None when one process will do).

    Call it before the store is opened: the workers are forked at once, from a
    process without RocksDB's threads (forking those is not safe), after the
    thesaurus is loaded so every worker starts with it.
    """
    workers = min(workers or default_jobs(), files)
    if workers <= 1 or files < 4:
        return None
    from zwgk.vocabulary import thesaurus

    thesaurus.load_thesaurus()
    with _ctrl_c_held() as pressed:
        pool = ProcessPoolExecutor(workers, mp_context=get_context("fork"), initializer=worker_start)
        pool.submit(int).result()  # with "fork" the executor starts every worker on the first submit
    if pressed:
        pool.shutdown(cancel_futures=True)
        raise KeyboardInterrupt
    return pool


@contextmanager
def _ctrl_c_held() -> Iterator[list[int]]:
    """Hold a Ctrl-C until the block ends (the list then names the signal), in the main thread only.

    A Ctrl-C that cut the pool's start short left workers forked and waiting for work nobody would
    send, and the ingest hung at exit joining them.
    """
    pressed: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield pressed
        return
    previous = signal.signal(signal.SIGINT, lambda signum, frame: pressed.append(signum))
    try:
        yield pressed
    finally:
        signal.signal(signal.SIGINT, previous or signal.SIG_DFL)  # None: a handler set outside Python


def prepare_all(jobs: list[Job], pool: ProcessPoolExecutor | None = None) -> Iterator[Prepared | Failed]:
    """prepare() over every job, in order; in the pool's worker processes when there is one."""
    if pool is None or len(jobs) < 2:
        yield from map(prepare, jobs)
        return
    # A bounded window of jobs in flight: results are consumed in order, and Executor.map would submit every
    # job at once and hold every finished result until its turn (a whole corpus in memory). The window is
    # wide enough for the workers to go on while the writer waits for a bulk batch to load: 16 jobs a
    # worker left them idle then (300k tasks: graph phase 137 s with 16, 131 s with 96).
    window = getattr(pool, "_max_workers", os.cpu_count() or 1) * 96  # the executor does not expose its size otherwise
    pending: deque[Any] = deque()
    for job in jobs:
        pending.append(pool.submit(prepare, job))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()
