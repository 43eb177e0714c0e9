"""Resolve a 完成时限 cell (11月底前, 2021年8月前, 每季度, 持续推进 …) to ISO dates, and find the
deadlines a requirement states in its own words (2021年底前, 每季度, 5小时内, 3个工作日之内).

Cells rarely print a year, so dates are resolved against the plan's year; a
year printed in the cell wins and carries on to later parts of the same cell
(`2022年6月底前、12月底前`). The printed text is always kept, and an
unrecognised cell yields no date rather than an error: a missed deadline is
recoverable downstream, a crashed ingest is not.

In running text a date only counts when it is written as a limit: followed by
前/之前/以内/为止…, or a 底/末/年内 that is one by itself, or a recurrence
(每季度, 按月); `2021年政务公开工作` and `全年` are not deadlines. Relative limits
(48小时内, 在1个工作日) have no calendar day and become `ResponseTime`s.
"""
from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import replace
from datetime import date

from zwgk.ingest.patterns import NUMERIC_DATE
from zwgk.model.plan import Deadline, ResponseTime
from zwgk.model.text import fold, strip_cell

__all__ = ["parse_deadline", "text_deadlines", "response_times"]

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
    _YEAR + _BODY + r"|(?P<every>每季度?|每半年|每月|每年(?!\s*\d{1,2}\s*月))(?:\s*(?P<day>\d{1,2})\s*[日号])?"
    + r"|(?P<yonly>\d{4})\s*年(?!\s*\d)"
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

    `2021年底` is rewritten to `2021年年底` so one year-prefix rule covers both spellings, and 按季度 / 逐月
    to 每季度 / 每月.
    """
    t = unicodedata.normalize("NFKC", fold(text))
    t = _CN_YEAR.sub(lambda m: "".join(str(_CN_DIGIT[c]) for c in m.group()), t)
    t = _CN_NUM.sub(lambda m: str(_cn_int(m.group())), t)
    t = re.sub(NUMERIC_DATE, _spelled, t)
    t = re.sub(r"(?:按|逐)(?=季度|半年|月|年)", "每", t)  # 按季度 and 逐月 repeat like 每季度, 每月
    return re.sub(r"(\d{4})\s*年\s*(?=[底末内])", r"\1年年", t)


def _spelled(m: re.Match[str]) -> str:
    """2023.12 → 2023年12月, 2023-12-31 → 2023年12月31日: a date in digits as the rules read it."""
    y, mo, *d = re.split(r"\s*[./-]\s*", m.group())
    return f"{y}年{mo}月" + (f"{d[0]}日" if d else "")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _resolve(m: re.Match[str], year: int) -> list[date]:
    """The dates one matched expression names, in the given year."""
    g = m.groupdict()
    if g["every"]:  # 每月10日前: the 10th of every month; 每年3月31日 is that date (每年 left to the date)
        if g["day"] and g["every"] == "每月":
            return [date(year, mo, min(int(g["day"]), _month_end(year, mo).day)) for mo in _EVERY["每月"]]
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
    # A span of months is due at its end: 4月—12月, 3-12月 → 12月.
    norm = re.sub(r"\d{1,2}\s*月?\s*[-—–~至到]\s*(?=\d{1,2}\s*月)", "", _normalise(text))
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


# -- deadlines inside the requirement text ----------------------------------------------------------
_N = r"(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})"
_Y4 = r"(?:[0-9０-９]{4}|[〇零一二三四五六七八九]{4})"
_DATE_BODY = (
    rf"{_N}\s*月\s*{_N}\s*[日号]"
    rf"|{_N}\s*月份?\s*(?:底|末|上旬|中旬|下旬|初)?"
    r"|第?\s*[1-4１-４一二三四]\s*季度(?:末|底)?"
    r"|上半年|下半年|年中|年底|年末|年[内內]"
)
#: Every match needs a year or a date body, so the scan fails fast on ordinary text (no empty matches).
_TEXT_DATE = re.compile(
    r"(?P<pre>截至|截止|(?<![少多低高大小等])于|到)?\s*"
    r"(?:"
    rf"(?<![0-9０-９])(?P<y>{_Y4}\s*年度?)\s*(?:(?P<yb>年?底|年?末|年?[内內])|(?P<ybody>{_DATE_BODY}))?"
    rf"|(?:(?P<rel>次年|明年|当年|本年度?|今年)\s*)?(?<![0-9０-９一二三四五六七八九十两])(?P<body>{_DATE_BODY})"
    r")\s*"
    r"(?P<end>底前|之前|以前|前|以[内內]|之[内內]|[为為]止|[内內])?"
)
#: Cheap gate: text without any of these cannot hold a date limit (most requirements), so the full scan is skipped.
_DATE_HINT = re.compile(r"[0-9０-９〇零一二三四五六七八九十]\s*[年月季]|年[底末内內中]|[上下]半年|季度")

_TEXT_EVERY = re.compile(r"(?:每|按)(?P<what>季度|季|半年|月)(?!份|度报|报)")
_EVERY_AS = {"季度": "每季度", "季": "每季度", "半年": "每半年", "月": "每月"}
_SELF_ENDING = ("底", "末", "年内", "年內")

_RESPONSE = re.compile(
    r"(?P<pre>在|(?<![少多低高大小等])[于於])?\s*(?<![0-9０-９年月日号])(?P<n>[0-9０-９]{1,3}|[一二三四五六七八九十两兩]{1,3})\s*(?P<ge>[个個])?\s*"
    r"(?P<unit>小[时時]|工作日|自然日|分[钟鐘]|星期|日|天|[周週]|月)"
    r"\s*(?P<end>之[内內]|以[内內]|[内內])?"
)
_UNITS = {"小时": "hour", "小時": "hour", "工作日": "working_day", "自然日": "day", "日": "day", "天": "day",
          "分钟": "minute", "分鐘": "minute", "周": "week", "週": "week", "星期": "week", "月": "month"}


def _amount(text: str) -> int:
    t = unicodedata.normalize("NFKC", text).replace("兩", "两")
    return int(t) if t.isdigit() else _cn_int(t)


def text_deadlines(text: str | None, year: int | None) -> tuple[Deadline, ...]:
    """Dates a requirement states as limits, in text order: `2021年底前` → 2021-12-31, `每季度` → quarter ends.

    Each keeps its printed words (`raw`) and resolves like a cell against the plan's year; a
    limit whose year is unknown keeps its text with no date.
    """
    if not text:
        return ()
    found: list[tuple[int, Deadline]] = []
    for m in _TEXT_DATE.finditer(text) if _DATE_HINT.search(text) else ():
        body, yb, end = m.group("body") or m.group("ybody"), m.group("yb"), m.group("end")
        if not (body or yb):
            continue
        limit = end or m.group("pre") or (yb and not body) or (body and body.rstrip().endswith(_SELF_ENDING))
        if not limit or (body and body.strip() in ("上半年", "下半年", "年中") and not end):
            continue
        start = m.start("y") if m.group("y") else m.start("rel") if m.group("rel") else m.start("body")
        raw = text[start:m.end()].strip()
        parsed = parse_deadline(raw, year)
        if parsed.dates or year is None:
            found.append((start, replace(parsed, ongoing=False)))
    for m in _TEXT_EVERY.finditer(text):
        parsed = parse_deadline(_EVERY_AS[m.group("what")], year)
        found.append((m.start(), Deadline(raw=m.group(), date=parsed.date, dates=parsed.dates)))
    found.sort(key=lambda item: item[0])
    return tuple(dict.fromkeys(d for _, d in found))


def response_times(text: str | None, source: str = "text") -> tuple[ResponseTime, ...]:
    """Relative limits: `5小时内` → 5 hour, `3个工作日之内` → 3 working_day, `在 1个工作日` → 1 working_day.

    A bare count (`20个工作日`, `3天`) is a limit only with 内/之内/以内 after it or 在/于 before it
    (not 不少于30日, a minimum);
    `月` needs 个 (3个月内), since `3月内` is a month, not a duration.
    """
    if not text:
        return ()
    out: list[ResponseTime] = []
    for m in _RESPONSE.finditer(text):
        if not (m.group("end") or m.group("pre")):
            continue
        if m.group("unit") == "月" and not m.group("ge"):
            continue
        try:
            amount = _amount(m.group("n"))
        except (KeyError, ValueError):
            continue
        raw = text[m.start("n"):m.end()].strip()
        item = ResponseTime(raw=raw, amount=amount, unit=_UNITS[m.group("unit")], source=source)
        if item not in out:
            out.append(item)
    return tuple(out)
