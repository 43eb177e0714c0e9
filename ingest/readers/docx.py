"""Word .docx: the body's paragraphs and tables in reading order, merged cells resolved.

The grid is read from the XML rather than python-docx's `row.cells`, which
repeats a merged cell once per grid column it spans: `w:gridSpan` makes the
covered columns `LEFT`, a `w:vMerge` without `w:val="restart"` makes the
cell `ABOVE` (render.py turns both into what row assembly expects), and
`w:gridBefore`/`w:gridAfter` pad rows that start or end short. A table that
holds another table is page layout: its cells are read as paragraphs. List
numbering (a 序号 column numbered by Word, （一） headings) is rendered as
Word prints it (numbering.py).
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from zwgk.ingest.document import Document
from zwgk.ingest.errors import ParseError, one_line
from zwgk.ingest.limits import HEADER_SLACK, check_rows, check_unpacked
from zwgk.ingest.readers.numbering import Numbering
from zwgk.ingest.readers.render import ABOVE, LEFT, DocumentBuilder, Slot

__all__ = ["read_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_P, _TBL, _TR, _TC, _SDT = (f"{_W}{t}" for t in ("p", "tbl", "tr", "tc", "sdt"))
_BREAKS = {f"{_W}br", f"{_W}cr"}
_SKIP = {_MC_FALLBACK, f"{_W}del", f"{_W}instrText", f"{_W}delText", f"{_W}rPr", f"{_W}pPr"}


def read_docx(data: bytes, reader: str = "docx") -> Document:
    """A .docx file → Document; ParseError when it is not a readable Word document."""
    body, numbering = _load(data)
    builder = DocumentBuilder(reader)
    _read_blocks(body, builder, numbering)
    return builder.document()


def _load(data: bytes) -> tuple[object, Numbering]:
    import docx  # python-docx; heavy, so only when a .docx is read
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.exceptions import PackageNotFoundError

    check_unpacked(data, ".docx")
    try:
        document = docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ParseError("corrupt or truncated .docx (not a readable zip archive)") from exc
    except (KeyError, PackageNotFoundError) as exc:
        raise ParseError("corrupt .docx (zip archive without a Word document part)") from exc
    except ValueError as exc:  # python-docx: "file … is not a Word file, content type is …"
        raise ParseError(f"not a Word document: {one_line(exc)}") from exc
    except Exception as exc:  # damaged XML, zlib errors: any of them means unreadable
        raise ParseError(f"corrupt .docx ({one_line(exc)})") from exc
    part: Any = document.part  # the main document part (python-docx types it as the base Part)
    numbering, styles = (part.part_related_by(rt).element if _has_rel(part, rt) else None
                         for rt in (RT.NUMBERING, RT.STYLES))
    return document.element.body, Numbering(numbering, styles)


def _has_rel(part: Any, reltype: str) -> bool:
    return any(rel.reltype == reltype and not rel.is_external for rel in part.rels.values())


def _read_blocks(parent: Any, builder: DocumentBuilder, numbering: Numbering) -> None:
    for child in parent.iterchildren():
        if child.tag == _P:
            builder.paragraph(numbering.label(child) + _text(child))
        elif child.tag == _TBL:
            if any(t is not child for t in child.iter(_TBL)):
                for tr in child.iterchildren(_TR):  # layout table: its cells are just content
                    for tc in _cells(tr):
                        _read_blocks(tc, builder, numbering)
            else:
                builder.table(_slots(child, numbering))
        elif child.tag == _SDT:  # content control wrapping paragraphs or tables
            for content in child.iterchildren(f"{_W}sdtContent"):
                _read_blocks(content, builder, numbering)


def _text(p: Any) -> str:
    """A paragraph's text: runs, hyperlinks, fields' results and text boxes (once: not
    the compatibility fallback copy); breaks as new lines, deleted text left out."""
    out: list[str] = []

    def walk(el: Any) -> None:
        for child in el.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == f"{_W}t":
                out.append(child.text or "")
            elif tag == f"{_W}tab":
                out.append("\t")
            elif tag in _BREAKS:
                out.append("\n")
            elif tag == f"{_W}noBreakHyphen":
                out.append("-")
            else:
                if tag == _P and out and out[-1] != "\n":
                    out.append("\n")  # a paragraph inside a text box
                walk(child)

    walk(p)
    return "".join(out)


def _cells(tr: Any) -> list[Any]:
    cells: list[Any] = []
    for child in tr.iterchildren():
        if child.tag == _TC:
            cells.append(child)
        elif child.tag in (_SDT, f"{_W}customXml"):
            cells.extend(c for c in child.iter(_TC))
    return cells


def _val(el: Any, path: str) -> str | None:
    """The w:val of the first element at `path` ("tcPr/gridSpan"), "" when it has none,
    None when the element is absent."""
    node = el
    for name in path.split("/"):
        node = node.find(f"{_W}{name}") if node is not None else None
    if node is None:
        return None
    return node.get(f"{_W}val", "")


def _int(value: str | None, default: int) -> int:
    try:
        return max(int(value), 0) if value else default
    except ValueError:
        return default


def _cell_text(tc: Any, numbering: Numbering) -> str:
    return "\n".join(numbering.label(p) + _text(p) for p in _paragraphs(tc))


def _paragraphs(container: Any) -> Iterator[Any]:
    """The paragraphs directly in a cell, also those wrapped in content controls."""
    for child in container.iterchildren():
        if child.tag == _P:
            yield child
        elif child.tag in (_SDT, f"{_W}sdtContent", f"{_W}customXml"):
            yield from _paragraphs(child)


def _slots(tbl: Any, numbering: Numbering) -> list[list[Slot]]:
    rows: list[list[Slot]] = []
    trs = list(tbl.iterchildren(_TR))
    check_rows(len(trs), HEADER_SLACK)
    for tr in trs:
        row: list[Slot] = [""] * _int(_val(tr, "trPr/gridBefore"), 0)
        for tc in _cells(tr):
            span = max(_int(_val(tc, "tcPr/gridSpan"), 1), 1)
            vmerge = _val(tc, "tcPr/vMerge")
            hmerge = _val(tc, "tcPr/hMerge")
            if vmerge is not None and vmerge != "restart":
                row += [ABOVE] * span
            elif hmerge is not None and hmerge != "restart":
                row += [LEFT] * span  # the pre-2007 way of merging across
            else:
                row += [_cell_text(tc, numbering)] + [LEFT] * (span - 1)
        row += [""] * _int(_val(tr, "trPr/gridAfter"), 0)
        rows.append(row)
    return rows
