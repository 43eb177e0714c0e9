"""Task lists without a table: responsibility in a trailing bracket or label.

    （三）深化政策解读。…积极回应社会关切。（牵头科室：办公室；责任科室：各科室）
    2. 加强政务新媒体管理。（宣传科牵头，信息中心配合，6月底前完成）
    3. 规范依申请公开办理。责任单位：办公室。完成时限：长期坚持。

Headings (一、… （一）…) that carry no responsibility become sections; a
heading that carries one covers the numbered items under it that do not.
"""
from __future__ import annotations

import re

from .patterns import (
    ENUM,
    HEADING_L3,
    TERMINAL,
    heading_level,
    looks_like_deadline,
    looks_like_units,
    split_enumerator,
)
from .rows import LogicalRow
from .text import fold, squeeze, strip_cell

__all__ = ["paragraphs", "rows_from_list", "count_bracketed"]

_ROLE_HINT = re.compile(r"牵头|负责|配合|协助|责任|主办|协办|分工")
#: Trailing （…） or (…) at the end of a paragraph, before an optional full stop.
_TRAIL_BRACKET = re.compile(r"[(]([^()]{2,120})[)]\s*[。;.]?\s*$")
_HEADING_MARKER = re.compile(r"^\s*[(（]?[^、.．)）]{1,3}[、.．)）]\s*")
_LABEL = r"(?:牵头|责任|配合|协办|主办|承办|参与|负责)(?:单位|科室|处室|部门|股室|领导)?|完成时限|时限要求|完成时间|时限"
#: Inline labelled responsibility after the text: 责任单位：X。完成时限：Y。
_TRAIL_LABELS = re.compile(rf"(?:^|(?<=[。;]))\s*((?:{_LABEL})\s*:.*)$")


def paragraphs(lines: list[str], start: int = 0) -> list[tuple[str, int, int]]:
    """Join wrapped lines into paragraphs: a paragraph ends at a blank line, at a
    line ending a sentence or a bracket, or where the next line starts a number."""
    out: list[tuple[str, int, int]] = []
    buf: list[str] = []
    first = 0
    for no in range(start + 1, len(lines) + 1):
        line = strip_cell(lines[no - 1])
        f = fold(line)
        starts_new = bool(ENUM.match(f) or heading_level(f) or HEADING_L3.match(f))
        if buf and (not line or starts_new):
            out.append(("".join(buf), first, no - 1))
            buf = []
        if not line:
            continue
        if not buf:
            first = no
        buf.append(line)
        if TERMINAL.search(f) or f.rstrip().endswith(")"):
            out.append(("".join(buf), first, no))
            buf = []
    if buf:
        out.append(("".join(buf), first, len(lines)))
    return out


def _responsibility(text: str) -> tuple[str, str | None, str | None] | None:
    """Split (requirement, units, deadline) off a paragraph, or None if it names no unit."""
    f = fold(text)
    m = _TRAIL_BRACKET.search(f)
    if m and (_ROLE_HINT.search(m.group(1)) or looks_like_units(m.group(1))):
        body, inner = text[: m.start()], text[m.start(1) : m.end(1)]
    else:
        m = _TRAIL_LABELS.search(f)
        if not m:
            return None
        body, inner = text[: m.start(1)], text[m.start(1) : m.end(1)]
    units: list[str] = []
    deadline: list[str] = []
    for part in re.split(r"[;；。]", inner):
        part = strip_cell(part)
        if not part:
            continue
        label, _, value = re.split(r"([:：])", part, maxsplit=1) if re.search(r"[:：]", part) else ("", "", part)
        if re.search(r"时限|时间", label):
            deadline.append(strip_cell(value))
            continue
        pieces = [strip_cell(p) for p in re.split(r"[,，]", value)]
        dl = [p for p in pieces if looks_like_deadline(fold(re.sub(r"完成$", "", p)))]
        deadline += [re.sub(r"完成$", "", p) for p in dl]
        rest = "，".join(p for p in pieces if p and p not in dl)
        if rest:
            units.append(f"{label}：{rest}" if label else rest)
    if not units and not deadline:
        return None
    return strip_cell(body), "；".join(units) or None, "；".join(deadline) or None


def count_bracketed(lines: list[str]) -> int:
    return sum(1 for text, _, _ in paragraphs(lines) if _responsibility(text))


def rows_from_list(lines: list[str], start: int = 0) -> list[LogicalRow]:
    rows: list[LogicalRow] = []
    heads: list[tuple[int, str, tuple[str, str | None] | None]] = []  # (level, title, units of the heading)
    for text, first, last in paragraphs(lines, start):
        f = fold(text)
        level = heading_level(f) or (3 if HEADING_L3.match(f) else None)
        found = _responsibility(text)
        if level and not ENUM.match(f):
            marker = _HEADING_MARKER.match(text)
            seq = re.sub(r"[^0-9一二三四五六七八九十]", "", marker.group(0)) if marker else None
            heads = [h for h in heads if h[0] < level]
            covering = (found[1], found[2]) if found else None
            if found and TERMINAL.search(fold(found[0])):  # （一）做好…。（办公室牵头）: a heading that is a task
                req = found[0][marker.end():] if marker else found[0]
                rows.append(_row(req, heads, seq, found[1], found[2], first, last))
                title = squeeze(found[0]).split("。")[0]
            else:
                title = squeeze(found[0]) if found else squeeze(text)
            heads.append((level, title, covering))
            continue
        seq, body = split_enumerator(text, f)
        if found and squeeze(split_enumerator(found[0])[1]):  # a bracket alone is no task
            req = split_enumerator(found[0])[1]
            rows.append(_row(req, heads, seq, found[1], found[2], first, last))
        elif seq is not None and squeeze(body) and any(h[2] for h in heads):
            covering = next(h[2] for h in reversed(heads) if h[2])
            row = _row(body, heads, seq, covering[0], covering[1], first, last)
            row.units = tuple((u, r, True) for u, r, _ in row.units)
            row.deadline_inherited = row.deadline_raw is not None
            rows.append(row)
    return rows


def _row(req: str, heads, seq, units, deadline, first, last) -> LogicalRow:
    section = tuple(h[1] for h in heads)
    return LogicalRow(
        requirement=strip_cell(req),
        section=section,
        seq=seq,
        units=((units, "responsible", False),) if units else (),
        deadline_raw=deadline,
        first=first,
        last=last,
    )
