"""One open generation of the index: records decoded on demand, BM25, columns for filters, vectors.

A reader reads manifest.json once and opens what it lists, so it sees one
whole generation, never a mix (index.py describes the folder).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import orjson

from zwgk.model.records import PlanRecord, TaskRecord
from zwgk.search.analyzer import Analyzer
from zwgk.search.errors import IndexDamaged, IndexOutdated
from zwgk.search.lexical import LexicalIndex
from zwgk.search.manifest import INDEX_FORMAT, read_manifest
from zwgk.search.rows import Records
from zwgk.search.segment import Segment
from zwgk.search.tables import load_array

if TYPE_CHECKING:
    from zwgk.model.filters import Filters
    from zwgk.search.dense import DenseIndex

__all__ = ["SearchIndex", "open_index", "open_folder"]


#: Plan lookups by binary search before SearchIndex.plan maps every plan at once.
PLAN_LOOKUPS = 512
#: Plan-level filters whose answers an open index keeps (a row mask is a byte per task: 1 MB at 1M).
FILTER_CACHE = 64


class SearchIndex:
    """One open generation of the index: lazy records, BM25, columns for filters, the dense part."""

    def __init__(self, folder: Path, manifest: dict[str, Any], segments: list[Segment], live: np.ndarray | None):
        self.folder, self.manifest, self.segments, self.live = folder, manifest, segments, live
        stats = manifest.get("stats") or {}
        self.lexical = LexicalIndex(segments, live, stats.get("docs"), stats.get("length"))
        self.records = Records(segments)
        self._analyzer: Analyzer | None = None
        self._vectors: Any = None
        self._plan_tables: list[list[PlanRecord]] | None = None
        self._plans: dict[str, PlanRecord] | None = None
        self._by_plan: list[tuple[np.ndarray, np.ndarray]] | None = None
        self._plan_masks: dict[Any, np.ndarray] = {}
        self._plans_ok: dict[tuple[int, Filters], np.ndarray] = {}
        self._facet_lines: dict[int, list[str]] = {}
        self._plan_at: dict[str, tuple[int, int]] | None = None
        self._plan_lookups = 0
        self._row_docs: tuple[list[str], np.ndarray] | None = None
        self._naming_any: dict[str, np.ndarray] = {}

    @property
    def analyzer(self) -> Analyzer:
        if self._analyzer is None:
            self._analyzer = Analyzer(dictionary=self.folder / self.manifest["vocab"], cache_dir=self.folder)
        return self._analyzer

    def live_rows(self) -> np.ndarray:
        return np.flatnonzero(self.live) if self.live is not None else np.arange(len(self.records))

    def live_records(self) -> Iterator[TaskRecord]:
        """Records of the tasks the index holds now (deleted rows left out)."""
        for row in self.live_rows():
            yield self.records[int(row)]

    # -- columns for filters and `ask` ---------------------------------------------------------------------

    def _rows_named(self, kind: str, accept: Callable[[str], bool]) -> np.ndarray:
        mask = np.zeros(len(self.records), dtype=bool)
        for seg in self.segments:
            names = seg.names(kind)
            for i, name in enumerate(names.names):
                if accept(name):
                    mask[names.rows_of(i).astype(np.int64) + seg.offset] = True
        if self.live is not None:
            mask &= self.live
        return mask

    def rows_naming_any(self, kind: str) -> np.ndarray:
        """Mask of the rows (deleted ones included) that name any unit, topic or domain (kind: the table)."""
        if kind not in self._naming_any:
            mask = np.zeros(len(self.records), dtype=bool)
            for seg in self.segments:
                mask[np.asarray(seg.names(kind).rows, dtype=np.int64) + seg.offset] = True
            self._naming_any[kind] = mask
        return self._naming_any[kind]

    def rows_sharing(self) -> np.ndarray:
        """Mask of the rows (deleted ones included) naming two units or more, counted in the units table (which
        lists a row once per name, however many roles the unit has in it): no record decoded."""
        if "shared" not in self._naming_any:
            counts = np.zeros(len(self.records), dtype=np.int64)
            for seg in self.segments:
                counts += np.bincount(np.asarray(seg.names("units").rows, dtype=np.int64) + seg.offset,
                                      minlength=len(counts))
            self._naming_any["shared"] = counts >= 2
        return self._naming_any["shared"]

    def rows_with(self, kind: str, labels: frozenset[str] | set[str]) -> np.ndarray:
        """Mask of the live tasks naming any of these units, topics or domains (kind: the table's name)."""
        return self._rows_named(kind, labels.__contains__)

    def label_rows(self, kind: str) -> Iterator[tuple[str, np.ndarray]]:
        """(name, its rows) of every name in the units, topics or domains tables, deleted rows included."""
        for seg in self.segments:
            names = seg.names(kind)
            for i, name in enumerate(names.names):
                yield name, names.rows_of(i).astype(np.int64) + seg.offset

    def row_docs(self) -> tuple[list[str], np.ndarray]:
        """(plan ids, for each row the position of its plan's id in that list): which plan every row is in."""
        if self._row_docs is None:
            docs: dict[str, int] = {}
            parts = []
            for seg in self.segments:
                ids = np.array([docs.setdefault(d, len(docs)) for d in seg.plan_docs], dtype=np.int64)
                parts.append(ids[np.asarray(seg.row_plan)] if len(ids) else np.zeros(len(seg), dtype=np.int64))
            self._row_docs = (list(docs), np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64))
        return self._row_docs

    def tagged(self, labels: set[str]) -> np.ndarray:
        """Mask of the live tasks classified under any of these topic or domain labels."""
        return self._rows_named("topics", labels.__contains__) | self._rows_named("domains", labels.__contains__)

    def unit_names(self) -> list[str]:
        """Every unit name a live task names."""
        names: set[str] = set()
        for seg in self.segments:
            table = seg.names("units")
            for i, name in enumerate(table.names):
                rows = table.rows_of(i).astype(np.int64) + seg.offset
                if self.live is None or self.live[rows].any():
                    names.add(name)
        return sorted(names)

    def plan_tables(self) -> list[list[PlanRecord]]:
        if self._plan_tables is None:
            self._plan_tables = [[PlanRecord.from_json(orjson.loads(t)) for t in seg.plans] for seg in self.segments]
        return self._plan_tables

    @property
    def plans(self) -> dict[str, PlanRecord]:
        """Plan metadata by doc for every plan with a live task (decoded once, on first use)."""
        if self._plans is None:
            plans: dict[str, PlanRecord] = {}
            for seg, table in zip(self.segments, self.plan_tables(), strict=True):
                rows = np.asarray(seg.row_plan)
                if self.live is not None:
                    rows = rows[self.live[seg.offset:seg.offset + len(seg)]]
                alive = np.bincount(rows, minlength=len(table)) if len(table) else np.zeros(0)
                for plan, n in zip(table, alive.tolist(), strict=True):
                    if n:
                        plans[plan.doc] = plan
            self._plans = plans
        return self._plans

    def _alive_plans(self, i: int) -> np.ndarray:
        """Per plan of segment i (plan_docs order): does it hold a live task?"""
        seg = self.segments[i]
        rows = np.asarray(seg.row_plan)
        if self.live is not None:
            rows = rows[self.live[seg.offset:seg.offset + len(seg)]]
        return np.bincount(rows, minlength=len(seg.plan_docs)) > 0 if len(seg.plan_docs) else np.zeros(0, dtype=bool)

    def _facets(self, i: int) -> list[str] | None:
        """Segment i's facet lines, read in one pass (22k lines one by one off the map took 0.1 s)."""
        seg = self.segments[i]
        if seg.facets is None:
            return None
        if i not in self._facet_lines:
            self._facet_lines[i] = list(seg.facets)
        return self._facet_lines[i]

    def _plans_passing(self, i: int, f: Filters) -> np.ndarray:
        """Per plan of segment i: does it pass these plan-level filters?

        From the facet lines — no plan is decoded — each distinct value of the fields the filters read
        (the region chain for a region, the issuer for an issuer, …) decided once, unless a filter needs
        more (the documents a plan cites) or the segment predates facets. Kept per filters: ask asks
        twice (the plans in view, then the rows).
        """
        from zwgk.model.filters import plan_matches
        from zwgk.search.segment import read_facet

        if (i, f) in self._plans_ok:
            return self._plans_ok[(i, f)]
        seg = self.segments[i]
        lines = self._facets(i)
        if lines is None or f.policy:
            out = np.array([plan_matches(p, f) for p in self.plan_tables()[i]], dtype=bool)
        else:
            regional, issuer_asked = bool(f.region or f.regions or f.levels), bool(f.issuer)
            year_asked = bool(f.year or f.year_from or f.year_to)
            decided: dict[tuple[Any, ...], bool] = {}

            def decide(line: str, doc: str) -> bool:
                issuer, chain, year = read_facet(line)
                key = (issuer if issuer_asked else None, chain if regional else (), year if year_asked else None, doc)
                if key not in decided:
                    decided[key] = plan_matches(PlanRecord(doc=doc, issuer=key[0], region_chain=key[1],
                                                           region=key[1][-1] if key[1] else None, year=key[2]), f)
                return decided[key]

            if f.doc:  # the plan's id only matters to a doc filter
                out = np.fromiter(map(decide, lines, seg.plan_docs), dtype=bool, count=len(lines))
            else:  # plans of one issuer, place and year share a line: each line is read once
                by_line: dict[str, bool] = {}
                out = np.fromiter((by_line[line] if line in by_line else by_line.setdefault(line, decide(line, ""))
                                   for line in lines), dtype=bool, count=len(lines))
        if len(self._plans_ok) >= FILTER_CACHE:  # a server meets endless filters: keep the recent ones only
            self._plans_ok.clear()
        self._plans_ok[(i, f)] = out
        return out

    def docs_passing(self, f: Filters) -> list[str]:
        """The plans with a live task that pass these plan-level filters (region, issuer, year, plan, 文号)."""
        out: dict[str, None] = {}
        for i, seg in enumerate(self.segments):
            keep = self._alive_plans(i) & self._plans_passing(i, f) if f.active() else self._alive_plans(i)
            docs = seg.plan_docs
            for j in np.flatnonzero(keep).tolist():
                out[docs[j]] = None
        return list(out)

    def issuers(self) -> list[str]:
        """Every issuing agency of a plan with a live task.

        From each segment's issuer table where it has one (a few thousand names at a million tasks, 1 ms),
        else from the facet lines (22k lines, 18 ms) or the plans themselves.
        """
        from zwgk.search.segment import read_facet

        names: set[str] = set()
        for i, seg in enumerate(self.segments):
            alive = self._alive_plans(i)
            table = seg.issuers
            if table is not None:
                if len(table.rows):
                    starts = np.asarray(table.ptr[:-1])
                    has_live = np.maximum.reduceat(alive[np.asarray(table.rows)], starts)
                    names.update(table.names[k] for k in np.flatnonzero(has_live).tolist())
                continue
            if seg.facets is None:
                names.update(p.issuer for p, ok in zip(self.plan_tables()[i], alive, strict=True) if ok and p.issuer)
                continue
            seen: set[str] = set()
            lines = self._facets(i) or []
            for j in np.flatnonzero(alive).tolist():
                line = lines[j]
                if line not in seen:
                    seen.add(line)
                    issuer = read_facet(line)[0]
                    if issuer:
                        names.add(issuer)
        return sorted(names)

    def plan(self, doc: str) -> PlanRecord | None:
        """A plan's metadata (title, issuer, region chain, the documents it implements) as indexed.

        The first lookups binary-search each segment's sorted plan ids; past PLAN_LOOKUPS, one map of
        every plan is cheaper (an unscoped question at a million tasks looks up 22k plans: 5 s of binary
        searches under the profiler, against 16 ms to build the map; a county's 165 plans, 3 ms).
        """
        if self._plan_at is None:
            self._plan_lookups += 1
            if self._plan_lookups <= PLAN_LOOKUPS:
                for seg in reversed(self.segments):
                    i = seg.plan_docs.find(doc)
                    if i >= 0:
                        return PlanRecord.from_json(seg.plans.json(i))
                return None
            self._plan_at = {d: (s, i) for s, seg in enumerate(self.segments) for i, d in enumerate(seg.plan_docs)}
        where = self._plan_at.get(doc)  # a later segment's version of a plan overwrote the earlier one above
        return None if where is None else PlanRecord.from_json(self.segments[where[0]].plans.json(where[1]))

    def plan_rows(self, doc: str) -> np.ndarray:
        """The live rows of one plan's tasks, in order."""
        if self._by_plan is None:  # per segment: rows sorted by plan, and where each plan's run starts
            self._by_plan = []
            for seg in self.segments:
                plan_of = np.asarray(seg.row_plan)
                order = np.argsort(plan_of, kind="stable")
                self._by_plan.append((order, np.searchsorted(plan_of[order], np.arange(len(seg.plan_docs) + 1))))
        out = []
        for seg, (order, starts) in zip(self.segments, self._by_plan, strict=True):
            i = seg.plan_docs.find(doc)
            if i >= 0:
                rows = order[starts[i]:starts[i + 1]].astype(np.int64) + seg.offset
                out.append(rows if self.live is None else rows[self.live[rows]])
        return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)

    #: Filters answered from columns; any other active one is checked on the decoded records left.
    _COLUMNAR = frozenset({"region", "regions", "doc", "issuer", "year", "year_from", "year_to", "policy", "unit", "unit_exact", "units",
                           "units_all", "unit_function", "topic", "domain", "shared", "levels"})

    def filter_mask(self, f: Filters) -> np.ndarray | None:
        """Boolean mask of the rows a query may return (the same rows as filters.filter_mask), or None.

        Plan-level filters are decided once per plan, units/topics/domains from
        their name → rows tables, deadlines and ongoing from the segments' deadline
        columns; only what is left (a unit's role, unassigned, or deadlines in a
        segment written before its columns) reads the records, and only of the rows
        still in.
        """
        from zwgk.model.filters import DEADLINE_FILTERS, Filters, _keep, deadline_mask
        from zwgk.search.names import name_tests

        if not f.active():
            return None
        mask = np.ones(len(self.records), dtype=bool) if self.live is None else self.live.copy()
        plan_level = f.plan_level()
        if plan_level.active():
            if plan_level not in self._plan_masks:  # ask filters twice (select, then rank): decide plans once
                parts = []
                for i, seg in enumerate(self.segments):
                    ok = self._plans_passing(i, plan_level)
                    parts.append(ok[np.asarray(seg.row_plan)] if len(ok) else np.zeros(len(seg), dtype=bool))
                if len(self._plan_masks) >= FILTER_CACHE:
                    self._plan_masks.clear()
                self._plan_masks[plan_level] = np.concatenate(parts) if parts else np.zeros(0, dtype=bool)
            mask &= self._plan_masks[plan_level]
        for kind, accept in name_tests(f):  # units, unit functions, topics, domains: from the name tables
            mask &= self._rows_named(kind, accept)
        if f.shared is not None:
            mask &= self.rows_sharing() if f.shared else ~self.rows_sharing()
        rest = {k: v for k, v in f.active().items() if k not in self._COLUMNAR}
        dated = {k: v for k, v in rest.items() if k in DEADLINE_FILTERS}
        columns = [seg.deadlines for seg in self.segments] if dated else []
        if dated and all(c is not None for c in columns):
            mask &= np.concatenate([deadline_mask(Filters(**dated), *c) for c in columns if c is not None])
            rest = {k: v for k, v in rest.items() if k not in DEADLINE_FILTERS}
        if f.unit_role:  # the role is the unit's in each task: checked on the records, with the name or function
            rest.update(unit=f.unit, unit_exact=f.unit_exact, unit_function=f.unit_function)
        if rest:
            residual = Filters(**rest)
            for row in np.flatnonzero(mask):
                if not _keep(self.records[int(row)], residual):
                    mask[row] = False
        return mask

    def vectors(self) -> DenseIndex | None:
        """The dense index (rows ↔ FAISS ids), loaded on first use; None when the index has no dense part."""
        dense = self.manifest.get("dense")
        if self._vectors is None and dense:
            from zwgk.search.dense import DenseIndex

            self._vectors = DenseIndex.load(self.folder, dense, len(self.records), self.manifest["count"])
        return self._vectors



