"""Real tables → the lines and cell grids row assembly reads.

Every reader of a format with real tables (docx, html, xlsx, ruled pdf)
resolves its merged cells into a rectangular grid of slots: the text of a
cell where it starts, `ABOVE` where a cell from a row above reaches down,
`LEFT` where a cell from the left reaches across. This module applies the
one merge policy row assembly expects, so no reader decides it alone:

- a vertically merged cell is text in its first row and blank below, each blank cell flagged
  `covered` (ingest/rows.py carries the value down into it and flags it inherited; where the
  format records merges, a blank cell not covered is empty and gets nothing);
- a cell spanning the whole row is a row of one cell (a heading row);
- any other horizontal span leaves the covered cells blank (工作任务 over two
  columns: ingest/rows.py reads the blank header cell as the section's second level).

The lines mimic the DOCX→text form of the samples (each cell a line starting
with a tab, further paragraphs on the following lines, a blank line after
each row), so a plan looks the same whichever reader produced it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from zwgk.ingest.document import Document
from zwgk.ingest.domains import is_domain_header
from zwgk.ingest.grid import Cell, Table
from zwgk.ingest.headers import is_header_row
from zwgk.model.text import strip_cell

__all__ = ["ABOVE", "LEFT", "Slot", "DocumentBuilder", "resolve_merges", "header_index"]


class _Covered:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


#: A slot covered by a cell that starts in a row above (vertical merge).
ABOVE = _Covered("ABOVE")
#: A slot covered by a cell that starts further left in the same row (horizontal merge).
LEFT = _Covered("LEFT")

Slot = str | _Covered

_HEADER_SCAN = 12


def _blank(slot: Slot) -> bool:
    return not isinstance(slot, str) or not strip_cell(slot)


def resolve_merges(slots: list[list[Slot]]) -> list[list[str]]:
    """Slots → cell texts under the merge policy above."""
    width = max((len(r) for r in slots), default=0)
    out: list[list[str]] = []
    for row in slots:
        row = list(row) + [""] * (width - len(row))
        anchors = [k for k, s in enumerate(row) if not _blank(s)]
        if width > 1 and len(anchors) == 1:
            k = anchors[0]
            before, after = row[:k], row[k + 1 :]
            if (all(isinstance(s, str) for s in before) and any(s is LEFT for s in after)
                    and all(_blank(s) and s is not ABOVE for s in after)):
                out.append([str(row[k])])  # one cell across the row: a heading
                continue
        out.append([s if isinstance(s, str) else "" for s in row])
    return out


def _clean(text: str) -> str:
    """A cell's paragraphs, trimmed, without empty ones (a heading cell may begin with several)."""
    lines = [strip_cell(s.replace("\t", " ")) for s in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(s for s in lines if s)


@dataclass
class _Grid:
    rows: list[list[str]]
    width: int
    covered: list[list[bool]]  # per cell: blank under a vertical merge


@dataclass
class DocumentBuilder:
    """Collects a file's paragraphs and tables in reading order, then renders them."""

    reader: str
    merges: bool = True  # the format records merged cells (a CSV export does not)
    _blocks: list[str | _Grid] = field(default_factory=list, init=False)

    def paragraph(self, text: str) -> None:
        for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            self._blocks.append(line.rstrip())

    def table(self, slots: list[list[Slot]]) -> None:
        rows, covered = [], []
        for slot_row, row in zip(slots, resolve_merges(slots), strict=True):
            texts = [_clean(c) for c in row]
            if any(texts):
                rows.append(texts)
                covered.append([len(row) > 1 and k < len(slot_row) and slot_row[k] is ABOVE for k in range(len(row))])
        if rows:
            self._blocks.append(_Grid(rows, max(len(r) for r in rows), covered))

    def document(self) -> Document:
        """The lines and the plan tables; tables=None (find them in the text) when the
        file has no table that can hold tasks."""
        blocks = _join_split_tables(self._blocks)
        keep = _plan_tables(blocks)
        lines: list[str] = []
        tables: list[Table] = []
        for block in blocks:
            if isinstance(block, str):
                lines.append(block)
            elif id(block) in keep:
                tables.append(_render_table(block, lines, self.merges))
            else:
                lines.extend(_text_of(block))
        return Document(lines, tables or None, self.reader)


def header_index(rows: list[list[str]]) -> int | None:
    """The header row of a table: within the first rows after any title rows (rows of at
    most one filled cell, which a sheet may have many of above its table)."""
    lead = 0
    while lead < len(rows) and sum(1 for c in rows[lead] if strip_cell(c)) <= 1:
        lead += 1
    return next((i for i in range(lead, min(len(rows), lead + _HEADER_SCAN))
                 if is_header_row([strip_cell(c) for c in rows[i]]) or is_domain_header(rows[i])), None)


def _header_at(grid: _Grid) -> int | None:
    return header_index(grid.rows)


def _join_split_tables(blocks: list[str | _Grid]) -> list[str | _Grid]:
    """A table broken by a page (a PDF page, or a docx converted from one) is one table:
    join a table to the previous one when only blank lines lie between, they are as
    wide, and it does not open with a header of its own (a repeated header is fine)."""
    out: list[str | _Grid] = []
    for block in blocks:
        if isinstance(block, _Grid):
            k = len(out)
            while k and isinstance(prior := out[k - 1], str) and not prior.strip():
                k -= 1
            prev = out[k - 1] if k else None
            if isinstance(prev, _Grid) and prev.width == block.width:
                head = _header_at(block)
                prev_head = _header_at(prev)
                repeated = head is not None and prev_head is not None and block.rows[head] == prev.rows[prev_head]
                if head is None or repeated:
                    del out[k:]
                    rows = block.rows if head is None else block.rows[head + 1 :]
                    covered = block.covered if head is None else block.covered[head + 1 :]
                    if rows:  # a cell merged across the break goes on, blank, in the second part
                        covered = [[c or not t for c, t in zip(covered[0], rows[0], strict=True)], *covered[1:]]
                    prev.rows += rows
                    prev.covered += covered
                    continue
        out.append(block)
    return out


def _plan_tables(blocks: list[str | _Grid]) -> set[int]:
    """The tables handed to row assembly: those under a task or domain header (their
    page-broken continuations are already joined to them), or every table with columns
    when none has a header. Letterheads and 索引号 boxes become text lines."""
    grids = [b for b in blocks if isinstance(b, _Grid)]
    headed = {id(g) for g in grids if _header_at(g) is not None}
    if not headed:
        return {id(g) for g in grids if g.width > 1}
    return headed


def _render_table(grid: _Grid, lines: list[str], merges: bool) -> Table:
    head = _header_at(grid) or 0
    for row in grid.rows[:head]:  # a title row above the header is notice text
        if sum(1 for c in row if c) <= 1:
            lines.extend(c for c in row if c)
    body = [i for i, r in enumerate(grid.rows) if i >= head or sum(1 for c in r if c) > 1]
    if lines and lines[-1].strip():
        lines.append("")
    rows: list[list[Cell]] = []
    for i in body:
        cells = []
        for text, covered in zip(grid.rows[i], grid.covered[i], strict=True):
            parts = text.split("\n") if text else [""]
            first = len(lines) + 1
            lines.append("\t" + parts[0])
            lines.extend(parts[1:])
            cells.append(Cell(text, first, len(lines), covered))
        rows.append(cells)
        lines.append("")
    return Table(rows, "table", rows[0][0].first, rows[-1][-1].last, merges)


def _text_of(grid: _Grid) -> list[str]:
    """A table that is not a plan table (letterhead, 索引号 box) as plain lines, a cell per line."""
    return [s for row in grid.rows for text in row for s in text.split("\n") if s]
