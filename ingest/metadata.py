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

from zwgk.ingest import regions
from zwgk.ingest.noise import PageNoise
from zwgk.ingest.patterns import ENUM, heading_level
from zwgk.ingest.policies import normalize_number
from zwgk.model.plan import Region
from zwgk.model.text import fold, fold_page, squeeze, strip_cell

__all__ = ["Metadata", "read_metadata", "annex_titles", "DOC_NUMBER"]

#: A 发文字号: issuer abbreviation + 〔year〕 + number + 号, in any bracket style.
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔\[［(（【]\s*(?:19|20)[0-9]{2}\s*[〕\]］)）】]\s*[0-9]{1,4}\s*号")
_AGENCY = r"(?:委员会|办公室|人民政府|政府|联合会|领导小组|局|委|厅|办|中心|院|署|部)"
#: Words that make a title's head an action, not the name of a body (贯彻落实…, 进一步做好…).
_NOT_A_BODY = re.compile(r"贯彻|落实|印发|转发|进一步|做好|推进|加强|深化|实施")
_ISSUER_PREFIX = re.compile(rf"^(.{{2,30}}?{_AGENCY})(?=关于|[0-9]{{4}}年|$|[^\u4e00-\u9fff])|^(.{{2,30}}?{_AGENCY})")
_YEAR = re.compile(r"((?:19|20)[0-9]{2})\s*年")
_DATE_LINE = re.compile(r"^\s*((?:19|20)[0-9]{2})\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日\s*$")
_ANNEX = re.compile(r"^\s*附\s*件\s*[0-9一二三四五六七八九十]*\s*[:：]?\s*$")
_TITLE_STOP = re.compile(r"[《》，。；：,;:!?！？]|^(?:为|根据|按照|各|现将|经)")
_DOC_WORD = re.compile(r"(?:通知|方案|要点|分解表|任务表|清单|计划|意见|安排|细则|办法|实施方案|分工|责任表|台账|报告|目录|分解)$")
#: A CMS tag before a title: 【政务公开任务分工】.
_DATE_TEXT = re.compile(r"^(?:19|20)[0-9]{2}\s*(?:年|[-./])\s*[0-9]{1,2}")
_TAG = re.compile(r"^【[^】]{1,20}】")
_NOT_TITLE = re.compile(r"[。,，;；]|[:：]$|^(?:为|根据|按照|现将|经|各|附件)")
_NOTICE_TITLE = re.compile(r"关于.{2,80}(?:通知|意见|决定|批复|函)$")
#: The addressees of a notice to a whole government (区政府各部门, 县直各单位): its office sent it.
_ADDRESSEES = re.compile(r"([省市县区])(?:政府各(?:部门|委|单位|直属)|直各(?:单位|部门)|级各部门)")
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
        if DOC_NUMBER.fullmatch(squeeze(fold(s))):  # 號 as 号
            number = number or normalize_number(s)
            continue
        if s.endswith("文件") and not title and len(s) <= 30:
            masthead = s[:-2]
            continue
        if _TITLE_STOP.search(fold(s)) or len(squeeze(s)) > 40 or heading_level(fold(s)) or ENUM.match(fold(s)) or "\t" in line:
            break
        title.append(squeeze(s))
        if _DOC_WORD.search(fold(title[-1])):
            break
    text = "".join(title)
    return (text if len(text) >= 6 else None), masthead, number


def _title_lines(lines: list[str], end: int) -> list[str]:
    """Title-like lines before `end`; a title wrapped over up to three lines
    (blank lines between, as PDFs print them) is joined. A date, a bracketed
    remark or a sender line ends a title rather than continuing it."""
    out: list[str] = []
    clean = [_TAG.sub("", squeeze(strip_cell(x).lstrip("#"))) for x in lines[:end]]

    def titleish(s: str) -> bool:
        f = fold(s)
        return bool(s) and not (_NOT_TITLE.search(f) or heading_level(f) or ENUM.match(f) or len(s) > 90
                                or _DATE_TEXT.match(f) or f.startswith("(") or DOC_NUMBER.fullmatch(f))

    k = 0
    while k < len(clean):
        if not titleish(clean[k]):
            k += 1
            continue
        j, joined = k, clean[k]
        while not _DOC_WORD.search(fold(joined)):
            nxt = next((n for n in range(j + 1, min(j + 3, len(clean))) if clean[n]), None)
            if nxt is None or nxt - k > 4 or not titleish(clean[nxt]) or len(joined + clean[nxt]) > 90:
                break
            if re.search(rf"{_AGENCY}$", fold(joined)) and not fold(clean[nxt]).startswith("关于"):
                break  # a sender line, not the head of 某局 / 关于印发…的通知
            j, joined = nxt, joined + clean[nxt]
        if _DOC_WORD.search(fold(joined)) and len(joined) >= 6:
            out.append(joined)
            k = j + 1
        else:
            k += 1
    return out


