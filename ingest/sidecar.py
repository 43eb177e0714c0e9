"""FILE.meta.json beside a plan: metadata the user knows better than the parser.

`{"issuer": "…", "region": "…", "year": 2022, "title": "…"}`. People write these
by hand, so the reader is lenient where the meaning is certain (a year written
"2022年" or "二〇二二年", a GBK-saved file, a BOM) and refuses everything else
with one line that names the sidecar and says what was expected, instead of a
ValueError from deep inside the parser.
"""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from zwgk.ingest.errors import ParseError

__all__ = ["read_sidecar", "sidecar_path", "parse_year"]

_EXPECTED = 'expected a JSON object like {"issuer": "…", "region": "…", "year": 2022, "title": "…"}'
_MAX_BYTES = 1 << 20
_CHINESE_DIGITS = dict(zip("〇零一二三四五六七八九", "00123456789", strict=True))
_YEARS = range(1949, 2101)


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + ".meta.json")


def parse_year(value: object) -> int | None:
    """2022, "2022", "2022年", "二〇二二年", "２０２２" → 2022; None when it is not a plausible year."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value in _YEARS else None
    if not isinstance(value, str):
        return None
    text = value.strip().removesuffix("年").removesuffix("度").removesuffix("年")
    digits = "".join(_CHINESE_DIGITS.get(ch, str(unicodedata.digit(ch, "")) if ch.isdigit() else "?") for ch in text)
    if len(digits) != 4 or not digits.isdigit():
        return None
    year = int(digits)
    return year if year in _YEARS else None


def read_sidecar(path: Path) -> dict[str, str | int]:
    """The sidecar's fields (title, issuer, region, year) that are set; {} when there is no sidecar."""
    from zwgk.ingest.files import shown

    meta = sidecar_path(path)
    name = shown(meta.name)
    try:
        if not meta.exists():
            return {}
    except OSError:  # the name + ".meta.json" is past the file system's limit: no such sidecar can exist
        return {}
    if meta.is_dir():
        raise ParseError(f"sidecar {name} is a folder, not a file")
    try:
        data = meta.read_bytes()[: _MAX_BYTES + 1]
    except OSError as exc:
        raise ParseError(f"cannot read sidecar {name}: {exc.strerror or exc}") from exc
    if len(data) > _MAX_BYTES:
        raise ParseError(f"sidecar {name} is over 1 MB; {_EXPECTED}")
    text = _decode(data, name)
    if not text.strip():
        raise ParseError(f"sidecar {name} is empty; {_EXPECTED} (or delete it)")
    try:
        fields = json.loads(text)
    except ValueError as exc:
        where = f" at line {exc.lineno} column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise ParseError(f"sidecar {name} is not valid JSON ({reason}{where}); {_EXPECTED}") from exc
    if not isinstance(fields, dict):
        raise ParseError(f"sidecar {name} holds a JSON {type(fields).__name__}, not an object; {_EXPECTED}")
    out: dict[str, str | int] = {}
    for key in ("title", "issuer", "region"):
        value = fields.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise ParseError(f"sidecar {name}: {key} must be text, not {json.dumps(value, ensure_ascii=False)[:40]}")
        if value.strip():
            out[key] = value.strip()
    if fields.get("year") is not None:
        year = parse_year(fields["year"])
        if year is None:
            given = json.dumps(fields["year"], ensure_ascii=False)[:40]
            raise ParseError(f"sidecar {name}: year must be a year between 1949 and 2100 such as 2022, not {given}")
        out["year"] = year
    return out


def _decode(data: bytes, name: str) -> str:
    encodings = ("utf-16",) if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig", "gb18030")  # GBK: Windows editors
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ParseError(f"sidecar {name} is not UTF-8 text")
