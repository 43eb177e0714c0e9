"""Reading a question: its intent and the filters hidden in its words.

A question is read left to right for the parts that are not search words: a
cited document (文号 or 《title》), region names (several make a comparison),
an issuing agency, a year, a deadline (11月底前, 年底前, 2020年10月底前, 9月份,
持续推进), a unit name, and the words that say what is asked (谁, 多少, 有哪些,
依据). Each part found becomes a filter and leaves the query; what remains is
the topic to search for, and may be nothing at all (石台县的方案有哪些任务 asks
for a listing, 计财科负责什么 for everything a unit is named in).

`search` reads its query with the same function, so `安徽省 依申请公开` is
filtered to 安徽省 whether it is typed into `search` or `ask`.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from zwgk.ingest import regions
from zwgk.model.filters import Filters
from zwgk.model.text import fold
from zwgk.search import phrases
from zwgk.search.dates import YEAR_SPAN, read_deadline, year_span
from zwgk.search.english import from_english
from zwgk.search.phrases import FILLER, INTENT_WORDS  # read by the callers of this module too
from zwgk.search.places import chinese_places, has_but_not, regions_named
from zwgk.search.wording import blank_word, is_topic, units_in_words, word_bounds

__all__ = ["Question", "read_question", "INTENT_WORDS", "FILLER"]

#: Role words that, with a unit named, ask for that unit in that role only. 负责 is not one:
#: 办公室负责什么 asks for everything 办公室 is named in.
_ROLE_OF = {"牵头": "lead", "主办": "lead", "配合": "cooperate", "协助": "cooperate", "协办": "cooperate",
            "责任单位": "responsible"}
_ROLE_WORD = re.compile("|".join(_ROLE_OF))
_LEVEL_NAME = {"national": "国家级", "province": "省级", "city": "市级", "county": "县级"}
#: The role words a unit ranking counts by (哪个单位牵头的任务最多); 责任单位 there means any unit.
_RANKED_ROLE = re.compile("|".join(w for w in _ROLE_OF if w != "责任单位"))
#: Bare nouns some plans list as a unit (各科室、单位): a question saying them means no unit in particular.
_GENERIC_UNITS = frozenset({"单位", "部门", "科室", "处室", "股室", "机关", "单位部门"})
#: Verbs a question puts after a unit it names (财政局参与了哪些工作): left alone as a word, they name no topic.
_UNIT_VERBS = frozenset({"参与", "参加", "涉及", "承担了", "参与了"})
#: What every plan of the genre is about: alone, they name no topic but the whole plan.
_GENRE = frozenset({"政务公开", "政府信息公开", "信息公开", "公开", "政务公开和政务服务"})
#: Agency words left after a region name (淮北市教育局 → 教育局): the region already filters.
_AGENCY = re.compile(r"\s*的?(?:教育和体育局|教育体育局|教体局|教育局|政务公开办公室|政务公开办|人民政府办公室|人民政府|政府办公室|政府办)")
_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?:\s*年(?:度)?|(?![0-9]))")  # 2022年, 2022年度, a bare 2022
_COLLECTIVE = ("各", "有关", "相关")
#: The government a unit belongs to, run on before its name (县政府办公室, 市委宣传部): part of the unit's name.
_OWNER = re.compile(r"(?:[省市县区镇乡]人?民?政府|[省市县区]委)$")
#: After a unit named like a topic (政府网站, a unit of one plan): words asking what that unit does. Elsewhere
#: (省级和县级计划在政府网站建设上有何不同) the name is the topic.
_ABOUT_UNIT = re.compile(r"\s*(?:要|应|需要|都|还|主要)?(?:负责|承担|牵头|配合|协助|协办|主办|承办|做|干|管|职责|分工|的任务|任务|的工作)")
_COLLECTIVE_UNIT = re.compile(r"(?:有关|相关)(?:科室|部门|单位|处室|股室|机构)")


@dataclass
class Question:
    text: str
    intent: str  # who what when compare count list unit basis plans gap missing copied common unique new busiest topics cited
    query: str  # what is left to search for ("" when the question names no topic)
    filters: Filters
    found: dict[str, str] = field(default_factory=dict)  # filter → the words it came from
    content: str = ""  # the query without filler words: empty when only filters were asked for

    @property
    def has_topic(self) -> bool:
        return bool(self.content)

    @property
    def all_topics(self) -> bool:
        """既涉及依申请公开又涉及政策解读: the tasks carrying every topic named, not any of them."""
        return bool(phrases.BOTH.search(fold(self.text)))

    @property
    def since(self) -> int | None:
        """2023年比2022年新增了哪些任务: the year compared with (None: each plan's year before)."""
        return int(self.found["since"]) if "since" in self.found else None

    @property
    def fewest_first(self) -> bool:
        """哪个地区的任务最少: a count answered smallest first."""
        return self.intent == "count" and bool(re.search(r"最少|最低|较少|更少", fold(self.text)))

    @property
    def newest_first(self) -> bool | None:
        """最新的计划是哪个: plans answered newest first (True), 最早的 oldest first (False), else None."""
        said = re.search(r"最新|最近|最早", self.found.get("plans", "") or self.found.get("newest", ""))
        return None if said is None else said.group(0) != "最早"

    @property
    def against(self) -> tuple[str, Filters] | None:
        """泗县有但石台县没有 · 县级计划比市级计划少了哪些主题: the plans compared with (as said, and as filters)."""
        if region := self.found.get("against"):
            return region, Filters(region=region)
        if level := self.found.get("against_level"):
            return _LEVEL_NAME[level], Filters(levels=(level,))
        return None

    @property
    def ranked_role(self) -> str | None:
        """哪个单位牵头的任务最多: the role a unit ranking counts (None: every role; 责任单位 there is any unit)."""
        role = _RANKED_ROLE.search(self.found.get("busiest", ""))
        return _ROLE_OF[role.group(0)] if role else None


def read_question(text: str, known_units: list[str] | None = None, base: Filters | None = None,
                  known_issuers: list[str] | None = None, cut: Callable[[str], list[str]] | None = None,
                  places: Callable[[], Collection[str]] | None = None) -> Question:
    """Intent and filters from the question's own words; `base` filters (flags) win. With `cut` (the index's
    word cutter), a one-character filler (的, 有, 上, 项) is dropped only where it stands as a word of its own.
    `places`: the region names of the store's plans, for a place written in pinyin that several places share."""
    asked, text = text, chinese_places(from_english(text), places)
    f = fold(text)
    found: dict[str, str] = {}
    filters = base or Filters()
    rest = f  # what is left of the question, same length as f while spans are blanked out

    def blank(start: int, end: int) -> None:
        nonlocal rest
        rest = rest[:start] + " " * (end - start) + rest[end:]

    if not filters.policy:
        m = phrases.NUMBER.search(rest) or phrases.TITLE.search(rest)
        bare = None if m else (phrases.TITLE_AFTER_VERB.search(rest) or phrases.TITLE_BEFORE_PASSIVE.search(rest))
        if bare and "任务" not in rest and phrases.ASKS_PLANS.search(rest[:bare.start(1)] + rest[bare.end(1):]):
            filters = replace(filters, policy=bare.group(1))
            found["policy"] = text[bare.start(1):bare.end(1)]
            blank(bare.start(), bare.end())
        elif m:
            start = m.start()
            if m.re is phrases.NUMBER and (lead := phrases.BEFORE_NUMBER.match(rest, start, m.end())):
                start = lead.end()
            value = m.group(1) if m.re is phrases.TITLE else re.sub(r"\s+", "", rest[start:m.end()])
            filters = replace(filters, policy=value)
            found["policy"] = text[start:m.end()]
            blank(start, m.end())
            if m.re is phrases.NUMBER and (tail := re.match(r"\s*(?:文件|文)", rest[m.end():])):  # …4号文件
                blank(m.end(), m.end() + tail.end())
        if bare or m:  # 哪些计划是根据…工作要点制定的: the document filter says all of it
            for verb in phrases.RESTS_ON.finditer(rest):
                blank(verb.start(), verb.end())
    issuers = sorted(known_issuers or [], key=len, reverse=True)
    folded = fold("\0".join(issuers)).split("\0") if issuers else []  # one fold, not one per issuer (2k at 1M tasks)
    named_issuers = [(issuer, start) for issuer, key in zip(issuers, folded, strict=True) if (start := rest.find(key)) >= 0]
    if len({start for _, start in named_issuers}) <= 1:  # two agencies named apart: their regions are compared below
        for issuer, start in named_issuers:
            if not filters.issuer:
                filters = replace(filters, issuer=issuer)
                found["issuer"] = issuer
            blank(start, start + len(issuer))
    named = regions_named(rest)
    if named and not (filters.region or filters.regions):
        pair = has_but_not(named, rest)  # 泗县有但石台县没有的工作: 石台县's plans against 泗县's
        if len(named) == 1 or pair:
            filters = replace(filters, region=(pair[1] if pair else named[0][0]).name)
            found.update({"against": pair[0].name} if pair else {})
        else:
            filters = replace(filters, regions=tuple(r.name for r, _, _ in named))
        found["region"] = "、".join(text[s:e] for _, s, e in named)
    in_text = regions.find_regions(rest)  # 泗县…宿州市: a place named and one it lies in (the copied comparison below)
    above = [r for r, _, _ in in_text if len(named) == 1 and r is not named[0][0] and regions.within(named[0][0], r)]
    for _, s, e in [*in_text, *named]:
        blank(s, e)
        if m := _AGENCY.match(rest, e):  # 淮北市教育局: the region already says whose
            blank(m.start(), m.end())
    level = phrases.LEVEL.search(rest)
    if level and not filters.levels:
        filters = replace(filters, levels=tuple(dict.fromkeys(phrases.LEVEL_WORDS[w] for w in level.groups() if w)))
        found["level"] = level.group(0)
        blank(level.start(), level.end())
        if than := phrases.THAN_LEVEL.match(rest, level.end()):  # 县级计划比市级计划少了哪些主题: against the other level
            other = phrases.LEVEL_WORDS[than.group(1)]
            filters, found["against_level"] = (replace(filters, levels=(other,)), filters.levels[0]) if not than.group(2) \
                else (filters, other)
            blank(than.start(), than.end())
    each = None if level else phrases.EACH_LEVEL.search(rest)
    if each and not filters.levels:  # 安徽省各县都有哪些计划: the county plans in 安徽省
        filters = replace(filters, levels=tuple(dict.fromkeys("city" if c == "市" else "county" for c in each.group(1)
                                                              if c in "市县区")))
        found["level"] = each.group(0)
        blank(each.start(), each.end())
    rest, filters = read_deadline(rest, text, filters, found)
    span = YEAR_SPAN.search(rest)
    if span and not (filters.year or filters.year_from or filters.year_to):  # 2022年以来的计划: a span of years
        filters = replace(filters, **year_span(span, date.today().year))
        found["year_span"] = text[span.start():span.end()]
        blank(span.start(), span.end())
    years = list(_YEAR.finditer(rest))
    if len({y.group(1) for y in years}) > 1:  # 2016年和2017年的要点有何不同: both years' plans, side by side
        found["years"] = "、".join(y.group(0) for y in years)
        for y in years:
            blank(y.start(), y.end())
    elif years:
        if not filters.year:
            filters = replace(filters, year=int(years[0].group(1)))
        found["year"] = years[0].group(0)
        for y in years:
            blank(y.start(), y.end())
    for flag, pattern, value in (("unassigned", phrases.UNASSIGNED, True), ("undated", phrases.UNDATED, True),
                                 ("undated", phrases.DATED, False), ("ongoing", phrases.ONGOING, True), ("cooperated", phrases.UNCOOPERATED, False),
                                 ("shared", phrases.SINGLE, False), ("shared", phrases.SHARED, True)):
        said = pattern.search(rest)  # 没有明确责任单位 · 没有明确完成时限 · 有完成时限 · 持续推进: a yes/no filter
        if said:
            if getattr(filters, flag) is None:
                flags: dict[str, Any] = {flag: value, **({"unassigned": False} if pattern is phrases.SINGLE else {})}
                filters = replace(filters, **flags)
            found[flag] = said.group(0)
            blank(said.start(), said.end())
    cites_none = phrases.CITES_NONE.search(rest)  # 哪些计划没有依据任何上级文件: the plans citing nothing
    if cites_none:
        found["cites_none"] = cites_none.group(0)
        blank(cites_none.start(), cites_none.end())
    most_cited = phrases.MOST_CITED.search(rest)  # 引用最多的上级文件是哪个: documents ranked by the plans citing them
    if most_cited:
        found["cited"] = most_cited.group(0)
        blank(most_cited.start(), most_cited.end())
    topics = phrases.TOPICS.search(rest)  # 泗县的计划涉及哪些主题: the topics counted, not a topic searched for
    if topics:
        found["topics"] = topics.group(0)
        blank(topics.start(), topics.end())
    busiest = phrases.BUSIEST.search(rest)  # 哪个单位的任务最多: units ranked, and no unit named by 单位 or 科
    if busiest:
        found["busiest"] = busiest.group(0)
        blank(busiest.start(), busiest.end())
    elif division := phrases.DIVISION.search(rest):  # 各科室的分工: every task with its units, no collective unit
        found["division"] = division.group(0)
        blank(division.start(), division.end())
    if known_units and not filters.unit:
        # 哪些单位 / 责任单位 ask who; they never name a unit, even where a plan lists one called 单位
        probe = rest
        for word in phrases.INTENT_WORDS["who"]:
            probe = probe.replace(word, " " * len(word))
        named_units: list[tuple[int, str]] = []  # (where, unit), longest names first, none inside another
        asks_who = probe != rest
        for unit in sorted(known_units, key=len, reverse=True):
            start = probe.find(fold(unit))
            if len(unit) >= 2 and start >= 0 and not unit.startswith(_COLLECTIVE) and unit not in _GENERIC_UNITS \
                    and not ((asks_who or not _ABOUT_UNIT.match(probe, start + len(unit))) and is_topic(unit)):
                if owner := _OWNER.search(probe, 0, start):  # 县政府办公室: a unit no plan here names, not 办公室
                    start, unit = owner.start(), f[owner.start():start + len(unit)]
                named_units.append((start, unit))
                probe = probe[:start] + " " * len(unit) + probe[start + len(unit):]
                blank(start, start + len(unit))
                if len(named_units) == 2:
                    break
        (a, first), (b, second) = sorted(named_units) if len(named_units) == 2 else ((0, ""), (0, ""))
        if len(named_units) == 2 and not (phrases.AND.fullmatch(rest, a + len(first), b) or phrases.LEAD_THEN.fullmatch(rest, a + len(first), b)):
            (start, unit) = named_units.pop()  # not 计财科和办公室: the longer name alone is the unit, as before
            rest = rest[:start] + f[start:start + len(unit)] + rest[start + len(unit):]
        if len(named_units) == 2:  # 计财科和办公室分别负责什么: either unit's tasks; 共同负责: both on each
            named_units.sort()
            both = phrases.TOGETHER.search(rest)
            filters = replace(filters, units=tuple(u for _, u in named_units), units_all=bool(both))
            found["unit"] = "、".join(u for _, u in named_units)
            if both:
                found["together"] = both.group(0)
                blank(both.start(), both.end())
        elif named_units:
            filters = replace(filters, unit=named_units[0][1], unit_exact=True)
            found["unit"] = named_units[0][1]
    copied = phrases.COPIED.search(rest) or (phrases.REPEATED.search(rest) if above else None)  # 泗县和宿州市的…重复
    if copied:
        found["copied"] = copied.group(0)
        rest = rest[:copied.start()] + " " * (len(rest) - copied.start())  # what follows names the higher plan
    common = None if copied else (phrases.COMMON.search(rest)  # 泗县和石台县的计划有哪些重复: shared by the two
                                  or (phrases.REPEATED.search(rest) if len(filters.regions) > 1 else None))
    if common:  # 哪些任务在多个地区的计划中都出现了: shared among peers, not a topic
        found["common"] = common.group(0)
        blank(common.start(), common.end())
    new = phrases.NEW.search(rest)  # 泗县今年新增了哪些任务: against the region's plan of the year before
    if new:
        found["new"] = new.group(0)
        for said in (new, *phrases.LAST_YEAR.finditer(rest)):
            blank(said.start(), said.end())
        named_years = sorted({int(y.group(1)) for y in years})
        if len(named_years) > 1:  # 2023年比2022年新增了哪些任务: the later year's plans against the earlier year's
            filters, found["since"] = replace(filters, year=named_years[-1]), str(named_years[0])
    unique = None if copied or common else phrases.UNIQUE.search(rest)
    if unique:  # 石台县有哪些任务是其他县没有的: what no other region's plan says alike, not a topic
        found["unique"] = unique.group(0)
        blank(unique.start(), unique.end())
    gap = phrases.GAP.search(rest)
    if gap:
        found["gap"] = gap.group(0)
        blank(gap.start(), gap.end())
        for peers in phrases.PEERS.finditer(rest):  # 和其他地区相比: every other plan of the store is compared anyway
            blank(peers.start(), peers.end())
    intent = next((name for name, words in phrases.INTENT_WORDS.items() if any(w in rest for w in words)), "what")
    if phrases.DURATION.search(rest):  # 办理时限是多少天: a time limit, not a count of tasks
        intent = "when"
    asks_basis = not filters.policy and phrases.ASKS_BASIS.search(rest)
    if asks_basis:
        found["basis"] = asks_basis.group(0)
        blank(asks_basis.start(), asks_basis.end())
        rest = re.sub(r"(?:制定|印发|出台)的?", lambda m: " " * len(m.group(0)), rest)
    plan_facts = None if filters.policy or asks_basis or "任务" in f else phrases.ASKS_PLAN_FACTS.search(rest)
    if plan_facts:  # 泗县的方案是哪个单位印发的 · 安徽省各县都有哪些计划: the plans, not their tasks
        found["plans"] = plan_facts.group(0)
        blank(plan_facts.start(), plan_facts.end())
        for issued in re.finditer(r"(?:印发|发布|出台|下发|制定)的?", rest):  # 哪些计划是2023年发布的
            blank(issued.start(), issued.end())
    for issued in re.finditer(r"(?:印发|发布|出台|下发|制定)的(?=\s*(?:方案|计划|工作要点|要点|文件))", rest):
        blank(issued.start(), issued.end())  # 石台县政务公开办公室印发的方案有多少条任务: 印发 is no topic
    if not plan_facts and (newest := phrases.NEWEST.search(rest)):  # 最新的方案有哪些任务: the newest plans' tasks (ask picks the year)
        found["newest"] = newest.group(0)
        blank(newest.start(), newest.end())
    # 有关 / 相关 before a topic (有关12345热线的工作) say nothing; before 科室, 部门 … they are part of a unit's name.
    content = re.sub(r"(?:有关|相关)(?!科室|部门|单位|处室|股室|机构|于)", lambda m: " " * len(m.group(0)), rest)  # 有没有关于…
    bounds = word_bounds(rest, cut) if cut else None
    if bounds is not None:  # 有关部门 is one name, not 有 and 关部门
        for whole in _COLLECTIVE_UNIT.finditer(rest):
            bounds -= set(range(whole.start() + 1, whole.end()))
    for word in sorted({*phrases.FILLER, *(w for words in phrases.INTENT_WORDS.values() for w in words)}, key=lambda w: (-len(w), w)):
        content = blank_word(content, word, bounds if len(word) == 1 else None)
    for word in sorted({w for words in phrases.INTENT_WORDS.values() for w in words}, key=lambda w: (-len(w), w)):
        rest = rest.replace(word, " " * len(word))
    query = re.sub(r"\s+", " ", rest).strip()
    # A lone character left between filler words (一共有几项 → 一) names no topic, nor does the 归 of
    # 政务新媒体归哪个科室管, the 相关 of 政策解读相关任务 or the 又 of 既…又… (归档 stays: only a word's last characters go).
    content = " ".join(w for w in (re.sub(r"(?:归|相关|有关|又)$", "", w) for w in content.split()) if len(w) > 1 and w != "一般")
    if not (filters.unit or filters.units) and content and known_units:  # 各科室负责什么: a collective named alone is the unit asked about
        collective = next((u for u in known_units if fold(u) == content.replace(" ", "") and not (intent == "who" and is_topic(u))), None)
        if collective:
            filters = replace(filters, unit=collective, unit_exact=True)
            found["unit"] = collective
            content, query = "", ""
    content, filters = units_in_words(content, filters, found, known_units or [], known_issuers or [])
    query = "" if not content else query
    if filters.unit or filters.units or filters.unit_function:  # 财政局参与了哪些工作: with a unit, 参与 is no topic
        content = " ".join(w for w in content.split() if w not in _UNIT_VERBS)  # (公众参与 is, and stays whole)
    if all(w in _GENRE for w in content.split()):  # 兖州区的政务公开工作由哪些科室负责: all of it is
        content = ""
    if not content:
        query = ""
    if (filters.unit or filters.unit_function) and not filters.unit_role:  # 哪些任务由办公室牵头 · 法规科牵头的工作
        role = _ROLE_WORD.search(f)
        if role:
            filters = replace(filters, unit_role=_ROLE_OF[role.group(0)])
            found["role"] = role.group(0)
    per_plan = intent == "compare" or (intent in ("list", "what") and re.search(r"哪(?:个|份|一份)(?:计划|方案)", f))
    if per_plan and not content and len(filters.regions) < 2 and (
            any(w in f for w in phrases.INTENT_WORDS["count"]) or re.search(r"最多|最少", f)):
        intent = "count"  # 统计各地区的任务数量 · 哪个地区的任务最多: how many, per plan
    if re.search(r"哪(?:个|份)(?:计划|方案|地区|地方)?(?:的)?(?:任务|工作)?(?:更)?(?:多|少)", f) and not content and \
            len(filters.regions) > 1:
        intent = "count"  # 石台县和泗县哪个计划任务多: how many, per plan
    elif (len(filters.regions) > 1 or len(filters.levels) > 1 or "years" in found) and intent not in ("count",):
        intent = "compare"
    elif intent == "what":
        if (found.get("unassigned") or found.get("undated") or found.get("shared") or found.get("cooperated")) and not content:
            intent = "list"
        elif found.get("deadline") or found.get("ongoing"):
            intent = "when"
        elif not content:
            intent = "unit" if filters.unit or filters.units or filters.unit_function else "list"
    if filters.policy and not content and "任务" not in f and (
            intent == "list" or (intent == "compare" and len(filters.regions) < 2)):
        intent = "basis"  # 哪些计划依据了… · 哪些地方执行…: the plans (with their regions) are the answer
    if asks_basis and not content:
        intent = "basis"  # 泗县的方案依据哪些文件: the plans in view with their basis documents
    if plan_facts and not content and intent in ("list", "what", "who", "when", "unit", "compare", "count"):
        intent = "plans"
    if busiest and intent not in ("basis",):
        intent = "busiest"
    elif topics and intent not in ("basis",):
        intent = "topics"
    if most_cited and not content:
        intent = "cited"
    if cites_none and not content:
        intent = "basis"
    if (gap or "against" in found or "against_level" in found) and (not content.strip() or content.strip() in phrases.ANY_TOPIC):  # 泗县的计划缺少哪些主题: the topics it leaves out are the answer
        intent, content, query = "missing", "", ""
    elif gap and content:
        intent = "gap"
    if copied:
        intent = "copied"
    elif common:
        intent = "common"
    elif unique:
        intent = "unique"
    elif new:
        intent = "new"
    return Question(asked, intent, query, filters, found, content)
