"""PDF→text tables: columns flattened onto lines with no cell delimiters.

What survives of the table is a stream of lines: first-level headings (一、…),
second-level labels (组织领导), numbered items whose text wraps mid-word,
and unit cells printed *after* the block of items they cover. Sometimes a
label, an item and its unit share one physical line, separated by spaces.
This module reads that stream back into logical rows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from zwgk.ingest.headers import header_role, is_header_row
from zwgk.ingest.patterns import (
    ENUM,
    PAGE_ARTIFACT,
    TERMINAL,
    heading_level,
    looks_like_deadline,
    looks_like_units,
    split_enumerator,
)
from zwgk.ingest.rows import LogicalRow
from zwgk.model.text import fold, squeeze, strip_cell

__all__ = ["find_flow_header", "rows_from_flow"]

_SPACES = re.compile(r"[ \u3000\u00a0]+")
_WIDE_GAP = re.compile(r"[ \u00a0]{2,}|\u3000+")
_PUNCT = re.compile(r"[,;:、。!?，；：！？“”\"《》]")


def find_flow_header(lines: list[str]) -> tuple[int, list[str]] | None:
    """The line that prints the column headers side by side (工作内容 工作要求 责任科室)."""
    for i, line in enumerate(lines):
        if "\t" in line:
            continue
        # Words split by single spaces, or letter-spaced words (工 作 任 务  具 体 要 求) split by wider gaps.
        for segs in ([s for s in _SPACES.split(line.strip()) if s],
                     [squeeze(s) for s in _WIDE_GAP.split(line.strip()) if s.strip()]):
            # Titles, not fields: 责任股室:办公室 完成时限:全年 inside an item's bracket is no header.
            if 2 <= len(segs) <= 8 and not any(":" in fold(s) for s in segs) and is_header_row(segs):
                return i, [header_role(s) or "extra" for s in segs]
    return None


_SEQ_CELL = re.compile(r"^\s*[0-9]{1,3}\s*$")


def _kind(seg: str, has_units: bool, has_deadline: bool) -> str:
    f = fold(seg)
    if _SEQ_CELL.match(f):
        return "seq"  # a 序号 cell on its own line
    if ENUM.match(f):
        return "item"
    level = heading_level(f)
    if level == 1:
        return "heading"
    if level == 2:
        return "label"
    if has_units and len(squeeze(seg)) <= 40 and not TERMINAL.search(f) and looks_like_units(f):
        return "unit"
    if has_deadline and looks_like_deadline(f):
        return "deadline"
    if len(squeeze(seg)) <= 20 and not _PUNCT.search(f):
        return "label"
    return "text"


#: A 序号 and the row's first cell on one line, a space between (not 3 个工作日内, a wrapped sentence's number).
_SEQ_FIRST = re.compile(r"^\s*([0-9]{1,3})\s+(?![个项次日天年月名人家件条%％])(\S.*)$")


def _split(line: str, has_units: bool, has_deadline: bool, item_open: bool) -> list[tuple[str, str]]:
    """Cut a physical line into cells when its space-separated parts read as
    [headings…] [item or sentence] [unit] [deadline]; otherwise one segment."""
    if (m := _SEQ_FIRST.match(line)) and not item_open:  # 1 做好…。 县财政局 年底前: 序号 then the row's cells
        return [("seq", m.group(1)), *_split(m.group(2), has_units, has_deadline, item_open)]
    whole = [(_kind(line, has_units, has_deadline), line)]
    segs = [s for s in _SPACES.split(line.strip()) if s]
    if len(segs) < 2:
        return whole
    kinds = [_kind(s, has_units, has_deadline) for s in segs]
    tail: list[tuple[str, str]] = []
    while len(segs) > 1 and kinds[-1] in ("unit", "deadline"):
        tail.insert(0, (kinds.pop(), segs.pop()))
    if tail:
        body = " ".join(segs)
        body_kind = _kind(body, has_units, has_deadline)
        if body_kind == "unit" or TERMINAL.search(fold(body)) or (not item_open and body_kind in ("item", "text")):
            head = _split(body, has_units, has_deadline, item_open) if len(segs) > 1 else [(body_kind, body)]
            return head + tail
    if item_open:
        return whole
    head = []
    while len(segs) > 1 and kinds[0] in ("heading", "label") and len(squeeze(segs[0])) >= 2:
        head.append((kinds.pop(0), segs.pop(0)))
    if not head:
        return whole
    rest = " ".join(segs)
    rest_kind = _kind(rest, has_units, has_deadline)
    if rest_kind == "item" or (rest_kind in ("text",) and TERMINAL.search(fold(rest)) and len(segs) == 1) or (
        len(head) == 1 and head[0][0] == "heading" and rest_kind == "label" and len(segs) == 1
    ):
        return head + [(rest_kind, rest)] + tail
    return whole


@dataclass
class _State:
    l1: str | None = None
    l2: str | None = None
    last: str = ""  # kind of the previous event
    item: LogicalRow | None = None
    pending: list[LogicalRow] = field(default_factory=list)
    prefix_units: str | None = None
    #: The items of the current block already got their unit or deadline cell.
    block_closed: bool = False
    #: First-level headings are numbered (一、…); until one is seen, labels are first level.
    numbered_l1: bool = False
    #: A 序号 cell was printed; the next sentence starts that row.
    seq: str | None = None
    rows: list[LogicalRow] = field(default_factory=list)


def rows_from_flow(lines: list[str], start: int, roles: list[str]) -> list[LogicalRow]:
    """Read the flattened table that starts after the header line `start` (0-based)."""
    has_units = "units" in roles
    has_deadline = "deadline" in roles
    body = lines[start + 1 :]
    nonblank = [i for i, s in enumerate(body) if s.strip()]
    double_spaced = sum(1 for i in nonblank if i + 1 < len(body) and not body[i + 1].strip()) > 0.6 * max(len(nonblank), 1)
    st = _State()
    blank_before = False

    def item_open() -> bool:
        return st.item is not None and not TERMINAL.search(fold(st.item.requirement))

    def section() -> tuple[str, ...]:
        return tuple(s for s in (st.l1, st.l2) if s)

    def new_item(seq: str | None, text: str, no: int) -> None:
        row = LogicalRow(requirement=strip_cell(text), section=section(), seq=seq, first=no, last=no)
        if st.prefix_units:
            row.units = ((st.prefix_units, "responsible", False),)
        if st.block_closed:
            st.pending, st.block_closed = [], False
        st.rows.append(row)
        st.pending.append(row)
        st.item = row

    for offset, raw in enumerate(body):
        no = start + 2 + offset
        line = raw.strip()
        if not line:
            blank_before = True
            continue
        if PAGE_ARTIFACT.match(line):
            continue
        segs = [s for s in _SPACES.split(line) if s]
        if len(segs) >= 2 and is_header_row(segs):
            continue  # header repeated after a page break
        for kind, seg in _split(line, has_units, has_deadline, item_open()):
            if kind == "unit":
                cell = (strip_cell(seg), "responsible", False)
                for row in st.pending:  # a unit cell printed one unit per line adds up
                    row.units = (*row.units, cell) if st.last == "unit" else (cell,)
                if not st.pending:
                    st.prefix_units = strip_cell(seg)
                st.block_closed = True
                st.item = None
            elif kind == "deadline" and st.pending:
                for row in st.pending:
                    row.deadline_raw = strip_cell(seg)
                st.block_closed = True
                st.item = None
            elif kind == "seq":
                st.seq, st.item = squeeze(seg), None
                st.pending, st.block_closed = [], False  # a row boundary
            elif kind == "item":
                seq, text = split_enumerator(seg)
                new_item(st.seq or seq, text, no)
                st.seq = None
            elif item_open() and kind in ("text", "label") and st.item is not None:
                st.item.requirement += strip_cell(seg)
                st.item.last = no
            elif kind in ("heading", "label"):
                joins = st.last in ("heading", "label") and (
                    (not blank_before and double_spaced) or len(squeeze(seg)) <= 2
                )
                if joins:
                    if st.l2 is not None:
                        st.l2 += squeeze(seg)
                    else:
                        st.l1 = (st.l1 or "") + squeeze(seg)
                    kind = st.last
                elif kind == "heading" or not st.numbered_l1:
                    st.numbered_l1 = st.numbered_l1 or kind == "heading"
                    if squeeze(seg) != st.l1:
                        st.l1, st.l2 = squeeze(seg), None
                        st.pending, st.prefix_units, st.block_closed = [], None, False
                elif squeeze(seg) != st.l2:
                    st.l2 = squeeze(seg)
                    st.pending, st.prefix_units, st.block_closed = [], None, False
                st.item = None
            elif st.seq is not None:
                new_item(st.seq, seg, no)
                st.seq = None
            else:  # a sentence: continues a numbered item, or is an unnumbered one
                if st.item is not None and st.last not in ("heading", "label", "unit"):
                    st.item.requirement += strip_cell(seg)
                    st.item.last = no
                else:
                    new_item(None, seg, no)
            st.last = kind
        blank_before = False
    return [r for r in st.rows if squeeze(r.requirement)]  # a bare item number never got its text
