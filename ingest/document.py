"""What a reader hands the parser: the text lines of a file and, where the format has them, its tables.

It lives apart from the parser so that readers (below the parser) and the
parser (which calls the readers) both import it and neither imports the other.
"""
from __future__ import annotations

from dataclasses import dataclass

from zwgk.ingest.grid import Table
from zwgk.ingest.patterns import PAGE_ARTIFACT

__all__ = ["Document", "text_lines"]


@dataclass
class Document:
    """What a reader hands over: the text lines of the file and, for formats
    with real tables (docx, html, xlsx, ruled pdf), their cell grids, whose
    cells' line numbers point into `lines`. `tables=None` means "find the
    tables in the text"."""

    lines: list[str]
    tables: list[Table] | None = None
    reader: str = "text"


def text_lines(text: str) -> list[str]:
    """Lines of a text with page furniture (page numbers, form feeds) blanked out."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [("" if PAGE_ARTIFACT.match(s) else s.replace("\f", "")) for s in raw]
