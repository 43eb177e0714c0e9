"""缺少哪些主题: `zwgk ask` answers a question about what a plan leaves out with topics, not tasks.

The topics listed for a plan are those more than half of the store's other plans have a task on and it has
none on; on the five samples they are worked out again here from the tasks themselves.
"""
from __future__ import annotations

import json
import urllib.parse
from typing import Any

import pytest
from server_helpers import ask_on_page, request, running
from test_report import browser  # noqa: F401  (the fixture: Chromium through WebDriver)
from typer.testing import CliRunner

from zwgk.cli import app
from zwgk.search.question import read_question
from zwgk.workspace import Workspace


@pytest.mark.parametrize("question", ["泗县的计划缺少哪些主题", "泗县的方案没有涉及哪些方面", "泗县的计划漏掉了哪些内容",
                                      "和其他地区相比泗县少了哪些工作", "泗县的计划有哪些空白", "泗县的计划缺哪些主题",
                                      "泗县的方案还缺什么"])
def test_ways_of_asking_what_a_plan_leaves_out(question):
    read = read_question(question)  # before: every task of the plan (list), or a search for 主题 / 空白
    assert (read.intent, read.filters.region, read.content) == ("missing", "泗县", "")


@pytest.mark.parametrize("question", ["哪些方案没有涉及政务新媒体", "哪些计划缺少政策解读"])
def test_a_question_naming_the_topic_left_out_still_lists_the_plans(question):
    assert read_question(question).intent == "gap"


def test_the_topics_a_plan_leaves_out_are_those_most_other_plans_cover(lexical_store):
    with Workspace.open(lexical_store, model="/nonexistent/model") as ws:
        answer = ws.ask("泗县的计划缺少哪些主题")
        tasks = list(ws.corpus().tasks)
    assert answer.question.intent == "missing" and answer.count == 0
    [plan] = answer.plans
    topics = {doc: {t for task in tasks if task.doc == doc for t in task.topics} for doc in {t.doc for t in tasks}}
    others = [d for d in topics if d != plan.doc]
    expected = {t for d in others for t in topics[d]
                if t not in topics[plan.doc] and sum(t in topics[o] for o in others) > len(others) / 2}
    assert {g["topic"] for g in plan.missing_topics} == expected and "政务新媒体" in expected
    assert all(g["of"] == len(others) for g in plan.missing_topics)


@pytest.mark.parametrize(("question", "has", "lacks"), [
    ("泗县有但是石台县没有的工作", "泗县", "石台县"),  # before: both plans against every other plan
    ("石台县有而泗县没有的任务有哪些", "石台县", "泗县"),  # before: every task of 泗县 (list)
    ("泗县比石台县少了哪些主题", "石台县", "泗县"),  # before: gap, a search for 比石台县 主题
    ("泗县比石台县多了哪些工作", "泗县", "石台县"),
    ("泗县比兖州多了哪些工作", "泗县", "兖州区"),  # a county by its stem after 比 (before: a search for 比兖州多)
])
def test_what_one_place_has_and_another_lacks_compares_those_two(lexical_store, question, has, lacks):
    with Workspace.open(lexical_store, model="/nonexistent/model") as ws:
        answer = ws.ask(question)
        tasks = list(ws.corpus().tasks)
    assert (answer.question.intent, answer.question.filters.region) == ("missing", lacks)
    [plan] = answer.plans
    topics = {region: {t for task in tasks if task.region == region for t in task.topics} for region in (has, lacks)}
    assert {g["topic"] for g in plan.missing_topics} == topics[has] - topics[lacks] != set()
    assert all((g["peers"], g["of"]) == (1, 1) for g in plan.missing_topics)  # one plan of the place that has them
    assert any(note.startswith(f"与{has}的 1 份计划比较") for note in answer.notes)


def test_a_level_of_plans_against_another(lexical_store):
    with Workspace.open(lexical_store, model="/nonexistent/model") as ws:
        answer = ws.ask("县级计划比市级计划少了哪些主题")  # before: gap, a search for 比市级 主题
        tasks, plans = list(ws.corpus().tasks), ws.corpus().plans
    assert (answer.question.intent, answer.question.filters.levels) == ("missing", ("county",))
    city = {t for task in tasks if plans[task.doc].level == "city" for t in task.topics}  # two city plans: any topic
    assert {p.doc for p in answer.plans} == {d for d, p in plans.items() if p.level == "county"}
    for plan in answer.plans:
        own = {t for task in tasks if task.doc == plan.doc for t in task.topics}
        assert {g["topic"] for g in plan.missing_topics} == city - own != set()
    assert any(note.startswith("与市级的 2 份计划比较") for note in answer.notes)


def test_the_terminal_and_the_api_show_the_topics_left_out(lexical_store):
    result = CliRunner().invoke(app, ["ask", "泗县的计划缺少哪些主题", "--store", str(lexical_store)])
    flat = "".join(result.output.split())
    assert result.exit_code == 0 and "缺少（有此主题的其他计划/其他计划）：" in flat and "政务新媒体4/4" in flat
    with running(lexical_store) as url:
        _, _, body = request(url, "GET", "/api/ask?" + urllib.parse.urlencode({"q": "泗县的计划缺少哪些主题"}))
    [plan] = json.loads(body)["answers"]
    assert {"topic": "政务新媒体", "peers": 4, "of": 4, "share": 1.0} in plan["missing_topics"]


def test_the_web_page_shows_the_topics_left_out(browser: Any, lexical_store) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By

    with running(lexical_store) as url:
        [shown] = ask_on_page(browser, url, "泗县的计划缺少哪些主题", ".region-answer .missing")
        assert shown.text.startswith("缺少（有此主题的其他计划/其他计划）：") and "政务新媒体 4/4" in shown.text
        summary = browser.find_element(By.CSS_SELECTOR, "#ask-result .summary-line").text
        assert summary.startswith("1 份计划，各自缺少的主题") and "项任务" not in summary  # not "共 0 项任务"
