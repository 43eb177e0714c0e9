"""新增了哪些任务: `zwgk ask` compares a plan with its region's plan of the year before and answers with what it adds.

Three plans written here: 泗县's 2022 and 2023 plans share one requirement (reworded a little, as plans are
copied forward) and 2023 adds one; 石台县 has a 2023 plan only, so nothing of it can be called new.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from pipe_plans import pipe_store

from zwgk.search.comparing import NO_EARLIER_NOTE
from zwgk.search.question import read_question
from zwgk.workspace import Workspace

PLANS = {
    "sixian-2022.txt": ("泗县2022年政务公开工作要点分工方案", [
        ("规范依申请公开答复文书格式，统一编号管理，按时答复申请人。", "县司法局", "持续推进"),
        ("做好农村集体资产和村级财务信息公开工作。", "县农业农村局", "2022年10月底前")]),
    "sixian-2023.txt": ("泗县2023年政务公开工作要点分工方案", [
        ("规范依申请公开答复文书格式，统一编号管理，按时答复申请人。", "县司法局", "持续推进"),
        ("推进乡镇政务公开专区建设，完善村级公开栏。", "县数据资源局", "2023年9月底前")]),
    "shitai-2023.txt": ("石台县2023年政务公开工作要点分工方案", [
        ("加强政府网站集约化管理，按季度开展内容检查。", "县数据资源局", "2023年12月底前"),
        ("及时发布政策解读材料，做到文件与解读同步。", "县政府办", "持续推进")]),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return pipe_store(tmp_path_factory, PLANS)


@pytest.mark.parametrize(("question", "region", "year"), [
    ("泗县今年新增了哪些任务", "泗县", None),  # before: a search for 新增, no task
    ("哪些任务是新增的", None, None),
    ("泗县2023年比2022年新增了哪些工作", "泗县", 2023),  # the later year's plan against the earlier one's
    ("和去年相比泗县的计划新加了哪些任务", "泗县", None),
])
def test_ways_of_asking_what_a_plan_adds(question, region, year):
    read = read_question(question)
    assert (read.intent, read.filters.region, read.filters.year, read.content) == ("new", region, year, "")


def test_a_task_s_own_words_new_are_not_the_question():
    assert read_question("新增政务新媒体账号由谁审核").intent == "who"


def test_what_a_plan_adds_to_its_region_s_plan_of_the_year_before(store):
    with Workspace.open(store, model="/nonexistent/model") as ws:
        added = ws.ask("泗县2023年比2022年新增了哪些任务")
        every = ws.ask("哪些任务是新增的")
    [plan] = added.plans
    assert plan.doc == "sixian-2023.txt" and [t["requirement"] for t in plan.tasks] == ["推进乡镇政务公开专区建设，完善村级公开栏。"]
    # over the store: only 泗县's 2023 plan has a plan of the year before; the other two are said, not listed
    assert [(p.doc, len(p.tasks)) for p in every.plans] == [("sixian-2023.txt", 1)]
    assert any("1 份计划" in n and "2 份计划没有更早的计划可比" in n for n in every.notes)


def test_a_region_with_no_earlier_plan_says_so(store):
    with Workspace.open(store, model="/nonexistent/model") as ws:
        answer = ws.ask("石台县今年新增了哪些任务")
    assert not [t for p in answer.plans for t in p.tasks] and NO_EARLIER_NOTE in answer.notes


@pytest.mark.parametrize("question", ["哪些计划没有依据任何上级文件", "未引用上级文件的方案有哪些"])
def test_the_plans_citing_nothing_are_listed(store, question):
    with Workspace.open(store, model="/nonexistent/model") as ws:
        answer = ws.ask(question)  # these three plans print no document they implement (before: a search for 上级文件)
    assert answer.question.intent == "basis" and sorted(p.doc for p in answer.plans) == sorted(PLANS)
