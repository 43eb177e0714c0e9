"""More ways prose plans print who does a task: found by bench/prose.py, which writes the sample key's
rows in the conventions bureaus use and scores the parser on them.

Each fixture is a small plan written for this test (no real document copied).
"""
from __future__ import annotations

from zwgk.ingest.parser import parse_text


def _rows(text: str) -> list[dict]:
    return [{
        "section": list(t.section),
        "requirement": t.requirement,
        "units": [(u.name, u.role) for u in t.units],
        "deadline": t.deadline.raw,
    } for t in parse_text(text).tasks]


def test_落实单位_and_牵头落实单位_are_unit_labels_on_a_line_in_a_bracket_or_run_on():
    text = (
        "某县2032年政务公开工作要点任务分工\n"
        "一、推进决策公开\n"
        "1.做好重大行政决策事项目录公开工作。\n"
        "落实单位：县司法局\n"
        "完成时限：6月底前\n"
        "2.开展政策解读。（牵头落实单位：县政府办公室；配合单位：县直各单位）\n"
        "3.动态更新部门文件，要全量覆盖、要素齐全、格式规范落实单位：县政府办公室、县档案馆；完成时限：年底前\n"
    )
    rows = _rows(text)
    assert [r["units"] for r in rows] == [
        [("县司法局", "responsible")],
        [("县政府办公室", "lead"), ("县直各单位", "cooperate")],
        [("县政府办公室", "responsible"), ("县档案馆", "responsible")],
    ]
    assert [r["deadline"] for r in rows] == ["6月底前", None, "年底前"]
    assert rows[2]["requirement"] == "动态更新部门文件，要全量覆盖、要素齐全、格式规范"


def test_units_with_role_words_after_a_dash_and_a_signature_under_the_last_item():
    text = (
        "某县教育局2032年政务公开工作要点\n"
        "一、加强政务公开平台建设\n"
        "（1）及时公开义务教育等涉及群众利益的内容。——办公室牵头，各科室负责\n"
        "（2）高质量编制和发布政府信息公开工作年度报告。——办公室\n"
        "\n"
        "某县教育局\n"
        "2032年3月1日\n"
    )
    rows = _rows(text)
    assert [r["units"] for r in rows] == [[("办公室", "lead"), ("各科室", "responsible")], [("办公室", "responsible")]]
    assert rows[1]["requirement"] == "高质量编制和发布政府信息公开工作年度报告。"


def test_a_plan_by_unit_whose_headings_name_units_collectively_or_start_like_work():
    text = (
        "某市民政局2032年政务公开工作要点任务分工\n"
        "各单位要按照分工，认真抓好落实。\n"
        "一、组织人事科\n"
        "1.高质量编制和发布政府信息公开工作年度报告。\n"
        "二、信息中心负责\n"
        "1.做好政府网站内容保障。\n"
        "三、各直属单位\n"
        "1.做好本单位信息公开工作。\n"
        "四、各科室负责\n"
        "1.及时更新主动公开目录。\n"
    )
    rows = _rows(text)
    assert [(r["requirement"], r["units"]) for r in rows] == [
        ("高质量编制和发布政府信息公开工作年度报告。", [("组织人事科", "responsible")]),
        ("做好政府网站内容保障。", [("信息中心", "responsible")]),
        ("做好本单位信息公开工作。", [("各直属单位", "responsible")]),
        ("及时更新主动公开目录。", [("各科室", "responsible")]),
    ]


def test_a_plan_by_unit_where_no_heading_would_name_units_alone_but_all_of_them_do():
    text = (
        "某市民政局2032年政务公开工作要点任务分工\n"
        "一、组织人事科牵头\n"
        "1.做好政务公开培训。\n"
        "2.主动回应群众关注的热点问题。\n"
        "二、有关科室\n"
        "1.及时更新本系统实施的行政法规文本。\n"
    )
    assert [(r["requirement"], r["units"]) for r in _rows(text)] == [
        ("做好政务公开培训。", [("组织人事科", "lead")]),
        ("主动回应群众关注的热点问题。", [("组织人事科", "lead")]),
        ("及时更新本系统实施的行政法规文本。", [("有关科室", "responsible")]),
    ]


def test_an_item_that_starts_with_a_year_is_still_numbered():
    text = (
        "某市2032年政务公开工作要点\n"
        "一、优化政务服务\n"
        "1.2032年底前，市、区政府网站全部支持互联网协议第6版。（市政务服务数据管理局牵头，各区政府配合）\n"
        "2.推进政务服务事项网上办理。（市政务服务数据管理局）\n"
    )
    rows = _rows(text)
    assert [r["requirement"] for r in rows] == [
        "2032年底前，市、区政府网站全部支持互联网协议第6版。", "推进政务服务事项网上办理。"]
    assert rows[0]["section"] == rows[1]["section"] == ["一、优化政务服务"]


def test_fields_split_by_spaces_in_a_bracket_are_no_column_header():
    text = (
        "某市教育局2032年政务公开工作要点任务分工\n"
        "\n"
        "1．在本机关网站上及时更新本系统实施的行政法规文本。(责任股室:政策法规科 配合单位:各处室 完成时限:全年)\n"
        "2．及时对政务公开机构人员进行备案，并认真履职尽责。(责任股室:办公室)\n"
        "某市教育局办公室\n"
    )
    rows = _rows(text)  # not read as a table under the header 责任股室 | 配合单位 | 完成时限, the signature a unit cell
    assert [r["units"] for r in rows] == [[("政策法规科", "responsible"), ("各处室", "cooperate")], [("办公室", "responsible")]]
    assert [r["deadline"] for r in rows] == ["全年", None]


def test_a_closing_bracket_of_units_with_no_stop_before_it_assigns_but_a_contact_line_does_not():
    text = (
        "某县2032年政务公开工作要点\n"
        "一、加强政策解读\n"
        "1.动态更新部门文件，要全量覆盖、要素齐全、格式规范（县政府办公室、县司法局）\n"
        "2.做好政府信息公开年度报告。（县政府办公室）\n"
        "联系人：张三（县政府办公室）\n"
    )
    rows = _rows(text)
    assert [(r["requirement"], r["units"]) for r in rows] == [
        ("动态更新部门文件，要全量覆盖、要素齐全、格式规范", [("县政府办公室", "responsible"), ("县司法局", "responsible")]),
        ("做好政府信息公开年度报告。", [("县政府办公室", "responsible")]),
    ]


def test_units_in_a_bracket_before_the_text():
    text = (
        "某县2032年政务公开工作要点\n"
        "一、推进决策公开\n"
        "1.【县司法局，6月底前】完善重大行政决策事项目录。\n"
        "2.（县政府办公室牵头，县直各单位配合）做好决策草案公开征求意见。\n"
        "3.（试行）做好政策文件解读。（县政府办公室）\n"
    )
    assert [(r["requirement"], r["units"], r["deadline"]) for r in _rows(text)] == [
        ("完善重大行政决策事项目录。", [("县司法局", "responsible")], "6月底前"),
        ("做好决策草案公开征求意见。", [("县政府办公室", "lead"), ("县直各单位", "cooperate")], None),
        ("（试行）做好政策文件解读。", [("县政府办公室", "responsible")], None),  # 试行 names nobody
    ]
