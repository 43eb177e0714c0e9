"""What a table cell looks like: its score for each kind of column, from its own features.

A short number is a 序号, a heading phrase a group, a long sentence a
requirement, a list of names a unit cell, a 年底前 phrase a deadline; a
status or a score belongs to no task column. align.py assigns cells to
columns by these scores; rows.py asks whether a cell plainly misfits its column.
"""
from __future__ import annotations

import re
from functools import lru_cache

from zwgk.ingest.patterns import (
    BARE_LEVEL,
    ENUM,
    LEVEL_CHARS,
    NONE_CELLS,
    TERMINAL,
    heading_level,
    looks_like_deadline,
    looks_like_units,
)
from zwgk.model.text import fold, squeeze

__all__ = ["cut_unit_cell", "type_scores", "unit_likeness", "misfit", "KINDS", "NEG", "SEQ_NUMBER", "WORK_START"]

#: An impossible score.
NEG = -1e9

#: Column kinds a cell can be scored against.
KINDS = ("seq", "section", "requirement", "units", "deadline", "extra")


SEQ_NUMBER = re.compile(r"^[0-9]{1,3}[.、．]?$")
_CN_ENUM = re.compile(r"^[(（]?[一二三四五六七八九十]{1,3}[)）、.]?$")
_SCORE = re.compile(r"^\(?[0-9]{1,3}(?:\.[0-9]{1,2})?\)?分?$")
_STATUS = re.compile(r"^(?:已|正在|序时|按时|按期|均已|全部|目前|截至|截止)|(?:已完成|已公开|已发布|推进中|进行中|序时推进|已落实|完成情况)")
#: Deadline words beyond the strict pattern: 全年工作, 2016年底前完成, 6月底前启动.
_DEADLINE_WORD = re.compile(r"年底|年内|月底|月前|月份|月中|季度|全年|半年|持续|长期|常态|每月|每周|每年|日前|之前|以前|随时|及时")
#: …and how such a phrase ends (全年工作, 2016年底前完成), unlike a heading (持续深化舆情回应).
_DEADLINE_END = re.compile(r"(?:前|底|内|中|末|月|季度|年|完成|推进|坚持|开展|进行|工作|常态化)$")
#: A time limit said by reference (按规定时限, 法定时限内, 规定期限内完成, 按时间节点, 20个工作日内): a deadline cell.
_LIMIT_PHRASE = re.compile(r"^(?:按|按照|依|依照|根据|在)?(?:法定|规定|要求|上级规定|有关规定|文件规定|规定的|要求的|方案)?的?"
                           r"(?:时限|期限|时间节点|时间要求|节点|时间)(?:要求)?(?:内|前)?(?:完成|办结|办理|报送|公开|答复)?$"
                           r"|^(?:[^。，,]{0,8}后)?[0-9一二三四五六七八九十]{1,3}个?(?:工作日|自然日|日|天)(?:内|以内)(?:完成|办结|答复)?$")
_LIMIT_CHAR = re.compile(r"[时期节日天]")
#: A short cell no deadline pattern knows may still be one where its row leaves nowhere else for it
#: (| 2 | 任务 | 计财股 | 按规定办结时间 |): a low score, not an impossible one, so the row keeps its columns.
_UNKNOWN_DEADLINE = -4.0
_ROLE = re.compile(r"牵头|负责|配合|协助|协同|参与|落实")


_BRACKET = re.compile(r"\([^()]*\)|〔[^〔〕]*〕|\[[^\[\]]*\]")
#: A role word ends a unit's part of a cell, unless a unit suffix follows (文件起草牵头科室 is one name).
_ROLE_END = re.compile(r"(?:牵头|配合|负责|落实)(?![科处室局办委中股组部单])")
_ROLE_TAIL = re.compile(
    r"(?:等(?:有关|相关|其他)?(?:部门|单位|科室|处室|股室)?|参照落实|按职责分工(?:负责|落实)?|按职能分工(?:负责|落实)?|"
    r"分别(?:牵头)?(?:负责|落实)|负责落实|牵头落实|具体负责|牵头|负责|配合|协助|协同|参与|落实|参照执行)$")
