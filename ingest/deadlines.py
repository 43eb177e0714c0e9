"""Resolve a 完成时限 cell (11月底前, 2021年8月前, 每季度, 持续推进 …) to ISO dates.

Cells rarely print a year, so dates are resolved against the plan's year; a
year printed in the cell wins and carries on to later parts of the same cell
(`2022年6月底前、12月底前`). The printed text is always kept, and an
unrecognised cell yields no date rather than an error: a missed deadline is
recoverable downstream, a crashed ingest is not.
"""
from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date

from .model import Deadline
from .text import fold, strip_cell

__all__ = ["parse_deadline"]

# Open-ended cells: no date to resolve, but the task never closes.
_ONGOING = re.compile(r"即时|及时|实时|随时|长期|持续|常态|常年|日常|经常")

_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
_CN_NUM = re.compile(r"(?:[一二三]?十[一二三四五六七八九]?|[〇零一二两三四五六七八九])(?=\s*[月日号季])")
_CN_YEAR = re.compile(r"[〇零一二三四五六七八九]{4}(?=\s*年)")

_YEAR = r"(?:(?P<y>\d{4})\s*年度?|(?P<rel>次年|明年|当年|本年度?|今年))?\s*"
_BODY = (
    r"(?:(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]"
    r"|(?P<mm>\d{1,2})\s*月份?\s*(?P<pos>底|末|上旬|中旬|下旬|初|中|前)?"
    r"|第?\s*(?P<q>[1-4])\s*季度?(?:末|底)?"
    r"|(?P<half>上半年|下半年|年中|年底|年末|年内|全年))"
)
_WHEN = re.compile(
    _YEAR + _BODY + r"|(?P<every>每季度?|每半年|每月|每年)" + r"|(?P<yonly>\d{4})\s*年(?!\s*\d)"
)
_EVERY = {"每季度": (3, 6, 9, 12), "每季": (3, 6, 9, 12), "每半年": (6, 12), "每月": tuple(range(1, 13)), "每年": (12,)}
_HALF = {"上半年": 6, "年中": 6, "下半年": 12, "年底": 12, "年末": 12, "年内": 12, "全年": 12}
_TEN_DAY = {"上旬": 10, "初": 10, "中": 15, "中旬": 20}


def _cn_int(text: str) -> int:
    """十一 → 11, 二十五 → 25, 三 → 3: the numerals months and days use."""
    if "十" not in text:
        return int("".join(str(_CN_DIGIT[c]) for c in text))
    tens, _, units = text.partition("十")
    return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[units[-1]] if units else 0)


def _normalise(text: str) -> str:
    """Folded, NFKC'd text with Chinese numerals turned into digits.

    `2021年底` is rewritten to `2021年年底` so one year-prefix rule covers both spellings.
    """
    t = unicodedata.normalize("NFKC", fold(text))
    t = _CN_YEAR.sub(lambda m: "".join(str(_CN_DIGIT[c]) for c in m.group()), t)
    t = _CN_NUM.sub(lambda m: str(_cn_int(m.group())), t)
    return re.sub(r"(\d{4})\s*年\s*(?=[底末内])", r"\1年年", t)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _resolve(m: re.Match[str], year: int) -> list[date]:
    """The dates one matched expression names, in the given year."""
    g = m.groupdict()
    if g["every"]:
        return [_month_end(year, mo) for mo in _EVERY[g["every"]]]
    if g["yonly"] or g["half"]:
        return [_month_end(year, _HALF.get(g["half"] or "", 12))]
    if g["q"]:
        return [_month_end(year, int(g["q"]) * 3)]
    if g["m"]:
        return [date(year, int(g["m"]), int(g["d"]))]
    month, pos = int(g["mm"]), g["pos"]
    if not 1 <= month <= 12:
        raise ValueError(f"no month {month}")
    if pos == "前":  # 8月前: done before August starts
        return [_month_end(year - 1, 12) if month == 1 else _month_end(year, month - 1)]
    if pos in _TEN_DAY:
        return [date(year, month, _TEN_DAY[pos])]
    return [_month_end(year, month)]


def parse_deadline(raw: str | None, year: int | None) -> Deadline:
    """Parse one deadline cell; `year` is the plan's year (None: only printed years resolve).

    Never raises: impossible dates (13月, 2月30日) are skipped, anything
    unrecognised keeps its text with no date. `inherited` is left False for
    the caller, which alone knows whether the cell was blank.
    """
    text = strip_cell(raw)
    if not text:
        return Deadline()
    norm = _normalise(text)
    found: list[str] = []
    current = year
    for m in _WHEN.finditer(norm):
        y = m.group("y") or m.group("yonly")
        rel = m.group("rel")
        if y:
            current = int(y)
        base = current
        if rel and year is not None:
            base = year + 1 if rel in ("次年", "明年") else year
        if base is None:
            continue
        try:
            found.extend(d.isoformat() for d in _resolve(m, base))
        except ValueError:
            continue
    dates = tuple(dict.fromkeys(found))
    return Deadline(
        raw=text,
        date=dates[0] if dates else None,
        dates=dates,
        ongoing=bool(_ONGOING.search(norm)),
    )
