"""引用最多的上级文件是哪个: `zwgk ask` ranks the documents the plans in view cite by how many plans cite each.

The expected ranking is counted again here from the stored plans' citations (a document is its 文号 where
printed, else its title; a plan citing one twice counts once).
"""
from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from server_helpers import ask_on_page, running
from test_report import browser  # noqa: F401  (the fixture: Chromium through WebDriver)
from typer.testing import CliRunner

from zwgk.cli import app
from zwgk.search.ask import ask
from zwgk.search.question import read_question


@pytest.mark.parametrize(("question", "region"), [
    ("引用最多的上级文件是哪个", None),  # before: a search for 上级文件
    ("哪个文件被引用得最多", None),
    ("泗县的计划依据最多的文件是什么", "泗县"),
    ("文件引用情况统计", None),
])
def test_ways_of_asking_which_documents_are_cited_most(question, region):
    read = read_question(question)
    assert (read.intent, read.filters.region, read.content) == ("cited", region, "")


def test_the_plans_asking_for_their_basis_are_still_the_basis_question():
    assert read_question("泗县的方案引用了哪些文件").intent == "basis"  # before: a search for 文件
    assert read_question("各计划引用了哪些上级文件").intent == "basis"


def test_documents_ranked_by_the_plans_citing_them(lexical_searcher):
    answer = ask(lexical_searcher, "引用最多的上级文件是哪个")
    index = lexical_searcher.index
    plans = [index.plan(doc) for doc in index.docs_passing(answer.question.filters.plan_level())]
    expected = Counter(key for plan in plans for key in {p.key() for p in plan.policies if p.key()})
    assert {(c["number"] or c["title"]): c["plans"] for c in answer.cited} == dict(expected) and len(expected) > 3
    assert [c["plans"] for c in answer.cited] == sorted((c["plans"] for c in answer.cited), reverse=True)
    assert answer.plans and all(p.policies for p in answer.plans)  # the plans that cite something, with what


def test_a_region_s_plans_only_and_the_terminal_shows_the_ranking(lexical_searcher, lexical_store):
    answer = ask(lexical_searcher, "泗县的计划依据最多的文件是什么")
    [plan] = answer.plans
    assert plan.region == "泗县" and {(c["number"] or c["title"]) for c in answer.cited} == {p.key() for p in plan.policies}
    shown = CliRunner().invoke(app, ["ask", "引用最多的上级文件是哪个", "--store", str(lexical_store)])
    assert shown.exit_code == 0 and "■ 引用的文件 · 按引用计划数" in shown.output and "引用：" in shown.output


def test_the_web_page_shows_the_documents_cited(browser: Any, lexical_store) -> None:  # noqa: F811
    with running(lexical_store) as url:
        rows = ask_on_page(browser, url, "引用最多的上级文件是哪个", "table.cited tbody tr")
        assert rows and rows[0].text.startswith("《")



def test_asked_for_plans_citing_nothing_where_each_cites_something_the_answer_says_so(lexical_searcher):
    everything = ask(lexical_searcher, "哪些计划没有依据任何上级文件")  # the five samples each cite a document
    assert everything.question.intent == "basis" and not everything.plans
    assert any(n.startswith("这些计划都引用了文件：5 份") for n in everything.notes)
    one = ask(lexical_searcher, "泗县的方案没有列明依据吗")
    assert not one.plans and any(n.startswith("这些计划都引用了文件：1 份") for n in one.notes)
