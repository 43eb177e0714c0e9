"""The .xlsx staff hand to their director: tasks, plans and units sheets (openpyxl).

The tasks sheet has the columns of the CSV (graph/tables.py) with what a
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
from typing import Any

from .corpus import Corpus, function_of
from .tables import LIST_SEP, PATH_SEP, role_labels, task_columns, task_row, yes_no

__all__ = ["workbook_bytes", "display_width", "INHERITED_FILL"]

#: Light grey: a value the plan printed once for several rows (a merged cell), repeated here.
INHERITED_FILL = "E7E6E6"
_HEADER_FILL = "DDEBF7"
_MAX_WIDTH = 50


def display_width(text: str) -> int:
    """Width in spreadsheet character units: wide (CJK, full-width) characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _style_sheet(ws, headers: list[str], widths: list[float], wrap: set[int]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold, fill = Font(bold=True), PatternFill("solid", fgColor=_HEADER_FILL)
    for i, _ in enumerate(headers, 1):
        cell = ws.cell(row=1, column=i)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    ws.freeze_panes = "A2"
    if ws.max_row > 1:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{ws.max_row}"
    top = Alignment(vertical="top")
    wrapped = Alignment(vertical="top", wrap_text=True)
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
        for row in ws.iter_rows(min_row=2, min_col=i, max_col=i):
            row[0].alignment = wrapped if i in wrap else top


def _fit(headers: list[str], rows: list[list[Any]], caps: list[float] | None = None) -> list[float]:
    """Column widths that show the longest value (capped), header included."""
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


def _tasks_sheet(ws, tasks: list[dict[str, Any]]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    cols = task_columns()
    headers = [c.header for c in cols]
    ws.append(headers)
    rows = []
    for record in tasks:
        values = task_row(record)
        rows.append(values)
        ws.append([yes_no(v) if c.kind == "flag" else v for c, v in zip(cols, values, strict=True)])
    index = {c.key: i + 1 for i, c in enumerate(cols)}
    grey = PatternFill("solid", fgColor=INHERITED_FILL)
    for r, record in enumerate(tasks, 2):
        ws.cell(row=r, column=index["deadline"]).number_format = "yyyy-mm-dd"
        if any(u.get("inherited") for u in record.get("units") or []):
            for key in ("lead", "responsible", "cooperate", "units_inherited"):
                ws.cell(row=r, column=index[key]).fill = grey
        if record.get("deadline_inherited"):
            for key in ("deadline_raw", "deadline", "deadline_inherited"):
                ws.cell(row=r, column=index[key]).fill = grey
    caps = [c.width if c.kind == "long" else _MAX_WIDTH for c in cols]
    widths = _fit(headers, rows, caps)
    widths = [c.width if c.kind == "long" else w for c, w in zip(cols, widths, strict=True)]
    _style_sheet(ws, headers, widths, {i + 1 for i, c in enumerate(cols) if c.kind == "long"})
    note = "灰底：原表为合并单元格，此值沿用上行。"
    for key in ("units_inherited", "deadline_inherited"):
        ws.cell(row=1, column=index[key]).comment = Comment(note, "zwgk")


def _plans_sheet(ws, corpus: Corpus) -> None:
    headers = ["来源文件", "计划名称", "发文机关", "地区", "地区层级", "年度", "发文字号", "政策依据",
               "任务数", "有完成日期的任务", "持续推进的任务", "责任单位数"]
    by_plan = corpus.tasks_by_plan()
    ws.append(headers)
    rows = []
    for doc in corpus.plan_order():
        p, tasks = corpus.plans[doc], by_plan.get(doc, [])
        policies = "；".join((f"《{x['title']}》" if x.get("title") else "") + (f"（{x['number']}）" if x.get("number") else "")
                            for x in p.get("policies") or [])
        row = [doc, p.get("plan_title") or "", p.get("issuer") or "", p.get("region") or "",
               PATH_SEP.join(p.get("region_chain") or []), p.get("year"), p.get("doc_number") or "", policies,
               len(tasks), sum(1 for t in tasks if t.get("deadline")), sum(1 for t in tasks if t.get("ongoing")),
               len({u["name"] for t in tasks for u in t["units"]})]
        rows.append(row)
        ws.append(row)
    _style_sheet(ws, headers, _fit(headers, rows), {2, 8})


def _units_sheet(ws, corpus: Corpus) -> None:
    roles = role_labels()
    codes = ("lead", "responsible", "cooperate")
    headers = ["地区", "发文机关", "单位", "职能类别", *(roles.get(c, c) for c in codes), "任务数", "沿用上行", "工作主题", "来源文件"]
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    topics: dict[tuple[str, str], Counter] = defaultdict(Counter)
    units: dict[tuple[str, str], dict[str, Any]] = {}
    for t in corpus.tasks:
        seen = set()
        for u in t["units"]:
            key = (t["doc"], u["name"])
            units.setdefault(key, u)
            counts[key][u["role"]] += 1
            if u.get("inherited"):
                counts[key]["inherited"] += 1
            if key not in seen:
                seen.add(key)
                counts[key]["tasks"] += 1
                topics[key].update(t["topics"])
    ws.append(headers)
    rows = []
    order = {doc: i for i, doc in enumerate(corpus.plan_order())}
    for key in sorted(units, key=lambda k: (order.get(k[0], 0), -counts[k]["tasks"], k[1])):
        doc, name = key
        plan = corpus.plans.get(doc, {})
        c = counts[key]
        row = [plan.get("region") or "", plan.get("issuer") or "", name, function_of(units[key]) if units[key].get("function") else "",
               *(c[r] for r in codes), c["tasks"], c["inherited"], LIST_SEP.join(x for x, _ in topics[key].most_common(5)), doc]
        rows.append(row)
        ws.append(row)
    _style_sheet(ws, headers, _fit(headers, rows), set())


def workbook_bytes(corpus: Corpus) -> bytes:
    """An .xlsx with the sheets 任务 (tasks), 计划 (plans) and 单位 (units) of the corpus."""
    from openpyxl import Workbook

    wb = Workbook()
    tasks = wb.active
    tasks.title = "任务"
    _tasks_sheet(tasks, corpus.tasks)
    _plans_sheet(wb.create_sheet("计划"), corpus)
    _units_sheet(wb.create_sheet("单位"), corpus)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
