"""The search index seen as task columns, so the analyses count and choose tasks without decoding them all.

`analysis.corpus.TaskColumns` is what an analysis asks for; this answers it from
one open index generation: the filters become a row mask (`SearchIndex.filter_mask`),
topics and 公开领域 come from the index's name → rows tables, plans from its row →
plan array. Records are decoded only for the rows asked for. Order is the
corpus's: by plan id, each plan's tasks as printed (rows of one plan are written
in order, and a replaced plan's rows all sit in one newer segment).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import numpy as np

from zwgk.analysis.corpus import TaskText
from zwgk.ingest.records import task_id
from zwgk.model.filters import Filters
from zwgk.model.records import TaskRecord

if TYPE_CHECKING:
    from zwgk.search.opened import SearchIndex

__all__ = ["IndexColumns"]


class IndexColumns:
    """`TaskColumns` over one open index generation."""

    def __init__(self, index: SearchIndex):
        self.index = index

    def _mask(self, filters: Filters) -> np.ndarray:
        mask = self.index.filter_mask(filters)
        if mask is not None:
            return mask
        n = len(self.index.records)
        return np.ones(n, dtype=bool) if self.index.live is None else self.index.live

    def _ordered(self, mask: np.ndarray) -> np.ndarray:
        """The rows of the mask in corpus order."""
        docs, row_doc = self.index.row_docs()
        rows = np.flatnonzero(mask)
        rank = np.argsort(np.array(docs, dtype=object), kind="stable") if docs else np.zeros(0, dtype=np.int64)
        order = np.empty(len(docs), dtype=np.int64)
        order[rank] = np.arange(len(docs))  # position of each plan id in sorted order
        return rows[np.lexsort((rows, order[row_doc[rows]]))] if len(rows) else rows

    def _decoded(self, mask: np.ndarray) -> list[TaskRecord]:
        return self.index.records.many(self._ordered(mask).tolist())

    def stream(self, filters: Filters) -> Iterator[TaskRecord]:
        records = self.index.records
        for row in self._ordered(self._mask(filters)).tolist():
            yield records.decode(row)

    def tasks(self, filters: Filters) -> list[TaskRecord]:
        return self._decoded(self._mask(filters))

    def texts(self, filters: Filters) -> list[TaskText]:
        rows = self._ordered(self._mask(filters))
        docs, row_doc = self.index.row_docs()
        place = self._places()
        requirements = self.index.records.own_texts(rows.tolist())
        return [TaskText(docs[d], task_id(docs[d], k), requirement)
                for d, k, (requirement, _) in zip(row_doc[rows].tolist(), place[rows].tolist(), requirements, strict=True)]

    def plan_texts(self, docs: Sequence[str], filters: Filters) -> list[TaskText]:
        mask = self._mask(filters)
        rows: list[int] = []
        ids: list[TaskText] = []
        for doc in docs:
            live = self.index.plan_rows(doc).tolist()  # the plan's tasks in order: a row's place is its id
            kept = [(place, row) for place, row in enumerate(live) if mask[row]]
            rows += [row for _, row in kept]
            ids += [TaskText(doc, task_id(doc, place), "") for place, _ in kept]
        return [t._replace(requirement=requirement)
                for t, (requirement, _) in zip(ids, self.index.records.own_texts(rows), strict=True)]

    def _places(self) -> np.ndarray:
        """Each live row's place among its plan's tasks (0 for the first), which its task id is made of.

        A plan's live rows are its tasks as printed, in one segment (see the module docstring), so in
        corpus order a row's place is its distance from its plan's first row.
        """
        live = self._ordered(self._mask(Filters()))
        _, row_doc = self.index.row_docs()
        plan = row_doc[live]
        starts = np.flatnonzero(np.concatenate([[True], plan[1:] != plan[:-1]])) if len(live) else live
        place = np.zeros(len(self.index.records), dtype=np.int64)
        place[live] = np.arange(len(live)) - np.repeat(starts, np.diff(np.append(starts, len(live))))
        return place

    def tagged(self, labels: frozenset[str], kind: str, filters: Filters) -> list[TaskRecord]:
        return self._decoded(self._mask(filters) & self.index.rows_with(kind, labels))

    def label_counts(self, kind: str, filters: Filters) -> dict[str, Counter[str]]:
        docs, row_doc = self.index.row_docs()
        mask = self._mask(filters)
        out: dict[str, Counter[str]] = {}
        for label, rows in self.index.label_rows(kind):
            rows = rows[mask[rows]]
            if not len(rows):
                continue
            for d, n in zip(*np.unique(row_doc[rows], return_counts=True), strict=True):
                out.setdefault(docs[int(d)], Counter())[label] += int(n)
        return out

    def task_counts(self, filters: Filters) -> Counter[str]:
        docs, row_doc = self.index.row_docs()
        counts = np.bincount(row_doc[self._mask(filters)], minlength=len(docs))
        return Counter({docs[int(i)]: int(counts[i]) for i in np.flatnonzero(counts)})
