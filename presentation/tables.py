"""The task table people open in Excel/WPS: one row per task, Chinese headers, one column per role.

CSV and the xlsx tasks sheet (presentation/workbook.py) share these columns, so a
column added here shows up in both. Headers and role names are the zh labels
of the ontology's terms (zwgk:leadUnit → 牵头单位, role:lead → 牵头), so the
table and the graph speak the same words. Values stay typed here (dates are
`datetime.date`, flags are bool) and each writer renders them its own way:
the CSV prints 是/否 and ISO dates, the workbook writes real date cells.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from zwgk.model.records import TaskRecord
from zwgk.model.roles import ROLES, Role

__all__ = ["Column", "task_columns", "role_labels", "term_label", "task_row", "tasks_csv", "tasks_csv_lines", "yes_no", "CSV_BOM"]

#: Excel and WPS read a CSV as the local code page (GBK) unless it starts with this.
CSV_BOM = "\ufeff"

#: Separator inside a cell: the Chinese enumeration comma, as a list of names is written in the plans.
LIST_SEP = "、"
#: Between the levels of a path (region chain, nested headings): not ` > `, which reads like a shell path.
PATH_SEP = "／"
#: Where a deadline date came from (`deadline_source` of the task contract).
SOURCE_LABELS = {"cell": "完成时限栏", "text": "工作要求正文"}


@lru_cache(maxsize=1)
def _ontology_labels() -> dict[str, str]:
    """zh rdfs:label / skos:prefLabel of every zwgk term and concept, by local name (ontology.ttl, read once)."""
    from rdflib import Graph, Literal
    from rdflib.namespace import RDFS, SKOS

    from zwgk.graph.namespace import ONTOLOGY_FILE, ZWGK

    g = Graph().parse(ONTOLOGY_FILE, format="turtle")
    labels: dict[str, str] = {}
    for prop in (RDFS.label, SKOS.prefLabel):
        for s, o in g.subject_objects(prop):
            if isinstance(o, Literal) and o.language == "zh":
                key = str(s).removeprefix(str(ZWGK._NS))
                labels.setdefault(key, str(o))
    return labels


def term_label(local: str, fallback: str | None = None) -> str:
    """The zh label of a zwgk term (`leadUnit` → 牵头单位); fallback when the ontology has none."""
    return _ontology_labels().get(local, fallback or local)


def role_labels() -> dict[str, str]:
    """Role codes of the data (lead, responsible, cooperate) → the roles scheme's zh prefLabel (牵头, 负责, 配合)."""
    return {str(role): role.label for role in ROLES}


def yes_no(value: bool) -> str:
    return "是" if value else "否"


def _iso_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _units(record: TaskRecord, role: Role) -> str:
    names: list[str] = []
    for u in record.units:
        if u.role == role and u.name not in names:
            names.append(f"{u.name}（{u.aspect}）" if u.aspect else u.name)
    return LIST_SEP.join(names)


def _policies(record: TaskRecord) -> str:
    out = []
    for p in record.policies:
        title = p.title or ""
        if title and not title.startswith("《"):
            title = f"《{title}》"
        out.append(title + (f"（{p.number}）" if p.number else ""))
    return "；".join(x for x in out if x)


def _text_deadlines(record: TaskRecord) -> str:
    return LIST_SEP.join(d.raw for d in record.deadlines_in_text if d.raw)


def _response_times(record: TaskRecord) -> str:
    return LIST_SEP.join(r.raw for r in record.response_times if r.raw)


def _lines(record: TaskRecord, i: int) -> int | None:
    return record.source_lines[i] or None


@dataclass(frozen=True)
class Column:
    """One column of the task table: header, how to get the value from a task record, how to show it."""

    key: str
    header: str
    get: Callable[[TaskRecord], Any]
    #: text · long (wrapped in the workbook) · date · flag (是/否) · int
    kind: str = "text"
    #: Width in the workbook, in Excel character units (a CJK character is about 2).
    width: float = 12


