"""Questions staff put in their own words: the same answer whichever way a filter is said.

Expected tasks come from the sample key (tests/fixtures/gold), not from zwgk's own output.
"""
from __future__ import annotations

import json
import re
from datetime import date

import pytest
from conftest import GOLD, read_jsonl
from typer.testing import CliRunner

from zwgk.cli import app
from zwgk.search.ask import ask
from zwgk.search.question import read_question

WS = re.compile(r"\s+")


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    """The sample key's task rows."""
    return [row for path in sorted(GOLD.glob("*-20*.jsonl")) if not path.name.endswith(".domains.jsonl")
            for row in read_jsonl(path)]


def _texts(answer) -> set[tuple[str, str]]:
    return {(t["doc"], WS.sub("", t["requirement"])) for p in answer.plans for t in p.tasks}


def _naming(gold, *units: str) -> set[tuple[str, str]]:
    """Key rows that name every one of `units`."""
    return {(g["doc"], WS.sub("", g["requirement"])) for g in gold if set(units) <= {u["name"] for u in g["units"]}}


@pytest.mark.parametrize("question", ["哪些任务既涉及政策解读又涉及回应关切", "同时涉及政策解读和回应关切的任务",
                                      "政策解读和回应关切都涉及的任务有哪些"])
def test_tasks_on_both_topics_are_those_carrying_each(lexical_searcher, question):
    both = ask(lexical_searcher, question)  # before: the tasks on either topic, 40 of them
    one, other = (_texts(ask(lexical_searcher, q)) for q in ("政策解读的任务", "回应关切的任务"))
    assert both.question.content == "政策解读 回应关切"
    assert _texts(both) == one & other and 0 < len(one & other) < len(one | other)


def test_two_units_doing_a_task_together_get_the_tasks_that_name_both(lexical_searcher, gold, lexical_store):
    together = ask(lexical_searcher, "计财科与办公室一起承担哪些工作")  # before: either unit's tasks, 65 of them
    assert together.question.filters.units_all and _texts(together) == _naming(gold, "计财科", "办公室")
    assert len(_texts(together)) == 1
    assert ask(lexical_searcher, "监察室和办公室共同负责哪些任务").count == len(_naming(gold, "监察室", "办公室")) == 0
    either = ask(lexical_searcher, "计财科和办公室分别负责什么")
    assert _texts(either) == _naming(gold, "计财科") | _naming(gold, "办公室")
    printed = CliRunner().invoke(app, ["ask", "计财科与办公室一起承担哪些工作", "--store", str(lexical_store)]).stdout
    assert "units=计财科＋办公室" in printed and "units_all" not in printed


def test_a_unit_as_cooperating_unit(lexical_searcher, gold):
    answer = ask(lexical_searcher, "办公室作为配合单位的任务")  # before: a search for 作为 单位 inside 办公室's tasks: none
    assert answer.question.intent == "unit" and answer.question.content == ""
    assert _texts(answer) == {(g["doc"], WS.sub("", g["requirement"])) for g in gold
                              if any(u["name"] == "办公室" and u["role"] == "cooperate" for u in g["units"])}
    assert answer.count == 5


def test_tasks_without_a_deadline_or_a_unit_however_the_question_says_it(lexical_searcher, gold):
    undated = ask(lexical_searcher, "哪些任务没有明确完成时限")
    assert undated.question.filters.undated and undated.count
    for question in ("哪些任务没有写完成时间", "哪些任务没标明时间", "未注明完成期限的任务"):  # before: every task
        answer = ask(lexical_searcher, question)
        assert answer.question.filters.undated and _texts(answer) == _texts(undated), question
    nobody = ask(lexical_searcher, "哪些任务没有明确责任单位")
    for question in ("哪些任务没写责任单位", "没有分配科室的任务"):
        answer = ask(lexical_searcher, question)
        assert answer.question.filters.unassigned and _texts(answer) == _texts(nobody), question


def test_a_month_or_quarter_named_from_today_is_that_month_or_quarter(lexical_searcher):
    def answered(question: str) -> set[tuple[str, str]]:
        return _texts(ask(lexical_searcher, question))

    month, quarter = date.today().month, (date.today().month - 1) // 3 + 1
    assert answered("本月底前要完成哪些") == answered(f"{month}月底前要完成哪些任务")
    assert answered("这个月要完成哪些任务") == answered(f"{month}月要完成哪些任务")
    assert answered("本季度有哪些任务到期") == answered(f"第{quarter}季度有哪些任务到期")
    assert answered("下个月要完成哪些任务") == answered(f"{month % 12 + 1}月要完成哪些任务")
    by_mid_october = ask(lexical_searcher, "10月中旬前要完成什么")  # before: 10月中 read, 旬前 searched for: none
    assert by_mid_october.question.content == "" and by_mid_october.count
    assert _texts(by_mid_october) == answered("10月20日前要完成哪些任务")


