#!/usr/bin/env python3
"""Prose plans written the ways real pages write them, generated from the sample key.

`flattened.py` checks tables nobody tuned on; this does the same for plans
printed as prose: numbered items under numbered headings, each item's units
and deadline given in one of the conventions bureaus use — a trailing
bracket (bare units, labels, 牵头/负责/配合 phrases, a deadline field or
phrase inside), label lines under the item, labels run on after its text,
a closing dash, blocks of labelled fields (任务一：/具体内容：), the units
in a bracket before the text (1.【县司法局】完善…), or the items grouped
under each unit's name. Some plans nest （一） headings under
一、, open each item with a short title sentence, print brackets as 【】, or
name a leader (责任领导：…) or the deadline before the units. Rows come from
the hand-checked key of the five samples (tests/fixtures/gold); punctuation
(full or half width), separators and label words are drawn at random, and
names with brackets (县（区）) are left out. The parser's rows
are scored against what was generated with the development set's measures.

    python bench/prose.py [--plans 300] [--seed 1] [-v]
"""
from __future__ import annotations

import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generated  # noqa: E402

STYLES = ("bracket-bare", "bracket-labels", "bracket-roles", "bracket-phrase", "label-lines",
          "label-run-on", "dash", "fields", "by-unit", "units-first")
NUMERALS = "一二三四五六七八九十"
GROUPS = ("推进决策公开", "深化政策解读", "加强政务公开平台建设", "做好依申请公开工作", "强化组织保障",
          "推进基层政务公开标准化规范化", "加强重点领域信息公开", "优化政务服务")
SUBGROUPS = ("做好政策解读", "推进决策公开", "加强平台建设", "规范依申请公开", "强化监督考核", "做好信息发布",
             "加强舆情回应", "推进数据开放")
TITLES = ("推进预决算公开", "做好政策解读", "规范公开目录", "加强培训", "完善工作机制", "强化监督检查")
LEADERS = ("责任领导", "分管领导", "牵头领导")
DEADLINES = ("2023年6月底前", "6月底前", "年底前", "持续推进", "长期坚持", "2023年12月31日前", "9月30日前",
             "三季度末", "全年")
RESP_LABELS = ("责任单位", "责任科室", "落实单位", "责任股室")
DEADLINE_LABELS = ("完成时限", "完成时间", "时间节点", "时限要求")


@dataclass
class Row:
    requirement: str
    units: list[dict]  # [{name, role}], roles lead / responsible / cooperate


def _pool() -> list[Row]:
    """Key rows whose units can be printed again unambiguously (no 、, bracket or role word inside a name),
    with one task to a requirement (no 1.…；2.… inside, no bracket closing it)."""
    rows = []
    for r in generated.key_rows():
        req, names = r["requirement"], [u["name"] for u in r["units"]]
        if (not names or "\n" in req or len(req) < 8 or req.endswith(("）", ")"))
                or re.search(r"[；;。]\s*[0-9０-９]+[、.．]", req)
                or any("、" in n or "（" in n or "(" in n or any(w in n for w in ("牵头", "负责", "配合", "等")) for n in names)):
            continue
        rows.append(Row(req, [{"name": u["name"], "role": u["role"]} for u in r["units"]]))
    return rows


def _units_text(rng: random.Random, units: list[dict], style: str, colon: str, sep: str) -> str:
    """The units as printed inside a bracket or after a label, in the style's words."""
    by_role: dict[str, list[str]] = {}
    for u in units:
        by_role.setdefault(u["role"], []).append(u["name"])
    if style == "bracket-labels" or (style == "label-lines" and len(by_role) > 1):
        words = {"lead": "牵头单位", "responsible": rng.choice(RESP_LABELS), "cooperate": "配合单位"}
        return sep.join(f"{words[r]}{colon}{'、'.join(by_role[r])}" for r in ("lead", "responsible", "cooperate")
                        if r in by_role)
    if set(by_role) == {"responsible"}:
        names = "、".join(by_role["responsible"])
        return names if style != "bracket-roles" else names + rng.choice(("负责", "按职责分工负责", "负责落实"))
    words = {"lead": "牵头", "responsible": "负责", "cooperate": "配合"}
    return "，".join("、".join(by_role[r]) + words[r] for r in ("lead", "responsible", "cooperate") if r in by_role)


