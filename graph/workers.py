"""What every worker process zwgk starts does first (the ingest's parsers, validate's checkers)."""
from __future__ import annotations

import os
import signal

__all__ = ["default_jobs", "worker_start"]


def default_jobs() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def worker_start() -> None:
    """A worker holds nothing of its parent's and does not outlive it.

    It closes the inherited store lock (an flock lives as long as any copy of its descriptor, so a worker
    outliving a killed ingest would keep the store busy), leaves Ctrl-C to the parent (which finishes or
    stops the work in hand), and asks the kernel to kill it when the parent dies: a pool's workers wait on
    their queue forever otherwise (a `zwgk validate` stopped by SIGTERM left two of them, 450 MB).
    """
    from zwgk.graph import lock

    for held in list(lock._HELD.values()):  # noqa: SLF001 - the locks this process holds
        fd = getattr(held, "_fd", None)
        if fd is not None:
            try:
                os.close(fd)
            except OSError:
                pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