def test_words_that_only_say_how_a_question_is_asked_are_no_topic(lexical_searcher):
    assert ask(lexical_searcher, "6月底前要干完哪些事").question.content == ""  # before: a search for 干完: none
    assert _texts(ask(lexical_searcher, "6月底前要干完哪些事")) == _texts(ask(lexical_searcher, "6月底前要完成哪些任务"))
    assert ask(lexical_searcher, "政府信息公开年报由哪个科室来写").question.content == "政府信息公开年报"
    assert ask(lexical_searcher, "政策解读这块谁在做").question.content == "政策解读"
    each_county = ask(lexical_searcher, "安徽省各县的政策解读由哪些部门负责")  # before: 各县 searched for too
    assert each_county.question.content == "政策解读" and each_county.question.filters.levels == ("county",)
    province = ask(lexical_searcher, "安徽省的政策解读由哪些部门负责")  # 淮北市's plan too: a city's, not a county's
    counties = {p.doc for p in province.plans if p.region in ("泗县", "石台县")}
    assert _texts(each_county) == {t for t in _texts(province) if t[0] in counties} != _texts(province)


def test_a_topic_named_in_english_is_the_concept_of_that_english_label(lexical_searcher):
    for english, chinese in (("who is responsible for policy interpretation", "谁负责政策解读"),
                             ("who handles disclosure on request in 泗县", "泗县谁负责依申请公开"),
                             ("what are the tasks on government websites in 淮北", "淮北关于政府网站有哪些任务")):
        answer = ask(lexical_searcher, english)  # before: a search for the English words, which no plan holds
        assert answer.count and _texts(answer) == _texts(ask(lexical_searcher, chinese)), english


@pytest.mark.parametrize(("english", "chinese"), [
    ("which unit has the most tasks", "哪个单位的任务最多"),  # before: a search for 'most', nothing
    ("which plans do not cover government new media", "哪些方案没有涉及政务新媒体"),  # before: 'not cover' searched
    ("what topics is 泗县's plan missing", "泗县的计划缺少哪些主题"),
    ("who issued the 石台县 plan", "石台县的方案是哪个单位印发的"),  # before: a search for 'issued'
    ("which plans are based on the Regulations on Open Government Information", "哪些计划依据了《政府信息公开条例》"),
    ("what is 办公室 responsible for", "办公室负责什么"),  # before: a search for 'responsible' among its tasks
    ("what does the office do in 泗县", "泗县办公室负责什么"),
    ("tasks due this month", "这个月要完成哪些任务"),
    ("who is in charge of the annual report", "谁负责年度报告"),
    # a place written in pinyin is that place (before: Sixian searched for, no region)
    ("who handles disclosure on request in Sixian", "泗县谁负责依申请公开"),
    ("who handles disclosure on request in Si County", "泗县谁负责依申请公开"),
    ("what does the office do in Sixian County", "泗县办公室负责什么"),
    ("who is responsible for policy interpretation in Huaibei", "淮北谁负责政策解读"),
    ("compare Sixian and Shitai on policy interpretation", "比较泗县和石台县的政策解读"),
    ("who handles disclosure on request in 兖州", "兖州谁负责依申请公开"),  # before: 兖州 searched for, no region
    ("what is due in November", "哪些任务在11月到期"),  # within November (before: by its end, and 'due' searched)
])
def test_questions_in_english_read_as_the_same_question_in_chinese(lexical_searcher, english, chinese):
    asked, same = ask(lexical_searcher, english), ask(lexical_searcher, chinese)
    assert (asked.question.intent, asked.question.filters, asked.question.content) == (
        same.question.intent, same.question.filters, same.question.content)
    assert asked.task_ids() == same.task_ids() and [p.doc for p in asked.plans] == [p.doc for p in same.plans]
    assert asked.units_ranked == same.units_ranked


def test_a_romanisation_several_places_share_is_the_one_the_store_has():
    from zwgk.search.places import chinese_places

    assert chinese_places("who handles websites in Taihe County", lambda: {"泰和县", "吉安市"}) == \
        "who handles websites in 泰和县"  # 太和县 (安徽) and 泰和县 (江西) are both Taihe
    assert chinese_places("who handles websites in Taihe", lambda: set()) == "who handles websites in Taihe"  # no guess
    assert chinese_places("open data in Anhui Province") == "open data in 安徽省"  # one place: no store needed


