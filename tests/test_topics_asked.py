"""涉及哪些主题: `zwgk ask` answers which topics the tasks asked about carry, counted, over all plans and per plan.

The expected counts are worked out again here from the stored records: a task counts under each topic it is
classified under and every broader one (解读回应 holds the 政策解读 tasks).
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
from zwgk.search.ask import ask
from zwgk.search.question import read_question
from zwgk.vocabulary.thesaurus import load_thesaurus


@pytest.mark.parametrize(("question", "region", "content"), [
    ("泗县的计划涉及哪些主题", "泗县", ""),  # before: a search for 主题, no task
    ("哪个主题的任务最多", None, ""),
    ("各主题的任务数量", None, ""),
    ("各地区的计划都涉及哪些主题", None, ""),
    ("依申请公开的任务涉及哪些领域", None, "依申请公开"),  # the topics among that topic's tasks
])
def test_ways_of_asking_which_topics_are_covered(question, region, content):
    read = read_question(question)
    assert (read.intent, read.filters.region, read.content) == ("topics", region, content)


@pytest.mark.parametrize("question", ["泗县的计划没有涉及哪些主题", "泗县的计划缺少哪些主题"])
def test_topics_left_out_are_still_the_missing_question(question):
    assert read_question(question).intent == "missing"


def _expected(records, keep) -> Counter[str]:
    above = load_thesaurus().ancestors("topics")
    counts: Counter[str] = Counter()
    for r in records:
        if keep(r):
            counts.update({label for t in r.topics for label in (t, *above.get(t, ()))})
    return counts


def test_a_plan_s_topics_are_its_tasks_topics_rolled_up(lexical_searcher):
    answer = ask(lexical_searcher, "泗县的计划涉及哪些主题")
    [plan] = answer.plans
    expected = _expected(lexical_searcher.index.records, lambda r: r.doc == plan.doc)
    assert {t["topic"]: t["tasks"] for t in plan.topics} == dict(expected) and len(expected) > 5
    assert [t["tasks"] for t in plan.topics] == sorted((t["tasks"] for t in plan.topics), reverse=True)
    got = {t["topic"]: t["tasks"] for t in plan.topics}
    assert got["解读回应"] >= got["政策解读"] > 0  # a broader topic holds its narrower ones' tasks


def test_the_topics_of_every_plan_are_counted_over_all_tasks(lexical_searcher):
    answer = ask(lexical_searcher, "哪个主题的任务最多")
    records = lexical_searcher.index.records
    expected = _expected(records, lambda r: True)
    assert {t["topic"]: t["tasks"] for t in answer.topics} == dict(expected)
    top = answer.topics[0]
    assert top["tasks"] == max(expected.values()) and top["plans"] == 5


def test_the_terminal_and_the_api_show_the_topics(lexical_store):
    result = CliRunner().invoke(app, ["ask", "哪个主题的任务最多", "--store", str(lexical_store)])
    assert result.exit_code == 0 and "■ 主题 · 按任务数" in result.output
    assert "主题（任务数）：" in result.output
    with running(lexical_store) as url:
        _, _, body = request(url, "GET", "/api/ask?" + urllib.parse.urlencode({"q": "泗县的计划涉及哪些主题"}))
    answer = json.loads(body)
    assert answer["intent"] == "topics" and answer["topics"][0]["tasks"] >= answer["topics"][-1]["tasks"]
    assert answer["answers"][0]["topics"] == answer["topics"]  # one plan: its topics are all of them


def test_the_web_page_shows_the_topics(browser: Any, lexical_store) -> None:  # noqa: F811
    with running(lexical_store) as url:
        ranked = ask_on_page(browser, url, "哪个主题的任务最多", "table.topics tbody tr")
        assert len(ranked) > 10 and ranked[0].text.startswith("条例贯彻")
        [plan] = ask_on_page(browser, url, "泗县的计划涉及哪些主题", ".plan-topics")
        assert plan.text.startswith("主题（任务数）：")
