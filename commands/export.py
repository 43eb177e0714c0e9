"""`zwgk export`: the store as RDF, the task table or a graph, through `Workspace.export`."""
from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from zwgk.commands.common import LISTING_FILTERS, Output, StoreOption, filtered, workspace, write_streamed

if TYPE_CHECKING:
    from zwgk.model.filters import Filters

__all__ = ["export"]


class ExportFormat(StrEnum):
    ttl = "ttl"
    nq = "nq"
    trig = "trig"
    jsonld = "jsonld"
    csv = "csv"
    xlsx = "xlsx"
    jsonl = "jsonl"
    ics = "ics"
    graphml = "graphml"
    gexf = "gexf"


class GraphKind(StrEnum):
    tasks = "tasks"
    unit_topic = "unit-topic"
    plan_unit = "plan-unit"
    plan_topic = "plan-topic"
    diffusion = "diffusion"


@filtered(*LISTING_FILTERS)
def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="ttl/nq/trig/jsonld: the RDF; csv/xlsx/jsonl/ics: the tasks; graphml/gexf: a graph for Gephi.")] = ExportFormat.ttl,
    output: Output = None,
    graph: Annotated[GraphKind, typer.Option("--graph", help="With graphml/gexf: tasks (plans, tasks, units, agencies, regions) or an analysis graph.")] = GraphKind.tasks,
    *, filters: Filters, store: StoreOption = None,
) -> None:
    """Export the store: RDF, the task table (csv with BOM, xlsx, jsonl, ics) or a graph (GraphML/GEXF).

    Tables and graphs take every filter; RDF takes those that choose whole plans (region, issuer, year, doc).
    """
    from zwgk.workspace.results import ExportRefused

    ws = workspace(store)
    try:
        # Written as it is made: a million-task store is 18 GB of N-Quads.
        write_streamed(lambda out: ws.export(format.value, filters, graph=graph.value, out=out).size, output,
                       binary=format is ExportFormat.xlsx)
    except ExportRefused as exc:
        flags = ", ".join("--" + k.replace("_", "-") for k in exc.task_filters)
        typer.echo(f"zwgk: {exc.fmt} exports whole plan graphs: filter by --region/--issuer/--year/--doc, not "
                   f"{flags}; filter tasks with -f csv/xlsx/jsonl, or select triples with zwgk sparql CONSTRUCT", err=True)
        raise typer.Exit(2) from None