def test_english_filters_without_a_topic(lexical_searcher):
    assert ask(lexical_searcher, "tasks without a deadline").question.filters.undated
    assert ask(lexical_searcher, "list tasks with no responsible unit").question.filters.unassigned
    assert ask(lexical_searcher, "show me ongoing tasks").question.filters.ongoing
    overdue = ask(lexical_searcher, "which tasks are overdue")
    assert overdue.question.content == "" and _texts(overdue) == _texts(ask(lexical_searcher, "哪些任务已经逾期"))


def test_plans_that_leave_a_topic_out_are_the_answer_to_a_gap_question(lexical_searcher, lexical_store):
    about = ask(lexical_searcher, "政务新媒体有哪些任务")
    covering = {p.doc for p in about.plans if not p.silent}
    gap = ask(lexical_searcher, "哪些方案没有涉及政务新媒体")  # before: the 8 tasks on it, the plan without them last
    assert gap.question.intent == "gap" and gap.question.content == "政务新媒体"
    leaving_out = [p.doc for p in gap.plans if p.silent]
    assert leaving_out == [p.doc for p in gap.plans[:len(leaving_out)]]  # listed first
    assert set(leaving_out) == {p.doc for p in about.plans} - covering == {"sixian-edu-2022.txt"}
    assert _texts(gap) == _texts(about)
    for question in ("哪些地方的方案没有安排政务新媒体的任务", "哪些计划缺少政务新媒体方面的任务"):
        assert [p.doc for p in ask(lexical_searcher, question).plans if p.silent] == leaving_out, question
    printed = CliRunner().invoke(app, ["ask", "哪些方案没有涉及政务新媒体", "--store", str(lexical_store)]).stdout
    assert "■ 未涉及 · 1 份计划" in printed and printed.index("泗县") < printed.index("■ 涉及 · 4 份计划")


def test_a_question_about_requirements_copied_from_higher_plans_points_to_diffusion(lexical_searcher, lexical_store):
    answer = ask(lexical_searcher, "泗县哪些任务是照搬上级方案的")  # before: a search for 照搬: nothing, and no word why
    assert answer.question.intent == "copied" and answer.count == 0 and not answer.plans
    assert any("zwgk diffusion --region 泗县" in note for note in answer.notes)
    result = CliRunner().invoke(app, ["ask", "泗县哪些任务是照搬上级方案的", "--store", str(lexical_store)])
    assert "zwgk diffusion --region 泗县" in result.output and "没有符合" not in result.output


def _naming_any(gold, names: set[str]) -> set[tuple[str, str]]:
    return {(g["doc"], WS.sub("", g["requirement"])) for g in gold if names & {u["name"] for u in g["units"]}}


def test_a_unit_named_by_its_function_finds_each_plan_s_unit_of_that_function(lexical_searcher, gold):
    finance = {"计划财务处", "计划财务科", "计财科"}  # what each plan calls its finance section
    for question in ("财务科负责什么", "财务部门负责哪些任务", "财务科参与了哪些任务"):  # before: a search for 财务科(参与)
        answer = ask(lexical_searcher, question)
        assert answer.question.intent == "unit" and answer.question.filters.unit_function == "计划财务", question
        assert _texts(answer) == _naming_any(gold, finance), question
    publicity = ask(lexical_searcher, "宣传部门负责什么")
    assert _texts(publicity) == _naming_any(gold, {"宣传与思想政治教育处", "宣传信息中心"})
    exact = ask(lexical_searcher, "计划财务科负责什么")  # a name a plan prints is that unit, not its function
    assert exact.question.filters.unit == "计划财务科" and _texts(exact) == _naming_any(gold, {"计划财务科"})


def test_the_unit_function_is_a_filter_of_its_own_on_the_command_line(lexical_searcher, lexical_store, gold):
    listed = CliRunner().invoke(app, ["tasks", "--unit-function", "计划财务", "--store", str(lexical_store)])
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert {(r["doc"], WS.sub("", r["requirement"])) for r in rows} == _texts(ask(lexical_searcher, "财务科负责什么"))
    assert len(rows) == 11


ISSUERS = ["淮南市民政局", "江门市蓬江区民政局", "上海市嘉定区人力资源和社会保障局", "淮南市残疾人联合会", "泗县教育体育局"]


