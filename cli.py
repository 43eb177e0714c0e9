"""zwgk command line: a thin typer layer over the library API.

Each command parses its arguments, calls one library function and prints.
Heavy imports happen inside the commands that need them, so `zwgk --help`
and `zwgk parse` start fast.
"""
from __future__ import annotations

import errno
import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup

from zwgk.errors import UserError


class _OneLineErrors(TyperGroup):
    """A busy, missing or damaged store or index is one line on stderr and exit 1, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except UserError as exc:
            typer.echo(f"zwgk: {exc}", err=True)
            ctx.exit(1)


app = typer.Typer(help="zwgk — 政务公开 task plans: parse, graph, search.", no_args_is_help=True,
                  pretty_exceptions_enable=False, add_completion=False, cls=_OneLineErrors)


class ParseFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    json = "json"


def _fail_line(path: Path | str, reason: object) -> None:
    """One line per bad file: the name escaped (a newline in it must not start a second line)."""
    from zwgk.ingest.files import shown

    text = " ".join(str(getattr(reason, "reason", reason)).split("\n")).strip()
    typer.echo(f"zwgk: {shown(path)}: {text}", err=True)


@app.command()
def parse(
    files: Annotated[list[Path], typer.Argument(help="Plan files to parse (nothing is stored).", readable=False)],
    format: Annotated[ParseFormat, typer.Option("--format", "-f", help="table for people, jsonl/json for programs.")] = ParseFormat.table,
    issuer: Annotated[str | None, typer.Option(help="Override the issuing agency (发文机关).")] = None,
    region: Annotated[str | None, typer.Option(help="Override the region (e.g. 泗县).")] = None,
    year: Annotated[int | None, typer.Option(help="Override the plan year.")] = None,
) -> None:
    """Parse plans into task rows without touching any store.

    Exit 0 when every file parsed, 1 when any failed (one line per failure on stderr).
    """
    from zwgk.ingest.parser import Overrides, parse_files
    from zwgk.ingest.records import plan_record, task_records

    _settings()  # the resource bounds (ZWGK_MAX_*) apply to parse too
    overrides = Overrides(issuer=issuer, region=region, year=year)
    failed = 0
    plans = []
    for path, result in parse_files(files, overrides):
        if isinstance(result, Exception):
            failed += 1
            _fail_line(path, result)
            continue
        if format is ParseFormat.jsonl:
            for record in task_records(result):
                sys.stdout.write(json.dumps(record.to_json(), ensure_ascii=False) + "\n")
        else:
            plans.append(result)
    if format is ParseFormat.json:
        from zwgk.graph.build import task_concepts
        from zwgk.ingest.records import task_record

        payload = [{"plan": plan_record(p).to_parse_json(),
                    "tasks": [task_record(p, t, i, *concepts).to_json() for i, (t, concepts)
                              in enumerate(zip(p.tasks, task_concepts(p), strict=True))]}
                   for p in plans]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    elif format is ParseFormat.table:
        from zwgk.presentation.display import print_plans

        print_plans(plans)
    raise typer.Exit(1 if failed else 0)


StoreOption = Annotated[Path | None, typer.Option("--store", help="Store folder (env ZWGK_STORE; default ~/.local/share/zwgk).")]


def _settings(store: Path | None = None, **flags: object):
    """The settings, with their resource bounds put in force for every file this process reads."""
    from zwgk.ingest.limits import use_limits
    from zwgk.settings import SettingError, load_settings

    try:
        settings = load_settings(store=store, **flags)
    except SettingError as exc:
        typer.echo(f"zwgk: {exc}", err=True)
        raise typer.Exit(2) from exc
    use_limits(settings.limits)
    return settings


def _open(store: Path | None, read_only: bool = True):
    from zwgk.graph.store import open_store

    return open_store(_settings(store).store, read_only=read_only)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Plan files or folders (searched recursively).", readable=False)],
    store: StoreOption = None,
    issuer: Annotated[str | None, typer.Option(help="Override the issuing agency of every file.")] = None,
    region: Annotated[str | None, typer.Option(help="Override the region of every file.")] = None,
    year: Annotated[int | None, typer.Option(help="Override the year of every file.")] = None,
    sync: Annotated[bool, typer.Option("--sync", help="Also remove the plans whose files under the given folders are gone.")] = False,
    plan_id: Annotated[str | None, typer.Option("--id", help="Store a single file under this plan id (default: its path relative to the folder given, or its file name).")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Parser processes (default: all cores).")] = None,
) -> None:
    """Parse plans into the store (one named graph per plan) and bring the search index up to date.

    A plan is identified by its path relative to the folder given (or its file name, or --id). Every
    replace, copy, removal and failure is reported with its reason; unchanged files are skipped; a
    file that fails leaves the store as it was. Exit 1 when any file failed.
    """
    from rich.progress import Progress

    from zwgk.graph.pipeline import ingest_paths
    from zwgk.graph.sources import PlanIdError
    from zwgk.ingest.parser import Overrides
    from zwgk.workspace.consistency import writer_session

    settings = _settings(store)
    with writer_session(settings) as session:
        _say_recovered(session.recovered)
        try:  # Ctrl-C anywhere in here: the plan being written is whole or absent; the index follows the graph
            with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
                bar = progress.add_task("ingest", total=None)
                report = ingest_paths(paths, settings.store, Overrides(issuer=issuer, region=region, year=year),
                                      on_file=lambda path, status: progress.update(bar, advance=1, description=path.name),
                                      sync=sync, plan_id=plan_id, jobs=jobs)
            _print_ingest(report, settings.store, sync)
            if report.changed or not _index_ready(settings):
                _publish(session, report.changes)
            else:
                session.done()
        except KeyboardInterrupt:
            _interrupted(session)
        except PlanIdError as exc:  # --id with several files: nothing was written
            session.done()
            typer.echo(f"zwgk: {exc}", err=True)
            raise typer.Exit(2) from None
    raise typer.Exit(1 if report.failed else 0)


def _print_ingest(report, store: Path, sync: bool) -> None:
    """One line per file that was not simply added (with its reason), then the counts."""
    plain_unchanged = 0
    for r in report.results:
        if r.status == "failed":
            _fail_line(Path(r.path), r.reason)
        elif r.status == "unchanged" and r.reason == "same content":
            plain_unchanged += 1
        elif r.status != "added":
            typer.echo(f"{r.status} {r.doc}: {r.reason}")
    counts = [f"{len(report.added)} added", f"{len(report.replaced)} replaced",
              f"{len(report.unchanged)} unchanged" + (f" ({plain_unchanged} same content)" if plain_unchanged else "")]
    if report.duplicates:
        counts.append(f"{len(report.duplicates)} duplicate")
    if report.removed or sync:
        counts.append(f"{len(report.removed)} removed")
    counts.append(f"{len(report.failed)} failed")
    typer.echo(", ".join(counts) + (f", {report.skipped} unsupported skipped" if report.skipped else "")
               + f" · {report.tasks} tasks stored in {store}")


def _say_recovered(recovered) -> None:
    if recovered is not None and recovered.changed:
        typer.echo(f"zwgk: an earlier ingest was interrupted; {recovered.line()}", err=True)


def _interrupted(session) -> None:
    """Ctrl-C: the plan being written was committed whole or not at all; the index follows the graph."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the repair below must not be cut in turn
    fixed, stored, gone = session.interrupted()
    what = f"{len(stored)} plans stored or replaced by this run" + (f" ({', '.join(stored[:5])}"
                                                                     + (", …)" if len(stored) > 5 else ")") if stored else "")
    if gone:
        what += f", {len(gone)} removed"
    typer.echo(f"zwgk: interrupted: {what}; the rest was not ingested; graph and search index agree "
               f"({fixed.plans} plans, {fixed.tasks} tasks)", err=True)
    raise typer.Exit(130)