@lru_cache(maxsize=1)
def task_columns() -> tuple[Column, ...]:
    """The columns of the task table (built on first use: reading the ontology costs ~0.1 s, `--help` must not pay it)."""
    lead, resp, coop = (term_label(t) for t in ("leadUnit", "responsibleUnit", "cooperatingUnit"))
    inherited = term_label("inherited")  # 沿用上行
    return (
        Column("id", "任务编号", lambda r: r.id, width=24),
        Column("region", term_label("region"), lambda r: r.region or "", width=12),
        Column("region_chain", "地区层级", lambda r: PATH_SEP.join(r.region_chain), width=22),
        Column("issuer", "发文机关", lambda r: r.issuer or "", width=22),
        Column("year", term_label("year"), lambda r: r.year, kind="int", width=7),
        Column("plan_title", "计划名称", lambda r: r.plan_title or "", width=30),
        Column("section1", "一级标题", lambda r: (r.section or ("",))[0], width=26),
        Column("section2", "下级标题", lambda r: PATH_SEP.join(r.section[1:]), width=26),
        Column("seq", term_label("seq"), lambda r: r.seq or "", width=6),
        Column("requirement", term_label("requirement"), lambda r: r.requirement, kind="long", width=60),
        Column("lead", lead, lambda r: _units(r, Role.lead), width=18),
        Column("responsible", resp, lambda r: _units(r, Role.responsible), width=22),
        Column("cooperate", coop, lambda r: _units(r, Role.cooperate), width=18),
        Column("units_raw", term_label("unitsText"), lambda r: r.units_raw or "", width=22),
        Column("units_inherited", f"责任单位{inherited}",
               lambda r: any(u.inherited for u in r.units), kind="flag", width=10),
        Column("deadline_raw", term_label("deadline"), lambda r: r.deadline_raw or "", width=14),
        Column("deadline", "完成日期", lambda r: _iso_date(r.deadline), kind="date", width=12),
        Column("deadline_source", "日期来源", lambda r: SOURCE_LABELS.get(r.deadline_source or "", ""), width=12),
        Column("deadlines", "全部日期", lambda r: LIST_SEP.join(r.deadlines), width=14),
        Column("deadline_inherited", f"完成时限{inherited}", lambda r: r.deadline_inherited, kind="flag", width=10),
        Column("ongoing", term_label("ongoing"), lambda r: r.ongoing, kind="flag", width=9),
        Column("deadlines_in_text", "正文中的时限", _text_deadlines, width=16),
        Column("response_times", "响应时限", _response_times, width=14),
        Column("topics", term_label("topic"), lambda r: LIST_SEP.join(r.topics), width=22),
        Column("domains", term_label("domain"), lambda r: LIST_SEP.join(r.domains), width=16),
        Column("policies", "政策依据", _policies, kind="long", width=30),
        Column("doc", "来源文件", lambda r: r.doc or "", width=24),
        Column("first_line", term_label("firstLine"), lambda r: _lines(r, 0), kind="int", width=8),
        Column("last_line", term_label("lastLine"), lambda r: _lines(r, 1), kind="int", width=8),
    )


def task_row(record: TaskRecord) -> list[Any]:
    """The typed values of one task record, in task_columns() order."""
    return [c.get(record) for c in task_columns()]


def _csv_value(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "flag":
        return yes_no(bool(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def tasks_csv(records: Iterable[TaskRecord]) -> str:
    """The task table as CSV text starting with a BOM, so Excel/WPS open it as UTF-8 (csv reads it back with utf-8-sig)."""
    return "".join(tasks_csv_lines(records))


def tasks_csv_lines(records: Iterable[TaskRecord]) -> Iterator[str]:
    """tasks_csv line by line (the BOM and header first), for a table written as it is made."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    cols = task_columns()
    writer.writerow([c.header for c in cols])
    yield CSV_BOM + buffer.getvalue()
    for record in records:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_csv_value(c.get(record), c.kind) for c in cols])
        yield buffer.getvalue()
