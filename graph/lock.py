"""One writer per store: an advisory lock file that names the process holding it.

RocksDB refuses a second read-write opening with a raw `OSError … LOCK`; the
lock here is taken first, so a second ingest is told which process is
writing and either waits (up to a timeout) or stops with one line. The lock
is an flock, so it goes away with its process however that process ends
(kill -9 included): there is no stale lock to clean.
"""
from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from zwgk.errors import UserError

__all__ = ["StoreBusy", "WriterLock", "writer_pid", "pid_alive", "LOCK_FILE"]


def pid_alive(pid: int) -> bool:
    """Whether a process with this id exists (owned by anyone): left-behind files name their writer."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True

LOCK_FILE = "lock"

#: Locks this process holds, by store folder: re-entrant (ingest opens the store inside a writer session).
_HELD: dict[Path, WriterLock] = {}


class StoreBusy(UserError):
    """Another process is writing into the store."""


def writer_pid(store_dir: Path) -> int | None:
    """The pid of the process writing into the store now, or None when nobody holds the lock."""
    path = store_dir / LOCK_FILE
    if store_dir.resolve() in _HELD:
        return os.getpid()
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            return int(text) if text.isdigit() else -1
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


class WriterLock:
    """Exclusive lock on a store folder; `wait` seconds of patience before StoreBusy."""

    def __init__(self, store_dir: Path, wait: float = 0.0):
        self.store_dir = store_dir.resolve()
        self.wait = wait
        self._fd: int | None = None
        self._depth = 0
        self._delegate: WriterLock | None = None

    def acquire(self) -> WriterLock:
        held = _HELD.get(self.store_dir)
        if held is not None:
            held._depth += 1
            self._delegate = held
            return self
        self.store_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.store_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
                    os.close(fd)
                    who = f"pid {text}" if text.isdigit() else "another process"
                    waited = f" (waited {self.wait:g} s)" if self.wait else ""
                    raise StoreBusy(f"store is busy: another ingest ({who}) is writing into {self.store_dir}{waited}; "
                                    "try again when it has finished, or set ZWGK_LOCK_WAIT=SECONDS to wait") from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd, self._depth = fd, 1
        _HELD[self.store_dir] = self
        return self

    def release(self) -> None:
        if self._delegate is not None:
            delegate, self._delegate = self._delegate, None
            delegate.release()
            return
        self._depth -= 1
        if self._depth > 0 or self._fd is None:
            return
        _HELD.pop(self.store_dir, None)
        try:
            os.ftruncate(self._fd, 0)
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> WriterLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
