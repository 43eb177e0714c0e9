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
new row) and cell streams (the program also decides where rows end).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from zwgk.ingest.headers import Column
from zwgk.ingest.patterns import ENUM, TERMINAL, heading_level, looks_like_deadline, looks_like_units
from zwgk.model.text import fold, squeeze

__all__ = ["StreamCell", "Slot", "slots_from_header", "type_scores", "unit_likeness", "align_stream", "align_row", "misfit"]

NEG = -1e9

#: Column kinds a cell can be scored against.
KINDS = ("seq", "section", "requirement", "units", "deadline", "extra")


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


# ------------------------------------------------------------------ features

_INT = re.compile(r"^[0-9]{1,3}[.、．]?$")
_CN_ENUM = re.compile(r"^[(（]?[一二三四五六七八九十]{1,3}[)）、.]?$")
_SCORE = re.compile(r"^\(?[0-9]{1,3}(?:\.[0-9]{1,2})?\)?分?$")
_STATUS = re.compile(r"^(?:已|正在|序时|按时|按期|均已|全部|目前|截至|截止)|(?:已完成|已公开|已发布|推进中|进行中|序时推进|已落实|完成情况)")
#: Deadline words beyond the strict pattern: 全年工作, 2016年底前完成, 6月底前启动.
_DEADLINE_WORD = re.compile(r"年底|年内|月底|月前|月份|月中|季度|全年|半年|持续|长期|常态|每月|每周|每年|日前|之前|以前|随时|及时")
#: …and how such a phrase ends (全年工作, 2016年底前完成), unlike a heading (持续深化舆情回应).
_DEADLINE_END = re.compile(r"(?:前|底|内|中|末|月|季度|年|完成|推进|坚持|开展|进行|工作|常态化)$")
_ROLE = re.compile(r"牵头|负责|配合|协助|协同|参与|落实")


_BRACKET = re.compile(r"\([^()]*\)|〔[^〔〕]*〕|\[[^\[\]]*\]")
#: A role word ends a unit's part of a cell, unless a unit suffix follows (文件起草牵头科室 is one name).
_ROLE_END = re.compile(r"(?:牵头|配合|负责|落实)(?![科处室局办委中股组部单])")
_ROLE_TAIL = re.compile(
    r"(?:等(?:有关|相关|其他)?(?:部门|单位|科室|处室|股室)?|参照落实|按职责分工(?:负责|落实)?|按职能分工(?:负责|落实)?|"
    r"分别(?:牵头)?(?:负责|落实)|负责落实|牵头落实|具体负责|牵头|负责|配合|协助|协同|参与|落实|参照执行)$")
_NAME_END = re.compile(
    r"(?:科室|处室|单位|部门|机构|中心|学校|幼儿园|小组|专班|委员会|办公室|政府|街道|乡镇|股室|社区|企业|公司|集团|银行|"
    r"法院|检察院|管委会|[科处室局委办厅馆所站队院校组部会司署社台团股镇街乡区县市])$")
_LABEL = re.compile(r"^(?:牵头|责任|配合|协办|主办|落实)(?:单位|部门|科室|处室|股室)[:：]")


def _split_outside_brackets(s: str) -> list[str]:
    """Split a unit cell at its separators and after role words (…牵头, …配合), but not
    inside brackets (各县(市、区)政府, 有关科室(按职责分工负责))."""
    masked, depth = [], 0
    for ch in s:
        if ch in "(〔[":
            depth += 1
        elif ch in ")〕]":
            depth = max(depth - 1, 0)
            masked.append(ch)
            continue
        masked.append(ch if depth == 0 else "〇")
    flat = "".join(masked)
    cuts = sorted({m.start() for m in re.finditer(r"[、,;，；\n|/]", flat)}
                  | {m.end() for m in _ROLE_END.finditer(flat)})
    out, start = [], 0
    for cut in cuts:
        out.append(s[start:cut])
        start = cut + (1 if cut < len(s) and flat[cut] in "、,;，；\n|/" else 0)
    out.append(s[start:])
    return [p.strip("、,;，；|/") for p in out]


def unit_likeness(folded: str) -> float:
    """The share of a cell's comma/、-separated parts that read as unit names
    (0 for sentences): 市财政局牵头,市民政局等有关部门落实;各镇(街)参照落实 → 1.0."""
    s = squeeze(folded)
    if not s or len(s) > 160 or "。" in s:
        return 0.0
    parts = [p for p in _split_outside_brackets(s) if p]
    if not parts:
        return 0.0
    good = 0
    for printed in parts:
        part = _LABEL.sub("", _BRACKET.sub("", printed))
        for _ in range(3):
            stripped = _ROLE_TAIL.sub("", part)
            if stripped == part:
                break
            part = stripped
        if not part:
            good += 1  # a role word on its own (…牵头, …配合)
        elif (len(printed) >= 3 or part.startswith("各")) and len(part) <= 24 and _NAME_END.search(part):
            good += 1
    return good / len(parts)


