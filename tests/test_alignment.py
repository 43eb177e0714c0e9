"""Cells go to the column they read as, whatever the layout lost.

One small plan, printed in every way a table reaches people: its header
names four columns but every row has an unlabelled 序号 cell, the group cell
(工作任务) is printed on the first row of its group only, and the last row
has neither unit nor deadline cell (both merged from the row above). Every
layout must give the same four rows.

The text layouts end with the page furniture a web page prints below its
table: a table that runs to the very end of a text is a page cut off inside
the table, whose last row inherits nothing (see the last test).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from test_readers import Anchor, write_docx, write_html, write_xlsx

from zwgk.ingest.align import Slot, StreamCell, align_stream
from zwgk.ingest.celltypes import type_scores, unit_likeness
from zwgk.ingest.parser import parse_bytes
from zwgk.ingest.records import task_records
from zwgk.model.text import fold

TITLE = "某县教育局2023年政务公开重点工作任务分工"
HEADER = ["工作任务", "具体要求", "责任单位", "完成时限"]
# (group or None, seq, requirement, units or None, deadline or None): None = not printed (merged from above)
ROWS = [
    ("一、公开平台建设", "1", "加强政府网站建设，及时更新栏目内容。", "办公室", "年底前"),
    (None, "2", "做好政务新媒体管理，规范账号运营。", "办公室、信息中心", "持续推进"),
    ("二、依申请公开", "3", "规范依申请公开办理流程，按时答复申请人。", "法规科", "6月底前"),
    (None, "4", "完善依申请公开台账管理和归档工作。", None, None),
]
EXPECTED = [
    {"section": ["一、公开平台建设"], "seq": "1", "requirement": "加强政府网站建设，及时更新栏目内容。",
     "units": [("办公室", "responsible", False)], "deadline_raw": "年底前", "deadline_inherited": False},
    {"section": ["一、公开平台建设"], "seq": "2", "requirement": "做好政务新媒体管理，规范账号运营。",
     "units": [("办公室", "responsible", False), ("信息中心", "responsible", False)],
     "deadline_raw": "持续推进", "deadline_inherited": False},
    {"section": ["二、依申请公开"], "seq": "3", "requirement": "规范依申请公开办理流程，按时答复申请人。",
     "units": [("法规科", "responsible", False)], "deadline_raw": "6月底前", "deadline_inherited": False},
    {"section": ["二、依申请公开"], "seq": "4", "requirement": "完善依申请公开台账管理和归档工作。",
     "units": [("法规科", "responsible", True)], "deadline_raw": "6月底前", "deadline_inherited": True},
]


def _printed(row) -> list[str]:
    return [c for c in row if c is not None]


def _text_layouts() -> dict[str, str]:
    pipe = [" | ".join(HEADER) + " |"] + [" | ".join(_printed(r)) + " |" for r in ROWS]
    cells_pipe = [line for c in HEADER + [c for r in ROWS for c in _printed(r)] for line in (c, "|")]
    blank = [line for c in HEADER + [c for r in ROWS for c in _printed(r)] for line in (c, "")]
    tabs = ["\t".join(HEADER)] + ["\t".join(_printed(r)) for r in ROWS]
    stray = [" | ".join(HEADER) + " | |"] + [" | ".join(_printed(r)) + " | ||" for r in ROWS]
    end = "【打印本页】【关闭窗口】"
    return {
        "pipe-rows": "\n".join([TITLE, *pipe, end]),
        "pipe-rows-stray-separators": "\n".join([TITLE, *stray, end]),
        "pipe-cells": "\n".join([TITLE, *cells_pipe, end]),
        "blank-line-cells": "\n".join([TITLE, "", *blank, end]),
        "tab-rows": "\n".join([TITLE, *tabs, end]),
    }


def _rows(data: bytes, name: str) -> list[dict]:
    out = []
    for r in (r.to_json() for r in task_records(parse_bytes(data, name))):
        out.append({
            "section": r["section"], "seq": r["seq"], "requirement": r["requirement"],
            "units": [(u["name"], u["role"], u["inherited"]) for u in r["units"]],
            "deadline_raw": r["deadline_raw"], "deadline_inherited": r["deadline_inherited"],
        })
    return out


@pytest.mark.parametrize("layout", sorted(_text_layouts()))
def test_missing_merged_cells_and_unlabelled_seq_align_in_every_text_layout(layout: str):
    text = _text_layouts()[layout]
    assert _rows(text.encode("utf-8"), f"plan-{layout}.txt") == EXPECTED


def _grid() -> list[list[Anchor | None]]:
    """The same table as a real grid: 序号 column with a blank header label, the group
    and the last row's unit/deadline cells merged down (rowspan)."""
    grid: list[list[Anchor | None]] = [[Anchor("工作任务"), Anchor(""), Anchor("具体要求"), Anchor("责任单位"),
                                        Anchor("完成时限")]]
    spans = {0: 2, 2: 2}
    for i, (group, seq, req, units, deadline) in enumerate(ROWS):
        row: list[Anchor | None] = [Anchor(group, rowspan=spans[i]) if group else None, Anchor(seq), Anchor(req)]
        last_merged = i == 2
        row.append(Anchor(units, rowspan=2) if last_merged else (Anchor(units) if units else None))
        row.append(Anchor(deadline, rowspan=2) if last_merged else (Anchor(deadline) if deadline else None))
        grid.append(row)
    return grid


@pytest.mark.parametrize("fmt", ["docx", "html", "xlsx"])
def test_merged_cells_and_unlabelled_seq_column_in_real_tables(fmt: str):
    notice = [TITLE]
    data = {"docx": lambda: write_docx(notice, [_grid()]), "html": lambda: write_html(notice, [_grid()]),
            "xlsx": lambda: write_xlsx(notice, _grid())}[fmt]()
    assert _rows(data, f"plan.{fmt}") == EXPECTED


def test_html_rows_that_simply_lack_the_merged_cells():
    """Sloppy HTML: no rowspan, the later rows of a group just have fewer <td>."""
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in _printed(r)) + "</tr>" for r in ROWS)
    head = "<tr>" + "".join(f"<td>{c}</td>" for c in HEADER) + "</tr>"
    page = f"<html><body><p>{TITLE}</p><table>{head}{body}</table></body></html>"
    assert _rows(page.encode("utf-8"), "plan.html") == EXPECTED


