"""Readers for the formats bureaus publish in: every one gives the key's rows back.

Fixtures are built here, in code, from the rows of the sample key
(tests/fixtures/gold): the key's rows become a table with real merged cells
(sections merged down over their rows, unit and deadline cells merged down
exactly where the key says they are inherited, 工作任务 merged across its two
columns, level-1 headings as rows merged across the table), written as
.docx (python-docx), .html (a portal page), .xlsx (openpyxl) and .pdf
(reportlab, with the STSong-Light CID font, which needs no font file). The
parsed rows must equal the key's rows. bench/bench_formats.py reuses the
writers below.
"""
from __future__ import annotations

import html as htmlmod
import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import GOLD, SAMPLES, read_jsonl

from zwgk.ingest.errors import ParseError
from zwgk.ingest.parser import parse_bytes, parse_files
from zwgk.ingest.readers import SUPPORTED_SUFFIXES, iter_plan_files, read_document, sniff_format
from zwgk.ingest.readers.numbering import format_number
from zwgk.ingest.readers.office import find_soffice
from zwgk.ingest.readers.render import ABOVE, LEFT, resolve_merges
from zwgk.ingest.records import plan_record, task_records

WS = re.compile(r"\s+")

# ------------------------------------------------------------------ grids from key rows


@dataclass
class Anchor:
    """A cell where it starts, with how far it reaches."""

    text: str
    rowspan: int = 1
    colspan: int = 1


Grid = list[list[Anchor | None]]  # None: covered by an anchor above or to the left


@dataclass(frozen=True)
class Layout:
    """How a plan's table is printed: column kinds in order and the header cells."""

    columns: tuple[str, ...]  # seq, s0, s1 (section levels), req, units, deadline
    header: tuple[tuple[str, int], ...]  # (label, colspan)
    banner: bool = False  # section level 1 as a row merged across the table
    enumerate: bool = False  # the item number printed in the requirement cell (1．…)
    unit_lines: bool = False  # one unit per paragraph


LAYOUTS = {
    "yanzhou-edu-2023": Layout(("seq", "s0", "s1", "req", "units", "deadline"),
                               (("序号", 1), ("工作任务", 2), ("具体要求", 1), ("责任单位", 1), ("完成时限", 1)),
                               unit_lines=True),
    "shitai-county-2022": Layout(("seq", "s0", "s1", "req"), (("序号", 1), ("工作任务", 2), ("工作要求", 1))),
    "huaibei-edu-2020": Layout(("s0", "s1", "seq", "req", "units", "deadline"),
                               (("工作任务", 2), ("序号", 1), ("具体要求", 1), ("责任单位", 1), ("时限要求", 1))),
    "guangzhou-edu-2021": Layout(("s1", "req", "units"), (("工作任务", 1), ("具体要求", 1), ("责任处室", 1)),
                                 banner=True, enumerate=True),
}
PLANS = sorted(LAYOUTS)


def key_rows(name: str) -> list[dict]:
    return read_jsonl(GOLD / f"{name}.jsonl")


def _continues(kind: str, row: dict, prev: dict | None) -> bool:
    """Whether a row's cell in this column is the cell above, merged down."""
    if prev is None:
        return False
    if kind in ("s0", "s1"):
        level = int(kind[1])
        return len(row["section"]) > level and row["section"][: level + 1] == prev["section"][: level + 1]
    if kind == "units":
        return bool(row["units_inherited"])
    if kind == "deadline":
        return bool(row["deadline_inherited"])
    return False


def _text(kind: str, row: dict, layout: Layout) -> str:
    if kind == "seq":
        return row["seq"] or ""
    if kind in ("s0", "s1"):
        level = int(kind[1])
        return row["section"][level] if len(row["section"]) > level else ""
    if kind == "req":
        number = f"{row['seq']}．" if layout.enumerate and row["seq"] else ""
        return number + row["requirement"]
    if kind == "units":
        units = row["units_raw"] or ""
        return units.replace("；", "\n") if layout.unit_lines else units
    return row["deadline_raw"] or ""