@pytest.mark.parametrize(("question", "issuer", "content"), [
    ("民政局的政务公开工作要点", "民政局", ""),  # two places' 民政局: both plans
    ("民政局政务公开工作要点", "民政局", ""),  # run together with the genre words
    ("人社局负责哪些工作", "人力资源和社会保障局", ""),  # the short name staff say
    ("残联有哪些任务", "残疾人联合会", ""),
    ("民政局负责政策解读吗", "民政局", "政策解读"),  # the topic stays
])
def test_an_agency_named_without_its_place_is_every_plan_it_issued(question, issuer, content):
    from zwgk.search.question import read_question

    q = read_question(question, ["办公室"], known_issuers=ISSUERS)
    assert (q.filters.issuer, q.content) == (issuer, content)


def test_an_agency_no_plan_issued_is_the_unit_plans_name_or_stays_the_topic():
    from zwgk.search.question import read_question

    unit = read_question("人社局负责哪些工作", ["县人社局", "县财政局"], known_issuers=["泗县人民政府"]).filters
    assert (unit.unit, unit.unit_exact, unit.issuer) == ("人社局", False, None)  # 县人社局 in a county plan
    unknown = read_question("海关总署负责什么", ["办公室"], known_issuers=ISSUERS)
    assert unknown.filters == type(unknown.filters)() and unknown.content == "海关总署"


def test_two_years_named_compare_both_years_plans():
    from zwgk.search.question import read_question

    q = read_question("深圳2016年和2017年的要点有何不同")
    assert (q.intent, q.filters.region, q.filters.year, q.content) == ("compare", "深圳市", None, "")
    assert read_question("深圳2017年的任务").filters.year == 2017
    assert read_question("安徽省有几份计划").intent == "count"


@pytest.mark.parametrize(("question", "unit", "content"), [
    ("谁负责政府网站", None, "政府网站"),  # a plan lists 政府网站 as a unit; the question asks who handles the websites
    ("政府网站年度报表谁负责", None, "政府网站年度报表"),
    ("which units handle government websites in 泗县", None, "政府网站"),
    ("政府网站负责哪些任务", "政府网站", ""),  # no who: what that unit does
    ("谁负责办公室的档案", "办公室", "档案"),  # a unit that is no topic stays the unit
    ("政府网站要做什么", "政府网站", ""),
    ("省级和县级计划在政府网站建设上有何不同", None, "政府网站建设"),  # not asking what the unit does
    ("泗县政府网站建设", None, "政府网站建设"),  # before: the unit 政府网站 and a search for 建设, no task
])
def test_a_unit_named_like_a_topic_is_the_topic_of_a_who_question(question, unit, content):
    from zwgk.search.question import read_question

    q = read_question(question, ["政府网站", "办公室"])
    assert (q.filters.unit, q.content) == (unit, content)


@pytest.mark.parametrize(("question", "content"), [
    ("今年12月底前必须完成的任务", ""),  # before: a search for 必须, no task
    ("帮我看一下泗县的政务公开任务", ""),  # before: a search for 看一下, no task
    ("看看泗县的依申请公开谁负责", "依申请公开"),
    ("我们局的依申请公开工作谁牵头谁配合", "依申请公开"),  # before: a search for 我们局 too
])
def test_asking_words_are_not_searched(question, content):
    from zwgk.search.question import read_question

    assert read_question(question).content == content


@pytest.mark.parametrize(("question", "content"), [
    ("哪些单位负责重大建设项目信息公开", "重大建设项目信息公开"),  # 项 of 项目 was dropped as in 几项
    ("合同信息公开谁负责", "合同信息公开"),  # 同 and 和 alike: 合 信息公开 was the whole genre, so every task
    ("泗县的政务公开工作由哪些科室负责", ""),  # 的 standing alone still goes
])
def test_a_one_character_filler_inside_a_word_stays(lexical_searcher, question, content):
    answer = ask(lexical_searcher, question)
    assert answer.question.content == content
    assert answer.count < 160  # never every task of the store for a topic