# ------------------------------------------------------------------ the pieces


def test_cells_are_typed_by_what_they_look_like():
    def best(text: str) -> str:
        scores = type_scores(text)
        return max(scores, key=scores.get)

    assert best("12") == "seq"
    assert best("一、做好财政信息公开") == "section"
    assert best("积极推进部门单位财政预算、决算及相关报表公开。") == "requirement"
    assert best("市财政局牵头,市民政局、市农业农村局等有关部门落实;各镇(街)参照落实") == "units"
    assert best("2016年12月底前") == "deadline"
    assert best("全年工作") == "deadline"
    assert best("序时推进，已公开部分意见征集结果。") == "extra"


def test_unit_likeness_reads_role_words_and_brackets():
    assert unit_likeness(fold("各科室、医疗保障事业管理中心按职责分工落实")) == 1.0
    assert unit_likeness(fold("市直有关部门;各镇(街)")) == 1.0
    assert unit_likeness(fold("加强行政执法信息公开。")) == 0.0


def test_a_unit_cell_after_a_block_of_items_covers_the_block():
    """Cell per line: items 3 and 4 share the unit cell printed after them; item 2's
    units were printed right after it."""
    lines = ["工作任务", "具体要求", "责任科室", "",
             "做好各类规划主动公开", "1.主动公开各类规划原文和政策解读。", "办公室",
             "2.加强规划数据互联互通工作。", "规划科",
             "做好执法信息公开", "3.主动公开市场准入负面清单。", "4.强化行政执法信息公开。", "法规科、执法大队"]
    rows = _rows("\n".join([TITLE, *lines]).encode("utf-8"), "blocks.txt")
    assert [(r["seq"], [u[0] for u in r["units"]], any(u[2] for u in r["units"])) for r in rows] == [
        ("1", ["办公室"], False), ("2", ["规划科"], False),
        ("3", ["法规科", "执法大队"], False), ("4", ["法规科", "执法大队"], False)]
    assert rows[2]["section"] == ["做好执法信息公开"]


def test_a_page_cut_before_the_unit_cell_of_a_block_leaves_the_block_without_units():
    """The page shows that a unit cell covers the block of items printed before it; the cut falls
    inside the next block, before its cell: those items' units were cut, not merged from the block
    above, and the page is still a plan (the cut block does not count as unassigned)."""
    lines = ["工作任务", "具体要求", "责任科室", "",
             "做好各类规划主动公开", "1.主动公开各类规划原文和政策解读。", "2.加强规划数据互联互通工作。", "办公室、规划科",
             "做好执法信息公开", "3.主动公开市场准入负面清单。", "4.强化行政执法信息公开。", "5.及时公开定点医药机"]
    rows = _rows("\n\n".join([TITLE, *lines]).encode("utf-8"), "cut-block.txt")
    assert [(r["seq"], [u[0] for u in r["units"]]) for r in rows] == [
        ("1", ["办公室", "规划科"]), ("2", ["办公室", "规划科"]), ("3", []), ("4", []), ("5", [])]


def test_a_page_cut_inside_an_item_that_ends_like_a_unit_name():
    """A cut can leave an item ending in 处 (…行政许可和行政处): an item that starts with its
    number is a requirement cut short, not the unit cell of the row before."""
    lines = ["序号", "工作任务", "具体要求", "牵头单位", "完成时限",
             "1", "推进权力清单公开", "1.统一职权事项的设置和划分标准，通过政府网站公开。", "市编办", "12月底前",
             "2.公开取消、调整和保留的行政审批事项。",
             "2", "推进市场监管透明", "1.在门户网站建立市场监管行政许可和行政处"]
    rows = _rows("\n\n".join([TITLE, *lines]).encode("utf-8"), "cut-item.txt")
    assert [(r["seq"], r["requirement"][:6], [u[0] for u in r["units"]]) for r in rows] == [
        ("1", "统一职权事项", ["市编办"]), ("2", "公开取消、调", ["市编办"]), ("1", "在门户网站建", [])]


def test_a_page_cut_inside_a_unit_cell():
    """The cut falls in the unit cell (市市场监管…): it is the last row's units, with the name cut
    short left out, not a row of its own that the row before would inherit from."""
    lines = ["任务", "|", "责任单位", "|", "时限", "|",
             "集中公开推动经济发展的相关政策举措、工作进展和项目落地信息。", "|", "市政府各部门", "|", "持续推进", "|",
             "建立投资审批问题的办理和反馈机制，及时回应和解决堵点问题。", "|", "市发改委、市住建局", "|", "年底前", "|",
             "持续推进反垄断执法信息公开工作，营造公平竞争的市场环境。", "|", "市市场监管\ufffd"]
    rows = _rows("\n".join(lines).encode("utf-8"), "cut-units.txt")
    assert [(r["requirement"][:6], [u[0] for u in r["units"]], r["deadline_raw"]) for r in rows] == [
        ("集中公开推动", ["市政府各部门"], "持续推进"), ("建立投资审批", ["市发改委", "市住建局"], "年底前"),
        ("持续推进反垄", [], None)]


def test_a_title_above_a_table_printed_one_cell_per_line_between_bars():
    """Scrapers print a table one cell per line with a `|` line after each; the page's title and a
    blank line above the header are lines of their own, not part of the first column title."""
    lines = ["任务", "|", "责任单位", "|", "时限", "|",
             "集中公开推动经济发展的相关政策举措、工作进展和项目落地信息。", "|", "市政府各部门", "|", "持续推进", "|",
             "建立投资审批问题的办理和反馈机制，及时回应和解决堵点问题。", "|", "市发改委、市住建局", "|", "年底前", "|"]
    for above in ([TITLE], [TITLE, ""], ["关于印发2022年政务公开工作要点的通知", "各科室：", "现印发给你们，请认真落实。"]):
        rows = _rows("\n".join([*above, *lines]).encode("utf-8"), "bars.txt")
        assert [([u[0] for u in r["units"]], r["deadline_raw"]) for r in rows] == [
            (["市政府各部门"], "持续推进"), (["市发改委", "市住建局"], "年底前")], above