_NAME_END = re.compile(
    r"(?:科室|处室|单位|部门|机构|中心|学校|中小学|小学|中学|大学|高校|医院|幼儿园|小组|专班|委员会|办公室|政府|街道|乡镇|股室|"
    r"社区|企业|公司|集团|银行|法院|检察院|管委会|[科处室局委办厅馆所站队院校组部会司署社台团股镇街乡村区县市])$")
_LABEL = re.compile(r"^(?:牵头|责任|配合|协办|主办|落实)(?:单位|部门|科室|处室|股室)[:：]")
#: A field that names people (责任领导：张三): neither for nor against a unit cell.
_PERSON_FIELD = re.compile(r"(?:^|(?<=[\s,;、]))[^:\s,;、]{0,8}(?:领导|责任人|负责人|联系人)\s*:\s*[^\s,;、]*")


def _split_outside_brackets(s: str) -> list[str]:
    """Split a unit cell at its separators and after role words (…牵头, …配合), but not
    inside brackets (各县(市、区)政府, 有关科室(按职责分工负责))."""
    masked, depth = [], 0
    for ch in s:
        if ch in "(〔[":
            depth += 1
        elif ch in ")〕]":
            depth = max(depth - 1, 0)
            masked.append(ch)
            continue
        masked.append(ch if depth == 0 else "〇")
    flat = "".join(masked)
    cuts = sorted({m.start() for m in re.finditer(r"[、,;，；\n|/]", flat)}
                  | {m.end() for m in _ROLE_END.finditer(flat)})
    out, start = [], 0
    for cut in cuts:
        out.append(s[start:cut])
        start = cut + (1 if cut < len(s) and flat[cut] in "、,;，；\n|/" else 0)
    out.append(s[start:])
    return [p.strip("、,;，；|/") for p in out]


def unit_likeness(folded: str) -> float:
    """The share of a cell's comma/、-separated parts that read as unit names
    (0 for sentences): 市财政局牵头,市民政局等有关部门落实;各镇(街)参照落实 → 1.0."""
    s = squeeze(_PERSON_FIELD.sub(" ", folded))
    if not s or len(s) > 160 or "。" in s:
        return 0.0
    parts = [p for p in _split_outside_brackets(s) if p]
    if not parts or ENUM.match(s):  # 1.在门户网站建立…行政处 (a page cut in an item) names no unit
        return 0.0
    good = 0
    for k, printed in enumerate(parts):
        if BARE_LEVEL.fullmatch(printed) and k + 1 < len(parts) and parts[k + 1][:1] in LEVEL_CHARS:
            good += 1  # 县、区教育局: half of one name, as units.py reads it
            continue
        part = _LABEL.sub("", _BRACKET.sub("", printed))
        for _ in range(3):
            stripped = _ROLE_TAIL.sub("", part)
            if stripped == part:
                break
            part = stripped
        if not part:
            good += 1  # a role word on its own (…牵头, …配合)
        elif (len(printed) >= 3 or part.startswith("各")) and len(part) <= 24 and _NAME_END.search(part):
            good += 1
    return good / len(parts)


#: How a requirement starts (a verb of work, or a preposition before one); a unit name does not.
WORK_START = re.compile(
    r"^(?:做好|加强|加大|加快|推进|推动|及时|围绕|严格|完善|建立|健全|深化|深入|持续|落实|开展|规范|强化|全面|积极|认真|主动|"
    r"进一步|按照|根据|依法|切实|聚焦|坚持|提升|优化|组织|实行|统一|公开|发布|通过|结合|探索|丰富|创新|拓展|扩大|畅通|编制|"
    r"制定|修订|清理|梳理|定期|动态|集中|着力|注重|在|对|将|以|把|抓)")


def cut_unit_cell(text: str) -> bool:
    """A unit cell cut short by the end of a stored page (市市场监管…, 相关业务科…, 市发改委、市科技…):
    short, no sentence or item number, not opening like a requirement, and every part reads as a
    unit once its name is finished."""
    s = squeeze(fold(text)).rstrip("\ufffd?")
    if not 2 <= len(s) <= 40 or "。" in s or ENUM.match(s) or heading_level(s) or WORK_START.match(s):
        return False
    return unit_likeness(s + "局") >= 0.75


