"""Plain-file building blocks of the index: string tables and atomic writes.

A search process must open a million-task index in milliseconds, so nothing
it reads at start-up is parsed: strings live in one UTF-8 blob plus an npy of
offsets, both memory-mapped, and a lookup is a binary search over the blob.

Files are written once under a fresh name and published by an atomic rename,
never rewritten in place, so a reader sees the old file or the new one.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import orjson

from zwgk.search.errors import IndexDamaged

__all__ = ["StringTable", "write_strings", "atomic_write", "load_array", "save_array"]


@contextmanager
def _replacing(path: Path, sync: bool = True, buffering: int = -1) -> Iterator[BinaryIO]:
    """A file written aside (tmp name), synced, and renamed over `path`: readers see the old file or the new."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb", buffering=buffering) as out:
        yield out
        if sync:
            out.flush()
            os.fsync(out.fileno())
    os.replace(tmp, path)


def atomic_write(path: Path, data: bytes | str, sync: bool = True) -> None:
    """Write `path` so that readers never see it half-written (tmp file, fsync, rename)."""
    with _replacing(path, sync) as out:
        out.write(data.encode("utf-8") if isinstance(data, str) else data)


def save_array(path: Path, array: np.ndarray) -> None:
    with _replacing(path) as out:
        np.save(out, array)


def load_array(path: Path, mmap: bool = True) -> np.ndarray:
    """An npy file, memory-mapped; a missing or cut file is IndexDamaged naming it."""
    try:
        if mmap and path.stat().st_size > 128:
            return np.load(path, mmap_mode="r")
        return np.load(path)
    except FileNotFoundError as exc:
        raise IndexDamaged(f"index file {path} is missing") from exc
    except (ValueError, OSError, EOFError) as exc:
        raise IndexDamaged(f"index file {path} is damaged ({str(exc).splitlines()[0][:80]})") from exc


def write_strings(path: Path, strings: Iterable[str]) -> None:
    """`path`.bin (UTF-8 blob) + `path`.off.npy (int64 offsets, one more than strings).

    The blob is streamed to its file as the strings come (a million task records are over a gigabyte of
    JSON: held whole, and then joined, they were the peak of a million-task ingest).
    """
    offsets = [0]
    size = 0
    with _replacing(path.with_suffix(".bin"), buffering=1 << 20) as out:
        for s in strings:
            b = s.encode("utf-8")
            out.write(b)
            size += len(b)
            offsets.append(size)
    save_array(path.with_suffix(".off.npy"), np.array(offsets, dtype=np.int64))


class StringTable(Sequence[str]):
    """Strings read lazily from a blob; `find` binary-searches when the table is sorted."""

    def __init__(self, path: Path):
        self.offsets = load_array(path.with_suffix(".off.npy"))
        blob = path.with_suffix(".bin")
        try:
            size = blob.stat().st_size
        except FileNotFoundError as exc:
            raise IndexDamaged(f"index file {blob} is missing") from exc
        if size != (int(self.offsets[-1]) if len(self.offsets) else 0):
            raise IndexDamaged(f"index file {blob} is cut short or too long ({size} bytes, "
                               f"its offsets say {int(self.offsets[-1])})")
        self.blob = np.memmap(blob, dtype=np.uint8, mode="r") if size else np.zeros(0, dtype=np.uint8)
        # Slices are cut from a memoryview: a numpy slice of a memmap is a new memmap object, 4.5 times
        # slower per string (an unscoped question at 1M reads 130k records).
        self._view = self.blob.data

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def raw(self, i: int) -> bytes:
        return self._view[self.offsets[i]:self.offsets[i + 1]].tobytes()

    def __getitem__(self, i: int | slice) -> Any:  # str for an int, list[str] for a slice
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        return self.raw(i).decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        data = self.blob.tobytes()
        offs = self.offsets.tolist()
        for a, b in zip(offs, offs[1:], strict=False):
            yield data[a:b].decode("utf-8")

    def find(self, s: str) -> int:
        """Position of `s` in a table sorted by UTF-8 bytes, or -1."""
        key = s.encode("utf-8")
        lo, hi = 0, len(self)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.raw(mid) < key:
                lo = mid + 1
            else:
                hi = mid
        return lo if lo < len(self) and self.raw(lo) == key else -1

    def json(self, i: int) -> Any:
        return orjson.loads(self.raw(i))  # 109k records a compare reads at a million tasks: 1.7-1.8 s with json, 0.9-1.3 s
