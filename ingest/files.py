"""A plan file on disk → its bytes, and its name as one printable line.

Reading is where the careless cases meet the tool: a file the user may not
read, a folder or a FIFO named as a plan (reading a FIFO blocks forever,
/dev/zero never ends), a file past the size bound. Each becomes a ParseError
with one line; nothing is read before the size is known. Names are shown
escaped, because a file name may hold a newline or bytes that are not UTF-8,
and either would break "one line per bad file".
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from zwgk.ingest.errors import ParseError
from zwgk.ingest.limits import active, check_file_size

__all__ = ["read_plan_bytes", "shown", "os_reason"]

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def os_reason(exc: OSError) -> str:
    """An OSError as a short reason: 'Permission denied', 'No such file or directory'."""
    if exc.errno == errno.EACCES or isinstance(exc, PermissionError):
        return "Permission denied (not readable by this user)"
    if exc.strerror:
        return exc.strerror
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def read_plan_bytes(path: str | Path) -> bytes:
    """The file's bytes; ParseError (one line) when it is not a readable regular file within the size bound."""
    path = Path(path)
    try:
        info = path.stat()
    except OSError as exc:
        raise ParseError(os_reason(exc)) from exc
    if stat.S_ISDIR(info.st_mode) and not os.access(path, os.R_OK | os.X_OK):
        raise ParseError("a folder that cannot be read: Permission denied (not readable by this user)")
    for test, kind in _KINDS:
        if test(info.st_mode):
            raise ParseError(f"not a regular file: {kind}")
    check_file_size(info.st_size)
    limit = active().max_file_bytes
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)  # a file that grows while read is still bounded
    except OSError as exc:
        raise ParseError(os_reason(exc)) from exc
    check_file_size(len(data))
    return data


def shown(path: str | Path) -> str:
    """A path as one printable line: control characters escaped (\\n, \\t, \\x07), bytes that
    are not UTF-8 as \\xNN; an ordinary path is shown as it is."""
    text = os.fspath(path)
    if text.isprintable() and not any("\udc80" <= ch <= "\udcff" for ch in text):
        return text
    out = []
    for ch in text:
        if "\udc80" <= ch <= "\udcff":
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        elif ch.isprintable():
            out.append(ch)
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)