def _table(header: list[str], rows: list[tuple[str | None, ...]], layout: str) -> str:
    """A titled table as a page prints it: inline `a | b |` rows ("pipe rows"), or one cell per line with
    nothing ("lines") or a blank line ("blank lines") between cells; None cells are not printed."""
    if layout == "pipe rows":
        return "\n".join([TITLE, " | ".join(header) + " |", *(" | ".join(c for c in r if c) + " |" for r in rows)])
    cells = [TITLE, *header, *(c for r in rows for c in r if c)]
    return ("\n\n" if layout == "blank lines" else "\n").join(cells)


@pytest.mark.parametrize("layout", ["lines", "blank lines", "pipe rows"])
def test_deadline_cells_that_refer_to_a_rule_keep_their_row(layout: str):
    """按规定时限, 法定时限内, N个工作日内: before, such a cell fitted no column (时限 read as a title), and the
    pipe row holding it became a heading: its task was lost."""
    rows = [(None, "1.及时调整政务公开工作领导小组。", "办公室", "2023年3月底前"),
            (None, "2.及时公开教育经费预决算信息。", "计财股", "按规定时限"),
            (None, "3.规范依申请公开办理。", "法规股", "收到申请后20个工作日内"),
            (None, "4.做好招生入学政策公开。", "基础教育股", "法定时限内")]
    got = _rows(_table(HEADER, rows, layout).encode("utf-8"), "limits.txt")
    assert [(r["requirement"][:2], r["units"][0][0], r["deadline_raw"], r["deadline_inherited"]) for r in got] == [
        ("及时", "办公室", "2023年3月底前", False), ("及时", "计财股", "按规定时限", False),
        ("规范", "法规股", "收到申请后20个工作日内", False), ("做好", "基础教育股", "法定时限内", False)]


def test_a_short_cell_in_the_deadline_column_of_a_pipe_row_is_its_deadline():
    """A phrase no deadline pattern knows (与年度考核同步): where the row's cells are delimited, the column says
    what it is; before, the row could place it nowhere and became a heading, its task lost."""
    rows = [(None, "1.及时调整政务公开工作领导小组。", "办公室", "2023年3月底前"),
            (None, "2.及时公开教育经费预决算信息。", "计财股", "与年度考核同步"),
            (None, "3.做好招生入学政策公开。", "基础教育股", "2023年6月底前")]
    got = _rows(_table(HEADER, rows, "pipe rows").encode("utf-8"), "unknown.txt")
    assert [(r["units"][0][0], r["deadline_raw"]) for r in got] == [
        ("办公室", "2023年3月底前"), ("计财股", "与年度考核同步"), ("基础教育股", "2023年6月底前")]


@pytest.mark.parametrize("layout", ["lines", "blank lines", "pipe rows"])
def test_deadline_cells_that_name_no_date(layout: str):
    """完成时限 cells that are a span (4月—12月) or a standing rule (根据工作需要, 按上级要求, 动态更新, 按时)
    are the deadline, whether each cell has a line of its own or the row is printed inline."""
    rows = [("一、公开平台建设", "1.加强政府网站建设，及时更新栏目内容。", "办公室", "4月—12月"),
            (None, "2.做好政务新媒体管理，规范账号运营。", "办公室、信息中心", "根据工作需要"),
            (None, "3.规范依申请公开办理流程，按时答复申请人。", "法规科", "按上级要求"),
            (None, "4.做好政策解读工作，提高解读质量。", "法规科", "动态更新"),
            (None, "5.按要求编制并公开年度报告。", "办公室", "按时")]
    got = _rows(_table(HEADER, rows, layout).encode("utf-8"), "deadlines.txt")
    assert [(r["units"][0][0], r["deadline_raw"]) for r in got] == [
        ("办公室", "4月—12月"), ("办公室", "根据工作需要"), ("法规科", "按上级要求"), ("法规科", "动态更新"), ("办公室", "按时")]


def test_a_column_of_leaders_is_not_a_unit_column():
    """牵头领导 / 牵头局领导 columns hold people (王某某, 分管副局长): the units are the 责任单位 column's."""
    for title in ("牵头领导", "牵头局领导", "责任领导"):
        lines = [f"工作任务 | 具体要求 | {title} | 责任单位 | 完成时限 |",
                 "一、公开平台建设 | 1.加强政府网站建设，及时更新栏目内容。 | 王某某 | 办公室 | 年底前 |",
                 "2.做好政务新媒体管理，规范账号运营。 | 分管副局长 | 办公室、信息中心 | 持续推进 |"]
        rows = _rows("\n".join([TITLE, *lines]).encode("utf-8"), "leaders.txt")
        assert [[u[:2] for u in r["units"]] for r in rows] == [
            [("办公室", "responsible")], [("办公室", "responsible"), ("信息中心", "responsible")]], title


@pytest.mark.parametrize("header", [["工作任务", "具体要求", "责任处（室）", "完成时限"],
                                    ["工作任务", "工作目标", "责任科（股）室", "完成节点"],
                                    ["工作任务", "具体要求", "职责分工", "时间进度"]])
@pytest.mark.parametrize("layout", ["lines", "pipe rows"])
def test_other_words_for_the_columns(header: list[str], layout: str):
    """Column titles plans also use: a bracketed alternative (责任处（室）), 工作目标 for the requirement,
    职责分工 for the units, 完成节点 for the deadline."""
    rows = [("一、公开平台建设", "1.加强政府网站建设，及时更新栏目内容。", "办公室", "年底前"),
            (None, "2.做好政务新媒体管理，规范账号运营。", "办公室、信息中心", "持续推进"),
            ("二、依申请公开", "3.规范依申请公开办理流程，按时答复申请人。", "法规科", "6月底前")]
    got = _rows(_table(header, rows, layout).encode("utf-8"), "headers.txt")
    assert [(r["section"], [u[0] for u in r["units"]], r["deadline_raw"]) for r in got] == [
        (["一、公开平台建设"], ["办公室"], "年底前"), (["一、公开平台建设"], ["办公室", "信息中心"], "持续推进"),
        (["二、依申请公开"], ["法规科"], "6月底前")]


