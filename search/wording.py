"""What one word of a question is: a word of its own or part of a longer one, a topic's label, the
function of a unit no plan names so (财务科), an agency named without its place (民政局, 人社局)."""
from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import replace

from zwgk.model.filters import Filters
from zwgk.model.text import fold

__all__ = ["word_bounds", "blank_word", "is_topic", "function_of", "units_of_functions", "agency", "units_in_words"]


#: A word that ends like a unit: 财务科, 宣传部门, 政策法规处, 县教育局, 学校.
_UNIT_WORD = re.compile(r"\S{0,8}?(?:科室|处室|股室|部门|单位|科|处|室|股|中心|办|局|学校)")


def word_bounds(text: str, cut: Callable[[str], list[str]]) -> set[int]:
    """The positions in `text` where one of its words starts or ends."""
    bounds, at = {0}, 0
    for word in cut(text):
        at += len(word)
        bounds.add(at)
    return bounds


def blank_word(text: str, word: str, bounds: set[int] | None) -> str:
    """`text` with each occurrence of `word` blanked that is a whole word (every one without `bounds`):
    的 of 泗县的政务公开 goes, 有 and 上 of 国有土地上房屋征收 and 项 of 建设项目 stay."""
    if bounds is None:
        return text.replace(word, " " * len(word))
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        if start in bounds and end in bounds:
            text = text[:start] + " " * len(word) + text[end:]
        start = text.find(word, end if start in bounds and end in bounds else start + 1)
    return text


def is_topic(name: str) -> bool:
    """Whether a unit name is also a topic's label: one plan lists 政府网站 as a unit, and 政府网站年度报表谁负责
    asks who handles the websites, not what that unit does."""
    from zwgk.vocabulary.thesaurus import load_thesaurus

    thesaurus = load_thesaurus()
    return any(thesaurus.lookup(name, scheme) for scheme in ("topics", "domains"))


def function_of(word: str) -> str | None:
    """The unit function a unit-like word names (财务科 → 计划财务), not a collective one (各科室)."""
    if len(word) < 2 or not _UNIT_WORD.fullmatch(word) or word.startswith(("各", "有关", "相关")):
        return None
    from zwgk.vocabulary.thesaurus import load_thesaurus

    function = load_thesaurus().unit_function(word)
    return function.label if function is not None and function.label not in ("各科室",) else None


def units_of_functions(functions: Collection[str], units: list[str]) -> list[str]:
    """The store's units (`units`) whose function is one of `functions`: 人事科, which no plan names, stands
    for 组织人事科 and 人事股 beside a unit that is named (计财科和人事科分别负责什么)."""
    from zwgk.vocabulary.thesaurus import load_thesaurus

    thesaurus = load_thesaurus()
    return [u for u in units if (fn := thesaurus.unit_function(u)) is not None and fn.label in functions]


#: A word that ends like a government agency: 民政局, 人社局, 交通运输部, 卫健委, 残联.
_AGENCY_WORD = re.compile(r"[\u4e00-\u9fff]{1,14}(?:局|委|厅|部|委员会|联合会|残联)")


def agency(word: str, issuers: list[str], units: list[str]) -> tuple[str, str, str] | None:
    """(kind, form, the words said) for an agency named in `word` without its place: "issuer" when plans
    were issued by such an agency anywhere (民政局: 淮南市民政局 and 蓬江区民政局), else "unit" when plans name
    such a unit (县人社局). The form is as said or in full (人社局 → 人力资源和社会保障局); the longest agency
    word inside `word` counts (民政局政务公开 holds 民政局). None when no plan knows one."""
    from zwgk.vocabulary.agencies import AGENCY_FORMS, agency_forms

    spans = sorted({word[s:e] for e in range(len(word), 1, -1) for s in range(e - 2, -1, -1)
                    if (word[s:e] in AGENCY_FORMS or (e - s >= 3 and _AGENCY_WORD.fullmatch(word[s:e])))
                    and not word.startswith(("各", "有关", "相关"), s) and word[e:e + 1] != "门"},  # 有关部门: no 有关部
                   key=len, reverse=True)
    if not spans:
        return None
    tables = [(kind, fold("\0".join(names)).split("\0")) for kind, names in (("issuer", issuers), ("unit", units)) if names]
    for said in spans:
        for kind, folded in tables:
            for form in map(fold, agency_forms(said)):
                if any(form in name for name in folded):
                    return kind, form, said
    return None


def units_in_words(content: str, filters: Filters, found: dict[str, str], units: list[str],
                   issuers: list[str]) -> tuple[str, Filters]:
    """The words a question has left after its filters that still name a unit, read into the filters:
    财务科负责什么 (no plan names a 财务科: the function it names); 计财科和人事科分别负责什么 (beside another
    unit, the store's units of that function join it: the tasks of either); 人事科参与了哪些任务 (the unit, then
    its verb); 民政局的政务公开要点 · 人社局负责哪些工作 (an agency named without its place: the plans such
    agencies issued, else the units of that name). Returns the words left and the filters; `found` gains
    what was read."""
    content = re.sub(r"(?<=[科股处室办局])(参与|参加|涉及|承担)", r" \1", content)
    functions = {} if filters.units or filters.unit_function else {w: fn for w in content.split() if (fn := function_of(w))}
    same_function = units_of_functions(functions.values(), units) if len(functions) + bool(filters.unit) > 1 else []
    if same_function:
        beside = [filters.unit] if filters.unit else []
        filters = replace(filters, unit=None, unit_exact=False, units=tuple(dict.fromkeys([*beside, *same_function])))
        found["unit"] = "、".join([*([found["unit"]] if beside else []), *functions])
    elif functions and not filters.unit:
        word, function = next(iter(functions.items()))
        filters = replace(filters, unit_function=function)
        found["unit"], functions = word, {word: function}
    else:
        functions = {}  # none read: the words stay the topic
    content = " ".join(w for w in content.split() if w not in functions)
    if not (filters.unit or filters.units or filters.unit_function or filters.issuer) and content:
        for word in content.split():
            named = agency(word, issuers, units)
            if named:
                kind, form, words = named
                filters = replace(filters, issuer=form) if kind == "issuer" else replace(filters, unit=form)
                found[kind] = words
                content = " ".join(part for w in content.split() for part in w.split(words) if part)
                break
    return content, filters
