"""Administrative levels as a filter: 县级计划中谁负责政策解读 answers from county plans only.

A level is read off the region chain (全国 · a province · a city · a county, a municipality's districts being
county-level), so tasks, plans and the index's facets agree without a lookup table.
"""
from __future__ import annotations

import json
import urllib.parse

import pytest
from server_helpers import request, running
from typer.testing import CliRunner

from zwgk.cli import app
from zwgk.model.roles import Level
from zwgk.search.ask import ask
from zwgk.search.question import read_question

SAMPLE_LEVELS = {"泗县": "county", "石台县": "county", "兖州区": "county", "淮北市": "city", "广州市": "city"}


@pytest.mark.parametrize(("chain", "level"), [
    (("全国",), Level.national), (("安徽省",), Level.province), (("北京市",), Level.province),
    (("安徽省", "淮北市"), Level.city), (("上海市", "嘉定区"), Level.county), (("安徽省", "宿州市", "泗县"), Level.county),
    ((), None)])
def test_a_region_chain_tells_its_level(chain, level):
    assert Level.of_chain(chain) == level


@pytest.mark.parametrize(("question", "levels", "content"), [
    ("县级计划中谁负责政策解读", ("county",), "政策解读"),
    ("省级和县级计划在政府网站建设上有何不同", ("province", "county"), "政府网站建设"),
    ("市级政府的依申请公开由谁负责", ("city",), "依申请公开"),
    ("省级文件要求泗县做什么", (), "省级文件"),  # the documents a plan rests on, not its level
])
def test_a_level_named_before_plans_or_governments_is_a_filter(question, levels, content):
    read = read_question(question)  # before: a search for 县级计划 / 省级 县级 …
    assert (read.filters.levels, read.content) == (levels, content)


def test_a_question_about_county_plans_answers_from_county_plans_only(lexical_searcher):
    answer = ask(lexical_searcher, "县级计划中谁负责依申请公开")
    answered = {p.region for p in answer.plans}
    assert answered == {r for r, level in SAMPLE_LEVELS.items() if level == "county"}
    assert answer.count == sum(p.task_count for p in answer.plans) > 0


def test_the_level_is_a_flag_on_the_command_line_and_a_parameter_of_the_api(lexical_store):
    listed = CliRunner().invoke(app, ["tasks", "--level", "city", "--store", str(lexical_store)])
    assert {json.loads(line)["region"] for line in listed.stdout.splitlines()} == {"淮北市", "广州市"}
    refused = CliRunner().invoke(app, ["tasks", "--level", "town", "--store", str(lexical_store)])
    assert refused.exit_code == 2 and "town" in refused.output
    with running(lexical_store) as url:
        _, _, body = request(url, "GET", "/api/tasks?" + urllib.parse.urlencode({"level": "province,county"}))
        assert {t["region"] for t in json.loads(body)} == {"泗县", "石台县", "兖州区"}
        status, _, body = request(url, "GET", "/api/tasks?level=town")
        assert status == 400 and b"level must be among" in body


def test_the_analyses_compare_plans_of_the_level_asked_only(lexical_store):
    runner = CliRunner()
    compared = json.loads(runner.invoke(app, ["compare", "政策解读", "--level", "city", "--json", "--store",
                                              str(lexical_store)]).stdout)
    assert {p["region"] for p in compared["plans"]} == {"淮北市", "广州市"}  # before: all five, the counties empty
    covered = json.loads(runner.invoke(app, ["coverage", "--level", "county", "--json", "--store", str(lexical_store)]).stdout)
    assert {p["region"] for p in covered["plans"]} == {"泗县", "石台县", "兖州区"}
    assert {g["of"] for p in covered["plans"] for g in p["missing_vs_peers"]} == {2}  # peers: the other two counties


def test_the_api_compares_plans_of_the_level_asked_only(lexical_store):
    with running(lexical_store) as url:
        _, _, body = request(url, "GET", "/api/compare?" + urllib.parse.urlencode({"q": "政策解读", "level": "city"}))
    assert {p["region"] for p in json.loads(body)["plans"]} == {"淮北市", "广州市"}  # before: level was not read


@pytest.mark.parametrize(("flags", "plans"), [
    (["--level", "city"], {"guangzhou-edu-2021.txt", "huaibei-edu-2020.txt"}),
    (["--since", "2023"], {"yanzhou-edu-2023.txt"}),
    (["--until", "2020"], {"huaibei-edu-2020.txt"}),
])
def test_an_rdf_export_holds_the_plans_of_the_level_or_years_asked(lexical_store, flags, plans):
    """Before, the RDF export chose its plans by region, issuer, year and plan only: --level and --since
    exported every plan's graph."""
    result = CliRunner().invoke(app, ["export", "-f", "nq", *flags, "--store", str(lexical_store)])
    assert result.exit_code == 0
    graphs = {line.rsplit(" ", 2)[-2] for line in result.stdout.splitlines() if "/graph/plan/" in line.rsplit(" ", 2)[-2]}
    assert {g.rsplit("/", 1)[-1].rstrip(">") for g in graphs} == plans
