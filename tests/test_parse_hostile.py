"""Hostile inputs: the parser returns a sane Plan or raises ParseError, nothing else.

Hypothesis builds arbitrary text, tables assembled from header words, hanzi
sentences, unit names and deadlines in every layout the readers know (and
some they do not), bytes in any encoding, and damaged copies of the samples.
Any other exception escaping parse_text/parse_bytes is a bug (errors.py).
"""
from __future__ import annotations

import codecs

from conftest import SAMPLES
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from zwgk.ingest.errors import ParseError
from zwgk.ingest.headers import SYNONYMS
from zwgk.ingest.parser import parse_bytes, parse_text
from zwgk.model.plan import ROLES, Plan

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SAMPLE_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]

HEADERS = sorted({w for words in SYNONYMS.values() for w in words}) + [
    "序 号", "工 作 任 务", "具  体  要  求", "责任单位（部门）", "完成时限：", "（责任单位）", "備註", "責任單位", "工作任務",
]
HANZI = "政务公开信息发布解读回应平台建设标准化规范化推进落实加强完善健全制度机制工作任务要求单位科室局办中心县市区乡镇年月底前"
SENTENCES = [
    "加强政策解读，及时回应社会关切。", "推进基层政务公开标准化规范化建设", "1．建立健全政务公开工作制度。",
    "（一）做好财政信息公开。", "一、强化组织领导", "2.5亿元", "根据《中华人民共和国政府信息公开条例》（国务院令第711号）",
    "办公室牵头，各科室配合", "2021年底前，市、区政府网站全部支持互联网协议第6版。", "①②③", "附件：", "附 件 1",
    "石政公办〔2022〕1号", "关于印发2023年政务公开重点工作任务分解表的通知", "- 3 -", "第 2 页 共 9 页", "3/9",
    "公开事项", "公开内容", "年度报告", "（", "）", "：", "；", "、", "1．", "2.", "（一）", "一、", "（1）", "①",
]
UNITS = [
    "办公室", "各科室", "县教育局", "政策法规科牵头，各有关科室配合", "内容安全：宣传科负责；技术安全：信息中心负责",
    "县、区教育局", "（牵头）", "会同", "各处室负责，办公室配合", "由", "等", "：", "县（区）", "科研处会电化教育馆负责",
    "牵头单位：办公室", "配合单位：", "、、", "（按职责分工负责）", "文件起草牵头科室", "各乡镇人民政府",
]
DEADLINES = [
    "年底前", "11月底前", "2021年8月前", "13月", "2月30日", "每季度", "持续推进", "十二月底前", "二〇二一年底", "0月",
    "6月底前、12月底前", "次年3月", "第5季度", "9999年", "1月前", "长期坚持", "2022年7月—2022年10月", "三十二月",
]


def _fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in s)


def _letter_spaced(s: str) -> str:
    return " ".join(s)


words = st.one_of(
    st.sampled_from(SENTENCES),
    st.text(alphabet=HANZI + "，。；、（）：", min_size=1, max_size=40),
    st.integers(0, 200).map(str),
)
cells = st.one_of(
    st.just(""),
    st.sampled_from(HEADERS),
    st.sampled_from(UNITS),
    st.sampled_from(DEADLINES),
    words,
    st.lists(words, min_size=1, max_size=3).map("".join),
    st.lists(st.sampled_from(UNITS), min_size=1, max_size=3).map("\n".join),  # a unit per line inside a cell
    st.text(max_size=12),
)
decorated_cells = st.tuples(cells, st.sampled_from(["plain", "full", "spaced", "pad"])).map(
    lambda t: {"plain": t[0], "full": _fullwidth(t[0]), "spaced": _letter_spaced(t[0]), "pad": f"\u3000{t[0]}\xa0"}[t[1]]
)


def _render(layout: str, rows: list[list[str]]) -> list[str]:
    """One table in one printed layout (cells may hold line breaks: some layouts keep them)."""
    lines: list[str] = []
    if layout == "tab-rows":
        lines = ["\t".join(r) for r in rows]
    elif layout == "tab-cells":
        for r in rows:
            lines += [f"\t{c}" for c in r] + [""]
    elif layout == "pipes":
        lines = ["| " + " | ".join(r) + " |" for r in rows]
    elif layout == "markdown":
        lines = ["| " + " | ".join(r) + " |" for r in rows]
        if rows:
            lines.insert(1, "|" + "---|" * len(rows[0]))
    elif layout == "html-cells":
        for r in rows:
            for c in r:
                lines += [c, "|"]
            lines.append("| --- |")
    elif layout == "spaces":
        lines = ["".join(c.ljust(12, " ") if k < len(r) - 1 else c for k, c in enumerate(r)) for r in rows]
    elif layout == "cell-per-line":
        lines = [c for r in rows for c in r]
    elif layout == "flow":
        lines = [" ".join(r) for r in rows]
    elif layout == "list":
        lines = [f"{k}．{r[0]}（{'，'.join(r[1:])}）" for k, r in enumerate(rows, 1) if r]
    return [piece for line in lines for piece in line.split("\n")] if layout not in ("tab-cells", "cell-per-line") else lines


