"""Writing plans into the store: one transaction per plan, or the bulk loader with a journal.

A plan's own triples go to its graph (graph/plan/<id>); the shared entities it
names (regions, agencies, units, cited documents, the classifications its tasks use) are inserted into their
shared graphs, where a triple that is already there is simply there once. When
a plan is removed or replaced, the shared entities its old graph named are
collected first, and every one of them that no triple in any graph points at
any more is deleted — units first, then documents, agencies and regions
(county, city, province), so a chain falls away only as far as nothing else
holds it. Drop, insert and clean-up are one SPARQL Update: one transaction.

Attributes of a shared entity are the union of what its plans said (a unit's
prefLabel, an agency's altLabels, a document's titles); they stay while any plan
names the entity.

The bulk path (many new plans, e.g. a cold ingest) writes N-Quads through
Oxigraph's bulk loader, which is not transactional. A journal file naming the
plans being loaded is written first and removed after the load is flushed; a
store opened for writing with a journal left over (the process was killed)
drops those plans' graphs and cleans the shared graphs, so every plan is either
fully there or not at all. Batches are loaded one at a time by a background
thread (`BulkLoader`), so the parser workers keep going while Oxigraph loads.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from zwgk.graph import namespace as ns
from zwgk.graph.backends import OxigraphStore
from zwgk.graph.background import set_compaction_priority

__all__ = ["shared_kind", "plan_update", "store_plan", "remove_update", "references", "bulk_add", "recover",
           "JOURNAL", "add_source_update", "drop_source_update", "BulkLoader"]

JOURNAL = "ingest-journal.json"

_PREFIX = {"regions": str(ns.ID["region/"]), "agencies": str(ns.ID["agency/"]), "units": str(ns.ID["unit/"]),
           "policies": str(ns.ID["policy/"]), "classifications": str(ns.ID["classification/"])}
#: Deletion order: what points at the next kind goes first.
_GC_ORDER = ("classifications", "units", "policies", "agencies", "regions", "regions", "regions")


def shared_kind(iri: str) -> str | None:
    """Which shared graph an entity IRI belongs to (None for a plan's own nodes)."""
    for kind, prefix in _PREFIX.items():
        if iri.startswith(prefix):
            return kind
    return None


def references(store: OxigraphStore, graph: str) -> list[str]:
    """The shared entities a plan graph names, with what they hang off (unit → agency → region → province)."""
    query = f"""
SELECT DISTINCT ?e WHERE {{
  GRAPH <{graph}> {{ ?s ?p ?ref }} FILTER(isIRI(?ref) && STRSTARTS(STR(?ref), "{ns.ID}"))
  ?ref (<{ns.ORG.unitOf}>|<{ns.ORG.linkedTo}>|<{ns.ZWGK.region}>|<{ns.ZWGK.within}>)* ?e .
}}"""
    _, rows = store.select(query)
    return [row[0] for row in rows if shared_kind(row[0])]


def _gc(candidates: Iterable[str]) -> list[str]:
    """DELETE operations removing the candidates that nothing points at any more, in dependency order."""
    by_kind: dict[str, list[str]] = {}
    for iri in dict.fromkeys(candidates):
        if (kind := shared_kind(iri)) is not None:
            by_kind.setdefault(kind, []).append(iri)
    ops = []
    for kind in _GC_ORDER:
        if kind not in by_kind:
            continue
        graph = ns.SHARED_GRAPHS[kind]
        values = " ".join(f"<{iri}>" for iri in by_kind[kind])
        ops.append(f"DELETE {{ GRAPH <{graph}> {{ ?e ?p ?o }} }} WHERE {{ VALUES ?e {{ {values} }} "
                   f"GRAPH <{graph}> {{ ?e ?p ?o }} FILTER NOT EXISTS {{ GRAPH ?g {{ ?x ?q ?e }} }} }}")
    return ops


def plan_update(graph: str, plan_nt: str, shared_nt: dict[str, str], old_refs: Iterable[str] = ()) -> str:
    """One Update: drop the plan's graph, insert its new triples and shared entities, clean up."""
    data = f"GRAPH <{graph}> {{\n{plan_nt}\n}}\n" + "".join(
        f"GRAPH <{ns.SHARED_GRAPHS[kind]}> {{\n{text}\n}}\n" for kind, text in shared_nt.items() if text)
    return " ;\n".join([f"DROP SILENT GRAPH <{graph}>", f"INSERT DATA {{\n{data}}}", *_gc(old_refs)])


def store_plan(store: Any, store_dir: Path, graph: str, plan_nt: str, shared_nt: dict[str, str],
               old_refs: Iterable[str] = ()) -> None:
    """Write one plan: one Update (one transaction) in the embedded store; in a SPARQL server
    (graph/remote.py `put_plan`) the shared entities merged, the plan graph replaced in one request and
    counted, then the clean-up — under a journal, so entities a killed run left unnamed are swept on the
    next writer's open (recover)."""
    put_plan = getattr(store, "put_plan", None)
    if put_plan is None:
        store.update(plan_update(graph, plan_nt, shared_nt, old_refs))
        return
    _write_journal(store_dir / JOURNAL, [])
    try:
        put_plan(graph, plan_nt, shared_nt, _gc(old_refs))
    except ValueError:  # this plan refused (and absent): sweep what its shared entities left, then say so
        store.update(" ;\n".join(_sweep()))
        (store_dir / JOURNAL).unlink()
        raise
    (store_dir / JOURNAL).unlink()


def _sweep() -> list[str]:
    """Updates deleting every shared entity nothing points at (all kinds, in dependency order)."""
    ops = []
    for kind in _GC_ORDER:
        graph = ns.SHARED_GRAPHS[kind]
        ops.append(f"DELETE {{ GRAPH <{graph}> {{ ?e ?p ?o }} }} WHERE {{ GRAPH <{graph}> {{ ?e ?p ?o }} "
                   f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?x ?q ?e }} }} }}")
    return ops