def generate(rng: random.Random, pool: list[Row]) -> tuple[str, list[dict], str]:
    """One plan: (text, expected rows in the key's format, style)."""
    style = rng.choice(STYLES)
    colon = rng.choice(("：", ":"))
    sep = rng.choice(("；", "，", ";", " "))
    opening, closing = rng.choice((("（", "）"), ("(", ")")))
    enum_style = rng.choice(("{}.", "{}．", "（{}）", "{}、", "（{cn}）", "{circled}"))  # one numbering for the plan's items
    lines = [f"某{rng.choice(['县', '市', '区'])}{rng.choice(['教育局', '民政局', '人民政府办公室'])}"
             "2023年政务公开工作要点任务分工", ""]
    expected: list[dict] = []
    groups = rng.sample(GROUPS, rng.randint(2, 4))
    nested = style != "fields" and rng.random() < 0.3  # 一、 over （一） over the items
    if nested and enum_style == "（{cn}）":  # items under （一） headings are numbered 1. or （1）, not （一）
        enum_style = "（{}）"
    if nested and enum_style == "（{}）" and rng.random() < 0.5:
        enum_style = "{}."
    titled = style.startswith("bracket") and rng.random() < 0.25  # （1）推进预决算公开。text…（units）
    brace = style == "bracket-labels" and rng.random() < 0.15
    if brace:
        opening, closing = "【", "】"
    if style == "by-unit":
        lines.append("各单位要按照分工，认真抓好落实。")
        names = sorted({u["name"] for r in pool for u in r.units})
        for gi, name in enumerate(rng.sample(names, rng.randint(2, 4))):
            role_word = rng.choice(("", "牵头", "负责"))
            lines.append(f"{NUMERALS[gi]}、{name}{role_word}")
            for k, row in enumerate(rng.sample(pool, rng.randint(1, 4)), 1):
                lines.append(f"{k}.{row.requirement}")
                expected.append({"section": [f"{NUMERALS[gi]}、{name}{role_word}"], "requirement": row.requirement,
                                 "units": [{"name": name, "role": "lead" if role_word == "牵头" else "responsible"}],
                                 "deadline_raw": None})
        lines.append("")
        return "\n".join(lines), expected, style
    items: list[tuple[list[str], str, int, Row]] = []  # (section, group, number, row)
    for gi, group in enumerate(groups):
        heading = f"{NUMERALS[gi]}、{group}"
        subs = rng.sample(SUBGROUPS, rng.randint(1, 2)) if nested else [None]
        for si, sub in enumerate(subs):
            section = [heading] if sub is None else [heading, f"（{NUMERALS[si]}）{sub}"]
            items += [(section, group, k, row) for k, row in enumerate(rng.sample(pool, rng.randint(1, 4)), 1)]
    printed: set[tuple[str, ...]] = set()
    for section, group, k, row in items:
        for depth, head in enumerate(section, 1):
            if tuple(section[:depth]) not in printed:
                lines.append(head)
                printed.add(tuple(section[:depth]))
        deadline = rng.choice(DEADLINES) if rng.random() < 0.7 else None
        units = _units_text(rng, row.units, style, colon, sep)
        enum = enum_style.format(k, cn=NUMERALS[k - 1], circled="①②③④⑤⑥⑦⑧⑨⑩"[k - 1])
        text = row.requirement
        if titled:
            text = f"{rng.choice(TITLES)}。{text}"
        if style.startswith("bracket"):
            inside = units
            if deadline and style == "bracket-phrase":
                inside = f"{units}，{deadline}{'完成' if '前' in deadline else ''}"
            elif deadline and style == "bracket-labels" and rng.random() < 0.3:
                inside = f"{rng.choice(DEADLINE_LABELS)}{colon}{deadline}{sep}{units}"  # the deadline first
            elif deadline:
                inside = f"{units}{sep}{rng.choice(DEADLINE_LABELS)}{colon}{deadline}"
            if style == "bracket-labels" and rng.random() < 0.2:  # a person first, who is no unit
                inside = f"{rng.choice(LEADERS)}{colon}{rng.choice(['张副县长', '李局长', '王主任'])}{sep}{inside}"
            lines.append(f"{enum}{text}{opening}{inside}{closing}")
        elif style == "label-lines":
            lines.append(f"{enum}{text}")
            label = "" if any(units.startswith(w) for w in ("牵头单位", "配合单位", *RESP_LABELS)) \
                else rng.choice(RESP_LABELS) + colon
            lines.append(label + units)
            if deadline:
                lines.append(f"{rng.choice(DEADLINE_LABELS)}{colon}{deadline}")
        elif style == "label-run-on":
            tail = f"{rng.choice(RESP_LABELS)}{colon}{_units_text(rng, row.units, 'bracket-bare', colon, sep)}"
            if deadline:
                tail += f"{sep}{rng.choice(DEADLINE_LABELS)}{colon}{deadline}"
            lines.append(f"{enum}{text}{tail}")
        elif style == "units-first":  # 1.【县司法局】完善… · 1.（县政府办公室牵头）做好…
            first_open, first_close = rng.choice((("【", "】"), ("（", "）")))
            lines.append(f"{enum}{first_open}{_units_text(rng, row.units, 'bracket-bare', colon, sep)}{first_close}{text}")
            deadline = None
        elif style == "dash":
            lines.append(f"{enum}{text}——{_units_text(rng, row.units, 'bracket-bare', colon, sep)}")
            deadline = None
        else:  # fields
            title = f"任务{NUMERALS[len(expected) % 10]}{colon}{group}第{k}项"
            lines.append(title)
            lines.append(f"具体内容{colon}{text}")
            lines.append(f"{rng.choice(RESP_LABELS)}{colon}{_units_text(rng, row.units, 'bracket-bare', colon, sep)}")
            if deadline:
                lines.append(f"{rng.choice(DEADLINE_LABELS)}{colon}{deadline}")
        expected.append({"section": section + ([title] if style == "fields" else []),
                         "requirement": text, "units": row.units, "deadline_raw": deadline})
    lines += ["", "某县人民政府办公室", "2023年3月1日"]
    return "\n".join(lines), expected, style


def main(argv: list[str] | None = None) -> int:
    return generated.main(generate, _pool(), __doc__ or "", 300, argv)


if __name__ == "__main__":
    sys.exit(main())
