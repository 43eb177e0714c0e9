"""Plans written as prose: tasks with responsibility brackets, the way real 工作要点 print them.

Each fixture is a small plan written for this test (no real document copied);
it shows one thing real pages do and the rows a reader must get back.
"""
from __future__ import annotations

import pytest

from zwgk.ingest.errors import NotATaskPlan
from zwgk.ingest.parser import parse_text


def _rows(text: str) -> list[dict]:
    plan = parse_text(text)
    return [{
        "seq": t.seq,
        "section": list(t.section),
        "requirement": t.requirement,
        "units": [(u.name, u.role) for u in t.units],
        "units_raw": t.units_raw,
        "deadline": t.deadline.raw,
    } for t in plan.tasks]


def test_several_brackets_in_one_paragraph_are_several_tasks_under_its_opening_sentence():
    text = (
        "某市2030年政务公开工作要点\n"
        "一、做好重点工作信息公开\n"
        "(一)围绕城市更新做好信息公开。发布老旧小区改造计划和进度。(市住建委负责落实)"
        "公开交通枢纽建设进展情况。(市交通委、市发展改革委分别负责落实)"
        "及时公布公园绿地开放信息。(市园林局负责落实)\n"
        "(二)围绕民生保障做好信息公开。公开养老服务补贴标准。(市民政局负责落实)\n"
    )
    rows = _rows(text)
    assert [r["requirement"] for r in rows] == [
        "发布老旧小区改造计划和进度。", "公开交通枢纽建设进展情况。", "及时公布公园绿地开放信息。",
        "围绕民生保障做好信息公开。公开养老服务补贴标准。",  # one bracket: the item is the task
    ]
    assert rows[0]["section"] == ["一、做好重点工作信息公开", "(一)围绕城市更新做好信息公开。"]
    assert rows[3]["section"] == ["一、做好重点工作信息公开"]
    assert [r["seq"] for r in rows] == [None, None, None, "二"]
    assert rows[1]["units"] == [("市交通委", "responsible"), ("市发展改革委", "responsible")]
    assert rows[1]["units_raw"] == "市交通委、市发展改革委分别负责落实"


def test_lead_and_responsible_without_a_separator():
    text = (
        "某县2031年政务公开工作要点\n"
        "一、深化决策公开\n"
        "(一)规范重大行政决策程序。公开决策草案和起草说明,征求公众意见。(县司法局牵头各行政机关负责)\n"
        "(二)推进政策解读。做好政策文件解读。(县政府办公室牵头,各部门按职责分工负责)\n"
    )
    rows = _rows(text)
    assert rows[0]["units"] == [("县司法局", "lead"), ("各行政机关", "responsible")]
    assert rows[0]["seq"] == "一"
    assert rows[0]["requirement"].startswith("规范重大行政决策程序。")
    assert rows[1]["units"] == [("县政府办公室", "lead"), ("各部门", "responsible")]


def test_labelled_fields_in_any_order_put_the_deadline_in_the_deadline():
    text = (
        "某区2032年政务公开工作要点\n"
        "一、加强平台建设\n"
        "1.优化政府网站栏目设置。(牵头单位:区政府办公室;责任单位:各街道办事处、区政府有关部门;完成时限:长期坚持)\n"
        "2.规范政务新媒体管理。(完成时限:2032 年底前,牵头单位:区委网信办,责任单位:各有关单位)\n"
        "3.做好依申请公开工作。(责任单位:区司法局,完成时限:6月底前)\n"
    )
    rows = _rows(text)
    assert [r["deadline"] for r in rows] == ["长期坚持", "2032 年底前", "6月底前"]
    assert rows[0]["units_raw"] == "牵头单位:区政府办公室;责任单位:各街道办事处、区政府有关部门"
    assert rows[0]["units"] == [("区政府办公室", "lead"), ("各街道办事处", "responsible"), ("区政府有关部门", "responsible")]
    assert rows[1]["units_raw"] == "牵头单位:区委网信办,责任单位:各有关单位"
    assert rows[1]["units"] == [("区委网信办", "lead"), ("各有关单位", "responsible")]
    assert all("时限" not in (r["units_raw"] or "") for r in rows)


