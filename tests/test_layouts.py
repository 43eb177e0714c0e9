"""Every layout a plan survives conversion to text in, one small fixture each.

Each `tests/fixtures/layouts/X.txt` has an `X.expected.json` beside it with the
rows a reader must get back: section path, 序号, requirement, units (name,
role, inherited) and the printed deadline.
"""
from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from zwgk.ingest.parser import parse_file
from zwgk.ingest.records import task_records

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"
CASES = sorted(p for p in LAYOUTS.glob("*.txt") if p.with_suffix(".expected.json").exists())


def _row(record: dict) -> dict:
    return {
        "seq": record["seq"],
        "section": [re.sub(r"\s", "", s) for s in record["section"]],
        "requirement": re.sub(r"\s", "", record["requirement"]),
        "units": [[u["name"], u["role"], u["inherited"]] for u in record["units"]],
        "deadline_raw": record["deadline_raw"],
    }


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_layout_fixture_parses_to_its_expected_rows(path: Path):
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    for row in expected:
        row["requirement"] = re.sub(r"\s", "", row["requirement"])
    assert [_row(r.to_json()) for r in task_records(parse_file(path))] == expected


def test_every_fixture_has_its_expected_rows():
    assert len(CASES) == len(list(LAYOUTS.glob("*.txt")))


# What another copy of the same page may look like; the rows must not change.
CHROME_ABOVE = "当前位置：首页 > 政务公开 > 计划总结\n【字体：大 中 小】 打印本页 关闭窗口\n"
CHROME_BELOW = "\n【打印本页】 【关闭窗口】\n上一篇：关于某某的通知\n网站声明 | 网站地图 | 联系我们\n主办单位：某某人民政府办公室 网站标识码：0000000000\n"


def _tabbed(text: str) -> str:
    """As a browser copies a web table: tabs between the cells of a row, no bars (a row under a rowspan
    prints fewer cells), no markdown rule line."""
    return "\n".join("\t".join(c.strip() for c in line.strip().strip("|").split("|")).strip() if "|" in line else line
                     for line in text.split("\n") if not re.fullmatch(r"[\s|:\-]*-[\s|:\-]*", line))


def _square_brackets(text: str) -> str:
    """The responsibility brackets printed as 【…】: （办公室牵头，各股室配合） → 【办公室牵头，各股室配合】."""
    return re.sub(r"[（(]([^（）()]*(?:牵头|负责|配合|科室|部门|单位)[^（）()]*)[）)]", r"【\1】", text)


VARIANTS = {
    "with site chrome around": lambda text: CHROME_ABOVE + text + CHROME_BELOW,
    "with full-width bars": lambda text: text.replace("|", "｜"),
    "copied from a browser": _tabbed,
    "with 【】 responsibility brackets": _square_brackets,
}
#: Which fixtures a variant applies to (the rest: all).
APPLIES = {
    "with full-width bars": lambda text: "|" in text,
    "copied from a browser": lambda text: "|" in text,
    "with 【】 responsibility brackets": lambda text: _square_brackets(text) != text and "|" not in text and "\t" not in text,
}


COPIES = [(path, variant) for path in CASES for variant in VARIANTS
          if APPLIES.get(variant, lambda text: True)(path.read_text(encoding="utf-8"))]


@pytest.mark.parametrize(("path", "variant"), COPIES, ids=[f"{p.stem} {v}" for p, v in COPIES])
def test_another_copy_of_the_page_parses_to_the_same_rows(path: Path, variant: str, tmp_path: Path):
    copy = tmp_path / path.name
    copy.write_text(VARIANTS[variant](path.read_text(encoding="utf-8")), encoding="utf-8")
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    for row in expected:
        row["requirement"] = re.sub(r"\s", "", row["requirement"])
    assert [_row(r.to_json()) for r in task_records(parse_file(copy))] == expected


@functools.cache
def _t2s() -> Callable[[str], str]:
    import opencc
    return opencc.OpenCC("t2s").convert


def _simplified(value: object) -> object:
    if isinstance(value, str):
        return _t2s()(value)
    if isinstance(value, list):
        return [_simplified(v) for v in value]
    if isinstance(value, dict):
        return {k: _simplified(v) for k, v in value.items()}
    return value


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_a_mirror_in_traditional_script_parses_to_the_same_rows(path: Path, tmp_path: Path):
    """Mirror sites convert whole pages to Traditional script (牽頭單位, 責任科室, 關於印發…): every layout
    reads the same, the rows keep the characters as printed (compared here in one script)."""
    import opencc
    copy = tmp_path / path.name
    copy.write_text(opencc.OpenCC("s2t").convert(path.read_text(encoding="utf-8")), encoding="utf-8")
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    for row in expected:
        row["requirement"] = re.sub(r"\s", "", row["requirement"])
    rows = [_row(r.to_json()) for r in task_records(parse_file(copy))]
    assert rows != expected or path.stem == "traditional"  # the copy is printed in Traditional
    assert _simplified(rows) == _simplified(expected)