def open_folder(folder: Path, manifest: dict[str, Any]) -> SearchIndex:
    segments, offset = [], 0
    for entry in manifest["segments"]:
        segments.append(Segment(folder / entry["name"], offset, entry["rows"]))
        offset += entry["rows"]
    live = None
    if manifest.get("deleted"):
        dead = load_array(folder / manifest["deleted"], mmap=False)
        live = np.ones(offset, dtype=bool)
        if len(dead) and (dead.min() < 0 or dead.max() >= offset):
            raise IndexDamaged(f"index file {folder / manifest['deleted']} names rows the index does not have")
        live[dead] = False
    for key in ("vocab",):
        if not (folder / manifest[key]).exists():
            raise IndexDamaged(f"index file {folder / manifest[key]} is missing")
    return SearchIndex(folder, manifest, segments, live)


def open_index(folder: Path) -> SearchIndex:
    """The current generation. A reader racing a writer's clean-up retries on the newer manifest."""
    for attempt in range(3):
        manifest = read_manifest(folder)
        if not manifest:
            raise IndexOutdated(f"no search index in {folder}: run `zwgk ingest` or `zwgk reindex`")
        if manifest.get("format") != INDEX_FORMAT:
            raise IndexOutdated(f"the search index in {folder} has format {manifest.get('format')}, "
                                f"this zwgk reads {INDEX_FORMAT}: run `zwgk reindex`")
        try:
            return open_folder(folder, manifest)
        except (IndexDamaged, KeyError) as exc:
            if attempt < 2 and read_manifest(folder).get("generation") != manifest.get("generation"):
                continue  # a writer published a newer generation and cleaned the old one away meanwhile
            if isinstance(exc, KeyError):
                raise IndexDamaged(f"index file {folder / 'manifest.json'} is damaged (no {exc})") from exc
            raise
    raise AssertionError("unreachable")

