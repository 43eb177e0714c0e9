"""Text lines → cell grids, one reader per way a table survives conversion to text.

Every reader yields `Table`s of `Cell`s that carry their source line span;
row assembly (rows.py) never sees how the table was printed. Readers:

- docx-cells: DOCX→text, one cell per line starting with a tab, rows split by
  blank lines (which can also sit inside a cell);
- tab-rows: one row per line, cells separated by tabs;
- pipe-rows: `a | b | c |` and markdown tables;
- pipe-cells: HTML→text, one cell per line with `|` separator lines;
- space-columns: columns separated by runs of spaces, aligned under a header;
- bare-cells: one cell per line with no separators at all, framed by the header.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from zwgk.ingest.headers import header_role, is_header_row
from zwgk.ingest.patterns import TERMINAL, heading_level
from zwgk.model.text import fold, strip_cell

__all__ = ["Cell", "Table", "find_tables", "cell_texts"]


@dataclass
class Cell:
    text: str
    first: int  # 1-based source line
    last: int
    covered: bool = False  # blank because a cell above is merged down over it (a real table's rowspan)

    def extend(self, line: str, lineno: int) -> None:
        self.text = f"{self.text}\n{line}" if self.text else line
        self.last = lineno


@dataclass
class Table:
    rows: list[list[Cell]]
    kind: str
    first: int = 0
    last: int = 0
    #: The reader knew its merges (docx, html, xlsx): a blank cell not `covered` is empty, and nothing is
    #: carried down into it. CSV exports, PDFs (a merge cut by a page is a blank cell of its own) and
    #: tables found in text cannot tell the two apart.
    merges: bool = False


def cell_texts(row: list[Cell]) -> list[str]:
    return [strip_cell(c.text) for c in row]


_TAB_START = re.compile(r"^[ \u3000]*\t")
_PIPE_SEP = re.compile(r"^[\s|+:\-—=─━]*$")
_SPACE_RUN = re.compile(r"(?:[ \u00a0]{2,}|\u3000+|\t)")


# ---------------------------------------------------------------- docx-cells


def _docx_cells(lines: list[str]) -> list[Table]:
    """One cell per tab line; tab-less lines continue the open cell.

    Blank lines end a row, except that a heading cell may begin with empty
    paragraphs: after blank lines a tab-less line still belongs to the row
    while it has fewer cells than the table is wide. A first pass that never
    closes a row on such lines measures that width.
    """

    def build(width: int | None) -> list[Table]:
        tables: list[Table] = []
        rows: list[list[Cell]] = []
        row: list[Cell] = []
        blank_before = False
        for no, raw in enumerate(lines, 1):
            line = raw.rstrip("\r\n")
            if _TAB_START.match(line):
                if blank_before and row:
                    rows.append(row)
                    row = []
                for piece in line.split("\t")[1:]:
                    row.append(Cell(piece.strip(), no, no))
                blank_before = False
            elif not line.strip():
                blank_before = True
            elif row and (not blank_before or width is None or len(row) < width):
                row[-1].extend(line.strip(), no)
                blank_before = False
            else:  # text outside any table: close the table in progress
                if row:
                    rows.append(row)
                    row = []
                if rows:
                    tables.append(Table(rows, "docx-cells", rows[0][0].first, rows[-1][-1].last))
                    rows = []
                blank_before = False
        if row:
            rows.append(row)
        if rows:
            tables.append(Table(rows, "docx-cells", rows[0][0].first, rows[-1][-1].last))
        return tables

    first = build(None)
    widths = Counter(len(r) for t in first for r in t.rows if len(r) > 1)
    width = widths.most_common(1)[0][0] if widths else None
    return build(width)


# ------------------------------------------------------------------ tab-rows


def _split_rows(lines: list[str], is_row: Callable[[str], bool], split: Callable[[str], list[str]], kind: str,
                skip: Callable[[str], bool] | None = None) -> list[Table]:
    """Shared frame for one-row-per-line layouts: blank lines may sit inside a table,
    a separator-free line right after a row continues its longest cell, anything
    else after a blank line ends the table."""
    tables: list[Table] = []
    rows: list[list[Cell]] = []
    blank_before = False
    for no, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if skip and skip(line):
            continue
        if is_row(line):
            rows.append([Cell(strip_cell(c), no, no) for c in split(line)])
            blank_before = False
        elif not line.strip():
            blank_before = True
        elif rows and heading_level(fold(line)):
            rows.append([Cell(strip_cell(line), no, no)])  # a full-width heading row
            blank_before = False
        elif rows and not blank_before and (cell := _open_cell(rows[-1])) is not None:
            cell.extend(line.strip(), no)
        else:
            if rows:
                tables.append(Table(rows, kind, rows[0][0].first, rows[-1][-1].last))
                rows = []
            blank_before = False
    if rows:
        tables.append(Table(rows, kind, rows[0][0].first, rows[-1][-1].last))
    return tables


def _open_cell(row: list[Cell]) -> Cell | None:
    """The longest cell of a row, if its text has not reached the end of a sentence."""
    filled = [c for c in row if c.text]
    if not filled:
        return None
    longest = max(filled, key=lambda c: len(c.text))
    return None if TERMINAL.search(fold(longest.text)) else longest


def _tab_rows(lines: list[str]) -> list[Table]:
    return _split_rows(
        lines,
        is_row=lambda s: "\t" in s.strip("\r\n") and not _TAB_START.match(s) or s.count("\t") >= 2,
        split=lambda s: s.split("\t"),
        kind="tab-rows",
    )


# -------------------------------------------------------------- pipe layouts


def _pipe_split(line: str) -> list[str]:
    parts = line.strip().split("|")
    if parts and not parts[0].strip():
        parts = parts[1:]
    if parts and not parts[-1].strip():
        parts = parts[:-1]
    return parts


def _pipe_rows(lines: list[str]) -> list[Table]:
    def separator(s: str) -> bool:
        return bool(s.strip()) and "|" in s and bool(_PIPE_SEP.match(s))

    return _split_rows(
        lines,
        is_row=lambda s: "|" in s and not separator(s),
        split=_pipe_split,
        kind="pipe-rows",
        skip=separator,
    )


def _pipe_cells(lines: list[str]) -> list[Table]:
    """HTML→text: each cell on its own line(s), `|` lines between cells or rows."""
    groups: list[Cell] = []
    current: Cell | None = None
    seps_between_rows: list[int] = []
    for no, raw in enumerate(lines, 1):
        line = raw.strip()
        if line and _PIPE_SEP.match(line) and "|" in line:
            if current is not None:
                groups.append(current)
                current = None
            seps_between_rows.append(no)
        elif line:
            if current is None:
                current = Cell(line, no, no)
            else:
                current.extend(line, no)
        elif current is not None:
            # a blank line inside a group separates cells of one row
            groups.append(current)
            current = None
    if current is not None:
        groups.append(current)
    if not groups:
        return []
    # The header is the run of header words at the start of the table.
    start = next((i for i, c in enumerate(groups) if header_role(c.text)), None)
    if start is None:
        return []
    width = 0
    while start + width < len(groups) and header_role(groups[start + width].text):
        width += 1
    if width < 2:
        return []
    return [_chunk_cells(groups[start:], width, "pipe-cells")]


# ------------------------------------------------------------- bare-cells


def _bare_cells(lines: list[str]) -> list[Table]:
    """One cell per line, no separators: the header lines tell the width."""
    for i in range(len(lines)):
        width = 0
        while i + width < len(lines) and header_role(lines[i + width].strip()):
            width += 1
        if width >= 3:
            cells = [Cell(lines[j].strip(), j + 1, j + 1) for j in range(i, len(lines)) if lines[j].strip()]
            return [_chunk_cells(cells, width, "bare-cells")]
    return []


def _chunk_cells(cells: list[Cell], width: int, kind: str) -> Table:
    """Group a flat cell stream into rows. With a 序号 column the row numbers anchor
    the rows (so wrapped or missing cells do not shift the grid); otherwise rows are
    `width` cells long."""
    header, body = cells[:width], cells[width:]
    rows: list[list[Cell]] = [header]
    roles = [header_role(c.text) for c in header]
    if roles[0] == "seq":
        expected = 1
        row: list[Cell] = []
        for cell in body:
            if cell.text.strip() == str(expected):
                if row:
                    rows.append(_fit_row(row, roles))
                row = [cell]
                expected += 1
            else:
                row.append(cell)
        if row:
            rows.append(_fit_row(row, roles))
    else:
        rows += [body[k : k + width] for k in range(0, len(body), width)]
    return Table(rows, kind, cells[0].first, cells[-1].last)


def _fit_row(row: list[Cell], roles: list[str | None]) -> list[Cell]:
    """A row anchored on its 序号 with more lines than columns: a unit cell printed
    one unit per line, or a wrapped requirement. Fold the extra lines back into
    the unit cell (trailing unit-like lines) or the requirement cell."""
    from zwgk.ingest.patterns import looks_like_deadline, looks_like_units

    if len(row) <= len(roles):
        return row
    cells = list(row)
    tail: list[Cell] = []
    if roles[-1] == "deadline" and looks_like_deadline(fold(cells[-1].text)):
        tail.append(cells.pop())
    if "units" in roles:
        units: list[Cell] = []
        need = len(roles) - len(tail) - 1  # columns left before the unit column
        while len(cells) > need and looks_like_units(fold(cells[-1].text)):
            units.insert(0, cells.pop())
        if units:
            merged = Cell("\n".join(c.text for c in units), units[0].first, units[-1].last)
            tail.insert(0, merged)
    width = len(roles) - len(tail)
    while len(cells) > width:  # wrapped requirement text
        extra = cells.pop()
        cells[-1].extend(extra.text, extra.last)
    return cells + tail


# ------------------------------------------------------------ space-columns


def _display_width(s: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in s)


def _segments(line: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for piece in _SPACE_RUN.split(line):
        idx = line.find(piece, pos) if piece else pos
        if piece.strip():
            out.append((_display_width(line[:idx]), piece.strip()))
        pos = idx + len(piece)
    return out


def _space_columns(lines: list[str]) -> list[Table]:
    """Columns aligned by runs of spaces under a header line."""
    for i, line in enumerate(lines):
        segs = _segments(line)
        if len(segs) >= 3 and is_header_row([s for _, s in segs]):
            starts = [x for x, _ in segs]
            rows: list[list[Cell]] = [[Cell(t, i + 1, i + 1) for _, t in segs]]
            for no in range(i + 2, len(lines) + 1):
                text = lines[no - 1]
                if not text.strip():
                    continue
                parts = _segments(text)
                if len(parts) == len(starts):  # a cell for every column: taken in order, however unaligned
                    slots = [t for _, t in parts]
                else:  # a row with cells left blank or wrapped: each cell goes under the title it starts below
                    slots = [""] * len(starts)
                    for x, t in parts:
                        col = max((k for k, s in enumerate(starts) if s <= x + 2), default=0)
                        slots[col] = f"{slots[col]}{t}" if slots[col] else t
                prev = rows[-1] if len(rows) > 1 else None
                filled = [k for k, s in enumerate(slots) if s]
                if prev is not None and len(filled) < len(starts) and slots[0] == "" and _open_cell(prev) is not None:
                    for k in filled:  # wrapped text continues the cells above
                        prev[k].extend(slots[k], no)
                    continue
                rows.append([Cell(s, no, no) for s in slots])
            if len(rows) > 2:
                return [Table(rows, "space-columns", rows[0][0].first, rows[-1][-1].last)]
    return []


# -------------------------------------------------------------- detection


def find_tables(lines: list[str]) -> list[Table]:
    """The tables of a text, read by the layout its lines show (or [] for none)."""
    tab_start = sum(1 for s in lines if _TAB_START.match(s) and s.count("\t") == 1)
    tab_inner = sum(1 for s in lines if "\t" in s and (not _TAB_START.match(s) or s.count("\t") >= 2))
    if tab_start + tab_inner >= 2:
        return _docx_cells(lines) if tab_start > tab_inner else _tab_rows(lines)
    pipe_rows = sum(1 for s in lines if s.count("|") >= 2 and not _PIPE_SEP.match(s))
    pipe_seps = sum(1 for s in lines if s.strip() and "|" in s and _PIPE_SEP.match(s))
    if pipe_rows >= 3:
        return _pipe_rows(lines)
    if pipe_seps >= 3:
        return _pipe_cells(lines)
    return _space_columns(lines) or _bare_cells(lines)
