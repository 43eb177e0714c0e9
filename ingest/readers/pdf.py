"""PDF: ruled tables as grids, everything else as text lines in reading order.

pdfplumber finds ruled tables (the usual case for plans exported from Word
or WPS); a cell's bounding box says which grid rows and columns it covers, so
merged cells become `ABOVE`/`LEFT` slots like in every other reader. Text
outside tables is grouped into lines by position, with a blank line where
the vertical gap is wider than line spacing — the PDF→text form the
pdf-flow layout was written for, which then applies when there is no ruled
table. Inside a cell, a line that reaches the cell's right edge is a soft
wrap (joined), a shorter one ends a paragraph (a unit per line). Without any
text layer the PDF is a scan, which zwgk does not OCR.
"""
from __future__ import annotations

import bisect
import io
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from zwgk.ingest.document import Document
from zwgk.ingest.errors import ParseError, one_line
from zwgk.ingest.patterns import PAGE_ARTIFACT
from zwgk.ingest.readers.render import ABOVE, LEFT, DocumentBuilder, Slot

__all__ = ["read_pdf"]

Box = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass
class _Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass
class _Page:
    chars: list[_Char]
    tables: list[tuple[Box, list[Box]]]  # (table bbox, cell bboxes)
    images: int = 0


@dataclass
class _Line:
    chars: list[_Char] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(c.top for c in self.chars)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.chars)

    @property
    def size(self) -> float:
        return max(c.size for c in self.chars)

    @property
    def x0(self) -> float:
        return min(c.x0 for c in self.chars)

    @property
    def x1(self) -> float:
        return max(c.x1 for c in self.chars)

    def text(self) -> str:
        out: list[str] = []
        prev = None
        for ch in sorted(self.chars, key=lambda c: c.x0):
            if prev is not None and ch.x0 - prev.x1 > 0.3 * ch.size and ch.text != " " and out[-1] != " ":
                out.append(" ")
            out.append(ch.text)
            prev = ch
        return re.sub(" {2,}", " ", "".join(out)).strip()


def read_pdf(data: bytes, reader: str = "pdf") -> Document:
    """A PDF → Document; ParseError when it is damaged, encrypted or a scan."""
    if b"%%EOF" not in data[-4096:]:
        raise ParseError("truncated PDF (no %%EOF end marker)")
    pages = _extract(data)
    if not any(p.chars for p in pages):
        if any(p.images for p in pages):
            raise ParseError(f"scanned PDF: {len(pages)} page(s) of images and no text layer; "
                             "zwgk does not OCR, run OCR first (e.g. ocrmypdf)")
        raise ParseError("PDF without any text")
    chars = [c for p in pages for c in p.chars]
    if sum(1 for c in chars if c.text.startswith("(cid:")) > 0.3 * len(chars):
        raise ParseError("PDF text layer cannot be decoded (fonts without a Unicode map); OCR it instead")
    # A cell merged down and cut by a page goes on as a blank cell of its own, like an empty one.
    builder = DocumentBuilder(reader, merges=False)
    for page in pages:
        _layout_page(page, builder)
        builder.paragraph("")
    return builder.document()


