#!/usr/bin/env python3
"""Synthetic plans for benchmarks: the samples' rows and generated ones, in varied layouts.

Every plan is printed in the layout of one bundled sample or as an HTML page
with a real table (see STYLES), a real county or city as issuer, a year in
2019–2024 and random deadlines, so parse benchmarks measure the readers the
real plans exercise. About half of the rows come from the five samples; the
rest are generated (`vocab=True`): a verb, a topic named by one of the
ontology's labels, an object and a second clause, with units drawn from a
list of 科室 names in the forms plans print (X、Y · X牵头，Y配合), so a
million tasks are not 160 sentences repeated and BM25, jieba and the unit
tables see a realistic vocabulary. Generation never calls the parser past the
one-off pool and is deterministic for a given seed and parser version.

`write_corpus(..., nested=True)` lays the files out as downloads are:
province/region/year/附件N.txt, so many files share one name.

Usage: corpus.py OUT_DIR [--plans 1000] [--seed 0] [--nested] [--no-vocab]
"""
from __future__ import annotations

import argparse
import html
import random
import re
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from zwgk.ingest.parser import parse_text
from zwgk.ingest.patterns import (
    ENUM,
    HEADING_L3,
    TERMINAL,
    heading_level,
    looks_like_deadline,
    looks_like_units,
)
from zwgk.ingest.rows import split_items
from zwgk.model.text import fold, squeeze

__all__ = ["STYLES", "SynthPlan", "make_plans", "make_corpus", "write_corpus", "git_commit", "save_result"]

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

#: Counties, districts and cities that resolve to exactly one GB/T 2260 division.
REGIONS = (
    "石台县 泗县 兖州区 淮北市 广州市 宿州市 济宁市 池州市 合肥市 芜湖市 歙县 休宁县 桐城市 怀宁县 "
    "太湖县 望江县 岳西县 枞阳县 砀山县 萧县 灵璧县 埇桥区 濉溪县 相山区 杜集区 烈山区 曲阜市 邹城市 "
    "微山县 鱼台县 金乡县 嘉祥县 汶上县 泗水县 梁山县 任城区 天河区 越秀区 海珠区 番禺区 花都区 从化区 "
    "增城区 南沙区 东至县 青阳县 贵池区 黟县 祁门县 绩溪县 旌德县 泾县 宁国市 郎溪县 肥东县 肥西县 "
    "长丰县 庐江县 巢湖市 南陵县 宣城市 黄山市 安庆市 滁州市 蚌埠市 阜阳市 亳州市 六安市 马鞍山市 "
    "铜陵市 淮南市 临泉县 太和县 阜南县 颍上县 界首市 蒙城县 涡阳县 利辛县 寿县 霍邱县 舒城县 金寨县 "
    "霍山县 定远县 凤阳县 天长市 明光市 来安县 全椒县 怀远县 五河县 固镇县 凤台县 含山县 和县 当涂县 "
    "曲江区 乐昌市 仁化县 翁源县 新丰县 始兴县 南雄市 德清县 安吉县 长兴县 桐庐县 淳安县 建德市 "
    "富阳区 余杭区 萧山区"
).split()
AGENCIES = (
    "人民政府办公室", "政务公开办公室", "教育局", "教育和体育局", "教育体育局", "财政局", "卫生健康委员会",
    "人力资源和社会保障局", "自然资源和规划局", "市场监督管理局", "住房和城乡建设局", "民政局",
)
_CN = "一二三四五六七八九十"
_FLOW_PUNCT = re.compile(r"[,;:、。!?，；：！？“”\"《》\s]")
_NUMBERED = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十]+\s*[)）])\s*")


@dataclass(frozen=True)
class SynthPlan:
    """One generated plan and what a correct parse of it must give."""

    name: str
    style: str
    text: str
    rows: int
    #: None when only the annex is printed (the parser must then infer it).
    issuer: str | None
    year: int
    region: str = ""


@dataclass(frozen=True)
class _Row:
    requirement: str
    units: str | None
    deadline: str | None
    l1: str
    l2: str | None


@dataclass(frozen=True)
class _Pool:
    rows: tuple[tuple[str, str | None], ...]  # (requirement, units_raw)
    units: tuple[str, ...]
    flow_units: tuple[str, ...]  # unit cells a flattened PDF line still reads as units
    l1: tuple[str, ...]
    l2: tuple[str, ...]


def _strip_number(text: str) -> str:
    return _NUMBERED.sub("", text).rstrip("。")


