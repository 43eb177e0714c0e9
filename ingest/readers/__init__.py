"""Readers: a plan file's bytes → `Document` (text lines, plus cell grids for real tables).

One small module per format; all of them feed the same row assembly
(parser.parse_document), so a format adds a way to read, never a second
parser. The format is told by the content first (plans are often saved under
the wrong name: a .txt that is a .docx, a .doc that is a web page) and by the
file's suffix when the content says nothing (a damaged .pdf still goes to the
PDF reader, which can say what is wrong). Heavy libraries are imported inside
the readers, so importing this package costs nothing.
"""
from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

from zwgk.ingest.document import Document
from zwgk.ingest.errors import ParseError
from zwgk.ingest.limits import check_lines

__all__ = ["SUPPORTED_SUFFIXES", "sniff_format", "read_document", "iter_plan_files"]

#: Suffix → format. Anything else is read as text when named, skipped when found in a folder.
_FORMATS: dict[str, str] = {
    ".txt": "text", ".text": "text", ".md": "text", ".tsv": "text",
    ".docx": "docx",
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html",
    ".pdf": "pdf",
    ".xlsx": "xlsx", ".xlsm": "xlsx",
    ".csv": "csv",
    ".doc": "office", ".wps": "office", ".rtf": "office", ".xls": "office",
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_FORMATS)

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_START = re.compile(rb"^(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|body|table|div|p|\?xml[^>]*>\s*<(?:!doctype\s+)?html)[\s>]",
                         re.I | re.S)


def _zip_kind(data: bytes) -> str | None:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        head = data[:4096]  # a cut archive: the first member's name is still in its local header
        return "docx" if b"word/" in head else "xlsx" if b"xl/" in head else None
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    return "zip"


def _ole_kind(data: bytes) -> str:
    """Which old Office format an OLE compound file holds, by its main stream's name."""
    if "WordDocument".encode("utf-16-le") in data:
        return ".doc"
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return ".xls"
    return ".doc"


_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def _encrypted_office(suffix: str) -> ParseError:
    """Word and Excel save a password-protected .docx/.xlsx as an OLE file holding the
    encrypted package (ECMA-376 §2.3.4): say so instead of calling it damaged or old."""
    kind = {".xlsx": ".xlsx", ".xlsm": ".xlsx", ".xls": ".xlsx"}.get(suffix, ".docx")
    return ParseError(f"password-protected (encrypted) {kind}: open it in Word/Excel/WPS, remove the password "
                      "(文件 → 信息 → 保护 → 用密码进行加密, clear it), save and ingest again")


def sniff_format(data: bytes, name: str) -> tuple[str, str]:
    """(format, suffix LibreOffice should see) from the magic bytes, else from the name."""
    suffix = Path(name).suffix.lower()
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if data.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf", ".pdf"
    if data.startswith(b"PK\x03\x04"):
        kind = _zip_kind(data)
        if kind in ("docx", "xlsx"):
            return kind, f".{kind}"
        if _FORMATS.get(suffix) in ("docx", "xlsx"):
            return _FORMATS[suffix], suffix
        return "zip", suffix
    if data.startswith(_OLE):
        if _ENCRYPTED_PACKAGE in data:
            raise _encrypted_office(suffix)
        return "office", suffix if suffix in (".doc", ".wps", ".xls") else _ole_kind(data)
    if head.startswith(b"{\\rtf"):
        return "office", ".rtf"
    if _HTML_START.match(head):
        return "html", ".html"
    return _FORMATS.get(suffix, "text"), suffix


def read_document(data: bytes, name: str) -> Document:
    """Read one plan file. Every failure is a ParseError with a one-line reason; a file past
    the resource bounds (ingest/limits.py) is refused before the expensive part."""
    if not data.strip():
        raise ParseError("empty file")
    kind, suffix = sniff_format(data, name)
    document = _read(data, kind, suffix)
    check_lines(document.lines)
    return document


def _read(data: bytes, kind: str, suffix: str) -> Document:
    if kind == "text":
        from zwgk.ingest.readers.text import read_text

        return read_text(data)
    if kind == "docx":
        from zwgk.ingest.readers.docx import read_docx

        return read_docx(data)
    if kind == "xlsx":
        from zwgk.ingest.readers.xlsx import read_xlsx

        return read_xlsx(data)
    if kind == "csv":
        from zwgk.ingest.readers.delimited import read_csv

        return read_csv(data)
    if kind == "html":
        from zwgk.ingest.readers.html import read_html

        return read_html(data)
    if kind == "pdf":
        from zwgk.ingest.readers.pdf import read_pdf

        return read_pdf(data)
    if kind == "office":
        from zwgk.ingest.readers.office import read_office

        return read_office(data, suffix)
    if _FORMATS.get(suffix) in ("docx", "xlsx"):
        raise ParseError(f"corrupt or truncated {suffix} (not a readable zip archive)")
    raise ParseError("a zip archive without a Word or Excel document in it (.docx/.xlsx expected)")


def _is_junk(path: Path) -> bool:
    """Office lock files (~$plan.docx) and hidden files are not plans."""
    return path.name.startswith(("~$", ".")) or path.name.endswith(".meta.json")


def iter_plan_files(paths: Iterable[str | Path]) -> tuple[list[Path], int]:
    """The plan files to ingest: named files as given (whatever their suffix, so a bad
    one is reported), and every supported file inside named folders, recursively, in
    name order. Returns (files, how many files in the folders were skipped); sidecar
    FILE.meta.json files are not counted, hidden folders are not entered, symlinked
    folders not followed; a special file or dangling link with a plan's suffix is listed,
    so that it fails with one line rather than vanishing. A folder inside that cannot be read is listed like a file,
    so that reading it fails with one line naming it instead of being passed over."""
    files: list[Path] = []
    skipped = 0
    for given in paths:
        path = Path(given)
        if not path.is_dir():
            files.append(path)
            continue
        found: list[Path] = []
        unreadable: list[Path] = []

        def failed(exc: OSError, unreadable: list[Path] = unreadable) -> None:
            unreadable.append(Path(exc.filename))

        for folder, dirs, names in os.walk(path, onerror=failed):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in names:
                entry = Path(folder, name)
                if entry.suffix.lower() in SUPPORTED_SUFFIXES and not _is_junk(entry) and not entry.is_dir():
                    found.append(entry)  # a device, FIFO or dangling link named like a plan fails with its reason
                elif not name.endswith(".meta.json") and entry.is_file():
                    skipped += 1
        files += sorted(found + unreadable)
    return list(dict.fromkeys(files)), skipped
