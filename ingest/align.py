"""Cells → columns by what each cell looks like.

Real pages lose a table's structure: a merged group or unit cell is printed
on the first row of its group only, a 序号 column has no header label,
separator lines stray between cells, or the cells of a whole table come one
per line with nothing to say where a row ends. Assigning cells by position
shifts every later column. Instead, every cell is scored against every kind
of column from its own features (a short number, a heading phrase, a long
requirement sentence, a unit list, a deadline phrase, a status or score),
and a small dynamic program (Viterbi over the cell stream) finds the best
in-order assignment of cells to the header's columns. Cells keep their
order; a column may be missing from a row, which for group, unit and
deadline columns means "merged from above".

The same alignment reads one-row-per-line layouts (a line break must start a
new row) and cell streams (the program also decides where rows end). The
scores come from celltypes.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from zwgk.ingest.celltypes import KINDS, NEG, SEQ_NUMBER, cut_unit_cell, type_scores
from zwgk.ingest.headers import Column
from zwgk.ingest.patterns import ENUM, TERMINAL, heading_level
from zwgk.model.text import fold, squeeze

__all__ = ["StreamCell", "Slot", "slots_from_header", "align_stream", "align_row"]


@dataclass(frozen=True)
class StreamCell:
    """One cell of a table as printed, with where a row must (or must not) start.

    `row_start`: True when the layout says a new row starts here (first cell of
    a `a | b | c` line), False when it says this cell continues the row (a
    later cell of that line), None when the layout does not say (a cell per
    line, blank lines between cells).
    """

    text: str
    first: int
    last: int
    row_start: bool | None = None


@dataclass(frozen=True)
class Slot:
    """A column of the table model: its kind and, for unit columns, the role a bare listing gets."""

    kind: str
    label: str = ""
    unit_role: str = "responsible"
    #: Declared by the header (False for the 序号 column we add where the header has none).
    declared: bool = True


#: How titles of unit columns end (督办单位, 督查部门).
_UNIT_TITLE_ENDS = ("单位", "部门", "科室", "处室", "股室", "机构")


def slots_from_header(columns: list[Column]) -> list[Slot]:
    """The header's columns in order, with an unlabelled 序号 slot before the requirement
    where the header names none (real tables number rows in a column nobody labelled)."""
    slots = [Slot(c.role if c.role in KINDS else "extra", c.label, c.unit_role) for c in columns]
    if not any(s.kind == "requirement" for s in slots):
        sections = [k for k, s in enumerate(slots) if s.kind == "section"]
        if not sections:
            return []
        k = sections[-1]  # 任务 | 责任单位 | 时限: the task column holds the requirement
        slots[k] = Slot("requirement", slots[k].label)
    reqs = [k for k, s in enumerate(slots) if s.kind == "requirement"]
    for k in reqs[:-1]:  # 工作要求 | 工作任务 | 具体要求: the most specific, last one holds the requirement
        slots[k] = Slot("section", slots[k].label)
    req = reqs[-1]
    if not any(s.kind == "seq" for s in slots[:req]):
        slots.insert(req, Slot("seq", "序号", declared=False))
        req += 1
    if not any(s.kind == "section" for s in slots[:req]):
        slots.insert(0, Slot("section", "", declared=False))  # heading rows printed across the table
    return slots


# ------------------------------------------------------------------ alignment


def _skip_cost(slot: Slot, seq_used: bool) -> float:
    """The cost of a row without a cell in this column."""
    if slot.kind == "requirement":
        return NEG
    if slot.kind == "seq":
        return -2.5 if seq_used else 0.0
    if slot.kind == "section":
        return 0.0
    if slot.kind in ("units", "deadline"):
        return -0.6
    return -0.2


def _drop_cost(text: str, seq_used: bool) -> float:
    """The cost of ignoring a cell: only bare scores (0.75, 23) may go, and whole
    numbers only where the table does not number its rows with them."""
    s = squeeze(fold(text))
    if re.fullmatch(r"[0-9]{1,3}\.[0-9]{1,2}", s):
        return -0.5
    if re.fullmatch(r"[0-9]{1,3}", s) and not seq_used:
        return -1.0
    return NEG


def _self_loop(slot: Slot, prev: StreamCell, cell: StreamCell, stream: bool) -> float:
    """The cost of a second cell in the same column of one row."""
    if slot.kind == "section":
        return -0.3  # 一、… then (一)… : two heading levels in one group column
    if slot.kind == "extra":
        return -0.3
    if slot.kind == "units":
        return -0.5 if stream else NEG  # a unit cell printed on two lines
    if slot.kind == "requirement":
        pf, cf = fold(prev.text), fold(cell.text)
        if TERMINAL.search(squeeze(pf)) or ENUM.match(cf) or heading_level(cf):
            return NEG
        if not stream and cell.row_start is False and prev.last == cell.first:
            return -2.0  # two cells of one printed row (a | b): a group heading and its text, rarely one text cut in two
        return -0.8  # one cell broken over two lines
    return NEG


def align_stream(cells: list[StreamCell], slots: list[Slot], open_end: bool = False) -> list[list[tuple[int, StreamCell]]]:
    """The best segmentation of `cells` into rows and assignment of each to a slot.

    Returns rows as lists of (slot index, cell), in order. A row either holds a
    requirement or only group headings (a heading row). `open_end`: the text ends
    inside the table (a page cut off by a size limit).
    """
    if not cells or not slots:
        return []
    m = len(slots)
    index = list(range(m))  # slot positions in the caller's list
    req = next(k for k, s in enumerate(slots) if s.kind == "requirement")
    stream = any(c.row_start is None for c in cells)
    ints = sum(1 for c in cells if SEQ_NUMBER.match(squeeze(fold(c.text))))
    reqs = sum(1 for c in cells if type_scores(c.text)["requirement"] >= 2.0)
    numbers = [int(squeeze(fold(c.text)).rstrip(".、．")) for c in cells if SEQ_NUMBER.match(squeeze(fold(c.text)))]
    counting = sum(1 for a, b in zip([0, *numbers], numbers, strict=False) if b in (a + 1, 1))
    declared = any(s.kind == "seq" and s.declared for s in slots)
    if not declared and numbers and counting < 0.6 * len(numbers):
        # The bare numbers do not count rows (23, 3, 2: scores): no unlabelled 序号 column.
        index = [k for k, s in enumerate(slots) if s.kind != "seq"]
        slots = [slots[k] for k in index]
        m = len(slots)
        req = next(k for k, s in enumerate(slots) if s.kind == "requirement")
    seq_used = declared or (reqs and ints >= 0.6 * reqs and counting >= 0.6 * len(numbers))
    skip = [_skip_cost(s, bool(seq_used)) for s in slots]
    # prefix sums of skip costs: cost of skipping slots a..b-1
    pre = [0.0]
    for c in skip:
        pre.append(pre[-1] + max(c, -1e6))

    def skipped(a: int, b: int) -> float:
        if a >= b:
            return 0.0
        if a <= req < b:
            return NEG
        return pre[b] - pre[a]

    def row_end_ok(s: int) -> float:
        """Closing a row whose last cell sits in slot s."""
        if s >= req:
            return skipped(s + 1, m)
        return 0.0 if slots[s].kind == "section" else NEG  # a heading row; a lone 序号 is not a row

    # A note column titled for units (督办单位: who checks the work) holds unit names: scored as a unit column, so a
    # cell stream gives it its own cell rather than a second cell of the unit columns before it.
    kinds = ["units" if s.kind == "extra" and s.label.endswith(_UNIT_TITLE_ENDS) else s.kind for s in slots]
    emit = [[type_scores(c.text)[k] for k in kinds] for c in cells]
    if slots[-1].kind == "extra" and slots[-1].label and not any(s.kind == "section" and s.declared for s in slots):
        # 序号 | 工作任务 | 责任单位 | 完成时限 | 预期成果: with no group column titled, a short phrase after the
        # deadline is the titled last column's cell (公开率100%), not a heading row nobody declared.
        for row in emit:
            if row[-1] < 1.5 and max(row[k] for k, s in enumerate(slots) if s.kind != "section") < 0.5:
                row[-1] = 1.5
    if open_end:
        # A page cut inside the table: its last cell is most likely a requirement cut short
        # (开展稅收優惠政策咨詢, 强化), not a heading, unless it reads as something else.
        # A unit cell cut short (市市场监管…) is the units of the row before it where that row has none yet.
        tail_scores = type_scores(cells[-1].text)
        if cut_unit_cell(cells[-1].text):
            lift = {"units": 1.5, "requirement": 0.0}
            emit[-1] = [max(e, lift[s.kind]) if s.kind in lift else e for e, s in zip(emit[-1], slots, strict=True)]
        elif max(tail_scores["seq"], tail_scores["units"], tail_scores["deadline"]) < 0:
            emit[-1] = [max(e, 1.5) if s.kind == "requirement" else e for e, s in zip(emit[-1], slots, strict=True)]
    # Group columns skipped between two cells of a row cost a little, at its start
    # nothing: a row that starts with a level-3 group cell has levels 1–2 merged from above.
    inner_gap = [[-0.2 * sum(1 for k in range(a, b) if slots[k].kind == "section") for b in range(m + 1)]
                 for a in range(m + 1)]
    n = len(cells)
    score = [[NEG] * m for _ in range(n)]
    back: list[list[int]] = [[-1] * m for _ in range(n)]
    wrapped: list[list[bool]] = [[True] * m for _ in range(n)]
    dropped: list[list[bool]] = [[False] * m for _ in range(n)]
    drop = [_drop_cost(c.text, bool(seq_used)) for c in cells]
    for s in range(m):
        if cells[0].row_start is not False:
            score[0][s] = emit[0][s] + (skipped(0, s) if s <= req else skipped(0, s))
    wrap_cost = -0.4
    for t in range(1, n):
        cell, prev = cells[t], cells[t - 1]
        for s2 in range(m):
            e = emit[t][s2]
            if e <= NEG / 2:
                continue
            best, arg, new = NEG, -1, False
            for s1 in range(m):
                base = score[t - 1][s1]
                if base <= NEG / 2:
                    continue
                # continue the row
                if cell.row_start is not True:
                    if s2 > s1:
                        v = base + skipped(s1 + 1, s2) + inner_gap[s1 + 1][s2]
                        if v > best:
                            best, arg, new = v, s1, False
                    elif s2 == s1:
                        v = base + _self_loop(slots[s1], prev, cell, stream)
                        if v > best:
                            best, arg, new = v, s1, False
                # start a new row
                if cell.row_start is not False:
                    v = base + row_end_ok(s1) + skipped(0, s2) + wrap_cost
                    if v > best:
                        best, arg, new = v, s1, True
            if arg >= 0:
                score[t][s2] = best + e
                back[t][s2] = arg
                wrapped[t][s2] = new
        # A score cell between the columns (23, 0.75 in an indicator table) is noise:
        # it may be dropped, the row staying where it was.
        if drop[t] > NEG / 2 and cell.row_start is not True:
            for s in range(m):
                v = score[t - 1][s] + drop[t]
                if score[t - 1][s] > NEG / 2 and v > score[t][s]:
                    score[t][s] = v
                    back[t][s] = s
                    wrapped[t][s] = False
                    dropped[t][s] = True
    last = max(range(m), key=lambda s: score[n - 1][s] + row_end_ok(s))
    if score[n - 1][last] <= NEG / 2:
        return []
    path = [last]
    starts = [False] * n
    skip_cell = [False] * n
    for t in range(n - 1, 0, -1):
        starts[t] = wrapped[t][path[-1]]
        skip_cell[t] = dropped[t][path[-1]]
        path.append(back[t][path[-1]])
    path.reverse()
    starts[0] = True
    rows: list[list[tuple[int, StreamCell]]] = []
    for t, s in enumerate(path):
        if starts[t] or not rows:
            rows.append([])
        if not skip_cell[t]:
            rows[-1].append((index[s], cells[t]))
    return [r for r in rows if r]


def align_row(texts: list[str], kinds: list[str]) -> list[int] | None:
    """The column index of each cell of one grid row that has fewer cells than
    the table has columns (a merged cell the page simply left out), or None
    when no in-order assignment fits. `kinds` are the table's column kinds."""
    slots = [Slot(k if k in KINDS else "extra") for k in kinds]
    if not any(s.kind == "requirement" for s in slots) or not texts:
        return None
    cells = [StreamCell(t, 0, 0, k == 0) for k, t in enumerate(texts)]
    rows = align_stream(cells, slots)
    if len(rows) != 1 or len(rows[0]) != len(texts):
        return None
    cols = [k for k, _ in rows[0]]
    return cols if len(set(cols)) == len(cols) else None