def _write_journal(journal: Path, graphs: list[str]) -> None:
    tmp = journal.with_suffix(".tmp")
    tmp.write_text(json.dumps({"adding": graphs}), encoding="utf-8")
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, journal)


def remove_update(graph: str, old_refs: Iterable[str]) -> str:
    return " ;\n".join([f"DROP SILENT GRAPH <{graph}>", *_gc(old_refs)])


def add_source_update(graph: str, source_nt: str) -> str:
    """Record one more file a stored plan was read from (same bytes under another path)."""
    return f"INSERT DATA {{ GRAPH <{graph}> {{\n{source_nt}\n}} }}"


def drop_source_update(graph: str, plan: str, source: str) -> str:
    return (f"DELETE WHERE {{ GRAPH <{graph}> {{ <{plan}> <{ns.PROV.wasDerivedFrom}> <{source}> }} }} ;\n"
            f"DELETE WHERE {{ GRAPH <{graph}> {{ <{source}> ?p ?o }} }}")


def bulk_add(store: OxigraphStore, store_dir: Path, graphs: list[str], nquads: bytes) -> None:
    """Bulk-load new plans (graphs not yet in the store) under a journal (see the module docstring)."""
    journal = store_dir / JOURNAL
    _write_journal(journal, graphs)
    store.bulk_load_nquads(nquads)
    store.flush()
    journal.unlink()


def recover(store: OxigraphStore, store_dir: Path) -> list[str]:
    """Roll back a bulk load that did not finish: drop its plans' graphs, then every orphaned shared entity."""
    journal = store_dir / JOURNAL
    if not journal.exists():
        return []
    try:
        graphs = json.loads(journal.read_text(encoding="utf-8")).get("adding", [])
    except (OSError, ValueError):
        graphs = []
    ops = [f"DROP SILENT GRAPH <{g}>" for g in graphs] + _sweep()
    store.update(" ;\n".join(ops))
    store.flush()
    journal.unlink()
    return graphs


class BulkLoader:
    """Bulk batches loaded by one background thread while the parser workers go on.

    Oxigraph's bulk loader runs in Rust without the GIL, so the next batch is
    received and assembled while one loads. One batch loads at a time (each
    under its own journal, graph/write.py); its plans are committed — reported,
    handed to the index — in the main thread once its load has returned. From
    the first load to close(), RocksDB's own compactions run at idle priority
    (graph/background.py).
    """

    def __init__(self, store: OxigraphStore, store_dir: Path):
        self.store, self.store_dir = store, store_dir
        self._pool: ThreadPoolExecutor | None = None
        self._pending: tuple[Future[None], Callable[[], object]] | None = None

    def load(self, graphs: list[str], nquads: bytes, committed: Callable[[], object]) -> None:
        self.wait()
        if self._pool is None:
            self._pool = ThreadPoolExecutor(1, thread_name_prefix="zwgk-bulk")
            set_compaction_priority(idle=True)  # until close(): graph/background.py
        self._pending = (self._pool.submit(bulk_add, self.store, self.store_dir, graphs, nquads), committed)

    def wait(self) -> None:
        """Let the batch in flight finish (its error, if any, is raised here) and commit its plans."""
        if self._pending is not None:
            future, committed = self._pending
            self._pending = None
            future.result()
            committed()

    def close(self) -> None:
        """The store must not be closed under a load: wait for it whatever happens (even a second Ctrl-C)."""
        if self._pool is None:
            return
        while True:
            try:
                self._pool.shutdown(wait=True)
                break
            except KeyboardInterrupt:
                continue
        set_compaction_priority(idle=False)
