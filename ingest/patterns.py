"""Regular expressions every layout shares: enumerators, headings, unit and deadline shapes.

All patterns run on `text.fold()`ed strings, so full-width punctuation has
already become ASCII (，→, （→( ：→: ．→.) and Traditional characters are
Simplified; they name each mark once.
"""
from __future__ import annotations

import re

__all__ = [
    "NONE_CELLS",
    "BARE_LEVEL",
    "LEVEL_CHARS",
    "CN_NUM",
    "ENUM",
    "HEADING_L1",
    "HEADING_L2",
    "UNIT_TAIL",
    "DEADLINE_LIKE",
    "NUMERIC_DATE",
    "TERMINAL",
    "PAGE_ARTIFACT",
    "heading_level",
    "split_enumerator",
    "looks_like_deadline",
    "looks_like_units",
]

#: What a unit or deadline cell prints for "none" (a 配合单位 with no one to cooperate): no unit, no heading.
NONE_CELLS = frozenset({"/", "／", "—", "——", "-", "--", "无", "暂无", "无需", "不涉及", "空", "没有",
                        "无配合单位", "无配合部门", "无协办单位"})

#: A bare level word listed before another level-led name (县、区教育局) is half of one name, for the
#: unit splitter (units.py) and the cell typing (celltypes.py) alike; `办公室，县（区）` keeps it as a unit.
BARE_LEVEL = re.compile(r"[省市县区乡镇](?:\([省市县区乡镇]\))?")
LEVEL_CHARS = "省市县区乡镇"

CN_NUM = "一二三四五六七八九十百零〇两"

#: A leading item number: 1．  2.  3、  4)  (5) — the circled ① — and an outline's 1.1 (a space or 、 after it).
ENUM = re.compile(
    r"^\s*(?P<num>[0-9]{1,3})\s*(?:[．、,)]|\.(?![0-9])|\.(?=(?:19|20)[0-9]{2}\s*年))\s*|^\s*(?P<circ>[①-⑳])\s*|^\s*\(\s*(?P<paren>[0-9]{1,2})\s*\)\s*"
    r"|^\s*(?P<dec>[0-9]{1,2}\.[0-9]{1,2})(?:[．、]\s*|\s+)"
)
#: A bullet opening an item that has no number (●完善…, ◆推进…, ★…): an item all the same.
BULLET = re.compile(r"^\s*[●◆◇■□▲△★☆•▪◦◎○※➢➤►▶]\s*")
#: 一、 二、 … (first-level headings), or 第一部分 / 第二章 (a plan in parts).
HEADING_L1 = re.compile(
    rf"^\s*(?:(?P<num>[{CN_NUM}]{{1,3}})\s*[、.．,]|第\s*(?P<part>[{CN_NUM}]{{1,3}})\s*(?:部分|章|篇)(?:\s*[、.．,:]|\s+|(?=[\u4e00-\u9fff])))\s*")
#: (一) (二) … (second-level headings; fold() made the brackets ASCII).
HEADING_L2 = re.compile(rf"^\s*\(\s*(?P<num>[{CN_NUM}]{{1,3}})\s*\)\s*")
#: (1) (2) … (third level, also used as item numbers in lists).
HEADING_L3 = re.compile(r"^\s*\(\s*(?P<num>[0-9]{1,3})\s*\)\s*")

#: Words that end a unit name (科室, 处, 局, 中心 …) — a cell made of these is a unit cell.
UNIT_SUFFIX = (
    r"(?:科室|处室|单位|部门|机构|中心|学校|中小学|幼儿园|院校|支撑机构|小组|专班|"
    r"委员会|办公室|政府|街道|乡镇|股室|[科处室局委办厅馆所站队院校组部会司署社台团股])"
)
ROLE_WORD = r"(?:牵头|负责|具体负责|配合|协助|协同|参与|落实|按职责分工负责|按职责分工落实|分别牵头落实|牵头落实)"
#: The tail of a unit cell: a unit suffix, optionally followed by a role word and 等.
UNIT_TAIL = re.compile(rf"{UNIT_SUFFIX}(?:等)?(?:\(?{ROLE_WORD}\)?)?[;;,]?$")