LAYOUTS = ["tab-rows", "tab-cells", "pipes", "markdown", "html-cells", "spaces", "cell-per-line", "flow", "list"]


@st.composite
def plans(draw) -> str:
    width = draw(st.integers(1, 7))
    header = draw(st.lists(st.sampled_from(HEADERS + [""]), min_size=width, max_size=width))
    body = draw(st.lists(st.lists(decorated_cells, min_size=max(1, width - 2), max_size=width + 2), max_size=12))
    layout = draw(st.sampled_from(LAYOUTS))
    preamble = draw(st.lists(st.one_of(st.sampled_from(SENTENCES), st.just("")), max_size=5))
    lines = preamble + _render(layout, [header, *body])
    # Stray blank lines, page furniture and line-end styles anywhere.
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(lines)))
        lines.insert(at, draw(st.sampled_from(["", "\t", "   ", "\f", "- 2 -", "\u3000", "|", "---"])))
    sep = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return sep.join(lines)


def _check(plan: Plan) -> None:
    assert isinstance(plan, Plan)
    event(f"parsed as {plan.layout}" + (" with tasks" if plan.tasks else ""))  # --hypothesis-show-statistics
    for task in plan.tasks:
        assert task.requirement.strip(), task
        for unit in task.units:
            assert unit.name.strip(), task
            assert unit.role in ROLES, task


def _parse(text: str) -> None:
    try:
        plan = parse_text(text, "hostile.txt")
    except ParseError:
        event("ParseError")
        return
    _check(plan)


@FAST
@given(st.text(max_size=400))
def test_arbitrary_text(text):
    _parse(text)


@FAST
@given(st.lists(st.one_of(words, st.sampled_from(HEADERS), st.sampled_from(UNITS), st.sampled_from(DEADLINES),
                          st.sampled_from(["\t", "|", "  ", "\n", "\n\n", "（", "）"])), max_size=60).map("".join))
def test_plan_vocabulary_soup(text):
    _parse(text)


@SLOW
@given(plans())
def test_generated_tables(text):
    _parse(text)


@SLOW
@given(st.sampled_from(range(len(SAMPLE_TEXTS))), st.data())
def test_damaged_samples(index, data):
    """Real plans with lines dropped, repeated, swapped, cut or retabbed."""
    lines = SAMPLE_TEXTS[index].split("\n")
    for _ in range(data.draw(st.integers(1, 12))):
        if not lines:
            break
        at = data.draw(st.integers(0, len(lines) - 1))
        op = data.draw(st.sampled_from(["drop", "repeat", "swap", "cut", "tab", "untab", "blank", "full"]))
        if op == "drop":
            del lines[at]
        elif op == "repeat":
            lines.insert(at, lines[at])
        elif op == "swap":
            other = data.draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif op == "cut":
            lines[at] = lines[at][: data.draw(st.integers(0, max(len(lines[at]) - 1, 0)))]
        elif op == "tab":
            lines[at] = "\t" + lines[at]
        elif op == "untab":
            lines[at] = lines[at].replace("\t", "")
        elif op == "blank":
            lines.insert(at, "")
        else:
            lines[at] = _fullwidth(lines[at])
    if data.draw(st.booleans()):
        lines = lines[data.draw(st.integers(0, len(lines))):]
    _parse("\n".join(lines))


def _parse_bytes(data: bytes) -> None:
    try:
        plan = parse_bytes(data, "x.txt")
    except ParseError:
        event("ParseError")
        return
    _check(plan)


@FAST
@given(st.binary(max_size=600))
def test_arbitrary_bytes(data):
    _parse_bytes(data)


ENCODINGS = ["utf-8", "utf-8-sig", "gbk", "gb18030", "big5", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]
BOMS = {"utf-8": codecs.BOM_UTF8, "gb18030": b"\x84\x31\x95\x33", "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE}


@SLOW
@given(plans(), st.sampled_from(ENCODINGS), st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=4),
       st.booleans())
def test_encoded_tables(text, encoding, damage, bom):
    """Generated tables in the encodings plans arrive in, a few bytes damaged, BOM or not."""
    data = bytearray(text.encode(encoding, errors="replace"))
    if bom:
        data[:0] = BOMS.get(encoding, b"")
    for at, value in damage:
        if data:
            data[at % len(data)] = value
    _parse_bytes(bytes(data))
