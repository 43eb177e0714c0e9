"""Deadlines as an iCalendar (.ics) file, so they land in the calendar people already use.

One all-day VEVENT per task that has a date, on its first date; a task due
several times (6月底前、12月底前, 每季度) keeps one event with the other dates
as RDATEs, so a calendar shows every due day while the file still holds one
event per task. Which tasks go in is the filters' job (a unit, a plan, a
region); tasks with only a response time (5小时内) or only 持续推进 have no day
to put in a calendar and are left out. Written with the `icalendar` package.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from zwgk.model.records import TaskRecord
from zwgk.model.roles import ROLES
from zwgk.presentation.tables import LIST_SEP, SOURCE_LABELS

__all__ = ["calendar_bytes", "dated_tasks"]

_SUMMARY_CHARS = 40


def dated_tasks(tasks: Sequence[TaskRecord]) -> list[TaskRecord]:
    """The tasks that have at least one resolved date."""
    return [t for t in tasks if t.deadline or t.deadlines]


def _dates(task: TaskRecord) -> list[date]:
    out = []
    for d in [task.deadline, *task.deadlines]:
        try:
            day = date.fromisoformat(d) if d else None
        except ValueError:
            day = None
        if day and day not in out:
            out.append(day)
    return out


def _who(task: TaskRecord) -> list[str]:
    lines = []
    for role in ROLES:
        names = [u.name for u in task.units if u.role == role]
        if names:
            lines.append(f"{role.label}：{LIST_SEP.join(dict.fromkeys(names))}")
    return lines


def _event(task: TaskRecord, stamp: datetime) -> Any:
    from icalendar import Event

    days = _dates(task)
    units = [u.name for u in task.units]
    head = units[0] if units else (task.issuer or "")
    text = task.requirement
    summary = f"{head}：{text[:_SUMMARY_CHARS]}{'…' if len(text) > _SUMMARY_CHARS else ''}" if head else text[:_SUMMARY_CHARS]
    lines = [text, "", *_who(task)]
    if task.deadline_raw:
        lines.append(f"完成时限：{task.deadline_raw}")
    if task.deadline_source in SOURCE_LABELS:
        lines.append(f"日期来源：{SOURCE_LABELS[task.deadline_source]}")
    first, last = task.source_lines
    where = f"{task.doc}" + (f" 第{first}–{last}行" if first else "")
    lines += [f"计划：{task.plan_title or task.doc}（{task.issuer or ''}）", f"来源：{where}"]
    event = Event()
    event.add("uid", f"{task.id}@zwgk")
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", days[0])
    event.add("dtend", days[0] + timedelta(days=1))
    event.add("description", "\n".join(lines))
    if task.region or task.issuer:
        event.add("location", " ".join(x for x in (task.region, task.issuer) if x))
    if task.topics:
        event.add("categories", list(task.topics))
    if len(days) > 1:
        event.add("rdate", days[1:])
    event.add("transp", "TRANSPARENT")
    return event


def calendar_bytes(tasks: Sequence[TaskRecord], name: str | None = None, stamp: datetime | None = None) -> bytes:
    """An .ics calendar with one event per dated task."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", "-//zwgk//政务公开任务//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name or "政务公开任务完成时限")
    stamp = stamp or datetime.now(UTC).replace(microsecond=0)
    for task in dated_tasks(tasks):
        cal.add_component(_event(task, stamp))
    return cal.to_ical()
