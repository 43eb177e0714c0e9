"""A few worker processes that run SPARQL queries for the server, each bounded in time.

Oxigraph has no way to stop a running query, and a thread that ran on would
hold a core until the query ended by itself. So queries run in worker
processes: a query past the time limit has its worker killed (SIGKILL) and a
fresh one started, and the client gets a 503 saying so. The time a request
waits for a free worker counts towards its limit.
"""
from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path

import anyio
import anyio.to_thread

from zwgk.server.query_worker import QueryAnswer, QueryRequest

__all__ = ["QueryPool", "QueryTimeout"]

_START_TIMEOUT = 60.0


class QueryTimeout(Exception):
    """A query (or its wait for a worker) outlived the server's --timeout."""


class _Worker:
    def __init__(self, store: Path, memory_mb: int) -> None:
        # A fresh interpreter (never a fork of a process running an event loop and threads, and not
        # multiprocessing's spawn, which re-imports the caller's __main__), talking over a socket pair.
        parent, child = socket.socketpair()
        code = ("import sys; from zwgk.server.query_worker import worker_main; "
                "worker_main(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]))")
        self.process = subprocess.Popen([sys.executable, "-c", code, str(child.fileno()), str(store), str(memory_mb)],
                                        pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL)
        child.close()
        self.conn = Connection(parent.detach())

    def wait_ready(self) -> bool:
        try:
            return bool(self.conn.poll(_START_TIMEOUT) and self.conn.recv() == "ready")
        except (EOFError, OSError):
            return False

    def call(self, request: QueryRequest, timeout: float) -> QueryAnswer | None:
        """The answer, None when the time ran out (the worker is then killed), or a 503 when the worker died
        under the query (a crash of the engine, or the memory limit)."""
        try:
            self.conn.send(request)
            if self.conn.poll(max(timeout, 0.0)):
                answer = self.conn.recv()
                if isinstance(answer, QueryAnswer):
                    return answer
            else:
                self.kill()
                return None
        except (EOFError, OSError):
            pass
        self.kill()
        return QueryAnswer(503, message="the query worker ended while running this query (out of memory, or a crash "
                                        "of the query engine); the server goes on with a fresh one")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(5)
        self.conn.close()


class QueryPool:
    """`size` workers over the store at `store`; `run` is awaited by request handlers."""

    def __init__(self, store: Path, size: int = 2, timeout: float = 30.0, memory_mb: int = 0) -> None:
        self.store = store
        self.size = max(1, size)
        self.timeout = timeout
        self.memory_mb = memory_mb
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: set[_Worker] = set()
        self._guard = threading.Lock()
        self._limiter = anyio.CapacityLimiter(self.size)
        self.killed = 0  # workers ended for a timeout or a crash (reported by /api/stats? no: by the bench)

    async def start(self) -> None:
        self._idle = asyncio.Queue()
        workers = await anyio.to_thread.run_sync(self._spawn_many, self.size)
        for worker in workers:
            self._idle.put_nowait(worker)

    def _spawn_many(self, count: int) -> list[_Worker]:
        workers = [_Worker(self.store, self.memory_mb) for _ in range(count)]
        ready = [w for w in workers if w.wait_ready()]
        for w in workers:
            if w not in ready:
                w.kill()
        with self._guard:
            self._all.update(ready)
        if not ready:
            raise RuntimeError("the SPARQL query workers did not start")
        return ready

    async def _replace(self, dead: _Worker) -> None:
        with self._guard:
            self._all.discard(dead)
        self.killed += 1
        try:
            (fresh,) = await anyio.to_thread.run_sync(self._spawn_many, 1)
        except RuntimeError:
            await asyncio.sleep(1.0)
            asyncio.get_running_loop().create_task(self._replace(dead))
            return
        assert self._idle is not None
        self._idle.put_nowait(fresh)

    async def run(self, request: QueryRequest, timeout: float | None = None) -> QueryAnswer:
        """Run one query within `timeout` seconds (the pool's by default); QueryTimeout when it does not finish."""
        assert self._idle is not None, "QueryPool.start() first"
        limit = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + limit
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout=limit)
        except TimeoutError as exc:
            raise QueryTimeout(f"every query worker stayed busy for {limit:g} s") from exc
        answer = None
        try:
            answer = await anyio.to_thread.run_sync(worker.call, request, deadline - time.monotonic(),
                                                    limiter=self._limiter)
        finally:
            if answer is None or worker.process.poll() is not None:  # timed out, died, or cancelled mid-way
                worker.kill()
                asyncio.get_running_loop().create_task(self._replace(worker))
            else:
                self._idle.put_nowait(worker)
        if answer is None:
            raise QueryTimeout(f"the query ran longer than {limit:g} s")
        return answer

    def close(self) -> None:
        with self._guard:
            workers, self._all = list(self._all), set()
        for worker in workers:
            try:
                worker.conn.close()
            except OSError:
                pass
            try:
                worker.process.wait(2)
            except subprocess.TimeoutExpired:
                worker.kill()