def _pick_title(candidates: list[str]) -> str | None:
    """The notice's title when one is printed, else the first plan/table title."""
    return next((t for t in candidates if _NOTICE_TITLE.search(fold(t))), candidates[0] if candidates else None)


def annex_titles(lines: list[str], table_starts: list[int]) -> list[str]:
    """Titles printed just above each table (the plan's own annexes), and 附件：X lines."""
    out: list[str] = []
    for start in table_starts:
        for k in range(start - 1, max(start - 6, -1), -1):
            s = squeeze(lines[k]) if 0 <= k < len(lines) else ""
            if not s:
                continue
            f = fold(s)
            if _ANNEX.match(f) or re.match(r"^附件\s*[0-9]", f):
                continue
            if _DOC_WORD.search(f) or "表" in f or "名单" in f:
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
        if prev and re.search(rf"{_AGENCY}$", fold(prev)) and len(prev) <= 30 and not _TITLE_STOP.search(fold(prev)):
            return prev, int(m.group(1))
        return None, int(m.group(1))
    return None, None


def _issuer_from_title(title: str | None) -> str | None:
    """The body a title names: X关于印发… (any agency), or X2021年… (one with a place name)."""
    if not title:
        return None
    f = fold(title)
    if "关于" in f and f.index("关于") >= 4:
        head = title[: f.index("关于")]
        if re.search(rf"{_AGENCY}$", fold(head)):
            return head
    skip = re.match(r"^关于(?:印发)?", f)
    at = skip.end() if skip else 0
    m = _ISSUER_PREFIX.match(f[at:])
    if not m:
        return None
    group = 1 if m.group(1) else 2
    name = title[at + m.start(group) : at + m.end(group)]  # as printed (Traditional stays Traditional)
    if _NOT_A_BODY.search(fold(name)):  # 深圳市贯彻落实国务院和省政府2017年…: a place doing something, not a body
        return None
    return name if regions.best_region(name) else None


def _issuer_from_addressees(lines: list[str], region: Region | None) -> str | None:
    """A notice addressed to a whole government's departments comes from its office."""
    if region is None or region.level == "province":
        return None
    for line in lines[:30]:
        f = squeeze(fold(line))
        if not f.endswith(":") or "各" not in f:
            continue
        m = _ADDRESSEES.search(f)
        if m and region.name.endswith(m.group(1)):
            name = region.name
            if region.level == "county" and name.endswith("区") and len(region.chain) >= 2:
                name = region.chain[-2] + name  # districts are named with their city: 抚顺市东洲区
            return name + "人民政府办公室"
        return None
    return None


def _infer_issuer(text: str, region: Region | None) -> str | None:
    """Region named in the content + the agency type it calls itself (市教育局)."""
    if region is None:
        return None
    level_char = {"province": "省", "city": "市", "county": region.name[-1]}.get(region.level)
    # Folded: an inferred issuer is written in Simplified, as no printed form of it exists.
    kinds = Counter(m.group(2) for m in _AGENCY_TYPE.finditer(fold_page(text)) if m.group(1) == level_char
                    and not m.group(2).startswith(("政府", "委", "人民")))
    ranked = kinds.most_common(2)
    # A plan that lists many agencies of its level as units (a government-wide plan)
    # does not say which of them wrote it: guess only when one agency dominates, named more than once.
    if not ranked or ranked[0][1] < 2 or (len(ranked) == 2 and ranked[0][1] < 2 * ranked[1][1]):
        return None
    return region.name + ranked[0][0]