def plan_grid(rows: list[dict], layout: Layout) -> Grid:
    """The table of a plan's rows: header, then one grid row per task, merged cells where
    values run down (sections) or the key says they are inherited (units, deadlines)."""
    width = len(layout.columns)
    header: list[Anchor | None] = []
    for label, span in layout.header:
        header += [Anchor(label, 1, span)] + [None] * (span - 1)
    grid: Grid = [header]
    open_anchor: dict[int, Anchor] = {}
    prev: dict | None = None
    for row in rows:
        if layout.banner and (prev is None or row["section"][:1] != prev["section"][:1]):
            grid.append([Anchor(row["section"][0], 1, width)] + [None] * (width - 1))
            open_anchor.clear()
            prev = None
        cells: list[Anchor | None] = []
        for k, kind in enumerate(layout.columns):
            if k in open_anchor and _continues(kind, row, prev):
                open_anchor[k].rowspan += 1
                cells.append(None)
            else:
                open_anchor[k] = Anchor(_text(kind, row, layout))
                cells.append(open_anchor[k])
        grid.append(cells)
        prev = row
    return grid


def domain_grid(records: list[dict]) -> Grid:
    """石台 附件2 as printed: two blocks of 序号 | 领域 | 主管部门 side by side, a department
    merged down over the domains it also covers (within its block)."""
    half = (len(records) + 1) // 2
    grid: Grid = [[Anchor(t) for t in ("序号", "领域", "县直业务主管部门") * 2]]
    blocks = [records[:half], records[half:]]
    open_dept: dict[int, Anchor] = {}
    for i in range(half):
        cells: list[Anchor | None] = []
        for b, block in enumerate(blocks):
            if i >= len(block):
                cells += [Anchor(""), Anchor(""), Anchor("")]
                continue
            rec = block[i]
            domain = rec["domain"] + (f"（{rec['flag']}）" if rec["flag"] else "")
            cells += [Anchor(str(rec["seq"])), Anchor(domain)]
            if rec["department_inherited"] and b in open_dept:
                open_dept[b].rowspan += 1
                cells.append(None)
            else:
                open_dept[b] = Anchor(rec["department"] or "")
                cells.append(open_dept[b])
        grid.append(cells)
    return grid


def split_grid(grid: Grid, at: int) -> tuple[Grid, Grid]:
    """A table broken by a page: rows before `at`, then the header again and the rest;
    a cell merged across the break goes on, blank, in the second part."""
    first = [[Anchor(a.text, min(a.rowspan, at - r), a.colspan) if a else None for a in row]
             for r, row in enumerate(grid[:at])]
    second = [[Anchor(a.text, a.rowspan, a.colspan) if a else None for a in grid[0]]]
    second += [list(row) for row in grid[at:]]
    for r, c, a in _anchors(grid[:at]):
        if r + a.rowspan > at:
            second[1][c] = Anchor("", r + a.rowspan - at, a.colspan)
    return first, second


def preamble(name: str) -> list[str]:
    """The notice text printed before the task table in the sample (metadata comes from it)."""
    lines = (SAMPLES / f"{name}.txt").read_text(encoding="utf-8").split("\n")
    end = next(i for i, s in enumerate(lines) if "\t" in s)
    return [s.strip() for s in lines[:end]]


# ------------------------------------------------------------------ writers


def _anchors(grid: Grid):
    for r, row in enumerate(grid):
        for c, a in enumerate(row):
            if a is not None:
                yield r, c, a


def write_docx(notice: list[str], grids: list[Grid], between: list[str] | None = None, split: bool = False) -> bytes:
    """A .docx with the notice paragraphs and one real table per grid (merged with
    python-docx); `split`: the first two grids are one table broken by a page."""
    import docx
    from docx.table import _Cell

    document = docx.Document()
    for line in notice:
        document.add_paragraph(line)
    for g, grid in enumerate(grids):
        if g == 1 and split:
            document.add_paragraph("")
        elif g:
            for line in between or [""]:
                document.add_paragraph(line)
        width = max(len(r) for r in grid)
        table = document.add_table(rows=len(grid), cols=width)
        cells = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
        for r, c, a in _anchors(grid):
            cell = cells[r][c]
            parts = a.text.split("\n")
            cell.paragraphs[0].text = parts[0]
            for part in parts[1:]:
                cell.add_paragraph(part)
        for r, c, a in _anchors(grid):
            if a.rowspan > 1 or a.colspan > 1:
                cells[r][c].merge(cells[r + a.rowspan - 1][c + a.colspan - 1])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def write_html(notice: list[str], grids: list[Grid], encoding: str = "utf-8", between: list[str] | None = None) -> bytes:
    """A portal page: banner, navigation, breadcrumb, 索引号 box, the article (title, notice,
    data tables inside a layout table) and a footer."""
    esc = htmlmod.escape
    declared = "gb2312" if encoding.lower() in ("gbk", "gb18030", "gb2312") else encoding
    body = [f"<p>{esc(s)}</p>" if s else "<p>&nbsp;</p>" for s in notice[1:]]
    for g, grid in enumerate(grids):
        if g:
            body += [f"<p>{esc(s)}</p>" for s in between or []]
        rows = []
        for r, row in enumerate(grid):
            tds = []
            for a in row:
                if a is None:
                    continue
                span = (f' rowspan="{a.rowspan}"' if a.rowspan > 1 else "") + (f' colspan="{a.colspan}"' if a.colspan > 1 else "")
                tag = "th" if r == 0 else "td"
                inner = "".join(f"<p>{esc(p)}</p>" for p in a.text.split("\n")) if "\n" in a.text else esc(a.text)
                tds.append(f"<{tag}{span}>{inner}</{tag}>")
            rows.append("<tr>" + "".join(tds) + "</tr>")
        body.append('<table width="100%" class="layout"><tr><td>\n<table border="1" cellspacing="0">\n<tbody>'
                    + "\n".join(rows) + "</tbody></table>\n</td></tr></table>")
    page = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={declared}">