@pytest.mark.parametrize("layout", ["lines", "pipe rows"])
def test_落实举措_主责单位_and_督办单位_columns(layout: str):
    """落实举措 holds the requirement (before: read as no column, the task's title and text ran together),
    主责单位 the unit mainly answerable (before: no column, its units lost), 督办单位 the body that checks the
    work, not a unit doing it."""
    rows = [("一、公开平台建设", "1.加强政府网站建设，及时更新栏目内容。", "办公室", "信息中心", "县政务公开办", "年底前"),
            ("二、依申请公开", "2.规范依申请公开办理流程，按时答复申请人。", "法规科", "办公室", "县政务公开办", "6月底前")]
    header = ["目标任务", "落实举措", "主责单位", "协同单位", "督办单位", "完成时限"]
    got = _rows(_table(header, rows, layout).encode("utf-8"), "measures.txt")
    assert [(r["section"], r["requirement"][:4], [u[:2] for u in r["units"]]) for r in got] == [
        (["一、公开平台建设"], "加强政府", [("办公室", "lead"), ("信息中心", "cooperate")]),
        (["二、依申请公开"], "规范依申", [("法规科", "lead"), ("办公室", "cooperate")])]


@pytest.mark.parametrize("layout", ["lines", "pipe rows"])
def test_a_协助单位_column_holds_the_cooperating_units(layout: str):
    rows = [("一、公开平台建设", "1.加强政府网站建设，及时更新栏目内容。", "办公室", "信息中心", "年底前"),
            ("二、依申请公开", "2.规范依申请公开办理流程，按时答复申请人。", "法规科", "办公室", "6月底前")]
    got = _rows(_table(["工作任务", "具体要求", "牵头单位", "协助单位", "完成时限"], rows, layout).encode("utf-8"), "assist.txt")
    assert [[u[:2] for u in r["units"]] for r in got] == [
        [("办公室", "lead"), ("信息中心", "cooperate")], [("法规科", "lead"), ("办公室", "cooperate")]]


@pytest.mark.parametrize("layout", ["lines", "pipe rows"])
def test_one_column_for_the_units_and_their_deadline(layout: str):
    """责任单位及完成时限: the unit cell ends with the deadline, which becomes the row's deadline."""
    rows = [("一、公开平台建设", "1.加强政府网站建设，及时更新栏目内容。", "办公室、信息中心，2038年6月底前"),
            ("二、依申请公开", "2.规范依申请公开办理流程，按时答复申请人。", "法规科 持续推进")]
    got = _rows(_table(["工作任务", "具体要求", "责任单位及完成时限"], rows, layout).encode("utf-8"), "combined.txt")
    assert [([u[0] for u in r["units"]], r["deadline_raw"]) for r in got] == [
        (["办公室", "信息中心"], "2038年6月底前"), (["法规科"], "持续推进")]


def test_deadline_before_units_and_a_status_column():
    """The header's order wins over habit; a 落实情况 column is not a deadline."""
    lines = ["工作任务 | 具体要求 | 完成时限 | 责任单位 | 落实情况 |",
             "一、助力营商环境 | 1.全面及时发布涉企政策举措。 | 全年 | 区发改局、各街道 | 序时推进。 |",
             "2.及时回应企业关切和诉求。 | 12月底前 | 区政务服务中心 | 已完成。 |"]
    rows = _rows("\n".join([TITLE, *lines]).encode("utf-8"), "order.txt")
    assert [(r["deadline_raw"], [u[0] for u in r["units"]]) for r in rows] == [
        ("全年", ["区发改局", "各街道"]), ("12月底前", ["区政务服务中心"])]


def test_alignment_decides_where_rows_end_in_a_cell_stream():
    slots = [Slot("section"), Slot("seq", declared=False), Slot("requirement"), Slot("units"), Slot("deadline")]
    texts = ["一、公开平台建设", "1", "加强政府网站建设，及时更新栏目内容。", "办公室", "年底前",
             "2", "做好政务新媒体管理，规范账号运营。", "信息中心"]
    rows = align_stream([StreamCell(t, i, i) for i, t in enumerate(texts)], slots)
    assert [[slots[k].kind for k, _ in row] for row in rows] == [
        ["section", "seq", "requirement", "units", "deadline"], ["seq", "requirement", "units"]]


def test_the_last_row_of_a_page_cut_inside_the_table_inherits_nothing():
    """Pages stored with a size limit end inside the table: the last row's own cells
    were cut, not merged, so it keeps no units rather than borrowing the row above's."""
    text = _text_layouts()["pipe-rows"].replace("【打印本页】【关闭窗口】", "")
    rows = _rows(text.encode("utf-8"), "cut.txt")
    assert rows[:3] == EXPECTED[:3]
    assert rows[3]["units"] == [] and rows[3]["deadline_raw"] is None


def test_cells_run_together_with_nothing_between_them():
    """Document-sharing sites run a row's cells together and number their chunks 1、 2、:
    rows are found from the number, the sentence and the unit list that follow each other."""
    text = "\n".join([
        "1、某市2023年政务公开工作要点分工方案工作任务具体要求牵头落实单位一、加强政策解读1及时解读重要政策文件，"
        "回应社会关切。市发展改革委2按月公开全市一般公共预算收支情况，主动解释说明。市财政局二、推进",
        "2、信息公开1在门户网站公开2023年度部门预算，接受社会监督。市财政局、市审计局",
    ])
    rows = _rows(text.encode("utf-8"), "runon.txt")
    assert [(r["section"], r["seq"], r["requirement"], [(u[0], u[1]) for u in r["units"]]) for r in rows] == [
        (["一、加强政策解读"], "1", "及时解读重要政策文件，回应社会关切。", [("市发展改革委", "lead")]),
        (["一、加强政策解读"], "2", "按月公开全市一般公共预算收支情况，主动解释说明。", [("市财政局", "lead")]),
        (["二、推进信息公开"], "1", "在门户网站公开2023年度部门预算，接受社会监督。",
         [("市财政局", "lead"), ("市审计局", "lead")]),
    ]


def test_the_title_run_together_with_the_header_is_the_plans_title():
    """On a run-on page the plan's title is printed on the header's line, before 工作任务具体要求…: it is
    the title, the year comes from it, and 淮北市贯彻落实…省政府 is a place doing something, not an issuer."""
    text = ("1、淮北市贯彻落实国务院和省政府2037年政务公开工作要点分工方案工作任务具体要求牵头落实单位一、加强政策解读"
            "1及时解读重要政策文件，回应社会关切。市发展改革委2按月公开全市一般公共\n"
            "2、预算收支情况，主动解释说明。市财政局")
    plan = parse_bytes(text.encode("utf-8"), "runon-title.txt")
    assert (plan.title, plan.year, plan.issuer) == ("淮北市贯彻落实国务院和省政府2037年政务公开工作要点分工方案", 2037, None)
    assert [t.requirement for t in plan.tasks] == ["及时解读重要政策文件，回应社会关切。", "按月公开全市一般公共预算收支情况，主动解释说明。"]