def test_a_plan_in_parts_第一部分_has_its_parts_as_sections():
    """第一部分 / 第二部分 head a plan's parts as 一、 does, also with the first (一) item on the same line."""
    text = (
        "某区2032年政务公开工作要点\n"
        "第一部分 加强平台建设 (一)优化政府网站栏目设置。(牵头单位:区政府办公室;责任单位:各街道办事处)\n"
        "(二)规范政务新媒体管理。(责任单位:区委网信办)\n"
        "第二部分 深化政策解读\n"
        "(三)做好重要政策解读。(责任单位:区司法局)\n"
    )
    rows = _rows(text)
    assert [(r["section"], r["units"][0][0]) for r in rows] == [
        (["第一部分加强平台建设"], "区政府办公室"), (["第一部分加强平台建设"], "区委网信办"), (["第二部分深化政策解读"], "区司法局")]


def test_a_bracket_that_names_the_leader_too():
    """(分管领导:王某某 责任股室:…): the leader is a person, the bracket still names the units."""
    text = (
        "某县教育局2023年政务公开工作要点\n"
        "一、加强政策解读\n"
        "1.做好政策解读工作，提高解读质量。(责任领导:张某某;责任科室:办公室)\n"
        "2.规范依申请公开办理流程，按时答复申请人。(分管领导:王某某 责任股室:法规股、信息中心)\n"
        "3.加强政府网站建设，及时更新栏目内容。(责任科室:办公室;完成时限:年底前)\n"
    )
    rows = _rows(text)
    assert [r["units"] for r in rows] == [
        [("办公室", "responsible")], [("法规股", "responsible"), ("信息中心", "responsible")], [("办公室", "responsible")]]
    assert rows[1]["units_raw"] == "分管领导:王某某 责任股室:法规股、信息中心"


def test_a_bracket_with_a_nested_bracket_keeps_the_unit_whole():
    text = (
        "某市2033年政务公开工作要点\n"
        "一、推进数据开放\n"
        "(一)扩大公共数据开放范围。(市府办〔市大数据局〕牵头,各县(市、区)政府按职责分工负责)\n"
        "(二)完善开放平台功能。(市大数据局负责)\n"
    )
    rows = _rows(text)
    assert rows[0]["units"] == [("市府办〔市大数据局〕", "lead"), ("各县(市、区)政府", "responsible")]


def test_items_without_a_bracket_in_a_task_list_are_tasks_and_headings_stay_sections():
    text = (
        "某局2034年政务公开工作要点\n"
        "一、总体要求\n"
        "坚持以人民为中心,推进政务公开。\n"
        "二、重点任务\n"
        "(一)做好规划公开。\n"
        "1.公开中长期发展规划。(规划科负责)\n"
        "2.公开年度计划执行情况。\n"
        "(二)强化政策解读。做好重要政策解读,回应社会关切。(办公室负责)\n"
        "(三)推进执法公开。严格落实行政执法公示制度。\n"
    )
    rows = _rows(text)
    assert [(r["seq"], r["requirement"], r["units"]) for r in rows] == [
        ("1", "公开中长期发展规划。", [("规划科", "responsible")]),
        ("2", "公开年度计划执行情况。", []),
        ("二", "强化政策解读。做好重要政策解读,回应社会关切。", [("办公室", "responsible")]),
        ("三", "推进执法公开。严格落实行政执法公示制度。", []),
    ]
    assert rows[0]["section"] == ["二、重点任务", "(一)做好规划公开。"]
    assert rows[2]["section"] == ["二、重点任务"]


