"""Tables flattened to text → a stream of cells → task rows, via align.py.

Web pages and document-sharing sites flatten tables in three ways, and
this module turns each into the same stream of cells:

- inline pipe rows: `a | b | c |`, one row per line (a line break starts a
  row), the header possibly split over two lines, stray `|` and `||`;
- cell per line with `|` lines between cells (HTML→text);
- cell per line with blank lines or nothing between cells.

The header's words give the columns; align.py assigns every body cell to a
column by what it looks like, and decides where rows end when the layout
does not say. Rows are then assembled here: group headings kept as a
section path by their level, a 序号 cell or the requirement's own number
as `seq`, a missing unit or deadline cell carried down from above and
flagged inherited — except in cell streams, where a unit cell printed after
a block of requirements covers the whole block.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from zwgk.ingest.align import Slot, StreamCell, align_stream, slots_from_header
from zwgk.ingest.celltypes import type_scores
from zwgk.ingest.headers import Column, header_role, unit_column_role
from zwgk.ingest.patterns import heading_level, split_enumerator
from zwgk.ingest.rows import LogicalRow, split_items
from zwgk.ingest.stream_header import header_at, join_wrapped_header
from zwgk.model.roles import Role
from zwgk.model.text import fold, fold_key, squeeze, strip_cell

__all__ = ["StreamTable", "columns", "find_stream_table", "rows_from_stream", "not_a_task_table", "POWER_CELL", "POWER_LIST"]

#: A cell of rule characters only: markdown's |---|:--:| line, ASCII-art borders.
_RULE_CHARS = re.compile(r"^[\s|+:\-—=─━_~*]*$")
#: A dash or two alone is a cell saying "none" (配合单位: —), not a rule drawn across the page.
_NONE_DASH = re.compile(r"^\s*(?:[-—－]{1,2})\s*$")


def _is_rule(text: str) -> bool:
    """A line or piece drawn as a separator: only rule characters, and not a cell's lone dash."""
    return bool(_RULE_CHARS.match(text)) and not _NONE_DASH.match(text)
#: Page furniture after a table on web pages: end the table there.
_TABLE_END = re.compile(r"^(?:【?(?:打印|关闭|返回顶部|打印本页|关闭窗口|分享到?)】?|扫一扫|相关链接|上一篇|下一篇|附件[:：]?$|抄送)")


@dataclass
class StreamTable:
    kind: str
    slots: list[Slot]
    cells: list[StreamCell]
    #: 0-based index of the first header line.
    start: int
    header_keys: frozenset[str]
    #: The table runs to the end of the text (a page cut off inside the table).
    open_end: bool = False
    header: tuple[str, ...] = ()
    #: Text printed on the header's first line before it: a title run together with a run-on header.
    lead: str = ""


def _pipe_row_lines(lines: list[str]) -> int:
    return sum(1 for s in lines if s.count("|") >= 2 and len([p for p in s.split("|") if p.strip()]) >= 2)


def _cells_pipe_rows(lines: list[str]) -> list[StreamCell]:
    out: list[StreamCell] = []
    for no, raw in enumerate(lines, 1):
        if "|" in raw:
            pieces = [strip_cell(p) for p in raw.split("|")]
            pieces = [p for p in pieces if p and not _is_rule(p)]
            for k, piece in enumerate(pieces):
                out.append(StreamCell(piece, no, no, k == 0))
        elif raw.strip():
            out.append(StreamCell(strip_cell(raw), no, no, None))
    return out


def _cells_split_by_pipes(lines: list[str]) -> list[StreamCell]:
    """HTML→text with `|` between cells: every stretch between two pipes is a cell,
    whatever lines it spans (a cell with several items keeps its line breaks). Lines
    above the first pipe (a title, a notice) are a cell each: the table starts later."""
    out: list[StreamCell] = []
    buf: list[str] = []
    first = last = 0

    def close() -> None:
        nonlocal buf
        text = "\n".join(b for b in buf if b)
        if strip_cell(text):
            out.append(StreamCell(text, first, last, None))
        buf = []

    piped = False
    for no, raw in enumerate(lines, 1):
        parts = raw.split("|")
        if not piped:
            close()
        piped = piped or len(parts) > 1
        for k, part in enumerate(parts):
            if k > 0:
                close()
            piece = strip_cell(part)
            if piece and not _is_rule(piece):
                if not buf:
                    first = no
                buf.append(piece)
                last = no
    close()
    return out


