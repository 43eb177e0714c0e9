"""Tables whose cells were run together with nothing between them.

Document-sharing sites print a table's cells one after another and cut the
page into chunks numbered 1、 2、 3、 at the start of a line:
`工作任务具体要求牵头落实单位一、加强预期引导1密切跟踪…解读。市发展改革委2按月公开…`.
The header words run together give the columns; rows are found by their
numbers counting up (or restarting at 1 after a heading), each after a
full stop and a unit list. The cells then go through the same alignment
and row assembly as every other flattened table (streams.py).
"""
from __future__ import annotations

import re
from functools import lru_cache

from zwgk.ingest.align import StreamCell, slots_from_header
from zwgk.ingest.celltypes import type_scores, unit_likeness
from zwgk.ingest.headers import SYNONYMS, is_header_row
from zwgk.ingest.streams import StreamTable, columns
from zwgk.ingest.units import parse_units
from zwgk.model.text import fold, fold_key, fold_page

__all__ = ["find_run_on_table"]

#: Document-sharing sites cut a page into chunks numbered 1、 2、 3、 at the start of a line.
_CHUNK = re.compile(r"^([0-9]{1,3})、")
_HEADER_WORDS = sorted({w for role in ("seq", "section", "requirement", "units", "deadline")
                        for w in SYNONYMS[role] if len(w) >= 2}, key=len, reverse=True)
_HEADER_WORD = "(?:牵头|配合|主办|协办)?(?:" + "|".join(map(re.escape, _HEADER_WORDS)) + ")"
_HEADER_RUN = re.compile(f"(?:{_HEADER_WORD}){{3,}}")


def _unchunk(lines: list[str]) -> tuple[str, list[int]]:
    """The text with chunk markers removed and lines joined, and the source line of each character."""
    numbered = [int(m.group(1)) for s in lines if (m := _CHUNK.match(s.strip()))]
    chunked = len(numbered) >= 2 and numbered == list(range(1, len(numbered) + 1))
    text, where = [], []
    for no, raw in enumerate(lines, 1):
        line = raw.strip()
        if chunked:
            line = _CHUNK.sub("", line)
        text.append(line)
        where += [no] * len(line)
    return "".join(text), where


_ENUM_HEADING = re.compile(r"[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]")
#: A row number in running text: not part of a longer number, a quantity or a date.
_NUMBER_AFTER = re.compile(r"[^\s0-9年月日号项个次家条件名人万亿元%％.．:：、,，\-—）)+＋×*/／]")  # not 1+8+N, 7×24


_NOT_A_HEADING = re.compile(r"[。、,，;；:：]")
_HEADING_START = re.compile(r"[和及与等(（]|牵头|负责|配合|落实|按职")
#: A heading does not start with a unit's name (宣传信息中心规范… is a unit, then a heading), however long
#: (宣传与思想政治教育处配合…) or a school (市直各学校主动公开).
_UNIT_START = re.compile(r"^[^、,，;；。]{1,12}?(?:科室|处室|股室|中心|学校|科|室|局|办|委|处|股|所|队|馆|校)")


#: Two characters that end a unit's name together: a split between them cuts the name (各科|室).
_SUFFIX_PAIRS = frozenset({"科室", "处室", "股室", "公室", "部门", "单位", "机构", "中心", "支队", "大队"})


def _unit_cell(text: str) -> bool:
    return bool(text) and len(text) <= 80 and unit_likeness(fold(text)) >= 0.99


def _split_tail(tail: str, numbered_only: bool = False) -> tuple[str, str] | None:
    """What follows a requirement's last full stop: its unit list, and the heading of the
    next group if one starts there (二、… （二）… or a short unnumbered phrase).
    `numbered_only`: the tail holds a 。 of its own, so only a numbered heading ending there will do."""
    m = _ENUM_HEADING.search(tail)
    if m and m.start() > 0 and _unit_cell(tail[: m.start()]):
        heading = tail[m.start():]
        if not numbered_only or "。" not in heading[:-1]:
            return tail[: m.start()], heading
    if numbered_only:
        return None
    if _unit_cell(tail):
        return tail, ""
    for h in range(2, len(tail) - 3):  # the shortest unit list after which a heading reads
        head, rest = tail[:h], tail[h:]
        if (len(rest) <= 30 and not _NOT_A_HEADING.search(rest) and not _HEADING_START.match(rest)
                and not _UNIT_START.match(rest) and _unit_cell(head) and not _unit_cell(rest)
                and head[-1:] + rest[:1] not in _SUFFIX_PAIRS):  # 各科|室主动公开: the name goes on
            return head, rest
    return None


def _deadline_prefix(text: str) -> int:
    """The length of the deadline that starts `text` (2023年6月底前 of 2023年6月底前某县教育局…), 0 if none:
    after the last row's units the page may run on into its signature."""
    for k in range(min(len(text), 24), 1, -1):
        if type_scores(text[:k])["deadline"] > 0:
            return k
    return 0


def _known_split(segment: str, known: set[str]) -> tuple[int, tuple[str, str]] | None:
    """Where a unit list starts in a requirement run into it without a full stop (…格式规范办公室；各科室),
    and the next group's heading after it if one follows (…市直各学校（三）加强…): the longest tail that
    reads as a unit cell, or as one and a heading, and starts with a unit the page named in an earlier row."""
    # A unit cell holds no full stop; the heading after it may end in one (（二）加强政策解读。).
    for k in range(max(6, segment.rfind("。", 0, len(segment) - 1) + 1), len(segment) - 1):
        if segment[k - 1] not in "、,;" and any(segment.startswith(u, k) for u in known):
            if _unit_cell(segment[k:]):
                return k, (segment[k:], "")
            split = _split_tail(segment[k:], numbered_only=True)
            if split is not None:
                return k, split
    return None