def test_a_heading_and_its_first_item_on_one_line_and_mojibake_indentation():
    text = (
        "某市2035年政务公开工作要点\n"
        "? ?一、聚焦重点领域 (一)公开财政预决算信息。按要求公开部门预决算。(责任单位:市财政局)\n"
        "(二)公开政府债务信息。定期公开债务限额和余额。(责任单位:市财政局)\n"
    )
    rows = _rows(text)
    assert [r["section"] for r in rows] == [["一、聚焦重点领域"], ["一、聚焦重点领域"]]
    assert rows[0]["requirement"] == "公开财政预决算信息。按要求公开部门预决算。"
    assert rows[0]["seq"] == "一"


def test_a_page_cut_inside_a_bracket_keeps_the_whole_names_only():
    text = (
        "某局2036年政务公开工作要点\n"
        "一、规范公开\n"
        "1.做好主动公开。(责任单位:办公室)\n"
        "2.做好标准目录编制工作。(牵头单位:办公室、法规科,责任单位:就业科、养老保"
    )
    rows = _rows(text)
    assert rows[1]["units"] == [("办公室", "lead"), ("法规科", "lead"), ("就业科", "responsible")]
    assert rows[1]["units_raw"].endswith("养老保")


def test_traditional_script_and_full_width_punctuation_read_the_same():
    text = (
        "某部2037年政務公開工作要點\n"
        "一、深化政務公開\n"
        "（一）做好規劃公開。\n"
        "1．加強發展規劃公開和解讀。（綜合規劃司牽頭，各有關司局按職責分工負責）\n"
        "2．及時公開行業政策措施。（政策研究室牽頭，公路局、海事局等按職責分工負責）\n"
    )
    rows = _rows(text)
    assert rows[0]["units"] == [("綜合規劃司", "lead"), ("各有關司局", "responsible")]
    assert rows[1]["units"] == [("政策研究室", "lead"), ("公路局", "responsible"), ("海事局", "responsible")]
    assert rows[0]["section"] == ["一、深化政務公開", "（一）做好規劃公開。"]


def test_an_assignment_on_a_line_of_its_own_belongs_to_the_item_above():
    text = (
        "某县2038年政务公开工作要点\n"
        "一、规范依申请公开\n"
        "1.优化依申请公开办理流程,提高答复质量。\n"
        "责任单位:县司法局。完成时限:年底前。\n"
        "2.做好政府信息公开工作年度报告编制。\n"
        "(牵头单位:县政府办公室;责任单位:各乡镇)\n"
    )
    rows = _rows(text)
    assert [(r["requirement"], r["units"], r["deadline"]) for r in rows] == [
        ("优化依申请公开办理流程,提高答复质量。", [("县司法局", "responsible")], "年底前"),
        ("做好政府信息公开工作年度报告编制。", [("县政府办公室", "lead"), ("各乡镇", "responsible")], None),
    ]


def test_labelled_fields_one_per_line_under_each_item():
    text = (
        "某区卫生健康局2038年政务公开工作任务分解\n"
        "(一)加强政策解读。围绕群众关注的医疗保障政策开展解读。\n"
        "责任科室:办公室\n"
        "完成时限:2038年6月底前\n"
        "(二)规范依申请公开办理。严格按照法定时限答复。\n"
        "责任科室:法规科、办公室、\n"
        "财务科\n"
        "配合科室:各业务科室\n"
        "完成时限:长期坚持\n"
        "(三)做好政府信息公开工作年度报告编制发布。\n"
        "责任科室:办公室\n"
    )
    rows = _rows(text)
    assert [(r["requirement"], r["units"], r["deadline"]) for r in rows] == [
        ("加强政策解读。围绕群众关注的医疗保障政策开展解读。", [("办公室", "responsible")], "2038年6月底前"),
        ("规范依申请公开办理。严格按照法定时限答复。",
         [("法规科", "responsible"), ("办公室", "responsible"), ("财务科", "responsible"), ("各业务科室", "cooperate")],
         "长期坚持"),
        ("做好政府信息公开工作年度报告编制发布。", [("办公室", "responsible")], None),
    ]


