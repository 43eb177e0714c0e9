"""The parser workers of a bulk ingest and Ctrl-C: the ingest handles it, the workers never hang it."""
from __future__ import annotations

import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor

import pytest

from zwgk.graph import prepare


def test_ctrl_c_while_the_workers_start_shuts_them_down(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before, the KeyboardInterrupt left forked workers waiting for work, and the ingest hung at exit."""

    class PressedDuringStart(ProcessPoolExecutor):
        def submit(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            started = super().submit(*args, **kwargs)  # the workers are forked by now
            os.kill(os.getpid(), signal.SIGINT)
            return started

    monkeypatch.setattr(prepare, "ProcessPoolExecutor", PressedDuringStart)
    with pytest.raises(KeyboardInterrupt):
        prepare.parser_pool(8, 2)
    left = multiprocessing.active_children()
    for worker in left:
        worker.kill()  # so that a failure here does not hang the test run at exit too
    assert left == []
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_worker_leaves_ctrl_c_to_the_ingest() -> None:
    """Ctrl-C in a terminal reaches every process of the group: a worker must not die with a traceback."""
    pool = prepare.parser_pool(8, 2)
    assert pool is not None
    try:
        pids = pool.submit(os.getpid).result(), pool.submit(os.getpid).result()
        for pid in set(pids):
            os.kill(pid, signal.SIGINT)
        assert pool.submit(sum, [1, 2]).result(timeout=30) == 3
        assert all(p.is_alive() for p in multiprocessing.active_children())
    finally:
        pool.shutdown()
