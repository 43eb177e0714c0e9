"""Task lists without a table: responsibility in brackets or labels after the text.

    （三）深化政策解读。…积极回应社会关切。（牵头科室：办公室；责任科室：各科室）
    2. 加强政务新媒体管理。（宣传科牵头，信息中心配合，6月底前完成）
    3. 规范依申请公开办理。责任单位：办公室。完成时限：长期坚持。
    （一）围绕…做好信息公开。A事。（甲局负责落实）B事。（乙委、丙办分别负责落实）

A task is an item with its bracket. Several brackets in one paragraph are
several tasks; the paragraph's opening sentence is then their section. The
items of a list are told from its headings by structure, not by words: an
enumerated item at a level whose items carry brackets, with nothing nested
under it, is a task even when it names no unit (an item the plan leaves
unassigned, or one cut off by the page); an enumerated paragraph with items
under it is a heading. A heading that carries a bracket covers the items
under it that do not.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from zwgk.ingest.assignments import (
    assigning_sentence,
    is_responsibility,
    responsibility_brackets,
    split_bracket,
)
from zwgk.ingest.celltypes import WORK_START, unit_likeness
from zwgk.ingest.paragraphs import (
    CN,
    DEADLINE_LABEL,
    FULL_LABEL,
    INLINE_BLOCK,
    TEXT_LABEL,
    TITLE_LABEL,
    UNIT_LABEL,
    paragraphs,
)
from zwgk.ingest.patterns import (
    BULLET,
    ENUM,
    HEADING_L3,
    ROLE_WORD,
    TERMINAL,
    heading_level,
    split_enumerator,
)
from zwgk.ingest.rows import LogicalRow
from zwgk.ingest.units import is_unit_name, parse_units
from zwgk.model.text import fold, squeeze, strip_cell

__all__ = ["rows_from_list"]

#: Labelled responsibility after the text without a bracket: 责任单位：X。完成时限：Y。
_TRAIL_LABELS = re.compile(rf"(?:^|(?<=[。;]))\s*((?:{UNIT_LABEL}|{DEADLINE_LABEL})\s*:.*)$")
#: An item that names its unit first: 县财政局：负责推进预决算公开… (the name is checked to end like a unit).
_LEAD_UNIT = re.compile(r"\s*([^\s:,;。()、]{2,20}?)\s*:\s*(?=\S)")
#: Labels run on after the text with no stop before them: …格式规范责任单位：办公室；完成时限：6月底前
_RUN_ON_LABELS = re.compile(rf"({FULL_LABEL}\s*:[^。]*?)[。\s]*$")
#: Units in a bracket before the text: 1.【县司法局】完善… · 1.（县政府办公室牵头）做好…
_LEAD_BRACKET = re.compile(r"\s*[【(]([^【】()]{2,60})[】)]\s*")
#: Units after a dash that closes the item: …推进预决算公开。——县财政局、县发改委
_DASH_UNITS = re.compile(r"(?:——|—|－－|--)\s*([^—。]{2,80}?)[\s。.]*$")
_HEADING_MARKER = re.compile(r"^\s*[(（]?[^、.．)）]{1,3}[、.．)）]\s*")
#: What may follow the units (and their role word) a heading names: 县司法局负责： / 县政府办公室任务：
_HEAD_TAIL = re.compile(r"的?(?:工作|任务|事项|职责)?\s*:?\s*$")
#: Headings that start with these do work (成立领导小组, 召开新闻发布会), though they end like a unit.
_DOING = re.compile(r"^(?:成立|召开|建设|设立|组建|打造|发挥|统筹|实施|明确|夯实|压实|保障|提高|抓好|筑牢|用好|办好|管好)")
#: Levels past the enumerated ones (1 一、 · 2 （一） · 3 （1） · 4 1. 1、 ① · 5 1.1): a task block's title
#: (任务一：…), its text (具体内容：…), and a paragraph with no number or label (deepest).
_TITLE, _TEXT, _NONE = 6, 7, 8


def _level(folded: str) -> int:
    """1 一、 · 2 （一） · 3 （1） · 4 1. 1、 ① · 5 1.1 · then _TITLE, _TEXT, _NONE."""
    level = heading_level(folded)
    if level:
        return level
    if HEADING_L3.match(folded):
        return 3
    if m := ENUM.match(folded):
        return 5 if m.group("dec") else 4
    if BULLET.match(folded):  # ●完善…: an item without a number
        return 4
    if TITLE_LABEL.match(folded):
        return _TITLE
    return _TEXT if TEXT_LABEL.match(folded) else _NONE


@dataclass
class _Para:
    text: str
    first: int
    last: int
    level: int
    seq: str | None
    body: int  # offset after the enumerator
    spans: list[tuple[int, int]] = field(default_factory=list)
    trail: int | None = None  # offset of trailing 责任单位：… labels
    lead: tuple[int, int, int] | None = None  # a unit named first (1.县财政局：负责…): its span, where the task starts
    unit_head: str | None = None  # the units a heading names and nothing else (一、县政府办公室 / 县司法局负责：)


def _para(text: str, first: int, last: int) -> _Para:
    f = fold(text)
    level = _level(f)
    seq, body = None, 0
    if level in (4, 5):
        seq = split_enumerator(text, f)[0]
        enum = ENUM.match(f) or BULLET.match(f)
        body = enum.end() if enum else 0
    elif level < _TITLE and (m := _HEADING_MARKER.match(f)):
        body = m.end()
        seq = re.sub(rf"[^0-9{CN}]", "", m.group(0)) or None
    elif level < _NONE and (m := TITLE_LABEL.match(f) or TEXT_LABEL.match(f)):
        body = m.end()  # 任务一：… is numbered 一
        seq = re.sub(rf"[^0-9{CN}]", "", m.group(0)) or None
    p = _Para(text, first, last, level, seq, body, responsibility_brackets(text), unit_head=_unit_head(text[body:]))
    if not p.spans:
        m = _TRAIL_LABELS.search(f, body)
        if m and m.start(1) > body:
            p.trail = m.start(1)
        run_on = _RUN_ON_LABELS.search(f, body)  # …格式规范责任单位：办公室: no stop before the label
        if run_on and body < run_on.start(1) < (p.trail or len(f)) and is_responsibility(text[run_on.start(1) :]):
            p.trail = run_on.start(1)
        stop = f.rstrip(" 。").rfind("。", body)
        if p.trail is None and level < _NONE and stop > body and assigning_sentence(f[stop + 1 :].strip(" 。;—－-")):
            p.trail = len(f) - len(f[stop + 1 :].lstrip(" —－-"))  # …推进预决算公开。（——）县财政局牵头，县直各部门配合。
        dash = _DASH_UNITS.search(f, body) if p.trail is None and level < _NONE else None
        if dash and is_responsibility(text[dash.start(1) : dash.end(1)]):
            p.trail = dash.start(1)  # …推进预决算公开。——县财政局
        lead = _LEAD_UNIT.match(f, body) if level < _TITLE else None  # an item, not 县直各单位：现将…印发给你们
        if lead and is_unit_name(squeeze(lead.group(1))) and not re.fullmatch(UNIT_LABEL, squeeze(lead.group(1))) \
                and (p.trail is None or p.trail > lead.end()):
            p.lead = (lead.start(1), lead.end(1), lead.end())
        opening = _LEAD_BRACKET.match(f, body) if level < _TITLE and p.lead is None and p.trail is None else None
        if opening and squeeze(f[opening.end():]) and is_responsibility(text[opening.start(1) : opening.end(1)]):
            p.lead = (opening.start(1), opening.end(1), opening.end())  # 1.【县司法局】完善…: the units, then the task
    return p


def _unit_head(body: str, sibling: bool = False) -> str | None:
    """The units of a heading that names units only: a plan laid out by unit, each unit's tasks under it.
    Not an address (各乡镇人民政府，县直各单位：) and not work that ends like a unit (成立领导小组).
    Where `sibling` (headings of the same level name units elsewhere in the plan), units named only
    collectively (各学校) head tasks too, as do names that start like work (组织人事科); elsewhere a
    collective name needs a role word (各学校负责)."""
    tail = _HEAD_TAIL.search(fold(body))
    names = body[: tail.start() if tail else len(body)].strip()
    f = squeeze(fold(names))
    if not 2 <= len(f) <= 40 or "。" in f or _DOING.match(f) or unit_likeness(f) < 0.99:
        return None
    units = parse_units(names)
    if not units or (WORK_START.match(f) and not (
            sibling and all(re.search(r"(?:[科室局处股办委]|中心)$", fold(u.name)) for u in units))):
        return None
    if all(re.search(r"各|有关|相关|全体|所有|所属", fold(u.name)) for u in units) \
            and not sibling and not re.search(rf"{ROLE_WORD}$", f):
        return None
    return names


def _row(req: str, heads: list[tuple[int, str, tuple[str | None, str | None, bool] | None]], seq: str | None,
         units: str | None, deadline: str | None, first: int, last: int, inherited: bool = False) -> LogicalRow:
    section = tuple(h[1] for h in heads)
    if block := INLINE_BLOCK.match(fold(req)):  # 任务名称：推进决策公开 具体内容：完善…: a block on one line
        section, req = (*section, squeeze(req[: block.end("title")])), req[block.end():]
    return LogicalRow(
        requirement=strip_cell(req).strip("—－- "),  # ◆——推进…: the dash after a bullet is no part of it
        section=section,
        seq=seq,
        units=((units, "responsible", inherited),) if units else (),
        deadline_raw=deadline,
        deadline_inherited=inherited and deadline is not None,
        first=first,
        last=last,
    )


def _assigned(p: _Para) -> bool:
    return bool(p.spans) or p.trail is not None or p.lead is not None


def _single(p: _Para) -> tuple[str, str | None, str | None]:
    """(text before the assignment, units, deadline) of a one-task paragraph."""
    if p.spans:
        s, e = p.spans[0]
        units, deadline = split_bracket(p.text[s + 1 : e - 1])
        return p.text[:s], units, deadline
    units = deadline = None
    end = len(p.text)
    if p.trail is not None:
        units, deadline = split_bracket(re.sub(r"[。]", "；", p.text[p.trail :]).rstrip("；"))
        end = p.trail
    if p.lead is not None and units is None:  # 1.县财政局：负责推进预决算公开…: the unit, then its task
        s, e, task = p.lead
        return p.text[: p.body] + p.text[task:end], p.text[s:e], deadline
    return p.text[:end], units, deadline


def _multi(p: _Para) -> bool:
    if len(p.spans) >= 2:
        return True
    return len(p.spans) == 1 and len(squeeze(p.text[p.spans[0][1] :]).strip("。;；")) >= 10


def rows_from_list(lines: list[str], start: int = 0) -> list[LogicalRow]:
    paras = []
    for text, first_no, last_no in paragraphs(lines, start):
        own = strip_cell(lines[last_no - 1])  # 县司法局：on the line under a title it ran into
        if last_no > first_no and text.endswith(own) and fold(own).rstrip().endswith(":") and _unit_head(own):
            paras += [_para(text[: -len(own)], first_no, last_no - 1), _para(own, last_no, last_no)]
        else:
            paras.append(_para(text, first_no, last_no))
    # 一、各支撑机构 beside 二、办公室 in a plan laid out by unit; or 一、组织人事科牵头 beside 二、有关科室,
    # where every heading of the level names units, though none would alone.
    weak: dict[int, str | None] = {}  # read only where a level may be one of units (most items fail at once)

    def weak_head(i: int) -> str | None:
        if i not in weak:
            weak[i] = _unit_head(paras[i].text[paras[i].body :], sibling=True)
        return weak[i]

    unit_levels = {p.level for p in paras if p.unit_head and p.level < _TITLE}
    for level in {p.level for p in paras if p.level < _TITLE} - unit_levels:
        at = [i for i, p in enumerate(paras) if p.level == level]
        if len(at) >= 2 and all(weak_head(i) for i in at):
            unit_levels.add(level)
    for i, p in enumerate(paras):
        if p.unit_head is None and p.level in unit_levels:
            p.unit_head = weak_head(i)
    first = {level: next((i for i, p in enumerate(paras) if p.level == level), None) for level in (3, 4)}
    if first[3] is not None and first[4] is not None and first[4] < first[3]:
        for p in paras:  # 1. over （1）, as GB/T 9704 orders them: this page numbers its items the other way round
            if p.level in (3, 4):
                p.level = 7 - p.level
    for p, q in zip(paras, paras[1:], strict=False):
        if p.level == _NONE and q.level == _TEXT and len(squeeze(p.text)) <= 40 and not TERMINAL.search(fold(p.text)):
            p.level = _TITLE  # 推进决策公开 / 具体内容：… : a block's title printed without a label
        if p.level == _NONE and p.unit_head and fold(p.text).rstrip().endswith(":") and 2 <= q.level < _TITLE:
            p.level = q.level - 1  # 县司法局：over its numbered tasks
        if q.level == _TEXT and q.seq is None and p.level < _TEXT:
            q.seq = p.seq  # the block's number is its text's: 任务一：… / 具体内容：… is task 一
    # The levels at which items carry assignments, per top-level (一、) scope.
    scope, scopes = 0, []
    for p in paras:
        scope += p.level == 1
        scopes.append(scope)
    # An item whose assignment is printed on the next line is assigned too.
    carried = {i for i in range(len(paras) - 1)
               if paras[i].level < _NONE and paras[i + 1].level == _NONE and _own_line_assignment(paras[i + 1])}
    leaf_levels = {p.level for i, p in enumerate(paras) if _assigned(p) or i in carried}
    live_scopes = {scopes[i] for i, p in enumerate(paras) if _assigned(p) or i in carried}
    rows: list[LogicalRow] = []
    heads: list[tuple[int, str, tuple[str | None, str | None, bool] | None]] = []
    for i, p in enumerate(paras):
        nxt = paras[i + 1].level if i + 1 < len(paras) else None
        has_children = p.level < _TEXT and nxt is not None and nxt > p.level and i not in carried
        if p.level < _TEXT:
            heads = [h for h in heads if h[0] < p.level]
        if p.level == _NONE and rows and not rows[-1].units and _own_line_assignment(p):
            # 责任单位：办公室 / （牵头单位：…） printed on a line of its own under its item
            units, deadline = split_bracket(_assignment_text(p))
            rows[-1].units = ((units, "responsible", False),) if units else ()
            rows[-1].deadline_raw = rows[-1].deadline_raw or deadline
            rows[-1].last = p.last
            continue
        if _assigned(p) and _multi(p):
            rows += _segments(p, heads)
            continue
        if _assigned(p):
            before, units, deadline = _single(p)
            req = before[p.body :]
            children = _children(paras, i) if has_children else []
            if p.level < 4 and any(q.level < _NONE for q in children) and not any(_assigned(q) for q in children):
                # （一）做好…（办公室牵头）over items without brackets: a covering heading
                if TERMINAL.search(fold(before).rstrip("—－- ")):
                    rows.append(_row(req, heads, p.seq, units, deadline, p.first, p.last))
                    title = squeeze(before).split("。")[0]
                else:
                    title = squeeze(before)
                heads.append((p.level, title, (units, deadline, False)))
                continue
            if squeeze(req):
                rows.append(_row(req, heads, p.seq, units, deadline, p.first, p.last))
            if has_children:
                heads.append((p.level, squeeze(before).split("。")[0], None))
            continue
        if p.level == _NONE:
            continue
        if has_children:  # a heading; one naming units only gives them to every item under it, at any level
            heads.append((p.level, squeeze(p.text), (p.unit_head, None, True) if p.unit_head else None))
            continue
        covering = next((h[2] for h in reversed(heads) if h[2]), None)
        body = p.text[p.body :]
        if covering and (p.level >= 3 or covering[2]) and squeeze(body):
            # a covering bracket's units are copied down (沿用); a unit heading's are the items' own
            rows.append(_row(body, heads, p.seq, covering[0], covering[1], p.first, p.last, inherited=not covering[2]))
        elif p.level in leaf_levels and scopes[i] in live_scopes and squeeze(body):
            rows.append(_row(body, heads, p.seq, None, None, p.first, p.last))  # an item nobody was assigned
        else:
            heads.append((p.level, squeeze(p.text), None))
    return rows


def _own_line_assignment(p: _Para) -> bool:
    """A paragraph that is nothing but an assignment: a lone bracket or labelled fields."""
    f = fold(p.text).strip()
    if p.spans:
        s, e = p.spans[0]
        return len(p.spans) == 1 and not f[:s].strip() and not f[e:].strip(" 。;")
    return bool(re.match(rf"\s*(?:{UNIT_LABEL})\s*:", f)) and is_responsibility(f.replace("。", ";").rstrip(";"))


def _assignment_text(p: _Para) -> str:
    if p.spans:
        s, e = p.spans[0]
        return p.text[s + 1 : e - 1]
    return re.sub(r"。", "；", p.text.strip()).rstrip("；;")


def _children(paras: list[_Para], i: int) -> list[_Para]:
    out = []
    for q in paras[i + 1 :]:
        if q.level <= paras[i].level:
            break
        out.append(q)
    return out


def _segments(p: _Para, heads: list) -> list[LogicalRow]:
    """One row per bracket of a paragraph; its opening sentence is their section."""
    f = fold(p.text)
    start = p.body
    local = list(heads)
    if p.level < _NONE:
        stop = f.find("。", p.body)
        if 0 <= stop < p.spans[0][0] and squeeze(f[stop + 1 : p.spans[0][0]]):
            local.append((p.level, squeeze(p.text[: stop + 1]), None))
            start = stop + 1
    rows = []
    for s, e in p.spans:
        units, deadline = split_bracket(p.text[s + 1 : e - 1])
        if squeeze(p.text[start:s]):
            rows.append(_row(p.text[start:s], local, None, units, deadline, p.first, p.last))
        start = e
    rest = p.text[start:]
    if squeeze(rest).strip("。;；"):
        rows.append(_row(rest, local, None, None, None, p.first, p.last))
    return rows