def test_a_contact_person_after_a_unit_is_dropped_but_a_bracketed_place_is_kept():
    text = (
        "某镇2038年政务公开重点工作\n"
        "1.加强政务公开专栏建设，定期更新村务公开栏。(负责:党政办(张伟)、各村(社区))\n"
        "2.推进财政预决算公开，按要求公开镇级预算。(牵头:财政所;配合:各镇(街);时间:2038年3月底前)\n"
    )
    assert [r["units"] for r in _rows(text)] == [
        [("党政办", "responsible"), ("各村(社区)", "responsible")],
        [("财政所", "lead"), ("各镇(街)", "cooperate")],
    ]


def test_items_that_name_their_unit_first():
    """Some 分工 lists print each unit, a colon, then its task: 1.县财政局：负责推进…。完成时限：… (an item:
    the notice's 县直各单位：现将… is addressed to units, it assigns nothing)."""
    text = (
        "某县2038年政务公开工作任务分工\n"
        "县直各单位：\n"
        "现将任务分工印发给你们，请认真贯彻落实。\n"
        "1.县政府办公室：负责统筹全县政务公开工作，做好年度报告编制发布。完成时限：2039年1月31日前。\n"
        "2.县财政局：负责推进预决算公开，督促各部门按时公开部门预决算。\n"
        "3.各乡镇：做好基层政务公开标准目录的编制和动态调整。完成时限：长期坚持。\n"
    )
    assert [(r["seq"], r["requirement"], r["units"], r["deadline"]) for r in _rows(text)] == [
        ("1", "负责统筹全县政务公开工作，做好年度报告编制发布。", [("县政府办公室", "responsible")], "2039年1月31日前"),
        ("2", "负责推进预决算公开，督促各部门按时公开部门预决算。", [("县财政局", "responsible")], None),
        ("3", "做好基层政务公开标准目录的编制和动态调整。", [("各乡镇", "responsible")], "长期坚持"),
    ]


def test_labelled_fields_after_the_text_separated_by_spaces():
    text = (
        "某县2038年政务公开工作要点\n"
        "一、推进决策公开\n"
        "1.严格落实重大行政决策预公开制度，广泛听取公众意见。责任单位：县司法局 配合单位：县直各单位 完成时限：全年\n"
        "2.做好政策解读，提升解读质量。(责任单位：县政府办公室 完成时限：持续推进)\n"
    )
    assert [(r["units"], r["deadline"]) for r in _rows(text)] == [
        ([("县司法局", "responsible"), ("县直各单位", "cooperate")], "全年"),
        ([("县政府办公室", "responsible")], "持续推进"),
    ]


def test_a_bracket_of_bare_unit_names_after_a_sentence_assigns_the_task():
    text = (
        "某县2038年政务公开工作要点\n"
        "一、加强政策解读\n"
        "1.重要政策文件与解读材料同步起草、同步审签、同步发布。（县政府办公室、县直各单位）\n"
        "2.围绕群众关切的热点问题，及时回应社会关切。（县融媒体中心）\n"
        "3.规范县人民政府办公室（以下简称县政府办）网站栏目设置。（县政府办）\n"
        "联系人：张三（县政府办公室）\n"
    )
    assert [(r["requirement"], r["units"]) for r in _rows(text)] == [
        ("重要政策文件与解读材料同步起草、同步审签、同步发布。", [("县政府办公室", "responsible"), ("县直各单位", "responsible")]),
        ("围绕群众关切的热点问题，及时回应社会关切。", [("县融媒体中心", "responsible")]),
        ("规范县人民政府办公室（以下简称县政府办）网站栏目设置。", [("县政府办", "responsible")]),
    ]