def _extract(data: bytes) -> list[_Page]:
    """Everything read from pdfplumber, as plain values: any failure here is a damaged file."""
    import pdfplumber  # heavy; only when a PDF is read
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [_read_page(p) for p in pdf.pages]
    except Exception as exc:  # pdfminer raises anything from PSEOF to struct.error
        if _caused_by(exc, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise ParseError(_ENCRYPTED) from exc
        raise ParseError(f"corrupt PDF ({one_line(exc)})") from exc


_ENCRYPTED = ("password-protected (encrypted) PDF: it cannot be read without its password; save an unprotected "
              "copy (or the Word/WPS original) and ingest that")


def _caused_by(exc: BaseException, kinds: tuple[type[BaseException], ...]) -> bool:
    """pdfplumber wraps pdfminer's errors (PdfminerException(PDFPasswordIncorrect())): look inside."""
    seen: BaseException | None = exc
    for _ in range(5):
        if seen is None:
            return False
        if isinstance(seen, kinds) or any(isinstance(a, kinds) for a in getattr(seen, "args", ())):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _read_page(page: Any) -> _Page:
    raw = [c for c in page.chars if c["text"] not in ("", "\n", "\r")]
    upright = [c for c in raw if c.get("upright", True)]
    if len(upright) * 2 > len(raw):  # a rotated watermark or stamp is not text of the plan
        raw = upright
    chars = [_Char(_normalise(c["text"]), c["x0"], c["x1"], c["top"], c["bottom"], c.get("size") or 10.0) for c in raw]
    tables = []
    for table in page.find_tables():
        cells = [tuple(c) for c in table.cells]
        if len({c[1] for c in cells}) >= 2 and len({c[0] for c in cells}) >= 2:
            tables.append((tuple(table.bbox), cells))
    return _Page(chars, tables, len(page.images))


def _normalise(text: str) -> str:
    """Kangxi and CJK radical code points (⼀ for 一), which some PDF producers emit, → the usual hanzi."""
    if any(0x2E80 <= ord(ch) <= 0x2FDF for ch in text):
        return "".join(unicodedata.normalize("NFKC", ch) if 0x2E80 <= ord(ch) <= 0x2FDF else ch for ch in text)
    return text


def _inside(ch: _Char, box: Box) -> bool:
    cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _lines(chars: list[_Char]) -> list[_Line]:
    lines: list[_Line] = []
    top = 0.0
    for ch in sorted(chars, key=lambda c: (c.top, c.x0)):
        line = lines[-1] if lines else None
        if line is not None and ch.top < top + 0.5 * min(ch.size, line.chars[0].size):
            line.chars.append(ch)
        else:
            lines.append(_Line([ch]))
            top = ch.top
    for line in lines:  # text printed twice a hair apart is fake bold: keep one copy
        line.chars.sort(key=lambda c: c.x0)
        line.chars = [c for k, c in enumerate(line.chars)
                      if not k or c.text != line.chars[k - 1].text or c.x0 - line.chars[k - 1].x0 > 0.3 * c.size]
    return lines


def _layout_page(page: _Page, builder: DocumentBuilder) -> None:
    boxes = [box for box, _ in page.tables]
    outside = [ch for ch in page.chars if not any(_inside(ch, b) for b in boxes)]
    blocks: list[tuple[float, Any]] = [(line.top, line) for line in _lines(outside)]
    blocks += [(box[1], (box, cells)) for box, cells in page.tables]
    prev_bottom = None
    for _, block in sorted(blocks, key=lambda b: b[0]):
        if isinstance(block, _Line):
            text = block.text()
            if PAGE_ARTIFACT.match(text):
                continue  # page numbers would split a table running across pages
            if prev_bottom is not None and block.top - prev_bottom > 0.5 * block.size:
                builder.paragraph("")
            builder.paragraph(text)
            prev_bottom = block.bottom
        else:
            box, cells = block
            builder.table(_table_slots(cells, [ch for ch in page.chars if _inside(ch, box)]))
            prev_bottom = None


def _edges(values: list[float], tolerance: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def _index(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def _table_slots(cells: list[Box], chars: list[_Char]) -> list[list[Slot]]:
    xs = _edges([c[0] for c in cells] + [c[2] for c in cells])
    ys = _edges([c[1] for c in cells] + [c[3] for c in cells])
    grid: list[list[Slot]] = [[""] * (len(xs) - 1) for _ in range(len(ys) - 1)]
    placed: list[tuple[int, int, Box]] = []
    for box in cells:
        c0, c1 = _index(xs, box[0]), _index(xs, box[2])
        r0, r1 = _index(ys, box[1]), _index(ys, box[3])
        if c1 <= c0 or r1 <= r0:
            continue
        for r in range(r0, r1):
            for c in range(c0, c1):
                grid[r][c] = LEFT if r == r0 else ABOVE
        placed.append((r0, c0, box))
    owner: dict[tuple[int, int], int] = {}  # grid slot → the placed cell covering it
    for i, (_, _, box) in enumerate(placed):
        for r in range(_index(ys, box[1]), _index(ys, box[3])):
            for c in range(_index(xs, box[0]), _index(xs, box[2])):
                owner[(r, c)] = i
    by_cell: dict[int, list[_Char]] = {i: [] for i in range(len(placed))}
    for ch in chars:
        r = bisect.bisect_right(ys, (ch.top + ch.bottom) / 2) - 1
        c = bisect.bisect_right(xs, (ch.x0 + ch.x1) / 2) - 1
        if (r, c) in owner:
            by_cell[owner[(r, c)]].append(ch)
    pad = min((ch.x0 - box[0] for i, (_, _, box) in enumerate(placed) for ch in by_cell[i]), default=0.0)
    for i, (r0, c0, box) in enumerate(placed):
        grid[r0][c0] = _cell_text(by_cell[i], box, max(pad, 0.0))
    return grid


def _cell_text(chars: list[_Char], box: Box, pad: float) -> str:
    """A cell's lines: joined where the line ran to the right edge, broken where it stopped short."""
    out = ""
    lines = _lines(chars)
    for k, line in enumerate(lines):
        text = line.text()
        out += text
        if k + 1 < len(lines):
            soft = box[2] - pad - line.x1 < 1.1 * line.size
            ascii_join = soft and text[-1:].isascii() and text[-1:].isalnum() and lines[k + 1].text()[:1].isascii()
            out += " " if ascii_join else ("" if soft else "\n")
    return out
