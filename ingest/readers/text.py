"""Plain text (.txt, .md, .tsv, a DOCX or PDF already converted to text): the text layouts apply."""
from __future__ import annotations

from collections import Counter

from zwgk.ingest.decode import decode_bytes
from zwgk.ingest.document import Document, text_lines

__all__ = ["read_text"]


#: A block of tab lines whose commonest cell count covers less than this share is a browser's copy of a
#: web table (cells under a rowspan left out), not a grid whose rows all have every cell.
_UNIFORM = 0.8
#: Lines without a tab that may sit inside one block of tab lines (a heading row of one cell).
_GAP = 2
#: Lines with a full-width bar that make it the page's cell separator (as with "|", grid.py and streams.py).
_BAR_LINES = 3


def read_text(data: bytes) -> Document:
    """Decode (UTF-8, GBK, UTF-16 …) and split into lines; tables are found in the text.

    A page that separates its cells with full-width bars (｜) gets ASCII ones, the separator every text
    layout reads: the same table with either bar is the same table.
    """
    lines = text_lines(decode_bytes(data))
    if sum(1 for line in lines if "｜" in line) >= _BAR_LINES:
        lines = [line.replace("｜", "|") for line in lines]
    if not any("|" in line for line in lines):
        lines = _tabs_as_bars(lines)
    return Document(lines, None, "text")


def _tabs_as_bars(lines: list[str]) -> list[str]:
    """Tab-separated blocks whose rows have different numbers of cells, written as `a | b |` rows.

    Copying a web table from a browser gives one line per row with tabs between the cells it prints, and
    a row under a rowspan prints fewer cells: 2, 3 and 4 cells in one table. Read as a grid, its cells land
    in the wrong columns. Written with bars, it is the same text the page shows when rendered to text,
    which the stream reader (streams.py) reads by its header. A grid copied from Word or Excel keeps an
    empty cell for every merged one, so its rows agree and it stays a grid.
    """
    tabbed = [k for k, line in enumerate(lines) if "\t" in line]
    blocks: list[list[int]] = []
    for k in tabbed:
        if blocks and k - blocks[-1][-1] <= _GAP + 1:
            blocks[-1].append(k)
        else:
            blocks.append([k])
    out = list(lines)
    for block in blocks:
        counts = Counter(len(lines[k].split("\t")) for k in block)  # a grid's leading empty cells count
        if len(block) >= 3 and counts.most_common(1)[0][1] < _UNIFORM * len(block):
            for k in block:
                out[k] = " | ".join(cell.strip() for cell in lines[k].strip().split("\t")) + " |"
    return out
