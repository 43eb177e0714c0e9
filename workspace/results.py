"""What the Workspace hands back: typed results, each with the JSON the CLI's `--json` prints.

The CLI and the HTTP server render these; neither rebuilds a payload of its
own, so `zwgk search --json` and `/api/search` cannot drift apart. Records
inside (tasks, plans, hits) are the index's and the graph's own records.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from zwgk.errors import UserError

if TYPE_CHECKING:
    from zwgk.graph.pipeline import FileResult, IngestReport
    from zwgk.graph.stats import StoreStats
    from zwgk.search.retrieve import SearchResult
    from zwgk.workspace.consistency import Repair

__all__ = ["DenseSummary", "IndexSummary", "IngestResult", "RemoveResult", "SearchOutcome", "PlanStats", "Stats",
           "ExportResult", "UpdateResult", "SourceText", "Interrupted", "PlanNotFound", "SourceUnreadable", "UpdateRefused", "QueryFailed", "ExportRefused", "NoStore"]


@dataclass(frozen=True)
class DenseSummary:
    """The dense part of an index generation: which model, which FAISS index, what this build changed."""

    model: str
    kind: str
    added: int = 0
    removed: int = 0


@dataclass(frozen=True)
class IndexSummary:
    """One published index generation, as the manifest records it."""

    count: int
    build_seconds: float
    dense: DenseSummary | None = None

    @classmethod
    def of(cls, manifest: dict[str, Any]) -> IndexSummary:
        d = manifest.get("dense")
        dense = DenseSummary(d["model"], d.get("kind", ""), int(d.get("added") or 0), int(d.get("removed") or 0)) \
            if d else None
        return cls(int(manifest.get("count", 0)), float(manifest.get("build_seconds", 0.0)), dense)


@dataclass
class IngestResult:
    """What an ingest did to the graph (per file, with reasons) and the index generation it published.

    `index` is None when nothing changed and the index was already there (nothing was published).
    """

    report: IngestReport
    index: IndexSummary | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def files(self) -> list[FileResult]:
        return self.report.results

    @property
    def failed(self) -> list[tuple[str, str]]:
        return self.report.failed

    @property
    def added(self) -> list[str]:
        return self.report.added

    @property
    def tasks(self) -> int:
        return self.report.tasks


@dataclass
class RemoveResult:
    """Plans removed, names that matched no plan (with the reason), and the index generation published."""

    removed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)
    index: IndexSummary | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class SearchOutcome:
    """A search as typed: the ranked result and the filters read from the query's own words."""

    query: str
    result: SearchResult
    inferred: dict[str, str] = field(default_factory=dict)

    @property
    def hits(self) -> list[Any]:
        return self.result.hits

    @property
    def notes(self) -> list[str]:
        return self.result.notes

    def to_json(self) -> dict[str, Any]:
        """The `zwgk search --json` payload: the task fields, score, chain and why of every hit."""
        from zwgk.search.ask import agency_chain

        r = self.result
        return {"query": self.query, "searched": r.query, "inferred_filters": self.inferred, "tokens": r.tokens,
                "concepts": [m.concept.label for m in r.concepts],
                "hits": [{**h.record.to_json(), "score": round(h.score, 5),
                          "chain": agency_chain(h.record), "why": h.why()} for h in r.hits]}


@dataclass(frozen=True)
class PlanStats:
    """One stored plan: its id, file, title, region, year and how many tasks and units it has."""

    doc: str
    path: str | None
    title: str | None
    region: str | None
    year: int | None
    tasks: int
    units: int


@dataclass(frozen=True)
class Stats:
    """Counts over the whole store (plans, tasks, units, …, triples) and one row per plan."""

    totals: dict[str, int]
    plans: list[PlanStats]

    @classmethod
    def of(cls, data: StoreStats) -> Stats:
        return cls(dict(data["totals"]), [PlanStats(p["doc"], p.get("path"), p.get("title"), p.get("region"),
                                                    p.get("year"), int(p.get("tasks") or 0), int(p.get("units") or 0))
                                          for p in data["plans"]])

    def to_json(self) -> dict[str, Any]:
        return {"totals": self.totals, "plans": [p.__dict__ for p in self.plans]}


@dataclass(frozen=True)
class ExportResult:
    """Exported bytes with what a writer or an HTTP response needs to know about them.

    An export written to a stream (`Workspace.export(out=…)`) has no data; `size` is what was written.
    """

    data: bytes
    fmt: str
    media_type: str
    binary: bool = False
    size: int = 0


@dataclass(frozen=True)
class UpdateResult:
    """A SPARQL Update applied: the store's quads before and after, and the index generation published."""

    before: int
    after: int
    index: IndexSummary
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        return f"update applied: {self.before} → {self.after} quads; search index rebuilt ({self.index.count} tasks)"


@dataclass(frozen=True)
class SourceText:
    """A plan's text as the parser read it (a task's `source_lines` count in `lines`, from 1).

    `changed`: the file's bytes differ from the version stored, so line numbers may no longer match.
    """

    doc: str
    title: str | None
    path: str
    lines: list[str]
    changed: bool = False


class Interrupted(Exception):  # noqa: N818 - a KeyboardInterrupt reported, not an error of the run
    """Ctrl-C during a write: the graph holds whole plans only and the index was repaired to it."""

    def __init__(self, fixed: Repair, stored: list[str], gone: list[str]) -> None:
        super().__init__("interrupted")
        self.fixed, self.stored, self.gone = fixed, stored, gone


class NoStore(UserError):
    """Search or ask on a folder that holds no store yet."""


class UpdateRefused(UserError):
    """A SPARQL Update sent to a read-only query entry point."""

    def __init__(self, operation: str) -> None:
        super().__init__(f"{operation} is SPARQL Update; the store is read-only here")
        self.operation = operation


class QueryFailed(UserError):
    """A query the store refused (syntax, unknown prefix, …): str() is the parser's first line."""


class ExportRefused(UserError):
    """RDF exports whole plan graphs: task-level filters cannot choose triples inside them."""

    def __init__(self, fmt: str, task_filters: list[str]) -> None:
        super().__init__(f"{fmt} exports whole plan graphs, not tasks chosen by {', '.join(task_filters)}")
        self.fmt, self.task_filters = fmt, task_filters


class PlanNotFound(UserError):
    """No plan with this id in the store."""


class SourceUnreadable(UserError):
    """The plan is stored but the file it was read from cannot be read again (moved, deleted, unreadable)."""