def _publish(session, changes=None, quiet: bool = False) -> None:
    manifest = session.index(changes)
    for note in session.notes:
        typer.echo(note, err=True)
    if not quiet:
        d = manifest.get("dense")
        dense = f", dense {d['model']} (+{d['added']} −{d['removed']} vectors)" if d else ""
        typer.echo(f"search index: {manifest['count']} tasks{dense} ({manifest['build_seconds']} s)")


def _index_ready(settings) -> bool:
    return (settings.store / "index" / "manifest.json").exists()


@app.command()
def reindex(
    store: StoreOption = None,
    model: Annotated[str | None, typer.Option(help="Dense model name or path (env ZWGK_MODEL).")] = None,
) -> None:
    """Rebuild every search index from the graph (vectors from the embedding cache where it has them)."""
    from zwgk.search.service import rebuild_index
    from zwgk.workspace.consistency import writer_session

    settings = _settings(store, model=model)
    with writer_session(settings, repair_first=False) as session:
        manifest, note = rebuild_index(settings, fresh=True)
        session.done()
    if note:
        typer.echo(note, err=True)
    dense = f", dense {manifest['dense']['model']} ({manifest['dense']['kind']})" if manifest.get("dense") else ", no dense part"
    typer.echo(f"search index: {manifest['count']} tasks{dense} ({manifest['build_seconds']} s)")


