"""SHACL validation of the store against shapes.ttl, in pieces that stay linear as the store grows.

pyshacl over the whole store did not scale: rdflib cannot hold a million-task store in this machine's
memory, and the cost grew faster than the store (32 plans 99 s; 440 plans, 20k tasks, not done after 14
minutes). So the store is checked in batches, each on its own, on all cores:

- the shapes whose targets live in plan graphs (plans, tasks, responsibilities, deadlines, ...) over
  batches of plan graphs, each batch with the descriptions of the shared entities its plans point at
  (`sh:class` reads their types) and the ontology;
- the shapes whose targets are shared entities (units, agencies, regions, policy documents) once, over
  the shared graphs.

The SPARQL-based constraints (a task's `zwgk:leadUnit` shortcut restates one of its responsibilities)
run per batch in an in-memory Oxigraph store, not in pyshacl: pyshacl runs rdflib's SPARQL engine once
per focus node over the whole data graph, which made them most of the cost. Over the whole store on
disk they do not work either: Oxigraph does not narrow a `FILTER NOT EXISTS` of several patterns by the
outer row's bindings, and one of them took 110 s at 20k tasks.

Graphs zwgk did not write (a user's own) are checked together against every shape. A remote SPARQL
server is checked the same way, a graph per request; a store that cannot hand out one graph at a time
(rdflib's, for comparisons) as one batch.
"""
from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from zwgk.graph.namespace import ID, ONTOLOGY_FILE, ONTOLOGY_GRAPH, SHAPES_FILE, SHARED_GRAPHS
from zwgk.graph.workers import default_jobs, worker_start

__all__ = ["ValidationReport", "validate_store", "BATCH_PLANS"]

#: Plan graphs per batch. pyshacl's time per plan hardly depends on the batch's size once the SPARQL
#: constraints are out of it (about 0.14 s of CPU a synthetic plan of 45 tasks); small batches keep memory low.
BATCH_PLANS = 16

_SH = "http://www.w3.org/ns/shacl#"
#: An N-Triples line's object, when an IRI (Oxigraph separates the terms with spaces, Virtuoso with tabs).
_OBJECT_IRI = re.compile(rb">[ \t]+<([^<>]+)>[ \t]*\.[ \t]*\r?$", re.MULTILINE)
_TARGETS = tuple(_SH + t for t in ("targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode"))
#: Classes whose instances live in the shared graphs, not in plan graphs (graph/namespace.SHARED_GRAPHS).
_SHARED_CLASSES = frozenset({"http://www.w3.org/ns/org#OrganizationalUnit", "http://www.w3.org/ns/org#Organization",
                             "https://w3id.org/zwgk/ontology#Region", "https://w3id.org/zwgk/ontology#PolicyDocument"})


@dataclass
class ValidationReport:
    conforms: bool
    violations: int
    text: str


@dataclass(frozen=True)
class SparqlConstraint:
    """One `sh:sparql` constraint of a shape, as one query that finds all its violations in a batch."""

    shape: str
    message: str
    query: str


class Shapes:
    """shapes.ttl split three ways (see the module docstring), parsed once per process."""

    def __init__(self) -> None:
        from rdflib import Graph, URIRef

        graph = Graph().parse(SHAPES_FILE, format="turtle")
        sparql = URIRef(_SH + "sparql")
        targets = [URIRef(t) for t in _TARGETS]
        shared = {s for s, o in graph.subject_objects(URIRef(_SH + "targetClass")) if str(o) in _SHARED_CLASSES}
        self.sparql = [_sparql_constraint(graph, s, c) for s, c in graph.subject_objects(sparql)]
        self.all = _without(graph, [(s, sparql, c) for s, c in graph.subject_objects(sparql)])
        self.plan = _without(self.all, [(s, p, o) for p in targets for s, o in self.all.subject_objects(p) if s in shared])
        self.shared = _without(self.all, [(s, p, o) for p in targets for s, o in self.all.subject_objects(p)
                                          if s not in shared])


def _without(graph: Any, triples: Iterable[tuple[Any, Any, Any]]) -> Any:
    from rdflib import Graph

    out = Graph()
    for prefix, namespace in graph.namespaces():  # pyshacl's report names terms with the shapes' prefixes
        out.bind(prefix, namespace)
    out += graph
    for t in triples:
        out.remove(t)
    return out


def _sparql_constraint(graph: Any, shape: Any, node: Any) -> SparqlConstraint:
    """The constraint's SELECT with its prefixes declared and `$this` free, joined to the shape's targets."""
    from rdflib import URIRef

    def sh(name: str) -> URIRef:
        return URIRef(_SH + name)

    prefixes = "".join(f"PREFIX {graph.value(d, sh('prefix'))}: <{graph.value(d, sh('namespace'))}>\n"
                       for p in graph.objects(node, sh("prefixes")) for d in graph.objects(p, sh("declare")))
    select = str(graph.value(node, sh("select"))).replace("$this", "?this")
    targets = [f"{{ ?this a <{o}> }}" for o in graph.objects(shape, sh("targetClass"))]
    targets += [f"{{ ?this <{o}> [] }}" for o in graph.objects(shape, sh("targetSubjectsOf"))]
    targets += [f"{{ [] <{o}> ?this }}" for o in graph.objects(shape, sh("targetObjectsOf"))]
    target = " UNION ".join(targets) or "{}"
    query = f"{prefixes}SELECT DISTINCT ?this ?value WHERE {{ {{ SELECT DISTINCT ?this WHERE {{ {target} }} }} {{ {select} }} }}"
    return SparqlConstraint(str(shape), str(graph.value(node, sh("message")) or ""), query)


