"""The process a SPARQL query runs in: Oxigraph cannot cancel a query, so a query past its time is
ended by killing the process it runs in (server/query_pool.py), never by leaving a thread spinning.

Each worker opens the store read-only and reopens it when the files under
store/graph changed (an ingest wrote: a read-only Oxigraph sees the data of the
moment it was opened). A request is a `QueryRequest`; the answer is a
`QueryAnswer` with the serialised bytes or an HTTP status and one line saying
what went wrong.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["QueryRequest", "QueryAnswer", "worker_main", "graph_signature"]


@dataclass(frozen=True)
class QueryRequest:
    query: str
    accept: list[str] = field(default_factory=list)
    format_param: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_bytes: int = 64 * 1024 * 1024


@dataclass(frozen=True)
class QueryAnswer:
    status: int
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    kind: str = ""  # select | ask | graph when status is 200
    message: str = ""  # the one-line reason when status is not 200


class ResultTooLarge(Exception):
    """Raised from inside Oxigraph's serialiser once the output passes the cap (it stops the query too)."""


class _CappedBuffer:
    """A binary sink that refuses to grow past `limit` bytes."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise ResultTooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def graph_signature(store: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and change times of the store's files: different after any write by another process."""
    entries = []
    for folder in (store, store / "graph"):
        try:
            with os.scandir(folder) as it:
                for entry in it:
                    if entry.is_file(follow_symlinks=False):
                        st = entry.stat(follow_symlinks=False)
                        entries.append((entry.path, st.st_size, st.st_mtime_ns))
        except OSError:
            continue
    return tuple(sorted(entries))


class _Session:
    """The worker's read-only store, reopened when its files changed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.store: Any = None
        self.signature: tuple[tuple[str, int, int], ...] = ()

    def current(self) -> Any:
        from zwgk.graph.store import open_store

        signature = graph_signature(self.path)
        if self.store is None or signature != self.signature:
            if self.store is not None:
                self.store.close()
                self.store = None
            self.store = open_store(self.path, read_only=True)
            self.signature = signature
        return self.store


def answer(session: _Session, request: QueryRequest) -> QueryAnswer:
    """Run one query and serialise it as the client asked; every failure is a status and one line."""
    import pyoxigraph as ox

    from zwgk.errors import UserError
    from zwgk.graph.sparql import GRAPH_FORMATS, RESULT_FORMATS, evaluate, result_kind
    from zwgk.server.negotiation import choose, content_type

    try:
        store = session.current()
    except UserError as exc:
        return QueryAnswer(503, message=f"the store cannot be read: {exc}")
    try:
        result = evaluate(store, request.query, request.default_graphs, request.named_graphs)
        kind = result_kind(result)
        name = choose(kind, request.accept, request.format_param)
        if kind == "graph":
            fmt: Any = getattr(ox.RdfFormat, GRAPH_FORMATS[name])
        else:
            fmt = getattr(ox.QueryResultsFormat, RESULT_FORMATS[name])
        sink = _CappedBuffer(request.max_bytes)
        result.serialize(sink, format=fmt)
        return QueryAnswer(200, sink.getvalue(), content_type(name), kind)
    except SyntaxError as exc:
        return QueryAnswer(400, message="query syntax " + _one_line(exc))
    except ResultTooLarge:
        cap = request.max_bytes / 1024 / 1024
        return QueryAnswer(400, message=f"the result is larger than {cap:g} MB, the server's cap "
                                        "(zwgk serve --max-result-mb): add LIMIT or narrow the query")
    except ValueError as exc:
        return QueryAnswer(400, message="query failed: " + _one_line(exc))
    except OSError as exc:
        session.store = None  # reopen next time: the files may have moved under us
        return QueryAnswer(503, message="the store could not be read: " + _one_line(exc))
    except Exception as exc:  # Oxigraph's panics arrive as PyO3 PanicException (a BaseException subclass: below)
        return QueryAnswer(500, message=f"the query engine failed: {type(exc).__name__}: {_one_line(exc)}")
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        return QueryAnswer(500, message=f"the query engine failed: {type(exc).__name__}: {_one_line(exc)}")


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:600] if text else type(exc).__name__


def worker_main(fd: int, store: str, memory_mb: int) -> None:
    """Serve requests from the pool's socket until it closes; says "ready" first (imports take a moment)."""
    import signal
    from multiprocessing.connection import Connection

    conn = Connection(fd)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in the terminal is the server's to handle
    if memory_mb > 0:
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    import pyoxigraph  # noqa: F401  (imported before saying ready)

    import zwgk.graph.sparql  # noqa: F401

    session = _Session(Path(store))
    conn.send("ready")
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(answer(session, request))
