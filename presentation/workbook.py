"""The .xlsx staff hand to their director: tasks, plans and units sheets (openpyxl).

The tasks sheet has the columns of the CSV (presentation/tables.py) with what a
spreadsheet adds: a frozen, filterable header, column widths measured in
display cells (a CJK character takes two), wrapped requirement text, real
date cells for deadlines, and merged-cell inheritance shown twice: a 是/否
column and a grey fill on the cells whose value was carried down from the row
above. openpyxl is imported here only, so the CLI starts without it.
"""
from __future__ import annotations

import io
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from typing import Any

from zwgk.analysis.corpus import Corpus, function_of
from zwgk.model.records import TaskRecord, UnitRole
from zwgk.model.roles import ROLES
from zwgk.presentation.tables import LIST_SEP, PATH_SEP, role_labels, task_columns, task_row, yes_no

__all__ = ["workbook_bytes", "table_bytes", "display_width", "INHERITED_FILL"]

#: Light grey: a value the plan printed once for several rows (a merged cell), repeated here.
INHERITED_FILL = "E7E6E6"
_HEADER_FILL = "DDEBF7"
_MAX_WIDTH = 50


def display_width(text: str) -> int:
    """Width in spreadsheet character units: wide (CJK, full-width) characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class _Styles:
    """Style objects made once and shared by every cell (openpyxl dedupes them, but creating them per cell is slow)."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        self.header_font, self.header_fill = Font(bold=True), PatternFill("solid", fgColor=_HEADER_FILL)
        self.header_align = Alignment(vertical="center", wrap_text=True)
        self.top = Alignment(vertical="top")
        self.wrapped = Alignment(vertical="top", wrap_text=True)
        self.grey = PatternFill("solid", fgColor=INHERITED_FILL)


def _write_sheet(wb: Any, title: str, headers: list[str], rows: list[list[Any]], widths: list[float], wrap: set[int],
                 styles: _Styles, fills: list[set[int]] | None = None, dates: AbstractSet[int] = frozenset(),
                 notes: dict[int, str] | None = None) -> None:
    """A write-only sheet: frozen, filterable header; widths; wrapped, date and grey (inherited) cells.

    Write-only mode streams rows to the file, several times faster than the normal mode on large
    tables; widths, panes and filter must therefore be set before the first row.
    """
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    head = []
    for i, h in enumerate(headers):
        cell = WriteOnlyCell(ws, value=h)
        cell.font, cell.fill, cell.alignment = styles.header_font, styles.header_fill, styles.header_align
        if notes and i in notes:
            cell.comment = Comment(notes[i], "zwgk")
        head.append(cell)
    ws.append(head)
    for r, row in enumerate(rows):
        grey = fills[r] if fills else ()
        out = []
        for i, value in enumerate(row):
            formula_like = isinstance(value, str) and value.startswith("=")
            if i not in wrap and i not in dates and i not in grey and not formula_like:
                out.append(value)  # a plain value: no cell object, no style
                continue
            cell = WriteOnlyCell(ws, value=value)
            if formula_like:
                cell.data_type = "s"  # text as printed, never a formula Excel would run
            cell.alignment = styles.wrapped if i in wrap else styles.top
            if i in dates:
                cell.number_format = "yyyy-mm-dd"
            if i in grey:
                cell.fill = styles.grey
            out.append(cell)
        ws.append(out)


