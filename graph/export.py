"""Exports of the store: RDF (ttl, nq, trig, jsonld), task tables (csv, xlsx, jsonl, ics) and property graphs (graphml, gexf).

Task tables take the search filters (a `Corpus` chosen by them); the task table's
columns live in presentation/tables.py, the workbook in presentation/workbook.py, the calendar
in presentation/ics.py. The analysis graphs (unit–topic, plan–unit, plan–topic,
diffusion) are built in analysis/networks.py.
"""
from __future__ import annotations

import io
import json
from typing import Any

from zwgk.graph.records import task_records
from zwgk.graph.store import OxigraphStore
from zwgk.model.records import TaskRecord
from zwgk.presentation.tables import tasks_csv

__all__ = ["EXPORT_FORMATS", "GRAPH_FORMATS", "RDF_FORMATS", "TABLE_FORMATS", "export_store", "export_graph",
           "export_table", "export_rdf", "plan_graphs", "PLAN_FILTERS", "tasks_csv", "tasks_jsonl", "property_graph"]

RDF_FORMATS = ("ttl", "nq", "trig", "jsonld")
TABLE_FORMATS = ("csv", "xlsx", "jsonl", "ics")
GRAPH_FORMATS = ("graphml", "gexf")
EXPORT_FORMATS = (*RDF_FORMATS, *TABLE_FORMATS, *GRAPH_FORMATS)


def export_table(corpus: Any, fmt: str, **options: Any) -> bytes:
    """The corpus's tasks as csv (UTF-8 with BOM), xlsx (tasks, plans, units sheets), jsonl (the task contract) or ics."""
    if fmt == "csv":
        return tasks_csv(corpus.tasks).encode("utf-8")
    if fmt == "jsonl":
        return tasks_jsonl(corpus.tasks).encode("utf-8")
    if fmt == "xlsx":
        from zwgk.presentation.workbook import workbook_bytes

        return workbook_bytes(corpus)
    if fmt == "ics":
        from zwgk.presentation.ics import calendar_bytes

        return calendar_bytes(corpus.tasks, **options)
    raise ValueError(f"unknown table format {fmt!r}; choose one of {', '.join(TABLE_FORMATS)}")


def tasks_jsonl(records: list[TaskRecord]) -> str:
    return "".join(json.dumps(r.to_json(), ensure_ascii=False) + "\n" for r in records)


