"""Bad input fails with one clear line naming the file and the reason; good files go on."""
from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from conftest import SAMPLES

from zwgk.ingest.errors import NotATaskPlan, ParseError
from zwgk.ingest.parser import parse_file, parse_files, parse_text

TABLE = "序号\t工作任务\t具体要求\t责任单位\t完成时限\n1\t政策解读\t做好政策解读工作。\t办公室\t年底前\n"


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_other_encodings_decode_to_the_same_rows(tmp_path: Path, encoding: str):
    path = tmp_path / f"plan-{encoding}.txt"
    path.write_bytes(TABLE.encode(encoding))
    plan = parse_file(path)
    assert [t.requirement for t in plan.tasks] == ["做好政策解读工作。"]
    assert [u.name for u in plan.tasks[0].units] == ["办公室"]


def _corrupt_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document>")
    return buffer.getvalue()[:40]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\n  ", "empty file"),
        (bytes(range(256)) * 4, "binary"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (_corrupt_docx(), "zip"),
    ],
)
def test_unreadable_files_fail_with_one_line(tmp_path: Path, content: bytes, reason: str):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ParseError) as info:
        parse_file(path)
    message = str(info.value)
    assert str(path) in message and reason.lower() in message.lower()
    assert "\n" not in message


def test_a_failed_file_does_not_stop_the_others(tmp_path: Path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    results = dict(parse_files([bad, SAMPLES / "shitai-county-2022.txt"]))
    assert isinstance(results[bad], ParseError)
    assert len(results[SAMPLES / "shitai-county-2022.txt"].tasks) == 42


CATALOGUE = """某县教育局主动公开基本目录

序号\t公开事项\t公开内容\t公开依据\t公开时限\t公开主体
1\t机构职能\t机构设置、主要职责\t《中华人民共和国政府信息公开条例》\t信息形成之日起20个工作日内\t办公室
2\t财政预决算\t部门预算、决算\t《预算法》\t批复后20日内\t财务股
"""

ANNUAL_REPORT = """某县教育局2022年政府信息公开工作年度报告

一、总体情况
2022年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息120条。
二、主动公开政府信息情况
三、收到和处理政府信息公开申请情况
全年共收到政府信息公开申请5件，均按时答复。
"""

COVER_NOTICE = """关于印发某县2023年政务公开重点工作任务分解表的通知

各乡镇人民政府，县政府各部门：
现将《某县2023年政务公开重点工作任务分解表》印发给你们，请认真贯彻落实。

附件：某县2023年政务公开重点工作任务分解表
"""


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (CATALOGUE, "disclosure catalogue"),
        (ANNUAL_REPORT, "annual report"),
        (COVER_NOTICE, "cover notice"),
        ("今天天气很好。\n我们去公园散步。\n", "no task table"),
    ],
)
def test_documents_that_are_not_task_plans_say_so(text: str, reason: str):
    with pytest.raises(NotATaskPlan) as info:
        parse_text(text, "x.txt")
    assert str(info.value).startswith("not a task plan: ")
    assert reason in str(info.value)


def test_sidecar_metadata_overrides_what_the_parser_inferred(tmp_path: Path):
    path = tmp_path / "plan.txt"
    path.write_text(TABLE, encoding="utf-8")
    path.with_name("plan.txt.meta.json").write_text('{"issuer": "泗县教育体育局", "year": 2022}', encoding="utf-8")
    plan = parse_file(path)
    assert plan.issuer == "泗县教育体育局" and plan.year == 2022
    assert plan.region is not None and plan.region.chain == ("安徽省", "宿州市", "泗县")
    assert plan.tasks[0].deadline.date == "2022-12-31"


def test_a_task_row_mentioning_领域_and_主管部门_is_still_a_task_row():
    text = ("序号\t工作任务\t具体要求\t责任单位\n1\t重点领域信息\t主管部门切实履行主管职责，加强业务培训。\t办公室\n"
            "2\t\t做好政策解读。\t各科室\n")
    assert [t.requirement for t in parse_text(text).tasks] == ["主管部门切实履行主管职责，加强业务培训。", "做好政策解读。"]


def test_the_notice_s_own_annex_is_not_a_cited_policy():
    text = ("安徽省人民政府办公厅关于印发2023年安徽省政务公开工作要点的通知\n各市、县人民政府，省政府各部门：\n"
            "现将《2023年安徽省政务公开工作要点》印发给你们，请认真贯彻落实。\n\n"
            "序号\t工作任务\t责任单位\t完成时限\n1\t做好政策解读工作。\t省政府办公厅\t年底前\n")
    plan = parse_text(text)
    assert plan.policies == ()
    assert plan.issuer == "安徽省人民政府办公厅" and plan.region.name == "安徽省" and plan.year == 2023


# -- one clear line for inputs that used to give a vague one or a traceback ------------------------------