def test_items_numbered_1_above_items_numbered_in_brackets_nest_as_gb_t_9704_orders_them():
    text = (
        "某区2038年政务公开工作要点\n"
        "一、深化重点领域信息公开\n"
        "(一)推进财政信息公开\n"
        "1.做好预决算公开。\n"
        "(1)按时公开部门预算。(责任单位:区财政局;完成时限:2038年3月)\n"
        "(2)公开部门决算及三公经费。(责任单位:区财政局、区直各部门)\n"
        "2.推进政府债务信息公开。(责任单位:区财政局)\n"
    )
    assert [(r["seq"], r["section"], r["requirement"]) for r in _rows(text)] == [
        ("1", ["一、深化重点领域信息公开", "(一)推进财政信息公开", "1.做好预决算公开。"], "按时公开部门预算。"),
        ("2", ["一、深化重点领域信息公开", "(一)推进财政信息公开", "1.做好预决算公开。"], "公开部门决算及三公经费。"),
        ("2", ["一、深化重点领域信息公开", "(一)推进财政信息公开"], "推进政府债务信息公开。"),
    ]


def test_a_work_summary_whose_next_steps_name_units_is_not_a_plan():
    text = (
        "某县2038年政务公开工作总结\n"
        "一、主要做法\n"
        "(一)加强政策解读。县政府办公室牵头，全年发布解读材料56篇。\n"
        "二、下一步打算\n"
        "(一)继续加强政策解读。(县政府办公室)\n"
        "(二)深化财政信息公开。(县财政局)\n"
    )
    with pytest.raises(NotATaskPlan, match="工作总结"):
        parse_text(text)


def test_a_last_sentence_of_unit_names_and_role_words_assigns_the_item():
    text = (
        "某县2038年政务公开工作任务分工\n"
        "1.统筹全县政务公开工作，做好年度报告编制发布。县政府办公室负责。\n"
        "2.推进预决算公开。县财政局牵头，县直各部门配合。\n"
        "3.规范行政执法公示。县司法局负责，2038年6月底前完成。\n"
        "4.及时回应群众关切。各部门要认真落实。\n"
    )
    assert [(r["requirement"], r["units"], r["deadline"]) for r in _rows(text)] == [
        ("统筹全县政务公开工作，做好年度报告编制发布。", [("县政府办公室", "responsible")], None),
        ("推进预决算公开。", [("县财政局", "lead"), ("县直各部门", "cooperate")], None),
        ("规范行政执法公示。", [("县司法局", "responsible")], "2038年6月底前"),
        ("及时回应群众关切。各部门要认真落实。", [], None),  # a sentence of work, not an assignment
    ]


def test_tasks_printed_as_blocks_of_labelled_fields_under_a_title():
    text = (
        "某区2038年政务公开工作要点任务分解\n"
        "\n"
        "任务一：推进决策公开\n"
        "具体内容：完善重大行政决策预公开制度，扩大公众参与。\n"
        "牵头单位：区司法局\n"
        "责任单位：各街道办事处、区直各部门\n"
        "完成时限：2038年12月\n"
        "任务二：加强政策解读\n"
        "具体内容：落实解读材料与政策文件同步组织、同步审签、\n"
        "同步部署。\n"
        "牵头单位：区政府办公室\n"
        "完成时限：长期坚持\n"
        "3.任务名称：优化政府网站 具体内容：提升网站检索功能。 责任单位：区数据资源局 完成时限：2038年10月底前\n"
    )
    rows = _rows(text)
    assert [(r["seq"], r["section"], r["requirement"], r["units"], r["deadline"]) for r in rows] == [
        ("一", ["任务一：推进决策公开"], "完善重大行政决策预公开制度，扩大公众参与。",
         [("区司法局", "lead"), ("各街道办事处", "responsible"), ("区直各部门", "responsible")], "2038年12月"),
        ("二", ["任务二：加强政策解读"], "落实解读材料与政策文件同步组织、同步审签、同步部署。",
         [("区政府办公室", "lead")], "长期坚持"),
        ("3", ["任务名称：优化政府网站"], "提升网站检索功能。", [("区数据资源局", "responsible")], "2038年10月底前"),
    ]


