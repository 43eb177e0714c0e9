"""Plan metadata: title, issuer, region, year and 发文字号.

Read from the top of the notice (masthead, 文号, title), the sender line
before the date, or — when a plan prints none of these, as an annex often
does — inferred from what the content says of itself (淮北教育网, 市教育局,
我市). Every inference is flagged so users can tell printed from guessed.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from . import regions
from .model import Region
from .patterns import ENUM, heading_level
from .policies import normalize_number
from .text import fold, squeeze, strip_cell

__all__ = ["Metadata", "read_metadata", "annex_titles", "DOC_NUMBER"]

#: A 发文字号: issuer abbreviation + 〔year〕 + number + 号, in any bracket style.
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔\[［(（【]\s*(?:19|20)[0-9]{2}\s*[〕\]］)）】]\s*[0-9]{1,4}\s*号")
_AGENCY = r"(?:委员会|办公室|人民政府|政府|局|委|厅|办|中心|院|署|部)"
_ISSUER_PREFIX = re.compile(rf"^(.{{2,30}}?{_AGENCY})(?=关于|[0-9]{{4}}年|$|[^\u4e00-\u9fff])|^(.{{2,30}}?{_AGENCY})")
_YEAR = re.compile(r"((?:19|20)[0-9]{2})\s*年")
_DATE_LINE = re.compile(r"^\s*((?:19|20)[0-9]{2})\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日\s*$")
_ANNEX = re.compile(r"^\s*附\s*件\s*[0-9一二三四五六七八九十]*\s*[:：]?\s*$")
_TITLE_STOP = re.compile(r"[《》，。；：,;:!?！？]|^(?:为|根据|按照|各|现将|经)")
_DOC_WORD = re.compile(r"(?:通知|方案|要点|分解表|任务表|清单|计划|意见|安排|细则|办法|实施方案|分工|责任表|台账|报告|目录)$")
_AGENCY_TYPE = re.compile(r"(?:本|我)?([省市县区])([\u4e00-\u9fff]{1,10}?(?:局|委员会|厅|办公室))")


@dataclass
class Metadata:
    title: str | None = None
    issuer: str | None = None
    issuer_inferred: bool = False
    region: Region | None = None
    year: int | None = None
    year_inferred: bool = False
    doc_number: str | None = None


def _title_block(lines: list[str], end: int) -> tuple[str | None, str | None, str | None]:
    """(title, masthead issuer, own 文号) from the lines before `end`."""
    title: list[str] = []
    masthead = number = None
    for line in lines[:end]:
        s = strip_cell(line).lstrip("#").strip()  # a markdown heading is a title too
        if not s:
            continue
        if _ANNEX.match(s):
            if title:
                break
            continue
        if DOC_NUMBER.fullmatch(squeeze(s)):
            number = number or normalize_number(s)
            continue
        if s.endswith("文件") and not title and len(s) <= 30:
            masthead = s[:-2]
            continue
        if _TITLE_STOP.search(fold(s)) or len(squeeze(s)) > 40 or heading_level(fold(s)) or ENUM.match(fold(s)) or "\t" in line:
            break
        title.append(squeeze(s))
        if _DOC_WORD.search(title[-1]):
            break
    text = "".join(title)
    return (text if len(text) >= 6 else None), masthead, number


def annex_titles(lines: list[str], table_starts: list[int]) -> list[str]:
    """Titles printed just above each table (the plan's own annexes), and 附件：X lines."""
    out: list[str] = []
    for start in table_starts:
        for k in range(start - 1, max(start - 6, -1), -1):
            s = squeeze(lines[k]) if 0 <= k < len(lines) else ""
            if not s:
                continue
            if _ANNEX.match(s) or re.match(r"^附件\s*[0-9]", s):
                continue
            if _DOC_WORD.search(s) or "表" in s or "名单" in s:
                out.append(s)
            break
    for line in lines:
        m = re.match(r"^\s*-?\s*附件\s*[0-9一二三四五六七八九十]*\s*[:：]\s*(?:[0-9]+\s*[.．、])?\s*(\S.*)$", line)
        if m:
            out.append(squeeze(m.group(1)))
    return [t for t in dict.fromkeys(out) if t]


def _signature(lines: list[str]) -> tuple[str | None, int | None]:
    """A sender line followed by a date line: 泗县教育体育局 / 2022年7月1日."""
    for k in range(len(lines) - 1, 0, -1):
        m = _DATE_LINE.match(lines[k])
        if not m:
            continue
        prev = next((strip_cell(lines[j]) for j in range(k - 1, max(k - 4, -1), -1) if strip_cell(lines[j])), "")
        if prev and re.search(rf"{_AGENCY}$", prev) and len(prev) <= 30 and not _TITLE_STOP.search(fold(prev)):
            return prev, int(m.group(1))
        return None, int(m.group(1))
    return None, None


def _issuer_from_title(title: str | None) -> str | None:
    if not title:
        return None
    head = title.split("关于")[0] if "关于" in title else title
    m = _ISSUER_PREFIX.match(head)
    if not m:
        return None
    name = m.group(1) or m.group(2)
    return name if regions.best_region(name) else None


def _infer_issuer(text: str, region: Region | None) -> str | None:
    """Region named in the content + the agency type it calls itself (市教育局)."""
    if region is None:
        return None
    level_char = {"province": "省", "city": "市", "county": region.name[-1]}[region.level]
    kinds = Counter(m.group(2) for m in _AGENCY_TYPE.finditer(text) if m.group(1) == level_char
                    and not m.group(2).startswith(("政府", "委", "人民")))
    if not kinds:
        return None
    return region.name + kinds.most_common(1)[0][0]


def _infer_region(text: str) -> Region | None:
    found = Counter()
    named: dict[str, Region] = {}
    for region, _, _ in regions.find_regions(text):
        found[region.adcode] += 1
        named[region.adcode] = region
    if not found:
        return None
    # Prefer the most mentioned; among equals the most specific.
    code = max(found, key=lambda c: (found[c], len(named[c].chain)))
    return named[code]


def _infer_year(body: str, cited_years: list[int]) -> int | None:
    stripped = re.sub(r"《[^》]*》", "", body)
    stripped = DOC_NUMBER.sub("", stripped)
    years = Counter(int(y) for y in _YEAR.findall(stripped))
    if years:
        return years.most_common(1)[0][0]
    return max(cited_years) if cited_years else None


def read_metadata(lines: list[str], table_start: int, cited_numbers: list[str]) -> Metadata:
    """Everything about the plan that is not a task row.

    `table_start` is the 0-based line where the task table (or list) begins;
    `cited_numbers` are the 文号 of the documents the plan cites.
    """
    meta = Metadata()
    meta.title, masthead, meta.doc_number = _title_block(lines, table_start)
    text = "\n".join(lines)
    signer, signed_year = _signature(lines)
    meta.issuer = masthead or _issuer_from_title(meta.title) or signer
    preamble = "".join(squeeze(s) for s in lines[:table_start])
    if meta.issuer:
        meta.region = regions.best_region(meta.issuer, context=preamble)
    else:
        meta.region = _infer_region(text)
        meta.issuer = _infer_issuer(text, meta.region)
        meta.issuer_inferred = meta.issuer is not None
    for source in (meta.title or "", meta.doc_number or ""):
        m = re.search(r"((?:19|20)[0-9]{2})", source)
        if m:
            meta.year = int(m.group(1))
            break
    if meta.year is None and signed_year:
        meta.year = signed_year
    if meta.year is None:
        cited = [int(m.group(0)) for n in cited_numbers for m in [re.search(r"(?:19|20)[0-9]{2}", n)] if m]
        meta.year = _infer_year(text, cited)
        meta.year_inferred = meta.year is not None
    return meta
