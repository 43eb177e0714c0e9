"""`zwgk parse` as users and scripts call it."""
from __future__ import annotations

import json
from pathlib import Path

from conftest import SAMPLES
from typer.testing import CliRunner

from zwgk.cli import app
from zwgk.ingest.records import TASK_FIELDS

runner = CliRunner()


def test_jsonl_prints_one_task_contract_object_per_line():
    result = runner.invoke(app, ["parse", str(SAMPLES / "sixian-edu-2022.txt"), "--format", "jsonl"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 29
    assert set(TASK_FIELDS) <= set(rows[0])
    first = rows[0]
    assert first["region_chain"] == ["安徽省", "宿州市", "泗县"]
    assert first["units"] == [{"name": "办公室", "role": "responsible", "aspect": None, "inherited": False}]
    assert first["source_lines"][0] == 76


def test_table_names_the_plan_and_its_units():
    result = runner.invoke(app, ["parse", str(SAMPLES / "guangzhou-edu-2021.txt")])
    assert result.exit_code == 0
    assert "广州市教育局2021年政务公开工作要点分工实施方案" in result.stdout
    assert "计划财务处（负责）" in result.stdout


def test_a_bad_file_exits_1_with_one_stderr_line_and_the_others_still_print(tmp_path: Path):
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\x01\x02\x03" * 64)
    result = runner.invoke(app, ["parse", str(bad), str(SAMPLES / "yanzhou-edu-2023.txt"), "-f", "jsonl"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"zwgk: {bad}: binary file, not text"]
    assert len(result.stdout.splitlines()) == 22


def test_usage_errors_exit_2():
    assert runner.invoke(app, ["parse", str(SAMPLES / "yanzhou-edu-2023.txt"), "--format", "xml"]).exit_code == 2
    assert runner.invoke(app, ["parse"]).exit_code == 2


def test_flags_override_the_inferred_metadata():
    result = runner.invoke(app, ["parse", str(SAMPLES / "huaibei-edu-2020.txt"), "-f", "json",
                                 "--issuer", "濉溪县教育局", "--year", "2021"])
    plan = json.loads(result.stdout)[0]["plan"]
    assert plan["issuer"] == "濉溪县教育局" and not plan["issuer_inferred"]
    assert plan["region_chain"] == ["安徽省", "淮北市", "濉溪县"]
    assert plan["year"] == 2021