def _fit(headers: list[str], rows: list[list[Any]], caps: list[float] | None = None) -> list[float]:
    """Column widths that show the longest value (capped), header included; the first 2,000 rows decide."""
    widths = []
    for i, header in enumerate(headers):
        longest = max([display_width(header), *(display_width(_shown(r[i])) for r in rows[:2000])])
        cap = caps[i] if caps else _MAX_WIDTH
        widths.append(float(min(max(longest + 2, 6), cap)))
    return widths


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _tasks_sheet(wb: Any, tasks: Sequence[TaskRecord], styles: _Styles) -> None:
    cols = task_columns()
    headers = [c.header for c in cols]
    index = {c.key: i for i, c in enumerate(cols)}
    unit_cells = {index[k] for k in ("lead", "responsible", "cooperate", "units_inherited")}
    deadline_cells = {index[k] for k in ("deadline_raw", "deadline", "deadline_inherited")}
    rows, fills = [], []
    for record in tasks:
        values = task_row(record)
        rows.append([yes_no(v) if c.kind == "flag" else v for c, v in zip(cols, values, strict=True)])
        grey: set[int] = set()
        if any(u.inherited for u in record.units):
            grey |= unit_cells
        if record.deadline_inherited:
            grey |= deadline_cells
        fills.append(grey)
    caps = [c.width if c.kind == "long" else _MAX_WIDTH for c in cols]
    widths = [c.width if c.kind == "long" else w for c, w in zip(cols, _fit(headers, rows, caps), strict=True)]
    note = "灰底：原表为合并单元格，此值沿用上行。"
    _write_sheet(wb, "任务", headers, rows, widths, {i for i, c in enumerate(cols) if c.kind == "long"}, styles,
                 fills=fills, dates={index["deadline"]},
                 notes={index["units_inherited"]: note, index["deadline_inherited"]: note})


def _plans_sheet(wb: Any, corpus: Corpus, styles: _Styles) -> None:
    headers = ["来源文件", "计划名称", "发文机关", "地区", "地区层级", "年度", "发文字号", "政策依据",
               "任务数", "有完成日期的任务", "持续推进的任务", "责任单位数"]
    by_plan = corpus.tasks_by_plan()
    rows = []
    for doc in corpus.plan_order():
        p, tasks = corpus.plans[doc], by_plan.get(doc, [])
        policies = "；".join((f"《{x.title}》" if x.title else "") + (f"（{x.number}）" if x.number else "")
                            for x in p.policies)
        rows.append([doc, p.title or "", p.issuer or "", p.region or "",
                     PATH_SEP.join(p.region_chain), p.year, p.doc_number or "", policies,
                     len(tasks), sum(1 for t in tasks if t.deadline), sum(1 for t in tasks if t.ongoing),
                     len({u.name for t in tasks for u in t.units})])
    _write_sheet(wb, "计划", headers, rows, _fit(headers, rows), {1, 7}, styles)


def _units_sheet(wb: Any, corpus: Corpus, styles: _Styles) -> None:
    roles = role_labels()
    codes = tuple(str(role) for role in ROLES)
    headers = ["地区", "发文机关", "单位", "职能类别", *(roles.get(c, c) for c in codes), "任务数", "沿用上行", "工作主题", "来源文件"]
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    topics: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    units: dict[tuple[str, str], UnitRole] = {}
    for t in corpus.tasks:
        seen = set()
        for u in t.units:
            key = (t.doc, u.name)
            units.setdefault(key, u)
            counts[key][str(u.role)] += 1
            if u.inherited:
                counts[key]["inherited"] += 1
            if key not in seen:
                seen.add(key)
                counts[key]["tasks"] += 1
                topics[key].update(t.topics)
    rows = []
    order = {doc: i for i, doc in enumerate(corpus.plan_order())}
    for key in sorted(units, key=lambda k: (order.get(k[0], 0), -counts[k]["tasks"], k[1])):
        doc, name = key
        plan = corpus.plans.get(doc)
        c = counts[key]
        rows.append([(plan.region if plan else None) or "", (plan.issuer if plan else None) or "", name,
                     function_of(units[key]) if units[key].function else "",
                     *(c[r] for r in codes), c["tasks"], c["inherited"],
                     LIST_SEP.join(x for x, _ in topics[key].most_common(5)), doc])
    _write_sheet(wb, "单位", headers, rows, _fit(headers, rows), set(), styles)


def workbook_bytes(corpus: Corpus) -> bytes:
    """An .xlsx with the sheets 任务 (tasks), 计划 (plans) and 单位 (units) of the corpus."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    styles = _Styles()
    _tasks_sheet(wb, corpus.tasks, styles)
    _plans_sheet(wb, corpus, styles)
    _units_sheet(wb, corpus, styles)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def table_bytes(title: str, headers: list[str], rows: list[list[Any]]) -> bytes:
    """One sheet holding a table (the web page's compare export): same header, widths and text safety."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    _write_sheet(wb, title[:31] or "表", headers, rows, _fit(headers, rows), set(range(len(headers))), _Styles())
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
