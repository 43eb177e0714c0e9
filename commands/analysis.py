"""Cross-region analyses: due, compare, coverage, diffusion, units, report.

Each reads the `Corpus` the filters choose (`Workspace.corpus`), runs one
analysis from analysis/ and prints it as a table, JSON or CSV.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from zwgk.commands.common import (
    PLAN_TOPIC_FILTERS,
    CsvOut,
    JsonOut,
    Output,
    StoreOption,
    check_writable,
    filtered,
    workspace,
    write_output,
)

if TYPE_CHECKING:
    from zwgk.model.filters import Filters

__all__ = ["due", "compare", "coverage", "diffusion", "units", "report"]


class DueFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"
    ics = "ics"


@filtered("region", "issuer", "year", "unit", "topic", "domain", "doc")
def due(
    within: Annotated[str | None, typer.Option("--within", help="Tasks with a date from today to today + this window (30d, 2w, 3m).")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Tasks whose every date has passed (the plans carry no completion status).")] = False,
    today: Annotated[str | None, typer.Option("--today", help="Count from this ISO date instead of today.")] = None,
    format: Annotated[DueFormat, typer.Option("--format", "-f", help="table for people; jsonl/csv/xlsx/ics of the same tasks.")] = DueFormat.table,
    *, filters: Filters, output: Output = None, store: StoreOption = None,
) -> None:
    """What is due: dated tasks soonest first (with --within and/or --overdue, only those), with units and days left."""
    from dataclasses import replace
    from datetime import date

    from zwgk.analysis.due import due_tasks, parse_window, window_filters
    from zwgk.model.filters import parse_date
    from zwgk.workspace.exports import calendar_name, export_table

    try:
        days = parse_window(within) if within is not None else None
        start = parse_date(today, "--today") if today else date.today()
    except ValueError as exc:
        typer.echo(f"zwgk: {exc}", err=True)
        raise typer.Exit(2) from exc
    corpus = workspace(store).corpus(window_filters(filters, start, days, overdue))
    listed = due_tasks(corpus.tasks, start, within=days, overdue=overdue)
    if format is DueFormat.table:
        from zwgk.presentation.display import print_due

        print_due(listed, start)
        return
    chosen = replace(corpus, tasks=[d.record for d in listed], filters=filters)
    options = {"name": calendar_name(filters)} if format is DueFormat.ics else {}
    write_output(export_table(chosen, format.value, **options), output, binary=format is DueFormat.xlsx)


#: An analysis's result (analysis.compare.Comparison, coverage.Coverage, diffusion.Diffusion, workload.Workload).
_Result = TypeVar("_Result")


def _emit(result: _Result, json_out: bool, csv_out: bool,
          rows: Callable[[_Result], tuple[list[str], list[list[Any]]]],
          show: Callable[[_Result], None]) -> None:
    """JSON, CSV (rows(result) → header, rows) or the rich rendering show(result).

    JSON is written on one line by orjson: `compare 依申请公开 --json` at a million tasks dumps 109k tasks,
    2.2 s with the json module's C encoder (the indenting Python one was ten times slower still).
    """
    if json_out:
        import orjson

        typer.echo(orjson.dumps(result, option=orjson.OPT_NON_STR_KEYS))
    elif csv_out:
        import csv

        header, body = rows(result)
        writer = csv.writer(sys.stdout)
        writer.writerow(header)
        writer.writerows(body)
    else:
        show(result)


@filtered(*PLAN_TOPIC_FILTERS)
def compare(
    what: Annotated[str, typer.Argument(metavar="TOPIC|QUERY", help="A topic or 公开领域 (any label: 依申请公开, 申请公开) or words the tasks must contain.")],
    filters: Filters,
    json_out: JsonOut = False, csv_out: CsvOut = False, store: StoreOption = None,
) -> None:
    """Who leads, is responsible for and cooperates on a topic in each plan, with task counts and deadlines."""
    from zwgk.analysis.compare import compare as run
    from zwgk.analysis.compare import compare_rows
    from zwgk.presentation.display import print_compare

    result = run(workspace(store).corpus(filters), what)
    if not result["tasks"]:
        typer.echo(f"zwgk: no task matches {what!r}", err=True)
    _emit(result, json_out, csv_out, compare_rows, print_compare)


@filtered(*PLAN_TOPIC_FILTERS)
def coverage(
    filters: Filters,
    peer_share: Annotated[float, typer.Option("--peer-share", help="A topic is a gap when more than this share of the other plans cover it.")] = 0.5,
    json_out: JsonOut = False, csv_out: CsvOut = False, store: StoreOption = None,
) -> None:
    """Plan × topic task counts; per plan the topics most peers cover and it lacks, and those its policy chain has."""
    from zwgk.analysis.coverage import coverage as run
    from zwgk.analysis.coverage import coverage_rows
    from zwgk.presentation.display import print_coverage

    _emit(run(workspace(store).corpus(filters), peer_share=peer_share), json_out, csv_out, coverage_rows, print_coverage)


@filtered(*PLAN_TOPIC_FILTERS)
def diffusion(
    filters: Filters,
    threshold: Annotated[float, typer.Option(help="Jaccard similarity of character 3-grams from which sentences count as one.")] = 0.5,
    min_chars: Annotated[int, typer.Option("--min-chars", help="Leave out sentences shorter than this.")] = 8,
    exact: Annotated[bool, typer.Option("--exact", help="Compare all pairs instead of MinHash/LSH (small stores).")] = False,
    top: Annotated[int, typer.Option("--top", "-k", help="Groups shown in the table (JSON/CSV carry all).")] = 20,
    json_out: JsonOut = False, csv_out: CsvOut = False, store: StoreOption = None,
) -> None:
    """Near-identical requirements across plans: groups with their plans, regions, shared policy basis and first wording."""
    from zwgk.analysis.diffusion import diffusion as run
    from zwgk.analysis.diffusion import diffusion_rows
    from zwgk.presentation.display import print_diffusion

    result = run(workspace(store).corpus(filters), threshold=threshold, min_chars=min_chars,
                 method="exact" if exact else "minhash", top=None if json_out or csv_out else top)
    _emit(result, json_out, csv_out, diffusion_rows, lambda r: print_diffusion(r, top=top))


@filtered(*PLAN_TOPIC_FILTERS)
def units(
    filters: Filters,
    top: Annotated[int | None, typer.Option("--top", "-k", help="Units per plan and across plans (default: all; the table shows 15).")] = None,
    json_out: JsonOut = False, csv_out: CsvOut = False, store: StoreOption = None,
) -> None:
    """Unit workload and centrality in the unit–topic and plan–unit graphs, per plan and across plans (by function)."""
    from zwgk.analysis.workload import workload, workload_rows
    from zwgk.presentation.display import print_workload

    _emit(workload(workspace(store).corpus(filters), top=top), json_out, csv_out, workload_rows,
          lambda r: print_workload(r, top=top or 15))


@filtered(*PLAN_TOPIC_FILTERS)
def report(
    filters: Filters,
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = Path("report.html"),
    topics: Annotated[int, typer.Option("--topics", help="How many main topics get a who-handles-what table.")] = 6,
    compare_topics: Annotated[list[str] | None, typer.Option("--compare", help="Give these topics the who-handles-what tables instead (repeatable).")] = None,
    groups: Annotated[int, typer.Option("--groups", help="How many diffusion groups to list.")] = 15,
    store: StoreOption = None,
) -> None:
    """One self-contained HTML report (charts, tables, map, embedded font) to open offline or send by mail."""
    from zwgk.presentation.report import write_report

    corpus = workspace(store).corpus(filters)
    if not corpus.plans:
        typer.echo("zwgk: no plans in the store match; nothing to report", err=True)
        raise typer.Exit(1)
    check_writable(out)
    path = write_report(corpus, out, main_topics=compare_topics or topics, max_groups=groups)
    typer.echo(f"wrote {path} ({path.stat().st_size:,} bytes) · {len(corpus.plans)} plans · {len(corpus.tasks)} tasks")
