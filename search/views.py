"""The JSON shapes of an answer (`zwgk ask --json`, the server's /api/ask): a task, its units, a plan's unit
summary. Typed, so the terminal and the web page read the same fields the answer writes."""
from __future__ import annotations

from typing import Any, NotRequired, TypedDict

__all__ = ["UnitView", "TaskView", "UnitSummary"]


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
