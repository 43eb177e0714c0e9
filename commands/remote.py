"""`zwgk push` / `zwgk pull`: the graph between the embedded store and a SPARQL 1.1 server (graph/transfer.py)."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from zwgk.commands.common import StoreOption, settings_for, workspace

if TYPE_CHECKING:
    from zwgk.graph.transfer import TransferReport
    from zwgk.settings import Settings

__all__ = ["push", "pull"]

IndexOption = Annotated[Path | None, typer.Option("--index", help="Local folder of the server's search index (env ZWGK_INDEX).")]
UpdateOption = Annotated[str | None, typer.Option("--update-endpoint", help="The server's SPARQL Update endpoint, "
                                                  "if not the query endpoint (env ZWGK_UPDATE_ENDPOINT).")]
GspOption = Annotated[str | None, typer.Option("--gsp-endpoint", help="The server's Graph Store endpoint "
                                               "(env ZWGK_GSP_ENDPOINT; Virtuoso's is found by itself).")]


def _server(location: str, flag: str, index: Path | None, update: str | None, gsp: str | None) -> Settings:
    from zwgk.graph.binding import bind_settings

    settings = settings_for(location, index=index, update_endpoint=update, gsp_endpoint=gsp)  # type: ignore[arg-type]
    if not settings.remote:
        typer.echo(f"zwgk: {flag} must name a SPARQL server (sparql+http://HOST:PORT/PATH), not {location}", err=True)
        raise typer.Exit(2)
    bind_settings(settings)
    return settings


def _line(verb: str, report: TransferReport, where: str) -> str:
    rate = f", {report.triples_per_second:,.0f} triples/s" if report.seconds else ""
    return (f"{verb} {report.plans} plans ({report.graphs} graphs, {report.triples:,} triples) {where} in "
            f"{report.seconds:.1f} s{rate}")


def _reindexed(store: Path) -> str:
    index, _ = workspace(store).reindex()
    return f"search index in {store / 'index'}: {index.count} tasks"


def push(
    to: Annotated[str, typer.Option("--to", help="The SPARQL server: sparql+http://HOST:PORT/PATH (credentials "
                                    "from ZWGK_SPARQL_USER / ZWGK_SPARQL_PASSWORD).")],
    store: StoreOption = None, index: IndexOption = None, update_endpoint: UpdateOption = None,
    gsp_endpoint: GspOption = None,
    jobs: Annotated[int, typer.Option(help="Graphs in flight at once.")] = 2,
) -> None:
    """Copy the local store's graph to a SPARQL 1.1 server (one Graph Store request per graph, each counted),
    then build the server's search index in its --index folder."""
    from zwgk.graph.transfer import push as push_graphs

    local = settings_for(store)
    remote = _server(to, "--to", index, update_endpoint, gsp_endpoint)
    report = push_graphs(local.store, remote.store, jobs=jobs)
    for graph, reason in report.failed:
        typer.echo(f"zwgk: {graph}: {reason}", err=True)
    typer.echo(_line("pushed", report, f"to sparql+{remote.remote}"))
    typer.echo(_reindexed(remote.store))
    raise typer.Exit(1 if report.failed else 0)


def pull(
    from_: Annotated[str, typer.Option("--from", help="The SPARQL server: sparql+http://HOST:PORT/PATH.")],
    store: StoreOption = None, index: IndexOption = None, update_endpoint: UpdateOption = None,
    gsp_endpoint: GspOption = None,
) -> None:
    """Copy a SPARQL server's zwgk graphs into the local store (plans replace their namesakes, shared entities
    merge), then rebuild the local search index."""
    from zwgk.graph.transfer import pull as pull_graphs

    local = settings_for(store)
    remote = _server(from_, "--from", index, update_endpoint, gsp_endpoint)
    report = pull_graphs(remote.store, local.store)
    typer.echo(_line("pulled", report, f"from sparql+{remote.remote} into {local.store}"))
    typer.echo(_reindexed(local.store))