def _sparql_violations(store: Any, constraint: SparqlConstraint) -> list[str]:
    out = []
    for row in store.query(constraint.query):
        this, value = (getattr(row[k], "value", row[k]) for k in ("this", "value"))
        message = constraint.message.replace("{?value}", f"<{value}>").replace("{$this}", f"<{this}>")
        out.append("Constraint Violation in SPARQLConstraintComponent "
                   f"({_SH}SPARQLConstraintComponent):\n\tSeverity: sh:Violation\n\tSource Shape: <{constraint.shape}>\n"
                   f"\tFocus Node: <{this}>\n\tValue Node: <{value}>\n\tMessage: {message}\n")
    return out


@cache
def _shapes() -> Shapes:
    return Shapes()


def _check(data: bytes, which: str) -> tuple[int, str]:
    """One batch of N-Triples against one part of the shapes: (violations, report text when any)."""
    import pyoxigraph as ox
    from pyshacl import validate
    from rdflib import Graph
    from rdflib.namespace import SH

    graph = Graph()
    graph.parse(data=data, format="nt")
    shapes = _shapes()
    conforms, results, text = validate(graph, shacl_graph=getattr(shapes, which), inference="none", allow_warnings=True)
    violations = 0 if conforms else sum(1 for _ in results.subjects(predicate=SH.resultSeverity, object=SH.Violation))
    memory = ox.Store()
    memory.bulk_load(data, ox.RdfFormat.N_TRIPLES)
    found = [line for c in shapes.sparql for line in _sparql_violations(memory, c)]
    if found:
        text = (text if not conforms else "") + f"Validation Report\nConforms: False\nResults ({len(found)}):\n" + "".join(found)
    return violations + len(found), text if violations or found else ""


def _report(parts: Iterable[tuple[int, str]]) -> ValidationReport:
    violations, texts = 0, []
    for count, text in parts:
        violations += count
        if text:
            texts.append(text)
    return ValidationReport(not texts, violations, "\n".join(texts))


def _ontology_ntriples(store: Any) -> bytes:
    """The ontology's graph of the store (the shapes read its schemes and classes), or the file's for an empty store."""
    data = bytes(store.graph_ntriples(str(ONTOLOGY_GRAPH)))
    return data if data.strip() else _ontology_file_nt()


def _ontology_file_nt() -> bytes:
    from rdflib import Graph

    return Graph().parse(ONTOLOGY_FILE, format="turtle").serialize(format="nt", encoding="utf-8")


def _referenced(store: Any, plan_ntriples: bytes) -> bytes:
    """The descriptions of the shared entities these plan graphs' triples point at (one hop)."""
    from zwgk.graph.write import shared_kind

    objects = {iri.decode() for iri in _OBJECT_IRI.findall(plan_ntriples)}
    return bytes(store.described_ntriples((iri, str(SHARED_GRAPHS[kind])) for iri in sorted(objects)
                                          if (kind := shared_kind(iri)) is not None))


def _batches(store: Any, plans: list[str], others: list[str], ontology: bytes) -> Iterator[tuple[bytes, str]]:
    """(N-Triples, which shapes) per batch: the shared graphs once, then the plan graphs BATCH_PLANS at a time;
    graphs zwgk did not write (a user's own) together, against every shape."""
    yield b"".join([ontology, *(bytes(store.graph_ntriples(str(g))) for g in SHARED_GRAPHS.values())]), "shared"
    if others:
        data = b"".join(bytes(store.graph_ntriples(g)) for g in others)
        yield b"".join([ontology, _referenced(store, data), data]), "all"
    for start in range(0, len(plans), BATCH_PLANS):
        data = b"".join(bytes(store.graph_ntriples(g)) for g in plans[start:start + BATCH_PLANS])
        yield b"".join([ontology, _referenced(store, data), data]), "plan"


def validate_store(store: Any, *, jobs: int | None = None,
                   progress: Callable[[int, int], None] | None = None) -> ValidationReport:
    """The store checked against shapes.ttl; `progress(done, total)` after each batch."""
    if not hasattr(store, "described_ntriples"):  # a store that cannot hand out a graph: its union, in one piece
        data = store.serialize("nt")
        return _report([_check(data if data.strip() else _ontology_file_nt(), "all")])
    graphs = store.graphs()
    plans = [g for g in graphs if g.startswith(str(ID) + "graph/plan/")]
    others = sorted(set(graphs) - set(plans) - {str(g) for g in (*SHARED_GRAPHS.values(), ONTOLOGY_GRAPH)})
    total = 1 + -(-len(plans) // BATCH_PLANS) + bool(others)
    if total < 4:  # starting workers costs more than a few batches
        jobs = 1
    return _report(_run(_batches(store, plans, others, _ontology_ntriples(store)), total, jobs, progress))


def _run(batches: Iterator[tuple[bytes, str]], total: int, jobs: int | None,
         progress: Callable[[int, int], None] | None) -> Iterator[tuple[int, str]]:
    """Each batch's (violations, text), with `progress(done, total)` after each."""
    for done, result in enumerate(_checked(batches, min(jobs or default_jobs(), total)), 1):
        if progress:
            progress(done, total)
        yield result


def _checked(batches: Iterator[tuple[bytes, str]], workers: int) -> Iterator[tuple[int, str]]:
    """_check over each batch, in order; in worker processes when there are several of both."""
    if workers <= 1:
        yield from (_check(data, which) for data, which in batches)
        return
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    # spawn, not fork: the store is open in this process, and RocksDB's threads do not survive a fork
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=worker_start) as pool:
        pending: deque[Any] = deque()
        for data, which in batches:
            pending.append(pool.submit(_check, data, which))
            if len(pending) >= workers * 2:  # a bounded window: batches are read no faster than checked
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
