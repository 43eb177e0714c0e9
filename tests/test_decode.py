"""decode_bytes on bytes built here: every encoding plans arrive in, and the files that are not text."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zwgk.ingest.decode import decode_bytes
from zwgk.ingest.errors import ParseError

PLAN = "济宁市兖州区教育和体育局\r\n关于印发2023年政务公开重点工作任务分解表的通知\n一、开展公开\f第二页\r末行"
EXPECTED = "济宁市兖州区教育和体育局\n关于印发2023年政务公开重点工作任务分解表的通知\n一、开展公开\f第二页\n末行"


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "gbk", "gb2312", "gb18030"]
)
def test_plan_text_in_every_encoding(encoding: str) -> None:
    assert decode_bytes(PLAN.encode(encoding)) == EXPECTED


def test_bom_is_removed() -> None:
    text = decode_bytes(PLAN.encode("utf-8-sig"))
    assert not text.startswith("\ufeff")
    assert decode_bytes(b"\xff\xfe" + "政务公开".encode("utf-16-le")) == "政务公开"
    assert decode_bytes(b"\xfe\xff" + "政务公开".encode("utf-16-be")) == "政务公开"


def test_form_feed_is_kept_as_page_break() -> None:
    assert "\f" in decode_bytes("第一页\f第二页".encode())


def test_utf16_without_bom_with_nul_low_bytes() -> None:
    # 开 is U+5F00: its NUL sits on the "wrong" parity, which must not read as binary.
    text = "公开开放，一一落实\n2022年\n"
    assert decode_bytes(text.encode("utf-16-le")) == text
    assert decode_bytes(text.encode("utf-16-be")) == text


def test_gb18030_only_characters() -> None:
    text = "𠀀䶮€ 政务公开"  # outside GBK: 4-byte GB18030 sequences
    assert decode_bytes(text.encode("gb18030")) == text


def test_short_gbk_that_is_also_valid_utf8() -> None:
    assert decode_bytes("通知".encode("gbk")) == "通知"


def test_big5() -> None:
    text = "關於印發政務公開工作要點的通知，請各單位認真貫徹落實。"
    assert decode_bytes(text.encode("big5")) == text


def test_truncated_utf8_at_eof_decodes_with_replacement() -> None:
    data = PLAN.encode() + "中".encode()[:2]
    text = decode_bytes(data)
    assert text.startswith(EXPECTED) and text.endswith("\ufffd")


def test_utf8_with_a_damaged_byte_stays_utf8() -> None:
    data = PLAN.encode() * 3 + b"\xff" + PLAN.encode()
    assert decode_bytes(data).startswith(EXPECTED)


@pytest.mark.parametrize("data", [b"", b"   \r\n\t ", "  \n".encode("utf-16"), b"\xef\xbb\xbf"])
def test_empty(data: bytes) -> None:
    with pytest.raises(ParseError, match="^empty file$"):
        decode_bytes(data)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", ".docx/zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, ".doc"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "binary file, not text"),
        (b"\x00\x01\x02\x03\x04\x05\x06\x07" * 16, "binary file, not text"),
        (bytes(range(40)) * 3, "binary file, not text"),
        (b"\x01\x02\x03abc\x04\x05\x06", "binary file, not text"),
    ],
)
def test_not_text(data: bytes, reason: str) -> None:
    with pytest.raises(ParseError) as err:
        decode_bytes(data)
    assert reason in err.value.reason
    assert "\n" not in err.value.reason


def test_line_ends_are_normalised() -> None:
    assert decode_bytes("甲\r\n乙\r丙\u2028丁\n".encode()) == "甲\n乙\n丙\n丁\n"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_never_raises_anything_but_parse_error(data: bytes) -> None:
    try:
        text = decode_bytes(data)
    except ParseError as err:
        assert err.reason and "\n" not in err.reason
    else:
        assert "\r" not in text and "\ufeff" not in text
