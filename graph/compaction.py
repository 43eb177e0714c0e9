"""Compacting the graph after a bulk load, beside the search index being built.

The bulk loader leaves its sorted files side by side, and every join then seeks through all of them:
at 100k tasks a group-by over every task took 3.6 s before and 0.8 s after (the compaction: 7 s), and
the first plan added to a fresh million-task store paid the settling itself (10 s instead of 3.5).

RocksDB compacts in one thread of its own, with the GIL released, while the index is built from the
records the parse produced (the index never reads the graph), so the two overlap: at a million tasks
each takes over two minutes. The caller holds the writer lock; a kill meanwhile leaves the store as it
was (RocksDB swaps files in atomically) and the index as the journal says (workspace/consistency.py).
"""
from __future__ import annotations

import threading
import time
from pathlib import Path

from zwgk.graph.store import open_store

__all__ = ["Compaction"]


class Compaction:
    """`optimize()` of the store under `store_dir`, started now in a thread; `wait()` for its seconds.

    The store is opened and closed in the calling thread (the writer lock's bookkeeping stays there);
    only RocksDB's work runs in the thread.
    """

    def __init__(self, store_dir: Path) -> None:
        self._store = open_store(store_dir)
        self._error: BaseException | None = None
        self._seconds = 0.0
        self._thread = threading.Thread(target=self._run, name="zwgk-compaction")
        self._thread.start()

    def _run(self) -> None:
        started = time.perf_counter()
        try:
            self._store.optimize()
        except BaseException as exc:  # re-raised in the caller's thread by wait()
            self._error = exc
        self._seconds = time.perf_counter() - started

    def wait(self) -> float:
        """The seconds compaction took, once it is done; its error, if any, is raised here.

        A Ctrl-C meanwhile is held until the thread is done (the store it holds must be closed before
        the repair that follows every Ctrl-C can open it), then raised.
        """
        pressed = False
        while self._thread.is_alive():
            try:
                self._thread.join()
            except KeyboardInterrupt:
                pressed = True
        self._store.close()
        if self._error is not None:
            raise self._error
        if pressed:
            raise KeyboardInterrupt
        return round(self._seconds, 1)