def _infer_region(text: str) -> Region | None:
    found: Counter[str] = Counter()
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
    stripped = DOC_NUMBER.sub("", fold_page(stripped))
    years = Counter(int(y) for y in _YEAR.findall(stripped))
    if years:
        return years.most_common(1)[0][0]
    return max(cited_years) if cited_years else None


def _source_field(noise: PageNoise | None) -> str | None:
    """The publishing body a page's metadata names (发布机构, 信息来源, a • agency line)."""
    if noise is None:
        return None
    value = noise.get("发布机构", "发文机关", "发文单位", "信息来源", "文章来源", "来源", "所属机构")
    if not value:
        value = next((b for b in noise.bullets if re.search(rf"{_AGENCY}$", fold(b)) and len(b) <= 30), None)
    value = re.split(r"\s", value.strip())[0] if value else None
    return value if value and re.search(rf"{_AGENCY}$", fold(value)) else None


def _printed_number(lines: list[str], end: int, noise: PageNoise | None) -> str | None:
    """The document's own 文号: a metadata field, a • line, or a line of its own near the top."""
    if noise is not None:
        for value in [noise.get("文号", "发文字号", "文件编号") or "", *noise.bullets]:
            m = DOC_NUMBER.search(fold(value))
            if m:
                return normalize_number(m.group(0))
    for line in lines[: max(end, 0) or 15][:40]:
        s = squeeze(strip_cell(line))
        if s and DOC_NUMBER.fullmatch(fold(s)):
            return normalize_number(s)
    return None


def _field_year(noise: PageNoise | None) -> int | None:
    value = noise.get("发文日期", "成文日期") if noise is not None else None
    m = re.match(r"\s*((?:19|20)[0-9]{2})", value or "")
    return int(m.group(1)) if m else None


def read_metadata(lines: list[str], table_start: int, cited_numbers: list[str],
                  noise: PageNoise | None = None) -> Metadata:
    """Everything about the plan that is not a task row.

    `table_start` is the 0-based line where the task table (or list) begins;
    `cited_numbers` are the 文号 of the documents the plan cites; `noise` the
    metadata fields the page printed (noise.py), which are taken as printed.
    """
    meta = Metadata()
    old_title, masthead, number = _title_block(lines, table_start)
    field_title = noise.get("名称", "标题") if noise is not None else None
    candidates = _title_lines(lines, table_start)
    meta.title = squeeze(field_title) if field_title else (_pick_title(candidates) or old_title)
    meta.doc_number = number or _printed_number(lines, table_start, noise)
    text = "\n".join(lines)
    signer, signed_year = _signature(lines)
    source = _source_field(noise)
    named = _issuer_from_title(meta.title) or next(filter(None, map(_issuer_from_title, candidates)), None)
    with_place = source if source and regions.best_region(source) else None
    if signer and named and not regions.best_region(signer) and regions.best_region(named):
        signer = None  # 市政府办公厅 signs what the title calls 深圳市人民政府办公厅
    meta.issuer = masthead or signer or named or with_place or source
    preamble = "".join(squeeze(s) for s in lines[:table_start])
    if meta.issuer:
        meta.region = regions.best_region(meta.issuer, context=preamble)
        if meta.region is None and regions.central_body(meta.issuer):
            meta.region = regions.NATION
    if meta.region is None:
        meta.region = _infer_region(text)
    if meta.issuer is None:
        meta.issuer = _issuer_from_addressees(lines, meta.region) or _infer_issuer(text, meta.region)
        meta.issuer_inferred = meta.issuer is not None
    for source_text, pattern in ((meta.title or "", r"((?:19|20)[0-9]{2})\s*年"), (meta.doc_number or "", r"((?:19|20)[0-9]{2})")):
        m = re.search(pattern, source_text)
        if m:
            meta.year = int(m.group(1))
            break
    if meta.year is None:
        meta.year = signed_year or _field_year(noise)
    if meta.year is None:
        cited = [int(m.group(0)) for n in cited_numbers for m in [re.search(r"(?:19|20)[0-9]{2}", n)] if m]
        meta.year = _infer_year(text, cited)
        meta.year_inferred = meta.year is not None
    return meta
