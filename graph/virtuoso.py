"""What Virtuoso 7 misreads in standard SPARQL, rewritten on the way in and restored in its answer.

graph/remote.py sends queries through `virtuoso_safe` when the server's
Server header says Virtuoso; other servers get the query as written.
"""
from __future__ import annotations

import re

__all__ = ["virtuoso_safe"]

_VARIABLE = re.compile(r"[?$](\w+)")
_SEPARATOR = re.compile(r"""(separator\s*=\s*)("[^"]*"|'[^']*')""", re.I)


def virtuoso_safe(query: str) -> tuple[str, dict[bytes, bytes]]:
    """Rewrite what Virtuoso 7 misreads, with the byte strings that restore its answer.

    Its SPARQL parser refuses variable names outside ASCII (`?泗县`, legal SPARQL 1.1), and a
    GROUP_CONCAT separator outside ASCII ("、") comes back as "?". Such variables get ASCII names and
    such separators ASCII placeholders; the answer gets the originals back, so callers never see either.
    """
    from xml.sax.saxutils import escape

    restore: dict[bytes, bytes] = {}

    def variable(m: re.Match[str]) -> str:
        name = m.group(1)
        if name.isascii():
            return m.group(0)
        safe = "zwgkv_" + name.encode("utf-8").hex()
        restore[f'"{safe}"'.encode()] = f'"{escape(name)}"'.encode()
        return m.group(0)[0] + safe

    def separator(m: re.Match[str]) -> str:
        text = m.group(2)[1:-1]
        if text.isascii():
            return m.group(0)
        placeholder = f"~zwgk-sep-{len(restore)}~"
        restore[placeholder.encode()] = escape(text).encode("utf-8")
        return f'{m.group(1)}"{placeholder}"'

    query = _SEPARATOR.sub(separator, _VARIABLE.sub(variable, query))
    return query, restore
