"""Lines → paragraphs of a task list, and the labels its fields are printed with.

A list's paragraph is one item: its wrapped lines joined, or its labelled fields printed one per line
(责任科室：办公室 / 完成时限：6月底前) joined with ；. Some plans print every task as a block of such
fields, the task's own text under a label too:

    任务一：推进决策公开              ← its title (a heading of the block)
    具体内容：完善重大行政决策预公开制度。 ← its text
    牵头单位：区司法局                 ← who and when, as elsewhere
    完成时限：2023年12月

Each label line starts a paragraph of its own, so the list reader (ingest/listing.py) sees the title,
the text and the fields apart.
"""
from __future__ import annotations

import re

from zwgk.ingest.patterns import BULLET, ENUM, HEADING_L3, TERMINAL, heading_level
from zwgk.model.text import fold, strip_cell

__all__ = ["paragraphs", "UNIT_LABEL", "FULL_LABEL", "DEADLINE_LABEL", "LINE_LABEL", "TITLE_LABEL", "TEXT_LABEL", "INLINE_BLOCK", "CN", "with_colons"]

CN = "一二三四五六七八九十"
_ROLE_PART = r"(?:牵头|责任|配合|协办|协助|协同|主办|承办|参与|负责|主责|实施)"
_UNIT_PART = r"(?:单位|科室|处室|部门|股室|主体)"
UNIT_LABEL = rf"(?:{_ROLE_PART}(?:{_UNIT_PART}|领导)?|(?:牵头|责任)?(?:落实|承担){_UNIT_PART})"
DEADLINE_LABEL = r"(?:完成|责任|办结)?(?:时限|时间)(?:要求|节点)?"
#: A line that starts with a unit or deadline label: a field printed on a line of its own.
LINE_LABEL = re.compile(rf"^\s*(?:{UNIT_LABEL}|{DEADLINE_LABEL})\s*:\s*\S")
_TITLE_WORDS = rf"(?:任务\s*[{CN}0-9]{{1,3}}|任务名称|任务事项|(?:重点|主要|工作)任务|工作事项|事项名称)\s*:\s*"
_TEXT_WORDS = r"(?:具体|工作|任务|主要|实施)(?:内容|措施|要求)\s*:\s*"
#: A task block's title: 任务一：… / 任务名称：… / 重点任务：… (fold() made the colon ASCII).
TITLE_LABEL = re.compile(rf"^\s*{_TITLE_WORDS}(?=\S)")
#: A task block's text: 具体内容：… / 工作措施：… / 具体要求：…
TEXT_LABEL = re.compile(rf"^\s*{_TEXT_WORDS}(?=\S)")
#: A whole block on one line: 任务名称：推进决策公开 具体内容：完善…
INLINE_BLOCK = re.compile(rf"^\s*{_TITLE_WORDS}(?P<title>[^:。]{{1,40}}?)[\s;,]*{_TEXT_WORDS}(?=\S)")
#: A field label printed without its colon: 责任单位 县财政局 (a space) or 牵头单位为县财政局 (为/是).
#: Only whole labels (…单位, …科室, 完成时限): 负责为群众… and 办理时间为5个工作日 are sentences.
FULL_LABEL = rf"(?:{_ROLE_PART}{_UNIT_PART}|(?:牵头|责任)?(?:落实|承担){_UNIT_PART}|(?:完成|办结)(?:时限|时间))"
_SPACED_LABEL = re.compile(rf"^(\s*{FULL_LABEL})[ \t\u3000](?=\s*\S)")
_WORDED_LABEL = re.compile(rf"({FULL_LABEL})(?:为|是)(?=\S)")
#: `一、标题 （一）正文…` printed on one line: the heading ends before the inline (一).
_INLINE_L2 = re.compile(rf"^(\s*(?:[{CN}]{{1,3}}\s*[、.．]|第[{CN}]{{1,3}}(?:部分|章|篇)[、.．,:]?)\s*[^。(]{{2,40}}?)\s+"
                        rf"(?=\(\s*[{CN}]{{1,3}}\s*\))")


def paragraphs(lines: list[str], start: int = 0) -> list[tuple[str, int, int]]:
    """Join wrapped lines into paragraphs: a paragraph ends at a blank line, at a line ending a sentence
    or a bracket, where the next line starts a number or a block's title or text label, and where a run
    of labelled fields starts or ends."""
    out: list[tuple[str, int, int]] = []
    buf: list[str] = []
    first = 0
    labels = False  # the open paragraph is labelled fields, one per line (责任科室：办公室 / 完成时限：…)
    for no in range(start + 1, len(lines) + 1):
        line = with_colons(strip_cell(lines[no - 1]))
        f = fold(line)
        starts_new = bool(ENUM.match(f) or BULLET.match(f) or heading_level(f) or HEADING_L3.match(f)
                          or TITLE_LABEL.match(f) or TEXT_LABEL.match(f))
        label = bool(LINE_LABEL.match(f))
        wrapped = bool(buf) and buf[-1].rstrip()[-1:] in "、，,；;"  # a list of units wrapped to this line
        if buf and (not line or starts_new or (label and not labels) or (labels and not label and not wrapped)):
            out.append(("".join(buf), first, no - 1))
            buf = []
        if not line:
            continue
        if buf and labels:
            buf.append("；")  # one field per line: the line end was their separator
        labels = label if not buf else labels
        m = _INLINE_L2.match(f)
        if m:  # 一、heading (一)item… on one line
            out.append((line[: m.end(1)].strip(), no, no))
            line, f = line[m.end():], f[m.end():]
        if not buf:
            first = no
        buf.append(line)
        if TERMINAL.search(f) or f.rstrip().endswith((")", "】")):
            out.append(("".join(buf), first, no))
            buf = []
    if buf:
        out.append(("".join(buf), first, len(lines)))
    return out


def with_colons(line: str) -> str:
    """A line whose field labels are printed without a colon, written with one (the same length, so the
    line's offsets hold): 责任单位 县财政局 → 责任单位：县财政局, （牵头单位为县财政局） → （牵头单位：县财政局）."""
    line = _SPACED_LABEL.sub(lambda m: m.group(1) + "：", line)
    return _WORDED_LABEL.sub(lambda m: m.group(1) + "：", line)
