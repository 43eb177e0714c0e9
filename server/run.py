"""Running the app under uvicorn: in the foreground for `zwgk serve`, in a thread for tests and bench/."""
from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

__all__ = ["serve", "background", "bind"]


def bind(host: str, port: int) -> socket.socket:
    """A listening socket (port 0: a free one), made before uvicorn starts so the caller knows the port."""
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    # proto named explicitly: asyncio sets TCP_NODELAY on accepted connections only when the listening socket
    # says IPPROTO_TCP; with proto 0 every keep-alive response waited ~40 ms for a delayed ACK (Nagle).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host.strip("[]"), port))
    sock.listen(256)
    sock.set_inheritable(True)
    return sock


def _server(app: Any, log_level: str) -> Any:
    import uvicorn

    class Server(uvicorn.Server):
        """Remembers the signal that stopped it: uvicorn raises it again once shut down, but asyncio may
        swallow that second Ctrl-C when the serving task ends first (seen under load: exit 0, not 130)."""

        stopped_by: int | None = None

        def handle_exit(self, sig: int, frame: Any) -> None:
            self.stopped_by = self.stopped_by or sig
            super().handle_exit(sig, frame)

    config = uvicorn.Config(app, log_level=log_level, access_log=False, lifespan="on", timeout_keep_alive=30,
                            limit_concurrency=512, h11_max_incomplete_event_size=64 * 1024)
    return Server(config)


def serve(app: Any, sock: socket.socket, log_level: str = "warning") -> int:
    """Serve until Ctrl-C (uvicorn handles the signal and shuts the app down, workers included).

    The exit status: 128 + the signal that stopped it (130 for Ctrl-C), as for an interrupted ingest.
    """
    server = _server(app, log_level)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        return 130
    return 128 + server.stopped_by if server.stopped_by else 0


@contextlib.contextmanager
def background(app: Any, host: str = "127.0.0.1") -> Iterator[str]:
    """The app served from a thread on a free loopback port; yields its base URL and stops it on exit."""
    sock = bind(host, 0)
    port = sock.getsockname()[1]
    server = _server(app, "warning")
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name="zwgk-serve")
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()


def main(store: Any, host: str = "127.0.0.1", port: int = 8000, allow_update: bool = False, timeout: float = 30.0,
         echo: Any = print) -> int:
    """`zwgk serve`: check the store, bind, say where, serve until Ctrl-C. The exit status."""
    import sys

    from zwgk.server.app import create_app
    from zwgk.server.config import ServerConfig, is_loopback
    from zwgk.workspace.workspace import Workspace

    ws = Workspace.open(store)
    path = ws.path
    if not ws.exists():
        echo(f"zwgk: no store at {path} yet: `zwgk ingest FILES --store {path}` creates it", file=sys.stderr)
        return 1
    if not 0 <= port <= 65535 or timeout <= 0:
        echo("zwgk: --port is 0–65535 and --timeout a positive number of seconds", file=sys.stderr)
        return 2
    try:
        sock = bind(host, port)
    except OSError as exc:
        echo(f"zwgk: cannot listen on {host}:{port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if not is_loopback(host):
        echo(f"zwgk: warning: {host} is reachable from other machines; the page, the API and /sparql have no "
             "login" + (", and --allow-update lets anyone who reaches them change the store" if allow_update else ""),
             file=sys.stderr)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{sock.getsockname()[1]}"
    config = ServerConfig(store=path, host=host, port=port, allow_update=allow_update, timeout=timeout)
    echo(f"zwgk: serving {path} at {url}/ (SPARQL {url}/sparql, API {url}/api/openapi.json"
         + (", SPARQL Update allowed" if allow_update else "") + "); Ctrl-C stops")
    return serve(create_app(config, ws), sock)
