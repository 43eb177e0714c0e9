"""Ctrl-C while a writer holds the store: the plan in hand is finished, the index repaired to the graph,
and the caller told what was stored (`Interrupted`).
"""
from __future__ import annotations

import signal
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from zwgk.workspace.consistency import Session
from zwgk.workspace.results import Interrupted

__all__ = ["ctrl_c_noted", "interrupted"]


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def ctrl_c_noted() -> Iterator[list[int]]:
    """Ctrl-C raises KeyboardInterrupt as always, and is noted in the list too.

    Python prints and drops a KeyboardInterrupt raised while a finalizer runs ("Exception ignored
    in …"); the note lets the writer raise it after all (Workspace._unless_interrupted). Only where
    Python's own handler is in place, in the main thread: a handler the embedding program installed,
    or SIGINT ignored (a background job), is left alone.
    """
    pressed: list[int] = []
    if not _main_thread() or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield pressed
        return

    def noted(signum: int, frame: Any) -> None:
        pressed.append(signum)
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, noted)
    try:
        yield pressed
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def interrupted(session: Session, stop: KeyboardInterrupt) -> Interrupted:
    """Repair the index after a Ctrl-C (a second one cannot cut the repair) and say what the run stored."""
    # The frames the Ctrl-C cut short may hold a query's result, which holds the graph open; the
    # repair reopens it in this process, and RocksDB refuses a second handle.
    traceback.clear_frames(stop.__traceback__)
    main = _main_thread()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
    try:
        fixed, stored, gone = session.interrupted()
    finally:
        if main:
            signal.signal(signal.SIGINT, previous or signal.SIG_DFL)  # None: a handler set outside Python
    return Interrupted(fixed, stored, gone)
