"""Comma-separated values (.csv): a plan exported from a spreadsheet, read as the sheet's cells.

A .csv holds one table, and a cell may hold commas, quotes and line breaks (the unit list 县财政局、县发改委
or a requirement of two lines, quoted). Read as text, every comma would look like part of a sentence, so
the cells are split by the csv module (the dialect sniffed: comma, semicolon or tab) and handed to the
same table assembly as an .xlsx sheet. Title rows above the header (one cell) become the notice text the
metadata is read from. Spreadsheets save CSV in the system code page (GBK on Chinese Windows) as often as
in UTF-8, so the bytes are decoded as any plan's text is.
"""
from __future__ import annotations

import csv
import io

from zwgk.ingest.decode import decode_bytes
from zwgk.ingest.document import Document
from zwgk.ingest.errors import ParseError
from zwgk.ingest.limits import HEADER_SLACK, check_rows
from zwgk.ingest.readers.render import LEFT, DocumentBuilder, Slot

__all__ = ["read_csv"]


def read_csv(data: bytes) -> Document:
    """A .csv file → Document of its one table; ParseError when it has no cells."""
    text = decode_bytes(data)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # one column, or too little text to tell: the spreadsheet default
    try:
        rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as exc:
        raise ParseError(f"malformed .csv ({exc})") from exc
    rows = [row for row in rows if any(row)]
    if not rows:
        raise ParseError("empty .csv (no cells with text)")
    check_rows(len(rows), HEADER_SLACK)
    width = max(len(row) for row in rows)
    slots: list[list[Slot]] = [_row(row, width) for row in rows]
    builder = DocumentBuilder("csv", merges=False)  # a merged cell exported is a blank one
    builder.table(slots)
    return builder.document()


def _row(cells: list[str], width: int) -> list[Slot]:
    """A row's slots. Only its first cell holding text is a cell merged across the row in the sheet the
    file was saved from (a title, or a heading such as 一、…): CSV keeps its text and loses the merge."""
    if width > 1 and cells[0] and not any(cells[1:]):
        return [cells[0], *[LEFT] * (width - 1)]
    return [*cells, *[""] * (width - len(cells))]
