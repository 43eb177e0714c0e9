"""The task contract (DESIGN.md): the JSON shape `zwgk parse` and `zwgk tasks` print.

Programs downstream rely on these keys; tests pin them.
"""
from __future__ import annotations

from pathlib import PurePath
from typing import Any

from zwgk.model.plan import Deadline, Plan, ResponseTime, Task

__all__ = ["TASK_FIELDS", "task_id", "task_record", "task_records", "plan_record", "deadline_fields"]

TASK_FIELDS = (
    "id", "doc", "plan_title", "issuer", "region", "region_chain", "year", "section", "seq", "requirement",
    "units", "deadline_raw", "deadline", "ongoing", "topics", "domains", "policies", "source_lines",
    "deadlines", "deadline_source", "deadlines_in_text", "response_times",
)


def task_id(doc: str, index: int) -> str:
    """Stable across machines: the plan id (file name, or the path relative to the ingest root,
    suffix included so plan.docx and plan.html differ) and the task's position in it."""
    return f"{PurePath(doc).as_posix()}#t{index + 1:03d}"


def deadline_fields(cell: Deadline, in_text: tuple[Deadline, ...] | list[Deadline],
                    times: tuple[ResponseTime, ...] | list[ResponseTime]) -> dict[str, Any]:
    """The deadline keys of the task contract, from the cell and the requirement text.

    `deadline_raw` is the cell as printed (null without a deadline column: text is never put
    there). `deadline`/`deadlines` are the cell's dates, or — only when the cell gives none —
    the dates the requirement states; `deadline_source` says which ("cell", "text" or null).
    """
    text_dates = list(dict.fromkeys(d for t in in_text for d in t.dates))
    cell_dates = list(cell.dates) or ([cell.date] if cell.date else [])
    dates, source = (cell_dates, "cell") if cell_dates else (text_dates, "text") if text_dates else ([], None)
    # Several dates: `deadline` is the earliest, `deadlines` in date order — the same on the `parse` path and
    # the `tasks` path, whose graph keeps a cell's dates as a set (printed order cannot survive it).
    dates = sorted(dates)
    return {
        "deadline_raw": cell.raw,
        "deadline": dates[0] if dates else None,
        "deadlines": dates,
        "deadline_source": source,
        "deadline_inherited": cell.inherited,
        "ongoing": cell.ongoing,
        "deadlines_in_text": [{"raw": t.raw, "date": t.date, "dates": list(t.dates)} for t in in_text],
        "response_times": [{"raw": r.raw, "amount": r.amount, "unit": r.unit, "source": r.source} for r in times],
    }


def task_record(plan: Plan, task: Task, index: int, topics: list[str] | None = None,
                domains: list[str] | None = None) -> dict[str, Any]:
    return {
        "id": task_id(plan.doc, index),
        "doc": plan.doc,
        "plan_title": plan.title,
        "issuer": plan.issuer,
        "region": plan.region.name if plan.region else None,
        "region_chain": list(plan.region.chain) if plan.region else [],
        "year": plan.year,
        "section": list(task.section),
        "seq": task.seq,
        "requirement": task.requirement,
        "units": [
            {"name": u.name, "role": u.role, "aspect": u.aspect, "inherited": u.inherited} for u in task.units
        ],
        "units_raw": task.units_raw,
        **deadline_fields(task.deadline, task.text_deadlines, task.response_times),
        "topics": topics or [],
        "domains": domains or [],
        "policies": [{"title": p.title, "number": p.number} for p in task.policies],
        "source_lines": list(task.source_lines),
    }


def task_records(plan: Plan) -> list[dict[str, Any]]:
    return [task_record(plan, task, i) for i, task in enumerate(plan.tasks)]


def plan_record(plan: Plan) -> dict[str, Any]:
    """Plan metadata in the shape of the sample key's plans.json, plus provenance."""
    return {
        "doc": plan.doc,
        "title": plan.title,
        "issuer": plan.issuer,
        "issuer_inferred": plan.issuer_inferred,
        "region": plan.region.name if plan.region else None,
        "region_code": plan.region.adcode if plan.region else None,
        "region_chain": list(plan.region.chain) if plan.region else [],
        "year": plan.year,
        "year_inferred": plan.year_inferred,
        "doc_number": plan.doc_number,
        "cited_policies": [{"title": p.title, "number": p.number} for p in plan.policies],
        "task_row_count": len(plan.tasks),
        "domains": [
            {"seq": d.seq, "domain": d.domain, "flag": d.flag, "department": d.department,
             "department_inherited": d.department_inherited}
            for d in plan.domains
        ],
        "layout": plan.layout,
        "sha256": plan.sha256,
    }
