"""Bytes → text for plan files whose encoding nobody declared.

Plans come from government sites as UTF-8, GBK saved by old Windows tools,
UTF-16 from Word's "Unicode text" export, and now and then a .docx or PDF
renamed to .txt. Cheap, certain checks run first (magic numbers, BOMs, strict
decodes); charset-normalizer is only asked when those fail, because it is slow
on large files and its guesses on short Chinese text are the least reliable.
"""
from __future__ import annotations

import codecs
import re

from zwgk.ingest.errors import ParseError

__all__ = ["decode_bytes"]

# Longest first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (b"\x84\x31\x95\x33", "gb18030"),
)

_MAGIC = (
    (b"%PDF", "looks like a PDF, not text"),
    (b"PK\x03\x04", "looks like a .docx/zip archive, not text"),
    (b"PK\x05\x06", "looks like a .docx/zip archive, not text"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "looks like an old Word/Excel (.doc/.xls) file, not text"),
    (b"\x89PNG\r\n\x1a\n", "binary file, not text (PNG image)"),
    (b"\xff\xd8\xff", "binary file, not text (JPEG image)"),
    (b"GIF8", "binary file, not text (GIF image)"),
    (b"\x1f\x8b", "binary file, not text (gzip archive)"),
    (b"Rar!\x1a\x07", "binary file, not text (RAR archive)"),
    (b"7z\xbc\xaf\x27\x1c", "binary file, not text (7z archive)"),
)

_BINARY = "binary file, not text"
_SAMPLE = 8192
#: Control characters tolerated in text: whitespace, form feed (page break) and DOS's ^Z.
_ALLOWED_CONTROLS = frozenset("\t\n\r\x0b\x0c\x1a\x85")
#: The other control characters (Unicode category Cc), counted by one regex instead of a category per character.
_CONTROLS = re.compile("[" + "".join(re.escape(chr(c)) for c in [*range(0x20), *range(0x7F, 0xA0)]
                                     if chr(c) not in _ALLOWED_CONTROLS) + "]")


def decode_bytes(data: bytes) -> str:
    """Decode a plan file; raise ParseError with a one-line reason when it is not text.

    The result has \\n line ends and no BOM; form feeds stay, as page breaks.
    """
    if not data.strip():
        raise ParseError("empty file")
    for magic, reason in _MAGIC:
        if data.startswith(magic):
            raise ParseError(reason)
    text = _decode(data)
    if _control_ratio(text) > 0.05:
        raise ParseError(_BINARY)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = text.replace("\x85", "\n").replace("\ufeff", "").removesuffix("\x1a")
    if not text.strip():
        raise ParseError("empty file")
    return text


def _decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):  # a BOM is a declaration: trust it, patch stray bytes
            return data[len(bom) :].decode(encoding, errors="replace")
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise ParseError(_BINARY)
        return utf16
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.reason == "unexpected end of data":  # a file cut inside its last character
            return data.decode("utf-8", errors="replace")
    else:
        # Short GBK can be valid UTF-8 by accident (通知 → ֪ͨ); long GBK never is, while
        # long UTF-8 in another script (Korean) would read as plausible GBK mojibake.
        if len(data) < 256 and not _plausible(text):
            return _gb18030(data) or text
        return text
    fallback = _mostly_utf8(data) or _gb18030(data)
    if fallback is not None:
        return fallback
    guess = _charset_normalizer(data)
    if guess is None:
        raise ParseError("unknown text encoding (not UTF-8, UTF-16 or GB18030)")
    return guess


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 puts the NUL high byte of ASCII (digits, line ends) on one parity.

    Some common hanzi have a NUL low byte too (开 is U+5F00), so the parity only
    picks which byte order to try first; the decoded text must then look like a
    plan, which random binary never does.
    """
    sample = data[:_SAMPLE]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    body = data[: len(data) - len(data) % 2]
    for encoding in ("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le"):
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and _plausible(text):
            return text
    return None


def _plausible(text: str) -> bool:
    """Most characters are what Chinese plans are made of: hanzi, ASCII, CJK punctuation."""
    sample = text[:_SAMPLE]
    ok = sum(1 for ch in sample if _is_plan_char(ord(ch)))
    return ok >= 0.9 * len(sample)


def _is_plan_char(cp: int) -> bool:
    return (
        0x20 <= cp < 0x7F
        or cp in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0xB7, 0xD7)  # whitespace, ·, ×
        or 0x2000 <= cp <= 0x27BF  # general punctuation, ①, arrows, box drawing, ★
        or 0x3000 <= cp <= 0x303F  # 、。《》〔〕
        or 0x3400 <= cp <= 0x9FFF
        or 0xF900 <= cp <= 0xFAFF
        or 0xFE30 <= cp <= 0xFE4F  # vertical forms
        or 0xFF00 <= cp <= 0xFFEF  # full-width forms
        or 0x20000 <= cp <= 0x3134F
    )


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few damaged bytes (a bad copy, a cut in the middle) stays UTF-8.

    GBK text almost never forms valid multi-byte UTF-8, so many well-formed
    non-ASCII characters and very few replacements mean UTF-8 with damage,
    not another encoding (gb18030 would happily turn it into mojibake).
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", "ignore")) - bad
    return text if good >= 10 and bad * 10 <= good else None


def _gb18030(data: bytes) -> str | None:
    """GB18030 (a superset of GB2312 and GBK) when it decodes to plausible text, else None."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return _prefer_big5(data, text) if _plausible(text) else None


def _prefer_big5(data: bytes, gb_text: str) -> str:
    """Big5 bytes are also valid GBK; decide by which reading yields common characters."""
    try:
        big5_text = data.decode("big5")
    except UnicodeDecodeError:
        return gb_text
    return big5_text if _common_ratio(big5_text) > _common_ratio(gb_text) else gb_text


def _common_ratio(text: str) -> float:
    """Share of CJK characters that are common ones (GB2312 after Traditional→Simplified)."""
    from zwgk.model.text import to_simplified

    cjk = [ch for ch in to_simplified(text[:_SAMPLE]) if "\u4e00" <= ch <= "\u9fff"]
    if not cjk:
        return 0.0
    common = 0
    for ch in cjk:
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            continue
        common += 1
    return common / len(cjk)


def _charset_normalizer(data: bytes) -> str | None:
    from charset_normalizer import from_bytes  # slow to import; only needed for odd files

    best = from_bytes(data[: 1 << 20]).best()
    if best is None or best.chaos > 0.2:
        return None
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return text if _plausible(text) else None


def _control_ratio(text: str) -> float:
    sample = text[:_SAMPLE]
    if not sample:
        return 0.0
    return len(_CONTROLS.findall(sample)) / len(sample)
