"""Old binary Office files (.doc, .wps, .xls, .rtf) through LibreOffice.

Bureaus still publish Word 97 .doc and WPS .wps files. Reading those formats
is LibreOffice's job: `soffice --headless --convert-to docx` (or xlsx), then
the docx or xlsx reader. Without LibreOffice the file fails with one line
that says what to install.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from zwgk.ingest.document import Document
from zwgk.ingest.errors import ParseError

__all__ = ["find_soffice", "convert", "read_office"]

_MAC = "/Applications/LibreOffice.app/Contents/MacOS/soffice"
_TIMEOUT = 180


def find_soffice() -> str | None:
    """The LibreOffice binary on PATH (soffice or libreoffice), or the macOS app's."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return _MAC if os.path.exists(_MAC) else None


def convert(data: bytes, suffix: str, target: str) -> bytes:
    """`data` (a file of type `suffix`) converted by LibreOffice to `target` (docx, xlsx)."""
    soffice = find_soffice()
    what = {".doc": "old Word (.doc)", ".wps": "WPS (.wps)", ".xls": "old Excel (.xls)", ".rtf": "RTF"}.get(suffix, suffix)
    if soffice is None:
        raise ParseError(f"{what} file: install LibreOffice (soffice) to read it, or save it as .{target}")
    with tempfile.TemporaryDirectory(prefix="zwgk-soffice-") as tmp:
        src = Path(tmp) / f"plan{suffix}"
        src.write_bytes(data)
        profile = Path(tmp, "profile").as_uri()  # a private profile: runs in parallel with a user's LibreOffice
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", target, "--outdir", str(Path(tmp) / "out"), str(src)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=_TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ParseError(f"LibreOffice could not convert this {what} file ({type(exc).__name__})") from exc
        out = Path(tmp) / "out" / f"plan.{target}"
        if not out.exists() or out.stat().st_size == 0:
            raise ParseError(f"LibreOffice could not convert this {what} file (damaged, or not really one)")
        return out.read_bytes()


def read_office(data: bytes, suffix: str) -> Document:
    """A .doc/.wps/.rtf (→ docx) or .xls (→ xlsx) file, read after conversion."""
    if suffix == ".xls":
        from zwgk.ingest.readers.xlsx import read_xlsx

        return read_xlsx(convert(data, suffix, "xlsx"), reader="xls")
    from zwgk.ingest.readers.docx import read_docx

    return read_docx(convert(data, suffix, "docx"), reader=suffix.lstrip("."))
