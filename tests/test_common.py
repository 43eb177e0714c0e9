"""在多个地区都出现: `zwgk ask` answers with the tasks worded near-identically in plans of other regions.

The plans of test_copied.py: 泗县 shares one requirement with the peer county 石台县 and one with each of the
two provincial plans (安徽省, another region); 石台县's other task and the provinces' others are their own.
"""
from __future__ import annotations

import json
import urllib.parse
from typing import Any

import pytest
from server_helpers import ask_on_page, request, running
from test_copied import store  # noqa: F401  (the fixture: the four plans stored)
from test_report import browser  # noqa: F401  (the fixture: Chromium through WebDriver)
from typer.testing import CliRunner

from zwgk.cli import app
from zwgk.search.question import read_question
from zwgk.workspace import Workspace


@pytest.mark.parametrize(("question", "region", "content"), [
    ("哪些任务在多个地区的计划中都出现了", None, ""),  # before: a search for 多个地区 出现
    ("各地共同的任务有哪些", None, ""),
    ("哪些要求各地都有", None, ""),
    ("石台县哪些任务在其他地区也都有", "石台县", ""),
    ("政策解读方面哪些要求在不同地区的方案中都有", None, "政策解读"),
])
def test_ways_of_asking_what_several_regions_share(question, region, content):
    read = read_question(question)
    assert (read.intent, read.filters.region, read.content) == ("common", region, content)


@pytest.mark.parametrize("question", ["泗县和石台县的计划有哪些重复", "泗县与石台县的方案中相同的任务有哪些",
                                      "泗县和石台县有哪些一样的要求"])
def test_two_places_named_with_words_of_sameness_ask_what_they_share(question):  # before: a search for 重复
    read = read_question(question)
    assert (read.intent, read.filters.regions, read.content) == ("common", ("泗县", "石台县"), "")


@pytest.mark.parametrize("question", ["各地都有哪些计划", "各地都有政策解读的任务吗", "各地依申请公开都由哪个科室负责"])
def test_questions_about_each_region_are_not_about_shared_wording(question):
    assert read_question(question).intent != "common"


def test_the_tasks_other_regions_word_alike_are_the_answer(store):  # noqa: F811
    with Workspace.open(store, model="/nonexistent/model") as ws:
        answer = ws.ask("哪些任务在多个地区的计划中都出现了")
    got = {(t["doc"], t["id"].rsplit("#", 1)[-1]): t for p in answer.plans for t in p.tasks}
    assert set(got) == {("sixian-2022.txt", "t001"), ("sixian-2022.txt", "t002"), ("sixian-2022.txt", "t003"),
                        ("shitai-2022.txt", "t001"), ("anhui-2022.txt", "t001"), ("anhui-2024.txt", "t001")}
    assert {s["doc"] for s in got[("sixian-2022.txt", "t003")]["shared_with"]} == {"shitai-2022.txt"}
    assert {s["doc"] for s in got[("sixian-2022.txt", "t002")]["shared_with"]} == {"anhui-2024.txt"}
    for (doc, _), t in got.items():
        plan = next(p for p in answer.plans if p.doc == doc)
        assert t["shared_count"] == len(t["shared_with"]) and all(s["region"] != plan.region for s in t["shared_with"])
        assert "copied_from" not in t


def test_two_places_are_compared_with_each_other_only(store):  # noqa: F811
    with Workspace.open(store, model="/nonexistent/model") as ws:
        answer = ws.ask("泗县和石台县的计划有哪些重复")
    got = {(t["doc"], t["id"].rsplit("#", 1)[-1]): t for p in answer.plans for t in p.tasks}
    # 泗县's tasks shared with the provinces are not what was asked: only the one the two counties share
    assert set(got) == {("sixian-2022.txt", "t003"), ("shitai-2022.txt", "t001")}
    assert [s["region"] for s in got[("sixian-2022.txt", "t003")]["shared_with"]] == ["石台县"]
    assert any(n.startswith("所问地区的 2 份计划相互比较") for n in answer.notes)


@pytest.mark.parametrize(("question", "region"), [("石台县有哪些任务是其他县没有的", "石台县"), ("泗县独有的任务有哪些", "泗县"),
                                                ("哪些任务是其他地区的计划中没有的", None)])
def test_ways_of_asking_what_no_other_region_has(question, region):
    read = read_question(question)  # before: a search for 其他县没 / 独有
    assert (read.intent, read.filters.region, read.content) == ("unique", region, "")


def test_the_tasks_no_other_region_words_alike_are_the_rest(store):  # noqa: F811
    with Workspace.open(store, model="/nonexistent/model") as ws:
        shitai = ws.ask("石台县有哪些任务是其他地区没有的")
        sixian = ws.ask("泗县独有的任务有哪些")
    [plan] = shitai.plans  # its other task is 泗县's too
    assert [t["requirement"] for t in plan.tasks] == ["推进乡镇政务公开专区建设。"]
    assert any(n.startswith("与库中 4 份计划比较：列出其他地区计划中没有") for n in shitai.notes)
    assert not [t for p in sixian.plans for t in p.tasks]  # each of 泗县's three is worded alike elsewhere


def test_a_region_s_tasks_shared_with_the_rest_of_the_store(store):  # noqa: F811
    with Workspace.open(store, model="/nonexistent/model") as ws:
        answer = ws.ask("石台县哪些任务在其他地区也都有")
    [plan] = answer.plans  # 石台县's plan against every plan stored, not against itself
    assert plan.region == "石台县" and [t["requirement"] for t in plan.tasks] == ["规范依申请公开答复文书格式，统一编号管理。"]
    [source] = plan.tasks[0]["shared_with"]
    assert (source["region"], source["doc"], source["tasks"]) == ("泗县", "sixian-2022.txt", ["sixian-2022.txt#t003"])


def test_the_terminal_and_the_api_show_where_else_the_wording_is(store):  # noqa: F811
    result = CliRunner().invoke(app, ["ask", "石台县哪些任务在其他地区也都有", "--store", str(store)])
    flat = "".join(result.output.split())
    assert result.exit_code == 0 and "同见于：泗县·泗县2022年政务公开工作要点分工方案(2022)sixian-2022.txt#t003" in flat
    assert "照搬自" not in flat
    with running(store) as url:
        _, _, body = request(url, "GET", "/api/ask?" + urllib.parse.urlencode({"q": "石台县哪些任务在其他地区也都有"}))
    [plan] = json.loads(body)["answers"]
    assert plan["tasks"][0]["shared_count"] == 1 and plan["tasks"][0]["shared_with"][0]["region"] == "泗县"


def test_the_web_page_shows_where_else_the_wording_is(browser: Any, store) -> None:  # noqa: F811
    with running(store) as url:
        [shown] = ask_on_page(browser, url, "石台县哪些任务在其他地区也都有", ".task .copied")
        assert shown.text.startswith("同见于：泗县 · 泗县2022年政务公开工作要点分工方案（2022）sixian-2022.txt#t003")
