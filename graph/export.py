"""RDF exports of the store (ttl, nq, trig, jsonld): the whole store, or the named graphs of chosen plans.

Only RDF lives here; the task tables and the property graphs are rendered
above the graph layer (workspace/exports.py composes all formats).
"""
from __future__ import annotations

from typing import Any, BinaryIO

from zwgk.graph.store import OxigraphStore

__all__ = ["RDF_FORMATS", "PLAN_FILTERS", "export_rdf", "write_rdf", "plan_graphs"]

RDF_FORMATS = ("ttl", "nq", "trig", "jsonld")


#: Instance kinds under the id namespace (ontology.ttl's IRI scheme): `task:sixian-edu-2022-001` reads better
#: than `id:task\\/sixian-edu-2022-001`.
_INSTANCE_KINDS = ("plan", "section", "task", "responsibility", "deadline", "classification", "domainrecord",
                   "agency", "unit", "region", "policy", "source")


def _export_prefixes(prefixes: dict[str, str]) -> dict[str, str]:
    base = prefixes["id"]
    return {**prefixes, **{kind: f"{base}{kind}/" for kind in _INSTANCE_KINDS if kind not in prefixes}}


#: Filters that choose whole plans, and so whole named graphs; the others choose tasks inside a graph.
PLAN_FILTERS = ("region", "issuer", "year", "year_from", "year_to", "levels", "doc", "regions", "policy")


def plan_graphs(store: OxigraphStore, filters: Any) -> list[str]:
    """The named graphs of the plans the plan-level filters choose (all plans when none is given)."""
    from zwgk.graph.records import plan_records
    from zwgk.graph.stored import graph_iri
    from zwgk.model.filters import Filters, plan_matches

    chosen = Filters(**{k: v for k, v in (filters.active() if filters else {}).items() if k in PLAN_FILTERS})
    return sorted(graph_iri(p.doc) for p in plan_records(store).values() if plan_matches(p, chosen))


def export_rdf(store: OxigraphStore, fmt: str, graphs: list[str] | None = None) -> bytes:
    """write_rdf into memory: for answers that must be bytes (an HTTP response of a subset)."""
    import io

    buffer = io.BytesIO()
    write_rdf(store, fmt, buffer, graphs)
    return buffer.getvalue()


def write_rdf(store: OxigraphStore, fmt: str, out: BinaryIO, graphs: list[str] | None = None) -> None:
    """Write the store to `out` as RDF another store loads unchanged.

    nq, trig and jsonld carry every named graph (one per plan, the ontology's);
    ttl is the union of the graphs as one graph, with @prefix lines so people can read it.
    `graphs` keeps only those plan graphs, the ontology's (so labels still resolve) and, from
    the shared graphs, the regions, agencies, units and documents those plans name (with the
    agencies and regions they hang off), so a subset loads and queries on its own.
    Oxigraph streams all four straight from its quads (a million-task store is 18 GB of N-Quads:
    held as bytes it ran the machine out of memory); a store without `quads()` (a remote SPARQL
    server) falls back to its own serialisation.
    """
    import pyoxigraph as ox

    from zwgk.graph.namespace import PREFIXES
    from zwgk.graph.store import ONTOLOGY_GRAPH

    formats = {"ttl": ox.RdfFormat.TURTLE, "nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
               "jsonld": ox.RdfFormat.JSON_LD}
    if fmt not in formats:
        raise ValueError(f"unknown RDF format {fmt!r}; choose one of {', '.join(RDF_FORMATS)}")
    prefixes = None if fmt == "nq" else _export_prefixes(PREFIXES)
    if not hasattr(store, "quads"):
        if graphs is not None:
            raise ValueError("this store cannot export a subset of its graphs; export it whole")
        out.write(store.serialize(fmt))
        return
    if graphs is None:
        if fmt == "ttl":
            # zwgk's graphs only: a SPARQL server's default graph also holds its own (Virtuoso's virtrdf#, DAV/)
            union = store.raw_query('CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } '
                                    'FILTER(STRSTARTS(STR(?g), "https://w3id.org/zwgk/")) }')
            ox.serialize(union, out, formats[fmt], prefixes=prefixes)
        elif hasattr(store, "dump"):  # Oxigraph itself: no Python object per quad
            store.dump(out, formats[fmt], prefixes)
        else:
            ox.serialize(store.quads(), out, formats[fmt], prefixes=prefixes)
        return
    from zwgk.graph.namespace import SHARED_GRAPHS
    from zwgk.graph.write import references

    keep = {*graphs, ONTOLOGY_GRAPH}
    shared = {str(g) for g in SHARED_GRAPHS.values()}
    named = {iri for g in graphs for iri in references(store, g)}
    quads = [q for q in store.quads() if (graph := getattr(q.graph_name, "value", None)) in keep
             or (graph in shared and getattr(q.subject, "value", None) in named)]
    if fmt == "ttl":
        ox.serialize(list(dict.fromkeys(q.triple for q in quads)), out, formats[fmt], prefixes=prefixes)
    else:
        ox.serialize(quads, out, formats[fmt], prefixes=prefixes)
