"""Questions about the plans themselves (who issued one, its 文号, which plans a region has) answer with plans.

安徽省各县 · 广州市各区 name a level of plans under a region: the county plans there, not every plan.
"""
from __future__ import annotations

import json
from typing import Any

import pytest
from server_helpers import ask_on_page, running
from test_report import browser  # noqa: F401  (the fixture: Chromium through WebDriver)
from typer.testing import CliRunner

from zwgk.cli import app
from zwgk.search.ask import ask
from zwgk.search.question import read_question


@pytest.mark.parametrize(("question", "region"), [
    ("石台县的方案是哪个单位印发的", "石台县"),  # before: a search for 印发, no task
    ("石台县方案的发文字号是什么", "石台县"),  # before: a search for 发文字号
    ("石台县方案的文号是多少", "石台县"),  # before: a count of its tasks
    ("石台县的计划是什么时候印发的", "石台县"),
    ("石台县有哪些计划", "石台县"),  # before: every task of the plan
    ("哪些方案是2022年的", None),
    ("哪些计划是2023年发布的", None),  # before: a search for 发布 in the 2023 plans
    ("石台县的计划是哪一年的", "石台县"),  # before: a search for 哪一年
])
def test_questions_about_plans_are_answered_with_plans(question, region):
    read = read_question(question)
    assert (read.intent, read.filters.region, read.content) == ("plans", region, "")


@pytest.mark.parametrize(("question", "intent"), [
    ("石台县有哪些任务", "list"),  # tasks asked for: the tasks
    ("哪些计划提到了政策解读", "what"),  # a topic: the tasks on it, per plan
    ("哪些计划依据了《重大行政决策程序暂行条例》", "basis"),
    ("淮北市有几份计划", "count"),
])
def test_questions_about_tasks_stay_so(question, intent):
    assert read_question(question).intent == intent


@pytest.mark.parametrize(("question", "region", "levels"), [
    ("安徽省各县都有哪些计划", "安徽省", ("county",)),
    ("广州市各区的依申请公开谁负责", "广州市", ("county",)),
    ("各市县的政务新媒体谁负责", None, ("city", "county")),
    ("哪些县的方案中没有提到政策解读", None, ("county",)),  # before: every plan in view, cities' too
    ("宿州市下面的县有哪些任务照搬了市里", "宿州市", ("county",)),  # before: a search for 下面
    ("各区域的任务有哪些", None, ()),  # 各区域 is no level
    ("各市直单位负责什么", None, ()),  # the city's own departments
])
def test_each_county_of_a_region_is_a_level_of_plans(question, region, levels):
    read = read_question(question)
    assert (read.filters.region, read.filters.levels) == (region, levels)


def test_who_issued_a_plan_and_its_文号(lexical_searcher, gold_plans):
    answer = ask(lexical_searcher, "石台县的方案是哪个单位印发的")
    [plan] = answer.plans
    assert (plan.issuer, plan.doc_number, plan.year) == ("石台县政务公开办公室", "石政公办〔2022〕1号", 2022)
    assert plan.task_count == gold_plans["shitai-county-2022.txt"]["task_row_count"] and plan.tasks == []  # facts, no tasks


def test_the_county_plans_of_a_province(lexical_searcher):
    answer = ask(lexical_searcher, "安徽省各县都有哪些计划")
    assert answer.question.intent == "plans"
    assert {p.region for p in answer.plans} == {"石台县", "泗县"}  # not 淮北市: a city's plan


def test_the_terminal_and_json_show_the_plan_facts(lexical_store):
    argv = ["ask", "石台县的方案是哪个单位印发的", "--store", str(lexical_store)]
    flat = "".join(CliRunner().invoke(app, argv).output.split())
    assert "发文单位：石台县政务公开办公室·文号：石政公办〔2022〕1号·年份：2022" in flat
    assert "1份计划（共42项任务）" in flat
    answer = json.loads(CliRunner().invoke(app, [*argv, "--json"]).output)
    [plan] = answer["answers"]
    assert (answer["intent"], plan["doc_number"], plan["task_count"], plan["tasks"]) == ("plans", "石政公办〔2022〕1号", 42, [])


def test_the_web_page_shows_the_plan_facts(browser: Any, lexical_store) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By

    with running(lexical_store) as url:
        [facts] = ask_on_page(browser, url, "石台县的方案是哪个单位印发的", ".region-answer .plan-facts")
        assert facts.text.startswith("发文单位：石台县政务公开办公室 · 文号：石政公办〔2022〕1号 · 年份：2022 · 42 项任务")
        assert not browser.find_elements(By.CSS_SELECTOR, "#ask-result ol.tasks")  # facts, not an empty task list


@pytest.mark.parametrize(("question", "since", "until"), [
    ("2022年以来谁负责政策解读", 2022, None),  # before: the 2022 plans only
    ("2022年以后的计划有哪些", 2022, None),  # before: 以后 searched for in the 2022 plans: no task
    ("2021年以前的计划", None, 2020),
    ("2021年及以前的计划", None, 2021),
    ("2020年至2022年的计划中谁负责依申请公开", 2020, 2022),
    ("2022年前完成的任务", None, None),  # a deadline as often as a span of plans: not read as one
])
def test_a_span_of_years(question, since, until):
    f = read_question(question).filters
    assert (f.year_from, f.year_to) == (since, until)


def test_the_last_two_years_are_this_year_and_the_one_before():
    from datetime import date

    f = read_question("近两年的计划有哪些").filters
    assert (f.year_from, f.year_to) == (date.today().year - 1, date.today().year)


def test_plans_since_a_year_on_the_command_line_the_api_and_in_a_question(lexical_searcher, lexical_store):
    from server_helpers import request, running

    asked = ask(lexical_searcher, "2022年以来谁负责政策解读")
    years = {p.year for p in asked.plans}
    assert years and min(years) >= 2022 and 2021 not in years and len(years) > 1  # 2022 and 2023 plans
    flags = CliRunner().invoke(app, ["ask", "谁负责政策解读", "--since", "2022", "--json", "--store", str(lexical_store)])
    assert [t["id"] for p in json.loads(flags.stdout)["answers"] for t in p["tasks"]] == asked.task_ids()
    with running(lexical_store) as url:
        _, _, body = request(url, "GET", "/api/ask?q=%E8%B0%81%E8%B4%9F%E8%B4%A3%E6%94%BF%E7%AD%96%E8%A7%A3%E8%AF%BB&since=2022")
        status, _, _ = request(url, "GET", "/api/ask?q=x&until=20x2")
    assert [t["id"] for p in json.loads(body)["answers"] for t in p["tasks"]] == asked.task_ids()
    assert status == 400


def test_the_newest_plan_first_and_the_oldest_first(lexical_searcher):
    newest = ask(lexical_searcher, "最新的计划是哪个")  # before: a search for 最新, one task
    oldest = ask(lexical_searcher, "最早的方案是哪份")
    assert newest.question.intent == oldest.question.intent == "plans"
    years = [p.year for p in newest.plans]
    assert years == sorted(years, reverse=True) and years[0] == 2023 and len(years) == 5
    assert [p.year for p in oldest.plans] == sorted(years)
