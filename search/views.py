"""The JSON shapes of an answer (`zwgk ask --json`, the server's /api/ask): a task, its units, a plan's unit
summary, and how a task record becomes one. Typed, so the terminal and the web page read the same fields the
answer writes.

Lower-level bureaus and schools a plan addresses (县区教育局, 市直各学校) are agencies of their own: their
chain does not run through the issuing agency.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any, NotRequired, TypedDict, cast

from zwgk.model.records import TaskRecord, UnitRole, time_json
from zwgk.model.roles import ROLES

__all__ = ["UnitView", "TaskView", "UnitSummary", "ROLE_WEIGHT", "agency_chain", "unit_chain", "task_view",
           "unit_summary"]

#: How much a mention counts towards "who handles this": 牵头 > 负责 > 配合 (model.roles.Role.weight).
ROLE_WEIGHT: dict[str, float] = {str(role): role.weight for role in ROLES}
ROLE_ORDER: dict[str, int] = {str(role): role.rank for role in ROLES}
#: Unit functions that are agencies of their own, not sections of the issuing agency.
OUTSIDE_FUNCTIONS = frozenset({"县区教育局", "学校"})


class UnitView(TypedDict):
    """A unit of an answered task (UnitRole's JSON) and where it sits (unit_chain)."""

    name: str
    role: str
    aspect: str | None
    inherited: bool
    function: str | None
    agency: str | None
    chain: list[str]
    #: Lower-level bureaus and schools: the agency that assigns them the task (they are not its sections).
    assigned_by: NotRequired[str | None]


class TaskView(TypedDict):
    """A task of an answer: the task contract's fields less the plan's own, its units with their chains,
    the search score and why (`zwgk ask --json`'s `answers[].tasks[]`)."""

    id: str
    doc: str
    section: list[str]
    seq: str | None
    requirement: str
    deadline_raw: str | None
    deadline: str | None
    deadlines: list[str]
    deadline_source: str | None
    deadlines_in_text: list[dict[str, Any]]
    response_times: list[dict[str, Any]]
    ongoing: bool
    deadline_inherited: bool
    topics: list[str]
    domains: list[str]
    policies: list[dict[str, Any]]
    source_lines: list[int]
    units: list[UnitView]
    score: float
    why: dict[str, Any]
    #: 照搬上级方案 answers: the plans above whose tasks word it near-identically (model.copies.CopySource).
    copied_from: NotRequired[list[dict[str, Any]]]
    #: 在多个地区都出现 answers: other regions' plans wording it near-identically (the first few), and how many.
    shared_with: NotRequired[list[dict[str, Any]]]
    shared_count: NotRequired[int]


class UnitSummary(TypedDict):
    """A unit added up over a plan's answered tasks: in which role, which tasks name it."""

    name: str
    role: str
    aspect: str | None
    function: str | None
    agency: str | None
    chain: list[str]
    tasks: list[str]
    #: As in UnitView: for lower-level bureaus and schools, the agency that assigns them the task.
    assigned_by: NotRequired[str | None]


def agency_chain(record: TaskRecord) -> list[str | None]:
    """Who answers for a task, nearest first: the issuing agency, its region, … up to the province.

    The one place the chain is built: search hits carry it as is, `unit_chain` puts the unit in front.
    """
    return [record.issuer, *reversed(record.region_chain)]


def unit_chain(unit: UnitRole, record: TaskRecord, chain: list[str | None] | None = None) -> dict[str, Any]:
    """Where a unit sits: a section of the issuing agency, or (县区教育局, schools) an agency within the region.

    The chain keys of a UnitView; `chain`: the task's agency_chain when the caller already has it.
    """
    agency, *regions = chain or agency_chain(record)
    if unit.function in OUTSIDE_FUNCTIONS:
        return {"agency": None, "assigned_by": agency, "chain": [unit.name, *regions]}
    return {"agency": agency, "chain": [unit.name, agency or "?", *regions]}


def _aspects(asked: str, record: TaskRecord) -> set[str]:
    """Aspects (内容安全：…) the question names among this task's units."""
    return {u.aspect for u in record.units if u.aspect and u.aspect in asked}


def _unit_view(unit: UnitRole, record: TaskRecord, chain: list[str | None]) -> UnitView:
    """UnitRole's JSON, then its chain (agency, assigned_by, chain: the order `ask --json` prints)."""
    return cast(UnitView, {**unit.to_json(function=True), **unit_chain(unit, record, chain)})


def _units_shown(record: TaskRecord, asked: str) -> list[UnitRole]:
    """The task's units an answer lists: those of the aspects the question names (内容安全), else all."""
    aspects = _aspects(asked, record)
    return [u for u in record.units if not aspects or u.aspect in aspects]


def task_view(record: TaskRecord, asked: str, hit: Any = None) -> TaskView:
    """One task of an answer as JSON: the task contract's fields, each unit with its chain, the score and why
    (`hit`: its search hit, with a score and why(), where search ranked it). `asked`: the question's text."""
    units = _units_shown(record, asked)
    chain = agency_chain(record)
    return {  # TaskRecord.to_json's values for these keys, built directly (an answer may hold 10k tasks)
        "id": record.id, "doc": record.doc, "section": list(record.section), "seq": record.seq,
        "requirement": record.requirement, "deadline_raw": record.deadline_raw, "deadline": record.deadline,
        "deadlines": list(record.deadlines), "deadline_source": record.deadline_source,
        "deadlines_in_text": [d.to_json() for d in record.deadlines_in_text],
        "response_times": [time_json(r) for r in record.response_times],
        "ongoing": record.ongoing, "deadline_inherited": record.deadline_inherited, "topics": list(record.topics),
        "domains": list(record.domains), "policies": [p.to_json() for p in record.policies],
        "source_lines": list(record.source_lines),
        "units": [_unit_view(u, record, chain) for u in units],
        "score": round(hit.score, 5) if hit else 0.0,
        "why": hit.why() if hit else {},
    }


def unit_summary(tasks: list[TaskView]) -> list[UnitSummary]:
    """Units added up over the plan's tasks, each saying which tasks name it in which role."""
    rows: dict[tuple[str, str, str | None], UnitSummary] = {}
    weight: dict[tuple[str, str, str | None], float] = defaultdict(float)
    for t in tasks:
        for u in t["units"]:
            key = (u["name"], u["role"], u["aspect"])
            row = rows.setdefault(key, {"name": u["name"], "role": u["role"], "aspect": u["aspect"],
                                        "function": u["function"], "agency": u["agency"],
                                        "chain": u["chain"], "tasks": []})
            if "assigned_by" in u:
                row["assigned_by"] = u["assigned_by"]
            row["tasks"].append(t["id"])
            weight[key] += ROLE_WEIGHT.get(u["role"], 0.5)
    order = sorted(rows, key=lambda k: (ROLE_ORDER.get(k[1], 3), -weight[k], k[0]))
    return [rows[k] for k in order]