@app.command()
def remove(
    files: Annotated[list[str], typer.Argument(help="Plans to drop: plan ids, file paths, or file names that name one plan.")],
    store: StoreOption = None,
) -> None:
    """Remove plans from the store (their graphs, and the shared entities no other plan names) and from the indexes."""
    from zwgk.graph.pipeline import remove_docs
    from zwgk.workspace.consistency import writer_session

    settings = _settings(store)
    with writer_session(settings) as session:
        _say_recovered(session.recovered)
        try:
            report = remove_docs(files, settings.store)
            for name in report.missing:
                typer.echo(f"zwgk: {name}: {report.reasons[name]}", err=True)
            for doc in report.removed:
                typer.echo(f"removed {doc}")
            typer.echo(f"{len(report.removed)} removed")
            if report.removed:
                _publish(session, report.changes, quiet=True)
            else:
                session.done()
        except KeyboardInterrupt:
            _interrupted(session)
    raise typer.Exit(1 if report.missing else 0)


@app.command()
def check(store: StoreOption = None) -> None:
    """Verify the store: every index file readable, and the search index equal to the graph (plans, versions, tasks).

    Exit 1 with one line per problem, each saying what to run (`zwgk repair`, `zwgk reindex`).
    """
    from zwgk.workspace.consistency import check as run_check

    result = run_check(_settings(store))
    for fact in result.facts:
        typer.echo(fact)
    for problem in result.problems:
        typer.echo(f"zwgk: {problem}", err=True)
    raise typer.Exit(0 if result.ok else 1)


@app.command()
def repair(store: StoreOption = None) -> None:
    """Finish what an interrupted ingest left: bring the search index in line with the graph."""
    from zwgk.workspace.consistency import repair as run_repair
    from zwgk.workspace.consistency import writer_session

    settings = _settings(store)
    with writer_session(settings, repair_first=False) as session:
        result = run_repair(settings)
        session.done()
    typer.echo(result.line())


@app.command()
def stats(store: StoreOption = None, json_out: Annotated[bool, typer.Option("--json", help="JSON for programs.")] = False) -> None:
    """Counts of plans, tasks, units, agencies, regions and triples, and one line per plan."""
    from zwgk.graph.pipeline import store_stats

    data = store_stats(_settings(store).store)
    if json_out:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    from zwgk.presentation.display import print_stats

    print_stats(data)


class SparqlFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"
    xml = "xml"


