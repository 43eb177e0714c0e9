"""RocksDB's background compactions at idle priority while a bulk load runs.

The bulk loader adds sorted files batch after batch; RocksDB's compaction threads ("rocksdb:low", one
pool per process) merge them again and again as they land, and the full compaction after the load
(graph/compaction.py) rewrites everything once more anyway. At a million tasks on two cores those
merges took 353 of the ingest's 1,080 core-seconds, while the parser workers waited for the cores. At
idle priority they run only on a core nobody else wants: 199-261 core-seconds, and the ingest took
24 % less in two alternated pairs of runs (901 -> 681 s, 868 -> 655 s on a slow afternoon; 618 s
before against 514-556 s on a quiet machine), the compaction after it no longer.

Linux only (a thread's scheduling policy is set by its id); elsewhere nothing changes.
"""
from __future__ import annotations

import os
from pathlib import Path

__all__ = ["compaction_threads", "set_compaction_priority"]

_TASKS = Path("/proc/self/task")


def compaction_threads() -> list[int]:
    """The ids of this process's RocksDB compaction threads (none before a store is opened)."""
    found = []
    try:
        tasks = list(_TASKS.iterdir())
    except OSError:
        return []
    for task in tasks:
        try:
            if (task / "comm").read_text().startswith("rocksdb:low"):
                found.append(int(task.name))
        except (OSError, ValueError):  # the thread ended meanwhile
            continue
    return found


def set_compaction_priority(idle: bool) -> int:
    """Put the compaction threads at idle priority, or back to normal; how many threads were changed."""
    policy_idle = getattr(os, "SCHED_IDLE", None)
    if policy_idle is None or not hasattr(os, "sched_setscheduler"):
        return 0
    policy = policy_idle if idle else os.SCHED_OTHER
    changed = 0
    for tid in compaction_threads():
        try:
            os.sched_setscheduler(tid, policy, os.sched_param(0))
            changed += 1
        except OSError:  # gone, or not allowed: the load is only slower
            continue
    return changed
