"""`zwgk parse` and `zwgk tasks` print the same task contract for the same file.

Rule for a cell naming several dates (12月底前、6月底前): `deadline` is the earliest, `deadlines` all of them in
date order, on both paths (the graph keeps the dates as a set, so printed order cannot survive it).
"""
from __future__ import annotations

import json

from conftest import SAMPLES
from typer.testing import CliRunner

from zwgk.cli import app

runner = CliRunner()

PLAN = """# 2022年政务公开重点任务

| 序号 | 工作内容 | 责任科室 | 时限要求 |
|:---:|---|---|---|
| 1 | 做好政府信息公开工作年度报告编制和发布工作。 | 办公室 | 12月底前、6月底前 |
| 2 | 加强政务新媒体监管，开展常态化检查。 | 信息中心 | 持续推进 |
| 3 | 依法依规办理政府信息公开申请。 | 办公室 | 11月底前 |
"""


def _jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_parse_and_tasks_agree_on_deadlines_and_concepts(tmp_path):
    plan = tmp_path / "plans" / "demo-2022.md"
    plan.parent.mkdir()
    plan.write_text(PLAN, encoding="utf-8")
    parsed = runner.invoke(app, ["parse", str(plan), "-f", "jsonl", "--region", "泗县", "--issuer", "泗县教育体育局"])
    assert parsed.exit_code == 0, parsed.output
    store = tmp_path / "store"
    ingested = runner.invoke(app, ["ingest", str(plan.parent), "--region", "泗县", "--issuer", "泗县教育体育局",
                                   "--store", str(store)], env={"ZWGK_MODEL": "/nonexistent"})
    assert ingested.exit_code == 0, ingested.output
    stored = runner.invoke(app, ["tasks", "-f", "jsonl", "--store", str(store)])
    from_parse, from_store = _jsonl(parsed.stdout), _jsonl(stored.stdout)
    assert [t["deadline"] for t in from_parse] == [t["deadline"] for t in from_store] == ["2022-06-30", None, "2022-11-30"]
    assert from_parse[0]["deadlines"] == from_store[0]["deadlines"] == ["2022-06-30", "2022-12-31"]
    assert [t["ongoing"] for t in from_parse] == [t["ongoing"] for t in from_store] == [False, True, False]


def test_parse_json_fills_topics_and_domains_as_the_graph_does(sample_store):
    parsed = runner.invoke(app, ["parse", str(SAMPLES / "sixian-edu-2022.txt"), "-f", "json"])
    assert parsed.exit_code == 0
    tasks = json.loads(parsed.stdout)[0]["tasks"]
    assert sum(1 for t in tasks if t["topics"]) >= len(tasks) - 2
    stored = {t["id"]: t for t in _jsonl(runner.invoke(app, ["tasks", "-f", "jsonl", "--store", str(sample_store)]).stdout)}
    for t in tasks:
        assert set(t["topics"]) == set(stored[t["id"]]["topics"]) and set(t["domains"]) == set(stored[t["id"]]["domains"])