@app.command()
def sparql(
    query: Annotated[str, typer.Argument(help="A SPARQL query, or @file.rq. The zwgk prefixes are pre-bound.")],
    store: StoreOption = None,
    format: Annotated[SparqlFormat, typer.Option("--format", "-f", help="table for people; SPARQL 1.1 JSON/CSV/TSV/XML results for programs.")] = SparqlFormat.table,
) -> None:
    """Run a SPARQL query over every graph in the store."""
    from zwgk.graph.sparql import read_query, run_query, update_keyword

    try:
        text = read_query(query)
    except OSError as exc:
        typer.echo(f"zwgk: {query[1:]}: {exc.strerror}", err=True)
        raise typer.Exit(2) from exc
    except UnicodeDecodeError as exc:
        typer.echo(f"zwgk: {query[1:]}: not UTF-8 text", err=True)
        raise typer.Exit(2) from exc
    operation = update_keyword(text)
    if operation:
        typer.echo(f"zwgk: the store is read-only from `zwgk sparql` ({operation} is SPARQL Update): change data with "
                   "`zwgk ingest FILE…` and `zwgk remove FILE…` (the graph is built from the plan files), or export it "
                   "(`zwgk export -f nq`) into a SPARQL server of your own", err=True)
        raise typer.Exit(1)
    db = _open(store)
    try:
        output = run_query(db, text, format.value)
    except (SyntaxError, OSError, ValueError) as exc:
        typer.echo(f"zwgk: query failed: {str(exc).splitlines()[0]}", err=True)
        raise typer.Exit(1) from exc
    finally:
        db.close()
    if output.payload:
        text = output.payload.decode("utf-8")
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    elif output.kind == "ask":
        typer.echo("true" if output.boolean else "false")
    else:
        from zwgk.presentation.display import print_rows

        print_rows(output.variables, output.rows)


Region = Annotated[str | None, typer.Option(help="Only this region and everything within it (广州市, 安徽省, 泗县).")]
Issuer = Annotated[str | None, typer.Option(help="Only plans of this issuing agency.")]
Year = Annotated[int | None, typer.Option(help="Only plans of this year.")]
Unit = Annotated[str | None, typer.Option(help="Only tasks naming this unit.")]
Topic = Annotated[str | None, typer.Option(help="Only tasks classified under this topic (e.g. 政策解读).")]
Domain = Annotated[str | None, typer.Option(help="Only tasks in this 公开领域.")]
DueBefore = Annotated[str | None, typer.Option("--due-before", help="Only tasks due on or before this ISO date.")]
DueAfter = Annotated[str | None, typer.Option("--due-after", help="Only tasks due on or after this ISO date.")]
Top = Annotated[int | None, typer.Option("--top", "-k", help="How many hits (env ZWGK_TOP_K, default 10).")]
Model = Annotated[str | None, typer.Option("--model", help="Dense model name or local path (env ZWGK_MODEL).")]
Ongoing = Annotated[bool | None, typer.Option("--ongoing/--not-ongoing", help="Only tasks marked 持续推进 (no end date), or only the others.")]
Doc = Annotated[str | None, typer.Option("--doc", help="Only this plan: its file name (sixian-edu-2022.txt) or name without suffix.")]
JsonOut = Annotated[bool, typer.Option("--json", help="JSON for programs.")]


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


Output = Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: stdout; xlsx needs a file when stdout is a terminal).")]


def _write(data: bytes, output: Path | None, binary: bool = False) -> None:
    """Write to the file, or to stdout unless that would print a binary file on a terminal."""
    if output:
        _check_writable(output)
        try:
            output.write_bytes(data)
        except OSError as exc:
            typer.echo(f"zwgk: {output}: {exc.strerror}", err=True)
            raise typer.Exit(1) from exc
        typer.echo(f"wrote {output} ({len(data):,} bytes)", err=True)
    elif binary and sys.stdout.isatty():
        typer.echo("zwgk: xlsx is a binary file: give -o FILE.xlsx", err=True)
        raise typer.Exit(2)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