def test_a_block_title_printed_without_a_label_is_the_section_of_its_text():
    text = (
        "某县2038年政务公开重点工作任务清单\n"
        "\n"
        "推进决策公开\n"
        "工作措施：完善重大行政决策预公开制度。\n"
        "责任单位：县司法局\n"
        "\n"
        "加强政策解读\n"
        "工作措施：做好政策文件解读。\n"
        "责任单位：县政府办公室\n"
    )
    rows = _rows(text)
    assert [(r["section"], r["requirement"], r["units"]) for r in rows] == [
        (["推进决策公开"], "完善重大行政决策预公开制度。", [("县司法局", "responsible")]),
        (["加强政策解读"], "做好政策文件解读。", [("县政府办公室", "responsible")]),
    ]


def test_a_plan_laid_out_by_unit_gives_each_unit_the_items_under_its_name():
    text = (
        "某县2038年政务公开工作任务分工\n"
        "县政府办公室：\n"
        "1.统筹推进全县政务公开工作，制定年度工作要点。\n"
        "2.负责政府网站和政务新媒体的日常管理。\n"
        "县司法局牵头：\n"
        "3.做好行政规范性文件的合法性审核和公开工作。\n"
        "三、县财政局\n"
        "(一)指导各预算单位做好预决算公开。\n"
    )
    assert [(r["section"], r["requirement"], r["units"]) for r in _rows(text)] == [
        (["县政府办公室："], "统筹推进全县政务公开工作，制定年度工作要点。", [("县政府办公室", "responsible")]),
        (["县政府办公室："], "负责政府网站和政务新媒体的日常管理。", [("县政府办公室", "responsible")]),
        (["县司法局牵头："], "做好行政规范性文件的合法性审核和公开工作。", [("县司法局", "lead")]),
        (["三、县财政局"], "指导各预算单位做好预决算公开。", [("县财政局", "responsible")]),
    ]


@pytest.mark.parametrize(("text", "reason"), [
    # An address is no unit heading: 各乡镇人民政府，县政府各部门：over a notice's items.
    ("关于做好2038年政务公开工作的通知\n各乡镇人民政府，县政府各部门：\n1.认真落实政务公开工作要点，加强组织领导。\n"
     "2.做好政府信息公开年度报告编制工作。\n3.加强政务新媒体管理。\n", "none assigns"),
    # Work that ends like a unit (成立…领导小组, 召开…发布会) is no unit heading.
    ("某县2038年政务公开工作要点\n一、成立政务公开工作领导小组\n1.明确分管领导和工作人员，落实工作经费。\n"
     "二、召开新闻发布会\n2.围绕重大政策举办新闻发布会。\n3.及时回应社会关切。\n", "none assigns"),
    # The units' standing duties, laid out by unit as such a plan is.
    ("某县财政局内设机构及职责\n一、办公室\n1.负责机关日常运转，承担文电、会务、档案等工作。\n"
     "二、预算股\n2.负责编制年度县本级预算草案。\n", "职责"),
])
def test_pages_laid_out_like_a_plan_by_unit_that_are_not_one(text: str, reason: str):
    with pytest.raises(NotATaskPlan, match=reason):
        parse_text(text)


