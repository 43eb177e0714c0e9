"""Row assembly: a cell grid → logical task rows.

This is where a table's meaning is recovered, whatever reader produced it:
which column holds what (header words first, cell contents where the header
is merged, missing or letter-spaced), merged cells (a blank cell carries the
value above and is flagged inherited), full-width heading rows, headings
re-printed after a page break, numbering that restarts per section, and
several numbered items inside one cell.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from zwgk.ingest.assignments import responsibility_brackets, split_bracket
from zwgk.ingest.celltypes import misfit
from zwgk.ingest.grid import Cell, Table, cell_texts
from zwgk.ingest.headers import Column, header_role, is_header_row, unit_column_role, wrapped_header
from zwgk.ingest.patterns import (
    ENUM,
    TERMINAL,
    heading_level,
    looks_like_deadline,
    looks_like_units,
    split_enumerator,
)
from zwgk.model.text import fold, squeeze, strip_cell

__all__ = ["LogicalRow", "assign_columns", "rows_from_table", "titles_tasks", "split_items", "join_lines", "join_unit_lines"]


@dataclass
class LogicalRow:
    """One task as the layout gives it, before units and deadlines are parsed."""

    requirement: str
    section: tuple[str, ...] = ()
    seq: str | None = None
    #: Unit cells as printed: (raw text, role a bare listing gets, inherited from the row above).
    units: tuple[tuple[str, str, bool], ...] = ()
    deadline_raw: str | None = None
    deadline_inherited: bool = False
    first: int = 0
    last: int = 0


_INT = re.compile(r"^\s*[0-9]{1,3}\s*[.、]?\s*$")


def join_lines(text: str) -> str:
    """Wrapped lines of one cell joined with nothing between them (Chinese has no spaces)."""
    return "".join(strip_cell(part) for part in text.split("\n"))


def _column_stats(body: list[list[str]], width: int) -> list[dict[str, float]]:
    stats = []
    for k in range(width):
        cells = [r[k] for r in body if k < len(r) and r[k]]
        n = max(len(cells), 1)
        stats.append({
            "fill": len(cells) / max(len(body), 1),
            "len": sum(len(c) for c in cells) / n,
            "int": sum(1 for c in cells if _INT.match(c)) / n,
            "deadline": sum(1 for c in cells if looks_like_deadline(fold(c))) / n,
            "units": sum(1 for c in cells if looks_like_units(fold(c))) / n,
        })
    return stats


def _insert_unlabelled_seq(header: list[str], body: list[list[str]]) -> list[str]:
    """A header with fewer labels than the rows have cells (its last slot blank) over a
    column of row numbers nobody labelled: the labels belong after that column. The
    rows that fill every cell say which column that is (shorter rows are realigned)."""
    full = [r for r in body if len(r) == len(header) and all(r)]
    stats = _column_stats(full, len(header)) if full else []
    seq = next((k for k, st in enumerate(stats) if st["int"] >= 0.8), None)
    if seq is None or header_role(header[seq]) == "seq" or not squeeze(header[seq]):
        return header
    labels = header[:-1]
    return labels[:seq] + ["序号"] + labels[seq:]


def assign_columns(texts: list[list[str]]) -> tuple[int | None, list[Column]]:
    """Find the header row (if any) and say what each column holds.

    A two-line header (责任单位 over 牵头单位 | 配合单位) is read as one: the
    second line's labels win where it has them.
    """
    header_idx = wrapped_header(texts)
    if header_idx is None:
        header_idx = next((i for i, r in enumerate(texts[:12]) if is_header_row(r)), None)
    if header_idx is not None and header_idx + 1 < len(texts):
        below = texts[header_idx + 1]
        labels = [c for c in below if c]
        if labels and all(header_role(c) for c in labels):
            merged = [b or a for a, b in zip(texts[header_idx], below + [""] * len(texts[header_idx]), strict=False)]
            texts[header_idx + 1] = merged
            header_idx += 1
    body = texts[header_idx + 1 :] if header_idx is not None else texts
    widths = Counter(len(r) for r in body if len(r) >= 2)
    width = widths.most_common(1)[0][0] if widths else max((len(r) for r in texts), default=0)
    stats = _column_stats([r for r in body if len(r) == width] or body, width)
    header = texts[header_idx] if header_idx is not None else []

    if header and len(header) == width and not squeeze(header[-1]):
        header = _insert_unlabelled_seq(header, body)
    if header and len(header) == width:
        cols: list[Column] = []
        for k, label in enumerate(header):
            role = header_role(label) if label else None
            if role is None and not squeeze(label):
                if stats[k]["int"] >= 0.8:
                    role = "seq"
                elif cols and cols[-1].role == "section":
                    role = "section"  # 工作任务 printed once over two columns
            if role is None:
                role = "extra"
            unit_role = unit_column_role(label) if role == "units" else "responsible"
            cols.append(Column(role, strip_cell(label), unit_role))
        if not any(c.role == "requirement" for c in cols):
            sections = [k for k, c in enumerate(cols) if c.role == "section"]
            if sections:  # 工作任务 alone holds the requirement text
                k = max(sections, key=lambda j: stats[j]["len"])
                cols[k] = Column("requirement", cols[k].label)
        return header_idx, cols

    # Header merged over several columns, missing or absent: read the contents.
    seq = next((k for k in range(width) if stats[k]["int"] >= 0.8 and stats[k]["fill"] >= 0.5), None)
    candidates = [k for k in range(width) if k != seq]
    if not candidates:
        return header_idx, [Column("requirement")] * width
    req = max(candidates, key=lambda k: stats[k]["len"] * max(stats[k]["fill"], 0.2))
    roles: list[Column] = []
    tail_labels = []
    if header:
        labels = [h for h in header if squeeze(h)]
        req_label = next((i for i, h in enumerate(labels) if header_role(h) == "requirement"), None)
        if req_label is not None:
            tail_labels = labels[req_label + 1 :]
    for k in range(width):
        if k == seq:
            roles.append(Column("seq", "序号"))
        elif k == req:
            roles.append(Column("requirement"))
        elif k < req:
            roles.append(Column("section"))
        else:
            pos = k - req - 1 - (1 if seq is not None and req < seq < k else 0)
            label = tail_labels[pos] if 0 <= pos < len(tail_labels) else ""
            role = header_role(label) if label else None
            if role is None:
                if stats[k]["deadline"] >= 0.5:
                    role = "deadline"
                elif stats[k]["units"] >= 0.3:
                    role = "units"
                else:
                    role = "extra"
            roles.append(Column(role, label, unit_column_role(label) if role == "units" else "responsible"))
    return header_idx, roles


_INLINE_ITEM = re.compile(r"(?<=[。;；）)])\s*(?=(?:[0-9]{1,2}\s*(?:[、．]|\.(?![0-9]))))")


def split_items(text: str) -> list[tuple[str | None, str]]:
    """Several numbered items in one cell (`1.…2.…`, one per line or run together)
    → [(seq, text)], when they count up from 1; else the cell is one item."""
    pieces: list[str] = []
    for line in text.split("\n"):
        line = strip_cell(line)
        if not line:
            continue
        for part in _INLINE_ITEM.split(line):
            if ENUM.match(fold(part)) or not pieces:
                pieces.append(part)
            else:
                pieces[-1] += part
    numbered = [split_enumerator(p) for p in pieces]
    nums = [n for n, _ in numbered if n is not None]
    if len(pieces) >= 2 and len(nums) == len(numbered) and [int(n) for n in nums] == list(range(int(nums[0]), int(nums[0]) + len(nums))):
        return [(n, strip_cell(t)) for n, t in numbered]
    seq, rest = split_enumerator(join_lines(text))
    return [(seq, strip_cell(rest))]


def _merged(table: Table, row: list[Cell], k: int) -> bool:
    """Is a blank cell the cell above merged down? Where the reader knew the table's merges, only if
    it said so (配合单位 left empty on a row names no unit); in a table found in text, always."""
    return not table.merges or (k < len(row) and row[k].covered)


def _drop_empty_columns(table: Table) -> Table:
    """Columns empty in every row (a leading tab on each line) carry nothing."""
    width = max((len(r) for r in table.rows), default=0)
    empty = [k for k in range(width) if all(k >= len(r) or not strip_cell(r[k].text) for r in table.rows)]
    if not empty:
        return table
    rows = [[c for k, c in enumerate(r) if k not in empty] for r in table.rows]
    return Table([r for r in rows if r], table.kind, table.first, table.last, table.merges)


def _realign(row: list[Cell], texts: list[str], cols: list[Column]) -> tuple[list[Cell], list[str]]:
    """A row with fewer cells than columns: put each cell in the column it reads
    as (align.py), leaving the columns it lacks blank, i.e. merged from above."""
    from zwgk.ingest.align import align_row

    keep = [k for k, t in enumerate(texts) if t]
    if len(keep) < 2:
        return row, texts
    placed = align_row([texts[k] for k in keep], [c.role for c in cols])
    if placed is None:
        return row, texts
    new_row = [Cell("", row[0].first, row[0].first, covered=True) for _ in cols]
    new_texts = [""] * len(cols)
    for k, col in zip(keep, placed, strict=True):
        new_row[col], new_texts[col] = row[k], texts[k]
    return new_row, new_texts


def _heading_key(text: str) -> str:
    return squeeze(text)


def titles_tasks(table: Table) -> bool:
    """Whether the table's header titles both a requirement column and a units column (具体措施 | 责任股室)."""
    header_idx, cols = assign_columns([cell_texts(r) for r in _drop_empty_columns(table).rows])
    roles = {c.role for c in cols}
    return header_idx is not None and "requirement" in roles and "units" in roles


