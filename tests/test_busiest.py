"""哪个单位的任务最多: `zwgk ask` ranks the units by the answered tasks naming them, and lists those tasks as for 谁负责.

The expected rankings are counted again here from the stored tasks themselves (printed names; collective
names such as 各科室 are not a unit).
"""
from __future__ import annotations

import json
import urllib.parse
from collections import Counter
from typing import Any

import pytest
from server_helpers import ask_on_page, request, running
from test_report import browser  # noqa: F401  (the fixture: Chromium through WebDriver)
from typer.testing import CliRunner

from zwgk.cli import app
from zwgk.search.question import read_question
from zwgk.workspace import Workspace


@pytest.mark.parametrize(("question", "region", "content", "role"), [
    ("哪个单位的任务最多", None, "", None),
    ("任务最多的单位是哪个", None, "", None),  # before: the unit called 单位 in one plan
    ("泗县哪个股室任务最多", "泗县", "", None),
    ("各科室任务量排名", None, "", None),
    ("谁的工作最多", None, "", None),
    ("政策解读方面哪个部门的工作最多", None, "政策解读", None),
    ("哪个单位牵头的任务最多", None, "", "lead"),
    ("泗县哪个科室配合的工作最多", "泗县", "", "cooperate"),
    ("哪个责任单位的任务最多", None, "", None),  # 责任单位 here is any unit, not the role 负责
    ("泗县一共有几个科室参与", "泗县", "", None),  # how many units: before, the tasks naming several units
    ("依申请公开有几个部门参与", None, "依申请公开", None),
    ("有多少个单位承担任务", None, "", None),
    ("各科室分别负责多少项任务", None, "", None),  # before: the tasks of the collective unit 各科室, counted
    ("泗县每个单位各有几项任务", "泗县", "", None),
    ("各单位承担任务数量排名", None, "", None),  # before: the tasks of a unit called 各单位, counted
    ("任务数最多的是哪个科室", None, "", None),
])
def test_ways_of_asking_which_unit_carries_the_most(question, region, content, role):
    read = read_question(question, known_units=["单位", "办公室", "各科室"])
    assert (read.intent, read.filters.region, read.content, read.ranked_role) == ("busiest", region, content, role)
    assert read.filters.unit is None


def test_tasks_needing_several_units_are_still_the_shared_filter():
    read = read_question("哪些任务需要几个部门配合")  # 几个 here: several, not how many
    assert (read.intent, read.filters.shared) == ("list", True)


def test_a_region_or_the_count_per_region_is_not_a_unit_ranking():
    assert read_question("哪个地区的任务最多").intent == "count"
    assert read_question("办公室负责什么", known_units=["办公室"]).intent == "unit"


def _counts(tasks: list[Any], role: str | None = None) -> Counter[str]:
    counts: Counter[str] = Counter()
    for t in tasks:
        for name in {u.name for u in t.units if (role is None or str(u.role) == role)
                     and not u.name.startswith(("各", "有关", "相关")) and "各" not in u.name}:
            counts[name] += 1
    return counts


def test_the_units_of_a_region_ranked_by_their_tasks(lexical_store):
    with Workspace.open(lexical_store, model="/nonexistent/model") as ws:
        answer = ws.ask("泗县哪个股室任务最多")
        tasks = [t for t in ws.corpus().tasks if t.region == "泗县"]
    expected = _counts(tasks)
    assert [(u["name"], u["tasks"]) for u in answer.units_ranked] == sorted(expected.items(), key=lambda kv: (-kv[1], kv[0]))
    first = answer.units_ranked[0]
    assert first["name"] == "办公室" and first["plans"] == 1
    assert (first["lead"], first["responsible"], first["cooperate"]) == tuple(
        sum(any(u.name == "办公室" and str(u.role) == r for u in t.units) for t in tasks) for r in ("lead", "responsible", "cooperate"))
    assert "相关科室" not in {u["name"] for u in answer.units_ranked}  # a collective, though named on 11 tasks
    assert sorted(answer.task_ids()) == sorted(t.id for t in tasks)  # every task the ranking counted over


