"""The persisted RDF store: one named graph per plan plus the shared graphs, on disk, queried with SPARQL.

Oxigraph (pyoxigraph) is the default: an embedded RocksDB-backed quad store
with a native SPARQL 1.1 engine, so queries never run through Python
triple-by-triple. `MemoryStore` (rdflib's in-memory Dataset) implements the
same small interface for comparison benchmarks and throwaway use.

Changing one plan is one SPARQL Update (DROP GRAPH + INSERT DATA + the clean-up
of shared entities nothing names any more, graph/write.py), which Oxigraph
runs as one transaction: a failure leaves the store as it was. Many new plans
at once go through Oxigraph's bulk loader instead, guarded by a journal so an
interrupted load is rolled back on the next open (graph/write.py).
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from zwgk.errors import UserError

__all__ = ["Store", "OxigraphStore", "MemoryStore", "open_store", "STORE_KINDS", "StoreError", "StoreMissing",
           "StoreDamaged"]


class StoreError(UserError):
    """A store that cannot be used as asked; the message is one line saying what to run."""


class StoreMissing(StoreError):
    """A read-only command on a store that does not exist yet (it is not created for it)."""


class StoreDamaged(StoreError):
    """A store file that is missing, cut or garbage."""

#: 2: plans keyed by their path relative to the ingest root; shared entities in graphs of their own.
STORE_FORMAT = 2


class Store(Protocol):
    """What zwgk needs of a quad store."""

    kind: str

    def replace_graph(self, graph_iri: str, ntriples: str) -> None: ...
    def remove_graph(self, graph_iri: str) -> None: ...
    def graphs(self) -> list[str]: ...
    def select(self, query: str) -> tuple[list[str], list[list[Any]]]: ...
    def ask(self, query: str) -> bool: ...
    def serialize(self, fmt: str) -> bytes: ...
    def close(self) -> None: ...


def _term_value(term: Any) -> Any:
    """A pyoxigraph term as a plain Python value (IRI/literal text), None for unbound."""
    if term is None:
        return None
    return getattr(term, "value", str(term))


class OxigraphStore:
    kind = "oxigraph"

    def __init__(self, path: Path | None = None, read_only: bool = False, lock=None) -> None:
        import pyoxigraph as ox

        self._ox = ox
        self.path = path
        self.read_only = read_only
        self._lock = lock
        if path is None:
            self._store = ox.Store()
        else:
            path.mkdir(parents=True, exist_ok=True)
            self._store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))

    def replace_graph(self, graph_iri: str, ntriples: str) -> None:
        self._store.update(f"DROP SILENT GRAPH <{graph_iri}> ;\nINSERT DATA {{ GRAPH <{graph_iri}> {{\n{ntriples}\n}} }}")

    def remove_graph(self, graph_iri: str) -> None:
        self._store.update(f"DROP SILENT GRAPH <{graph_iri}>")

    def update(self, sparql: str) -> None:
        """One SPARQL 1.1 Update, applied as one transaction."""
        self._store.update(sparql)

    def bulk_load_nquads(self, data: bytes) -> None:
        """Oxigraph's bulk loader (writes sorted files directly; not transactional: see graph/write.py)."""
        self._store.bulk_load(data, self._ox.RdfFormat.N_QUADS)

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())

    def load_ntriples(self, graph_iri: str, data: bytes) -> None:
        """Bulk load (no transaction) — for benchmarks and rebuilding, not for ingest."""
        self._store.bulk_load(data, self._ox.RdfFormat.N_TRIPLES, to_graph=self._ox.NamedNode(graph_iri))

    def select(self, query: str) -> tuple[list[str], list[list[Any]]]:
        result = self._store.query(query, use_default_graph_as_union=True)
        names = [v.value for v in result.variables]
        return names, [[_term_value(row[n]) for n in names] for row in result]

    def ask(self, query: str) -> bool:
        return bool(self._store.query(query, use_default_graph_as_union=True))

    def raw_query(self, query: str) -> Any:
        return self._store.query(query, use_default_graph_as_union=True)

    def serialize(self, fmt: str) -> bytes:
        formats = {"nq": self._ox.RdfFormat.N_QUADS, "trig": self._ox.RdfFormat.TRIG}
        if fmt in formats:
            return self._store.dump(format=formats[fmt])
        union = self._store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        rdf_format = {"ttl": self._ox.RdfFormat.TURTLE, "nt": self._ox.RdfFormat.N_TRIPLES}[fmt]
        return union.serialize(format=rdf_format)

    def quads(self) -> Iterator[Any]:
        return iter(self._store)

    def flush(self) -> None:
        self._store.flush()

    def close(self) -> None:
        try:
            if self.path is not None and not self.read_only and hasattr(self, "_store"):
                self._store.flush()
        finally:
            if hasattr(self, "_store"):
                del self._store
            if self._lock is not None:
                self._lock, lock = None, self._lock
                lock.release()


