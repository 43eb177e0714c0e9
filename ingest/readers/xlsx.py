"""Excel .xlsx: the sheet that holds the plan, merged ranges resolved.

Workbooks carry a plan on one sheet and notes, lists or pivot copies on
others; the plan's sheet is the one with a task (or domain) header row, the
longest if several have one. A merged range keeps its value in the top-left
cell: the cells to its right become `LEFT`, those below `ABOVE`, and
render.py applies the merge policy. Title rows above the header (one cell,
often merged across) become the notice text metadata is read from.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from zwgk.ingest.document import Document
from zwgk.ingest.errors import ParseError, one_line
from zwgk.ingest.limits import HEADER_SLACK, check_rows, check_unpacked
from zwgk.ingest.readers.render import ABOVE, LEFT, DocumentBuilder, Slot, header_index

__all__ = ["read_xlsx"]


def read_xlsx(data: bytes, reader: str = "xlsx") -> Document:
    """An .xlsx workbook → Document of its plan sheet; ParseError when unreadable."""
    sheets = _load(data)
    if not sheets:
        raise ParseError("empty workbook (no cells with text)")
    best = max(sheets, key=lambda s: (_has_header(s), sum(1 for r in s if any(isinstance(c, str) and c for c in r))))
    builder = DocumentBuilder(reader)
    builder.table(best)
    return builder.document()


def _load(data: bytes) -> list[list[list[Slot]]]:
    import openpyxl  # heavy; only when a workbook is read

    check_unpacked(data, ".xlsx")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except zipfile.BadZipFile as exc:
        raise ParseError("corrupt or truncated .xlsx (not a readable zip archive)") from exc
    except KeyError as exc:
        raise ParseError("corrupt .xlsx (zip archive without a workbook part)") from exc
    except ParseError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on damaged parts
        raise ParseError(f"corrupt .xlsx ({one_line(exc)})") from exc
    out = []
    for sheet in book.worksheets:
        if getattr(sheet, "sheet_state", "visible") != "visible":
            continue
        slots = _sheet_slots(sheet)
        if slots:
            out.append(slots)
    return out


def _value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value).replace("\r\n", "\n").replace("_x000D_", "")


def _sheet_slots(sheet: Any) -> list[list[Slot]]:
    values: dict[tuple[int, int], Slot] = {}
    check_rows(sheet.max_row - sheet.min_row + 1 if sheet.max_row else 0, HEADER_SLACK)
    for row in sheet.iter_rows():
        for cell in row:
            text = _value(cell.value)
            if text.strip():
                values[(cell.row, cell.column)] = text
    for rng in sheet.merged_cells.ranges:
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if (r, c) == (rng.min_row, rng.min_col):
                    values.setdefault((r, c), "")
                else:
                    values[(r, c)] = LEFT if r == rng.min_row else ABOVE
    texts = [k for k, v in values.items() if isinstance(v, str) and v.strip()]
    if not texts:
        return []
    rows = range(min(r for r, _ in texts), max(r for r, _ in texts) + 1)
    cols = range(min(c for _, c in texts), max(c for _, c in texts) + 1)
    # Cover-slots beyond the last text (a merge reaching into empty rows) are dropped with the range.
    return [[values.get((r, c), "") for c in cols] for r in rows]


def _has_header(slots: list[list[Slot]]) -> bool:
    return header_index([[c if isinstance(c, str) else "" for c in row] for row in slots]) is not None