def _cells_lines(lines: list[str]) -> list[StreamCell]:
    return [StreamCell(strip_cell(s), no, no, None) for no, s in enumerate(lines, 1)
            if strip_cell(s) and not _is_rule(s)]


def columns(labels: list[str]) -> list[Column]:
    """Header labels → columns (a label that names no column is an extra one)."""
    cols = []
    for label in labels:
        role = header_role(label) or "extra"
        cols.append(Column(role, strip_cell(label), unit_column_role(label) if role == "units" else "responsible"))
    return cols


def respanned(titles: list[str]) -> list[str]:
    """A header printed on two rows, a units title over the columns it spans (责任单位 over 牵头单位 | 配合单位):
    flattened, the second row's titles come after the first row's last one (… 责任单位 完成时限 牵头单位 配合单位).
    They take the spanning title's place, in order."""
    units = [k for k, t in enumerate(titles) if header_role(t) == "units"]
    run = 0
    while run < len(titles) and header_role(titles[-1 - run]) == "units" \
            and unit_column_role(titles[-1 - run]) != Role.responsible:
        run += 1
    if run < 2 or len(units) != run + 1 or units[0] >= len(titles) - run - 1 \
            or unit_column_role(titles[units[0]]) != Role.responsible:
        return titles  # no spanning title, or it is right before the run (牵头单位 | 配合单位 side by side)
    k = units[0]
    return [*titles[:k], *titles[len(titles) - run :], *titles[k + 1 : len(titles) - run]]


def find_stream_table(lines: list[str]) -> StreamTable | None:
    """The first header of a flattened table and the cells below it, or None."""
    if _pipe_row_lines(lines) >= 3:
        kind, cells = "pipe-rows", join_wrapped_header(_cells_pipe_rows(lines))
    elif sum(1 for s in lines if "|" in s) >= 3:
        kind, cells = "pipe-cells", _cells_split_by_pipes(lines)
    else:
        kind, cells = "line-cells", _cells_lines(lines)
    for i in range(len(cells)):
        width = header_at(cells, i)
        if not width:
            continue
        header = cells[i : i + width]
        slots = slots_from_header(columns(respanned([c.text for c in header])))
        if not slots:
            continue
        keys = frozenset(fold_key(c.text) for c in header)
        body: list[StreamCell] = []
        open_end = True
        for cell in cells[i + width :]:
            if _TABLE_END.match(squeeze(cell.text)):
                open_end = False
                break
            if fold_key(cell.text) in keys:
                continue  # the header printed again after a page break
            body.append(cell)
        if body or open_end:  # no body and the text ends: a page cut right after the header
            return StreamTable(kind, slots, body, header[0].first - 1, keys, open_end,
                               tuple(c.text for c in header))
    if kind == "pipe-rows":
        return _headerless_pipe_rows(cells)
    return None


#: Column kinds a headerless table's cells vote for, and the labels they stand for.
_KIND_LABEL = {"seq": "序号", "section": "工作任务", "requirement": "具体要求", "units": "责任单位", "deadline": "完成时限"}


def _headerless_pipe_rows(cells: list[StreamCell]) -> StreamTable | None:
    """Pipe rows without a header (a page that starts inside the table): each column's
    kind is what most of its cells read as, in the rows that print every cell."""
    rows: list[list[StreamCell]] = []
    for cell in cells:
        if cell.row_start is True:
            rows.append([cell])
        elif cell.row_start is False and rows:
            rows[-1].append(cell)
    width = max((len(r) for r in rows), default=0)
    full = [r for r in rows if len(r) == width]
    if width < 2 or len(full) < 2:
        return None
    kinds = []
    for k in range(width):
        votes: dict[str, int] = {}
        for r in full:
            scores = type_scores(r[k].text)
            best = max(scores, key=lambda kind: scores[kind])
            votes[best] = votes.get(best, 0) + 1
        kinds.append(max(votes, key=lambda kind: votes[kind]))
    if "requirement" not in kinds or "units" not in kinds:
        return None
    slots = slots_from_header([Column(k if k in _KIND_LABEL else "extra", _KIND_LABEL.get(k, "")) for k in kinds])
    first = rows[0][0]
    body = [c for c in cells if c.first >= first.first]
    end = next((i for i, c in enumerate(body) if _TABLE_END.match(squeeze(c.text))), None)
    return StreamTable("pipe-rows", slots, body[:end], first.first - 1, frozenset(), end is None, ())


