"""Commands that ask the store: search, ask, sparql, tasks, eval.

Each calls one `Workspace` method and prints its typed result: for people
through presentation/display.py, for programs as the result's own JSON.
"""
from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from zwgk.commands.common import (
    LISTING_FILTERS,
    SEARCH_FILTERS,
    Full,
    JsonOut,
    Model,
    Output,
    StoreOption,
    Top,
    fail_line,
    filtered,
    workspace,
    write_streamed,
)

if TYPE_CHECKING:
    from zwgk.model.filters import Filters

__all__ = ["sparql", "search", "ask", "tasks", "evaluate"]


class SparqlFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"
    xml = "xml"


def sparql(
    query: Annotated[str, typer.Argument(help="A SPARQL query, or @file.rq. The zwgk prefixes are pre-bound.")],
    store: StoreOption = None,
    format: Annotated[SparqlFormat, typer.Option("--format", "-f", help="table for people; SPARQL 1.1 JSON/CSV/TSV/XML results for programs.")] = SparqlFormat.table,
) -> None:
    """Run a SPARQL query over every graph in the store."""
    from zwgk.graph.sparql import read_query
    from zwgk.workspace.results import QueryFailed, UpdateRefused

    try:
        text = read_query(query)
    except OSError as exc:
        typer.echo(f"zwgk: {query[1:]}: {exc.strerror}", err=True)
        raise typer.Exit(2) from exc
    except UnicodeDecodeError as exc:
        typer.echo(f"zwgk: {query[1:]}: not UTF-8 text", err=True)
        raise typer.Exit(2) from exc
    try:
        output = workspace(store).sparql(text, format.value)
    except UpdateRefused as exc:
        typer.echo(f"zwgk: the store is read-only from `zwgk sparql` ({exc.operation} is SPARQL Update): change data with "
                   "`zwgk ingest FILE…` and `zwgk remove FILE…` (the graph is built from the plan files), or export it "
                   "(`zwgk export -f nq`) into a SPARQL server of your own", err=True)
        raise typer.Exit(1) from None
    except QueryFailed as exc:
        typer.echo(f"zwgk: query failed: {exc}", err=True)
        raise typer.Exit(1) from None
    if output.payload:
        text = output.payload.decode("utf-8")
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    elif output.kind == "ask":
        typer.echo("true" if output.boolean else "false")
    else:
        from zwgk.presentation.display import print_rows

        print_rows(output.variables, output.rows)


@filtered(*SEARCH_FILTERS)
def search(
    query: Annotated[str, typer.Argument(help="What to look for, e.g. 政务新媒体, IPv6 or 安徽省 依申请公开.")],
    filters: Filters,
    top: Top = None, json_out: JsonOut = False, store: StoreOption = None, model: Model = None,
    literal: Annotated[bool, typer.Option("--literal", help="Search the words as typed: do not read regions, years, "
                                                            "文号 or deadlines in the query as filters.")] = False,
    full: Full = False,
) -> None:
    """Ranked tasks with plan, region, section, units and deadline, and why each matched.

    Regions, years, 文号 and deadlines written in the query filter like the flags (shown as inferred; --literal: off).
    """
    outcome = workspace(store, model=model, top_k=top).search(query, filters, literal=literal)
    for note in outcome.notes:
        typer.echo(note, err=True)
    if json_out:
        typer.echo(json.dumps(outcome.to_json(), ensure_ascii=False, indent=1))
        return
    from zwgk.presentation.display import print_hits

    print_hits(outcome.result, inferred=outcome.inferred, full=full)


@filtered(*SEARCH_FILTERS)
def ask(
    question: Annotated[str, typer.Argument(help="A question, e.g. 谁负责依申请公开？ 计财科负责什么 石台县的方案有哪些任务")],
    filters: Filters,
    top: Top = None, json_out: JsonOut = False, store: StoreOption = None, model: Model = None, full: Full = False,
) -> None:
    """Answer a question per plan and per task: units with roles and chains, deadlines, source lines, basis.

    Every task the question covers is listed (not only the best-scoring); a plan in view with nothing on the
    topic says 未提及 (`silent: true` in JSON).
    """
    answer = workspace(store, model=model, top_k=top).ask(question, filters)
    for note in answer.notes:
        typer.echo(note, err=True)
    if json_out:
        typer.echo(json.dumps(answer.to_json(), ensure_ascii=False, indent=1))
        return
    from zwgk.presentation.answer import print_answer

    print_answer(answer, full=full)


class TasksFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"
    ics = "ics"


@filtered(*LISTING_FILTERS)
def tasks(
    format: Annotated[TasksFormat, typer.Option("--format", "-f", help="jsonl (the task contract), csv (with BOM, for Excel/WPS), xlsx or ics.")] = TasksFormat.jsonl,
    *, filters: Filters, output: Output = None, store: StoreOption = None,
) -> None:
    """The tasks in the store that pass the filters (default: all), in the task contract or as a table."""
    ws = workspace(store)
    write_streamed(lambda out: ws.export(format.value, filters, out=out).size, output,
                   binary=format is TasksFormat.xlsx)


def evaluate(
    queries: Annotated[Path, typer.Argument(help="Judged queries (jsonl): ranked items (id, query, relevant[doc, text, grade], "
                                                 "who, only_regions, mode) and/or answer items (id, class, query, expected"
                                                 "{tasks, silent, count, plans}), e.g. tests/fixtures/questions.jsonl.")],
    store: StoreOption = None, model: Model = None, json_out: JsonOut = False,
) -> None:
    """Ranking (nDCG@10, recall@10, MRR, who-accuracy) and answers (task recall and precision, per-task role
    accuracy, silence, count and plan accuracy) of the store's search and ask on judged queries."""
    from zwgk.search.evaluate import evaluate as run_eval
    from zwgk.search.evaluate import load_queries

    try:
        judged = load_queries(queries)
    except (OSError, ValueError) as exc:
        fail_line(queries, getattr(exc, "strerror", None) or f"not judged queries in jsonl: {exc}")
        raise typer.Exit(1) from exc
    report = run_eval(workspace(store, model=model).searcher(), judged)
    if json_out:
        typer.echo(json.dumps({"summary": report.summary(), "queries": [q.__dict__ for q in report.queries]},
                              ensure_ascii=False, indent=1))
        return
    from zwgk.presentation.display import print_eval

    print_eval(report)