@pytest.mark.parametrize("after", ["", "\n\n某县教育局办公室\n2037年1月5日印发\n"])
def test_the_last_run_together_row_keeps_its_deadline(after: str):
    """Cells run together to the end of the table: the last row's deadline after its units was dropped (and the
    row above's taken in its place); a signature run on after it is no part of it."""
    text = ("某县教育局2037年政务公开工作任务分解表\n序号工作任务责任股室完成时限1及时调整政务公开工作领导小组。办公室"
            "2037年3月底前2及时公开教育经费预决算信息。计财股按规定时限3做好招生入学政策公开。基础教育股2037年6月底前" + after)
    rows = _rows(text.encode("utf-8"), "runon-deadline.txt")
    assert [(r["units"][0][0], r["deadline_raw"], r["deadline_inherited"]) for r in rows] == [
        ("办公室", "2037年3月底前", False), ("计财股", "按规定时限", False), ("基础教育股", "2037年6月底前", False)]


def test_run_together_rows_after_schools_and_villages_and_a_number_in_the_text():
    """A unit list may end in 中小学 or 各村（社区） right before the next group's （四）; a 1 in 1+8+N is no row number."""
    text = ("某市教育局2037年政务公开重点工作任务分工任务具体内容责任科室（三）推进信息公开1深入推进公共企事业单位信息公开。"
            "办公室；各普通中小学（四）财务信息公开2围绕深入实施“1+8+N”方案体系，做好风险防控信息公开。计财科、各村（社区）"
            "3积极参加政务公开培训，提升公开质量。办公室")
    rows = _rows(text.encode("utf-8"), "runon-schools.txt")
    assert [(r["section"], r["seq"], [u[0] for u in r["units"]]) for r in rows] == [
        (["（三）推进信息公开"], "1", ["办公室", "各普通中小学"]),
        (["（四）财务信息公开"], "2", ["计财科", "各村（社区）"]),
        (["（四）财务信息公开"], "3", ["办公室"]),
    ]


def test_a_known_unit_list_run_into_the_next_group_heading_ends_the_row_there():
    """…格式规范体卫艺科、有关科室（三）加强…3…: the units end where the next group's numbered heading starts."""
    text = ("某县教育局2037年政务公开重点工作任务分工工作任务工作要求落实单位（一）规范政府网站建设1完善回应关切制度。体卫艺科、有关科室"
            "2动态更新部门文件，要全量覆盖、要素齐全、格式规范体卫艺科、有关科室（二）加强政策解读。3做好政策解读。政策法规科")
    rows = _rows(text.encode("utf-8"), "runon-known-heading.txt")
    assert [(r["section"], r["seq"], [u[0] for u in r["units"]]) for r in rows] == [
        (["（一）规范政府网站建设"], "1", ["体卫艺科", "有关科室"]),
        (["（一）规范政府网站建设"], "2", ["体卫艺科", "有关科室"]),
        (["（二）加强政策解读。"], "3", ["政策法规科"]),
    ]


def test_a_row_whose_end_cannot_be_read_does_not_swallow_the_rows_after_it():
    """…格式规范办公室；各科室（二）狠抓任务落实。4…: 办公室 is named here first, so nothing says where the
    requirement ends; the rows still count up, and 4 and 5 are read as before instead of one cell.
    (舆情，5小时内 is no row number: a row does not start after a comma.)"""
    text = ("某县教育局2037年政务公开重点工作任务分工工作任务工作要求落实单位（一）规范政府网站建设1完善回应关切制度。政策法规科"
            "2做好政策解读。政策法规科3动态更新部门文件，要全量覆盖、要素齐全、格式规范办公室；各科室（二）狠抓任务落实。"
            "4做好年度报告解读工作。办公室5对于重大突发事件的舆情，5小时内发布权威信息。办公室负责")
    rows = _rows(text.encode("utf-8"), "runon-unread.txt")
    assert [r["seq"] for r in rows] == ["1", "2", "3", "4", "5"]
    assert [(r["requirement"], [u[0] for u in r["units"]]) for r in rows[3:]] == [
        ("做好年度报告解读工作。", ["办公室"]), ("对于重大突发事件的舆情，5小时内发布权威信息。", ["办公室"])]


def test_a_run_together_requirement_without_a_full_stop_ends_where_a_known_unit_starts():
    """…格式规范办公室；各科室4…: nothing marks the end of the requirement but the page's own unit names."""
    text = ("某县教育局2037年政务公开重点工作任务分工工作任务工作要求落实单位规范政府网站建设1完善回应关切制度。办公室牵头，各科室配合"
            "2动态更新部门文件，要全量覆盖、要素齐全、格式规范办公室；各科室3做好政策解读。政策法规科")
    rows = _rows(text.encode("utf-8"), "runon-nostop.txt")
    assert [(r["seq"], r["requirement"], [u[0] for u in r["units"]]) for r in rows] == [
        ("1", "完善回应关切制度。", ["办公室", "各科室"]),
        ("2", "动态更新部门文件，要全量覆盖、要素齐全、格式规范", ["办公室", "各科室"]),
        ("3", "做好政策解读。", ["政策法规科"]),
    ]


def test_a_first_row_run_into_its_units_ends_where_a_common_unit_name_starts():
    """…格式规范办公室；各科室2…: no row before names a unit, but 办公室 and 各科室 are names every kind of plan uses."""
    text = ("某县教育局2037年政务公开重点工作任务分工工作任务工作要求落实单位规范政府网站建设"
            "1动态更新部门文件，要全量覆盖、要素齐全、格式规范办公室；各科室2做好政策解读。政策法规科")
    rows = _rows(text.encode("utf-8"), "runon-first.txt")  # before: 办公室；各科室 left in the requirement, no unit
    assert [(r["seq"], r["requirement"], [u[0] for u in r["units"]]) for r in rows] == [
        ("1", "动态更新部门文件，要全量覆盖、要素齐全、格式规范", ["办公室", "各科室"]),
        ("2", "做好政策解读。", ["政策法规科"]),
    ]


