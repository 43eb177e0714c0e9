"""Is this a task plan? Decided from what the rows show, not from keywords.

A task plan assigns work: its rows read like requirements and name who does
them, in a unit cell or a responsibility bracket. Look-alikes have one without
the other: 要点 prose has requirement-like items but no unit; a catalogue has
units but its rows are disclosure items; a summary or report has neither in
row form. Every layout (table, PDF flow, prose list) hands its candidate rows
to `row_evidence`; `decide` accepts the first candidate whose evidence is
strong enough and otherwise says, from the same counts and the document's
structure, what the page is instead.

The table side can plug in its own counts: build an `Evidence` (or extend one
with `replace`) and pass it to `decide`; nothing here knows about layouts.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from zwgk.ingest.patterns import ENUM, HEADING_L3, heading_level, looks_like_deadline, looks_like_units
from zwgk.ingest.rows import LogicalRow
from zwgk.ingest.units import is_unit_name, parse_units
from zwgk.model.text import fold, squeeze

__all__ = ["Evidence", "row_evidence", "decide", "document_reason", "is_annual_report", "MIN_SHARE"]

#: Share of requirement-like rows that must name a unit for a candidate to be a plan.
MIN_SHARE = 0.25
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Evidence:
    """Counts over one layout's candidate rows."""

    layout: str
    rows: int = 0
    requirement_like: int = 0  # rows whose text reads like a task requirement
    assigned: int = 0  # requirement-like rows with a unit-like cell or a responsibility bracket
    unit_rows: int = 0  # rows with any unit text at all
    tabular: bool = False  # rows came from a table (a task table may leave units to the text)
    penalty: str | None = None  # a layout-specific reason that outweighs the counts (a catalogue's columns)

    @property
    def share(self) -> float:
        return self.assigned / self.requirement_like if self.requirement_like else 0.0


def _requirement_like(text: str, titled: bool = False) -> bool:
    """A sentence of work: long enough, written as a sentence (closed by 。 or
    made of clauses), not a unit list, a date or a list of nouns (a catalogue's
    公开内容). `titled`: the row's column is titled as the requirement (具体措施) beside a
    units column, so a short phrase (公开养老机构名录及收费标准) counts without the sentence's shape."""
    s = squeeze(fold(text))
    if len(_CJK.findall(s)) < 6 or looks_like_units(s) or looks_like_deadline(s):
        return False
    return titled or bool(re.search(r"[。;!]$", s)) or (len(s) >= 20 and "," in s)


def _unit_like(raw: str) -> bool:
    units = parse_units(raw)
    return bool(units) and 2 * sum(is_unit_name(u.name) for u in units) >= len(units)


def row_evidence(rows: Sequence[LogicalRow], layout: str, penalty: str | None = None,
                 tabular: bool | None = None, titled: bool = False) -> Evidence:
    """`titled`: the rows come from tables whose header titles a requirement and a units column."""
    req = [r for r in rows if _requirement_like(r.requirement, titled)]
    assigned = sum(1 for r in req if any(_unit_like(raw) for raw, _, _ in r.units))
    unit_rows = sum(1 for r in rows if any(raw.strip() for raw, _, _ in r.units))
    tabular = layout != "list" if tabular is None else tabular
    return Evidence(layout, rows=len(rows), requirement_like=len(req), assigned=assigned, unit_rows=unit_rows,
                    tabular=tabular, penalty=penalty)


def decide(evidence: Evidence) -> str | None:
    """None when the evidence shows a task plan, else the reason it does not."""
    if evidence.penalty:
        return evidence.penalty
    if evidence.tabular and evidence.unit_rows == 0 and evidence.requirement_like >= 3 \
            and 2 * evidence.requirement_like >= evidence.rows:
        return None  # a table of requirements with no unit column: the plan assigns them elsewhere
    if evidence.assigned == 0:
        if evidence.requirement_like:
            return f"{evidence.requirement_like} task-like rows, none names a responsible unit"
        return "no task rows found"
    if evidence.share < MIN_SHARE:
        return (f"only {evidence.assigned} of {evidence.requirement_like} task-like rows name a responsible unit")
    return None


_ANNEX = re.compile(r"附件|任务分解表|分工方案|任务表|任务清单|台账|详见")
_REPORT = re.compile(r"总体情况|主动公开政府信息情况|收到和处理政府信息公开申请情况")


#: The section headings the State Council's template prescribes for every 政府信息公开工作年度报告.
_REPORT_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*(?:总体情况|主动公开政府信息情况|收到和处理政府信息公开申请情况"
                             r"|政府信息公开行政复议、?行政诉讼情况|存在的主要问题及改进情况|其他需要报告的事项)")


def is_annual_report(lines: list[str]) -> bool:
    """A 年度报告 by its title and at least two of its template's section headings. Its
    主动公开 tables (规章, 规范性文件 … with an office and a count) look like task rows,
    so this is decided before any layout is weighed."""
    head = squeeze("".join(s for s in lines[:12] if s.strip()))
    return "年度报告" in head and sum(1 for s in lines if _REPORT_HEADING.match(s)) >= 2


def document_reason(lines: list[str], best: Evidence | None) -> str:
    """What the page is, when no layout found a plan in it: from its structure."""
    text = "\n".join(lines)
    folded = [fold(s).strip() for s in lines if s.strip()]
    items = sum(1 for s in folded if heading_level(s) or HEADING_L3.match(s) or ENUM.match(s))
    head = squeeze("".join(folded[:12]))
    if "年度报告" in head and len(set(_REPORT.findall(text))) >= 2:
        return "an annual report (年度报告)"
    if best is not None and best.rows and best.penalty is None:
        return decide(best) or "no task rows found"
    if best is not None and best.penalty:
        return best.penalty
    long_paras = sum(1 for s in folded if len(s) >= 60)
    if _ANNEX.search(text) and long_paras <= 6:
        return "a cover notice whose task table (附件) is missing"
    if items >= 3:
        return f"{items} numbered items, none assigns a responsible unit"
    return "no task table or task list found"
