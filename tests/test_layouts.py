"""Every layout a plan survives conversion to text in, one small fixture each.

Each `tests/fixtures/layouts/X.txt` has an `X.expected.json` beside it with the
rows a reader must get back: section path, 序号, requirement, units (name,
role, inherited) and the printed deadline.
"""
from __future__ import annotations

import json
import re
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
