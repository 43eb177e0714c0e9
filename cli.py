"""zwgk command line: typer command groups (commands/) over the library API (`zwgk.workspace.Workspace`).

This module assembles the app: the commands are listed here in the order
`zwgk --help` shows them; each lives in the group it belongs to (store admin,
queries, exports, analyses). Heavy imports happen inside the commands that
need them, so `zwgk --help` and `zwgk parse` start fast.
"""
from __future__ import annotations

import errno
import gc
import sys
from collections.abc import Callable
from typing import Any

import typer
from typer.core import TyperGroup

from zwgk.commands import analysis, export, query, remote, serve, store
from zwgk.errors import UserError

__all__ = ["app", "main", "os_error_line"]


class _OneLineErrors(TyperGroup):
    """A busy, missing or damaged store or index is one line on stderr and exit 1, never a traceback."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except UserError as exc:
            typer.echo(f"zwgk: {exc}", err=True)
            ctx.exit(1)


app = typer.Typer(help="zwgk — 政务公开 task plans: parse, graph, search.", no_args_is_help=True,
                  pretty_exceptions_enable=False, add_completion=False, cls=_OneLineErrors)

#: In the order `zwgk --help` lists them (the order they were written in, kept for people used to it).
COMMANDS: list[tuple[str, Callable[..., Any]]] = [
    ("parse", store.parse), ("ingest", store.ingest), ("reindex", store.reindex), ("remove", store.remove),
    ("check", store.check), ("repair", store.repair), ("stats", store.stats), ("sparql", query.sparql),
    ("export", export.export), ("tasks", query.tasks), ("due", analysis.due), ("validate", store.validate),
    ("search", query.search), ("ask", query.ask), ("eval", query.evaluate), ("compare", analysis.compare),
    ("coverage", analysis.coverage), ("diffusion", analysis.diffusion), ("units", analysis.units),
    ("report", analysis.report), ("serve", serve.serve), ("push", remote.push), ("pull", remote.pull),
]
for name, command in COMMANDS:
    app.command(name=name)(command)


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
    """The console script: commands, and one line instead of a traceback for errors of the machine.

    What the startup imports made lives as long as the process: frozen out of the cyclic collector, it is not
    traversed again by every collection a command's own allocations set off (a cold `zwgk ask`: 20–40 ms,
    a tenth of it). Objects made later are collected as usual.
    """
    gc.freeze()
    try:
        app()
    except OSError as exc:
        typer.echo(os_error_line(exc), err=True)
        sys.exit(1)