def test_cells_run_together_in_traditional_script():
    """The same run-on table on a mirror that converted it to Traditional: the header words
    (工作任務具體要求牽頭落實單位) and the rows are found all the same, printed as they were."""
    text = ("1、某市2023年政務公開工作要點分工方案工作任務具體要求牽頭落實單位一、加強政策解讀1及時解讀重要政策文件，"
            "回應社會關切。市發展改革委2按月公開全市一般公共預算收支情況，主動解釋說明。市財政局、市政府有關部門（單位）")
    rows = _rows(text.encode("utf-8"), "runon-traditional.txt")
    assert [(r["section"], r["seq"], r["requirement"], [(u[0], u[1]) for u in r["units"]]) for r in rows] == [
        (["一、加強政策解讀"], "1", "及時解讀重要政策文件，回應社會關切。", [("市發展改革委", "lead")]),
        (["一、加強政策解讀"], "2", "按月公開全市一般公共預算收支情況，主動解釋說明。",
         [("市財政局", "lead"), ("市政府有關部門（單位）", "lead")]),
    ]


def test_run_together_rows_whose_heading_ends_in_a_full_stop_or_follows_a_split_unit_list():
    """The next group's heading may end in 。 (（二）…规范化。2…), a unit list may name 县、区教育局 (one name
    printed for two), and an unnumbered heading starts right after 各科室, not inside it."""
    text = ("某县教育局2023年政务公开重点工作任务分工重点任务具体内容责任股室（一）规范依申请公开。1把政府信息公开条例"
            "列入理论中心组学习计划。办公室、党建办，县、区教育局（二）推进基层政务公开标准化规范化。2强化服务理念，"
            "更好满足申请人的合理需求。办公室负责，各处室配合3按季度公开部门预决算信息。各科室主动公开"
            "4动态更新部门文件，做到全量覆盖。办公室")
    rows = _rows(text.encode("utf-8"), "runon-headings.txt")
    assert [(r["section"], r["seq"], r["requirement"], [u[0] for u in r["units"]]) for r in rows] == [
        (["（一）规范依申请公开。"], "1", "把政府信息公开条例列入理论中心组学习计划。", ["办公室", "党建办", "县、区教育局"]),
        (["（二）推进基层政务公开标准化规范化。"], "2", "强化服务理念，更好满足申请人的合理需求。", ["办公室", "各处室"]),
        (["（二）推进基层政务公开标准化规范化。"], "3", "按季度公开部门预决算信息。", ["各科室"]),
        (["主动公开"], "4", "动态更新部门文件，做到全量覆盖。", ["办公室"]),
    ]


def test_indicator_table_with_score_cells_between_levels():
    """一级…四级指标 are the section, 五级指标 the task; bare scores between them are ignored,
    and a group printed only when it changes keeps the levels above it."""
    lines = ["一级指标", "二级指标", "三级指标", "四级指标", "五级指标", "责任科室",
             "主动公开", "重点领域信息", "23", "养老服务", "2", "补贴发放", "0.75",
             "是否及时公开本地区老年人补贴相关政策", "老龄科",
             "医疗卫生", "3", "公开标准", "0.5",
             "是否公开本地区卫生健康领域标准目录", "办公室", "【关闭窗口】"]
    rows = _rows("\n".join([TITLE, *lines]).encode("utf-8"), "indicators.txt")
    assert [(r["section"], r["requirement"], [u[0] for u in r["units"]]) for r in rows] == [
        (["主动公开", "重点领域信息", "养老服务", "补贴发放"], "是否及时公开本地区老年人补贴相关政策", ["老龄科"]),
        (["主动公开", "重点领域信息", "医疗卫生", "公开标准"], "是否公开本地区卫生健康领域标准目录", ["办公室"]),
    ]


def test_generated_flattened_tables_parse_back():
    """Tables nobody tuned on: the sample key's rows printed in random column orders,
    header words, merges and flattenings (bench/flattened.py; `--plans 300` for the full run)."""
    import random
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import flattened
    from score_parse import score

    rng, pool = random.Random(7), flattened._pool()
    counts = [0] * 10
    for k in range(40):
        text, expected, layout = flattened.generate(rng, pool)
        if layout == "run-on":
            continue
        counts = [a + b for a, b in zip(counts, score(expected, [r.to_json() for r in task_records(parse_bytes(text.encode(), f"g{k}.txt"))])
                                        ["_counts"], strict=True)]
    paired, gold, pred, sections, tp, fp, fn = counts[:7]
    assert paired / gold >= 0.97 and paired / pred >= 0.97
    assert sections / paired >= 0.9
    assert 2 * tp / (2 * tp + fp + fn) >= 0.97


def test_run_together_headings_start_after_long_unit_names_and_schools():
    """A unit list may end in a ten-character name (宣传与思想政治教育处) or a school (市直各学校) right before
    an unnumbered heading: the heading starts after the name, not inside it."""
    text = ("某县教育局2023年政务公开重点工作任务分工工作任务具体内容责任单位队伍建设1定期组织政务公开业务培训。"
            "科研处会电化教育馆负责，宣传与思想政治教育处配合经验交流2总结推广基层政务公开典型经验。办公室；"
            "市直各学校主动公开3及时公开招生入学政策。基教科")
    rows = _rows(text.encode("utf-8"), "runon-names.txt")
    assert [(r["section"], r["seq"], [u[0] for u in r["units"]]) for r in rows] == [
        (["队伍建设"], "1", ["科研处", "电化教育馆", "宣传与思想政治教育处"]),
        (["经验交流"], "2", ["办公室", "市直各学校"]),
        (["主动公开"], "3", ["基教科"]),
    ]


def test_generated_run_together_tables_parse_back():
    """Fifteen generated tables whose cells run together (flattened.py's run-on), scored like the dev set:
    before the fixes of the test above, 75 of 112 rows and sections 0.80."""
    import random
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import flattened
    from score_parse import score

    rng, pool = random.Random(7), flattened._pool()
    counts, plans = [0] * 10, 0
    while plans < 15:
        text, expected, layout = flattened.generate(rng, pool)
        if layout != "run-on":
            continue
        plans += 1
        rows = [r.to_json() for r in task_records(parse_bytes(text.encode(), f"run-on{plans}.txt"))]
        counts = [a + b for a, b in zip(counts, score(expected, rows)["_counts"], strict=True)]
    paired, gold, pred, sections, tp, fp, fn = counts[:7]
    assert paired / gold >= 0.9 and paired / pred >= 0.97
    assert sections / paired >= 0.9
    assert 2 * tp / (2 * tp + fp + fn) >= 0.98