def test_a_ranking_by_role_counts_the_tasks_in_that_role(lexical_store):
    with Workspace.open(lexical_store, model="/nonexistent/model") as ws:
        answer = ws.ask("哪个单位牵头的任务最多")
        tasks = list(ws.corpus().tasks)
    leads = _counts(tasks, "lead")
    ranked = [u["name"] for u in answer.units_ranked]
    assert [leads[n] for n in ranked] == sorted(leads.values(), reverse=True)[:len(ranked)] and all(leads[n] for n in ranked)
    assert answer.ranked_by == "lead" and [u["lead"] for u in answer.units_ranked] == [leads[n] for n in ranked]
    assert ranked[:2] == ["办公室", "宣传与思想政治教育处"]  # 政策法规科 has more tasks in all (10) but leads 2


def test_past_the_records_it_may_read_a_role_ranking_says_it_ranks_by_all_tasks(lexical_store, monkeypatch):
    from zwgk.search import ranking

    monkeypatch.setattr(ranking, "ROLE_ROWS", 10)  # a million-task store has 956k such tasks to read
    result = CliRunner().invoke(app, ["ask", "哪个单位牵头的任务最多", "--store", str(lexical_store)])
    flat = "".join(result.output.split())
    assert "■单位排名·按任务数" in flat and "按牵头任务数" not in flat and "以下按任务总数排名" in flat
    assert "1.办公室·63项·4份计划" in flat  # no split: reading it would pass the limit too


def test_a_topic_narrows_the_ranking_to_its_tasks(lexical_store):
    with Workspace.open(lexical_store, model="/nonexistent/model") as ws:
        ranked = ws.ask("政策解读方面哪个部门的工作最多")
        topic = set(ws.ask("政策解读方面的任务有哪些").task_ids())
        everything = {u["name"]: u["tasks"] for u in ws.ask("哪个单位的任务最多").units_ranked}
    assert ranked.question.content == "政策解读" and set(ranked.task_ids()) == topic
    first = ranked.units_ranked[0]
    assert first["tasks"] < everything[first["name"]] and first["tasks"] <= len(topic)


def test_the_terminal_and_the_api_show_the_ranking(lexical_store):
    result = CliRunner().invoke(app, ["ask", "泗县哪个股室任务最多", "--store", str(lexical_store)])
    flat = "".join(result.output.split())
    assert result.exit_code == 0 and "■单位排名·按任务数" in flat and "1.办公室·24项（牵头15·负责9·配合0）·1份计划" in flat
    role = CliRunner().invoke(app, ["ask", "兖州区哪个科室配合的任务最多", "--store", str(lexical_store)])
    assert "没有单位在这些任务中配合" in role.output  # not "no task names a unit": every task there names one
    with running(lexical_store) as url:
        _, _, body = request(url, "GET", "/api/ask?" + urllib.parse.urlencode({"q": "泗县哪个股室任务最多"}))
    answer = json.loads(body)
    assert answer["intent"] == "busiest" and answer["ranked_by"] == "tasks"
    assert answer["units_ranked"][0] == {"name": "办公室", "tasks": 24, "plans": 1, "lead": 15, "responsible": 9,
                                         "cooperate": 0}


def test_the_web_page_shows_the_ranking(browser: Any, lexical_store) -> None:  # noqa: F811
    with running(lexical_store) as url:
        rows = ask_on_page(browser, url, "泗县哪个股室任务最多", "#ask-result table.ranking tbody tr")
        assert [r.text.split()[:2] for r in rows][:1] == [["办公室", "24"]]
        [head] = ask_on_page(browser, url, "哪个单位牵头的任务最多", "#ask-result .ranking-head")
        assert head.text == "单位排名 · 按牵头任务数"


def test_which_region_has_the_fewest_tasks_lists_the_plans_smallest_first(lexical_store):
    with Workspace.open(lexical_store, model="/nonexistent/model") as ws:
        fewest, most = ws.ask("哪个地区的计划任务最少"), ws.ask("哪个地区的任务最多")
    assert fewest.question.intent == most.question.intent == "count"
    counts = [p.task_count for p in fewest.plans]
    assert counts == sorted(counts) and counts[0] == 22  # before: largest first, 石台县's 42 on top
    assert [p.task_count for p in most.plans] == sorted(counts, reverse=True)
    result = CliRunner().invoke(app, ["ask", "哪个地区的计划任务最少", "--store", str(lexical_store)])
    flat = "".join(result.output.split())
    assert "■各计划任务数（少的在前）1.兖州区·" in flat and flat.index("1.兖州区") < flat.index("5.石台县")
