"""Worker processes (a bulk ingest's parsers, validate's checkers) and Ctrl-C or a kill: the parent handles it,
the workers never hang it or outlive it."""
from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

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


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] == b"Z"  # dead, not yet reaped
    except FileNotFoundError:
        return True


def test_a_worker_dies_with_its_parent(tmp_path: Path) -> None:
    """A stopped `zwgk validate` left its spawned pyshacl workers waiting on their queue for good."""
    script = ("import os, sys, time\nfrom concurrent.futures import ProcessPoolExecutor\nfrom multiprocessing import get_context\n"
              "from zwgk.graph.workers import worker_start\n"
              "if __name__ == '__main__':\n"
              "    pool = ProcessPoolExecutor(1, mp_context=get_context('spawn'), initializer=worker_start)\n"
              "    print(pool.submit(os.getpid).result(), flush=True)\n    time.sleep(60)\n")
    (tmp_path / "parent.py").write_text(script, encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(tmp_path / "parent.py")], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    worker = int(parent.stdout.readline())
    parent.send_signal(signal.SIGTERM)
    parent.wait(timeout=30)
    deadline = time.monotonic() + 30
    while not _gone(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    if not _gone(worker):
        os.kill(worker, signal.SIGKILL)
        pytest.fail("the worker outlived its parent")