def _section_path(path: list[tuple[int, str]], text: str, ordinal: int) -> list[tuple[int, str]]:
    """Push a group heading onto the path: 一、 is level 1, (一) level 2; an
    unnumbered group cell takes the level of its column."""
    level = heading_level(fold(text)) or ordinal
    return [p for p in path if p[0] < level] + [(level, squeeze(text))]


@dataclass
class _Row:
    sections: list[tuple[int, str]]
    seq: str | None
    requirement: str
    units: list[tuple[int, str]]
    deadline: str | None
    first: int
    last: int


def rows_from_stream(table: StreamTable) -> list[LogicalRow]:
    """Align the cells and assemble task rows."""
    slots = table.slots
    aligned = align_stream(table.cells, slots, table.open_end)
    if aligned and all(slots[k].kind == "section" for k, _ in aligned[-1]):
        _, cell = aligned[-1][-1]
        scores = type_scores(cell.text)
        # 3.公 on a page cut inside the table: a requirement cut short, not a group heading. And a last row that
        # reads as a requirement more than as a heading is one (动态更新部门文件，要全量覆盖…): no task follows it.
        if not heading_level(fold(cell.text)) and (table.open_end or scores["requirement"] > scores["section"]):
            req = next(j for j, s in enumerate(slots) if s.kind == "requirement")
            aligned[-1][-1] = (req, cell)
    section_ordinal = {k: n + 1 for n, k in enumerate(k for k, s in enumerate(slots) if s.kind == "section")}
    unit_slots = [k for k, s in enumerate(slots) if s.kind == "units"]
    stream = table.kind != "pipe-rows"
    path: list[tuple[int, str]] = []
    rows: list[_Row] = []
    for row in aligned:
        seq: str | None = None
        deadline: str | None = None
        req_parts: list[str] = []
        units: dict[int, list[str]] = {}
        for k, cell in row:
            kind = slots[k].kind
            if kind == "section":
                path = _section_path(path, cell.text, section_ordinal[k])
            elif kind == "seq":
                seq = squeeze(cell.text).strip(".、．()（）")
            elif kind == "requirement":
                req_parts.append(cell.text)
            elif kind == "units":
                units.setdefault(k, []).append(strip_cell(cell.text))
            elif kind == "deadline":
                deadline = strip_cell(cell.text)
        if not req_parts:
            continue
        requirement = "".join(strip_cell(p) for p in req_parts) if len(req_parts) > 1 else req_parts[0]
        rows.append(_Row(list(path), seq, requirement, [(k, "；".join(v)) for k, v in units.items()], deadline,
                         row[0][1].first, row[-1][1].last))
    return _assemble(rows, slots, unit_slots, any(s.kind == "deadline" for s in slots), stream, table.open_end)


def _assemble(rows: list[_Row], slots: list[Slot], unit_slots: list[int], has_deadline: bool,
              stream: bool, open_end: bool) -> list[LogicalRow]:
    """Fill missing unit and deadline cells: from the block's closing cell in a
    stream (a unit cell printed after the items it covers), else from above.

    The last row of a table that runs to the end of the text inherits nothing:
    on a page cut off inside the table, its own cells were cut, not merged. In a
    stream whose blocks share the unit cell printed after them (as the page shows
    before the cut), the same holds for the block of rows before it that print no
    unit cell: the cell that would have covered them came after them, and was cut."""
    n = len(rows)
    units: list[dict[int, tuple[str, bool]]] = [{k: (v, False) for k, v in r.units} for r in rows]
    deadlines: list[tuple[str | None, bool]] = [(r.deadline, False) for r in rows]
    blocks = False  # a unit cell printed after a block of rows covered the block
    if stream:
        for i in range(n):
            if rows[i].units:
                continue
            j = i
            while j < n and not rows[j].units and rows[j].sections == rows[i].sections:
                j += 1
            if j < n and rows[j].units and rows[j].sections == rows[i].sections:
                units[i] = {k: (v, False) for k, v in rows[j].units}
                blocks = True
                if rows[i].deadline is None and rows[j].deadline is not None:
                    deadlines[i] = (rows[j].deadline, False)
    end = n
    if open_end:
        end = n - 1
        while blocks and end > 0 and not rows[end - 1].units and rows[end - 1].sections == rows[n - 1].sections:
            end -= 1
    for i in range(1, end):
        for k in unit_slots:
            if k not in units[i] and k in units[i - 1]:
                units[i][k] = (units[i - 1][k][0], True)
        if has_deadline and deadlines[i][0] is None and deadlines[i - 1][0] is not None:
            deadlines[i] = (deadlines[i - 1][0], True)
    out: list[LogicalRow] = []
    for r, us, (dl, dl_inh) in zip(rows, units, deadlines, strict=True):
        own, rest = split_enumerator(r.requirement)
        # A 序号 cell that numbers the group (1 | 推进… | 1.统一… 2.公开…): the item's own number wins.
        items = [(own or r.seq, strip_cell(rest))] if r.seq else split_items(r.requirement)
        section = tuple(text for _, text in r.sections)
        for seq, text in items:
            if not squeeze(text):
                continue
            out.append(LogicalRow(
                requirement=text,
                section=section,
                seq=seq,
                units=tuple((raw, slots[k].unit_role, inh) for k, (raw, inh) in sorted(us.items())),
                deadline_raw=dl,
                deadline_inherited=dl_inh,
                first=r.first,
                last=r.last,
            ))
    return out


