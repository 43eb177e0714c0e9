"""Exports of the store: RDF (ttl, nq, jsonld), the task table (csv) and property graphs (graphml, gexf).

The analysis graphs (unit–topic, plan–unit, plan–topic, diffusion) are built in graph/networks.py.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Any

from .records import task_records
from .store import OxigraphStore

__all__ = ["EXPORT_FORMATS", "GRAPH_FORMATS", "export_store", "export_graph", "tasks_csv", "tasks_jsonl", "property_graph"]

EXPORT_FORMATS = ("ttl", "nq", "jsonld", "csv", "graphml", "gexf")
GRAPH_FORMATS = ("graphml", "gexf")

CSV_FIELDS = ("id", "doc", "plan_title", "issuer", "region", "region_chain", "year", "section", "seq", "requirement",
              "units", "deadline_raw", "deadline", "ongoing", "topics", "domains", "policies", "source_lines")


def _cell(value: Any) -> str:
    if isinstance(value, list):
        if value and isinstance(value[0], dict) and "role" in value[0]:
            return "；".join(f"{u['name']}({u['role']}{'·' + u['aspect'] if u.get('aspect') else ''})" for u in value)
        if value and isinstance(value[0], dict):
            return "；".join(f"{p.get('title') or ''}{'（' + p['number'] + '）' if p.get('number') else ''}" for p in value)
        return " > ".join(map(str, value)) if value and isinstance(value[0], str) else "-".join(map(str, value))
    return "" if value is None else str(value)


def tasks_csv(records: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_FIELDS)
    for record in records:
        writer.writerow([_cell(record.get(f)) for f in CSV_FIELDS])
    return buffer.getvalue()


def tasks_jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def property_graph(records: list[dict[str, Any]]):
    """A networkx graph of plans, tasks, units, agencies and regions with attributes Gephi can style."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for r in records:
        plan, task = f"plan:{r['doc']}", f"task:{r['id']}"
        region = r["region"] or "?"
        g.add_node(plan, kind="plan", label=r["plan_title"] or r["doc"], region=region, year=r["year"] or 0)
        g.add_node(task, kind="task", label=r["requirement"][:40], region=region,
                   topic="；".join(r["topics"]), deadline=r["deadline"] or "")
        g.add_edge(task, plan, kind="partOf")
        chain = r["region_chain"]
        for child, parent in zip(chain[1:], chain[:-1], strict=False):
            g.add_node(f"region:{child}", kind="region", label=child)
            g.add_node(f"region:{parent}", kind="region", label=parent)
            g.add_edge(f"region:{child}", f"region:{parent}", kind="within")
        if chain:
            g.add_node(f"region:{chain[-1]}", kind="region", label=chain[-1])
        agency = f"agency:{r['issuer']}"
        g.add_node(agency, kind="agency", label=r["issuer"] or "?", region=region)
        g.add_edge(plan, agency, kind="issuedBy")
        if chain:
            g.add_edge(agency, f"region:{chain[-1]}", kind="in")
        for u in r["units"]:
            unit = f"unit:{r['issuer']}/{u['name']}"
            g.add_node(unit, kind="unit", label=u["name"], region=region, function=u.get("function") or "")
            g.add_edge(unit, agency, kind="unitOf")
            g.add_edge(task, unit, kind="responsibility", role=u["role"], weight=1.0)
    return g


def export_store(store: OxigraphStore, fmt: str) -> bytes:
    if fmt in ("ttl", "nq"):
        return store.serialize(fmt)
    if fmt == "jsonld":
        from rdflib import Dataset

        ds = Dataset()
        ds.parse(data=store.serialize("nq"), format="nquads")
        return ds.serialize(format="json-ld", indent=1).encode("utf-8")
    records = task_records(store)
    if fmt == "csv":
        return tasks_csv(records).encode("utf-8")
    if fmt == "graphml":
        import networkx as nx

        buffer = io.BytesIO()
        nx.write_graphml(nx.DiGraph(property_graph(records)), buffer)
        return buffer.getvalue()
    if fmt == "gexf":
        import networkx as nx

        from .networks import write_graph

        return write_graph(nx.DiGraph(property_graph(records)), fmt)
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")


def export_graph(store: OxigraphStore, graph: str, fmt: str, filters: Any = None) -> bytes:
    """An analysis graph (graph/networks.py ANALYSIS_GRAPHS) of the store's tasks passing the filters, as graphml/gexf."""
    from .corpus import load_corpus
    from .networks import analysis_graph, write_graph

    if fmt not in GRAPH_FORMATS:
        raise ValueError(f"graphs export as {' or '.join(GRAPH_FORMATS)}, not {fmt!r}")
    if graph == "tasks" and fmt == "graphml" and not (filters and filters.active()):
        return export_store(store, "graphml")  # unchanged from before analysis graphs existed
    return write_graph(analysis_graph(graph, load_corpus(store, filters)), fmt)
