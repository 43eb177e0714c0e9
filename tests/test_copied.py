"""照搬上级方案: `zwgk ask` answers with the tasks worded like a plan above theirs, and names that plan.

Four small plans written here: a provincial plan of 2022, a county in that
province (泗县) copying one of its requirements and writing two of its own, a
peer county (石台县) sharing one of 泗县's own requirements, and a provincial plan
of 2024 repeating another. Only the 2022 provincial plan is a source: a peer is
not above 泗县, and a 2024 plan came after it.
"""
from __future__ import annotations

import json
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
from pipe_plans import pipe_store
from server_helpers import ask_on_page, request, running
from test_report import browser  # noqa: F401  (the fixture: Chromium through WebDriver)
from typer.testing import CliRunner

from zwgk.cli import app
from zwgk.search.comparing import NO_HIGHER_NOTE, NONE_COPIED_NOTE
from zwgk.search.question import read_question
from zwgk.workspace import Workspace

PLANS = {
    "anhui-2022.txt": ("安徽省2022年政务公开工作要点分工方案", [
        ("深化重要决策制定、重要部署执行、行政执法等方面信息公开，完善办事公开制度。", "省政务公开办", "2022年12月底前"),
        ("加强政策解读工作，提升政策解读质量。", "省政府办公厅", "2022年6月底前")]),
    "sixian-2022.txt": ("泗县2022年政务公开工作要点分工方案", [
        ("深化重要决策制定、重要部署执行、行政执法信息公开，完善办事公开制度。", "县政务公开办", "2022年12月底前"),
        ("做好农村集体资产和村级财务信息公开工作。", "县农业农村局", "2022年10月底前"),
        ("规范依申请公开答复文书格式，统一编号管理。", "县司法局", "持续推进")]),
    "shitai-2022.txt": ("石台县2022年政务公开工作要点分工方案", [
        ("规范依申请公开答复文书格式，统一编号管理。", "县司法局", "持续推进"),
        ("推进乡镇政务公开专区建设。", "县数据资源局", "2022年9月底前")]),
    "anhui-2024.txt": ("安徽省2024年政务公开工作要点分工方案", [
        ("做好农村集体资产和村级财务信息公开工作。", "省农业农村厅", "2024年10月底前"),
        ("加强政府网站集约化管理。", "省数据资源局", "2024年12月底前")]),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return pipe_store(tmp_path_factory, PLANS)


def test_a_county_s_tasks_copied_from_its_province_s_plan_are_the_answer(store):
    with Workspace.open(store, model="/nonexistent/model") as ws:
        answer = ws.ask("泗县哪些任务照搬了上级方案")
    assert answer.question.intent == "copied" and answer.count == 1
    [plan] = answer.plans
    [task] = plan.tasks
    assert (plan.doc, task["id"]) == ("sixian-2022.txt", "sixian-2022.txt#t001")
    [source] = task["copied_from"]
    assert (source["doc"], source["region"], source["tasks"]) == ("anhui-2022.txt", "安徽省", ["anhui-2022.txt#t001"])
    assert source["text"].startswith("深化重要决策制定、重要部署执行、行政执法等方面信息公开")
    # before: no task, and a pointer to `zwgk diffusion` instead of an answer
    assert any("anhui-2022.txt" in note for note in answer.notes) and not any("diffusion" in n for n in answer.notes)


def test_a_peer_county_and_a_later_provincial_plan_are_not_sources(store):
    with Workspace.open(store, model="/nonexistent/model") as ws:
        shitai = ws.ask("石台县有哪些要求照抄上级")
        everywhere = ws.ask("哪些任务照搬了上级方案")
    assert shitai.count == 0 and NONE_COPIED_NOTE in shitai.notes  # its shared sentence is 泗县's, a peer's
    copied = {t["id"] for p in everywhere.plans for t in p.tasks}
    assert copied == {"sixian-2022.txt#t001"}  # 农村集体资产 is in 安徽省's 2024 plan, issued after 泗县's


def test_a_topic_in_the_question_keeps_that_topic_s_copied_tasks(store):
    with Workspace.open(store, model="/nonexistent/model") as ws:
        assert ws.ask("泗县行政执法信息公开哪些照搬上级").count == 1
        assert ws.ask("泗县政策解读方面哪些任务照搬了上级方案").count == 0  # before: the copied task, off topic


@pytest.mark.parametrize("question", ["泗县哪些要求和省里的方案一样", "泗县哪些任务是从省里抄的", "泗县哪些要求套用了省级文件",
                                      "泗县与上级要点内容一致的任务有哪些", "泗县哪些任务是原样转发的"])
def test_ways_of_asking_what_was_copied_from_above(question):
    read = read_question(question)  # before: searched for 省里 / 原样转发 …, or read as a who / what question
    assert (read.intent, read.filters.region) == ("copied", "泗县")


@pytest.mark.parametrize("question", ["泗县的计划和宿州市的计划有多少任务重复", "泗县和宿州市的方案有哪些内容一样"])
def test_a_place_and_one_it_lies_in_named_with_重复_ask_what_was_copied_from_above(question):
    read = read_question(question)  # before: a count of 泗县's tasks searched for 重复 (none)
    assert (read.intent, read.filters.region, read.content) == ("copied", "泗县", "")


def test_two_peers_named_with_重复_are_not_a_question_about_plans_above():
    assert read_question("泗县和石台县的计划有哪些重复").intent != "copied"


def test_the_terminal_and_json_show_where_a_task_was_copied_from(store):
    runner = CliRunner()
    shown = runner.invoke(app, ["ask", "泗县哪些任务照搬了上级方案", "--store", str(store)])
    assert shown.exit_code == 0, shown.output
    flat = "".join(shown.output.split())  # lines wrap at the terminal's width
    assert "照搬自：安徽省·安徽省2022年政务公开工作要点分工方案(2022)anhui-2022.txt#t001：深化重要决策制定" in flat
    assert "农村集体资产" not in flat
    data = json.loads(runner.invoke(app, ["ask", "泗县哪些任务照搬了上级方案", "--store", str(store), "--json"]).stdout)
    [task] = data["answers"][0]["tasks"]
    assert task["copied_from"][0]["doc"] == "anhui-2022.txt"


def test_with_no_plan_above_in_the_store_the_answer_says_so_and_points_to_diffusion(lexical_store):
    result = CliRunner().invoke(app, ["ask", "泗县哪些任务是照搬上级方案的", "--store", str(lexical_store)])
    assert result.exit_code == 0, result.output
    assert "".join(NO_HIGHER_NOTE.format(regions="宿州市、安徽省").split()) in "".join(result.output.split())
    assert "zwgk diffusion --region 泗县" in result.output


def test_the_web_page_shows_where_a_task_was_copied_from(browser: Any, store: Path) -> None:  # noqa: F811
    with running(store) as url:
        _, _, body = request(url, "GET", "/api/ask?" + urllib.parse.urlencode({"q": "泗县哪些任务照搬了上级方案"}))
        [task] = json.loads(body)["answers"][0]["tasks"]
        assert task["copied_from"][0]["tasks"] == ["anhui-2022.txt#t001"]
        [shown] = ask_on_page(browser, url, "泗县哪些任务照搬了上级方案", "li.task .copied")
        assert shown.text.startswith("照搬自：安徽省 · 安徽省2022年政务公开工作要点分工方案（2022）anhui-2022.txt#t001")