@lru_cache(maxsize=4096)
def type_scores(text: str) -> dict[str, float]:
    """How well a cell fits each column kind (log-odds-like; higher fits better)."""
    f = fold(text)
    s = squeeze(f)
    n = len(s)
    if not s:
        return dict.fromkeys(KINDS, NEG)
    is_int = bool(_INT.match(s))
    is_score = (bool(_SCORE.match(s)) and not is_int) or bool(re.match(r"^[0-9]{1,3}\.[0-9]{1,2}$", s))
    level = heading_level(f)
    likeness = unit_likeness(f)
    units = likeness >= 0.75 or (likeness >= 0.5 and looks_like_units(f))
    deadline = looks_like_deadline(f) or (n <= 16 and bool(_DEADLINE_WORD.search(s)) and likeness < 0.5
                                          and "。" not in s and bool(_DEADLINE_END.search(s)))
    terminal = bool(TERMINAL.search(s))
    enumerated = bool(ENUM.match(f)) and not is_int
    role_word = bool(_ROLE.search(s))
    status = bool(_STATUS.search(s))

    out: dict[str, float] = {}
    # 序号: a bare number, or a Chinese enumerator on its own.
    out["seq"] = 4.0 if is_int else (1.5 if _CN_ENUM.match(s) else NEG)
    # A group heading: 一、… (一)… or a short phrase without a final full stop.
    if is_int or is_score:
        sec = -9.0
    elif level:
        sec = 3.0 if n <= 80 else 0.5
    elif n <= 40 and not terminal:
        sec = 1.2 - (0.5 if enumerated else 0.0)
    elif n <= 60:
        sec = -1.0
    else:
        sec = -3.5
    if units:
        sec -= 4.0
    if deadline:
        sec -= 5.0
    out["section"] = sec
    # A requirement: a sentence, usually long, often numbered.
    if is_int or is_score:
        req = -10.0
    else:
        req = 2.0 if n >= 15 else (0.0 if n >= 8 else -3.0)
        req += 1.0 if terminal else 0.0
        req += 0.8 if enumerated else 0.0
        req -= 1.0 if level else 0.0
        if units and n < 60:
            req -= 5.0
        if deadline:
            req -= 6.0
        if status:
            req -= 1.5
    out["requirement"] = req
    # A unit list: names ending in 科 处 室 局 办 委 中心 …, joined by 、 , ；.
    if units:
        uni = 3.5 if likeness >= 0.99 else 2.0
    elif n <= 40 and (likeness >= 0.5 or role_word and n <= 16) and "。" not in s:
        uni = 0.5
    else:
        uni = -7.0
    if is_int or is_score or deadline:
        uni = NEG if is_int or is_score else -6.0
    out["units"] = uni
    out["deadline"] = 4.0 if deadline else NEG
    # Status, score or note columns: anything, at a cost unless it reads like one.
    if is_score or (is_int and n <= 3):
        ext = 0.5
    elif status:
        ext = 2.5
    else:
        ext = -2.5
    out["extra"] = ext
    return out


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
    ints = sum(1 for c in cells if _INT.match(squeeze(fold(c.text))))
    reqs = sum(1 for c in cells if type_scores(c.text)["requirement"] >= 2.0)
    numbers = [int(squeeze(fold(c.text)).rstrip(".、．")) for c in cells if _INT.match(squeeze(fold(c.text)))]
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

    emit = [[type_scores(c.text)[s.kind] for s in slots] for c in cells]
    if open_end:
        # A page cut inside the table: its last cell is most likely a requirement cut short
        # (开展稅收優惠政策咨詢, 强化), not a heading, unless it reads as something else.
        tail_scores = type_scores(cells[-1].text)
        if max(tail_scores["seq"], tail_scores["units"], tail_scores["deadline"]) < 0:
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


def misfit(text: str, kind: str) -> bool:
    """A cell that plainly does not belong in a column of this kind: a number or a
    unit list as the requirement, a whole sentence as the units or deadline."""
    scores = type_scores(text)
    s = squeeze(fold(text))
    if kind == "requirement":
        return scores["seq"] > 0 or scores["deadline"] > 0 or (scores["units"] >= 3.5 and len(s) < 30)
    if kind == "seq":
        return scores["seq"] < 0 and len(s) > 4
    if kind == "section":
        return scores["seq"] > 3
    if kind in ("units", "deadline"):
        return len(s) >= 20 and bool(TERMINAL.search(s)) and scores["requirement"] >= 3.0
    return False


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