class MemoryStore:
    """rdflib's in-memory Dataset behind the same interface (used to compare)."""

    kind = "memory"

    def __init__(self) -> None:
        from rdflib import Dataset

        # Queries see every named graph, as Oxigraph's use_default_graph_as_union does.
        self._ds = Dataset(default_union=True)

    def replace_graph(self, graph_iri: str, ntriples: str) -> None:
        from rdflib import URIRef

        self._ds.remove_graph(URIRef(graph_iri))
        self._ds.graph(URIRef(graph_iri)).parse(data=ntriples, format="nt")

    def load_ntriples(self, graph_iri: str, data: bytes) -> None:
        from rdflib import URIRef

        self._ds.graph(URIRef(graph_iri)).parse(data=data, format="nt")

    def remove_graph(self, graph_iri: str) -> None:
        from rdflib import URIRef

        self._ds.remove_graph(URIRef(graph_iri))

    def graphs(self) -> list[str]:
        return sorted(str(g.identifier) for g in self._ds.graphs() if str(g.identifier).startswith("http"))

    def select(self, query: str) -> tuple[list[str], list[list[Any]]]:
        result = self._ds.query(query)
        names = [str(v) for v in result.vars]
        return names, [[None if v is None else str(v) for v in row] for row in result]

    def ask(self, query: str) -> bool:
        return bool(self._ds.query(query).askAnswer)

    def serialize(self, fmt: str) -> bytes:
        return self._ds.serialize(format={"nq": "nquads", "trig": "trig", "ttl": "turtle", "nt": "nt"}[fmt]).encode()

    def close(self) -> None:
        pass


STORE_KINDS = {"oxigraph": OxigraphStore, "memory": MemoryStore}


ONTOLOGY_GRAPH = "https://w3id.org/zwgk/id/graph/ontology"  # = namespace.ONTOLOGY_GRAPH (no rdflib import here)


def _read_info(path: Path) -> dict[str, Any]:
    manifest = path / "store.json"
    try:
        info = json.loads(manifest.read_text(encoding="utf-8"))
        if not isinstance(info, dict):
            raise ValueError("not an object")
    except FileNotFoundError:
        return {}
    except (ValueError, UnicodeDecodeError) as exc:
        raise StoreDamaged(f"store file {manifest} is damaged (not JSON): restore the store from a backup, "
                           f"or remove {path} and ingest again") from exc
    if info.get("format") != STORE_FORMAT:
        raise StoreError(f"{path} was written by another zwgk store format ({info.get('format')}); "
                         "remove it and ingest again")
    return info


def _open_oxigraph(path: Path, read_only: bool, lock) -> OxigraphStore:
    """Oxigraph, retrying a read-only opening that races a writer's file changes; one line if it cannot."""
    import time

    for attempt in range(4):
        try:
            return OxigraphStore(path / "graph", read_only=read_only, lock=lock)
        except OSError as exc:
            if read_only and attempt < 3:
                time.sleep(0.1 * (attempt + 1))
                continue
            first = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
            raise StoreDamaged(f"the graph in {path / 'graph'} cannot be opened ({first}): restore the store "
                               f"from a backup, or remove {path} and ingest again") from exc
    raise AssertionError("unreachable")


def _create(path: Path) -> None:
    """A new store is built in a folder of its own and renamed into place: nobody sees it half made."""
    import os
    import shutil

    from zwgk.graph.lock import pid_alive

    for stale in path.glob("graph.new-*"):
        pid = stale.name.rsplit("-", 1)[-1]
        if not pid.isdigit() or not pid_alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    staging = path / f"graph.new-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    store = OxigraphStore(staging)
    _load_ontology(store)
    store.close()
    os.replace(staging, path / "graph")


def _load_ontology(store: OxigraphStore) -> str:
    import pyoxigraph as ox

    from zwgk.graph.namespace import ONTOLOGY_FILE

    ontology = ONTOLOGY_FILE.read_bytes()
    store._store.remove_graph(ox.NamedNode(ONTOLOGY_GRAPH))
    store._store.load(ontology, ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
    return hashlib.sha256(ontology).hexdigest()


def open_store(path: Path, read_only: bool = False, lock_wait: float = 0.0) -> OxigraphStore:
    """Open the on-disk store under `path`/graph, checking its format.

    Read-only: a store that does not exist is StoreMissing (nothing is
    created for a reader). Read-write: the writer lock is taken first
    (StoreBusy names the process holding it), and a new store is created
    aside and renamed into place. Damaged files are StoreDamaged, one line.

    The ontology (classes, properties and the SKOS schemes whose labels queries
    read) lives in the store as its own named graph, refreshed whenever
    ontology.ttl changes.
    """
    from zwgk.graph.lock import WriterLock
    from zwgk.graph.namespace import ONTOLOGY_FILE

    if read_only:
        info = _read_info(path)
        if not (path / "graph").is_dir():
            if info:
                raise StoreDamaged(f"the graph folder {path / 'graph'} is missing: restore the store from a backup, "
                                   f"or remove {path} and ingest again")
            raise StoreMissing(f"no store at {path} yet: `zwgk ingest FILES --store {path}` creates it")
        return _open_oxigraph(path, True, None)
    lock = WriterLock(path, lock_wait).acquire()
    try:
        info = _read_info(path)
        if not (path / "graph").is_dir():
            if info:  # a store whose graph went away: never start an empty one over it silently
                raise StoreDamaged(f"the graph folder {path / 'graph'} is missing: restore the store from a backup, "
                                   f"or remove {path} and ingest again")
            _create(path)
        store = _open_oxigraph(path, False, lock)
    except BaseException:
        lock.release()
        raise
    from zwgk.graph.write import recover

    recover(store, path)  # a bulk load a killed ingest left unfinished is rolled back first
    digest = hashlib.sha256(ONTOLOGY_FILE.read_bytes()).hexdigest()
    if info.get("ontology") != digest:
        import os

        digest = _load_ontology(store)
        tmp = path / f".store.json.tmp-{os.getpid()}"
        tmp.write_text(json.dumps({"format": STORE_FORMAT, "kind": store.kind, "ontology": digest}), encoding="utf-8")
        os.replace(tmp, path / "store.json")  # never half-written
    return store