<title>政务公开_人民政府门户网站</title>
<script>var nav = "首页 政务公开 政务服务 互动交流";</script><style>td {{ border: 1px solid #000 }}</style></head>
<body>
<div class="header"><div class="logo">人民政府门户网站</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/zwfw">政务服务</a></li>
<li><a href="/hdjl">互动交流</a></li><li><a href="/zjxx">走进本区</a></li></ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; <a href="/zwgk/tzgg">通知公告</a></div>
<div class="main">
<table class="xxgk-info"><tr><td>索引号：</td><td>11370882MB2841017Y/2023-00012</td><td>主题分类：</td><td>政务公开</td></tr>
<tr><td>发布日期：</td><td>2023-05-10</td><td>浏览次数：</td><td>128</td></tr></table>
<div class="article"><h1 class="title">{esc(notice[0]) if notice else ""}</h1>
<div class="content">
{chr(10).join(body)}
</div></div>
<div class="related"><h3>相关链接</h3><ul><li><a href="/a">关于做好政务公开工作的通知</a></li><li><a href="/b">政务公开工作要点解读</a></li></ul></div>
</div>
<div class="footer"><p>主办单位：人民政府办公室　承办单位：大数据中心</p><p>地址：人民路1号　电话：0537-1234567　版权所有 鲁ICP备12345678号</p></div>
</body></html>
"""
    return page.encode(encoding)


def write_xlsx(notice: list[str], grid: Grid) -> bytes:
    """A workbook: a notes sheet first, then the plan's sheet (title rows merged across, the table)."""
    import openpyxl

    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "填表说明"
    notes["A1"] = "请各单位按时报送落实情况。"
    notes["A2"] = "联系人：办公室"
    sheet = book.create_sheet("任务分解表")
    width = max(len(r) for r in grid)
    top = 1
    for line in (s for s in notice if s):
        sheet.cell(top, 1, line)
        sheet.merge_cells(start_row=top, start_column=1, end_row=top, end_column=width)
        top += 1
    for r, c, a in _anchors(grid):
        sheet.cell(top + r, 1 + c, int(a.text) if a.text.isdigit() else a.text)
        if a.rowspan > 1 or a.colspan > 1:
            sheet.merge_cells(start_row=top + r, start_column=1 + c, end_row=top + r + a.rowspan - 1,
                              end_column=c + a.colspan)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_csv(notice: list[str], grid: Grid, encoding: str = "utf-8") -> bytes:
    """The sheet saved as CSV, as Excel does: title rows of one cell, a merged cell's text in its top-left
    cell and nothing in the cells it covered."""
    import csv

    width = max(len(r) for r in grid)
    rows = [[line] + [""] * (width - 1) for line in notice if line]
    table = [[""] * width for _ in grid]
    for r, c, a in _anchors(grid):
        table[r][c] = a.text
    out = io.StringIO()
    csv.writer(out).writerows(rows + table)
    return out.getvalue().encode(encoding)


_PDF_WIDTHS = {"seq": 26, "s0": 70, "s1": 70, "req": 190, "units": 80, "deadline": 48}


def _cid_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def cut_spans(grid: Grid, rows: int) -> Grid:
    """Cells merged down cut every `rows` grid rows, the text in the first piece: how
    Word prints a merged cell that a page break runs through (reportlab cannot break a
    table inside a span, so every column is cut at the same rows)."""
    out: Grid = [[Anchor(a.text, a.rowspan, a.colspan) if a else None for a in row] for row in grid]
    for r, c, a in list(_anchors(out)):
        end = r + a.rowspan
        cuts = [k for k in range(r + 1, end) if k % rows == 0]  # the same rows in every column
        for start, stop in zip(cuts, [*cuts[1:], end], strict=False):
            out[start][c] = Anchor("", stop - start, a.colspan)
        a.rowspan = (cuts[0] if cuts else end) - r
    return out


def write_pdf(notice: list[str], grids: list[Grid], widths: list[list[float]] | None = None,
              between: list[str] | None = None) -> bytes:
    """A ruled-table PDF (reportlab): notice paragraphs, then each grid as a table with
    SPAN for merged cells, split over pages with the header repeated."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _cid_font()
    text = ParagraphStyle("text", fontName=font, fontSize=10.5, leading=14, spaceAfter=8)
    cell = ParagraphStyle("cell", fontName=font, fontSize=9, leading=12)
    story: list = [Paragraph(htmlmod.escape(s), text) if s else Spacer(1, 6) for s in notice]
    for g, grid in enumerate(grids):
        if g:
            story += [Paragraph(htmlmod.escape(s), text) for s in between or []]
        grid = cut_spans(grid, 3)
        width = max(len(r) for r in grid)
        data = [["" for _ in range(width)] for _ in grid]
        style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        for r, c, a in _anchors(grid):
            data[r][c] = Paragraph("<br/>".join(htmlmod.escape(p) for p in a.text.split("\n")), cell)
            if a.rowspan > 1 or a.colspan > 1:
                style.append(("SPAN", (c, r), (c + a.colspan - 1, r + a.rowspan - 1)))
        col_widths = widths[g] if widths else [480 / width] * width
        story.append(Table(data, colWidths=col_widths, repeatRows=1, style=TableStyle(style)))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=50, rightMargin=50, topMargin=50, bottomMargin=50).build(story)
    return out.getvalue()


def write_text_pdf(lines: list[str], size: float = 12) -> bytes:
    """A PDF of plain text lines (no ruling): a blank source line is a wider gap, as in
    the PDF the text sample was converted from; a page number at each page's foot."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font = _cid_font()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    height = A4[1]
    page, y, gap = 1, height - 60, False
    for line in lines:
        if not line.strip():
            gap = True
            continue
        y -= size * (2.2 if gap else 1.25)
        if y < 70:
            pdf.setFont(font, 10)
            pdf.drawCentredString(A4[0] / 2, 40, f"- {page} -")
            pdf.showPage()
            page, y = page + 1, height - 60 - size
        pdf.setFont(font, size)
        pdf.drawString(50, y, line)
        gap = False
    pdf.setFont(font, 10)
    pdf.drawCentredString(A4[0] / 2, 40, f"- {page} -")
    pdf.save()
    return out.getvalue()


def write_scanned_pdf() -> bytes:
    """A PDF whose pages are only images, like a scan."""
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("L", (200, 280), 255)
    for x in range(20, 180):
        image.putpixel((x, 40), 0)
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    for _ in range(2):
        pdf.drawImage(ImageReader(image), 50, 100, width=400, height=560)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def pdf_widths(layout: Layout) -> list[float]:
    return [_PDF_WIDTHS[k] for k in layout.columns] if not layout.banner else [110, 260, 110]


def plan_file(name: str, fmt: str) -> tuple[str, bytes]:
    """(file name, bytes) of a key plan written in `fmt`."""
    layout = LAYOUTS[name]
    grid = plan_grid(key_rows(name), layout)
    notice = preamble(name)
    grids, between = [grid], None
    if name == "shitai-county-2022":  # 附件2 after the task table: several tables in one file
        grids.append(domain_grid(read_jsonl(GOLD / "shitai-county-2022.domains.jsonl")))
        between = ["附件 2:", "县直各公开领域业务主管部门名单"]
    if fmt == "docx":
        return f"{name}.docx", write_docx(notice, grids, between)
    if fmt == "docx-split":  # the task table broken in two by a page, header repeated
        first, second = split_grid(grid, len(grid) // 2)
        return f"{name}.docx", write_docx(notice, [first, second] + grids[1:], between, split=True)
    if fmt == "html":
        return f"{name}.html", write_html(notice, grids, "utf-8", between)
    if fmt == "html-gbk":
        return f"{name}.shtml", write_html(notice, grids, "gbk", between)
    if fmt == "xlsx":
        return f"{name}.xlsx", write_xlsx(notice, grid)
    if fmt == "csv":
        return f"{name}.csv", write_csv(notice, grid)
    if fmt == "csv-gbk":  # saved by Excel on a Chinese Windows: the system code page
        return f"{name}.csv", write_csv(notice, grid, "gbk")
    if fmt == "pdf":
        widths = [pdf_widths(layout)] + ([[40, 130, 70] * 2] if len(grids) > 1 else [])
        return f"{name}.pdf", write_pdf(notice, grids, widths, between)
    raise ValueError(fmt)


# ------------------------------------------------------------------ comparisons


def _squeeze(text: str | None) -> str | None:
    return None if text is None else WS.sub("", text)


def comparable(row: dict) -> dict:
    return {
        "seq": row["seq"],
        "section": [_squeeze(s) for s in row["section"]],
        "requirement": _squeeze(row["requirement"]),
        "units": [(u["name"], u["role"], u.get("aspect")) for u in row["units"]],
        "units_inherited": row.get("units_inherited", any(u.get("inherited") for u in row["units"])),
        "deadline_raw": row["deadline_raw"],
        "deadline_inherited": row["deadline_inherited"],
    }


FORMATS = ["docx", "docx-split", "html", "html-gbk", "xlsx", "csv", "csv-gbk", "pdf"]


@pytest.fixture(scope="module")
def gold_plans_by_name(gold_plans) -> dict[str, dict]:
    return {k.removesuffix(".txt"): v for k, v in gold_plans.items()}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", PLANS)
def test_rows_equal_the_key(name: str, fmt: str):
    filename, data = plan_file(name, fmt)
    plan = parse_bytes(data, filename)
    gold = [comparable(r) for r in key_rows(name)]
    mine = [comparable(r.to_json()) for r in task_records(plan)]
    assert plan.layout.split(":")[0] == fmt.split("-")[0]
    assert len(mine) == len(gold), plan.layout
    for i, (m, g) in enumerate(zip(mine, gold, strict=True)):
        assert m == g, f"{name} {fmt} row {i + 1}"


@pytest.mark.parametrize("fmt", ["docx", "html", "html-gbk", "xlsx", "csv", "pdf"])
@pytest.mark.parametrize("name", PLANS)
def test_metadata_from_the_notice_text(name: str, fmt: str, gold_plans_by_name):
    filename, data = plan_file(name, fmt)
    mine = plan_record(parse_bytes(data, filename)).to_parse_json()
    gold = gold_plans_by_name[name]
    for key in ("title", "issuer", "region", "year", "doc_number"):
        assert mine[key] == gold[key], key


@pytest.mark.parametrize("fmt", ["docx", "html", "pdf"])
def test_second_table_of_the_file_gives_the_domains(fmt: str):
    filename, data = plan_file("shitai-county-2022", fmt)
    gold = read_jsonl(GOLD / "shitai-county-2022.domains.jsonl")
    assert plan_record(parse_bytes(data, filename)).to_parse_json()["domains"] == gold


def test_text_only_pdf_goes_through_the_pdf_text_layout():
    """泗县 is a PDF without ruling: its lines come back and the pdf-flow layout applies."""
    lines = (SAMPLES / "sixian-edu-2022.txt").read_text(encoding="utf-8").split("\n")
    plan = parse_bytes(write_text_pdf(lines), "sixian-edu-2022.pdf")
    assert plan.layout == "pdf:pdf-flow"
    gold = [comparable(r) for r in key_rows("sixian-edu-2022")]
    assert [comparable(r.to_json()) for r in task_records(plan)] == gold


def test_pdf_text_is_chinese_not_cid_codes():
    _, data = plan_file("yanzhou-edu-2023", "pdf")
    lines = read_document(data, "x.pdf").lines
    text = "".join(lines)
    assert "济宁市兖州区教育和体育局" in text and "(cid:" not in text


# ------------------------------------------------------------------ merge policy


def test_merge_policy():
    slots = [["序号", "工作任务", LEFT, "具体要求"],
             ["一、组织推进", LEFT, LEFT, LEFT],
             ["1", "组织领导", "建立机制", "x"],
             ["2", ABOVE, "", "y"],
             ["", "标题跨三列", LEFT, LEFT]]
    assert resolve_merges(slots) == [["序号", "工作任务", "", "具体要求"], ["一、组织推进"],
                                     ["1", "组织领导", "建立机制", "x"], ["2", "", "", "y"], ["标题跨三列"]]


def test_docx_merged_cells_are_text_once_and_blank_below():
    _, data = plan_file("yanzhou-edu-2023", "docx")
    doc = read_document(data, "x.docx")
    (table,) = doc.tables
    texts = [[c.text for c in r] for r in table.rows]
    assert texts[0] == ["序号", "工作任务", "", "具体要求", "责任单位", "完成时限"]
    assert texts[1][:3] == ["1", "推进绿色低碳高质量发展信息公开", "围绕提升群众生活品质强化公开"]
    assert texts[1][4] == "基础教育科\n职教科"
    assert texts[2][:3] == ["2", "", ""]
    # cells point at their lines: the tab-started DOCX→text form of the samples
    cell = table.rows[1][4]
    assert doc.lines[cell.first - 1] == "\t基础教育科" and doc.lines[cell.last - 1] == "职教科"


def test_docx_list_numbering_fills_the_seq_column():
    """序号 cells numbered by Word (the List Number style) rather than typed."""
    import docx

    _, data = plan_file("yanzhou-edu-2023", "docx")
    document = docx.Document(io.BytesIO(data))
    for row in document.tables[0].rows[1:]:
        paragraph = row.cells[0].paragraphs[0]
        paragraph.text = ""
        paragraph.style = document.styles["List Number"]
    out = io.BytesIO()
    document.save(out)
    plan = parse_bytes(out.getvalue(), "numbered.docx")
    assert [comparable(r.to_json()) for r in task_records(plan)] == [comparable(r) for r in key_rows("yanzhou-edu-2023")]


@pytest.mark.parametrize(("n", "fmt", "text"), [(1, "chineseCounting", "一"), (10, "chineseCounting", "十"),
                                                (11, "chineseCountingThousand", "十一"), (23, "chineseCounting", "二十三"),
                                                (3, "ideographTraditional", "丙"), (2, "decimalEnclosedCircle", "②"),
                                                (4, "upperRoman", "IV"), (12, "decimalFullWidth", "１２"), (7, None, "7")])
def test_list_number_formats(n: int, fmt: str | None, text: str):
    assert format_number(n, fmt) == text


def test_html_layout_table_and_chrome():
    _, data = plan_file("yanzhou-edu-2023", "html")
    doc = read_document(data, "x.html")
    text = "\n".join(doc.lines)
    assert len(doc.tables) == 1
    assert "首页" not in text and "版权所有" not in text and "相关链接" not in text
    assert doc.lines[0].startswith("济宁市兖州区教育和体育局")


MINI = ("<html><head>{meta}</head><body><div class=\"nav\"><a href=\"/\">首页</a></div><p>某县教育局</p>"
        "<table border=1><tr><td>序号</td><td>工作任务</td><td>具体要求</td><td>责任单位</td></tr>"
        "<tr><td>1</td><td rowspan=2>政策解读</td><td>做好政策解读工作。</td><td rowspan=2>办公室<br>政策法规股</td></tr>"
        "<tr><td>2</td><td>加强舆情回应。</td></tr></table></body></html>")


@pytest.mark.parametrize(("meta", "encoding"), [
    ('<meta charset="gb2312">', "gbk"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=GBK">', "gb18030"),
    ("", "gbk"),  # no declaration: detected
    ('<meta charset="utf-8">', "gbk"),  # declared wrong, as portals do
    ("", "utf-8"),
])
def test_html_charsets(meta: str, encoding: str):
    plan = parse_bytes(MINI.format(meta=meta).encode(encoding), "page.htm")
    assert [t.requirement for t in plan.tasks] == ["做好政策解读工作。", "加强舆情回应。"]
    assert [t.section for t in plan.tasks] == [("政策解读",), ("政策解读",)]
    assert [[(u.name, u.inherited) for u in t.units] for t in plan.tasks] == [
        [("办公室", False), ("政策法规股", False)], [("办公室", True), ("政策法规股", True)]]


def test_docx_without_tables_reads_its_paragraphs_as_text():
    """A plan typed as tab-separated paragraphs: the text layouts apply to the docx's lines."""
    text = (SAMPLES / "shitai-county-2022.txt").read_text(encoding="utf-8")
    data = write_docx(text.split("\n"), [])
    plan = parse_bytes(data, "typed.docx")
    assert plan.layout == "docx:tab-rows"
    assert [comparable(r.to_json()) for r in task_records(plan)] == [comparable(r) for r in key_rows("shitai-county-2022")]


def test_cli_parses_each_format(tmp_path: Path):
    from typer.testing import CliRunner

    from zwgk.cli import app

    paths = []
    for fmt in ("docx", "html", "xlsx", "pdf"):
        filename, data = plan_file("shitai-county-2022", fmt)
        paths.append(tmp_path / filename)
        paths[-1].write_bytes(data)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really")
    result = CliRunner().invoke(app, ["parse", *map(str, paths), str(broken), "--format", "jsonl"])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 4 * 42
    assert result.stderr.strip().splitlines() == [f"zwgk: {broken}: corrupt or truncated .xlsx (not a readable zip archive)"]


def test_heavy_readers_are_imported_only_when_needed():
    import subprocess
    import sys

    code = ("import sys; import zwgk.cli; from zwgk.ingest.parser import parse_file; "
            f"parse_file({str(SAMPLES / 'shitai-county-2022.txt')!r}); "
            "print(sorted(m for m in ('docx', 'openpyxl', 'pdfplumber', 'lxml', 'reportlab') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ------------------------------------------------------------------ damaged files


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _html_cut_in_table(data: bytes) -> bytes:
    return data[: data.index(b"<th") + 2000]


DAMAGED = [
    ("docx", "plan.docx", _truncated, "truncated .docx"),
    ("xlsx", "plan.xlsx", _truncated, "truncated .xlsx"),
    ("pdf", "plan.pdf", _truncated, "truncated PDF"),
    ("pdf", "plan.pdf", lambda d: d.replace(b"obj", b"jbo"), "PDF"),
    ("html", "plan.html", _html_cut_in_table, "truncated HTML"),
    ("html", "plan.html", lambda d: bytes(range(256)) * 8, "binary"),
    ("docx", "plan.docx", lambda d: b"\x00\x01garbage" * 50, "docx"),
    ("xlsx", "plan.xlsx", lambda d: b"PK\x03\x04" + b"\x00" * 300, "zip"),
]


@pytest.mark.parametrize(("fmt", "filename", "damage", "reason"), DAMAGED)
def test_damaged_file_fails_with_one_line(fmt: str, filename: str, damage, reason: str):
    _, data = plan_file("yanzhou-edu-2023", fmt)
    with pytest.raises(ParseError) as info:
        parse_bytes(damage(data), filename)
    message = str(info.value)
    assert reason.lower() in message.lower() and "\n" not in message


#: An OLE compound file whose main stream is a Word document (what .doc and .wps files are).
OLE_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200 + "WordDocument".encode("utf-16-le") + b"\x00" * 300


def test_scanned_pdf_says_so():
    with pytest.raises(ParseError) as info:
        parse_bytes(write_scanned_pdf(), "scan.pdf")
    message = str(info.value)
    assert "scanned PDF" in message and "OCR" in message and "\n" not in message


@pytest.mark.skipif(find_soffice() is not None, reason="LibreOffice is installed")
@pytest.mark.parametrize("filename", ["plan.doc", "plan.wps", "renamed.txt"])
def test_doc_without_libreoffice_names_it(filename: str):
    with pytest.raises(ParseError) as info:
        parse_bytes(OLE_DOC, filename)
    message = str(info.value)
    assert "LibreOffice" in message and "\n" not in message


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_doc_converted_through_libreoffice(tmp_path: Path):
    import subprocess

    _, data = plan_file("yanzhou-edu-2023", "docx")
    src = tmp_path / "plan.docx"
    src.write_bytes(data)
    # LibreOffice's direct docx → doc export drops python-docx's table; going through .odt keeps it,
    # so the .doc under test really holds the table, as one saved by Word does.
    for source, target in ((src, "odt"), (tmp_path / "plan.odt", "doc")):
        subprocess.run([find_soffice(), f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless",
                        "--convert-to", target, "--outdir", str(tmp_path), str(source)],
                       check=True, capture_output=True, timeout=300)
    plan = parse_bytes((tmp_path / "plan.doc").read_bytes(), "plan.doc")
    assert [comparable(r.to_json()) for r in task_records(plan)] == [comparable(r) for r in key_rows("yanzhou-edu-2023")]


def _fake_soffice(tmp_path: Path, monkeypatch, converted: Path | None) -> None:
    """An `soffice` on PATH that 'converts' by copying `converted` (or fails to)."""
    import os
    import sys

    script = tmp_path / "bin" / "soffice"
    script.parent.mkdir()
    copy = (f"import shutil; shutil.copy({str(converted)!r}, Path(outdir) / (Path(src).stem + '.docx'))"
            if converted else "pass")
    script.write_text(f"#!{sys.executable}\nimport sys\nfrom pathlib import Path\n"
                      "args = sys.argv[1:]\noutdir = args[args.index('--outdir') + 1]\nsrc = args[-1]\n"
                      f"Path(outdir).mkdir(parents=True, exist_ok=True)\n{copy}\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{script.parent}{os.pathsep}{os.environ.get('PATH', '')}")


def test_doc_goes_through_the_converter_to_the_docx_reader(tmp_path: Path, monkeypatch):
    converted = tmp_path / "converted.docx"
    converted.write_bytes(plan_file("yanzhou-edu-2023", "docx")[1])
    _fake_soffice(tmp_path, monkeypatch, converted)
    plan = parse_bytes(OLE_DOC, "plan.wps")
    assert plan.layout == "wps:table"
    assert [comparable(r.to_json()) for r in task_records(plan)] == [comparable(r) for r in key_rows("yanzhou-edu-2023")]


def test_doc_the_converter_cannot_read_fails_with_one_line(tmp_path: Path, monkeypatch):
    _fake_soffice(tmp_path, monkeypatch, None)
    with pytest.raises(ParseError) as info:
        parse_bytes(OLE_DOC, "plan.doc")
    assert str(info.value) == "LibreOffice could not convert this old Word (.doc) file (damaged, or not really one)"


# ------------------------------------------------------------------ dispatch and folders


@pytest.mark.parametrize(("fmt", "disguise"), [("docx", "plan.txt"), ("pdf", "plan.txt"), ("xlsx", "plan.txt"),
                                               ("html", "plan.doc"), ("docx", "plan.xlsx")])
def test_content_wins_over_the_name(fmt: str, disguise: str):
    _, data = plan_file("yanzhou-edu-2023", fmt)
    assert sniff_format(data, disguise)[0] == fmt
    assert len(parse_bytes(data, disguise).tasks) == 22


def test_folder_ingest_takes_supported_files_and_goes_on_past_bad_ones(tmp_path: Path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    good = {}
    for fmt, folder in (("docx", "a"), ("html", "a/b"), ("xlsx", "a/b"), ("pdf", "")):
        filename, data = plan_file("yanzhou-edu-2023", fmt)
        path = tmp_path / folder / filename
        path.write_bytes(data)
        good[path] = data
    shutil.copy(SAMPLES / "shitai-county-2022.txt", tmp_path / "shitai.txt")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj")
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04junk")
    (tmp_path / "notes.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / "list.csv").write_text("a,b", encoding="utf-8")
    (tmp_path / "~$lock.docx").write_bytes(b"lock")
    (tmp_path / "shitai.txt.meta.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".git" / "config.txt").write_text("x", encoding="utf-8")
    files, skipped = iter_plan_files([tmp_path])
    assert skipped == 2  # notes.jpg, ~$lock.docx
    assert {p.name for p in files} == {p.name for p in good} | {"shitai.txt", "broken.pdf", "broken.docx", "list.csv"}
    results = dict(parse_files(files))
    failures = {p.name: str(r) for p, r in results.items() if isinstance(r, ParseError)}
    assert set(failures) == {"broken.pdf", "broken.docx", "list.csv"}  # a .csv is read, and this one is no plan
    assert all("\n" not in m for m in failures.values())
    assert good and all(len(results[p].tasks) == 22 for p in good)


def test_named_files_are_taken_whatever_their_suffix(tmp_path: Path):
    odd = tmp_path / "plan.dat"
    odd.write_text("x", encoding="utf-8")
    assert iter_plan_files([odd, odd]) == ([odd], 0)


def test_supported_suffixes():
    assert {".txt", ".docx", ".html", ".htm", ".shtml", ".pdf", ".xlsx", ".doc", ".wps"} <= SUPPORTED_SUFFIXES