def test_split_header_reprinted_group_and_lead_cooperate_columns():
    """Inline pipe rows as mirror sites print them: the header split over two lines, a group
    cell printed again after a page break (the same section, not a new one), and separate
    牵头部门 / 配合部门 columns that give the roles."""
    lines = ["工作任务 | 具体要求",
             "| 牵头部门 | 配合部门 | 时限要求 |",
             "一、助力优化营商环境 | 1.全面及时发布涉企政策举措。 | 办公室、政策法规处 | 机关各处室 | 持续推进 |",
             "2.及时回应企业关切和解决问题。 | 办公室 | 直属各单位 | 年底前 |",
             "一、助力优化营商环境 | 3.深化行政执法信息公开。 | 政策法规处 | 办公室 | 持续推进 |",
             "【打印本页】"]
    rows = _rows("\n".join([TITLE, *lines]).encode("utf-8"), "split-header.txt")
    assert [(r["section"], r["seq"], r["units"], r["deadline_raw"]) for r in rows] == [
        (["一、助力优化营商环境"], "1", [("办公室", "lead", False), ("政策法规处", "lead", False),
                                      ("机关各处室", "cooperate", False)], "持续推进"),
        (["一、助力优化营商环境"], "2", [("办公室", "lead", False), ("直属各单位", "cooperate", False)], "年底前"),
        (["一、助力优化营商环境"], "3", [("政策法规处", "lead", False), ("办公室", "cooperate", False)], "持续推进"),
    ]


def test_a_unit_cell_printed_on_two_lines():
    """Cell per line: one unit cell wrapped over two lines stays one cell of one row."""
    lines = ["工作任务", "具体要求", "责任科室", "",
             "一、主动公开", "1.是否公开本地区监督检查情况，包括检查计划及方案。",
             "医政医管与疾控监督科", "区卫生健康监督执法大队",
             "2.是否公开本地区传染病防治工作监督检查情况。", "办公室", "【关闭窗口】"]
    rows = _rows("\n".join([TITLE, *lines]).encode("utf-8"), "two-line-units.txt")
    assert [[u[0] for u in r["units"]] for r in rows] == [["医政医管与疾控监督科", "区卫生健康监督执法大队"], ["办公室"]]