@lru_cache(maxsize=1)
def _pool() -> _Pool:
    rows: dict[str, str | None] = {}
    l1: dict[str, None] = {}
    l2: dict[str, None] = {}
    for path in sorted(SAMPLES.glob("*.txt")):
        for task in parse_text(path.read_text(encoding="utf-8"), path.name).tasks:
            req = re.sub(r"[\t\n\r]+", "", task.requirement).strip()
            if req and len(split_items(f"1．{req}")) == 1:  # inline 1.…2.… items would split into rows
                rows.setdefault(req, task.units_raw)
            if task.section:
                l1[_strip_number(task.section[0])] = None
            if len(task.section) > 1:
                l2[_strip_number(task.section[1])] = None
    units = tuple(dict.fromkeys(u for u in rows.values() if u))
    flow_units = tuple(u for u in units if _flow_unit(u))
    return _Pool(tuple(rows.items()), units, flow_units, tuple(k for k in l1 if k), tuple(k for k in l2 if k))


def _flow_unit(units: str) -> bool:
    f = fold(units)
    return (len(squeeze(units)) <= 40 and " " not in units and not TERMINAL.search(f) and looks_like_units(f)
            and not (ENUM.match(f) or heading_level(f)))


def _flow_safe(f: str) -> bool:
    """A wrapped piece of an item (folded) that the PDF-flow reader will not take for a new cell."""
    return not (ENUM.match(f) or heading_level(f) or HEADING_L3.match(f) or looks_like_units(f) or looks_like_deadline(f))


def _cn(n: int) -> str:
    """1..99 as Chinese numerals (一, 十, 十二, 二十三)."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CN[ones - 1]
    return ("" if tens == 1 else _CN[tens - 1]) + "十" + (_CN[ones - 1] if ones else "")


_DEADLINES = (
    "年底前", "{m}月底前", "{m}月底前", "{y}年{m}月底前", "持续推进", "长期坚持", "6月底前、12月底前", "每季度",
    "上半年", "下半年", "{m}月{d}日前", "第{q}季度末", "常态化", "{m}月中旬", "{y}年底前",
)


def _deadline(rng: random.Random, year: int) -> str:
    form = _DEADLINES[int(rng.random() * len(_DEADLINES))]
    if "{" not in form:
        return form
    return form.format(y=year, m=1 + int(rng.random() * 12), d=1 + int(rng.random() * 28), q="一二三四"[int(rng.random() * 4)])


_VERBS = ("加强", "推进", "规范", "完善", "深化", "做好", "健全", "落实", "强化", "优化", "统筹", "扎实开展")
_OBJECTS = ("工作机制", "信息发布", "专栏建设", "标准化规范化建设", "考核评估", "内容保障", "审核把关",
            "常态化管理", "清单管理", "动态调整", "监督检查", "培训指导", "宣传引导", "台账管理", "督查督办")
_CLAUSES = ("确保信息发布及时准确", "切实提升群众满意度", "按要求报送工作进展", "及时回应社会关切",
            "做到应公开尽公开", "建立健全长效机制", "定期开展自查整改", "形成可复制可推广的经验",
            "加强与上级部门的沟通衔接", "做好政策文件的解读说明", "完善相关工作制度", "确保各项任务按期完成")
_UNIT_NAMES = ("办公室", "政策法规科", "计划财务科", "人事科", "基础教育科", "职业教育科", "安全稳定科", "督导室",
               "信息中心", "宣传科", "行政审批科", "规划建设科", "综合科", "法规股", "财务股", "党建办", "机关党委",
               "教育装备中心", "招生考试中心", "体育卫生艺术科", "发展规划科", "审计科", "信访办", "监察室",
               "政务服务科", "统计科", "对外交流科", "科技信息科", "老干部科", "工会")


@lru_cache(maxsize=1)
def _topic_labels() -> tuple[str, ...]:
    """Every zh label (pref and alt) of the ontology's work topics: words real requirements use."""
    from zwgk.vocabulary.thesaurus import load_thesaurus

    thesaurus = load_thesaurus()
    return tuple(dict.fromkeys(label for c in thesaurus.scheme("topics") for label in (c.label, *c.alt_labels)
                               if 2 <= len(label) <= 12 and label.isprintable()))


