"""Text folding: the one normalisation every layer compares text with.

Plans arrive in full- or half-width punctuation, Simplified or Traditional
characters and with letter-spaced headers (工 作 任 务). Matching always runs
on a folded copy while the printed text is what we keep, so every fold here is
length-preserving (one character in, one character out) except `squeeze`,
which callers use only for comparisons. It sits in model/, the bottom layer,
because filters, the vocabulary, ingest and search all fold the same way.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

__all__ = ["to_simplified", "fold", "fold_page", "squeeze", "fold_key", "strip_cell", "WS", "DOCUMENT_KINDS"]

#: The words a document's title ends in, naming its kind (…工作要点, …的通知, …条例): where a title named in a
#: question stops, and the kind in 国办的要点.
DOCUMENT_KINDS = ("条例", "通知", "意见", "办法", "规定", "要点", "方案", "行动", "纲要", "规划", "决定", "细则", "指引", "指南")

WS = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")

# Full-width ASCII variants and the few CJK punctuation marks plans mix with their ASCII twins.
_WIDTH = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20  # ideographic space
# Keep the full-width full stop: "3．2021年底前" is item 3, while "2.5" is a number.
del _WIDTH[0xFF0E]


@lru_cache(maxsize=1)
def _t2s_table() -> dict[int, str]:
    """Character-level Traditional→Simplified map from OpenCC's dictionary.

    Only one-to-one characters are taken so positions in the folded text line
    up with positions in the printed text.
    """
    table: dict[int, str] = {}
    try:
        text = resources.files("opencc").joinpath("dictionary/TSCharacters.txt").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):  # pragma: no cover - dependency missing
        return table
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        src, dst = parts[0], parts[1].split(" ")[0]
        if len(src) == 1 and len(dst) == 1 and src != dst:
            table[ord(src)] = dst
    return table


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, int | str]:
    return {**_t2s_table(), **_WIDTH}


def to_simplified(text: str) -> str:
    """Traditional → Simplified, character by character (length-preserving)."""
    return text.translate(_t2s_table())


@lru_cache(maxsize=32768)
def fold(text: str) -> str:
    """Length-preserving fold for matching: half-width ASCII forms + Simplified.

    Chinese punctuation (，；：（）) is folded to ASCII too, so patterns need
    to name each mark once; the full-width ． stays, since it tells an item
    number from a decimal point. One translate over one merged table, and none
    for a cell folded before (every stage folds the same cells again). The
    translate runs on every text: a search for the 4,199 characters the table
    changes, meant to spare it, cost as much or more (3 µs against 3 µs for
    60 characters that hold one, 20 µs against 2.8 µs for 55 that hold none).
    """
    return text.translate(_fold_table())


def fold_page(text: str) -> str:
    """`fold` for a whole page's text, which is folded once: not kept in fold's cache of cells."""
    return text.translate(_fold_table())


def squeeze(text: str) -> str:
    """Remove all whitespace (wraps and letter-spacing) — for comparison only.

    What `WS` matches: str.split's whitespace plus the two zero-width marks it leaves; split and join is
    3–5× faster than the regex, and the parser squeezes every cell several times.
    """
    out = "".join(text.split())
    if "\u200b" in out or "\ufeff" in out:
        out = out.replace("\u200b", "").replace("\ufeff", "")
    return out


def fold_key(text: str) -> str:
    """The comparison key of a label: folded, NFKC'd and without whitespace."""
    return squeeze(unicodedata.normalize("NFKC", fold(text)))


def strip_cell(text: str | None) -> str:
    """Trim a cell's edge whitespace (incl. ideographic spaces)."""
    if not text:
        return ""
    return text.strip(" \t\r\n\u3000\u00a0\ufeff")
