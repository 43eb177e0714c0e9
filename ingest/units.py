"""Parse a 责任单位 cell into (unit, role, aspect) triples.

Unit cells are free prose, not lists: role words close a group of units
(`各处室负责，办公室配合`), some role words sit between units (`A会B负责`,
`A牵头B`), `X：` prefixes carry either a role (`牵头单位：`) or an aspect
(`内容安全：`), and unit names themselves contain role-ish words
(`文件起草牵头科室`, `委员会`). Matching runs on `fold(raw)`, which is
length-preserving, so every span found there slices the printed name out of
`raw` unchanged (Traditional characters and full-width marks included).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from zwgk.ingest.patterns import BARE_LEVEL, LEVEL_CHARS, NONE_CELLS
from zwgk.model.plan import Responsibility
from zwgk.model.roles import Role
from zwgk.model.text import fold, squeeze

__all__ = ["parse_units", "is_unit_name"]

# After fold(): ，；：（） are ASCII already; 、 and 。 are not.
_SOFT = set("、 \t\u3000\u00a0/")  # between units of one role group
_HARD = set(",;\n\r。")  # also closes a group that printed no role word
_BOUNDARY = _SOFT | _HARD | set("()")

# Last characters of a complete unit name. A role word *inside* a piece only
# counts when the text before it could be a whole unit (`办公室负责各科室配合`),
# which is what keeps 承担市政府…的科室 and 协同创新中心 whole.
_UNIT_END = set("处科室局馆心办委厅院校站所队部组构位门司团府股会")
_ROLE_AFTER = _UNIT_END | set("镇乡道区县市学村等")

_PREFIX = r"(?:分别|共同|具体|积极|主要|各自|参照|按照?(?:各自)?(?:职责|职能)(?:分工)?|按分工)*"
_PRIMARY = r"(?:牵头|负责|落实|配合|协助|协同|协办|参与|承担|主办|主责)"
_TAIL = r"(?:落实|实施|推进|组织|办理|负责|完成)*"
_ROLE = re.compile(_PREFIX + _PRIMARY + _TAIL)
_BRACKET_ROLE = re.compile(r"\(\s*" + _PREFIX + _PRIMARY + _TAIL + r"\s*\)")
# 会 / 会同 between two units means "leads, together with"; 会计 会议 会商 … are words.
_HUI = re.compile(r"会同|会(?![计议商签谈考务员场所展馆长堂])")
# `…牵头科室` names a unit (the office that drafts the document), not a lead role.
_LEAD_NAME = re.compile(r"(?:科室|单位|部门|处室|机构|股室)|[处科室局股](?=$|[、 ,;\n。()])")

_LABEL = re.compile(r"(?:^|(?<=[,;\n( \t]))[ \t]*([^,;:\n、() \t]{1,12}?)[ \t]*:(?=[ \t]*[^\s,;、])")
#: A label over people, not units (责任领导：张三, 分管领导：王某某): what follows it names no unit.
_PERSON_LABEL = re.compile(r"(?:领导|责任人|负责人|联系人|承办人|经办人)$")
_ROLE_LABEL = re.compile(
    r"(牵头|主办|责任|负责|承办|主责|配合|协办|协助|参与|协同)(?:单位|科室|部门|处室|主体|机构|股室)?"
    r"|(?:牵头|责任)?(?:落实|承担)(?:单位|科室|部门|处室|主体|机构|股室)"  # 落实单位, 牵头落实单位
)

_LEAD_WORDS = ("牵头", "主办")
_COOPERATE_WORDS = ("配合", "协助", "协同", "协办", "参与")


def _role_of(phrase: str) -> Role:
    """The role a (folded) role phrase or label expresses; 牵头 beats the rest."""
    if any(w in phrase for w in _LEAD_WORDS):
        return Role.lead
    if any(w in phrase for w in _COOPERATE_WORDS):
        return Role.cooperate
    return Role.responsible


def _prev_char(f: str, i: int, start: int) -> str:
    """The last non-space character before i, or '' at the start of a section."""
    j = i - 1
    while j >= start and f[j] in " \t\u3000\u00a0":
        j -= 1
    return f[j] if j >= start else ""


def _at_boundary(f: str, j: int, end: int) -> bool:
    """A role word that ends its piece is a marker wherever the piece started."""
    return j >= end or f[j] in _BOUNDARY


def _marker(f: str, i: int, start: int, end: int) -> tuple[str, int, str] | None:
    """A separator or role marker starting at i: (kind, next index, role)."""
    c = f[i]
    if c in _SOFT:
        return ("enum" if c == "、" else "soft", i + 1, "")
    if c in _HARD:
        return ("hard", i + 1, "")
    if m := _BRACKET_ROLE.match(f, i, end):
        return ("role", m.end(), _role_of(m.group()))
    prev = _prev_char(f, i, start)
    if m := _ROLE.match(f, i, end):
        phrase = m.group()
        if phrase.endswith("牵头") and _LEAD_NAME.match(f, m.end(), end):
            return None
        if _at_boundary(f, m.end(), end) or prev in _ROLE_AFTER:
            return ("role", m.end(), _role_of(phrase))
    if m := _HUI.match(f, i, end):
        if _at_boundary(f, m.end(), end):
            return None
        if (m.group() == "会同" and prev and prev not in _BOUNDARY) or prev in _UNIT_END:
            return ("role", m.end(), Role.lead)
    return None


#: A name's last character before `等…`: the listing goes on in general words
#: (税务局等部门, 住建局等政府有关部门, 海事局等), which name no unit of their own.
_ETC_AFTER = set("处科室局馆心办委厅院校站所队部组构位门司团府股会")
#: An aside inside a unit cell (以下统称各县（区）政府) names no unit of its own.
_ASIDE = re.compile(r"(?:以下|下同|以下简称|以下统称)")
#: Role words cut short by the end of a page: 按职责分工落, 按职能分, 分别负.
#: A mark after a name that singles out the lead unit (县政府办*、县直各单位 with 注：标*的为牵头单位).
_LEAD_MARK = "*★☆"
_CUT_ROLE = re.compile(r"(?<=[处科室局馆心办委厅院校站所队部组构位门司团府股会])(?:按照?(?:职责|职能)分?工?[落负]?|分别负?|负)$")
_OPEN_BR, _CLOSE_BR = "(〔[【", ")〕]】"


def _closing(f: str, i: int, end: int) -> int | None:
    """Index of the bracket closing the one at i (nesting counted), or None."""
    depth = 0
    for j in range(i, end):
        if f[j] in _OPEN_BR:
            depth += 1
        elif f[j] in _CLOSE_BR:
            depth -= 1
            if depth == 0:
                return j
    return None


def _trim(f: str, s: int, e: int) -> tuple[int, int]:
    """Shrink a piece to its name: no edge spaces, 由…, …等, or stray brackets."""
    while True:
        before = (s, e)
        while s < e and f[s].isspace():
            s += 1
        while e > s and f[e - 1].isspace():
            e -= 1
        if s < e and f[s] == "由":
            s += 1
        if e > s and f[e - 1] in "等:" + _LEAD_MARK:
            e -= 1
        if m := _CUT_ROLE.search(f, s, e):  # 医保中心按职责分工落 (a page cut in the role words)
            e = m.start()
        etc = f.find("等", s + 2, e)
        if etc != -1 and f[etc - 1] in _ETC_AFTER:  # 区发改委等相关区直部门 → 区发改委
            e = etc
        piece = f[s:e]
        if piece.startswith("(") and (")" not in piece or piece.endswith(")") and piece.count("(") == 1):
            s += 1
        elif piece.endswith(")") and "(" not in piece:
            e -= 1
        if (s, e) == before:
            return s, e


def _tokens(f: str, start: int, end: int) -> list[tuple[str, int, int, str]]:
    """Pieces, separators and role markers of one section, level words glued on."""
    toks: list[tuple[str, int, int, str]] = []

    def add_piece(s: int, e: int) -> None:
        s, e = _trim(f, s, e)
        if s >= e or _ASIDE.match(f, s):
            return
        # piece(县) enum(、) piece(区教育局) → one piece spanning all three.
        if len(toks) >= 2 and toks[-1][0] == "enum" and toks[-2][0] == "piece":
            ps, pe = toks[-2][1], toks[-2][2]
            if f[s] in LEVEL_CHARS and BARE_LEVEL.fullmatch(f[ps:pe].rsplit("、", 1)[-1]):
                del toks[-2:]
                s = ps
        toks.append(("piece", s, e, ""))

    piece, i = None, start
    while i < end:
        hit = _marker(f, i, start, end)
        if hit is None:
            # Nothing inside a closed bracket that follows a name's start splits
            # it: 各县（市、区）政府, 市府办〔市大数据局〕.
            close = _closing(f, i, end) if piece is not None and f[i] in _OPEN_BR else None
            piece = i if piece is None else piece
            i = close + 1 if close is not None else i + 1
            continue
        kind, nxt, role = hit
        if piece is not None:
            add_piece(piece, i)
            piece = None
        if kind in ("soft", "enum") and toks and toks[-1][0] in ("soft", "enum"):
            kind = "enum" if "enum" in (kind, toks[-1][0]) else "soft"
            toks.pop()
        toks.append((kind, i, nxt, role))
        i = nxt
    if piece is not None:
        add_piece(piece, end)
    return toks


def _sections(raw: str, f: str) -> Iterator[tuple[int, int, str | None, str]]:
    """Split at `X：` labels into (start, end, aspect, default role) spans."""
    aspect: str | None = None
    default, pos = "responsible", 0
    for m in _LABEL.finditer(f):
        yield pos, m.start(), aspect, default
        label = squeeze(m.group(1))
        if _PERSON_LABEL.search(label):
            aspect, default = None, "person"
        elif _ROLE_LABEL.fullmatch(label):
            default = _role_of(label)
        else:
            aspect, default = raw[m.start(1) : m.end(1)].strip(), "responsible"
        pos = m.end()
    yield pos, len(f), aspect, default


#: How a whole unit name ends (or starts: 各科室, 有关单位) — a name cut by the page does not.
_NAME_SHAPE = re.compile(
    r"(?:科室|处室|单位|部门|机构|中心|学校|委员会|办公室|政府|街道|乡镇|股室|机关|管委会|领导小组|专班|"
    r"[科处室局委办厅馆所站队院校组部会司署社台团股])$|^(?:各|有关|相关|其他)"
)


def is_unit_name(name: str) -> bool:
    """True when a name ends like a unit (办公室, 市教育局, 各县（区）政府)."""
    f = squeeze(fold(name))
    return bool(_NAME_SHAPE.search(f) or _NAME_SHAPE.search(re.sub(r"[(〔][^()〔〕]*[)〕]$", "", f)))


def _names_one(piece: str) -> bool:
    """Whether a piece of a unit cell names a unit: not 无 and the like, not dashes or slashes alone."""
    return piece not in NONE_CELLS and bool(re.search(r"\w", piece))


@lru_cache(maxsize=16384)
def parse_units(raw: str | None) -> tuple[Responsibility, ...]:
    """Every (unit, role, aspect) a unit cell names, in printed order, deduplicated.

    Cached: the same cell text comes back for every row that prints it (and the parser reads each
    cell twice, weighing the layout and then taking its units); the result is immutable.

    A group of units takes the role word that closes it; a group closed by a
    comma, semicolon, line break or the cell's end takes the label's role, or
    `responsible` (a bare listing) when there is no label.
    """
    if not raw or not raw.strip():
        return ()
    f = fold(raw)
    out: list[Responsibility] = []
    for start, end, aspect, default in _sections(raw, f):
        if default == "person":
            continue
        group: list[tuple[int, int]] = []
        for kind, s, e, role in [*_tokens(f, start, end), ("hard", end, end, "")]:
            if kind == "piece":
                group.append((s, e))
            elif kind in ("role", "hard"):
                out.extend(Responsibility(raw[a:b], Role.lead if f[b:b + 1] in tuple(_LEAD_MARK) else role or default,
                                          aspect) for a, b in group if _names_one(squeeze(f[a:b])))
                group = []
    return tuple(dict.fromkeys(out))
