"""Hostile inputs for bench/reliability.py, all built in code: encodings, binary, truncated and
encrypted office files, zip bombs, huge files, odd names, permissions, bad sidecars.

Each `Case` writes its files into an empty folder and says what a careful tool must do with
them: `refuse` (one line naming the file, the store unchanged), `store` (the plan is stored)
or `any` (either, but never a traceback). Every plan a case writes carries the case's tag in
its requirements, so the runner can find exactly that plan's tasks in the store.
"""
from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Case", "cases", "plan_text", "docx_bytes", "xlsx_bytes", "pdf_bytes"]

HEADER = "序号\t工作任务\t具体要求\t责任单位\t完成时限"
REPORT_HEAD = "某县教育局2022年政府信息公开工作年度报告"


def plan_text(tag: str, rows: int = 3, title: str = "某县教育局2023年政务公开重点工作任务分解表") -> str:
    body = [f"{i}\t政策解读\t做好{tag}第{i}项政策解读工作。\t办公室\t年底前" for i in range(1, rows + 1)]
    return "\n".join([title, "", HEADER, *body]) + "\n"


def _rows(tag: str, n: int) -> list[list[str]]:
    return [["序号", "工作任务", "具体要求", "责任单位", "完成时限"]] + [
        [str(i), "政策解读", f"做好{tag}第{i}项政策解读工作。", "办公室", "年底前"] for i in range(1, n + 1)]


def docx_bytes(tag: str, rows: int = 3, cell: str | None = None) -> bytes:
    """A .docx with a title and the task table, its document.xml written directly (python-docx's
    table.cell() is quadratic: a 50,000-row table would take it an hour)."""
    from xml.sax.saxutils import escape

    data = _rows(tag, rows)
    if cell is not None:
        data[1][2] = cell

    def para(text: str) -> str:
        return f"<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p>"

    table = "".join("<w:tr>" + "".join(f"<w:tc>{para(c)}</w:tc>" for c in row) + "</w:tr>" for row in data)
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}"><w:body>'
           f"{para('某县教育局2023年政务公开重点工作任务分解表')}<w:tbl><w:tblGrid>{'<w:gridCol/>' * 5}</w:tblGrid>"
           f"{table}</w:tbl><w:sectPr/></w:body></w:document>")
    return _replace_member(_empty_docx(), "word/document.xml", xml.encode())


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _empty_docx() -> bytes:
    import docx

    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


def xlsx_bytes(tag: str, rows: int = 3) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("任务")
    for row in _rows(tag, rows):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def pdf_bytes(tag: str, rows: int = 3, encrypt: str | None = None) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, encrypt=encrypt)
    y = A4[1] - 60
    for line in plan_text(tag, rows).splitlines():
        pdf.setFont("STSong-Light", 10)
        pdf.drawString(40, y, line.replace("\t", "    "))
        y -= 16
    pdf.save()
    return out.getvalue()


def _encrypt_office(data: bytes, password: str = "secret") -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile  # test extra: writes real ECMA-376 (agile) encryption

    src, out = io.BytesIO(data), io.BytesIO()
    OOXMLFile(src).encrypt(password, out)
    return out.getvalue()