def _docx(text: str = "做好政策解读工作。") -> bytes:
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=4)
    for c, cell in enumerate(["序号", "工作任务", "责任单位", "完成时限"]):
        table.cell(0, c).text = cell
    for c, cell in enumerate(["1", text, "办公室", "年底前"]):
        table.cell(1, c).text = cell
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _encrypted(data: bytes) -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt("secret", out)
    return out.getvalue()


def _xlsx() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["序号", "工作任务", "责任单位"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _pdf(encrypt: str | None) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, encrypt=encrypt)
    pdf.drawString(50, 700, "plan")
    pdf.save()
    return out.getvalue()


@pytest.mark.parametrize(("name", "make"), [("secret.docx", lambda: _encrypted(_docx())),
                                            ("secret.xlsx", lambda: _encrypted(_xlsx())),
                                            ("secret.doc", lambda: _encrypted(_docx())),
                                            ("secret.pdf", lambda: _pdf("secret"))])
def test_a_password_protected_file_says_so(tmp_path: Path, name: str, make):
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(ParseError) as info:
        parse_file(path)
    assert "password-protected (encrypted)" in str(info.value) and "\n" not in str(info.value)


def test_a_pdf_with_only_an_owner_password_is_read(tmp_path: Path):
    from reportlab.lib.pdfencrypt import StandardEncryption

    path = tmp_path / "restricted.pdf"
    path.write_bytes(_pdf(StandardEncryption("", ownerPassword="owner", canPrint=0)))  # opens without a password
    with pytest.raises(NotATaskPlan):  # read fine: it just holds no table
        parse_file(path)


@pytest.mark.parametrize(("kind", "make"), [("a named pipe", lambda p: os.mkfifo(p)), ("a folder", lambda p: p.mkdir())])
def test_something_that_is_not_a_regular_file_is_refused_without_reading(tmp_path: Path, kind: str, make):
    path = tmp_path / "plan.txt"
    make(path)  # reading a FIFO would block for ever
    with pytest.raises(ParseError, match=f"not a regular file: {kind}"):
        parse_file(path)


SIDECAR_PLAN = "序号\t工作任务\t责任单位\t完成时限\n1\t做好政策解读工作。\t办公室\t年底前\n"


@pytest.mark.parametrize("year", ['"二〇二二年"', '"2022年"', "2022", '"２０２２"'])
def test_a_sidecar_year_written_as_people_write_it_is_read(tmp_path: Path, year: str):
    path = tmp_path / "plan.txt"
    path.write_text(SIDECAR_PLAN, encoding="utf-8")
    path.with_name("plan.txt.meta.json").write_text(f'{{"year": {year}}}', encoding="utf-8")
    plan = parse_file(path)
    assert plan.year == 2022 and plan.tasks[0].deadline.date == "2022-12-31"


@pytest.mark.parametrize(("content", "says"), [
    (b"{year: 2022,,", "is not valid JSON (Expecting property name enclosed in double quotes at line 1 column 2)"),
    (b"[2022]", "holds a JSON list, not an object"),
    (b"", "is empty"),
    ('{"year": "去年"}'.encode(), 'year must be a year between 1949 and 2100 such as 2022, not "去年"'),
    (b'{"year": 99999999}', "year must be a year"),
    (b'{"year": true}', "year must be a year"),
    (b'{"issuer": 12345}', "issuer must be text, not 12345"),
])
def test_a_bad_sidecar_is_one_line_naming_it(tmp_path: Path, content: bytes, says: str):
    path = tmp_path / "plan.txt"
    path.write_text(SIDECAR_PLAN, encoding="utf-8")
    path.with_name("plan.txt.meta.json").write_bytes(content)
    with pytest.raises(ParseError) as info:
        parse_file(path)
    message = str(info.value)
    assert message.startswith(f"{path}: sidecar plan.txt.meta.json") and says in message and "\n" not in message


def test_a_gbk_sidecar_is_read(tmp_path: Path):
    path = tmp_path / "plan.txt"
    path.write_text(SIDECAR_PLAN, encoding="utf-8")
    path.with_name("plan.txt.meta.json").write_bytes('{"issuer": "泗县教育体育局"}'.encode("gbk"))
    assert parse_file(path).issuer == "泗县教育体育局"



ANNUAL_REPORT_WITH_TABLE = """某县教育局2022年政府信息公开工作年度报告

一、总体情况
2022年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息120条。
二、主动公开政府信息情况
序号\t工作任务\t具体要求\t责任单位\t完成时限
1\t规章\t本年新制定规章0件。\t办公室\t0
2\t规范性文件\t本年新制定规范性文件2件。\t办公室\t0
三、收到和处理政府信息公开申请情况
全年共收到政府信息公开申请5件，均按时答复。
四、存在的主要问题及改进情况
"""


def test_an_annual_report_with_a_task_like_table_is_not_a_plan():
    """年度报告 pages carry tables in the 主动公开 section; they report, they do not assign work."""
    with pytest.raises(NotATaskPlan, match="annual report"):
        parse_text(ANNUAL_REPORT_WITH_TABLE, "report.txt")