@lru_cache(maxsize=4096)
def type_scores(text: str) -> dict[str, float]:
    """How well a cell fits each column kind (log-odds-like; higher fits better)."""
    f = fold(text)
    s = squeeze(f)
    n = len(s)
    if not s:
        return dict.fromkeys(KINDS, NEG)
    if s in NONE_CELLS:  # a unit or deadline column's "none" (配合单位: 无), never a heading or a task
        return {"seq": NEG, "section": -6.0, "requirement": -10.0, "units": 1.5, "deadline": 1.0, "extra": 0.5}
    is_int = bool(SEQ_NUMBER.match(s))
    is_score = (bool(_SCORE.match(s)) and not is_int) or bool(re.match(r"^[0-9]{1,3}\.[0-9]{1,2}$", s))
    level = heading_level(f)
    likeness = unit_likeness(f)
    # A cell numbered as a heading (二、公开平台, （二）…) is a heading, even where its words end like a unit (平台).
    units = not level and (likeness >= 0.75 or (likeness >= 0.5 and looks_like_units(f)))
    deadline = looks_like_deadline(f) or (_LIMIT_CHAR.search(s) is not None and bool(_LIMIT_PHRASE.match(s))) or (
        n <= 16 and bool(_DEADLINE_WORD.search(s)) and likeness < 0.5 and "。" not in s and bool(_DEADLINE_END.search(s)))
    terminal = bool(TERMINAL.search(s))
    enumerated = bool(ENUM.match(f)) and not is_int
    role_word = bool(_ROLE.search(s))
    status = bool(_STATUS.search(s))

    out: dict[str, float] = {}
    # 序号: a bare number, or a Chinese enumerator on its own.
    out["seq"] = 4.0 if is_int else (1.5 if _CN_ENUM.match(s) else NEG)
    # A group heading: 一、… (一)… or a short phrase without a final full stop.
    if is_int or is_score:
        sec = -9.0
    elif level:
        sec = 3.0 if n <= 80 else 0.5
    elif n <= 40 and not terminal:
        sec = 1.2 - (0.5 if enumerated else 0.0)
    elif n <= 60:
        sec = -1.0
    else:
        sec = -3.5
    if units:
        sec -= 4.0
    if deadline:
        sec -= 5.0
    out["section"] = sec
    # A requirement: a sentence, usually long, often numbered.
    if is_int or is_score:
        req = -10.0
    else:
        req = 2.0 if n >= 15 else (0.0 if n >= 8 else -3.0)
        req += 1.0 if terminal else 0.0
        req += 0.8 if enumerated else 0.0
        req -= 1.0 if level else 0.0
        if units and n < 60:
            req -= 5.0
        if deadline:
            req -= 6.0
        if status:
            req -= 1.5
    out["requirement"] = req
    # A unit list: names ending in 科 处 室 局 办 委 中心 …, joined by 、 , ；.
    if units:
        uni = 3.5 if likeness >= 0.99 else 2.0
    elif n <= 40 and (likeness >= 0.5 or role_word and n <= 16) and "。" not in s:
        uni = 0.5
    else:
        uni = -7.0
    if is_int or is_score or deadline:
        uni = NEG if is_int or is_score else -6.0
    out["units"] = uni
    short = n <= 20 and not (is_int or is_score or level or units) and not re.search(r"[。；;，,]", s)
    out["deadline"] = 4.0 if deadline else (_UNKNOWN_DEADLINE if short else NEG)
    # Status, score or note columns: anything, at a cost unless it reads like one.
    if is_score or (is_int and n <= 3):
        ext = 0.5
    elif status:
        ext = 2.5
    else:
        ext = -2.5
    out["extra"] = ext
    return out


def misfit(text: str, kind: str) -> bool:
    """A cell that plainly does not belong in a column of this kind: a number or a
    unit list as the requirement, a whole sentence as the units or deadline."""
    scores = type_scores(text)
    s = squeeze(fold(text))
    if kind == "requirement":
        return scores["seq"] > 0 or scores["deadline"] > 0 or (scores["units"] >= 3.5 and len(s) < 30)
    if kind == "seq":
        return scores["seq"] < 0 and len(s) > 4
    if kind == "section":
        return scores["seq"] > 3
    if kind in ("units", "deadline"):
        return len(s) >= 20 and bool(TERMINAL.search(s)) and scores["requirement"] >= 3.0
    return False
