"""Resource bounds on what one plan file may cost to read, with one-line refusals.

Plans are small: a few hundred rows, cells of a few hundred characters, files
of a few MB. A file far past that is a mistake or an attack (a 100 MB log, a
zip bomb posing as .docx, a generated 50,000-row table), and reading it would
take minutes and gigabytes before failing anyway. So each bound is checked as
early as the number is known — the file's size before it is read, an office
file's decompressed size before it is parsed, a table's rows before its cells
are built — and refused with a line that says which bound and how to raise it.

The bounds are a process-wide policy: the command line sets them once from
the settings (`use_limits`), and every reader, also in forked worker
processes, checks against `active()`. Library callers get the defaults
(`Limits` is declared with the settings, so each default is written once).
"""
from __future__ import annotations

import io
import zipfile

from zwgk.ingest.errors import ParseError
from zwgk.settings import Limits

__all__ = ["Limits", "use_limits", "active", "check_file_size", "check_unpacked", "check_rows", "check_lines",
           "HEADER_SLACK"]

#: Parts of a .docx/.xlsx package; a real one has a few dozen (images included).
_MAX_MEMBERS = 10_000


_ACTIVE = Limits()


def use_limits(limits: Limits) -> None:
    """Set the bounds for every file read from now on in this process (and its forks)."""
    global _ACTIVE
    _ACTIVE = limits


def active() -> Limits:
    return _ACTIVE


def _mb(n: int) -> str:
    return f"{n / (1 << 20):,.1f} MB" if n < 1 << 30 else f"{n / (1 << 30):,.1f} GB"


def check_file_size(size: int) -> None:
    limit = _ACTIVE.max_file_bytes
    if size > limit:
        raise ParseError(f"file too large: {_mb(size)} (limit {_mb(limit)}; raise it with ZWGK_MAX_FILE_MB)")


def check_unpacked(data: bytes, what: str) -> None:
    """An office file's declared decompressed size, before any part is inflated.

    zipfile stops inflating a member at its declared size (and fails its CRC if
    the data goes on), so the declared sizes bound what a parser can be made to read.
    """
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # not readable as a zip: the reader says so in its own words
    if len(infos) > _MAX_MEMBERS:
        raise ParseError(f"refused: the {what} holds {len(infos):,} parts (a real one has dozens); a zip bomb or a damaged file")
    total = sum(i.file_size for i in infos)
    limit = _ACTIVE.max_unpacked_bytes
    if total > limit:
        raise ParseError(f"refused: the {what} decompresses to {_mb(total)} (limit {_mb(limit)}; raise it with "
                         "ZWGK_MAX_UNPACKED_MB); a zip bomb or a damaged file")


#: Title and header rows a grid may have beyond its task rows (the readers' early check).
HEADER_SLACK = 10


def check_rows(n: int, slack: int = 0) -> None:
    """`n` task rows (the parser), or `n` grid rows with `slack` for titles and headers (a
    reader, before it builds the cells)."""
    limit = _ACTIVE.max_rows
    if n > limit + slack:
        raise ParseError(f"a table of {n:,} rows (limit {limit:,} task rows; raise it with ZWGK_MAX_ROWS)")


def check_lines(lines: list[str]) -> None:
    """No cell or text line longer than the bound (cells end up as lines of the document,
    tab-separated when a text row holds several)."""
    limit = _ACTIVE.max_cell_chars
    long = [line for line in lines if len(line) > limit]
    longest = max((len(cell.strip()) for line in long for cell in line.split("\t")), default=0)
    if longest > limit:
        raise ParseError(f"a cell or line of {longest:,} characters (limit {limit:,} characters per cell; "
                         "raise it with ZWGK_MAX_CELL_CHARS)")
