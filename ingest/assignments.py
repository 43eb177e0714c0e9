"""Who does a task and by when, as a list prints it after the text: a bracket or labelled fields.

    …做好信息公开。（牵头单位：县政府办；责任单位：各乡镇；完成时限：6月底前）
    …推进预决算公开。（县财政局、县发改委）
    …推进预决算公开。县财政局牵头，县直各部门配合。

`responsibility_brackets` finds the brackets that assign the text before them, `split_bracket` cuts
one into its units and its deadline, and `assigning_sentence` tells a last sentence that only
assigns (names, role words, a date) from one that does work. ingest/listing.py decides what the
paragraphs around them are.
"""
from __future__ import annotations

import re

from zwgk.ingest.celltypes import unit_likeness
from zwgk.ingest.paragraphs import DEADLINE_LABEL, UNIT_LABEL
from zwgk.ingest.patterns import looks_like_deadline
from zwgk.ingest.units import is_unit_name, parse_units
from zwgk.model.text import fold, squeeze, strip_cell

__all__ = ["responsibility_brackets", "split_bracket", "is_responsibility", "assigning_sentence"]

#: A bracket of unit names that says something else about them: an abbreviation, an example, a scope.
_NOT_ASSIGNED = re.compile(r"简称|以下|包括|含|例如|如:|不含|除外|试点")
_ROLE_WORD = re.compile(r"牵头|负责|配合|协助|协同|协办|主办|承办|参与|落实")
_LABELLED = re.compile(rf"(?:^|(?<=[,;。\s]))\s*({UNIT_LABEL}|{DEADLINE_LABEL})\s*:")
_FIELD_START = re.compile(rf"(?:{UNIT_LABEL}|{DEADLINE_LABEL})\s*:")
_MAX_BRACKET = 240


def _top_brackets(f: str) -> list[tuple[int, int]]:
    """(open, close+1) of every outermost (…) or 【…】 in folded text; nesting allowed. Some plans print
    the responsibility in 【】 (【牵头单位：…；责任单位：…】); whether a bracket names one is decided by its text."""
    spans: list[tuple[int, int]] = []
    depth, start = 0, 0
    for i, c in enumerate(f):
        if c in "(【":
            if depth == 0:
                start = i
            depth += 1
        elif c in ")】" and depth:
            depth -= 1
            if depth == 0 and i + 1 - start <= _MAX_BRACKET:
                spans.append((start, i + 1))
    if depth and len(f) - start <= _MAX_BRACKET:  # cut off by the page: （牵头单位：…，责任单位：养老保
        spans.append((start, len(f) + 1))
    return spans


def _pieces(inner: str) -> list[tuple[int, int]]:
    """Spans of inner split at top-level , ; ， ；, and at a space before a label (责任单位：A 完成时限：B)."""
    f = fold(inner)
    out, depth, s = [], 0, 0
    for i, c in enumerate(f):
        depth += {"(": 1, ")": -1, "〔": 1, "〕": -1}.get(c, 0)
        if depth == 0 and (c in ",;" or (c in " \t\u3000" and _FIELD_START.match(f, i + 1))):
            out.append((s, i))
            s = i + 1
    out.append((s, len(f)))
    return out


def is_responsibility(inner: str, bare: bool = True) -> bool:
    """Does a bracket name who does the task (or when)? Evidence: a unit or
    deadline label, a role word closing names that end like units, or, where `bare` (the
    bracket follows a sentence's end), nothing but such names (（县财政局、县发改委）)."""
    f = squeeze(fold(inner))
    if not f or "。" in f:
        return False
    if _LABELLED.search(f) or _LABELLED.search(fold(inner)):  # 分管领导:王某某 责任股室:… (a space between)
        return True
    kept = [fold(inner[a:b]) for a, b in _pieces(inner) if not looks_like_deadline(fold(inner[a:b]).strip())]
    units = parse_units("，".join(kept))
    good = sum(1 for u in units if is_unit_name(u.name))
    if not _ROLE_WORD.search(f):
        return bare and bool(units) and good == len(units) and not _NOT_ASSIGNED.search(f)
    return bool(units) and good * 2 >= len(units)


def assigning_sentence(sentence: str) -> bool:
    """An item's last sentence that only assigns it: unit names with role words (县财政局牵头，县直各部门配合),
    maybe a deadline; not 各部门要认真落实 (a sentence of work that happens to start with 各)."""
    if not 2 <= len(sentence) <= 60 or not _ROLE_WORD.search(sentence):
        return False
    kept = [sentence[a:b] for a, b in _pieces(sentence) if not looks_like_deadline(
        re.sub(r"(?:前)?完成$", lambda x: x.group(0)[:-2], sentence[a:b].strip()))]
    return bool(kept) and unit_likeness("，".join(kept)) >= 0.99


def split_bracket(inner: str) -> tuple[str | None, str | None]:
    """(units as printed, deadline as printed) of a bracket's text. A deadline
    field (完成时限：…, or an unlabelled 6月底前完成) is cut out of the units
    together with its separator; labels of unit fields stay."""
    f = fold(inner)
    keep: list[tuple[int, int]] = []
    deadline: list[str] = []
    for a, b in _pieces(inner):
        piece = f[a:b].strip()
        m = re.match(rf"\s*{DEADLINE_LABEL}\s*:\s*", f[a:b])
        if m:
            deadline.append(strip_cell(inner[a + m.end() : b]))
        elif piece and looks_like_deadline(re.sub(r"(?:前)?完成$", lambda x: x.group(0)[:-2], piece)):
            deadline.append(re.sub(r"完成$", "", strip_cell(inner[a:b])))
        elif piece:
            keep.append((a, b))
    units = ""
    for k, (a, b) in enumerate(keep):
        units += (inner[keep[k - 1][1]] if k else "") + inner[a:b]
    return strip_cell(units) or None, "；".join(d for d in deadline if d) or None


def responsibility_brackets(text: str) -> list[tuple[int, int]]:
    """Brackets of a paragraph that assign the task before them: after a
    sentence's end, or closing the paragraph."""
    f = fold(text)
    out = []
    for s, e in _top_brackets(f):
        before = f[:s].rstrip()
        at_end = not f[e:].strip(" \t。;.,")
        after_sentence = bool(before) and before[-1] in "。;!?"
        # A closing bracket with no stop before it names units too (…格式规范（办公室、各科室）), after
        # a task's text, not after a label's value (联系人：张三（县政府办公室）).
        task_before = len(squeeze(before)) >= 10 and ":" not in before
        if (at_end or after_sentence) and is_responsibility(text[s + 1 : e - 1], bare=after_sentence or task_before):
            out.append((s, e))
    return out