def _docx_parts(document_xml_writer: Callable[[io.BufferedIOBase], None]) -> bytes:
    """A .docx whose word/document.xml is streamed by the writer (for bombs)."""
    base = zipfile.ZipFile(io.BytesIO(docx_bytes("bomb")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in base.infolist():
            if info.filename == "word/document.xml":
                with archive.open("word/document.xml", "w", force_zip64=True) as member:
                    document_xml_writer(member)
            else:
                archive.writestr(info, base.read(info.filename))
    return out.getvalue()


def docx_bomb(gigabytes: float = 2.0) -> bytes:
    """A .docx of ~2 MB whose document.xml inflates to `gigabytes` GB of paragraphs."""
    chunk = ("<w:p><w:r><w:t>政务公开</w:t></w:r></w:p>" * 30000).encode()
    total = int(gigabytes * (1 << 30))

    def write(member) -> None:
        member.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                     b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
        written = 0
        while written < total:
            member.write(chunk)
            written += len(chunk)
        member.write(b"</w:body></w:document>")

    return _docx_parts(write)


def xlsx_bomb(gigabytes: float = 1.0) -> bytes:
    base = zipfile.ZipFile(io.BytesIO(xlsx_bytes("bomb")))
    out = io.BytesIO()
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    total = int(gigabytes * (1 << 30))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in base.infolist():
            if info.filename.startswith("xl/worksheets/sheet"):
                with archive.open(info.filename, "w", force_zip64=True) as member:
                    member.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                    written = 0
                    while written < total:
                        member.write(row * 20000)
                        written += len(row) * 20000
                    member.write(b"</sheetData></worksheet>")
            else:
                archive.writestr(info, base.read(info.filename))
    return out.getvalue()


def _many_members(tag: str, n: int = 20000) -> bytes:
    base = zipfile.ZipFile(io.BytesIO(docx_bytes(tag)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for info in base.infolist():
            archive.writestr(info, base.read(info.filename))
        for i in range(n):
            archive.writestr(f"word/media/x{i}.bin", b"")
    return out.getvalue()


def _replace_member(data: bytes, name: str, content: bytes) -> bytes:
    base = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in base.infolist():
            archive.writestr(info, content if info.filename == name else base.read(info.filename))
    return out.getvalue()


def _entity_bomb_xml() -> bytes:
    ents = ['<!ENTITY a0 "政务公开政务公开">'] + [f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    return ('<?xml version="1.0"?><!DOCTYPE w:document [' + "".join(ents) + "]>"
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            "<w:p><w:r><w:t>&a9;</w:t></w:r></w:p></w:body></w:document>").encode()


@dataclass
class Case:
    name: str
    expect: str  # refuse | store | any
    files: Callable[[Path, str], list[Path]]  # writes into the folder, returns the hostile paths
    named: bool = False  # pass the paths on the command line instead of the folder
    as_nobody: bool = False  # run the ingest as an unprivileged user (permissions mean nothing to root)
    note: str = ""
    want: str = ""  # a regex the message line must match: it gives the right reason
    extra: dict = field(default_factory=dict)


def _write(name: str, content: bytes | Callable[[str], bytes]) -> Callable[[Path, str], list[Path]]:
    def build(folder: Path, tag: str) -> list[Path]:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content(tag) if callable(content) else content)
        return [path]
    return build


def _text(name: str, make: Callable[[str], str], encoding: str = "utf-8") -> Callable[[Path, str], list[Path]]:
    return _write(name, lambda tag: make(tag).encode(encoding))


def _with_sidecar(sidecar: bytes | None, sidecar_is_dir: bool = False) -> Callable[[Path, str], list[Path]]:
    def build(folder: Path, tag: str) -> list[Path]:
        path = folder / "plan-meta.txt"
        path.write_text(plan_text(tag), encoding="utf-8")
        meta = folder / "plan-meta.txt.meta.json"
        if sidecar_is_dir:
            meta.mkdir()
        else:
            meta.write_bytes(sidecar or b"")
        return [path]
    return build


def _odd_name(raw: bytes) -> Callable[[Path, str], list[Path]]:
    def build(folder: Path, tag: str) -> list[Path]:
        target = os.path.join(os.fsencode(folder), raw)
        with open(target, "wb") as handle:
            handle.write(plan_text(tag).encode())
        return [Path(os.fsdecode(target))]
    return build


def _odd_name_bad(raw: bytes) -> Callable[[Path, str], list[Path]]:
    def build(folder: Path, tag: str) -> list[Path]:
        target = os.path.join(os.fsencode(folder), raw)
        with open(target, "wb") as handle:
            handle.write(b"\x00\x01\x02garbage" * 100)
        return [Path(os.fsdecode(target))]
    return build


def _unreadable(folder: Path, tag: str) -> list[Path]:
    path = folder / "locked.txt"
    path.write_text(plan_text(tag), encoding="utf-8")
    path.chmod(0)
    return [path]


def _unreadable_dir(folder: Path, tag: str) -> list[Path]:
    sub = folder / "locked-dir"
    sub.mkdir()
    (sub / "inside.txt").write_text(plan_text(tag), encoding="utf-8")
    sub.chmod(0)
    return [sub]


def _fifo(folder: Path, tag: str) -> list[Path]:
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return [path]


def _dev_zero(folder: Path, tag: str) -> list[Path]:
    path = folder / "zero.txt"
    path.symlink_to("/dev/zero")
    return [path]


def _symlink_loop(folder: Path, tag: str) -> list[Path]:
    sub = folder / "loop"
    sub.mkdir()
    (sub / "again").symlink_to("..")
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    return []


def _missing(folder: Path, tag: str) -> list[Path]:
    return [folder / "does-not-exist.txt"]


def _same_stem(folder: Path, tag: str) -> list[Path]:
    (folder / "d").mkdir()
    (folder / "d" / "plan.txt").write_text(plan_text(tag + "甲"), encoding="utf-8")
    html = plan_text(tag + "乙").replace("\n", "<br>\n")
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in _rows(tag + "乙", 3))
    (folder / "d" / "plan.html").write_text(f"<html><body><p>某县2023年政务公开任务分解表</p><table>{rows}</table></body></html>",
                                            encoding="utf-8")
    _ = html
    return [folder / "d" / "plan.txt", folder / "d" / "plan.html"]


def _same_name_two_folders(folder: Path, tag: str) -> list[Path]:
    for sub, extra in (("a", "甲"), ("b", "乙")):
        (folder / sub).mkdir()
        (folder / sub / "plan.txt").write_text(plan_text(tag + extra), encoding="utf-8")
    return [folder / "a" / "plan.txt", folder / "b" / "plan.txt"]


def _big_text(megabytes: int) -> Callable[[Path, str], list[Path]]:
    def build(folder: Path, tag: str) -> list[Path]:
        path = folder / f"huge-{megabytes}mb.txt"
        line = ("做好政务公开工作，" * 40 + "\n").encode()
        with path.open("wb") as handle:
            handle.write(plan_text(tag).encode())
            for _ in range(megabytes * (1 << 20) // len(line)):
                handle.write(line)
        return [path]
    return build


def _traditional(tag: str) -> str:
    from opencc import OpenCC  # a zwgk dependency

    return OpenCC("s2t").convert(plan_text(tag))


def _rows_text(n: int) -> Callable[[str], str]:
    return lambda tag: plan_text(tag, rows=n)


def _html_table(tag: str, n: int) -> bytes:
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in _rows(tag, n))
    return f"<html><body><p>某县2023年政务公开任务分解表</p><table>{rows}</table></body></html>".encode()


ANNUAL_REPORT = (REPORT_HEAD + "\n\n一、总体情况\n2022年，我局认真贯彻落实《中华人民共和国政府信息公开条例》。\n"
                 "二、主动公开政府信息情况\n" + HEADER + "\n1\t规章\t本年新制定{tag}。\t办公室\t0\n"
                 "三、收到和处理政府信息公开申请情况\n全年共收到申请5件。\n四、存在的主要问题及改进情况\n")

ANNUAL_REPORT_TABLE = (REPORT_HEAD + "\n\n一、总体情况\n全年主动公开政府信息120条{tag}。\n二、主动公开政府信息情况\n"
                       "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n规范性文件\t2\t0\t15\n"
                       "三、收到和处理政府信息公开申请情况\n本年新收政府信息公开申请数量\t5\n"
                       "五、存在的主要问题及改进情况\n（一）存在的问题。政策解读形式单一{tag}。\n（二）改进措施。\n"
                       "1.加强政策解读工作{tag}，由办公室负责，年底前完成。\n2.做好依申请公开工作，由法规股负责，持续推进。\n")


def cases() -> list[Case]:
    """≥ 60 hostile or odd inputs, each with what must happen to it."""
    out: list[Case] = []

    def add(name: str, expect: str, files, **kw) -> None:
        out.append(Case(name, expect, files, **kw))

    # text and encodings
    add("utf8-plan", "store", _text("utf8.txt", plan_text))
    add("gbk-plan", "store", _text("gbk.txt", plan_text, "gbk"))
    add("gb18030-plan", "store", _text("gb18030.txt", plan_text, "gb18030"))
    add("utf16-bom-plan", "store", _text("utf16.txt", plan_text, "utf-16"))
    add("utf16le-nobom-plan", "store", _text("utf16le.txt", plan_text, "utf-16-le"))
    add("utf16be-nobom-plan", "store", _text("utf16be.txt", plan_text, "utf-16-be"))
    add("utf32-bom-plan", "store", _text("utf32.txt", plan_text, "utf-32"))
    add("big5-plan", "store", _text("big5.txt", _traditional, "big5"))
    add("utf8-damaged-bytes", "any", _write("damaged.txt", lambda t: plan_text(t).encode()[:-7] + b"\xff\xfe" + plan_text(t).encode()[-7:]))
    add("crlf-and-cr", "store", _write("crlf.txt", lambda t: plan_text(t).replace("\n", "\r\n").encode()))
    add("latin1-prose", "refuse", _write("latin1.txt", "Ceci n'est pas un plan. Déjà vu, à bientôt.\n".encode("latin-1") * 50))
    add("korean-utf8", "refuse", _text("korean.txt", lambda t: "정부 정보 공개 업무 계획입니다.\n" * 100))
    add("empty", "refuse", _write("empty.txt", b""))
    add("whitespace-only", "refuse", _write("blank.txt", b" \n\t\r\n   \n"))
    add("bom-only", "refuse", _write("bom.txt", b"\xef\xbb\xbf"))
    add("nul-bytes", "refuse", _write("nul.txt", b"\x00" * 100000))
    add("random-binary", "refuse", _write("random.txt", os.urandom(1 << 16)))
    add("random-binary-as-pdf", "refuse", _write("random.pdf", os.urandom(1 << 16)))
    add("random-binary-as-docx", "refuse", _write("random.docx", os.urandom(1 << 16)))
    add("random-binary-as-xlsx", "refuse", _write("random.xlsx", os.urandom(1 << 16)))
    add("png-as-txt", "refuse", _write("image.txt", b"\x89PNG\r\n\x1a\n" + os.urandom(2000)))
    add("gzip-as-docx", "refuse", _write("gz.docx", b"\x1f\x8b\x08\x00" + os.urandom(2000)))
    add("plain-prose", "refuse", _text("prose.txt", lambda t: "今天天气很好。\n我们去公园散步。\n" * 20))
    add("annual-report", "refuse", _text("annual.txt", lambda t: ANNUAL_REPORT.replace("{tag}", t)),
        note="年度报告 with a task-like table")
    add("annual-report-stats-table", "refuse", _text("annual-2.txt", lambda t: ANNUAL_REPORT_TABLE.replace("{tag}", t)),
        note="年度报告 whose 改进措施 name units and deadlines")
    add("catalogue", "refuse", _text("catalogue.txt", lambda t: "某县教育局主动公开基本目录\n\n序号\t公开事项\t公开内容\t公开依据\t公开时限\t公开主体\n"
                                      "1\t机构职能\t机构设置\t条例\t20个工作日内\t办公室\n"))
    add("cover-notice", "refuse", _text("notice.txt", lambda t: "关于印发某县2023年政务公开重点工作任务分解表的通知\n\n"
                                         "现将《某县2023年政务公开重点工作任务分解表》印发给你们。\n\n附件：某县2023年政务公开重点工作任务分解表\n"))
    add("one-line-10mb", "refuse", _write("oneline.txt", ("政务公开" * (10 << 18)).encode()))
    add("blank-lines-2m", "refuse", _write("blanks.txt", b"\n" * 2_000_000))
    add("text-100mb", "refuse", _big_text(100), note="past the file size limit")
    add("rows-50k-text", "refuse", _text("rows50k.txt", _rows_text(50_000)), note="past the rows-per-table limit")
    add("rows-3k-text", "store", _text("rows3k.txt", _rows_text(3000)), note="big but within the limits")
    add("cell-1m-chars", "refuse", _text("bigcell.txt", lambda t: plan_text(t).replace("办公室\t", "办公室" * 350_000 + "\t", 1)))
    add("columns-2000", "any", _text("wide.txt", lambda t: plan_text(t) + "\t".join(["x"] * 2000) + "\n"))
    add("deep-html", "refuse", _write("deep.html", b"<html><body>" + b"<div>" * 100000 + "政务公开".encode() + b"</div>" * 100000))
    add("html-50k-rows", "refuse", _write("rows50k.html", lambda t: _html_table(t, 50_000)))
    add("html-plan", "store", _write("plan.html", lambda t: _html_table(t, 3)))
    add("html-truncated", "refuse", _write("cut.html", lambda t: _html_table(t, 30)[:-400]))
    add("html-script-10mb", "refuse", _write("script.html", b"<html><head><script>" + b"var a=1;" * (10 << 17) + b"</script></head><body></body></html>"))
    add("xhtml-entity-bomb", "refuse", _write("bomb.xhtml", _entity_bomb_xml()))
    # office formats
    add("docx-plan", "store", _write("plan.docx", docx_bytes))
    add("docx-encrypted", "refuse", _write("secret.docx", lambda t: _encrypt_office(docx_bytes(t))))
    add("docx-encrypted-as-doc", "refuse", _write("secret.doc", lambda t: _encrypt_office(docx_bytes(t))))
    add("docx-truncated", "refuse", _write("cut.docx", lambda t: docx_bytes(t)[:3000]))
    add("docx-zip-bomb", "refuse", _write("bomb.docx", lambda t: docx_bomb(2.0)), note="2 GB document.xml in ~2 MB")
    add("docx-20k-members", "any", _write("many.docx", _many_members))
    add("docx-entity-bomb", "refuse", _write("entity.docx", lambda t: _replace_member(docx_bytes(t), "word/document.xml", _entity_bomb_xml())))
    add("docx-bad-xml", "refuse", _write("badxml.docx", lambda t: _replace_member(docx_bytes(t), "word/document.xml", b"<w:document><oops")))
    add("docx-rows-50k", "refuse", _write("rows50k.docx", lambda t: docx_bytes(t, rows=50_000)))
    add("docx-cell-1m", "refuse", _write("bigcell.docx", lambda t: docx_bytes(t, cell="政务公开" * 250_000)))
    add("xlsx-plan", "store", _write("plan.xlsx", xlsx_bytes))
    add("xlsx-encrypted", "refuse", _write("secret.xlsx", lambda t: _encrypt_office(xlsx_bytes(t))))
    add("xlsx-truncated", "refuse", _write("cut.xlsx", lambda t: xlsx_bytes(t)[:1500]))
    add("xlsx-zip-bomb", "refuse", _write("bomb.xlsx", lambda t: xlsx_bomb(1.0)))
    add("xlsx-rows-50k", "refuse", _write("rows50k.xlsx", lambda t: xlsx_bytes(t, rows=50_000)))
    add("pdf-plan", "store", _write("plan.pdf", pdf_bytes))
    add("pdf-encrypted", "refuse", _write("secret.pdf", lambda t: pdf_bytes(t, encrypt="secret")))
    add("pdf-truncated", "refuse", _write("cut.pdf", lambda t: pdf_bytes(t)[:900]))
    add("pdf-blank-pages", "refuse", _write("blank.pdf", lambda t: pdf_bytes(t, rows=0).replace(b"BT", b"%%")))
    add("ole-garbage-doc", "refuse", _write("garbage.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(4000)))
    add("rtf-garbage", "refuse", _write("garbage.rtf", b"{\\rtf1 " + os.urandom(2000)))
    add("zip-of-txt", "refuse", _write("archive.docx", lambda t: _zip_of({"plan.txt": plan_text(t).encode()})))
    # names, kinds of file, permissions
    add("name-with-newline", "store", _odd_name(b"plan\nname.txt"))
    add("bad-file-name-with-newline", "refuse", _odd_name_bad(b"bad\nname.txt"))
    add("name-not-utf8", "store", _odd_name(b"plan-\xff\xfe.txt"))
    add("bad-name-not-utf8", "refuse", _odd_name_bad(b"bad-\xb2\xe2.txt"))
    add("name-with-tab-quotes", "store", _odd_name('plan\t"引号" \'x\'.txt'.encode()))
    add("name-255-bytes", "store", _odd_name(("计划" * 41 + "x.txt").encode()))
    add("name-leading-dash", "store", _odd_name(b"-plan.txt"))
    add("unreadable-file", "refuse", _unreadable, as_nobody=True, note="chmod 000, run as nobody")
    add("unreadable-file-named", "refuse", _unreadable, named=True, as_nobody=True)
    add("unreadable-folder", "refuse", _unreadable_dir, as_nobody=True)
    add("fifo-named", "refuse", _fifo, named=True)
    add("dev-zero-named", "refuse", _dev_zero, named=True)
    add("symlink-loop-and-dangling", "any", _symlink_loop)
    add("missing-path-named", "refuse", _missing, named=True)
    add("same-stem-txt-and-html", "store", _same_stem, note="two plans d/plan.txt and d/plan.html")
    add("same-name-two-folders", "store", _same_name_two_folders, note="a/plan.txt and b/plan.txt")
    # sidecars
    add("sidecar-year-chinese", "store", _with_sidecar('{"year": "二〇二二年"}'.encode()))
    add("sidecar-garbage-json", "refuse", _with_sidecar(b"{year: 2022,,"))
    add("sidecar-json-list", "refuse", _with_sidecar(b"[2022]"))
    add("sidecar-year-text", "refuse", _with_sidecar('{"year": "去年"}'.encode()))
    add("sidecar-year-huge", "refuse", _with_sidecar(b'{"year": 99999999}'))
    add("sidecar-issuer-number", "refuse", _with_sidecar(b'{"issuer": 12345}'))
    add("sidecar-gbk-bytes", "any", _with_sidecar('{"issuer": "泗县教育局"}'.encode("gbk")))
    add("sidecar-is-folder", "refuse", _with_sidecar(None, sidecar_is_dir=True))
    add("sidecar-empty", "refuse", _with_sidecar(b""))
    for case in out:
        case.want = WANTS.get(case.name, "")
    return out


_ENCRYPTED = r"password|encrypt|加密"
#: What the one line must say for inputs whose reason is not obvious from any error at all.
WANTS = {
    "docx-encrypted": _ENCRYPTED, "docx-encrypted-as-doc": _ENCRYPTED, "xlsx-encrypted": _ENCRYPTED,
    "pdf-encrypted": _ENCRYPTED, "text-100mb": r"MB|too large|size", "rows-50k-text": "rows", "html-50k-rows": "rows",
    "docx-rows-50k": "rows", "xlsx-rows-50k": "rows", "cell-1m-chars": "characters", "docx-cell-1m": "characters",
    "docx-zip-bomb": r"decompress|unpack|expand", "xlsx-zip-bomb": r"decompress|unpack|expand",
    "unreadable-file": "ermission", "unreadable-file-named": "ermission", "unreadable-folder": "ermission",
    "fifo-named": "regular file", "dev-zero-named": "regular file", "missing-path-named": r"no such|not found|does not exist",
    "annual-report": r"annual report|年度报告", "annual-report-stats-table": r"annual report|年度报告",
    "sidecar-garbage-json": r"meta\.json", "sidecar-json-list": r"meta\.json", "sidecar-year-text": "year",
    "sidecar-year-huge": "year", "sidecar-issuer-number": "issuer", "sidecar-is-folder": r"meta\.json",
    "sidecar-empty": r"meta\.json",
}


def _zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()
