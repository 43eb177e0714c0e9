"""`zwgk serve`: the SPARQL 1.1 endpoint, the search API and the web page over the store (server/).

Starlette and uvicorn are imported only when the command runs, so `zwgk --help` stays light.
"""
from __future__ import annotations

from typing import Annotated

import typer

from zwgk.commands.common import StoreOption

__all__ = ["serve"]


def serve(
    store: StoreOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on. Loopback by default; anything else is "
                                           "reachable from other machines (a warning says so).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on (0: any free port).")] = 8000,
    allow_update: Annotated[bool, typer.Option("--allow-update", help="Accept SPARQL Update at /sparql (from this "
                                                                      "server's own pages only); the search index is "
                                                                      "rebuilt after each.")] = False,
    timeout: Annotated[float, typer.Option(help="Seconds a SPARQL query may run before it is stopped (503).")] = 30.0,
) -> None:
    """Serve the store: the web page at /, SPARQL 1.1 at /sparql, the search API at /api/ (Ctrl-C stops)."""
    from zwgk.commands.common import settings_for
    from zwgk.server.run import main

    settings = settings_for(store)

    def echo(message: str, file: object = None) -> None:
        typer.echo(message, err=file is not None)

    raise typer.Exit(main(settings.store, host=host, port=port, allow_update=allow_update, timeout=timeout, echo=echo))