def rows_from_table(table: Table) -> list[LogicalRow]:
    """Assemble the task rows of one table."""
    table = _drop_empty_columns(table)
    texts = [cell_texts(r) for r in table.rows]
    header_idx, cols = assign_columns(texts)
    width = len(cols)
    role_at = {c.role: k for k, c in reversed(list(enumerate(cols)))}
    sec_cols = [k for k, c in enumerate(cols) if c.role == "section"]
    seq_col = role_at.get("seq")
    req_col = role_at.get("requirement")
    unit_cols = [k for k, c in enumerate(cols) if c.role == "units"]
    dl_col = role_at.get("deadline")
    if req_col is None:
        return []
    header_keys = [_heading_key(h) for h in texts[header_idx]] if header_idx is not None else None

    banners: list[tuple[int, str]] = []
    sections: list[str | None] = [None] * len(sec_cols)
    last_units: list[str | None] = [None] * len(unit_cols)
    last_deadline: str | None = None
    out: list[LogicalRow] = []
    start = header_idx + 1 if header_idx is not None else 0
    for r, row in enumerate(table.rows[start:], start):
        cells = texts[r]
        if header_keys and [_heading_key(c) for c in cells] == header_keys:
            continue  # header repeated after a page break
        filled = [k for k, c in enumerate(cells) if c]
        if not filled:
            continue
        if 2 <= len(filled) and (len(cells) < width or any(
                k < width and misfit(cells[k], cols[k].role) for k in filled)):
            row, cells = _realign(row, cells, cols)
            filled = [k for k, c in enumerate(cells) if c]
        if width > 1 and len(filled) == 1:
            text = cells[filled[0]]
            short_row = len(cells) < width and not looks_like_units(fold(text))
            if short_row or (filled[0] not in sec_cols and heading_level(fold(text))):
                level = heading_level(fold(text)) or 1
                banners = [b for b in banners if b[0] < level] + [(level, squeeze(text))]
                sections = [None] * len(sec_cols)
                continue
        cells = (cells + [""] * width)[:width]
        for i, k in enumerate(sec_cols):
            value = squeeze(cells[k])
            if value and value != sections[i]:
                sections[i] = value
                for j in range(i + 1, len(sec_cols)):
                    if not cells[sec_cols[j]]:
                        sections[j] = None
        req_text = cells[req_col]
        if not req_text:
            if out and not (seq_col is not None and cells[seq_col]) and any(cells[k] for k in unit_cols):
                _continue_row(out[-1], [(strip_cell(cells[k]), cols[k].unit_role) for k in unit_cols if cells[k]],
                              strip_cell(cells[dl_col]) if dl_col is not None else "")
            continue
        units = []
        for i, k in enumerate(unit_cols):
            if cells[k]:
                last_units[i] = row[k].text if k < len(row) else cells[k]
                units.append((strip_cell(last_units[i]), False, cols[k].unit_role))
            elif not _merged(table, row, k):
                last_units[i] = None  # an empty cell of a real table: nobody in this column
            elif last_units[i]:
                units.append((strip_cell(last_units[i]), True, cols[k].unit_role))
        deadline_inherited = False
        if dl_col is not None:
            if cells[dl_col]:
                last_deadline = cells[dl_col]
            elif not _merged(table, row, dl_col):
                last_deadline = None
            elif last_deadline:
                deadline_inherited = True
        seq_cell = strip_cell(cells[seq_col]).rstrip(".、") if seq_col is not None else None
        raw_req = row[req_col].text if req_col < len(row) else req_text
        items = split_items(raw_req)
        own = [_own_bracket(t) for _, t in items] if len(items) >= 2 else []
        if seq_col is not None and not (own and all(own)):  # a numbered row's cell is one task, unless
            items = [(None, strip_cell(split_enumerator(join_lines(raw_req))[1]))]  # each item names its units
            own = []
        prev = out[-1] if out else None
        if (prev and seq_col is not None and not seq_cell and not any(not u[1] for u in units)
                and not TERMINAL.search(fold(prev.requirement)) and not any(cells[k] for k in sec_cols)):
            prev.requirement += join_lines(raw_req)  # a cell split across a page break
            prev.last = row[-1].last
            continue
        section = tuple(b for _, b in banners) + tuple(s for s in sections if s)
        first, last = row[0].first, row[-1].last
        for k, (seq, text) in enumerate(items):
            if not squeeze(text):  # blank, or only invisible characters
                continue
            row_units = tuple((u[0], u[2], u[1]) for u in units)
            deadline = strip_cell(last_deadline) if dl_col is not None and last_deadline else None
            inherited = deadline_inherited
            if k < len(own) and (bracket := own[k]):  # 1.推进…。（县财政局）2.做好…。（县发改委）in one cell
                text, unit_text, own_deadline = bracket
                row_units = ((unit_text, "responsible", False),) if unit_text else row_units
                deadline, inherited = (own_deadline, False) if own_deadline else (deadline, inherited)
            out.append(LogicalRow(
                requirement=text,
                section=section,
                seq=(seq_cell or None) if seq_col is not None and not own else seq,
                units=row_units,
                deadline_raw=deadline,
                deadline_inherited=inherited,
                first=first,
                last=last,
            ))
    return out


