"""Word's automatic numbering, rendered the way Word prints it.

A 序号 column, the （一）/1． of headings and items are often list numbering,
not text: without it a docx's task table has empty 序号 cells and headings
without their numbers. Counters follow Word: per abstract numbering, a
level's counter advancing resets the deeper ones, a `w:startOverride` starts
a list instance afresh, and the number comes from the level's `w:lvlText`
("%1．", "（%2）") in the level's `w:numFmt`.
"""
from __future__ import annotations

from typing import Any

__all__ = ["Numbering", "format_number"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN = "〇一二三四五六七八九"
_GAN = "甲乙丙丁戊己庚辛壬癸"
_ZHI = "子丑寅卯辰巳午未申酉戌亥"


def _val(el: Any, name: str) -> str | None:
    node = el.find(f"{_W}{name}") if el is not None else None
    return None if node is None else node.get(f"{_W}val")


def _chinese(n: int) -> str:
    if n <= 0 or n >= 10000:
        return str(n)
    out = ""
    for value, unit in ((1000, "千"), (100, "百"), (10, "十")):
        digit, n = divmod(n, value)
        if digit:
            out += ("" if (unit == "十" and digit == 1 and not out) else _CN[digit]) + unit
        elif out and n:
            out += "〇" if not out.endswith("〇") else ""
    out += _CN[n] if n else ""
    return out.replace("〇〇", "〇")


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out += numeral * count
    return out


def _letters(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def format_number(n: int, fmt: str | None) -> str:
    """One counter in a w:numFmt (decimal, chineseCounting, upperRoman …)."""
    fmt = fmt or "decimal"
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "taiwaneseCounting",
               "taiwaneseCountingThousand", "japaneseCounting"):
        return _chinese(n)
    if fmt == "ideographTraditional":
        return _GAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _ZHI[(n - 1) % 12]
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return chr(0x2488 + n - 1)
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt in ("upperLetter", "lowerLetter"):
        return _letters(n) if fmt == "upperLetter" else _letters(n).lower()
    return str(n)


class Numbering:
    """The list labels of a document's paragraphs, in reading order."""

    def __init__(self, numbering_el: Any, styles_el: Any) -> None:
        self._levels: dict[str, dict[int, tuple[int, str | None, str, str | None]]] = {}
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}
        self._style_num: dict[str, tuple[str | None, int | None]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()
        if numbering_el is not None:
            for absnum in numbering_el.iterchildren(f"{_W}abstractNum"):
                levels = {}
                for lvl in absnum.iterchildren(f"{_W}lvl"):
                    start = _val(lvl, "start")
                    levels[int(lvl.get(f"{_W}ilvl", "0"))] = (
                        int(start) if start and start.lstrip("-").isdigit() else 1,
                        _val(lvl, "numFmt"), _val(lvl, "lvlText") or "", _val(lvl, "suff"))
                self._levels[absnum.get(f"{_W}abstractNumId", "")] = levels
            for num in numbering_el.iterchildren(f"{_W}num"):
                overrides = {}
                for ov in num.iterchildren(f"{_W}lvlOverride"):
                    start = _val(ov, "startOverride")
                    if start and start.isdigit():
                        overrides[int(ov.get(f"{_W}ilvl", "0"))] = int(start)
                self._nums[num.get(f"{_W}numId", "")] = (_val(num, "abstractNumId") or "", overrides)
        if styles_el is not None:
            self._read_styles(styles_el)

    def _read_styles(self, styles_el: Any) -> None:
        based: dict[str, str] = {}
        own: dict[str, tuple[str | None, int | None]] = {}
        for style in styles_el.iterchildren(f"{_W}style"):
            sid = style.get(f"{_W}styleId", "")
            parent = _val(style, "basedOn")
            if parent:
                based[sid] = parent
            numpr = style.find(f"{_W}pPr/{_W}numPr")
            if numpr is not None:
                ilvl = _val(numpr, "ilvl")
                own[sid] = (_val(numpr, "numId"), int(ilvl) if ilvl and ilvl.isdigit() else None)
        for sid in set(based) | set(own):
            seen: set[str] = set()
            cur: str | None = sid
            while cur and cur not in own and cur not in seen:
                seen.add(cur)
                cur = based.get(cur)
            if cur is not None and cur in own:
                self._style_num[sid] = own[cur]

    def label(self, p: Any) -> str:
        """The label Word prints before paragraph `p` ("" for none); advances the counters."""
        if not self._nums:
            return ""
        ppr = p.find(f"{_W}pPr")
        numpr = ppr.find(f"{_W}numPr") if ppr is not None else None
        num_id = ilvl = None
        style_id = _val(ppr, "pStyle")
        if style_id in self._style_num:
            num_id, ilvl = self._style_num[style_id]
        if numpr is not None:
            num_id = _val(numpr, "numId") or num_id
            level = _val(numpr, "ilvl")
            ilvl = int(level) if level and level.isdigit() else ilvl
        if not num_id or num_id == "0" or num_id not in self._nums:
            return ""
        abstract, overrides = self._nums[num_id]
        levels = self._levels.get(abstract, {})
        ilvl = ilvl or 0
        if ilvl not in levels:
            return ""
        counters = self._counters.setdefault(abstract, {})
        if overrides and num_id not in self._started:  # a list instance that restarts its numbering
            self._started.add(num_id)
            for k, start in overrides.items():
                counters[k] = start - 1
        start, fmt, text, suff = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if fmt in ("bullet", "none"):
            return ""
        for k in range(ilvl, -1, -1):
            if f"%{k + 1}" in text:
                lvl_start, lvl_fmt = levels.get(k, (1, None, "", None))[:2]
                text = text.replace(f"%{k + 1}", format_number(counters.get(k, lvl_start), lvl_fmt))
        if text and text[-1].isalnum() and suff != "nothing":
            text += " "
        return text