def _table_corpus(store: Path | None, filters):
    from zwgk.analysis.corpus import load_corpus

    db = _open(store)
    try:
        return load_corpus(db, filters)
    finally:
        db.close()


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="ttl/nq/trig/jsonld: the RDF; csv/xlsx/jsonl/ics: the tasks; graphml/gexf: a graph for Gephi.")] = ExportFormat.ttl,
    output: Output = None,
    graph: Annotated[GraphKind, typer.Option("--graph", help="With graphml/gexf: tasks (plans, tasks, units, agencies, regions) or an analysis graph.")] = GraphKind.tasks,
    region: Region = None, issuer: Issuer = None, year: Year = None, unit: Unit = None, topic: Topic = None,
    domain: Domain = None, due_before: DueBefore = None, due_after: DueAfter = None, ongoing: Ongoing = None,
    doc: Doc = None, store: StoreOption = None,
) -> None:
    """Export the store: RDF, the task table (csv with BOM, xlsx, jsonl, ics) or a graph (GraphML/GEXF).

    Tables and graphs take every filter; RDF takes those that choose whole plans (region, issuer, year, doc).
    """
    from zwgk.graph.export import (
        PLAN_FILTERS,
        TABLE_FORMATS,
        export_graph,
        export_rdf,
        export_store,
        export_table,
        plan_graphs,
    )

    filters = _filters(region, issuer, year, unit, topic, domain, due_before, due_after, ongoing, doc)
    fmt = format.value
    rdf = fmt in ("ttl", "nq", "trig", "jsonld")
    task_level = [k for k in filters.active() if k not in PLAN_FILTERS]
    if rdf and task_level:
        typer.echo(f"zwgk: {fmt} exports whole plan graphs: filter by --region/--issuer/--year/--doc, not "
                   f"{', '.join('--' + k.replace('_', '-') for k in task_level)}; filter tasks with -f csv/xlsx/jsonl, "
                   "or select triples with zwgk sparql CONSTRUCT", err=True)
        raise typer.Exit(2)
    if fmt in TABLE_FORMATS:
        data = export_table(_table_corpus(store, filters), fmt, **_calendar_name(fmt, filters))
    else:
        db = _open(store)
        try:
            if rdf:
                data = export_rdf(db, fmt, plan_graphs(db, filters) if filters.active() else None)
            else:
                data = export_graph(db, graph.value, fmt, filters) if fmt in ("graphml", "gexf") else export_store(db, fmt)
        finally:
            db.close()
    _write(data, output, binary=fmt == "xlsx")


def _calendar_name(fmt: str, filters) -> dict:
    if fmt != "ics":
        return {}
    parts = [str(v) for k, v in filters.active().items() if k in ("region", "issuer", "doc", "unit", "year", "topic")]
    return {"name": "政务公开任务完成时限" + (f"（{' '.join(parts)}）" if parts else "")}


class TasksFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"
    ics = "ics"


@app.command()
def tasks(
    format: Annotated[TasksFormat, typer.Option("--format", "-f", help="jsonl (the task contract), csv (with BOM, for Excel/WPS), xlsx or ics.")] = TasksFormat.jsonl,
    region: Region = None, issuer: Issuer = None, year: Year = None, unit: Unit = None, topic: Topic = None,
    domain: Domain = None, due_before: DueBefore = None, due_after: DueAfter = None, ongoing: Ongoing = None,
    doc: Doc = None, output: Output = None, store: StoreOption = None,
) -> None:
    """The tasks in the store that pass the filters (default: all), in the task contract or as a table."""
    from zwgk.graph.export import export_table

    filters = _filters(region, issuer, year, unit, topic, domain, due_before, due_after, ongoing, doc)
    data = export_table(_table_corpus(store, filters), format.value, **_calendar_name(format.value, filters))
    _write(data, output, binary=format is TasksFormat.xlsx)


class DueFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"
    ics = "ics"


