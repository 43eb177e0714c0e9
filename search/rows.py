"""The task records of an open index generation, by row across its segments, decoded on demand.

A decoded record is kept (callers hold records by identity, and ask maps them back to rows);
`decode` gives one without keeping it, for a writer's pass over a million rows.
"""
from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, SupportsIndex

import numpy as np
import orjson

from zwgk.model.collector import collector_paused
from zwgk.model.records import TaskRecord
from zwgk.search.segment import Segment

__all__ = ["Records"]


class Records(Sequence[TaskRecord]):
    """Task records by row across segments, decoded one at a time (rows of deleted tasks included)."""

    def __init__(self, segments: list[Segment]):
        self._segments = segments
        self._starts = np.array([s.offset for s in segments], dtype=np.int64)
        self._total = sum(len(s) for s in segments)
        # Decoded records are kept: callers hold them by identity (one dict per row).
        self._decoded: dict[int, TaskRecord] = {}
        self._rows: dict[int, int] = {}  # id(record) → row

    def __len__(self) -> int:
        return self._total

    def segment_of(self, row: int) -> Segment:
        return self._segments[int(np.searchsorted(self._starts, row, side="right")) - 1]

    def __getitem__(self, key: SupportsIndex | slice) -> Any:  # a record for a row, a list of them for a slice
        if isinstance(key, slice):
            return [self[i] for i in range(*key.indices(len(self)))]
        row = operator.index(key)  # numpy integers too
        if row < 0:
            row += self._total
        if not 0 <= row < self._total:
            raise IndexError(row)
        record = self._decoded.get(row)
        return record if record is not None else self._keep(row, self._read(row))

    def many(self, rows: Iterable[int]) -> list[TaskRecord]:
        """The records of many rows, kept, decoded with the cyclic collector paused (model/collector.py):
        compare at a million tasks reads 109k of them."""
        with collector_paused():
            return [self[row] for row in rows]

    def own_texts(self, rows: Sequence[int]) -> Iterator[tuple[str, list[str]]]:
        """Each row's requirement and section path, from its segment's text table (its stored record in a
        segment written before the table was): what a topic check reads of a hundred thousand rows."""
        where = np.searchsorted(self._starts, np.asarray(rows, dtype=np.int64), side="right") - 1
        for row, i in zip(rows, where.tolist(), strict=True):
            seg = self._segments[i]
            texts = seg.texts
            if texts is None:
                record = seg.docs.json(row - seg.offset)
                yield record["requirement"], record.get("section") or []
            else:
                requirement, section = texts.json(row - seg.offset)
                yield requirement, section

    def decode(self, row: int) -> TaskRecord:
        """The record of a row, decoded afresh and not kept (a writer's pass over a million rows)."""
        record = self._decoded.get(row)
        return record if record is not None else self._read(row)

    def _read(self, row: int) -> TaskRecord:
        seg = self.segment_of(row)
        return TaskRecord.from_json(seg.docs.json(row - seg.offset))

    def _keep(self, row: int, record: TaskRecord) -> TaskRecord:
        self._decoded[row] = record
        self._rows[id(record)] = row
        return record

    def row(self, record: TaskRecord) -> int:
        """The row a record returned by this sequence came from."""
        return self._rows[id(record)]

    def raw(self) -> Iterator[dict[str, Any]]:
        """Every row's JSON as stored, undecoded into records and not kept (a writer's full pass)."""
        for seg in self._segments:
            for text in seg.docs:
                yield orjson.loads(text)

    def __iter__(self) -> Iterator[TaskRecord]:
        row = 0
        for seg in self._segments:
            for text in seg.docs:
                record = self._decoded.get(row)
                if record is None:
                    record = self._keep(row, TaskRecord.from_json(orjson.loads(text)))
                yield record
                row += 1
