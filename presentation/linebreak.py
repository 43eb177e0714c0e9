"""Chinese text broken into terminal lines the way Chinese is typeset.

rich wraps at spaces and anywhere inside CJK text, so a wrapped answer can put
a ； or ） at the start of a line, or cut a file name such as
huaibei-edu-2020.txt in two. Here Latin words and numbers stay whole (unless
longer than a line), no line starts with a closing or pausing mark, and none
ends with an opening one (the usual rules, as in GB/T 15834).
"""
from __future__ import annotations

import re

from rich.cells import cell_len

__all__ = ["break_lines"]

_NO_START = frozenset("，。、；：？！）》」』】〕”’…%,.;:?!)]")
_NO_END = frozenset("（《「『【〔“‘([")
#: Latin words, numbers, paths and ids are one token; runs of spaces one; anything else one character.
_TOKEN = re.compile(r"[A-Za-z0-9_.\-/:#@%+=~]+|\s+|.", re.S)


def break_lines(text: str, width: int) -> list[str]:
    """text in lines of at most `width` cells (a line break in text is kept), no trailing spaces."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line: list[str] = []
        used = 0
        for token in _TOKEN.findall(paragraph):
            size = cell_len(token)
            if used + size > width and line:
                if token.isspace():
                    lines.append("".join(line).rstrip())
                    line, used = [], 0
                    continue
                carry = []  # one token goes down with this one when this may not start a line or that end one
                if len(line) > 1 and (token[0] in _NO_START or line[-1][-1] in _NO_END):
                    carry.append(line.pop())
                lines.append("".join(line).rstrip())
                line, used = carry, sum(cell_len(t) for t in carry)
            while used + size > width:  # longer than what is left of a line: cut it
                cut = 0
                while cut < len(token) and used + cell_len(token[:cut + 1]) <= width:
                    cut += 1
                cut = max(cut, 1)
                lines.append("".join([*line, token[:cut]]).rstrip())
                line, used = [], 0
                token = token[cut:]
                size = cell_len(token)
            if token and not (token.isspace() and not line):
                line.append(token)
                used += size
        lines.append("".join(line).rstrip())
    return lines
