"""Quad stores behind one small interface: Oxigraph (the default, on disk) and rdflib's in-memory Dataset.

Writers (graph/write.py) and the store folder (graph/store.py) both need the
backend; keeping it apart lets the folder's recovery call the writer without
the writer importing the folder back.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol

if TYPE_CHECKING:
    from zwgk.graph.lock import WriterLock

__all__ = ["Store", "OxigraphStore", "MemoryStore"]


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

    def __init__(self, path: Path | None = None, read_only: bool = False, lock: WriterLock | None = None) -> None:
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
        """Oxigraph's bulk loader (writes sorted files directly; not transactional: see graph/write.py).

        Lenient: the IRIs are not validated again. Only zwgk's own builder writes what comes here, and it
        percent-encodes every name it puts into an IRI; skipping the check saved 8-15 % of the loader's CPU
        on 782k quads (5.6-6.0 s against 5.1-5.2 s, two runs each).
        """
        self._store.bulk_load(data, self._ox.RdfFormat.N_QUADS, lenient=True)

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())

    def load_ntriples(self, graph_iri: str, data: bytes) -> None:
        """Bulk load (no transaction) — for benchmarks and rebuilding, not for ingest."""
        self._store.bulk_load(data, self._ox.RdfFormat.N_TRIPLES, to_graph=self._ox.NamedNode(graph_iri))

    def select(self, query: str) -> tuple[list[str], list[list[Any]]]:
        result: Any = self._store.query(query, use_default_graph_as_union=True)  # QuerySolutions for a SELECT
        names = [v.value for v in result.variables]
        return names, [[_term_value(row[n]) for n in names] for row in result]

    def ask(self, query: str) -> bool:
        return bool(self._store.query(query, use_default_graph_as_union=True))

    def raw_query(self, query: str) -> Any:
        return self._store.query(query, use_default_graph_as_union=True)

    def serialize(self, fmt: str) -> bytes:
        formats = {"nq": self._ox.RdfFormat.N_QUADS, "trig": self._ox.RdfFormat.TRIG}
        if fmt in formats:
            return self._store.dump(format=formats[fmt]) or b""  # None only when given a file to write
        union: Any = self._store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        rdf_format = {"ttl": self._ox.RdfFormat.TURTLE, "nt": self._ox.RdfFormat.N_TRIPLES}[fmt]
        return bytes(union.serialize(format=rdf_format))

    def graph_ntriples(self, graph_iri: str) -> bytes:
        """One named graph as N-Triples, written by Oxigraph (validation checks the store a few graphs at a time)."""
        return self._store.dump(format=self._ox.RdfFormat.N_TRIPLES, from_graph=self._ox.NamedNode(graph_iri)) or b""

    def described_ntriples(self, subjects: Iterable[tuple[str, str]]) -> bytes:
        """The triples of each (subject, graph) pair as N-Triples: one index lookup each, where a CONSTRUCT
        over a million-task store took 1-1.4 s for the entities sixteen plans name."""
        ox = self._ox
        triples = [q.triple for subject, graph in subjects
                   for q in self._store.quads_for_pattern(ox.NamedNode(subject), None, None, ox.NamedNode(graph))]
        return bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")

    def count_all(self) -> int:
        """Quads in the named graphs, counted by Oxigraph itself: 4.4 s at 35.6 M quads, where
        `SELECT (COUNT(*) …) { GRAPH ?g { ?s ?p ?o } }` takes 12.6 s."""
        default = sum(1 for _ in self._store.quads_for_pattern(None, None, None, self._ox.DefaultGraph()))
        return len(self._store) - default

    def quads(self) -> Iterator[Any]:
        """Every quad, for exports that write straight from them (graph/export.py)."""
        return iter(self._store)

    def dump(self, out: BinaryIO, rdf_format: Any, prefixes: dict[str, str] | None = None) -> None:
        """Every graph written to `out` by Oxigraph itself, streamed (graph/export.py)."""
        self._store.dump(out, rdf_format, prefixes=prefixes)

    def flush(self) -> None:
        self._store.flush()

    def optimize(self) -> None:
        """Compact the store (RocksDB's full compaction): after a bulk load, reads join several times faster."""
        self._store.optimize()

    def close(self) -> None:
        try:
            if self.path is not None and not self.read_only and hasattr(self, "_store"):
                self._store.flush()
        finally:
            if hasattr(self, "_store"):
                del self._store
            if self._lock is not None:
                lock, self._lock = self._lock, None
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
        result: Any = self._ds.query(query)  # a SELECT result: vars and rows
        names = [str(v) for v in result.vars]
        return names, [[None if v is None else str(v) for v in row] for row in result]

    def ask(self, query: str) -> bool:
        return bool(self._ds.query(query).askAnswer)

    def serialize(self, fmt: str) -> bytes:
        return self._ds.serialize(format={"nq": "nquads", "trig": "trig", "ttl": "turtle", "nt": "nt"}[fmt]).encode()

    def close(self) -> None:
        pass
