"""Where a flattened table's header is, in a stream of cells (ingest/streams.py reads the rest).

A header is a run of column titles: the synonyms headers.py knows, and titles it does not know (预期成果,
工作标准, 督办科室) where the titles around them say they belong to the header. Pipe rows whose titles
wrapped onto a second row are joined into one header row first.
"""
from __future__ import annotations

import re

from zwgk.ingest.align import StreamCell
from zwgk.ingest.headers import header_role, is_header_row, wrapped_header
from zwgk.ingest.patterns import ENUM, heading_level
from zwgk.model.text import fold, squeeze

__all__ = ["header_at", "join_wrapped_header", "is_label"]


def is_label(text: str) -> bool:
    """A column title: a header word, never a numbered heading (（一）编制事项目录)."""
    folded = fold(text)
    return bool(header_role(text)) and not heading_level(folded) and not ENUM.match(folded)


_FIRST_SEQ = re.compile(r"\s*1\s*[.、]?\s*")
#: A column title no synonym knows (预期成果, 工作标准, 督办科室): a few characters, no sentence, no number.
_TITLE_LIKE = re.compile(r"[\u4e00-\u9fff()（）及和与/、]{2,8}")


def _unknown_title(cells: list[StreamCell], i: int, k: int) -> bool:
    """Whether cell k, not a header word, is still a column title of the header that starts at i: title-like,
    and printed on the header's own pipe row, or followed by a header word or by the first row's 序号."""
    text = squeeze(fold(cells[k].text))
    if k == i or not _TITLE_LIKE.fullmatch(text) or heading_level(text) or ENUM.match(text):
        return False
    if cells[k].row_start is not None:  # pipe rows: the header's own row says where it ends
        return cells[k].first == cells[i].first
    after = [c.text for c in cells[k + 1 : k + 3]]
    if any(is_label(t) for t in after):
        return True
    # Before the first row's 序号, unless the header has a group column: then its first cell comes first.
    roles = {header_role(c.text) for c in cells[i:k]}
    return bool(after and _FIRST_SEQ.fullmatch(after[0])) and not {"section", "requirement"} <= roles


def header_at(cells: list[StreamCell], i: int) -> int:
    """How many cells from i on form a header row (0 when they do not). A column title no synonym knows
    is taken where the titles around it say it is one: an unknown title ended the header, and the page
    was rejected (预期成果 after 完成时限)."""
    k = i
    while k < len(cells) and (is_label(cells[k].text) or _unknown_title(cells, i, k)) and (
            k == i or cells[k].row_start is not True or cells[k - 1].row_start is not None):
        k += 1
    while k - 1 > i and not is_label(cells[k - 1].text):  # it ends with a title it knows, on its pipe row's end,
        last = cells[k - 1]                              # or right before the first row's 序号
        if (last.row_start is not None and last.first == cells[i].first) or (
                last.row_start is None and k < len(cells) and _FIRST_SEQ.fullmatch(cells[k].text)):
            break
        k -= 1
    width = k - i
    labels = [c.text for c in cells[i:k] if is_label(c.text)]
    if width >= 2 and is_header_row(labels):
        return width
    return 0


def join_wrapped_header(cells: list[StreamCell]) -> list[StreamCell]:
    """Pipe rows whose header titles wrapped onto a second row (序号 | 工作 | 责任 over | 任务 | 单位):
    the two rows become one header row of whole titles."""
    lines: dict[int, list[StreamCell]] = {}
    for cell in cells:
        lines.setdefault(cell.first, []).append(cell)
    numbers = sorted(lines)[:12]
    texts = [[c.text for c in lines[no]] for no in numbers]
    k = wrapped_header(texts)
    if k is None:
        return cells
    top, below = numbers[k - 1], numbers[k]
    at = cells.index(lines[top][0])
    joined = [StreamCell(text, top, below, j == 0) for j, text in enumerate(t for t in texts[k] if t)]
    return [*cells[:at], *joined, *(c for c in cells[at:] if c.first not in (top, below))]
