"""Every export format in one table: RDF from graph/, task tables from presentation/, networks from analysis/.

graph/ only knows RDF; the task table (csv with BOM, xlsx, jsonl, ics) is
rendered by presentation/ from a `Corpus`, and the property and analysis
graphs (GraphML, GEXF) are built by analysis/networks.py. This module picks
the right one for a format, which is why it sits above all three.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, BinaryIO

from zwgk.analysis.corpus import Corpus
from zwgk.graph.export import PLAN_FILTERS, RDF_FORMATS, export_rdf, plan_graphs, write_rdf
from zwgk.graph.store import OxigraphStore
from zwgk.model.filters import Filters
from zwgk.model.records import TaskRecord
from zwgk.workspace.results import ExportRefused, ExportResult

__all__ = ["export", "EXPORT_FORMATS", "TABLE_FORMATS", "GRAPH_FORMATS", "RDF_FORMATS", "MEDIA_TYPES", "export_table",
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


def tasks_jsonl(records: Sequence[TaskRecord]) -> str:
    """The task contract, one JSON object per line."""
    return "".join(tasks_jsonl_lines(records))


def tasks_jsonl_lines(records: Iterable[TaskRecord]) -> Iterator[str]:
    for r in records:
        yield json.dumps(r.to_json(), ensure_ascii=False) + "\n"


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


def export(fmt: str, filters: Filters | None, *, graph: str, calendar: str | None,
           open_graph: Callable[[], AbstractContextManager[OxigraphStore]],
           corpus: Callable[[Filters | None], Corpus], out: BinaryIO | None = None) -> ExportResult:
    """`Workspace.export`: RDF from the graph (`open_graph`), tables and graphs from the records (`corpus`).

    RDF exports whole plan graphs, so task-level filters are refused (ExportRefused) rather than ignored.
    With `out`, everything is written there instead of returned (RDF streamed as Oxigraph serialises it);
    the result then has no data and says how many bytes were written.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    active = filters.active() if filters else {}
    sink = _Counted(out) if out is not None else None
    if fmt in RDF_FORMATS:
        task_level = [k for k in active if k not in PLAN_FILTERS]
        if task_level:
            raise ExportRefused(fmt, task_level)
        with open_graph() as store:
            chosen = plan_graphs(store, filters) if active else None
            if sink is None:
                data = export_rdf(store, fmt, chosen)
            else:
                write_rdf(store, fmt, sink, chosen)  # type: ignore[arg-type]  # a writer is all it needs
                data = b""
    elif fmt in ("csv", "jsonl") and sink is not None:  # row by row: none of a million tasks is kept
        from zwgk.presentation.tables import tasks_csv_lines

        lines = tasks_csv_lines if fmt == "csv" else tasks_jsonl_lines
        for line in lines(corpus(filters).stream()):
            sink.write(line.encode("utf-8"))
        data = b""
    elif fmt in TABLE_FORMATS:
        options = {"name": calendar or calendar_name(filters)} if fmt == "ics" else {}
        data = export_table(corpus(filters), fmt, **options)
    else:
        data = export_graph(corpus(filters), graph, fmt)
    if sink is not None and data:
        sink.write(data)
        data = b""
    size = sink.written if sink is not None else len(data)
    return ExportResult(data, fmt, MEDIA_TYPES[fmt], binary=fmt == "xlsx", size=size)


class _Counted:
    """A binary writer that counts what goes through it (stdout cannot say how much it was sent)."""

    def __init__(self, out: BinaryIO):
        self.out, self.written = out, 0

    def write(self, data: bytes) -> int:
        self.written += len(data)
        return self.out.write(data)

    def flush(self) -> None:
        self.out.flush()
