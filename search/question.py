"""Reading a question: intent (who / what / when / compare) and the filters hidden
in its words (region names, unit names, years, months)."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, replace

from zwgk.ingest import regions
from zwgk.ingest.text import fold

from .filters import Filters

__all__ = ["Question", "read_question", "INTENT_WORDS"]

INTENT_WORDS: dict[str, tuple[str, ...]] = {
    "compare": ("比较", "对比", "各地", "哪些地区", "哪些地方", "不同地区", "区别", "差异", "分别由", "各自"),
    "who": ("谁", "哪个科室", "哪个部门", "哪个单位", "哪些科室", "哪些部门", "哪些单位", "哪个处室", "由谁", "找谁",
            "找哪", "负责单位", "责任单位", "牵头单位", "哪家", "什么部门", "什么单位", "什么科室"),
    "when": ("什么时候", "何时", "时限", "截止", "期限", "多久", "哪天", "几月", "什么时间", "完成时间", "到期"),
}
_CN_MONTH = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12}
_MONTH = re.compile(r"(?:([0-9]{4})\s*年\s*)?(1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])\s*月(?:份|底|前|内)*")
_YEAR = re.compile(r"((?:19|20)[0-9]{2})\s*年(?:度)?")


@dataclass
class Question:
    text: str
    intent: str
    query: str  # what is left to search for
    filters: Filters
    found: dict[str, str] = field(default_factory=dict)  # filter → the words it came from


def read_question(text: str, known_units: list[str] | None = None, base: Filters | None = None) -> Question:
    """Intent and filters from the question's own words; `base` filters (flags) win."""
    f = fold(text)
    intent = next((name for name, words in INTENT_WORDS.items() if any(w in f for w in words)), "what")
    query = text
    found: dict[str, str] = {}
    filters = base or Filters()
    if not filters.region:
        for region, start, end in regions.find_regions(text):
            filters = replace(filters, region=region.name)
            found["region"] = text[start:end]
            query = query.replace(text[start:end], " ")
            break
    month = _MONTH.search(f)
    year_match = _YEAR.search(f)
    if year_match and not filters.year and not (month and month.group(1)):
        filters = replace(filters, year=int(year_match.group(1)))
        found["year"] = year_match.group(0)
        query = query.replace(text[year_match.start():year_match.end()], " ")
    if month and intent in ("when", "what", "who") and not (filters.due_before or filters.due_after):
        raw = month.group(2)
        number = int(raw) if raw.isdigit() else _CN_MONTH[raw]
        year = int(month.group(1)) if month.group(1) else filters.year
        if year:
            last = calendar.monthrange(year, number)[1]
            filters = replace(filters, due_after=f"{year}-{number:02d}-01", due_before=f"{year}-{number:02d}-{last:02d}")
        else:
            filters = replace(filters, due_after=f"0000-{number:02d}-01", due_before=f"9999-{number:02d}-31")
        found["month"] = text[month.start():month.end()]
        query = query.replace(text[month.start():month.end()], " ")
        intent = "when" if intent == "what" else intent
    if known_units and not filters.unit:
        for unit in sorted(known_units, key=len, reverse=True):
            if len(unit) >= 3 and unit in text and not unit.startswith(("各", "有关", "相关")):
                filters = replace(filters, unit=unit)
                found["unit"] = unit
                query = query.replace(unit, " ")
                break
    for words in INTENT_WORDS.values():
        for word in words:
            query = query.replace(word, " ")
    return Question(text, intent, re.sub(r"\s+", " ", query).strip() or text, filters, found)
