"""Header cells → column roles.

Plans name the same column many ways (工作任务/重点任务/工作内容…). The
synonym lists below are the whole vocabulary; matching is on the folded,
squeezed cell so letter-spaced (具  体  要  求) and Traditional headers match.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import zip_longest

from zwgk.model.roles import Role
from zwgk.model.text import fold_key, squeeze

__all__ = ["Column", "header_role", "is_header_row", "unit_column_role", "wrapped_header", "SYNONYMS"]


@dataclass(frozen=True)
class Column:
    """What a column holds: seq, section, requirement, units, deadline or extra."""

    role: str
    label: str = ""
    #: For unit columns: the role a bare listing in this column gets (牵头单位 → lead).
    unit_role: str = "responsible"


SYNONYMS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号", "序"),
    "section": (
        "工作任务", "重点任务", "目标任务", "工作内容", "任务", "主要任务", "任务名称", "工作项目",
        "项目", "类别", "工作事项", "重点工作", "任务事项", "工作类别", "工作重点", "主要工作",
        "一级任务", "二级任务", "任务分类", "板块", "内容",
    ),
    "requirement": (
        "具体要求", "工作要求", "主要内容", "细化分工", "工作措施", "具体措施", "任务要求", "具体内容",
        "具体任务", "落实措施", "工作举措", "主要措施", "任务内容", "具体工作", "重点工作任务",
        "具体工作任务", "工作任务及要求", "目标要求", "具体事项", "细化任务", "措施", "工作目标", "主要目标",
        "落实举措", "推进举措", "重点举措",
    ),
    "units": (
        "责任单位", "责任科室", "责任处室", "牵头单位", "配合单位", "责任主体", "负责科室", "责任部门",
        "牵头科室", "配合科室", "牵头部门", "配合部门", "牵头处室", "配合处室", "承办单位", "主办单位",
        "协办单位", "责任股室", "负责单位", "负责部门", "负责处室", "落实单位", "实施主体", "责任分工",
        "牵头领导及科室", "责任科（室）", "责任科室（单位）", "参与单位", "协同单位", "责任单位（部门）",
        "职责分工", "承担单位", "实施单位", "牵头责任单位", "责任处", "责任科", "责任股", "牵头处", "牵头科",
        "协助单位", "协助部门", "协助科室", "协作单位", "协同部门", "参与部门", "参与科室",
        "主责单位", "主责部门", "主责科室", "主责处室",
    ),
    "deadline": (
        "完成时限", "时限要求", "完成时间", "时限", "完成期限", "进度安排", "时间节点", "时间安排",
        "完成时间节点", "推进时限", "办结时限", "时间", "期限", "完成节点",
    ),
    "extra": ("备注", "完成情况", "进展情况", "责任领导", "分管领导", "责任人", "联系人", "落实情况", "说明",
              "分值", "分数", "权重", "得分", "评分标准", "评分细则", "评分办法", "考核标准", "扣分标准", "考核方式",
              "考核方法", "评分方法", "督办单位", "督导单位", "督查单位", "预期成果", "完成标准", "工作标准", "成果形式",
              "验收标准"),
}

_LOOKUP = {fold_key(word): role for role, words in SYNONYMS.items() for word in words}


def unit_column_role(label: str) -> Role:
    """牵头… columns make bare listings leads, 配合/协办/参与… columns cooperators."""
    key = fold_key(label)
    if key.startswith(("牵头", "主办", "主责")):  # 主责单位 beside 协同单位: the one mainly answerable
        return Role.lead
    if key.startswith(("配合", "协办", "参与", "协同", "协助", "协作")):
        return Role.cooperate
    return Role.responsible


#: Words that give a header its role when it is not one of the synonyms above
#: (责任单位（部门）, 具体工作措施, 完成时间节点, 牵头单位及责任人), in the order they are tried.
_CONTAINS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("seq", ("序号",)),
    ("extra", ("备注", "完成情况", "进展", "落实情况")),
    ("deadline", ("时限", "时间", "期限", "进度")),
    ("units", ("责任", "牵头", "配合", "协办", "协助", "主办", "主责", "承办", "负责", "落实")),
    ("requirement", ("要求", "措施", "举措", "内容", "细化")),
    ("section", ("任务", "项目", "事项", "类别", "指标")),
)


#: One column titled for the units and their deadline (责任单位及完成时限, 责任部门/完成时间).
_UNITS_AND_TIME = re.compile(r"(?:单位|部门|科室|处室|股室|主体).{0,3}(?:完成)?(?:时限|时间|期限)$")
_UNIT_HEADER_ENDS = ("单位", "部门", "科室", "处室", "股室", "主体", "责任人", "领导", "分工", "机构")
#: A column of people (牵头领导, 分管局领导, 具体责任人): no unit word in it.
_PERSON_HEADER = re.compile(r"^(?!.*(?:单位|部门|科室|处室|股室|机构)).*(?:领导|责任人|负责人|联系人|承办人)$")


def header_role(cell: str) -> str | None:
    """The role a header cell names, or None when it is not a header word."""
    folded = fold_key(cell)
    key = folded.strip("()（）:：")
    if not key or len(key) > 12:
        return None
    role = _LOOKUP.get(key)
    if role is None and "(" in folded:  # 责任处（室） as 责任处
        role = _LOOKUP.get(re.sub(r"\([^()]*\)", "", folded).strip(":"))
    if role is None and _UNITS_AND_TIME.search(key):
        return "units"  # 责任单位及完成时限: one column for both; the parser takes the date off the unit cell
    if role or not 3 <= len(key) <= 8 or any(p in key for p in "，。；,;") or key.endswith(("表", "方案", "通知", "要点")):
        return role  # long cells and titles (某局政务公开任务分解表) are not column titles
    role = next((name for name, words in _CONTAINS if any(w in key for w in words)), None)
    if role == "units" and _PERSON_HEADER.search(key):
        return "extra"  # 牵头领导, 分管局领导: people, not units
    if role == "units" and not key.split("(")[0].endswith(_UNIT_HEADER_ENDS):
        return None  # 办公室牵头, 各科室负责: a unit cell, not a column title
    return role


def is_header_row(cells: list[str]) -> bool:
    """A row is a header when most of its non-empty cells are header words, two at least,
    and one of them names the requirement, task or unit column."""
    filled = [c for c in cells if c and c.strip()]
    roles = [header_role(c) for c in filled]
    known = [r for r in roles if r]
    if len(known) < 2 or len(known) * 2 < len(filled):
        return False
    return any(r in ("requirement", "section", "units") for r in known)


def wrapped_header(texts: list[list[str]]) -> int | None:
    """A header whose titles wrapped onto a second line (工作 | 责任 | 完成 over 任务 | 单位 | 时限), as narrow
    columns print them: the two rows read cell by cell as one. The index of the second, which then holds the
    joined titles; None when no two short rows make a header."""
    for i in range(min(len(texts) - 1, 11)):
        top, below = texts[i], texts[i + 1]
        if not any(top) or not any(below) or any(len(squeeze(c)) > 6 for c in top + below):
            continue
        best: tuple[int, list[str]] | None = None
        # A second line with fewer cells left the first ones blank (序号 has no second line): align it right too.
        for under in (below, [""] * (len(top) - len(below)) + below):
            if any(a and b and header_role(a) for a, b in zip(top, under, strict=False)):
                continue  # a title over the two it spans (责任单位 over 牵头单位 | 配合单位): the two-line header below
            joined = [squeeze(a) + squeeze(b) for a, b in zip_longest(top, under, fillvalue="")]
            known = [sum(1 for c in r if c and header_role(c)) for r in (top, under, joined)]
            if is_header_row(joined) and known[2] > max(known[:2]) and (best is None or known[2] > best[0]):
                best = known[2], joined
        if best is not None:
            texts[i + 1] = best[1]
            return i + 1
    return None
