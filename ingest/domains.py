"""公开领域 tables: each domain and the department competent for it.

Plans print them as a list beside the tasks (石台 附件2), often as two
column blocks side by side on one printed line; a blank department inherits
from the row above *within its own block*.
"""
from __future__ import annotations

import re

from zwgk.ingest.grid import Table, cell_texts
from zwgk.model.plan import DomainRecord
from zwgk.model.text import fold_key, squeeze, strip_cell

__all__ = ["is_domain_header", "domains_from_table"]

_FLAG = re.compile(r"[（(]\s*(调整|新增|取消|删除|合并)\s*[）)]\s*$")


def _is_seq_label(cell: str) -> bool:
    return fold_key(cell) in ("序号", "编号")


def _is_domain_label(cell: str) -> bool:
    key = fold_key(cell)
    return "领域" in key and "主管" not in key and len(key) <= 8


def _is_department_label(cell: str) -> bool:
    key = fold_key(cell)
    return len(key) <= 12 and any(w in key for w in ("主管部门", "责任单位", "责任部门", "主管单位", "业务部门", "牵头部门"))


def is_domain_header(cells: list[str]) -> bool:
    """领域 and a department column, and nothing that reads like body text."""
    filled = [c for c in cells if c.strip()]
    return (any(_is_domain_label(c) for c in filled) and any(_is_department_label(c) for c in filled)
            and all(len(fold_key(c)) <= 12 for c in filled))


def domains_from_table(table: Table) -> list[DomainRecord]:
    """Read every column block of a domain table, in 序号 order."""
    texts = [cell_texts(r) for r in table.rows]
    header_at = next((i for i, r in enumerate(texts[:5]) if is_domain_header(r)), None)
    if header_at is None:
        return []
    header = texts[header_at]
    blocks: list[dict[str, int]] = []
    for k, label in enumerate(header):
        if _is_seq_label(label) or (_is_domain_label(label) and (not blocks or "domain" in blocks[-1])):
            blocks.append({})
        if not blocks:
            blocks.append({})
        if _is_seq_label(label):
            blocks[-1]["seq"] = k
        elif _is_domain_label(label):
            blocks[-1]["domain"] = k
        elif _is_department_label(label):
            blocks[-1]["department"] = k
    records: list[DomainRecord] = []
    for block in blocks:
        if "domain" not in block:
            continue
        last_department: str | None = None
        for row, cells in zip(table.rows[header_at + 1 :], texts[header_at + 1 :], strict=True):
            def cell(key: str, block: dict[str, int] = block, cells: list[str] = cells) -> str:
                k = block.get(key)
                return strip_cell(cells[k]) if k is not None and k < len(cells) else ""

            domain = squeeze(cell("domain"))
            if not domain:
                continue
            flag = None
            m = _FLAG.search(domain)
            if m:
                flag, domain = m.group(1), domain[: m.start()]
            department = squeeze(cell("department")) or None
            inherited = False
            if department is None and last_department:
                department, inherited = last_department, True
            last_department = department
            seq_text = cell("seq")
            records.append(DomainRecord(
                seq=int(seq_text) if seq_text.isdigit() else None,
                domain=domain,
                department=department,
                flag=flag,
                department_inherited=inherited,
                source_lines=(row[0].first, row[-1].last),
            ))
    return sorted(records, key=lambda r: (r.seq is None, r.seq or 0))