@pytest.mark.parametrize(("question", "intent", "content"), [
    ("哪些地区把依申请公开交给办公室负责", "compare", "依申请公开"),  # 交给 said who does it (read 依申请公开交)
    ("泗县有哪些部门参与政务公开", "who", ""),  # 参与 after 哪些部门: who, and the genre is no topic
    ("每个地区各有多少项任务", "count", ""),  # read 每个地区各 as a topic
    ("各地依申请公开都由哪个科室负责", "compare", "依申请公开"),  # searched for 依申请公开都
    ("哪个地区的任务最多", "count", ""),  # searched for 哪个地区
    ("泗县的计划依据了哪些文件", "basis", ""),  # 依据了: listed 泗县's tasks instead of its basis documents
    ("查询泗县政策解读工作的责任科室", "who", "政策解读"),  # searched for 查询 too
    ("帮我找一下依申请公开相关任务", "what", "依申请公开"),  # searched for 帮我找一下依申请公开
    ("有关政务新媒体的工作谁负责", "who", "政务新媒体"),  # searched for 关政务新媒体
    ("宣传与思想政治教育处参与了哪些工作", "unit", ""),  # searched for 参与 among that unit's tasks: none
    ("公众参与有哪些任务", "what", "公众参与"),  # with no unit named, 参与 is part of the topic
    ("哪些计划是根据2022年政务公开工作要点制定的", "basis", ""),  # searched for 制定 in the plans citing it
    ("依申请公开归谁管啊", "who", "依申请公开"),  # spoken forms: 管啊, 我想问下, 啥时候, 搞完, 干啥, 那边, 谁在弄, 活儿
    ("我想问下政策解读这块是哪个科室在负责", "who", "政策解读"),
    ("年报啥时候交", "when", "年报"),  # before: what, searching 年报啥时候交
    ("11月份之前要搞完哪些事情", "when", ""),  # before: a search for 搞完 among the tasks due: none
    ("办公室都要干啥", "unit", ""),  # before: a search for 干啥 among its tasks: none
    ("办公室都干些啥", "unit", ""),  # before: a search for 干些啥: none
    ("泗县方案的依据文件是什么", "basis", ""),  # before: a search for 文件 in 泗县's tasks
    ("石台县的计划依据的上级文件有哪些", "basis", ""),  # before: a search for 上级文件
    ("哪个计划的任务最多", "count", ""),  # before: every task listed
    ("政策解读在各地一般由哪个部门牵头", "compare", "政策解读"),  # before: 一般 searched for too
    ("一般公共预算公开由谁负责", "who", "一般公共预算公开"),
    ("哪份方案任务最少", "count", ""),
    ("泗县那边依申请公开谁在弄", "who", "依申请公开"),
    ("有没有关于政务新媒体的任务", "what", "政务新媒体"),  # before: 于政务新媒体 (有关 taken out of 没有关于)
    ("哪些活儿是长期的", "when", ""),  # before: a search for 活儿 among the ongoing tasks: none
    ("县级和市级计划在依申请公开上有什么不同", "compare", "依申请公开"),  # two levels compared (was what)
    ("石台县和泗县哪个计划任务多", "count", ""),  # before: compare, searching 哪个: no task
    ("哪些地方还没有政务新媒体方面的安排", "gap", "政务新媒体"),  # before: compare, searching 还没
    ("泗县的方案有哪些内容是照搬宿州市的", "copied", ""),  # before: 方案有哪些 read as asking for plans, 内容 left
])
def test_how_a_question_is_put_is_not_its_topic(lexical_searcher, question, intent, content):
    q = ask(lexical_searcher, question).question
    assert (q.intent, q.content) == (intent, content)


def test_tasks_with_a_deadline_are_the_rest_of_those_without(lexical_searcher):
    dated, undated = ask(lexical_searcher, "哪些任务有完成时限"), ask(lexical_searcher, "哪些任务没有完成时限")
    assert dated.question.filters.undated is False and undated.question.filters.undated is True
    assert _texts(dated) and _texts(undated) and not _texts(dated) & _texts(undated)
    assert dated.count + undated.count == 160  # before: 有完成时限 was no filter, every task
    assert all(t["deadline_raw"] or t["deadlines"] or t["ongoing"] for p in dated.plans for t in p.tasks)


def test_mid_year_is_the_first_half():
    from zwgk.search.question import read_question

    assert read_question("年中前要完成什么").filters == read_question("上半年前要完成什么").filters
    assert read_question("今年中央部署的任务").filters.due_before_md is None  # 今年 + 中央, no 年中


def test_a_collective_unit_stays_whole_where_no_plan_names_it():
    """With a dictionary that knows neither 有关 nor 部门 (each character a word of its own), 有 stood alone and
    went as filler: 泗县有关部门的任务 searched for 关部门. Nor is 有关部 an agency (部 ends 交通运输部)."""
    from zwgk.search.question import read_question

    q = read_question("泗县有关部门的任务", ["办公室", "有关部门负责人"], known_issuers=["泗县教育体育局"], cut=list)
    assert (q.filters.region, q.filters.unit, q.content) == ("泗县", None, "有关部门")