#: Column titles of disclosure catalogues (公开目录): what is disclosed, by whom, how and when.
_CATALOGUE_CELL = re.compile(r"公开(?:时限|主体|内容|事项|依据|渠道|方式|形式|属性|对象|层级|类别|范围|载体)|[一二三四五六]级(?:目录|事项)|信息类别|事项名称")
#: Column titles of a list of powers and their duties (权责清单: 职权名称 | 实施依据 | 责任事项 | 追责情形): standing
#: powers with the unit exercising each, shaped like a table of tasks and units.
POWER_LIST = "a list of powers and duties (权责清单), not a task table"
POWER_CELL = re.compile(r"职权(?:名称|类型|编码|类别|编号)|追责情形|追责依据|行使层级|权力(?:事项|名称|类型)|事项类型")
#: A report on tasks (落实情况, 完成情况) rather than the plan that assigns them.
_REPORT_TITLE = re.compile(r"落实情况|完成情况|进展情况|推进情况|工作总结|年度报告")
_PLAN_TITLE = re.compile(r"分工|分解|方案|要点|任务清单|责任清单|工作安排|任务表")


def not_a_task_table(table: StreamTable, rows: list[LogicalRow], lines: list[str]) -> str | None:
    """Why a table that has task-like rows is still not a task plan, or None.

    The evidence: the column titles (a catalogue says what is disclosed, by
    whom and when), the share of rows that name a responsible unit (a plan
    assigns every task), and the title above the table (a report on the
    tasks' progress quotes them with a status column)."""
    before = lines[: table.start]
    header_lines = lines[table.start : table.cells[0].first - 1 if table.cells else len(lines)]
    head = ([fold_key(c) for c in table.header] + [k for c in table.cells[:12] if len(k := fold_key(c.text)) <= 12]
            + [k for line in header_lines for p in re.split(r"[|\t]| {2,}", line) if len(k := fold_key(p)) <= 12])
    if sum(1 for k in head if _CATALOGUE_CELL.search(k)) >= 2:
        return "a disclosure catalogue (公开目录), not a task table"
    if sum(1 for k in head if POWER_CELL.search(k)) >= 2:
        return POWER_LIST
    title = fold_key("".join(before[-6:]))
    if re.search(r"目录$|事项目录|标准目录", title) and not _PLAN_TITLE.search(title):
        return "a disclosure catalogue (公开目录), not a task table"
    has_units = any(s.kind == "units" for s in table.slots)
    counted = rows
    if table.open_end:  # the rows after a cut page's last unit cell lost theirs to the cut: not weighed
        last = max((i for i, r in enumerate(rows) if r.units), default=-1)
        counted = rows[: last + 1] or rows
    assigned = sum(1 for r in counted if r.units)
    if rows and (not has_units or assigned * 2 < len(counted)):
        return "a task list that assigns no responsible units"
    status = any(s.kind == "extra" and re.search(r"落实|完成|进展|推进", fold_key(s.label)) for s in table.slots)
    if status and _REPORT_TITLE.search(title) and not _PLAN_TITLE.search(title):
        return "a progress report on tasks (落实情况), not a task plan"
    return None
