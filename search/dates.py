"""Deadline phrases in a question and the deadline filters they ask for.

11月底前 is due by 30 November in each plan's own year, 2020年10月底前 by that date in any plan, 9月份
within the month, 第三季度 within the quarter, 截至11月30日 everything due by then; 本月底前, 下个月 and 本季度
are named from today, and 已经逾期 / 即将到期 are the days before today and the next 30 days. The plans' own years
may be asked as a span: 2022年以来, 2020年以前, 2020年至2022年, 近两年 (this year and the one before).
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from zwgk.model.filters import Filters

__all__ = ["DEADLINE", "RELATIVE", "BY_WORD", "OVERDUE", "SOON", "PENDING", "YEAR_SPAN", "deadline_filters", "absolute",
           "year_span", "read_deadline"]

_CN_MONTH = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12}
_MON = r"(1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])"
_BY = r"(?:之前|以前|前)"
#: 11月以后到期 · 10月起: due in that month or later.
_FROM = r"(?:以后|之后|开始|起|后(?![续期]))"
DEADLINE = re.compile(
    r"(?:((?:19|20)[0-9]{2})\s*(?:年(?![底末内]))?\s*)?"
    r"(?:" + _MON + r"\s*月\s*(?:([0-9]{1,2})\s*[日号])?\s*(份|底|末|上旬|中旬|下旬|中|初|内)?\s*(" + _BY + "|" + _FROM + r")?"
    r"|(年底|年末|年内|上半年|下半年|(?<![今本明去当])年中)\s*(" + _BY + r")?"
    r"|第?([一二三四1-4])\s*季度\s*(?:末|底)?\s*(" + _BY + r")?)"
)
#: A month or quarter named from today: 本月底前, 这个月, 下个月内, 本季度, 上季度末.
RELATIVE = re.compile(r"(本|这个|这|当|下个|下|上个|上)(月|季度)(份|底|末|内|中|初)?(之前|以前|前)?")
#: Words before a date that ask for everything due by it (截至11月30日, 截止到10月底).
BY_WORD = re.compile(r"(?:截至|截止到?|到)\s*$")
#: Dates already past (哪些任务已经逾期): due before today. Plans record no completion, so this is all it can mean.
OVERDUE = re.compile(r"(?:已经?)?(?:逾期|过期|超期|超过(?:完成)?(?:时限|期限))|已经?到期")
#: Dates about to come (即将到期, 近期要完成): due in the next 30 days.
SOON = re.compile(r"即将到期|快到期|马上到期|近期(?:要|需要?|应)?(?:完成|到期)|(?:未来|接下来)(?:一个月|30天)")
#: Dates not yet passed (还没到期, 尚未到期, 没过期): due today or later.
PENDING = re.compile(r"(?:还没有?|尚未|没有?|未)(?:到期|过期|逾期|超期)")

def _month(raw: str) -> int:
    return int(raw) if raw.isdigit() else _CN_MONTH[raw]


def absolute(m: re.Match[str], today: date) -> str:
    """A month or quarter named from today (本月底前, 下个月, 本季度) as the deadline phrase it stands for."""
    step = {"本": 0, "这": 0, "这个": 0, "当": 0, "下": 1, "下个": 1, "上": -1, "上个": -1}[m.group(1)]
    pos, by = m.group(3) or "", m.group(4) or ""
    if m.group(2) == "月":
        return f"{(today.month - 1 + step) % 12 + 1}月{pos}{by}"
    quarter = ((today.month - 1) // 3 + step) % 4 + 1
    return f"第{quarter}季度{'末' if pos in ('底', '末') else ''}{by}"


def deadline_filters(m: re.Match[str], by_then: bool = False) -> dict[str, Any]:
    """Bounds a deadline phrase asks for: `11月底前` → due by 11-30 of the plan's year; `11月` → within November;
    `by_then`: the question said 截至 before it (截至11月30日: everything due by then)."""
    import calendar

    year = int(m.group(1)) if m.group(1) else None
    if m.group(2):
        month = _month(m.group(2))
        day, pos, by = m.group(3), m.group(4), m.group(5)
        last = calendar.monthrange(year or 2000, month)[1]  # 2000: a leap year keeps 02-29 possible
        end_day = int(day) if day else {"初": 10, "上旬": 10, "中": 20, "中旬": 20}.get(pos or "", last)
        start = f"{month:02d}-01"
        end = f"{month:02d}-{min(end_day, last):02d}"
        window = not (by or pos in ("底", "末", "下旬"))
        if by and not re.fullmatch(_BY, by):  # 11月以后: from the month on, no end
            return {"due_after": f"{year}-{start}"} if year else {"due_after_md": start}
    elif m.group(6):
        start, end = {"年底": ("01-01", "12-31"), "年末": ("01-01", "12-31"), "年内": ("01-01", "12-31"),
                      "上半年": ("01-01", "06-30"), "下半年": ("07-01", "12-31"), "年中": ("01-01", "06-30")}[m.group(6)]
        window = m.group(6) == "下半年" and not m.group(7)
    else:
        q = int(m.group(8)) if m.group(8).isdigit() else "一二三四".index(m.group(8)) + 1
        start, end = f"{3 * q - 2:02d}-01", f"{3 * q:02d}-{30 if q in (2, 3) else 31:02d}"
        window = not m.group(9)
    window = window and not by_then
    if year:
        out = {"due_before": f"{year}-{end}"}
        if window:
            out["due_after"] = f"{year}-{start}"
        return out
    out = {"due_before_md": end}
    if window:
        out["due_after_md"] = start
    return out


_CN_COUNT = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5}
#: The years of the plans asked about as a span (2022年以来, 2020年以前, 2020年至2022年, 近两年). Not 2022年前: that
#: is as often a deadline (2022年前完成).
YEAR_SPAN = re.compile(
    r"(?:自|从)?((?:19|20)[0-9]{2})\s*年?度?\s*(?:(以来|以后|之后|起|及以后|至今)|(及以前|以前|之前)"
    r"|(?:至|到|-|—|－|~|～)\s*((?:19|20)[0-9]{2})\s*年?度?)"
    r"|(?:近|最近)([两二三四五2-5])年")


def year_span(m: re.Match[str], this_year: int) -> dict[str, Any]:
    """The Filters fields (year_from, year_to) a YEAR_SPAN match asks for; 以前 leaves the year itself out."""
    if m.group(5):
        n = _CN_COUNT.get(m.group(5)) or int(m.group(5))
        return {"year_from": this_year - n + 1, "year_to": this_year}
    year = int(m.group(1))
    if m.group(2):
        return {"year_from": year}
    if m.group(3):
        return {"year_to": year if m.group(3).startswith("及") else year - 1}
    return {"year_from": min(year, int(m.group(4))), "year_to": max(year, int(m.group(4)))}


def read_deadline(rest: str, text: str, filters: Filters, found: dict[str, str]) -> tuple[str, Filters]:
    """The deadline a question names, read into the filters (unless `filters` already hold one) and blanked out of
    `rest` (the question folded, same length as `text` as asked): a month or quarter named from today (本月底前),
    a date (11月底前, 截至11月30日, 第三季度), or days around today (还没到期, 已经逾期, 即将到期). `found` gains the
    words read."""
    def blank(start: int, end: int) -> None:
        nonlocal rest
        rest = rest[:start] + " " * (end - start) + rest[end:]

    def asked() -> bool:
        return bool(filters.due_before or filters.due_after or filters.due_before_md)

    relative = RELATIVE.search(rest)
    if relative and not asked():
        said = DEADLINE.search(absolute(relative, date.today()))  # 本月底前 said in December: 12月底前
        if said:
            filters = replace(filters, **deadline_filters(said))
        found["deadline"] = relative.group(0)
        blank(relative.start(), relative.end())
    deadline = DEADLINE.search(rest)
    if deadline and not deadline.group(0).strip().isdigit():
        if not asked():
            filters = replace(filters, **deadline_filters(deadline, by_then=bool(BY_WORD.search(rest, 0, deadline.start()))))
        found["deadline"] = text[deadline.start():deadline.end()]
        blank(deadline.start(), deadline.end())
    for pattern, days in ((PENDING, 0), (OVERDUE, None), (SOON, 30)):  # 没过期 before 过期
        said = pattern.search(rest)
        if said and not asked():
            today = date.today()
            if days is None:
                filters = replace(filters, due_before=(today - timedelta(days=1)).isoformat())
            elif days == 0:  # 还没到期: due today or later, however late
                filters = replace(filters, due_after=today.isoformat())
            else:
                filters = replace(filters, due_after=today.isoformat(), due_before=(today + timedelta(days=days)).isoformat())
            found["deadline"] = said.group(0)
            blank(said.start(), said.end())
    return rest, filters