@pytest.mark.parametrize("question", ["哪些任务需要多个部门配合", "有配合单位的任务有哪些", "哪些任务需要部门之间协作",
                                      "跨部门的任务有哪些"])
def test_tasks_needing_several_units_are_those_naming_two_or_more(lexical_searcher, gold, question):
    answer = ask(lexical_searcher, question)  # before: a search for 多个部门 (39 tasks of the development pages)
    assert answer.question.filters.shared is True and answer.question.intent == "list"
    several = {(g["doc"], WS.sub("", g["requirement"])) for g in gold if len({u["name"] for u in g["units"]}) >= 2}
    assert _texts(answer) == several and len(several) > 50


@pytest.mark.parametrize("question", ["只有一个单位负责的任务有哪些", "哪些任务由一个科室单独负责", "仅由一个部门承担的任务"])
def test_tasks_of_one_unit_alone_are_those_naming_exactly_one(lexical_searcher, gold, question):
    answer = ask(lexical_searcher, question)  # before: a search for 一个单位
    assert (answer.question.filters.shared, answer.question.filters.unassigned) == (False, False)
    one = {(g["doc"], WS.sub("", g["requirement"])) for g in gold if len({u["name"] for u in g["units"]}) == 1}
    assert _texts(answer) == one and len(one) > 20


@pytest.mark.parametrize(("question", "region"), [("泗县政府办的任务有哪些", "泗县"), ("淮北市人民政府办公室有哪些任务", "淮北市"),
                                                ("淮北市的教育局负责什么", "淮北市")])  # (before: the function 县区教育局)
def test_a_region_s_government_office_is_the_region_s_plans(question, region):
    read = read_question(question)  # before: a search for 政府办 (no task), or the unit 办公室
    assert (read.filters.region, read.filters.unit, read.content) == (region, None, "")


def test_the_shared_filter_is_a_flag_on_the_command_line_and_its_other_side_is_the_rest(lexical_store, gold):
    runner = CliRunner()
    counts = {}
    for flag in ("--shared", "--single"):
        listed = runner.invoke(app, ["tasks", flag, "--store", str(lexical_store)])
        rows = [json.loads(line) for line in listed.stdout.splitlines()]
        assert all((len({u["name"] for u in r["units"]}) >= 2) == (flag == "--shared") for r in rows)
        counts[flag] = len(rows)
    assert counts["--shared"] + counts["--single"] == len(gold)


def test_a_collective_unit_sharing_tasks_is_the_unit_asked_about(lexical_searcher):
    answer = ask(lexical_searcher, "哪些任务由各科室共同负责")  # before: a search for 各科室共, no task
    assert answer.question.filters.unit == "各科室" and answer.count > 0
    assert all(any(u["name"] == "各科室" for u in t["units"]) for p in answer.plans for t in p.tasks)


def test_which_股室_asks_who():
    from zwgk.search.question import read_question

    assert read_question("泗县的依申请公开由哪些股室负责").intent == "who"  # before: what, a search for 股室


@pytest.mark.parametrize(("question", "after", "before"), [
    ("哪些任务还没到期", 0, None),  # before: every task, 到期 read as a when-word only
    ("尚未到期的任务有哪些", 0, None),
    ("哪些任务没过期", 0, None),  # not 过期: the overdue ones
    ("已经过期的任务", None, -1),
])
def test_tasks_not_yet_due_are_due_from_today_on(question, after, before):
    from datetime import date, timedelta

    from zwgk.search.question import read_question

    f = read_question(question).filters
    day = lambda n: None if n is None else (date.today() + timedelta(days=n)).isoformat()  # noqa: E731
    assert (f.due_after, f.due_before) == (day(after), day(before))


def test_a_word_no_task_holds_is_no_answer_when_only_common_words_are_left(lexical_searcher):
    answer = ask(lexical_searcher, "校务公开谁牵头")  # 校务 is in no sample task; 公开 is in nearly all
    assert answer.count == 0  # before: 139 of the 160 tasks, every one saying 公开
    assert any(n.startswith("库中没有任务提到：校务") for n in answer.notes)


def test_a_stray_word_no_task_holds_does_not_empty_an_answer(lexical_searcher):
    asked = ask(lexical_searcher, "跟班学习谁来把关")  # 把关 is in no sample task; 跟班 is rare
    assert asked.count and asked.task_ids() == ask(lexical_searcher, "跟班学习谁负责").task_ids()