def _generated(rng: random.Random) -> tuple[str, str]:
    """(requirement, units) made up from the vocabulary."""
    topic = rng.choice(_topic_labels())
    req = f"{rng.choice(_VERBS)}{topic}{rng.choice(_OBJECTS)}，{rng.choice(_CLAUSES)}"
    if rng.random() < 0.5:
        req += f"，{rng.choice(_VERBS)}{rng.choice(_topic_labels())}{rng.choice(_OBJECTS)}"
    a, b = rng.sample(_UNIT_NAMES, 2)
    units = rng.choice((a, f"{a}、{b}", f"{a}牵头，{b}配合"))
    return req + "。", units


def _rows(rng: random.Random, pool: _Pool, year: int, flow: bool, vocab: bool = True) -> list[_Row]:
    """10–80 rows drawn from every sample (and, with vocab, half generated), grouped under renumbered sections."""
    picked = rng.sample(pool.rows, rng.randint(10, min(80, len(pool.rows))))
    if vocab:
        picked = [row if rng.random() < 0.5 else _generated(rng) for row in picked]
    n_l1 = rng.randint(1, max(1, min(8, len(picked) // 4)))
    cuts = sorted(rng.sample(range(1, len(picked)), n_l1 - 1))
    groups = [picked[a:b] for a, b in zip([0, *cuts], [*cuts, len(picked)], strict=True)]
    l1_names = rng.sample(pool.l1, min(n_l1, len(pool.l1)))
    l2_names = iter(rng.sample(pool.l2, len(pool.l2)))
    out: list[_Row] = []
    for g, group in enumerate(groups):
        l1 = l1_names[g % len(l1_names)]
        n_l2 = rng.randint(1, max(1, min(4, len(group) // 2)))
        inner = sorted(rng.sample(range(1, len(group)), n_l2 - 1)) if n_l2 > 1 else []
        for a, b in zip([0, *inner], [*inner, len(group)], strict=True):
            l2 = next(l2_names, None)
            for req, units in group[a:b]:
                if flow:
                    req = squeeze(req)
                    units = units if units in pool.flow_units else rng.choice(pool.flow_units)
                else:
                    units = units or rng.choice(pool.units)
                    if out and rng.random() < 0.15:
                        units = None  # a merged cell: carried down from the row above
                deadline = None if out and rng.random() < 0.15 else _deadline(rng, year)
                out.append(_Row(req, units, deadline, l1, l2))
    return out


#: Short names of the provinces in 文号 (皖政办秘〔2022〕12号).
_PROVINCE_ABBR = {"安徽省": "皖", "山东省": "鲁", "广东省": "粤", "浙江省": "浙"}
#: The provincial notice the Anhui sample 石台县 implements; Anhui's 2022 county plans cite it half the time.
_ANHUI_2022 = ("安徽省政务公开办公室关于开展全省基层政务公开提升行动的通知", "皖政务办〔2022〕4号")


def _upper_documents(rng: random.Random, region: str, year: int) -> list[tuple[str, str]]:
    """The higher-level notices a plan says it implements: its province's yearly 工作要点 (most plans) and its
    city's (half the county plans), each (title, 文号). One number per province or city and year, so
    plans of a province cite the same documents, as real ones do."""
    from zwgk.ingest.regions import lookup

    found = lookup(region)
    chain = list(found.chain) if found else []
    cited = []
    if chain and chain[0] in _PROVINCE_ABBR and rng.random() < 0.7:
        province = chain[0]
        if (province, year) == ("安徽省", 2022) and rng.random() < 0.5:
            cited.append(_ANHUI_2022)
        else:
            number = f"{_PROVINCE_ABBR[province]}政办秘〔{year}〕{3 + (year * 7 + sum(map(ord, province))) % 40}号"
            cited.append((f"{province}人民政府办公厅关于印发{year}年{province}政务公开工作要点的通知", number))
    if len(chain) >= 3 and chain[1] != region and rng.random() < 0.5:
        city = chain[1]
        number = f"{city[0]}政办〔{year}〕{1 + (year * 5 + ord(city[0])) % 30}号"
        cited.append((f"{city}人民政府办公室关于印发{city}{year}年政务公开工作要点的通知", number))
    return cited


def _preamble(rng: random.Random, issuer: str, region: str, year: int, table_title: str,
              cited: Sequence[tuple[str, str]] = ()) -> list[str]:
    if rng.random() < 0.15:  # an annex published on its own: no notice, no metadata
        return ["附件", "", table_title, ""]
    basis = "和".join(f"《{title}》（{number}）" for title, number in cited)
    lines = []
    if rng.random() < 0.5:
        abbr = region[0] + rng.choice(("政办", "政务办", "教", "政公办"))
        lines += [f"{issuer}文件", "", f"{abbr}〔{year}〕{rng.randint(1, 60)}号", ""]
        title = f"关于印发{region}{year}年政务公开重点工作任务分解表的通知"
    else:
        title = f"{issuer}关于印发{year}年政务公开工作要点分工方案的通知"
    lines += [
        title, "", f"各乡镇人民政府，{region[-1]}直各有关单位：",
        (f"根据{basis}要求，" if basis else "") + f"为深入贯彻落实《中华人民共和国政府信息公开条例》，推动{region}政务公开工作高质量发展，"
        f"现将{year}年政务公开重点工作任务分解如下，请结合实际认真抓好落实。",
        "", f"附件：{table_title}", "", issuer, f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日", "",
        "附件", "", table_title, "",
    ]
    return lines


# ------------------------------------------------------------------ layouts


def _tab_rows(rng: random.Random, rows: list[_Row]) -> list[str]:
    """石台: one row per line, tab-separated, sections printed once and left blank below."""
    with_deadline = rng.random() < 0.7
    head = ["序号", "工作任务", "", rng.choice(("具体要求", "工作要求", "工作措施")), rng.choice(("责任单位", "牵头单位", "责任部门"))]
    lines = ["\t".join(head + (["完成时限"] if with_deadline else []))]
    prev: _Row | None = None
    n1 = 0
    for i, r in enumerate(rows, 1):
        new_l1 = prev is None or r.l1 != prev.l1
        n1 += new_l1
        l1 = f"{_cn(n1)}、{r.l1}" if new_l1 else ""
        l2 = r.l2 or "" if new_l1 or r.l2 != prev.l2 else ""
        if new_l1 and prev is not None and rng.random() < 0.3:
            lines.append("")
        cells = [str(i), l1, l2, r.requirement, r.units or ""] + ([r.deadline or ""] if with_deadline else [])
        lines.append("\t".join(cells))
        prev = r
    return lines


def _yanzhou(rng: random.Random, rows: list[_Row]) -> list[str]:
    """兖州: DOCX text, one tab-started cell per line, a unit per line, blank line between rows."""
    lines = [f"\t{h}" for h in ("序号", "工作任务", "具体要求", rng.choice(("责任单位", "责任科室")), "完成时限")] + [""]
    prev: _Row | None = None
    for i, r in enumerate(rows, 1):
        new_l1 = prev is None or r.l1 != prev.l1
        units = (r.units or "").split("；")
        lines += [f"\t{i}", f"\t{r.l1 if new_l1 else ''}", f"\t{r.l2 or '' if new_l1 or r.l2 != prev.l2 else ''}",
                  f"\t{r.requirement}", f"\t{units[0]}", *units[1:], f"\t{r.deadline or ''}", ""]
        prev = r
    return lines


def _huaibei(rng: random.Random, rows: list[_Row]) -> list[str]:
    """淮北: DOCX cells, first-level headings as bare lines between rows, header narrower than the rows."""
    lines = [f"\t{h}" for h in ("工作任务", "具  体  要  求", "责任单位", "时限要求")] + [""]
    prev: _Row | None = None
    n1 = n2 = 0
    for i, r in enumerate(rows, 1):
        if prev is None or r.l1 != prev.l1:
            n1, n2 = n1 + 1, 0
            lines += ["\t", "", "", f"{_cn(n1)}、{r.l1}"]
        else:
            lines.append("\t")
        if prev is None or r.l1 != prev.l1 or r.l2 != prev.l2:
            n2 += 1
            lines.append(f"\t（{_cn(n2)}）{r.l2 or r.l1}")
        else:
            lines.append("\t")
        lines += [f"\t{i}", f"\t{r.requirement}", f"\t{r.units or ''}", f"\t{r.deadline or ''}", ""]
        prev = r
    return lines + ["\t", ""]


def _guangzhou(rng: random.Random, rows: list[_Row]) -> list[str]:
    """广州: DOCX cells, banner rows for 一、…, items numbered 1．2． within each （一）…, no deadline column."""
    lines = [f"\t{h}" for h in ("工作任务", "具体要求", "责任处室")] + [""]
    prev: _Row | None = None
    n1 = n2 = k = 0
    for r in rows:
        if prev is None or r.l1 != prev.l1:
            n1, n2 = n1 + 1, 0
            lines += [f"\t{_cn(n1)}、{r.l1}", ""]
        if prev is None or r.l1 != prev.l1 or r.l2 != prev.l2:
            n2, k = n2 + 1, 0
            lines.append(f"\t（{_cn(n2)}）{r.l2 or r.l1}。")
        else:
            lines.append("\t")
        k += 1
        units = r.units or (prev.units if prev else None) or "办公室负责"
        lines += [f"\t{k}．{r.requirement}", f"\t{units}", ""]
        prev = r
    return lines


def _wrap(rng: random.Random, text: str) -> list[str]:
    """Cut a line the way a PDF page width does, never where a piece would read as a new cell
    (an item number, a heading, a unit list) or where the item would look finished."""
    folded = fold(text)  # length-preserving, so cuts in it are cuts in text
    cuts = [0]
    while len(text) - cuts[-1] > 40:
        at = cuts[-1]
        width = rng.randint(30, 40)
        cut = next((c for c in range(at + width, at + 20, -1) if _cut_ok(folded, at, c)), None)
        if cut is None:
            break
        cuts.append(cut)
    while len(cuts) > 1 and not _flow_safe(folded[cuts[-1]:]):
        cuts.pop()
    return [text[a:b] for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True)]


def _cut_ok(folded: str, start: int, cut: int) -> bool:
    """Whether a line may end at `cut` when it began at `start` (0: the item's own first line)."""
    tail = folded[cut : cut + 8]
    if TERMINAL.search(folded[start:cut]) or ENUM.match(tail) or heading_level(tail) or HEADING_L3.match(tail):
        return False
    return start == 0 or _flow_safe(folded[start:cut])


def _sixian(rng: random.Random, rows: list[_Row]) -> list[str]:
    """泗县: PDF text, no cell delimiters, double-spaced, units printed after the items they cover."""
    lines = ["工作内容 工作要求 " + rng.choice(("责任科室", "责任单位")), ""]
    n1 = n2 = k = 0
    for i, r in enumerate(rows):
        prev = rows[i - 1] if i else None
        label = ""
        if prev is None or r.l1 != prev.l1:
            n1, n2 = n1 + 1, 0
            lines += [f"{_cn(n1)}、{r.l1}", ""]
        if prev is None or r.l1 != prev.l1 or r.l2 != prev.l2:
            n2, k = n2 + 1, 0
            label = r.l2 or ""
        k += 1
        pieces = _wrap(rng, f"{k}．{r.requirement}")
        if label and len(label) <= 20 and not _FLOW_PUNCT.search(label) and rng.random() < 0.5:
            pieces[0] = f"{label} {pieces[0]}"  # 组织领导 1．建立…: label and item share a line
        elif label:
            lines += [f"（{_cn(n2)}）{label}", ""]
        for piece in pieces:
            lines += [piece, ""]
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        if nxt is None or nxt.l1 != r.l1 or nxt.l2 != r.l2:
            lines[-1:] = [r.units or "", ""]
    return lines


def _html_table(rng: random.Random, rows: list[_Row]) -> list[str]:
    """A portal page: the notice as paragraphs is added by make_plans; here one <table> with rowspans
    for the first-level sections (a merged cell) and a 序号 column."""
    esc = html.escape
    head = ("序号", "工作任务", rng.choice(("具体要求", "工作措施")), rng.choice(("责任单位", "牵头单位")), "完成时限")
    out = ["<table border='1'>", "<tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>"]
    i = 0
    while i < len(rows):
        j = i
        while j < len(rows) and rows[j].l1 == rows[i].l1:
            j += 1
        for k in range(i, j):
            r = rows[k]
            first = f"<td rowspan='{j - i}'>{esc(r.l1)}</td>" if k == i else ""
            out.append(f"<tr><td>{k + 1}</td>{first}<td>{esc(r.requirement)}</td><td>{esc(r.units or '')}</td>"
                       f"<td>{esc(r.deadline or '')}</td></tr>")
        i = j
    return out + ["</table>"]


#: Generator name → (layout writer, whether rows must survive PDF flattening).
STYLES: dict[str, tuple[Callable[[random.Random, list[_Row]], list[str]], bool]] = {
    "shitai-tab-rows": (_tab_rows, False),
    "yanzhou-docx-cells": (_yanzhou, False),
    "huaibei-docx-cells": (_huaibei, False),
    "guangzhou-docx-cells": (_guangzhou, False),
    "sixian-pdf-flow": (_sixian, True),
    "html-table": (_html_table, False),
}


def _as_html(preamble: list[str], table: list[str]) -> str:
    body = [f"<p>{html.escape(line)}</p>" for line in preamble if line.strip()]
    return ("<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>政务公开</title></head><body>\n"
            + "\n".join(body + table) + "\n</body></html>")


def make_plans(n: int, seed: int = 0, vocab: bool = False) -> list[SynthPlan]:
    """`n` plans, the styles in turn; the same (n, seed, vocab) always gives the same texts.

    vocab=False is the generator the parse, search and analysis benchmarks were measured with (the
    samples' rows, five text layouts); vocab=True adds generated rows and HTML tables (ingest bench)."""
    pool = _pool()
    rng = random.Random(seed)
    styles = list(STYLES) if vocab else [s for s in STYLES if s != "html-table"]
    plans = []
    for i in range(n):
        style = styles[i % len(styles)]
        writer, flow = STYLES[style]
        region, year = rng.choice(REGIONS), rng.randint(2019, 2024)
        issuer = region + rng.choice(AGENCIES)
        rows = _rows(rng, pool, year, flow, vocab)
        title = f"{region}{year}年政务公开重点工作任务分解表"
        # the citations draw from a generator of their own, so the rest of the corpus is what it was before
        cited = _upper_documents(random.Random(f"{seed}-{i}"), region, year) if vocab else []
        preamble = _preamble(rng, issuer, region, year, title, cited)
        printed = issuer if preamble[0] != "附件" else None
        if style == "html-table":
            plans.append(SynthPlan(f"synth-{i:05d}-{style}.html", style, _as_html(preamble, writer(rng, rows)),
                                   len(rows), printed, year, region))
            continue
        text = "\n".join(preamble + writer(rng, rows)) + "\n"
        plans.append(SynthPlan(f"synth-{i:05d}-{style}.txt", style, text, len(rows), printed, year, region))
    return plans


def make_corpus(n: int, seed: int = 0, vocab: bool = False) -> list[tuple[str, str]]:
    """(file name, text) of `n` synthetic plans."""
    return [(p.name, p.text) for p in make_plans(n, seed, vocab)]


def _nested_name(plan: SynthPlan, index: int) -> str:
    """province/region/year/附件N.suffix, the way downloads are saved (附件1 in every folder)."""
    from zwgk.ingest.regions import lookup

    found = lookup(plan.region)
    province = found.chain[0] if found else "其他"
    return f"{province}/{plan.region}/{plan.year}/附件{index % 3 + 1}{Path(plan.name).suffix}"


def write_corpus(dir: str | Path, n: int, seed: int = 0, nested: bool = False, vocab: bool = True) -> list[Path]:
    """Write the corpus as UTF-8 files into `dir` (created if missing); `nested`: in download folders."""
    out = Path(dir)
    paths = []
    for i, plan in enumerate(make_plans(n, seed, vocab)):
        path = out / (_nested_name(plan, i) if nested else plan.name)
        while nested and path.exists():  # one folder per (region, year, 附件N): a second plan there gets 附件N+3
            path = path.with_name(f"附件{int(path.stem[2:]) + 3}{path.suffix}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(plan.text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir")
    ap.add_argument("--plans", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--nested", action="store_true", help="province/region/year/附件N.txt folders")
    ap.add_argument("--no-vocab", action="store_true", help="only the samples' rows (the generator before vocab)")
    args = ap.parse_args()
    paths = write_corpus(args.out_dir, args.plans, args.seed, args.nested, not args.no_vocab)
    print(f"wrote {len(paths)} plans to {args.out_dir}")


if __name__ == "__main__":
    main()


def rdflib_dataset(store_dir: Path) -> tuple[object, float]:
    """rdflib's in-memory Dataset (default graph = union) holding a store's quads, and the seconds the parse took:
    the reference the group-by benchmarks compare Oxigraph with."""
    import time

    from rdflib import Dataset

    from zwgk.graph.store import open_store

    store = open_store(store_dir, read_only=True)
    try:
        data = store.serialize("nq")
    finally:
        store.close()
    ds = Dataset(default_union=True)
    start = time.perf_counter()
    ds.parse(data=data, format="nquads")
    return ds, time.perf_counter() - start


def git_commit() -> str | None:
    """The checkout's short commit, recorded with every benchmark result."""
    try:
        run = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=Path(__file__).resolve().parent,
                             capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    return run.stdout.strip() or None


def save_result(result: dict, path: Path, console) -> None:
    """Write a benchmark's result as JSON (bench/out/ by default) and say where."""
    import json

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    console.print(f"wrote {path}")