def _own_bracket(item: str) -> tuple[str, str | None, str | None] | None:
    """(text, units, deadline) of an item in a cell that ends with its own responsibility bracket."""
    spans = responsibility_brackets(item)
    if len(spans) != 1 or fold(item[spans[0][1] :]).strip(" 。;"):
        return None
    s, e = spans[0]
    return (strip_cell(item[:s]), *split_bracket(item[s + 1 : e - 1]))


def _continue_row(row: LogicalRow, units: list[tuple[str, str]], deadline: str) -> None:
    """A row of only units (and a deadline) under a task: the task's cell spans both rows, each unit with its
    own date (县财政局 6月底前 / 县发改委 9月底前). The unit cells join as one cell printed on two lines."""
    merged = list(row.units)
    for raw, role in units:
        k = next((i for i, u in enumerate(merged) if u[1] == role and not u[2]), None)
        if k is None:
            merged.append((raw, role, False))
        else:
            merged[k] = (merged[k][0] + "；" + raw, role, False)
    row.units = tuple(merged)
    if deadline:
        row.deadline_raw = f"{row.deadline_raw}；{deadline}" if row.deadline_raw and not row.deadline_inherited else deadline
        row.deadline_inherited = False


def join_unit_lines(parts: list[str]) -> str:
    """A multi-line unit cell (one unit per line) as one raw string joined with ；."""
    lines: list[str] = []
    for part in parts:
        for line in part.split("\n"):
            line = strip_cell(line)
            if not line:
                continue
            if lines and not re.search(r"[；;，,、]$", lines[-1]):
                lines[-1] += "；"
            lines.append(line)
    return "".join(lines)
