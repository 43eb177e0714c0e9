"""Resource bounds: a file past a bound is refused with one line that names the bound, before the
expensive part, and the bounds come from the settings (environment variables and defaults)."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from zwgk.ingest.errors import ParseError
from zwgk.ingest.limits import Limits, active, use_limits
from zwgk.ingest.parser import parse_bytes, parse_file
from zwgk.settings import SETTINGS, SettingError, Settings, load_settings

HEADER = ["序号", "工作任务", "具体要求", "责任单位", "完成时限"]


def rows(n: int) -> list[list[str]]:
    return [HEADER] + [[str(i), "政策解读", f"做好第{i}项政策解读工作。", "办公室", "年底前"] for i in range(1, n + 1)]


def tsv(n: int) -> bytes:
    return "\n".join("\t".join(r) for r in rows(n)).encode()


def docx(n: int, cell: str | None = None) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    data = rows(n)
    if cell is not None:
        data[1][2] = cell
    table = document.add_table(rows=len(data), cols=len(HEADER))
    for r, row in enumerate(data):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx(n: int) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows(n):
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def html(n: int) -> bytes:
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows(n))
    return f"<html><body><table>{body}</table></body></html>".encode()


@pytest.fixture
def limits():
    """Set tighter bounds for one test; the defaults come back afterwards."""
    before = active()
    yield lambda **kw: use_limits(Limits(**kw))
    use_limits(before)


@pytest.mark.parametrize(("name", "make"), [("plan.txt", tsv), ("plan.docx", docx), ("plan.xlsx", xlsx), ("plan.html", html)])
def test_a_table_past_the_row_bound_is_refused_in_every_format(limits, name: str, make):
    limits(max_rows=20)
    assert len(parse_bytes(make(20), name).tasks) == 20
    with pytest.raises(ParseError) as info:
        parse_bytes(make(21), name)
    assert "21 rows" in str(info.value) and "ZWGK_MAX_ROWS" in str(info.value)


def test_a_cell_past_the_character_bound_is_refused(limits):
    limits(max_cell_chars=500)
    parse_bytes(docx(2, cell="做" * 500), "plan.docx")
    with pytest.raises(ParseError) as info:
        parse_bytes(docx(2, cell="做" * 501), "plan.docx")
    assert "501 characters" in str(info.value) and "ZWGK_MAX_CELL_CHARS" in str(info.value)
    with pytest.raises(ParseError, match="characters"):
        parse_bytes(tsv(2) + b"\n" + "做".encode() * 600, "plan.txt")


def test_a_file_past_the_size_bound_is_refused_before_it_is_read(tmp_path: Path, limits):
    limits(max_file_bytes=1000)
    path = tmp_path / "plan.txt"
    path.write_bytes(tsv(2).ljust(1001, b" "))
    with pytest.raises(ParseError) as info:
        parse_file(path)
    assert str(info.value).startswith(f"{path}: file too large") and "ZWGK_MAX_FILE_MB" in str(info.value)
    path.write_bytes(tsv(2))
    assert len(parse_file(path).tasks) == 2


def _bomb(inflated: int, valid_xml: bool) -> bytes:
    """A real .docx whose document.xml is replaced by `inflated` bytes of compressible data."""
    base = zipfile.ZipFile(io.BytesIO(docx(1)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in base.infolist():
            if info.filename != "word/document.xml":
                archive.writestr(info, base.read(info.filename))
        filler = b"<w:p/>" if valid_xml else b"\x00"
        archive.writestr("word/document.xml", filler * (inflated // len(filler)))
    return out.getvalue()


@pytest.mark.parametrize("valid_xml", [True, False])
def test_a_zip_bomb_docx_is_refused_by_its_decompressed_size_before_parsing(limits, valid_xml: bool):
    limits(max_unpacked_bytes=1 << 20)
    data = _bomb(8 << 20, valid_xml)
    assert len(data) < 100_000
    with pytest.raises(ParseError) as info:
        parse_bytes(data, "plan.docx")
    message = str(info.value)
    assert re.search(r"decompresses to 8\.\d MB", message), message
    assert "ZWGK_MAX_UNPACKED_MB" in message and "zip bomb" in message


def test_a_zip_bomb_xlsx_is_refused_too(limits):
    limits(max_unpacked_bytes=1 << 20)
    base = zipfile.ZipFile(io.BytesIO(xlsx(1)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in base.infolist():
            archive.writestr(info, base.read(info.filename) + (b" " * (4 << 20) if "sheet1" in info.filename else b""))
    with pytest.raises(ParseError, match="decompresses to"):
        parse_bytes(out.getvalue(), "plan.xlsx")


def test_every_bound_is_a_documented_setting_read_from_the_environment(monkeypatch):
    names = {name for name, _env, _help in SETTINGS}
    assert {"max_file_mb", "max_unpacked_mb", "max_rows", "max_cell_chars"} <= names
    monkeypatch.setenv("ZWGK_MAX_FILE_MB", "3")
    monkeypatch.setenv("ZWGK_MAX_ROWS", "40")
    settings = load_settings()
    assert settings.limits.max_file_bytes == 3 << 20 and settings.limits.max_rows == 40
    assert settings.limits.max_cell_chars == Settings().max_cell_chars
    assert load_settings(max_rows=7).max_rows == 7  # a flag beats the environment
    monkeypatch.setenv("ZWGK_MAX_ROWS", "many")
    with pytest.raises(SettingError, match="ZWGK_MAX_ROWS must be a whole number"):
        load_settings()
