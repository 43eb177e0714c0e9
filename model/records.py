"""Task and plan records: what every layer after ingest passes on, typed, and built in one place.

A parsed `Plan` (model.plan) is the parser's view of one file; the records are
the flat view the rest of zwgk reads — search, the analyses, the exports —
whether they came from a parse (ingest.records), from an ingest's changes
(graph.changes) or back from the store (graph.records). All three build them
with `task_record` below, so the deadline keys, the policy order and the field
set cannot drift apart.

`to_json()` is the task contract of DESIGN.md / README ("The task contract"):
the keys and values `zwgk parse` / `zwgk tasks` print and the search index
stores, unchanged. `from_json()` reads that shape back (the index keeps
records as JSON).

A plan has one naming here (`title`, `policies`); it has two JSON shapes
because two are published: the stored/indexed shape (`plan_title`,
`policies`: `to_json`) and the `zwgk parse --format json` shape (`title`,
`cited_policies`, plus layout and provenance: `to_parse_json`).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from zwgk.model.plan import Deadline, ResponseTime
from zwgk.model.roles import Level, Role

__all__ = ["UnitRole", "PolicyCitation", "StatedDeadline", "DomainEntry", "TaskRecord", "PlanRecord",
           "task_record", "policy_order", "time_json", "TASK_FIELDS"]

#: The keys of a task record's JSON, in order (units' `function` only where resolved).
TASK_FIELDS = (
    "id", "doc", "plan_title", "issuer", "region", "region_chain", "year", "section", "seq", "requirement",
    "units", "units_raw", "deadline_raw", "deadline", "deadlines", "deadline_source", "deadline_inherited",
    "ongoing", "deadlines_in_text", "response_times", "topics", "domains", "policies", "source_lines",
)


@dataclass(frozen=True, slots=True)
class UnitRole:
    """One unit named by a task: its printed name, role, aspect (内容安全：…) and whether the cell was merged."""

    name: str
    role: Role
    aspect: str | None = None
    inherited: bool = False
    #: The unit's function (a unit-functions concept's zh label), when resolved (see TaskRecord.functions).
    function: str | None = None

    def to_json(self, function: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "role": str(self.role), "aspect": self.aspect,
                               "inherited": self.inherited}
        if function:
            out["function"] = self.function
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> UnitRole:
        return cls(data["name"], _ROLE[data["role"]], data.get("aspect"), bool(data.get("inherited")),
                   data.get("function"))


@dataclass(frozen=True, slots=True)
class PolicyCitation:
    """A cited document: 《title》（文号）, either part may be missing."""

    title: str | None
    number: str | None = None

    def key(self) -> str:
        """Identity across plans: the 文号 when printed, else the title."""
        return self.number or self.title or ""

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "number": self.number}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PolicyCitation:
        return cls(data.get("title"), data.get("number"))


_ROLE = {str(role): role for role in Role}
#: A rhythm stated in a requirement (每季度, 按月), as ingest/deadlines.py writes its raw text.
_RECURRING = re.compile(r"^[每按](?:季度?|半年|月|年)$")


def policy_order(policy: PolicyCitation) -> tuple[str, str]:
    """Cited documents in one order, whether read from the graph or from a parse: by 文号, then title."""
    return (policy.number or "", policy.title or "")


@dataclass(frozen=True, slots=True)
class StatedDeadline:
    """A date the requirement text states (2021年底前): as printed, and what it resolves to."""

    raw: str | None
    date: str | None = None
    dates: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"raw": self.raw, "date": self.date, "dates": list(self.dates)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StatedDeadline:
        return cls(data.get("raw"), data.get("date"), tuple(data.get("dates") or ()))


def time_json(r: ResponseTime) -> dict[str, Any]:
    """A response time in the task contract (`response_times[]`)."""
    return {"raw": r.raw, "amount": r.amount, "unit": r.unit, "source": r.source}


def _time_from(data: Mapping[str, Any]) -> ResponseTime:
    return ResponseTime(data["raw"], data["amount"], data["unit"], data.get("source", "text"))


@dataclass(frozen=True, slots=True)
class TaskRecord:
    """One task in the task contract (see TASK_FIELDS for the JSON keys, in order)."""

    id: str
    doc: str
    plan_title: str | None
    issuer: str | None
    region: str | None
    region_chain: tuple[str, ...]
    year: int | None
    section: tuple[str, ...]
    seq: str | None
    requirement: str
    units: tuple[UnitRole, ...]
    units_raw: str | None
    #: The 完成时限 cell as printed (null without a deadline column: text is never put there).
    deadline_raw: str | None
    #: The earliest of `deadlines`.
    deadline: str | None
    #: The cell's dates, or — only when the cell gives none — the requirement's; in date order.
    deadlines: tuple[str, ...]
    #: Where `deadlines` came from: "cell", "text" or None.
    deadline_source: str | None
    deadline_inherited: bool
    ongoing: bool
    deadlines_in_text: tuple[StatedDeadline, ...]
    response_times: tuple[ResponseTime, ...]
    topics: tuple[str, ...]
    domains: tuple[str, ...]
    policies: tuple[PolicyCitation, ...]
    source_lines: tuple[int, int]
    #: True when units carry their function (records read from, or handed to, the graph); a bare parse
    #: does not classify units, and its JSON has no `function` key.
    functions: bool = field(default=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "doc": self.doc, "plan_title": self.plan_title, "issuer": self.issuer,
            "region": self.region, "region_chain": list(self.region_chain), "year": self.year,
            "section": list(self.section), "seq": self.seq, "requirement": self.requirement,
            "units": [u.to_json(self.functions) for u in self.units], "units_raw": self.units_raw,
            "deadline_raw": self.deadline_raw, "deadline": self.deadline, "deadlines": list(self.deadlines),
            "deadline_source": self.deadline_source, "deadline_inherited": self.deadline_inherited,
            "ongoing": self.ongoing, "deadlines_in_text": [d.to_json() for d in self.deadlines_in_text],
            "response_times": [time_json(r) for r in self.response_times],
            "topics": list(self.topics), "domains": list(self.domains),
            "policies": [p.to_json() for p in self.policies], "source_lines": list(self.source_lines),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TaskRecord:
        # Positional and with empty lists skipped: the search index decodes every row an answer reads.
        get = data.get
        units = get("units") or ()
        stated, times, cited = get("deadlines_in_text"), get("response_times"), get("policies")
        first, last = (get("source_lines") or (0, 0))[:2]
        return cls(
            data["id"], data["doc"], get("plan_title"), get("issuer"), get("region"), tuple(get("region_chain") or ()),
            get("year"), tuple(get("section") or ()), get("seq"), data["requirement"],
            tuple(map(UnitRole.from_json, units)) if units else (), get("units_raw"), get("deadline_raw"),
            get("deadline"), tuple(get("deadlines") or ()), get("deadline_source"), bool(get("deadline_inherited")),
            bool(get("ongoing")), tuple(map(StatedDeadline.from_json, stated)) if stated else (),
            tuple(map(_time_from, times)) if times else (), tuple(get("topics") or ()), tuple(get("domains") or ()),
            tuple(map(PolicyCitation.from_json, cited)) if cited else (), (int(first), int(last)),
            all("function" in u for u in units),
        )

    def units_in(self, role: Role | str) -> list[UnitRole]:
        """The units named in this role, in printed order."""
        return [u for u in self.units if u.role == role]


@dataclass(frozen=True, slots=True)
class DomainEntry:
    """A 公开领域 a plan lists and the department(s) competent for it."""

    seq: int | None
    domain: str
    flag: str | None = None
    department: str | None = None
    department_inherited: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "domain": self.domain, "flag": self.flag, "department": self.department,
                "department_inherited": self.department_inherited}


@dataclass(frozen=True, slots=True)
class PlanRecord:
    """One plan's metadata: title, issuer, region and its chain, year, 文号, the documents it implements.

    Read back from the store, the provenance fields (year_inferred, task_row_count,
    domains, layout, sha256) keep their defaults: the stored/indexed shape has none.
    """

    doc: str
    title: str | None = None
    issuer: str | None = None
    issuer_inferred: bool = False
    region: str | None = None
    region_code: str | None = None
    region_chain: tuple[str, ...] = ()
    year: int | None = None
    year_inferred: bool = False
    doc_number: str | None = None
    policies: tuple[PolicyCitation, ...] = ()
    task_row_count: int = 0
    domains: tuple[DomainEntry, ...] = ()
    layout: str = ""
    sha256: str = ""
    #: Administrative level of the region (filled by the analyses, which rank plans by it).
    level: Level | None = None

    def to_json(self) -> dict[str, Any]:
        """The stored and indexed shape (graph.records, the search index's plan tables)."""
        return {
            "doc": self.doc, "plan_title": self.title, "issuer": self.issuer, "issuer_inferred": self.issuer_inferred,
            "year": self.year, "region": self.region, "region_code": self.region_code,
            "region_chain": list(self.region_chain), "doc_number": self.doc_number,
            "policies": [p.to_json() for p in self.policies],
        }

    def to_parse_json(self) -> dict[str, Any]:
        """The `zwgk parse --format json` shape (the sample key's plans.json, plus provenance)."""
        return {
            "doc": self.doc, "title": self.title, "issuer": self.issuer, "issuer_inferred": self.issuer_inferred,
            "region": self.region, "region_code": self.region_code, "region_chain": list(self.region_chain),
            "year": self.year, "year_inferred": self.year_inferred, "doc_number": self.doc_number,
            "cited_policies": [p.to_json() for p in self.policies], "task_row_count": self.task_row_count,
            "domains": [d.to_json() for d in self.domains], "layout": self.layout, "sha256": self.sha256,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PlanRecord:
        """Either JSON shape (plan_title/policies or title/cited_policies); absent keys keep their defaults."""
        policies = data.get("policies", data.get("cited_policies")) or ()
        level = data.get("level")
        return cls(
            doc=data["doc"], title=data.get("plan_title", data.get("title")), issuer=data.get("issuer"),
            issuer_inferred=bool(data.get("issuer_inferred")), region=data.get("region"),
            region_code=data.get("region_code"), region_chain=tuple(data.get("region_chain") or ()),
            year=data.get("year"), year_inferred=bool(data.get("year_inferred")), doc_number=data.get("doc_number"),
            policies=tuple(PolicyCitation.from_json(p) for p in policies),
            task_row_count=int(data.get("task_row_count") or 0),
            domains=tuple(DomainEntry(d.get("seq"), d["domain"], d.get("flag"), d.get("department"),
                                      bool(d.get("department_inherited"))) for d in data.get("domains") or ()
                          if isinstance(d, Mapping)),
            layout=data.get("layout") or "", sha256=data.get("sha256") or "",
            level=Level(level) if level else None,
        )


def task_record(plan: PlanRecord, *, id: str, section: Iterable[str], seq: str | None, requirement: str,
                units: Iterable[UnitRole], units_raw: str | None, deadline: Deadline,
                in_text: Iterable[Deadline], times: Iterable[ResponseTime], topics: Iterable[str] = (),
                domains: Iterable[str] = (), policies: Iterable[PolicyCitation] = (),
                source_lines: tuple[int, int] = (0, 0), functions: bool = False) -> TaskRecord:
    """The one builder of task records, for a parse and for rows read from the store alike.

    The deadline keys come from the cell and the requirement text: `deadline`/`deadlines`
    are the cell's dates, or — only when the cell gives none — the dates the requirement
    states (but not a recurrence such as 按季度 when the cell says 持续推进: that task is
    ongoing, not due each quarter); `deadline_source` says which. Several dates: `deadline` is the earliest and
    `deadlines` in date order — the same on the `parse` path and the `tasks` path, whose
    graph keeps a cell's dates as a set (printed order cannot survive it).
    """
    stated = tuple(in_text)
    # A cell that says the task goes on (持续推进) outranks a rhythm in its text (按月或按季度公开…):
    # the task is ongoing, and those month ends are when it reports, not when it is due.
    dated = [t for t in stated if not (deadline.ongoing and _RECURRING.match(t.raw or ""))]
    text_dates = list(dict.fromkeys(d for t in dated for d in t.dates))
    cell_dates = list(deadline.dates) or ([deadline.date] if deadline.date else [])
    dates, source = (cell_dates, "cell") if cell_dates else (text_dates, "text") if text_dates else ([], None)
    dates = sorted(dates)
    return TaskRecord(
        id=id, doc=plan.doc, plan_title=plan.title, issuer=plan.issuer, region=plan.region,
        region_chain=tuple(plan.region_chain), year=plan.year, section=tuple(section), seq=seq,
        requirement=requirement, units=tuple(units), units_raw=units_raw, deadline_raw=deadline.raw,
        deadline=dates[0] if dates else None, deadlines=tuple(dates), deadline_source=source,
        deadline_inherited=deadline.inherited, ongoing=deadline.ongoing,
        deadlines_in_text=tuple(StatedDeadline(t.raw, t.date, tuple(t.dates)) for t in stated),
        response_times=tuple(ResponseTime(r.raw, r.amount, r.unit, r.source) for r in times),
        topics=tuple(topics), domains=tuple(domains), policies=tuple(policies),
        source_lines=(int(source_lines[0]), int(source_lines[1])), functions=functions,
    )