def test_labels_printed_without_a_colon_and_units_after_a_dash():
    text = (
        "某县2038年政务公开工作要点任务分工\n"
        "1.推进财政预决算公开，细化公开到项级科目。（牵头单位为县财政局，配合单位为县直各部门）\n"
        "2.做好重大建设项目批准和实施信息公开。（责任单位是县发改委，完成时限为2038年12月底）\n"
        "3.规范政府信息公开申请办理。——县政府办公室、县司法局\n"
        "4.加强政务新媒体管理。\n"
        "责任单位 县委宣传部\n"
        "完成时限 持续推进\n"
        "5.为群众提供便捷查询服务，办理时间为5个工作日。（县数据资源局）\n"
    )
    assert [(r["requirement"], r["units"], r["deadline"]) for r in _rows(text)] == [
        ("推进财政预决算公开，细化公开到项级科目。", [("县财政局", "lead"), ("县直各部门", "cooperate")], None),
        ("做好重大建设项目批准和实施信息公开。", [("县发改委", "responsible")], "2038年12月底"),
        ("规范政府信息公开申请办理。", [("县政府办公室", "responsible"), ("县司法局", "responsible")], None),
        ("加强政务新媒体管理。", [("县委宣传部", "responsible")], "持续推进"),
        # 办理时间为 inside a sentence is no label
        ("为群众提供便捷查询服务，办理时间为5个工作日。", [("县数据资源局", "responsible")], None),
    ]


def test_outline_numbers_under_a_numbered_heading_are_its_tasks():
    """1.1, 1.2 under 1.推进决策公开 (a Word outline's numbering): the 1. line is their heading. Before, 1.1 was no
    item number, and every item ran into the heading above it as one task."""
    text = (
        "某县2030年政务公开工作要点任务分解\n"
        "1.推进决策公开\n"
        "1.1 完善重大行政决策预公开制度，扩大公众参与。责任单位：县司法局；完成时限：6月底前\n"
        "1.2 做好决策执行情况公开。责任单位：县政府办公室\n"
        "2.加强政策解读\n"
        "2.1 落实政策解读与文件同步审签。责任单位：县政府办公室、各有关单位；完成时限：全年\n"
    )
    assert [(r["seq"], r["section"], r["requirement"], r["units"], r["deadline"]) for r in _rows(text)] == [
        ("1.1", ["1.推进决策公开"], "完善重大行政决策预公开制度，扩大公众参与。", [("县司法局", "responsible")], "6月底前"),
        ("1.2", ["1.推进决策公开"], "做好决策执行情况公开。", [("县政府办公室", "responsible")], None),
        ("2.1", ["2.加强政策解读"], "落实政策解读与文件同步审签。",
         [("县政府办公室", "responsible"), ("各有关单位", "responsible")], "全年"),
    ]


def test_items_opened_by_bullets_are_tasks_under_their_heading():
    """●, ◆, ★ open items that carry no number. Before, a bullet line ran on from the line above: the heading
    一、… and its first item became one task, 一 its number; a dash after the bullet (◆——推进…) stayed in the text."""
    text = (
        "某县2030年政务公开重点工作任务分工\n"
        "一、加强政策解读\n"
        "●完善政策解读机制，做到同步起草、同步发布。（牵头单位：县政府办公室；完成时限：2030年6月底前）\n"
        "●丰富解读形式，提高解读效果。（牵头单位：县融媒体中心）\n"
        "二、做好依申请公开\n"
        "◆——推进政府信息公开申请办理结果公开。（牵头单位：县司法局）\n"
        "★规范答复文书格式。（牵头单位：县司法局）\n"
    )
    rows = _rows(text)
    assert [(r["section"], r["seq"], r["requirement"], r["units"], r["deadline"]) for r in rows] == [
        (["一、加强政策解读"], None, "完善政策解读机制，做到同步起草、同步发布。", [("县政府办公室", "lead")], "2030年6月底前"),
        (["一、加强政策解读"], None, "丰富解读形式，提高解读效果。", [("县融媒体中心", "lead")], None),
        (["二、做好依申请公开"], None, "推进政府信息公开申请办理结果公开。", [("县司法局", "lead")], None),
        (["二、做好依申请公开"], None, "规范答复文书格式。", [("县司法局", "lead")], None),
    ]
