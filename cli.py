"""zwgk command line: a thin typer layer over the library API."""
from __future__ import annotations

import typer

app = typer.Typer(help="政务公开 task plans: parse, graph, search.", no_args_is_help=True)


@app.command()
def version() -> None:
    """Print the zwgk version."""
    from zwgk import __version__

    typer.echo(__version__)