@lru_cache(maxsize=1)
def _common_units() -> frozenset[str]:
    """Unit names common to plans of every kind (办公室, 各科室, 计财科, 政策法规科: the thesaurus' unit-function labels
    that read as a unit's name): a first row run into its units with no full stop between (…格式规范办公室；各科室2…)
    splits there before any row has named a unit."""
    from zwgk.vocabulary.thesaurus import load_thesaurus

    return frozenset(label for c in load_thesaurus().scheme("unit-functions") for label, kind in c.labels()
                     if kind != "hiddenLabel" and len(label) >= 3 and _UNIT_NAME_END.search(label))


_UNIT_NAME_END = re.compile(r"(?:办公室|科室|处室|股室|[科处股])$")


def _number_at(body: str, pos: int, number: int) -> bool:
    text = str(number)
    if not body.startswith(text, pos) or (pos and body[pos - 1].isdigit()):
        return False
    after = pos + len(text)
    if re.match(r"(?:19|20)[0-9]{2}年", body[after : after + 5]):
        return True  # 6 then 2021年底前…: the row number runs into a year
    return after < len(body) and bool(_NUMBER_AFTER.match(body[after]))


def _split_run_on(body: str, scan: str, offset: int, where: list[int]) -> list[StreamCell]:
    """Cells of rows printed with nothing between them: 一、heading 1requirement。units 2…

    Rows are found by their numbers counting up (or restarting at 1 after a heading):
    the next number is the first place where it follows a full stop and a unit list. `scan` is the
    body folded (Simplified, ASCII punctuation; the same length): the rows are found in it, the cells
    cut from the body as printed."""
    cells: list[StreamCell] = []

    def emit(a: int, b: int) -> None:
        text = body[a:b].strip()
        if text:
            cells.append(StreamCell(text, where[offset + a], where[offset + max(a, b - 1)], None))

    first = next((p for p in range(len(scan)) if _number_at(scan, p, 1)), None)
    if first is None:
        return []
    emit(0, first)  # the first group heading
    number, pos = 1, first
    known: set[str] = set(_common_units())  # unit names of the rows read so far, and the commonest ones
    while True:
        emit(pos, pos + len(str(number)))
        req_start = pos + len(str(number))
        found = None
        counted: int | None = None  # where the next number first shows, if no unit list is found before it
        for p in range(req_start + 1, len(scan)):
            nxt = number + 1 if _number_at(scan, p, number + 1) else (1 if _number_at(scan, p, 1) else None)
            if nxt is None:
                continue
            if counted is None and nxt == number + 1 and scan[p - 1] not in ",、;:(\"“":  # not 舆情，5小时内
                counted = p
            stop = scan.rfind("。", req_start, p)
            split = _split_tail(scan[stop + 1 : p]) if stop >= 0 else None
            if stop >= 0 and split is None:  # the next group's heading may end in 。 too: units, then 二、…。
                before = scan.rfind("。", req_start, stop)
                split = _split_tail(scan[before + 1 : p], numbered_only=True) if before >= 0 else None
                stop = before if split is not None else stop
            if split is not None:
                found = (p, nxt, stop + 1, split)
                break
            if (known_split := _known_split(scan[req_start:p], known)) is not None:
                k, split = known_split
                found = (p, nxt, req_start + k, split)  # …格式规范办公室；各科室4
                break
        if found is None and counted is not None and "。" in scan[counted:]:
            # No unit list reads before any later number (a requirement with no full stop, its units
            # unknown so far): the rows still count up, so the row ends there, its units left in its
            # text, and the rows after it are read as before instead of run into one cell.
            emit(req_start, counted)
            number, pos = number + 1, counted
            continue
        if found is None:
            stop = scan.rfind("。", req_start)
            split = _split_tail(scan[stop + 1 :]) if stop >= 0 else None
            if split is not None:  # the last row: its units, and its deadline if one follows them
                emit(req_start, stop + 1)
                emit(stop + 1, stop + 1 + len(split[0]))
                after = stop + 1 + len(split[0])
                emit(after, after + _deadline_prefix(scan[after:]))  # not the signature run on after it
            else:
                emit(req_start, len(scan))
            return cells
        p, nxt, cut, (units, heading) = found
        known.update(u.name for u in parse_units(units))
        emit(req_start, cut)
        emit(cut, cut + len(units))
        emit(cut + len(units), p)
        number, pos = nxt, p


def find_run_on_table(lines: list[str]) -> StreamTable | None:
    """A table whose cells were run together with nothing between them, read from
    the header words run together (工作任务具体要求牵头落实单位) and the shape of each row."""
    text, where = _unchunk(lines)
    folded = fold_page(text)  # a Traditional page (牽頭落實單位) reads like a Simplified one
    m = _HEADER_RUN.search(folded)
    if not m:
        return None
    labels = re.findall(_HEADER_WORD, m.group(0))
    if not is_header_row(labels):
        return None
    slots = slots_from_header(columns(labels))
    if not slots:
        return None
    cells = _split_run_on(text[m.end():], folded[m.end():], m.end(), where)
    if len(cells) < 3:
        return None
    start = where[m.start()] - 1
    begin = m.start()
    while begin > 0 and where[begin - 1] == start + 1:
        begin -= 1
    return StreamTable("run-on", slots, cells, start, frozenset(fold_key(x) for x in labels), True, tuple(labels),
                       lead=text[begin : m.start()].strip())
