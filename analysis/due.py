"""What is due: tasks whose next date falls in a window, or whose dates have all passed.

Plans print deadlines per task, often several (6月底前、12月底前) or recurring
(每季度); a task is "due within 30 days" when any of its dates falls between
today and today + 30, and "overdue" when every date lies before today (a
quarterly task with one quarter past is not overdue while later quarters
remain). The plans carry no completion status, so overdue means "the date has
passed", not "the work is late". `today` is a parameter so tests and reports
are reproducible.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from zwgk.model.filters import Filters
from zwgk.model.records import TaskRecord

__all__ = ["DueTask", "due_tasks", "parse_window", "window_filters"]

_WINDOW = re.compile(r"^\s*(\d+)\s*(d|day|days|天|w|week|weeks|周|m|month|months|月)?\s*$", re.IGNORECASE)
_DAYS = {"d": 1, "day": 1, "days": 1, "天": 1, "w": 7, "week": 7, "weeks": 7, "周": 7,
         "m": 30, "month": 30, "months": 30, "月": 30}


def parse_window(text: str) -> int:
    """`30d`, `2w`, `3m` (30-day months), `30` → days; ValueError with the reason otherwise."""
    m = _WINDOW.match(text or "")
    if not m:
        raise ValueError(f"{text!r} is not a window like 30d, 2w or 3m")
    return int(m.group(1)) * _DAYS[(m.group(2) or "d").lower()]


@dataclass(frozen=True)
class DueTask:
    """A task with the date that puts it in the listing and the days from today to it (negative: past)."""

    record: TaskRecord
    date: date
    days: int
    overdue: bool


def window_filters(filters: Filters, today: date, within: int | None, overdue: bool = False) -> Filters:
    """The filters with the window added where it narrows what `due_tasks` reads: a task due within the
    window has a date in [today, today + within], which the search index answers from its deadline
    columns (a million tasks: the records of the window, not all of them). Overdue and unbounded listings
    read every dated task, and filters that bound the dates themselves are left as they are."""
    if within is None or overdue or filters.due_before or filters.due_after:
        return filters
    return replace(filters, due_after=today.isoformat(), due_before=(today + timedelta(days=within)).isoformat())


def _dates(record: TaskRecord) -> list[date]:
    out = set()
    for d in [record.deadline, *record.deadlines]:
        try:
            if d:
                out.add(date.fromisoformat(d))
        except ValueError:
            continue
    return sorted(out)


def due_tasks(records: Sequence[TaskRecord], today: date, within: int | None = None,
              overdue: bool = False) -> list[DueTask]:
    """Tasks due in [today, today + within] and, with `overdue`, those whose every date is past; soonest first.

    Neither given: every dated task, by its next date (its last one when all are past).
    """
    end = today + timedelta(days=within) if within is not None else None
    out = []
    for r in records:
        dates = _dates(r)
        if not dates:
            continue
        upcoming = [d for d in dates if d >= today]
        past = not upcoming
        if past:
            if overdue or within is None:
                out.append(DueTask(r, dates[-1], (dates[-1] - today).days, True))
            continue
        if overdue and within is None:
            continue
        if end is None or upcoming[0] <= end:
            out.append(DueTask(r, upcoming[0], (upcoming[0] - today).days, False))
    out.sort(key=lambda t: (t.date, t.record.doc or "", t.record.id or ""))
    return out