def test_a_role_with_a_unit_named_by_its_function_keeps_that_role(lexical_searcher, lexical_store):
    answer = ask(lexical_searcher, "法规科牵头的工作有哪些")  # 法规科 is named by no plan: the 政策法规 function
    f = answer.question.filters
    assert (f.unit_function, f.unit_role) == ("政策法规", "lead")  # before: every task of the function, any role
    every = ask(lexical_searcher, "法规科负责什么")
    leading = [t for p in every.plans for t in p.tasks
               if any(u["function"] == "政策法规" and u["role"] == "lead" for u in t["units"])]
    assert 0 < answer.count == len(leading) < every.count
    assert sorted(answer.task_ids()) == sorted(t["id"] for t in leading)


def test_tasks_without_a_cooperating_unit_and_the_flag_for_the_others(lexical_searcher, lexical_store):
    answer = ask(lexical_searcher, "哪些任务没有配合单位")  # before: read as 有配合单位, the shared tasks
    assert answer.question.filters.cooperated is False and answer.question.content == ""
    answered = [t for p in answer.plans for t in p.tasks]
    assert answered and not any(u["role"] == "cooperate" for t in answered for u in t["units"])
    others = CliRunner().invoke(app, ["tasks", "--cooperated", "--store", str(lexical_store)]).stdout.splitlines()
    assert others and all('"cooperate"' in line for line in others)
    assert len(answered) + len(others) == 160  # the sample key's rows, each on one side


@pytest.mark.parametrize(("question", "unit"), [
    ("县政府办公室负责什么", "县政府办公室"),  # before: 办公室 (a bureau's office) and a search for 县政府
    ("哪些任务是市委宣传部牵头的", "市委宣传部"),
    ("县人民政府办公室牵头的任务", "县人民政府办公室"),
])
def test_a_government_s_unit_is_that_unit_not_the_section_of_the_same_name(question, unit):
    read = read_question(question, known_units=["办公室", "宣传部"])
    assert (read.filters.unit, read.content) == (unit, "")


def test_a_unit_no_plan_names_beside_one_that_is_named_brings_the_store_s_units_of_its_function(lexical_searcher, gold):
    answer = ask(lexical_searcher, "计财科和人事科分别负责什么")  # no sample plan names a 人事科; 组织人事科 does it
    assert answer.question.content == ""  # before: 计财科's tasks searched for 人事科, none
    assert set(answer.question.filters.units) == {"计财科", "组织人事科"}
    assert _texts(answer) == _naming(gold, "计财科") | _naming(gold, "组织人事科")
    both = ask(lexical_searcher, "财务科和人事科分别负责什么")  # neither named so: every unit of either function
    assert set(both.question.filters.units) == {"计财科", "计划财务科", "计划财务处", "组织人事科"}
    assert _texts(both) == {t for u in ("计财科", "计划财务科", "计划财务处", "组织人事科") for t in _naming(gold, u)}


def test_a_lead_and_a_cooperating_unit_named_together_are_the_tasks_naming_both(lexical_searcher, gold):
    answer = ask(lexical_searcher, "哪些是办公室牵头、计财科配合的任务")  # before: 办公室's lead tasks searched for 计财科
    f = answer.question.filters
    assert (f.units, f.units_all, answer.question.content) == (("办公室", "计财科"), True, "")
    assert _texts(answer) == _naming(gold, "计财科", "办公室") and answer.count == 1


@pytest.mark.parametrize(("question", "region", "intent"), [
    ("给我看看兖州的任务", "兖州区", "list"),  # before: a search for 兖州, no task (a stem is read only where a place
    ("请列出石台的任务", "石台县", "list"),  # is expected: first, or after the words a question opens with)
    ("帮我查一下兖州谁负责依申请公开", "兖州区", "who"),
])
def test_a_county_named_by_its_stem_after_the_opening_words(lexical_searcher, question, region, intent):
    q = ask(lexical_searcher, question).question
    assert (q.filters.region, q.intent) == (region, intent)


@pytest.mark.parametrize("question", ["库里有哪些地区？", "都有哪些地方的计划？", "收录了哪些地区"])
def test_which_places_the_store_holds_is_answered_by_its_plans(lexical_searcher, question):
    answer = ask(lexical_searcher, question)  # before: compare with no topic, every task
    assert answer.question.intent == "plans" and len(answer.plans) == 5


@pytest.mark.parametrize("question", ["国务院办公厅2022年政务公开工作要点被哪些计划引用",
                                      "哪些计划引用了国务院办公厅2022年政务公开工作要点",
                                      "国务院办公厅2022年政务公开工作要点被多少个计划引用了"])  # (was a count, no filter)
