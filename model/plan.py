"""Plain dataclasses that ingest produces and graph/ consumes.

ingest/ knows nothing of RDF: these objects are the whole contract between
the parser and the rest of zwgk, so they stay small, frozen and serialisable.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from zwgk.model.roles import ROLES, Level, Role

__all__ = [
    "ROLES",
    "Responsibility",
    "Deadline",
    "ResponseTime",
    "PolicyRef",
    "Region",
    "Task",
    "DomainRecord",
    "Plan",
]



@dataclass(frozen=True)
class Responsibility:
    """One unit's share of a task (an n-ary link: unit + role + aspect)."""

    name: str
    #: A model.roles.Role code (the parser may hand a plain str of the same value).
    role: str = Role.responsible
    aspect: str | None = None
    #: True when the unit cell was blank (a merged cell) and the value was carried down.
    inherited: bool = False


@dataclass(frozen=True)
class Deadline:
    """A 完成时限 cell: the printed text plus what it resolves to."""

    raw: str | None = None
    #: First resolved ISO date, or None when the plan's year does not allow one.
    date: str | None = None
    #: Every resolved date when a cell names several (6月底前、12月底前).
    dates: tuple[str, ...] = ()
    ongoing: bool = False
    inherited: bool = False


@dataclass(frozen=True)
class ResponseTime:
    """A time limit counted from an event, not a date: 5小时内, 3个工作日之内, 在1个工作日 (录入).

    It cannot resolve to a calendar day (the clock starts when a request or an incident
    arrives), so it stays a duration: amount + unit, and where it was printed.
    """

    raw: str
    amount: int
    #: minute · hour · day · working_day · week · month
    unit: str
    #: "cell" (the 完成时限 cell) or "text" (the requirement)
    source: str = "text"


@dataclass(frozen=True)
class PolicyRef:
    """A cited document: 《title》（文号）, either part may be missing."""

    title: str | None
    number: str | None = None

    def key(self) -> str:
        """Identity across plans: the 文号 when printed, else the title."""
        return self.number or self.title or ""


@dataclass(frozen=True)
class Region:
    """An administrative division (GB/T 2260) with its chain up to the province."""

    name: str
    adcode: str
    level: Level | str  # a model.roles.Level: national (全国) | province | city | county
    chain: tuple[str, ...]
    chain_codes: tuple[str, ...]
    longitude: float | None = None
    latitude: float | None = None


@dataclass(frozen=True)
class Task:
    """One requirement row of a plan."""

    requirement: str
    section: tuple[str, ...] = ()
    seq: str | None = None
    units: tuple[Responsibility, ...] = ()
    units_raw: str | None = None
    deadline: Deadline = field(default_factory=Deadline)
    #: Dates written inside the requirement (2021年底前, 每季度), in text order; the cell's `deadline` comes first.
    text_deadlines: tuple[Deadline, ...] = ()
    #: Relative limits (5小时内, 3个工作日之内) from the cell or the requirement.
    response_times: tuple[ResponseTime, ...] = ()
    policies: tuple[PolicyRef, ...] = ()
    source_lines: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class DomainRecord:
    """A 公开领域 and the department(s) competent for it, as a plan lists them."""

    seq: int | None
    domain: str
    department: str | None
    flag: str | None = None  # 调整 / 新增
    department_inherited: bool = False
    source_lines: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class Plan:
    """A parsed plan: metadata, tasks and domain records of one source file."""

    doc: str
    title: str | None = None
    issuer: str | None = None
    issuer_inferred: bool = False
    region: Region | None = None
    year: int | None = None
    year_inferred: bool = False
    doc_number: str | None = None
    policies: tuple[PolicyRef, ...] = ()
    tasks: tuple[Task, ...] = ()
    domains: tuple[DomainRecord, ...] = ()
    layout: str = ""
    sha256: str = ""
    source_path: str = ""
