"""`zwgk push` / `zwgk pull`: copy the graph between the embedded store and a SPARQL server, graph by graph.

Push sends each graph in one Graph Store request — the protocol's bulk path,
which any SPARQL 1.1 server has (Virtuoso's faster `ld_dir` loader reads files
on the server's own disk and is not standard): the shared graphs (regions,
agencies, units, cited documents) are merged first (POST: the server may hold
other plans naming the same entities), then every plan graph replaces its
namesake (PUT) and is counted, a few requests in flight at once. A push that
stops half-way leaves whole plans on the server; pushing again completes it.

Pull reads each of the server's zwgk graphs (counted: Virtuoso cuts answers at
its row limit) into the local store through the bulk loader under its journal
(graph/write.py): plan graphs replace their local namesakes, shared graphs merge.
"""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zwgk.graph import namespace as ns
from zwgk.graph.remote import RemoteStore
from zwgk.graph.store import ONTOLOGY_GRAPH, open_store

__all__ = ["TransferReport", "push", "pull"]

#: Plan graphs gathered into one bulk load on pull (as ingest batches its bulk loads).
PULL_BATCH_BYTES = 128 * 1024 * 1024


@dataclass
class TransferReport:
    plans: int = 0
    graphs: int = 0
    triples: int = 0
    seconds: float = 0.0
    failed: list[tuple[str, str]] = field(default_factory=list)  # graph, reason

    @property
    def triples_per_second(self) -> float:
        return self.triples / self.seconds if self.seconds else 0.0


def _shared() -> set[str]:
    return {str(g) for g in ns.SHARED_GRAPHS.values()}


def _graph_ntriples(local: Any, graph: str) -> str:
    """One graph of the embedded store as N-Triples (Oxigraph dumps it straight from its indexes)."""
    import pyoxigraph as ox

    data = local._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
    return (data or b"").decode("utf-8")


def push(local_dir: Path, remote_dir: Path, jobs: int = 2) -> TransferReport:
    """Copy every graph of the embedded store under `local_dir` to the server `remote_dir` is bound to."""
    report = TransferReport()
    local = open_store(local_dir, read_only=True)
    try:
        remote = open_store(remote_dir)
        if not isinstance(remote, RemoteStore):
            raise ValueError(f"{remote_dir} is not bound to a SPARQL server")
        try:
            started = time.perf_counter()
            graphs = [g for g in local.graphs() if g != ONTOLOGY_GRAPH]  # the server has zwgk's ontology already
            shared = _shared()
            for graph in (g for g in graphs if g in shared):
                text = _graph_ntriples(local, graph)
                remote.add_to_graph(graph, text)
                report.graphs += 1
                report.triples += text.count("\n")

            def put(graph: str) -> tuple[str, int, str]:
                text = _graph_ntriples(local, graph)
                try:
                    remote.replace_graph(graph, text)
                except ValueError as exc:  # this graph refused (and left absent): the others go on
                    return graph, 0, str(exc)
                return graph, text.count("\n"), ""

            plans = [g for g in graphs if g not in shared]
            with ThreadPoolExecutor(max(1, jobs)) as pool:
                for graph, triples, error in pool.map(put, plans):
                    if error:
                        report.failed.append((graph, error))
                        continue
                    report.plans += 1
                    report.graphs += 1
                    report.triples += triples
            report.seconds = time.perf_counter() - started
        finally:
            remote.close()
    finally:
        local.close()
    return report


def pull(remote_dir: Path, local_dir: Path) -> TransferReport:
    """Copy every zwgk graph of the server `remote_dir` is bound to into the embedded store under `local_dir`."""
    from zwgk.graph.write import bulk_add

    report = TransferReport()
    remote = open_store(remote_dir, read_only=True)
    try:
        if not isinstance(remote, RemoteStore):
            raise ValueError(f"{remote_dir} is not bound to a SPARQL server")
        local = open_store(local_dir)
        try:
            started = time.perf_counter()
            shared = _shared()
            have = set(local.graphs())
            batch: list[str] = []
            chunks: list[bytes] = []
            size = 0

            def flush() -> None:
                nonlocal batch, chunks, size
                if not chunks:
                    return
                replaced = [g for g in batch if g in have]
                if replaced:
                    local.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in replaced))
                bulk_add(local, local_dir, batch, b"".join(chunks))
                batch, chunks, size = [], [], 0

            for graph in sorted(remote.graphs(), key=lambda g: g not in shared):
                if graph == ONTOLOGY_GRAPH:
                    continue
                quads = _as_nquads(remote.graph_ntriples(graph), graph)
                report.graphs += 1
                report.triples += quads.count(b"\n")
                chunks.append(quads)
                size += len(quads)
                if graph not in shared:
                    batch.append(graph)
                    report.plans += 1
                if size >= PULL_BATCH_BYTES:
                    flush()
            flush()
            report.seconds = time.perf_counter() - started
        finally:
            local.close()
    finally:
        remote.close()
    return report


def _as_nquads(ntriples: bytes, graph: str) -> bytes:
    """N-Triples lines → N-Quads lines in `graph` (parsed, so any N-Triples the server writes is read)."""
    import pyoxigraph as ox

    name = f"<{graph}>"
    return "".join(f"{t.subject} {t.predicate} {t.object} {name} .\n"
                   for t in ox.parse(ntriples, ox.RdfFormat.N_TRIPLES)).encode("utf-8")
