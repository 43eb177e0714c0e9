"""Cited policy documents: 《title》（文号）, 《title》 alone, or a bare （文号）.

Plans cite their upstream documents so the graph can link plans that answer the
same notice. PDFs wrap titles and 文号 over lines and print year brackets in any
of six shapes, so both are normalised before they become identities. Matching
runs on ``fold``-ed text (length-preserving: ASCII-width punctuation and digits,
Simplified characters) and slices the printed text at the same offsets.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from zwgk.model.plan import PolicyRef
from zwgk.model.text import fold, fold_key, squeeze

__all__ = ["find_citations", "find_doc_numbers", "normalize_number", "normalize_title", "is_document_title"]

_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_OPEN = r"[〔\[(【﹝〖{]"  # after fold: （→(, ［→[
_CLOSE = r"[〕\])】﹞〗}]"
_TAIL = rf"{_OPEN}\s*(?P<year>(?:19|20)\d{{2}})\s*{_CLOSE}\s*第?\s*(?P<seq>\d{{1,5}})\s*号"
#: After an opening parenthesis the issuer starts cleanly and may be wrapped over lines.
_NUMBER_AT = re.compile(rf"\(\s*(?P<issuer>(?:[{_CJK}]\s*){{2,12}}){_TAIL}")
#: In running text the issuer is whatever CJK run precedes the bracket, trimmed below.
_NUMBER_ANY = re.compile(rf"(?P<issuer>[{_CJK}]{{2,12}}){_TAIL}")
#: Words that end the sentence before an issuer abbreviation (根据国办发… → 国办发).
_LEAD_IN = re.compile(r".*(?:根据|按照|依据|依照|贯彻|落实|执行|参照|对照|结合|转发|印发|文件|精神|要求|关于|详见|参见|号|的|和|及|与|以|即|为|在|对)")

#: What a policy document's title ends with; a periodical (《人民日报》) or a column
#: (《政务公开工作交流》) does not.
DOC_TYPES = (
    "通知", "通报", "条例", "办法", "意见", "方案", "规定", "细则", "规划", "决定", "要点", "法", "法典",
    "纲要", "指引", "指南", "标准", "规范", "制度", "目录", "清单", "分工", "计划", "决议", "通告", "公告",
    "批复", "函", "准则", "规则", "规程", "导则", "守则", "章程", "分解表", "任务表", "措施", "纪要", "报告",
    "请示", "命令", "令", "分解",
)
#: 《条例》, 《实施方案》: back-references to a document named in full earlier, not citations.
_GENERIC = frozenset(
    p + w for p in ("", "实施", "若干", "工作", "指导", "管理", "有关", "相关", "上述", "该", "本", "此", "新")
    for w in DOC_TYPES
)
_EDITION = re.compile(rf"(?:{_OPEN}[^()\[\]【】〔〕﹝﹞]{{1,15}}{_CLOSE})+$")  # （试行）, (2019年修订)
_MAX_TITLE = 200
_FULLWIDTH_ALNUM = {cp: cp - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
                    for cp in range(r[0], r[1] + 1)}


def normalize_title(title: str) -> str:
    """Printed title without wraps, spaces, 《》 or full-width digits/letters."""
    return squeeze(title).strip("《》").translate(_FULLWIDTH_ALNUM)


def normalize_number(number: str) -> str:
    """宿政务办［2022］1 号 → 宿政务办〔2022〕1号 (ASCII digits, Simplified, no leading zeros)."""
    folded = squeeze(fold(number))
    m = _NUMBER_ANY.search(folded)
    if m is None:
        return re.sub(rf"{_OPEN}((?:19|20)\d{{2}}){_CLOSE}", r"〔\1〕", folded)
    return f"{_issuer(m.group('issuer')) or m.group('issuer')}〔{m.group('year')}〕{int(m.group('seq'))}号"


def is_document_title(title: str) -> bool:
    """True when a 《》 title names a document (ends in 通知, 办法, 条例…), not a periodical or column."""
    core = _EDITION.sub("", squeeze(fold(title)))
    return core not in _GENERIC and any(core.endswith(w) for w in DOC_TYPES)


def find_doc_numbers(text: str) -> list[str]:
    """Every 文号 in text, normalised, first occurrence first."""
    seen: dict[str, None] = {}
    for m in _NUMBER_ANY.finditer(fold(text)):
        issuer = _issuer(m.group("issuer"))
        if issuer:
            seen.setdefault(f"{issuer}〔{m.group('year')}〕{int(m.group('seq'))}号")
    return list(seen)


def find_citations(text: str, exclude_titles: Iterable[str] = ()) -> list[PolicyRef]:
    """Cited documents in document order, one per 文号 (or per title when none is printed)."""
    folded = fold(text)
    excluded = {fold_key(normalize_title(t)) for t in exclude_titles}
    found: list[tuple[int, str | None, str | None]] = []
    taken: set[int] = set()  # parenthesis offsets already claimed by a 《》 title
    for start, end in _quoted(folded):
        m = _NUMBER_AT.match(folded, _skip_ws(folded, end))
        number = _number(m)
        if number is not None and m is not None:
            taken.add(m.start())
        title = normalize_title(text[start + 1 : end - 1])
        if is_document_title(title) and fold_key(title) not in excluded:
            found.append((start, title, number))
    for m in _NUMBER_AT.finditer(folded):
        number = _number(m)
        if m.start() not in taken and number is not None:
            bare = _bare_title(text, folded, m.start())
            if bare is None or fold_key(bare) not in excluded:
                found.append((m.start(), bare, number))
    return _dedupe(sorted(found, key=lambda f: f[0]))


def _quoted(folded: str) -> Iterable[tuple[int, int]]:
    """(start, end) of outermost 《…》 spans; nested 《》 stay inside, unclosed ones are skipped."""
    i = folded.find("《")
    while i != -1:
        depth, j = 0, i
        limit = min(len(folded), i + _MAX_TITLE)
        while j < limit:
            depth += {"《": 1, "》": -1}.get(folded[j], 0)
            j += 1
            if depth == 0:
                break
        if depth == 0:
            yield i, j
            i = folded.find("《", j)
        else:
            i = folded.find("《", i + 1)


def _skip_ws(s: str, i: int) -> int:
    while i < len(s) and s[i].isspace():
        i += 1
    return i


def _issuer(raw: str) -> str | None:
    """Trim a lead-in (根据, 按照…) off an issuer run; None when under two characters remain."""
    issuer = _LEAD_IN.sub("", squeeze(raw))
    return issuer if len(issuer) >= 2 else None


def _number(m: re.Match[str] | None) -> str | None:
    if m is None:
        return None
    issuer = _issuer(m.group("issuer"))
    return f"{issuer}〔{m.group('year')}〕{int(m.group('seq'))}号" if issuer else None


def _bare_title(text: str, folded: str, paren: int) -> str | None:
    """关于…通知 printed right before a bare （文号）, without 《》; else None."""
    clause_start = max(folded.rfind(c, 0, paren) for c in "。；;，,：:《》、") + 1
    at = folded.find("关于", clause_start, paren)
    if at == -1 or paren - at > _MAX_TITLE:
        return None
    title = normalize_title(text[at:paren])
    return title if is_document_title(title) else None


def _dedupe(found: Iterable[tuple[int, str | None, str | None]]) -> list[PolicyRef]:
    """One ref per 文号, else per title; the first occurrence wins but a later one may fill its gap.

    A title without 文号 followed by the same title with one is the same document;
    the same title with two different 文号 (a yearly 工作要点) is two documents.
    """
    refs: list[PolicyRef] = []
    by_number: dict[str, int] = {}
    by_title: dict[str, int] = {}
    for _, title, number in found:
        tkey = fold_key(title) if title else None
        if number is None:
            k = by_title.get(tkey) if tkey else None
            if k is None:
                k = _add(refs, PolicyRef(title, None))
        else:
            k = by_number.get(number)
            if k is None and tkey in by_title and refs[by_title[tkey]].number is None:
                k = by_title[tkey]
            if k is None:
                k = _add(refs, PolicyRef(title, number))
            else:
                refs[k] = PolicyRef(refs[k].title or title, refs[k].number or number)
            by_number[number] = k
        if tkey:
            by_title.setdefault(tkey, k)
    return refs


def _add(refs: list[PolicyRef], ref: PolicyRef) -> int:
    refs.append(ref)
    return len(refs) - 1