@app.command()
def due(
    within: Annotated[str | None, typer.Option("--within", help="Tasks with a date from today to today + this window (30d, 2w, 3m).")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Tasks whose every date has passed (the plans carry no completion status).")] = False,
    today: Annotated[str | None, typer.Option("--today", help="Count from this ISO date instead of today.")] = None,
    format: Annotated[DueFormat, typer.Option("--format", "-f", help="table for people; jsonl/csv/xlsx/ics of the same tasks.")] = DueFormat.table,
    region: Region = None, issuer: Issuer = None, year: Year = None, unit: Unit = None, topic: Topic = None,
    domain: Domain = None, doc: Doc = None, output: Output = None, store: StoreOption = None,
) -> None:
    """What is due: dated tasks soonest first (with --within and/or --overdue, only those), with units and days left."""
    from dataclasses import replace
    from datetime import date

    from zwgk.analysis.due import due_tasks, parse_window
    from zwgk.graph.export import export_table
    from zwgk.model.filters import parse_date

    try:
        days = parse_window(within) if within is not None else None
        start = parse_date(today, "--today") if today else date.today()
    except ValueError as exc:
        typer.echo(f"zwgk: {exc}", err=True)
        raise typer.Exit(2) from exc
    corpus = _table_corpus(store, _filters(region, issuer, year, unit, topic, domain, None, None, None, doc))
    listed = due_tasks(corpus.tasks, start, within=days, overdue=overdue)
    if format is DueFormat.table:
        from zwgk.presentation.display import print_due

        print_due(listed, start)
        return
    chosen = replace(corpus, tasks=[d.record for d in listed])
    _write(export_table(chosen, format.value, **_calendar_name(format.value, corpus.filters)), output,
           binary=format is DueFormat.xlsx)


@app.command()
def validate(store: StoreOption = None) -> None:
    """Check the store against shapes.ttl (SHACL). Exit 1 when it does not conform."""
    from zwgk.graph.validate import validate_store

    db = _open(store)
    try:
        report = validate_store(db)
    finally:
        db.close()
    if report.conforms:
        typer.echo("conforms: every plan, task and responsibility satisfies shapes.ttl")
        return
    typer.echo(report.text)
    typer.echo(f"{report.violations} violations", err=True)
    raise typer.Exit(1)


def _filters(region, issuer, year, unit, topic, domain, due_before, due_after, ongoing=None, doc=None):
    """The filter flags as one Filters; a date that is not a real YYYY-MM-DD is refused (exit 2) with the reason."""
    from zwgk.model.filters import BadDate, Filters

    try:
        return Filters(region=region, issuer=issuer, year=year, unit=unit, topic=topic, domain=domain,
                       due_before=due_before, due_after=due_after, ongoing=ongoing, doc=doc)
    except BadDate as exc:
        typer.echo(f"zwgk: {exc}", err=True)
        raise typer.Exit(2) from exc


def _searcher(store: Path | None, model: str | None, top: int | None = None):
    from zwgk.search.service import open_searcher
    from zwgk.workspace.consistency import repair_if_interrupted

    settings = _settings(store, model=model, top_k=top)
    if not (settings.store / "index" / "manifest.json").exists() and not (settings.store / "store.json").exists():
        typer.echo(f"zwgk: no store at {settings.store} yet: `zwgk ingest FILES --store {settings.store}` creates it",
                   err=True)
        raise typer.Exit(1)
    _say_recovered(repair_if_interrupted(settings))
    return open_searcher(settings)




Full = Annotated[bool, typer.Option("--full", help="Print everything: every task and every unit's chain.")]


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="What to look for, e.g. 政务新媒体, IPv6 or 安徽省 依申请公开.")],
    region: Region = None, issuer: Issuer = None, year: Year = None, unit: Unit = None, topic: Topic = None,
    domain: Domain = None, due_before: DueBefore = None, due_after: DueAfter = None,
    top: Top = None, json_out: JsonOut = False, store: StoreOption = None, model: Model = None,
    literal: Annotated[bool, typer.Option("--literal", help="Search the words as typed: do not read regions, years, "
                                                            "文号 or deadlines in the query as filters.")] = False,
    full: Full = False,
) -> None:
    """Ranked tasks with plan, region, section, units and deadline, and why each matched.

    Regions, years, 文号 and deadlines written in the query filter like the flags (shown as inferred; --literal: off).
    """
    filters = _filters(region, issuer, year, unit, topic, domain, due_before, due_after)
    searcher = _searcher(store, model, top)
    result, inferred = searcher.search_text(query, filters, literal=literal)
    for note in result.notes:
        typer.echo(note, err=True)
    if json_out:
        payload = {"query": query, "searched": result.query, "inferred_filters": inferred, "tokens": result.tokens,
                   "concepts": [m.concept.label for m in result.concepts],
                   "hits": [{**h.record.to_json(), "score": round(h.score, 5),
                             "chain": [h.record.issuer, *reversed(h.record.region_chain)],
                             "why": h.why()} for h in result.hits]}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=1))
        return
    from zwgk.presentation.display import print_hits

    print_hits(result, inferred=inferred, full=full)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="A question, e.g. 谁负责依申请公开？ 计财科负责什么 石台县的方案有哪些任务")],
    region: Region = None, issuer: Issuer = None, year: Year = None, unit: Unit = None, topic: Topic = None,
    domain: Domain = None, due_before: DueBefore = None, due_after: DueAfter = None,
    top: Top = None, json_out: JsonOut = False, store: StoreOption = None, model: Model = None, full: Full = False,
) -> None:
    """Answer a question per plan and per task: units with roles and chains, deadlines, source lines, basis.

    Every task the question covers is listed (not only the best-scoring); a plan in view with nothing on the
    topic says 未提及 (`silent: true` in JSON).
    """
    from zwgk.search.ask import ask as answer_question

    filters = _filters(region, issuer, year, unit, topic, domain, due_before, due_after)
    searcher = _searcher(store, model, top)
    answer = answer_question(searcher, question, filters)
    for note in answer.notes:
        typer.echo(note, err=True)
    if json_out:
        typer.echo(json.dumps(answer.to_json(), ensure_ascii=False, indent=1))
        return
    from zwgk.presentation.display import print_answer

    print_answer(answer, full=full)


