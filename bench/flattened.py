#!/usr/bin/env python3
"""Tables flattened the ways real pages flatten them, generated from the sample key.

The alignment's cell-type weights (ingest/align.py) were set by hand; this
checks them on tables nobody tuned on. Rows come from the hand-checked key of
the five samples (tests/fixtures/gold); each generated plan draws a column
order (序号 labelled or not, deadline before or after units, a status
column), header words from the synonyms, merged cells (the group cell on
the first row of its group only, a unit or deadline cell left out where it
equals the row above), and one of the flattenings: inline pipe rows (with
stray separators, a header split over two lines), a cell per line with `|`
lines, blank lines between cells, no blank lines, or cells run together.
In a fifth of the plans the units are two columns, 牵头单位 | 配合单位 (a row
with no cooperating unit prints / or 无 there). The parser's rows are scored
against what was generated with the same measures as the real development set.

    python bench/flattened.py [--plans 200] [--seed 1] [-v]
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

from zwgk.ingest.patterns import heading_level  # noqa: E402
from zwgk.model.text import fold  # noqa: E402

LAYOUTS = ("pipe-rows", "pipe-rows-stray", "pipe-rows-noheader", "pipe-cells", "blank-lines", "lines", "run-on")
GROUP_WORDS = ("工作任务", "重点任务", "主要任务", "任务")
REQ_WORDS = ("具体要求", "工作要求", "具体内容", "工作措施", "任务内容")
UNIT_WORDS = ("责任单位", "责任科室", "牵头单位", "落实单位", "责任股室")
DEADLINE_WORDS = ("完成时限", "时限要求", "完成时间", "时间节点")
#: Two unit columns: (lead column, cooperating column).
PAIR_WORDS = (("牵头单位", "配合单位"), ("牵头部门", "配合部门"), ("牵头科室", "配合科室"), ("主办单位", "协办单位"))
NONE_CELLS = ("/", "无", "—")
#: A unit cell that says roles itself (办公室牵头，各科室配合), not inside a name (文件起草牵头科室).
OWN_ROLE = re.compile(r"(?:牵头|配合|负责)(?![科处室局办委中股组部单])")
STATUS = ("序时推进。", "已完成。", "正在推进。", "已按要求公开。")


@dataclass
class Row:
    group: str
    requirement: str
    units_raw: str
    units: list[dict]
    deadline: str | None


def _pool() -> list[Row]:
    rows = []
    for r in generated.key_rows():
        if not r["units_raw"] or "|" in r["units_raw"] or "\n" in r["requirement"]:
            continue
        rows.append(Row(r["section"][-1] if r["section"] else "一、其他工作", r["requirement"],
                        r["units_raw"].replace("\n", "；"), r["units"], r["deadline_raw"]))
    return rows


def generate(rng: random.Random, pool: list[Row]) -> tuple[str, list[dict], str]:
    """One plan: (text, expected rows in the key's format, layout)."""
    layout = rng.choice(LAYOUTS)
    n_groups = rng.randint(2, 4)
    # One column holds one style of group heading: 一、… or （一）… or unnumbered phrases.
    styles: dict[int, list[str]] = {}
    for g in sorted({r.group for r in pool}):
        styles.setdefault(heading_level(fold(g)) or 0, []).append(g)
    style = rng.choice(sorted(k for k, v in styles.items() if len(v) >= n_groups))
    groups = rng.sample(styles[style], n_groups)
    seq_col = rng.random() < 0.6
    seq_label = seq_col and rng.random() < 0.5
    dl_col = rng.random() < 0.7
    dl_first = dl_col and rng.random() < 0.25
    status_col = layout != "run-on" and rng.random() < 0.2
    if layout == "run-on":
        seq_col, seq_label, dl_col, dl_first = True, False, False, False
    pair = layout not in ("run-on", "pipe-rows-noheader") and rng.random() < 0.2
    header = [rng.choice(GROUP_WORDS)] + (["序号"] if seq_label else []) + [rng.choice(REQ_WORDS)]
    unit_words = list(rng.choice(PAIR_WORDS)) if pair else [rng.choice(UNIT_WORDS)]
    dl_words = [rng.choice(DEADLINE_WORDS)] if dl_col else []
    header += dl_words + unit_words if dl_first else unit_words + dl_words
    if status_col:
        header.append("落实情况")
    lead_column = not pair and header[-1 - status_col - dl_col if not dl_first else -1 - status_col].startswith("牵头")
    printed: list[list[str]] = []
    expected: list[dict] = []
    seq = 0
    for group in groups:
        members = rng.sample(pool, rng.randint(2 if layout.endswith("noheader") else 1, 4))
        prev_units = prev_dl = None
        for i, row in enumerate(members):
            seq += 1
            units_raw, units = row.units_raw, row.units
            if i and rng.random() < 0.3:  # the unit cell merged down from the row above
                units_raw, units = prev_units
            deadline = row.deadline or rng.choice(["年底前", "持续推进", "6月底前", "全年"])
            if i and rng.random() < 0.2:
                deadline = prev_dl
            cells = [group] if i == 0 else []
            if seq_col:
                cells.append(str(seq))
            cells.append(row.requirement)
            merged_units = i and (units_raw, units) == prev_units and layout.startswith("pipe-rows")
            merged_dl = i and deadline == prev_dl and layout.startswith("pipe-rows")
            unit_cells = [] if merged_units else [units_raw]
            if pair:  # the units as two cells: who leads (or is responsible), who cooperates
                merged_units = False
                firsts = [u["name"] for u in units if u["role"] != "cooperate"]
                helpers = [u["name"] for u in units if u["role"] == "cooperate"]
                unit_cells = ["、".join(firsts), "、".join(helpers) or rng.choice(NONE_CELLS)]
            dl_cells = [] if (merged_dl or not dl_col) else [deadline]
            cells += (dl_cells + unit_cells) if dl_first else (unit_cells + dl_cells)
            if status_col:
                cells.append(rng.choice(STATUS))
            printed.append(cells)
            role = "lead" if lead_column and not layout.endswith("noheader") else None
            expected.append({
                "section": [group], "requirement": row.requirement,
                "units": [{"name": u["name"], "role": ("cooperate" if u["role"] == "cooperate" else "lead") if pair else
                           role if role and u["role"] == "responsible" and not OWN_ROLE.search(units_raw) else u["role"]}
                          for u in units],
                "deadline_raw": deadline if dl_col else None,
            })
            prev_units, prev_dl = (units_raw, units), deadline
    title = f"某{rng.choice(['县', '市', '区'])}{rng.choice(['教育局', '民政局', '人民政府办公室'])}2023年政务公开重点工作任务分工"
    end = "【打印本页】【关闭窗口】"
    if layout.startswith("pipe-rows"):
        stray = " | ||" if layout.endswith("stray") else " |"
        if layout.endswith("noheader"):  # a page that starts inside the table
            head = []
        elif rng.random() < 0.3:
            head = [" | ".join(header[:2]), "| " + " | ".join(header[2:]) + " |"]
        else:
            head = [" | ".join(header) + stray]
        lines = [title, *head, *(" | ".join(c) + stray for c in printed), end]
    elif layout == "pipe-cells":
        lines = [title] + [x for c in header + [c for r in printed for c in r] for x in (c, "|")] + [end]
    elif layout == "blank-lines":
        lines = [title, ""] + [x for c in header + [c for r in printed for c in r] for x in (c, "")] + [end]
    elif layout == "lines":
        lines = [title, *header, *(c for r in printed for c in r), end]
    else:
        lines = [title + "".join(header) + "".join("".join(r) for r in printed)]
    return "\n".join(lines), expected, layout


def main(argv: list[str] | None = None) -> int:
    return generated.main(generate, _pool(), __doc__ or "", 200, argv)


if __name__ == "__main__":
    sys.exit(main())
