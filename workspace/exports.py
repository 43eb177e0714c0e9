"""Every export format in one table: RDF from graph/, task tables from presentation/, networks from analysis/.

graph/ only knows RDF; the task table (csv with BOM, xlsx, jsonl, ics) is
rendered by presentation/ from a `Corpus`, and the property and analysis
graphs (GraphML, GEXF) are built by analysis/networks.py. This module picks
the right one for a format, which is why it sits above all three.
"""
from __future__ import annotations

import json
from typing import Any

from zwgk.analysis.corpus import Corpus
from zwgk.graph.export import RDF_FORMATS
from zwgk.model.filters import Filters
from zwgk.model.records import TaskRecord

__all__ = ["EXPORT_FORMATS", "TABLE_FORMATS", "GRAPH_FORMATS", "RDF_FORMATS", "MEDIA_TYPES", "export_table",
           "tasks_jsonl", "calendar_name"]

TABLE_FORMATS = ("csv", "xlsx", "jsonl", "ics")
GRAPH_FORMATS = ("graphml", "gexf")
EXPORT_FORMATS = (*RDF_FORMATS, *TABLE_FORMATS, *GRAPH_FORMATS)

#: What an HTTP response says each format is.
MEDIA_TYPES = {
    "ttl": "text/turtle; charset=utf-8", "nq": "application/n-quads", "trig": "application/trig",
    "jsonld": "application/ld+json", "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jsonl": "application/jsonl; charset=utf-8", "ics": "text/calendar; charset=utf-8",
    "graphml": "application/graphml+xml", "gexf": "application/gexf+xml",
}


def tasks_jsonl(records: list[TaskRecord]) -> str:
    """The task contract, one JSON object per line."""
    return "".join(json.dumps(r.to_json(), ensure_ascii=False) + "\n" for r in records)


def export_table(corpus: Corpus, fmt: str, **options: Any) -> bytes:
    """The corpus's tasks as csv (UTF-8 with BOM), xlsx (tasks, plans, units sheets), jsonl (the task contract) or ics."""
    if fmt == "csv":
        from zwgk.presentation.tables import tasks_csv

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


def calendar_name(filters: Filters | None) -> str:
    """A calendar's title says which tasks it holds (the filters that chose them)."""
    parts = [str(v) for k, v in (filters.active() if filters else {}).items()
             if k in ("region", "issuer", "doc", "unit", "year", "topic")]
    return "政务公开任务完成时限" + (f"（{' '.join(parts)}）" if parts else "")


def export_graph(corpus: Corpus, graph: str, fmt: str) -> bytes:
    """An analysis graph (analysis/networks.py ANALYSIS_GRAPHS) of the corpus, as graphml/gexf."""
    from zwgk.analysis.networks import analysis_graph, write_graph

    if fmt not in GRAPH_FORMATS:
        raise ValueError(f"graphs export as {' or '.join(GRAPH_FORMATS)}, not {fmt!r}")
    return write_graph(analysis_graph(graph, corpus), fmt)
