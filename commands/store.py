"""Commands that read files or change the store: parse, ingest, remove, reindex, check, repair, stats, validate.

Each is a thin layer over `Workspace`: it turns flags into arguments, calls one
method and prints what came back. The store's lifecycle (the writer lock,
index publishing, repair after a crash) is the Workspace's, not theirs.
"""
from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from zwgk.commands.common import StoreOption, fail_line, settings_for, workspace

if TYPE_CHECKING:
    from zwgk.graph.pipeline import IngestReport
    from zwgk.workspace.results import IndexSummary, Interrupted

__all__ = ["parse", "ingest", "reindex", "remove", "check", "repair", "stats", "validate"]


class ParseFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    json = "json"


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

    settings_for()  # the resource bounds (ZWGK_MAX_*) apply to parse too
    overrides = Overrides(issuer=issuer, region=region, year=year)
    failed = 0
    plans = []
    for path, result in parse_files(files, overrides):
        if isinstance(result, Exception):
            failed += 1
            fail_line(path, result)
            continue
        if format is ParseFormat.jsonl:
            for record in task_records(result):
                sys.stdout.write(json.dumps(record.to_json(), ensure_ascii=False) + "\n")
        else:
            plans.append(result)
    if format is ParseFormat.json:
        from zwgk.ingest.records import task_record
        from zwgk.vocabulary.classify import task_concepts

        payload = [{"plan": plan_record(p).to_parse_json(),
                    "tasks": [task_record(p, t, i, *concepts).to_json() for i, (t, concepts)
                              in enumerate(zip(p.tasks, task_concepts(p), strict=True))]}
                   for p in plans]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    elif format is ParseFormat.table:
        from zwgk.presentation.display import print_plans

        print_plans(plans)
    raise typer.Exit(1 if failed else 0)


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

    from zwgk.graph.sources import PlanIdError
    from zwgk.ingest.parser import Overrides
    from zwgk.workspace.results import Interrupted

    ws = workspace(store)
    try:  # Ctrl-C anywhere in here: the plan being written is whole or absent; the index follows the graph
        with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
            bar = progress.add_task("ingest", total=None)
            result = ws.ingest(paths, Overrides(issuer=issuer, region=region, year=year), sync=sync, plan_id=plan_id,
                               jobs=jobs, on_file=lambda path, status: progress.update(bar, advance=1, description=path.name),
                               on_stored=lambda stored: _print_ingest(stored.report, ws.path, sync))
    except Interrupted as stop:
        _interrupted(stop)
    except PlanIdError as exc:  # --id with several files: nothing was written
        typer.echo(f"zwgk: {exc}", err=True)
        raise typer.Exit(2) from None
    _print_index(result.index, result.notes)
    if result.report.compacted_seconds is not None:
        typer.echo(f"graph compacted after the bulk load ({result.report.compacted_seconds} s): "
                   "joins and group-bys read it several times faster")
    raise typer.Exit(1 if result.failed else 0)


def _print_ingest(report: IngestReport, store: Path, sync: bool) -> None:
    """One line per file that was not simply added (with its reason), then the counts."""
    plain_unchanged = 0
    for r in report.results:
        if r.status == "failed":
            fail_line(Path(r.path), r.reason)
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


def _print_index(index: IndexSummary | None, notes: list[str], quiet: bool = False) -> None:
    for note in notes:
        typer.echo(note, err=True)
    if index is None or quiet:
        return
    d = index.dense
    dense = f", dense {d.model} (+{d.added} −{d.removed} vectors)" if d else ""
    typer.echo(f"search index: {index.count} tasks{dense} ({index.build_seconds} s)")


def _interrupted(stop: Interrupted) -> None:
    """Ctrl-C: the plan being written was committed whole or not at all; the index follows the graph."""
    stored, gone, fixed = stop.stored, stop.gone, stop.fixed
    what = f"{len(stored)} plans stored or replaced by this run" + (f" ({', '.join(stored[:5])}"
                                                                     + (", …)" if len(stored) > 5 else ")") if stored else "")
    if gone:
        what += f", {len(gone)} removed"
    typer.echo(f"zwgk: interrupted: {what}; the rest was not ingested; graph and search index agree "
               f"({fixed.plans} plans, {fixed.tasks} tasks)", err=True)
    raise typer.Exit(130)


def reindex(
    store: StoreOption = None,
    model: Annotated[str | None, typer.Option(help="Dense model name or path (env ZWGK_MODEL).")] = None,
) -> None:
    """Rebuild every search index from the graph (vectors from the embedding cache where it has them)."""
    index, note = workspace(store, model=model).reindex()
    if note:
        typer.echo(note, err=True)
    dense = f", dense {index.dense.model} ({index.dense.kind})" if index.dense else ", no dense part"
    typer.echo(f"search index: {index.count} tasks{dense} ({index.build_seconds} s)")


def remove(
    files: Annotated[list[str], typer.Argument(help="Plans to drop: plan ids, file paths, or file names that name one plan.")],
    store: StoreOption = None,
) -> None:
    """Remove plans from the store (their graphs, and the shared entities no other plan names) and from the indexes."""
    from zwgk.workspace.results import Interrupted

    try:
        result = workspace(store).remove(files)
    except Interrupted as stop:
        _interrupted(stop)
    for name in result.missing:
        typer.echo(f"zwgk: {name}: {result.reasons[name]}", err=True)
    for doc in result.removed:
        typer.echo(f"removed {doc}")
    typer.echo(f"{len(result.removed)} removed")
    _print_index(result.index, result.notes, quiet=True)
    raise typer.Exit(1 if result.missing else 0)


def check(store: StoreOption = None) -> None:
    """Verify the store: every index file readable, and the search index equal to the graph (plans, versions, tasks).

    Exit 1 with one line per problem, each saying what to run (`zwgk repair`, `zwgk reindex`).
    """
    result = workspace(store).check()
    for fact in result.facts:
        typer.echo(fact)
    for problem in result.problems:
        typer.echo(f"zwgk: {problem}", err=True)
    raise typer.Exit(0 if result.ok else 1)


def repair(store: StoreOption = None) -> None:
    """Finish what an interrupted ingest left: bring the search index in line with the graph."""
    typer.echo(workspace(store).repair().line())


def stats(store: StoreOption = None, json_out: Annotated[bool, typer.Option("--json", help="JSON for programs.")] = False) -> None:
    """Counts of plans, tasks, units, agencies, regions and triples, and one line per plan."""
    data = workspace(store).stats().to_json()
    if json_out:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    from zwgk.presentation.display import print_stats

    print_stats(data)


def validate(store: StoreOption = None) -> None:
    """Check the store against shapes.ttl (SHACL), plan graphs a batch at a time on all cores. Exit 1 when it
    does not conform."""
    from rich.progress import Progress

    with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
        bar = progress.add_task("validate", total=None)
        report = workspace(store).validate(lambda done, total: progress.update(bar, completed=done, total=total))
    if report.conforms:
        typer.echo("conforms: every plan, task and responsibility satisfies shapes.ttl")
        return
    typer.echo(report.text)
    typer.echo(f"{report.violations} violations", err=True)
    raise typer.Exit(1)