_MONTH = rf"(?:[0-9]{{1,2}}|[{CN_NUM}]{{1,3}})月"
#: A span of months: 4月—12月, 3-12月, 4至12月.
_MONTHS = rf"(?:[0-9]{{1,2}}|[{CN_NUM}]{{1,3}})月?[-—–~至到]{_MONTH}"
#: A date printed in digits: 2023.12, 2023-12-31, 2023/6/30 (year, month, day).
NUMERIC_DATE = r"(?<![0-9])(?:19|20)[0-9]{2}\s*[./-]\s*[0-9]{1,2}(?:\s*[./-]\s*[0-9]{1,2})?(?![0-9])"
DEADLINE_LIKE = re.compile(
    rf"^(?:(?:每年)?(?:[0-9]{{4}}年)?(?:年底|年内|{_MONTHS}|{_MONTH}(?:底|份|中旬|上旬|下旬|[0-9]{{1,2}}日)?|上半年|下半年|全年|"
    rf"(?:第?[一二三四1-4]季度(?:末)?)|每季度|每月|每年|每半年|每周|按季度|按月|{NUMERIC_DATE})(?:前|之前|以前)?(?:完成|内)?|"
    r"持续推进|长期坚持|持续开展|长期|常态化|持续|即时|及时|立即|适时|按要求|按规定|随时|定期|按时|按期|"
    r"(?:动态|实时|及时)更新|根据(?:工作)?需要|(?:按|按照|根据)上级(?:要求|部署|规定|安排)|2[0-9]{3}年)"
    r"(?:[;,、\s]+.*)?$"
)

#: End of a sentence: a wrapped line that ends here is a finished item.
TERMINAL = re.compile(r"[。;!?；！？」』”\"]\s*$")

#: Page furniture left by PDF→text: "- 3 -", "— 12 —", "第 3 页 共 9 页", "3/9".
PAGE_ARTIFACT = re.compile(
    r"^\s*(?:[-—–－]\s*[0-9]{1,3}\s*[-—–－]|第\s*[0-9]{1,3}\s*页(?:\s*[,，/]?\s*共\s*[0-9]{1,3}\s*页)?|"
    r"[0-9]{1,3}\s*/\s*[0-9]{1,3}|\f)\s*$"
)


def heading_level(folded: str) -> int | None:
    """1 for 一、…, 2 for (一)…, None for anything else."""
    if HEADING_L1.match(folded):
        return 1
    if HEADING_L2.match(folded):
        return 2
    return None


def split_enumerator(text: str, folded: str | None = None) -> tuple[str | None, str]:
    """Split a leading item number off: '1．建立…' → ('1', '建立…').

    `folded` is fold(text) when the caller has it (same length, so offsets agree).
    """
    from zwgk.model.text import fold

    f = folded if folded is not None else fold(text)
    m = ENUM.match(f)
    if not m:
        return None, text
    num = m.group("num") or m.group("paren") or m.group("dec") or str(ord(m.group("circ")) - ord("①") + 1)
    return num, text[m.end():]


def looks_like_deadline(folded: str) -> bool:
    """A whole cell that reads as a 完成时限 (年底前, 11月底前, 持续推进 …)."""
    s = re.sub(r"\s+", "", folded)
    return bool(s) and len(s) <= 40 and bool(DEADLINE_LIKE.match(s))


def looks_like_units(folded: str) -> bool:
    """A short cell whose every line ends like a unit list (办公室, 各科室负责 …)."""
    s = folded.strip()
    if not s or len(s) > 120 or "。" in s:
        return False
    parts = [p for p in re.split(r"[\n;；]+", s) if p.strip()]
    return all(UNIT_TAIL.search(re.sub(r"\s+", "", p)) for p in parts)