def test_a_document_named_without_its_brackets_before_or_after_the_verb_filters_the_plans(question):
    f = read_question(question).filters  # before: the issuer 办公厅 and the year 2022, no plan
    assert (f.policy, f.issuer, f.year) == ("国务院办公厅2022年政务公开工作要点", None, None)


@pytest.mark.parametrize("question", ["淮北市教育局各科室的分工", "泗县各科室的具体分工是什么", "各单位职责分工情况"])
def test_how_the_work_is_divided_is_every_task_with_its_units(question):
    q = read_question(question, known_units=["各科室", "各单位", "办公室"])
    assert (q.intent, q.filters.unit, q.content) == ("list", None, "")  # before: the collective 各科室's tasks
    assert read_question("各科室负责什么", known_units=["各科室"]).filters.unit == "各科室"  # that one stays


def test_how_many_tasks_a_plan_was_broken_into_is_its_task_count(lexical_searcher):
    answer = ask(lexical_searcher, "兖州区教体局一共分解了几项任务")  # before: 0, a search for 分解
    assert (answer.question.intent, answer.question.content, answer.count) == ("count", "", 22)


def test_a_unit_leading_with_other_units_cooperating_is_the_shared_filter():
    q = read_question("办公室牵头、其他科室配合的任务有哪些", known_units=["办公室"])
    assert (q.filters.unit, q.filters.unit_role, q.filters.shared, q.content) == ("办公室", "lead", True, "")
    # before: a search for 其他科室 among 办公室's lead tasks, none found


@pytest.mark.parametrize(("question", "policy"), [
    ("国办的要点被多少个计划引用了", "国办的要点"),  # before: a count of every plan, with 国办 searched for
    ("哪些计划引用了国办的要点", "国办的要点"),  # before: no plan (the title read as 了国办的要点)
    ("国办2022年的要点被哪些方案落实", "国办2022年的要点"),
])
def test_a_document_named_by_its_issuer_said_short_and_its_kind_filters_the_plans(question, policy):
    q = read_question(question)
    assert (q.intent, q.filters.policy, q.content) == ("basis", policy, "")


@pytest.mark.parametrize(("question", "after", "before"), [
    ("11月以后到期的任务", "11-01", None),  # before: within November, and a search for 以后
    ("10月起要完成的任务", "10-01", None),
    ("11月底前要完成哪些任务", None, "11-30"),
])
def test_a_month_and_later_is_due_from_that_month_on(question, after, before):
    f = read_question(question).filters
    assert (f.due_after_md, f.due_before_md) == (after, before)


def test_a_question_about_deadlines_in_other_words_names_no_topic():
    q = read_question("办公室的任务截止时间都是什么时候", known_units=["办公室"])
    assert (q.intent, q.content, q.filters.unit) == ("when", "", "办公室")  # before: a search for 时间
    assert read_question("what is due by end of November").content == ""  # before: a search for 'end'


@pytest.mark.parametrize(("question", "newest", "intent"), [
    ("最近的工作要点有哪些任务", True, "list"),  # before: a search for 最近, no task
    ("最早的方案有哪些任务", False, "list"),
    ("最新的计划里谁负责依申请公开", True, "who"),  # before: every plan's answer
])
def test_the_newest_or_oldest_plans_tasks(lexical_searcher, gold, question, newest, intent):
    plans = json.loads((GOLD / "plans.json").read_text(encoding="utf-8"))
    year = (max if newest else min)(p["year"] for p in plans)
    answer = ask(lexical_searcher, question)
    assert (answer.question.intent, answer.question.filters.year) == (intent, year)
    assert {p.doc for p in answer.plans} == {p["doc"] for p in plans if p["year"] == year}
    if intent == "list":
        assert answer.count == sum(p["task_row_count"] for p in plans if p["year"] == year)



def test_印发的方案_and_按职责分工_name_no_topic(lexical_searcher, gold):
    count = ask(lexical_searcher, "石台县政务公开办公室印发的方案有多少条任务")  # before: a search for 印发, no task
    assert (count.question.intent, count.question.content) == ("count", "")
    assert count.count == sum(1 for g in gold if g["doc"].startswith("shitai"))
    collective = ask(lexical_searcher, "各科室按职责分工负责的任务")  # before: a search for 各科室按
    assert (collective.question.filters.unit, collective.question.content) == ("各科室", "")
    assert _texts(collective) == _naming(gold, "各科室")