@app.command(name="eval")
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
        _fail_line(queries, getattr(exc, "strerror", None) or f"not judged queries in jsonl: {exc}")
        raise typer.Exit(1) from exc
    report = run_eval(_searcher(store, model), judged)
    if json_out:
        typer.echo(json.dumps({"summary": report.summary(), "queries": [q.__dict__ for q in report.queries]},
                              ensure_ascii=False, indent=1))
        return
    from zwgk.presentation.display import print_eval

    print_eval(report)


# -- cross-region analyses: thin commands over zwgk.graph.{compare,coverage,diffusion,workload,report} ----------

CsvOut = Annotated[bool, typer.Option("--csv", help="CSV for spreadsheets and programs.")]


def _corpus(store: Path | None, region, issuer, year, topic, domain):
    from zwgk.analysis.corpus import load_corpus

    db = _open(store)
    try:
        return load_corpus(db, _filters(region, issuer, year, None, topic, domain, None, None))
    finally:
        db.close()


def _emit(result: dict, json_out: bool, csv_out: bool, rows, show) -> None:
    """JSON, CSV (rows(result) → header, rows) or the rich rendering show(result)."""
    if json_out:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=1))
    elif csv_out:
        import csv

        header, body = rows(result)
        writer = csv.writer(sys.stdout)
        writer.writerow(header)
        writer.writerows(body)
    else:
        show(result)


@app.command()
def compare(
    what: Annotated[str, typer.Argument(metavar="TOPIC|QUERY", help="A topic or 公开领域 (any label: 依申请公开, 申请公开) or words the tasks must contain.")],
    region: Region = None, issuer: Issuer = None, year: Year = None, topic: Topic = None, domain: Domain = None,
    json_out: JsonOut = False, csv_out: CsvOut = False, store: StoreOption = None,
) -> None:
    """Who leads, is responsible for and cooperates on a topic in each plan, with task counts and deadlines."""
    from zwgk.analysis.compare import compare as run
    from zwgk.analysis.compare import compare_rows
    from zwgk.presentation.display import print_compare

    result = run(_corpus(store, region, issuer, year, topic, domain), what)
    if not result["tasks"]:
        typer.echo(f"zwgk: no task matches {what!r}", err=True)
    _emit(result, json_out, csv_out, compare_rows, print_compare)


@app.command()
def coverage(
    region: Region = None, issuer: Issuer = None, year: Year = None, topic: Topic = None, domain: Domain = None,
    peer_share: Annotated[float, typer.Option("--peer-share", help="A topic is a gap when more than this share of the other plans cover it.")] = 0.5,
    json_out: JsonOut = False, csv_out: CsvOut = False, store: StoreOption = None,
) -> None:
    """Plan × topic task counts; per plan the topics most peers cover and it lacks, and those its policy chain has."""
    from zwgk.analysis.coverage import coverage as run
    from zwgk.analysis.coverage import coverage_rows
    from zwgk.presentation.display import print_coverage

    _emit(run(_corpus(store, region, issuer, year, topic, domain), peer_share=peer_share), json_out, csv_out,
          coverage_rows, print_coverage)


