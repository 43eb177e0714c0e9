"""zwgk command line: a thin typer layer over the library API.

Each command parses its arguments, calls one library function and prints.
Heavy imports happen inside the commands that need them, so `zwgk --help`
and `zwgk parse` start fast.
"""
from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="zwgk — 政务公开 task plans: parse, graph, search.", no_args_is_help=True,
                  pretty_exceptions_enable=False, add_completion=False)


class ParseFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    json = "json"


def _fail_line(path: Path, reason: object) -> None:
    typer.echo(f"zwgk: {path}: {getattr(reason, 'reason', reason)}", err=True)


@app.command()
def parse(
    files: Annotated[list[Path], typer.Argument(help="Plan files to parse (nothing is stored).")],
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
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            plans.append(result)
    if format is ParseFormat.json:
        payload = [{"plan": plan_record(p), "tasks": task_records(p)} for p in plans]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    elif format is ParseFormat.table:
        from zwgk.display import print_plans

        print_plans(plans)
    raise typer.Exit(1 if failed else 0)


@app.command()
def version() -> None:
    """Print the zwgk version."""
    from zwgk import __version__

    typer.echo(__version__)


def main() -> None:  # pragma: no cover - console entry point
    app()