@pytest.mark.parametrize("kind", ["catalogue", "catalogue-cells", "progress-report", "completion-report"])
def test_table_lookalikes_are_not_plans(kind: str, tmp_path: Path):
    """Tables that look like task tables but assign no tasks: a disclosure catalogue (what is
    disclosed, by whom, when), a report on the progress of tasks with a 牵头单位 column, a
    monthly completion report without units. exit 1, one line, no rows."""
    from typer.testing import CliRunner

    from zwgk.cli import app

    pages = {
        "catalogue": ["某镇政府信息主动公开基本目录",
                      "序号 | 公开事项 | 公开内容 | 公开时限 | 公开主体 | 公开方式 |",
                      "1 | 机构职能 | 机构名称、职能、领导信息。 | 信息形成之日起20个工作日内 | 党政办公室 | 政府网站 |",
                      "2 | 规范性文件 | 本机关制定的规范性文件。 | 信息形成之日起20个工作日内 | 司法所 | 政府网站 |"],
        "catalogue-cells": ["某局政府信息公开事项目录", "序号", "|", "信息类别", "|", "公开内容", "|", "公开属性", "|",
                            "公开主体", "|", "1", "|", "审批结果信息", "|", "项目审批结果。", "|", "主动公开", "|",
                            "发展改革部门", "|"],
        "progress-report": ["【落实情况】某局2025年《政府工作报告》主要任务上半年落实情况",
                            "序号 | 主要任务 | 牵头单位 | 落实情况 |",
                            "145 | 提升城市公共空间规划建设治理水平。 | 市自规局、市城管局 | 扎实开展道路、游园等建设，已完成12项。 |",
                            "249 | 支持志愿服务等事业发展。 | 市委社会工作部 | 上半年完成接待任务175批次。 |"],
        "completion-report": ["2023年5月民政局政务公开重点工作任务完成情况", "指标序号", "任务", "时限", "推进落实情况",
                              "22", "依据标准目录，持续提升重点领域的信息公开水平。", "持续推进",
                              "每月月底公开社会救助领域重点项目落实情况。",
                              "24", "将惠民惠农财政补贴资金发放结果通过村务公开栏公开。", "年底前", "已按要求公开。"],
    }
    path = tmp_path / f"{kind}.txt"
    path.write_text("\n".join(pages[kind]), encoding="utf-8")
    result = CliRunner().invoke(app, ["parse", str(path), "--format", "jsonl"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"{path}: not a task plan: " in result.stderr


def test_pipe_rows_without_a_header_take_their_columns_from_the_cells():
    """A page that starts inside the table: no header, yet each column's cells say what it is."""
    lines = ["一、公开平台建设 | 1 | 加强政府网站建设，及时更新栏目内容。 | 办公室 | 年底前 |",
             "2 | 做好政务新媒体管理，规范账号运营。 | 办公室、信息中心 | 持续推进 |",
             "二、依申请公开 | 3 | 规范依申请公开办理流程，按时答复申请人。 | 法规科 | 6月底前 |",
             "【打印本页】"]
    rows = _rows("\n".join(lines).encode("utf-8"), "headerless.txt")
    assert [(r["section"], r["seq"], [u[0] for u in r["units"]], r["deadline_raw"]) for r in rows] == [
        (["一、公开平台建设"], "1", ["办公室"], "年底前"),
        (["一、公开平台建设"], "2", ["办公室", "信息中心"], "持续推进"),
        (["二、依申请公开"], "3", ["法规科"], "6月底前"),
    ]


def test_a_page_cut_right_after_the_table_header_says_so(tmp_path: Path):
    """Not a look-alike: the plan's table starts, then the page ends. One line says that."""
    from typer.testing import CliRunner

    from zwgk.cli import app

    path = tmp_path / "cut.txt"
    path.write_text("\n".join([TITLE, "各科室：", "现将任务分工印发给你们，请认真落实。", "",
                               "工作任务", "", "具体要求", "", "牵头单位", "", "责任单位", ""]), encoding="utf-8")
    result = CliRunner().invoke(app, ["parse", str(path)])
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"zwgk: {path}: the task table's header is there but the text ends "
                                     "before its first row")


def test_rows_whose_cells_are_separated_by_single_spaces():
    """A web table copied as text with one space between cells: the 序号 is the row's number, not text."""
    text = "\n".join(["某县2038年政务公开重点工作任务分解表", "序号 工作任务 责任单位 完成时限",
                      "1 做好政府信息公开年度报告编制发布工作。 县政府办公室 2039年1月31日前",
                      "2 推进财政预决算公开，在 3 个工作日内答复咨询。 县财政局 2038年6月底前",
                      "3 加强政务新媒体管理，规范账号运营。 县委网信办、县政府办公室 持续推进"])
    rows = _rows(text.encode("utf-8"), "spaces.txt")
    assert [(r["seq"], r["requirement"], [u[0] for u in r["units"]], r["deadline_raw"]) for r in rows] == [
        ("1", "做好政府信息公开年度报告编制发布工作。", ["县政府办公室"], "2039年1月31日前"),
        ("2", "推进财政预决算公开，在 3 个工作日内答复咨询。", ["县财政局"], "2038年6月底前"),
        ("3", "加强政务新媒体管理，规范账号运营。", ["县委网信办", "县政府办公室"], "持续推进"),
    ]


@pytest.mark.parametrize("sep", ["\t", " | ", "    "])
def test_a_grid_of_short_phrases_under_titled_columns_is_a_plan(sep: str):
    """A task list's cells are often phrases, not sentences (no 。, no comma). Under a header that titles a
    requirement column (具体措施) beside a units column (责任股室), they are the tasks; before, a tab grid
    of them was rejected as 'no task rows found'. Cells between runs of spaces that do not line up under
    their titles (CJK text is twice as wide on screen) are taken in order when every column has one."""
    lines = [["序号", "重点任务", "具体措施", "责任股室", "完成时间"],
             ["1", "社会救助信息公开", "按月公开城乡低保及特困供养资金发放情况", "社会救助股", "每月"],
             ["2", "养老服务信息公开", "公开养老机构名录、服务项目及收费标准", "养老服务股", "2038年6月底前"],
             ["3", "依申请公开", "规范依申请公开受理、办理、答复流程", "办公室", "长期"]]
    text = "\n".join(["某县民政局2038年政务公开工作任务清单", *(sep.join(r) for r in lines)])
    rows = _rows(text.encode("utf-8"), "grid.txt")
    assert [(r["section"], r["requirement"], [u[0] for u in r["units"]], r["deadline_raw"]) for r in rows] == [
        (["社会救助信息公开"], "按月公开城乡低保及特困供养资金发放情况", ["社会救助股"], "每月"),
        (["养老服务信息公开"], "公开养老机构名录、服务项目及收费标准", ["养老服务股"], "2038年6月底前"),
        (["依申请公开"], "规范依申请公开受理、办理、答复流程", ["办公室"], "长期"),
    ]


def test_a_group_cell_worded_like_a_task_keeps_its_own_column_in_a_pipe_row():
    """依法依规做好…答复工作 has no full stop and starts with a verb: it reads as a requirement as much as a
    heading. Its own cell on a `a | b | c` row says it is the group column's, not the text's first half."""
    lines = [TITLE, "主要任务 | 任务内容", "| 牵头单位 |",
             "持续深化舆情回应 | 完善政策解读制度，扎实做好解读工作。 | 办公室牵头相关科室 |",
             "依申请公开 | 健全完善公开属性认定流程，加强对个人隐私、商业秘密保护。 | 办公室；各有关科室 |",
             "依法依规做好政府信息依申请公开答复工作 | 决策文件出台后，决策承办科室要向社会详细公开前期意见的收集、采纳情况以及"
             "较为集中意见不予采纳的原因。 | 各有关科室 |",
             "规范答复文书，提升答复规范化程度。 | 办公室负责，各处室配合 |",
             "【打印本页】【关闭窗口】"]
    rows = _rows("\n".join(lines).encode("utf-8"), "pipe-groups.txt")
    assert [(r["section"], r["requirement"][:6]) for r in rows] == [
        (["持续深化舆情回应"], "完善政策解读"),
        (["依申请公开"], "健全完善公开"),
        (["依法依规做好政府信息依申请公开答复工作"], "决策文件出台"),  # before: 依法依规做好…工作决策文件出台后…
        (["依法依规做好政府信息依申请公开答复工作"], "规范答复文书"),
    ]


def test_a_lone_last_row_that_reads_as_a_requirement_is_a_task_not_a_heading():
    """A last `text |` row with no full stop read as a group heading with no task under it: the task was lost."""
    lines = [TITLE,
             "（一）持续加强重大政策发布解读。 | 围绕脱贫攻坚各项重点工作，加大政策举措和落实情况的信息公开力度。 | 持续推进 | 计划财务科、资助中心 |",
             "对国家出台基层政务公开标准指引的各领域，积极履行行业主管部门指导监督职责。 | 6月底前 |",
             "深入推进公共企事业单位信息公开，完善本领域公开目录。 | 11月底前 | 办公室；各普通中小学 |",
             "（二）明确领导责任 | 根据省教育厅编制的事项指引目录，指导基层教育部门推进政务公开标准化。 | 11月底前 | 县区教育局 |",
             "完善门户网站在线互动功能，确保在收到留言咨询之日起3个工作日内完成回复。 | 年底前 | 办公室、政策法规科 |",
             "动态更新部门文件，要全量覆盖、要素齐全、格式规范 |",
             "【打印本页】【关闭窗口】"]
    rows = _rows("\n".join(lines).encode("utf-8"), "last-row.txt")
    assert len(rows) == 6  # before: 5
    last = rows[-1]
    assert (last["section"], last["requirement"]) == (["（二）明确领导责任"], "动态更新部门文件，要全量覆盖、要素齐全、格式规范")
    assert ([u[0] for u in last["units"]], last["deadline_raw"]) == (["办公室", "政策法规科"], "年底前")  # merged from above