@app.command()
def diffusion(
    region: Region = None, issuer: Issuer = None, year: Year = None, topic: Topic = None, domain: Domain = None,
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

    result = run(_corpus(store, region, issuer, year, topic, domain), threshold=threshold, min_chars=min_chars,
                 method="exact" if exact else "minhash")
    _emit(result, json_out, csv_out, diffusion_rows, lambda r: print_diffusion(r, top=top))


@app.command()
def units(
    region: Region = None, issuer: Issuer = None, year: Year = None, topic: Topic = None, domain: Domain = None,
    top: Annotated[int | None, typer.Option("--top", "-k", help="Units per plan and across plans (default: all; the table shows 15).")] = None,
    json_out: JsonOut = False, csv_out: CsvOut = False, store: StoreOption = None,
) -> None:
    """Unit workload and centrality in the unit–topic and plan–unit graphs, per plan and across plans (by function)."""
    from zwgk.analysis.workload import workload, workload_rows
    from zwgk.presentation.display import print_workload

    _emit(workload(_corpus(store, region, issuer, year, topic, domain), top=top), json_out, csv_out, workload_rows,
          lambda r: print_workload(r, top=top or 15))


@app.command()
def report(
    region: Region = None, issuer: Issuer = None, year: Year = None, topic: Topic = None, domain: Domain = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = Path("report.html"),
    topics: Annotated[int, typer.Option("--topics", help="How many main topics get a who-handles-what table.")] = 6,
    compare_topics: Annotated[list[str] | None, typer.Option("--compare", help="Give these topics the who-handles-what tables instead (repeatable).")] = None,
    groups: Annotated[int, typer.Option("--groups", help="How many diffusion groups to list.")] = 15,
    store: StoreOption = None,
) -> None:
    """One self-contained HTML report (charts, tables, map, embedded font) to open offline or send by mail."""
    from zwgk.presentation.report import write_report

    corpus = _corpus(store, region, issuer, year, topic, domain)
    if not corpus.plans:
        typer.echo("zwgk: no plans in the store match; nothing to report", err=True)
        raise typer.Exit(1)
    _check_writable(out)
    path = write_report(corpus, out, main_topics=compare_topics or topics, max_groups=groups)
    typer.echo(f"wrote {path} ({path.stat().st_size:,} bytes) · {len(corpus.plans)} plans · {len(corpus.tasks)} tasks")


def _check_writable(out: Path) -> None:
    """Say in one line, before any work, that an output file cannot be written where asked."""
    from zwgk.ingest.files import shown

    folder = out.parent if str(out.parent) else Path(".")
    if out.is_dir():
        reason = "is a folder; give a file name (e.g. report.html)"
    elif not folder.is_dir():
        reason = f"folder {shown(folder)} does not exist (create it first, or write elsewhere)"
    elif not os.access(folder, os.W_OK):
        reason = f"folder {shown(folder)} is not writable"
    else:
        return
    typer.echo(f"zwgk: cannot write {shown(out)}: {reason}", err=True)
    raise typer.Exit(1)


@app.command()
def version() -> None:
    """Print the zwgk version."""
    from zwgk import __version__

    typer.echo(__version__)


_DISK = {errno.ENOSPC: "no space left on the device", errno.EFBIG: "file too large for this system or user limit",
         errno.EDQUOT: "disk quota exceeded", errno.EROFS: "read-only file system"}


def os_error_line(exc: OSError) -> str:
    """An OSError that escaped a command (the disk, the store folder: the machine, not a bug) as one line."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    known = _DISK.get(exc.errno or 0) or next((v for k, v in (("No space left", _DISK[errno.ENOSPC]),
                                               ("File too large", _DISK[errno.EFBIG]),
                                               ("Disk quota", _DISK[errno.EDQUOT])) if k in text), None)
    if known:
        return (f"zwgk: cannot write: {known} ({text[:160]}); the run stopped, what was stored before stays "
                "stored; free space (or raise the limit) and run the command again")
    where = f" {exc.filename}" if exc.filename else ""
    return f"zwgk: {type(exc).__name__}{where}: {exc.strerror or text[:200]}"


def main() -> None:  # pragma: no cover - console entry point
    """The console script: commands, and one line instead of a traceback for errors of the machine."""
    try:
        app()
    except OSError as exc:
        typer.echo(os_error_line(exc), err=True)
        sys.exit(1)