def property_graph(records: list[TaskRecord]) -> Any:
    """A networkx graph of plans, tasks, units, agencies and regions with attributes Gephi can style."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for r in records:
        plan, task = f"plan:{r.doc}", f"task:{r.id}"
        region = r.region or "?"
        g.add_node(plan, kind="plan", label=r.plan_title or r.doc, region=region, year=r.year or 0)
        g.add_node(task, kind="task", label=r.requirement[:40], region=region,
                   topic="；".join(r.topics), deadline=r.deadline or "")
        g.add_edge(task, plan, kind="partOf")
        chain = r.region_chain
        for child, parent in zip(chain[1:], chain[:-1], strict=False):
            g.add_node(f"region:{child}", kind="region", label=child)
            g.add_node(f"region:{parent}", kind="region", label=parent)
            g.add_edge(f"region:{child}", f"region:{parent}", kind="within")
        if chain:
            g.add_node(f"region:{chain[-1]}", kind="region", label=chain[-1])
        agency = f"agency:{r.issuer}"
        g.add_node(agency, kind="agency", label=r.issuer or "?", region=region)
        g.add_edge(plan, agency, kind="issuedBy")
        if chain:
            g.add_edge(agency, f"region:{chain[-1]}", kind="in")
        for u in r.units:
            unit = f"unit:{r.issuer}/{u.name}"
            g.add_node(unit, kind="unit", label=u.name, region=region, function=u.function or "")
            # 县区教育局 and schools are agencies the plan assigns work to, not sections of the issuer
            g.add_edge(unit, agency, kind="assignedBy" if u.function in ("县区教育局", "学校") else "unitOf")
            g.add_edge(task, unit, kind="responsibility", role=str(u.role), weight=1.0)
    return g


#: Instance kinds under the id namespace (ontology.ttl's IRI scheme): `task:sixian-edu-2022-001` reads better
#: than `id:task\\/sixian-edu-2022-001`.
_INSTANCE_KINDS = ("plan", "section", "task", "responsibility", "deadline", "classification", "domainrecord",
                   "agency", "unit", "region", "policy", "source")


def _export_prefixes(prefixes: dict[str, str]) -> dict[str, str]:
    base = prefixes["id"]
    return {**prefixes, **{kind: f"{base}{kind}/" for kind in _INSTANCE_KINDS if kind not in prefixes}}


#: Filters that choose whole plans, and so whole named graphs; the others choose tasks inside a graph.
PLAN_FILTERS = ("region", "issuer", "year", "doc", "regions", "policy")


def plan_graphs(store: OxigraphStore, filters: Any) -> list[str]:
    """The named graphs of the plans the plan-level filters choose (all plans when none is given)."""
    from zwgk.graph.pipeline import graph_iri
    from zwgk.graph.records import plan_records
    from zwgk.model.filters import Filters, plan_matches

    chosen = Filters(**{k: v for k, v in (filters.active() if filters else {}).items() if k in PLAN_FILTERS})
    return sorted(graph_iri(p.doc) for p in plan_records(store).values() if plan_matches(p, chosen))


def export_rdf(store: OxigraphStore, fmt: str, graphs: list[str] | None = None) -> bytes:
    """The store as RDF another store loads unchanged.

    nq, trig and jsonld carry every named graph (one per plan, the ontology's);
    ttl is the union of the graphs as one graph, with @prefix lines so people can read it.
    `graphs` keeps only those plan graphs, the ontology's (so labels still resolve) and, from
    the shared graphs, the regions, agencies, units and documents those plans name (with the
    agencies and regions they hang off), so a subset loads and queries on its own.
    Oxigraph writes all four straight from its quads; a store without `quads()` (a remote
    SPARQL server) falls back to its own serialisation.
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
        return store.serialize(fmt)
    if graphs is None:
        if fmt == "ttl":
            union = store.raw_query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
            return _bytes(ox.serialize(union, format=formats[fmt], prefixes=prefixes))
        return _bytes(ox.serialize(store.quads(), format=formats[fmt], prefixes=prefixes))
    from zwgk.graph.namespace import SHARED_GRAPHS
    from zwgk.graph.write import references

    keep = {*graphs, ONTOLOGY_GRAPH}
    shared = {str(g) for g in SHARED_GRAPHS.values()}
    named = {iri for g in graphs for iri in references(store, g)}
    quads = [q for q in store.quads() if (graph := getattr(q.graph_name, "value", None)) in keep
             or (graph in shared and getattr(q.subject, "value", None) in named)]
    if fmt == "ttl":
        return _bytes(ox.serialize(list(dict.fromkeys(q.triple for q in quads)), format=formats[fmt], prefixes=prefixes))
    return _bytes(ox.serialize(quads, format=formats[fmt], prefixes=prefixes))


def _bytes(data: bytes | None) -> bytes:
    """pyoxigraph.serialize returns the bytes when given no output file (its stub says bytes | None)."""
    assert data is not None
    return data


def export_store(store: OxigraphStore, fmt: str) -> bytes:
    if fmt in RDF_FORMATS:
        return export_rdf(store, fmt)
    if fmt in TABLE_FORMATS:
        from zwgk.analysis.corpus import load_corpus

        return export_table(load_corpus(store), fmt)
    records = task_records(store)
    if fmt == "graphml":
        import networkx as nx

        buffer = io.BytesIO()
        nx.write_graphml(nx.DiGraph(property_graph(records)), buffer)
        return buffer.getvalue()
    if fmt == "gexf":
        import networkx as nx

        from zwgk.analysis.networks import write_graph

        return write_graph(nx.DiGraph(property_graph(records)), fmt)
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")


def export_graph(store: OxigraphStore, graph: str, fmt: str, filters: Any = None) -> bytes:
    """An analysis graph (analysis/networks.py ANALYSIS_GRAPHS) of the store's tasks passing the filters, as graphml/gexf."""
    from zwgk.analysis.corpus import load_corpus
    from zwgk.analysis.networks import analysis_graph, write_graph

    if fmt not in GRAPH_FORMATS:
        raise ValueError(f"graphs export as {' or '.join(GRAPH_FORMATS)}, not {fmt!r}")
    if graph == "tasks" and fmt == "graphml" and not (filters and filters.active()):
        return export_store(store, "graphml")  # unchanged from before analysis graphs existed
    return write_graph(analysis_graph(graph, load_corpus(store, filters)), fmt)
