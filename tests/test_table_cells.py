"""What a table's cells say beyond their text.

An empty cell is not a merged one: where the file records its merges (html rowspan, docx vMerge,
xlsx merged ranges), a 配合单位 cell left empty names nobody, while a cell merged down over the row
gives it the units above, flagged inherited. Where the file cannot tell the two apart (a CSV export,
text copied from a page), a blank cell is read as merged, as before.

A requirement cell holding several numbered items, each closed by its own bracket of units, is one
task per item, each with its bracket's units.

The tables are written here, in each format, with the libraries the readers use.
"""
from __future__ import annotations

import io

from zwgk.ingest.parser import parse_bytes

HEADER = ["序号", "重点任务", "具体措施", "牵头单位", "配合单位", "完成时限"]
#: (seq, task, measure, lead, cooperating, deadline); None: the cell above merged down over this one.
ROWS = [
    ("1", "推进决策公开", "完善重大行政决策事项目录。", "县司法局", "县直各单位", "6月底前"),
    ("2", None, "做好决策草案公开征求意见。", "县政府办公室", "", "持续推进"),
    ("3", "深化政策解读", "做好政策文件解读，解读材料与文件同步发布。", "县政府办公室", "县融媒体中心", "全年"),
    ("4", "回应社会关切", "加强政务舆情监测和回应。", None, "县委网信办", None),
]
TITLE = "某县2032年政务公开工作任务分解表"


def _units(data: bytes, name: str) -> list[list[tuple[str, str, bool]]]:
    plan = parse_bytes(data, name)
    return [[(u.name, u.role, u.inherited) for u in t.units] for t in plan.tasks]


def _deadlines(data: bytes, name: str) -> list[tuple[str | None, bool]]:
    return [(t.deadline.raw, t.deadline.inherited) for t in parse_bytes(data, name).tasks]


EXPECTED = [
    [("县司法局", "lead", False), ("县直各单位", "cooperate", False)],
    [("县政府办公室", "lead", False)],  # its 配合单位 cell is empty: not 县直各单位 from the row above
    [("县政府办公室", "lead", False), ("县融媒体中心", "cooperate", False)],
    [("县政府办公室", "lead", True), ("县委网信办", "cooperate", False)],  # merged down from row 3
]


def _html() -> bytes:
    spans = {}
    for c in range(len(HEADER)):
        for r, row in enumerate(ROWS):
            if row[c] is not None:
                spans[(r, c)] = 1 + next((k for k, later in enumerate(ROWS[r + 1 :]) if later[c] is not None),
                                         len(ROWS) - r - 1)
    body = "".join(
        "<tr>" + "".join(f'<td rowspan="{spans[(r, c)]}">{row[c]}</td>' for c in range(len(HEADER)) if (r, c) in spans)
        + "</tr>" for r, row in enumerate(ROWS))
    head = "<tr>" + "".join(f"<td>{h}</td>" for h in HEADER) + "</tr>"
    return f"<html><body><p>{TITLE}</p><table border=1>{head}{body}</table></body></html>".encode()


def _docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(TITLE)
    table = document.add_table(rows=len(ROWS) + 1, cols=len(HEADER))
    for c, h in enumerate(HEADER):
        table.cell(0, c).text = h
    for r, row in enumerate(ROWS, 1):
        for c, value in enumerate(row):
            if value is None:
                table.cell(r - 1, c).merge(table.cell(r, c))
            else:
                table.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xlsx() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([TITLE])
    sheet.append(HEADER)
    for r, row in enumerate(ROWS, 3):
        for c, value in enumerate(row, 1):
            if value is None:
                top = r - 1
                while sheet.cell(top, c).value is None:
                    top -= 1
                sheet.merge_cells(start_row=top, start_column=c, end_row=r, end_column=c)
            elif value:
                sheet.cell(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_empty_html_cell_names_nobody_and_a_rowspan_is_inherited():
    assert _units(_html(), "plan.html") == EXPECTED
    assert _deadlines(_html(), "plan.html") == [("6月底前", False), ("持续推进", False), ("全年", False), ("全年", True)]


def test_an_empty_docx_cell_names_nobody_and_a_vertical_merge_is_inherited():
    assert _units(_docx(), "plan.docx") == EXPECTED


def test_an_empty_xlsx_cell_names_nobody_and_a_merged_range_is_inherited():
    assert _units(_xlsx(), "plan.xlsx") == EXPECTED


def test_a_csv_export_cannot_tell_an_empty_cell_from_a_merged_one_so_a_blank_is_carried_down():
    lines = [TITLE, ",".join(HEADER)] + [",".join(v or "" for v in row) for row in ROWS]
    units = _units("\n".join(lines).encode(), "plan.csv")
    assert units[1] == [("县政府办公室", "lead", False), ("县直各单位", "cooperate", True)]
    assert units[3] == EXPECTED[3]


def test_numbered_items_in_one_cell_each_with_its_own_bracket_are_rows_with_those_units():
    text = (
        "某县2032年政务公开工作任务分解表\n"
        "序号\t工作任务\t具体措施\t责任单位\t完成时限\n"
        "1\t推进决策公开\t1.完善重大行政决策事项目录。（县司法局）2.做好决策草案公开征求意见。"
        "（县政府办公室牵头，县直各单位配合，6月底前）\t\t年底前\n"
        "2\t深化政策解读\t做好政策文件解读。1.解读材料与文件同步发布。\t县政府办公室\t全年\n"
    )
    plan = parse_bytes(text.encode(), "plan.txt")
    assert [(t.seq, t.requirement, [(u.name, u.role) for u in t.units], t.deadline.raw) for t in plan.tasks] == [
        ("1", "完善重大行政决策事项目录。", [("县司法局", "responsible")], "年底前"),
        ("2", "做好决策草案公开征求意见。", [("县政府办公室", "lead"), ("县直各单位", "cooperate")], "6月底前"),
        ("2", "做好政策文件解读。1.解读材料与文件同步发布。", [("县政府办公室", "responsible")], "全年"),
    ]
