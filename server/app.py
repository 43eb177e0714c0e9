"""The ASGI application: routes, the loopback Host check and the query workers' lifetime.

Starlette (not FastAPI): the SPARQL protocol needs hand-made parsing and
content negotiation that a schema-driven framework would fight, the API is a
handful of routes whose JSON comes from the CLI's own functions, and the
OpenAPI description is written out in server/openapi.py. uvicorn runs it.
"""
from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from zwgk.server.config import ServerConfig, is_loopback
from zwgk.server.query_pool import QueryPool
from zwgk.server.sparql import SparqlEndpoint

if TYPE_CHECKING:
    from zwgk.workspace.workspace import Workspace

__all__ = ["create_app"]

_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}


class LoopbackHosts:
    """While bound to loopback, answer only requests addressed to a loopback name: a web page that
    rebinds its own host name to 127.0.0.1 (DNS rebinding) then cannot read the store."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = dict(scope.get("headers") or [])
            host = headers.get(b"host", b"").decode("latin-1").lower()
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name not in _LOCAL_HOSTS:
                from zwgk.server.request_io import error

                await error(421, f"this server answers to localhost / 127.0.0.1 only, not to Host {host[:100]!r}")(
                    scope, receive, send)
                return
        await self.app(scope, receive, send)


Hook = Callable[[Starlette], Awaitable[None]]


def create_app(config: ServerConfig, workspace: Workspace | None = None, on_start: list[Hook] | None = None) -> ASGIApp:
    """The whole server for `config`: the SPARQL endpoints, the API and the page over one Workspace."""
    from zwgk.server.page import routes
    from zwgk.workspace.workspace import Workspace

    ws = workspace or Workspace.open(config.store)
    updater = _updater(ws) if config.allow_update else None
    pool = QueryPool(config.store, size=config.query_workers, timeout=config.timeout,
                     memory_mb=config.worker_memory_mb)
    endpoint = SparqlEndpoint(config, pool, updater)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[MutableMapping[str, Any]]:
        await pool.start()
        for hook in on_start or []:
            await hook(app)
        try:
            yield {}
        finally:
            pool.close()

    all_routes: list[BaseRoute] = [
        Route("/sparql", endpoint.sparql, methods=["GET", "POST", "OPTIONS", "PUT", "DELETE", "PATCH"]),
        Route("/rdf-graphs", endpoint.graphs, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
        *routes(ws),
    ]
    app = Starlette(routes=all_routes, lifespan=lifespan)
    app.state.config = config
    app.state.pool = pool
    app.state.sparql = endpoint
    app.state.workspace = ws
    return LoopbackHosts(app) if is_loopback(config.host) else app


def _updater(ws: Workspace) -> Callable[[str], Awaitable[str]]:
    """SPARQL Update under the writer lock, then the search index rebuilt from the changed graph."""
    from starlette.concurrency import run_in_threadpool

    def apply(text: str) -> str:
        return ws.update(text).line()

    async def run(text: str) -> str:
        return await run_in_threadpool(apply, text)
    return run
