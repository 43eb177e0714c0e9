"""One self-contained HTML report a researcher can open offline or send by mail.

Summary numbers, the region × topic heatmap, who handles the main topics in
each plan, the diffusion groups, the coverage gaps, unit workload with a
unit–topic network picture, a map of the plans' regions, and an appendix of
every task with its source lines. Pictures are matplotlib PNGs embedded as
data URIs; the text is set in a subset of Noto Sans CJK SC embedded as a WOFF
font, so the file renders the same on a machine without Chinese fonts.
Nothing in it points outside the file.

It is explorable without a server or a library: one inline script in
report.html sorts any table by a clicked header and, when a heatmap cell is
clicked, lists the tasks behind it (copies of their appendix rows, which the
cell names by index in `data-tasks`).
"""
from __future__ import annotations

import base64
import html
import io
from collections import Counter, defaultdict
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from datetime import date
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING, Any

from zwgk.analysis.corpus import Corpus
from zwgk.model.roles import ROLES, Level

if TYPE_CHECKING:  # the analyses load numpy and the thesaurus: imported where the report runs them
    from zwgk.analysis.compare import ComparePlan, UnitCount
    from zwgk.analysis.coverage import Coverage, CoveragePlan
    from zwgk.analysis.diffusion import Diffusion
    from zwgk.analysis.workload import Workload

__all__ = ["render_report", "write_report", "font_face", "main_topic_list", "heatmap_cells"]

TEMPLATE = Path(__file__).with_name("report.html")
FONT_FAMILY = "zwgk-cjk"


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def font_face(text: str) -> str:
    """@font-face with Noto Sans CJK SC cut down to the characters of text (WOFF, base64)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from zwgk.presentation.charts import cjk_font_path

    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    font = TTFont(str(cjk_font_path()), lazy=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(set(text))))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff"
    font.save(buffer)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url(data:font/woff;base64,{data}) format("woff"); }}'


def _table(header: list[str], rows: list[list[str]], numeric: AbstractSet[int] = frozenset()) -> str:
    """Rows of already-escaped cells; a click on a header sorts by that column (report.html's script)."""
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>"
                                    for i, c in enumerate(row)) + "</tr>" for row in rows)
    return f'<table class="sortable"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _figure(png: bytes, alt: str, caption: str) -> str:
    from zwgk.presentation.charts import data_uri

    return f'<figure><img src="{data_uri(png)}" alt="{_e(alt)}"><figcaption>{_e(caption)}</figcaption></figure>'


def _level_label(level: Level | None) -> str:
    return level.label if level else "?"


def _plan_label(plan: ComparePlan | CoveragePlan) -> str:
    """A plan row of a comparison or of the coverage (analysis.compare's, analysis.coverage's JSON)."""
    return f"{_e(plan.get('region') or '?')} · {_e(plan.get('plan_title') or plan['doc'])}（{_e(plan.get('year') or '?')}）"


def _units_cell(units: list[UnitCount], limit: int = 6) -> str:
    cell = "<br>".join(f"{_e(u['name'])}<span class=fn>〔{_e(u['function'])}〕×{u['tasks']}</span>" for u in units[:limit])
    return cell + (f'<br><span class=fn>…等 {len(units)} 个</span>' if len(units) > limit else "") if units else "—"


def _more(total: int, shown: int, what: str) -> str:
    return f'<p class="note">另有 {total - shown} {what}未列出（见 --json / --csv 输出）。</p>' if total > shown else ""


def _summary(corpus: Corpus, diff: Diffusion, cov: Coverage, max_plans: int = 40) -> str:
    regions = {p.region for p in corpus.plans.values() if p.region}
    provinces = {p.region_chain[0] for p in corpus.plans.values() if p.region_chain}
    units = {(t.issuer, u.name) for t in corpus.tasks for u in t.units}
    functions = {u.function for t in corpus.tasks for u in t.units if u.function}
    no_units = sum(1 for t in corpus.tasks if not t.units)
    cards = [
        (len(corpus.plans), "计划 plans"), (len(corpus.tasks), "任务 tasks"), (len(regions), "地区 regions"),
        (len(provinces), "省份 provinces"), (len(units), "责任单位 units"), (len(functions), "科室职能 functions"),
        (len(cov["matrix"]["topics"]), "涉及主题 topics"), (diff["group_count"], "跨计划相同表述 copied groups"),
        (no_units, "未列责任单位的任务 tasks without units"),
    ]
    html_cards = "".join(f'<div class="card"><b>{n:,}</b><span>{_e(label)}</span></div>' for n, label in cards)
    by_plan = Counter(t.doc for t in corpus.tasks)
    named: dict[str, set[str]] = defaultdict(set)
    for t in corpus.tasks:
        named[t.doc].update(u.name for u in t.units)
    if len(corpus.plans) <= max_plans:
        rows = []
        for doc in corpus.plan_order():
            p = corpus.plans[doc]
            rows.append([_e(" > ".join(p.region_chain) or "?"), _e(p.title or doc), _e(p.year or "?"),
                         _e(_level_label(p.level)), str(by_plan[doc]),
                         str(len(named[doc])) if named[doc] else '<span class="none">未列明</span>'])
        table = _table(["地区", "计划", "年份", "层级", "任务", "责任单位"], rows, {4, 5})
    else:  # many plans: one row per region
        by_region: dict[str, dict[str, Any]] = {}
        for doc, p in corpus.plans.items():
            r = by_region.setdefault(" > ".join(p.region_chain) or "?", {"plans": 0, "tasks": 0, "years": set(), "none": 0,
                                                                   "level": p.level})
            r["plans"] += 1
            r["tasks"] += by_plan[doc]
            r["years"].add(p.year)
            r["none"] += not named[doc]
        order = sorted(by_region, key=lambda k: (-by_region[k]["plans"], k))
        rows = []
        for k in order[:max_plans]:
            r = by_region[k]
            years = sorted(y for y in r["years"] if y)
            rows.append([_e(k), _e(_level_label(r["level"])), str(r["plans"]), str(r["tasks"]),
                         _e(f"{years[0]}–{years[-1]}" if len(years) > 1 else years[0] if years else "?"),
                         str(r["none"]) if r["none"] else "0"])
        table = _table(["地区", "层级", "计划", "任务", "年份", "未列单位的计划"], rows, {2, 3, 5})
        table += _more(len(by_region), len(rows), "个地区")
    return f'<h2 id="summary">概况 Summary</h2><div class="cards">{html_cards}</div>{table}'


def _heat_colour(n: int, top: int) -> str:
    """White → deep red by share of the largest cell; dark cells get white text."""
    if not n:
        return ""
    share = n / max(1, top)
    r, g, b = 255, int(245 - 190 * share), int(240 - 200 * share)
    ink = "color:#fff;" if share > 0.6 else ""
    return f' style="background:rgb({r},{g},{b});{ink}"'


def heatmap_cells(corpus: Corpus, cov: Coverage, max_rows: int = 30, max_topics: int = 20
                  ) -> tuple[list[str], list[str], dict[tuple[str, str], list[str]], Counter]:
    """Regions (busiest first), the topics most plans cover, the task ids per (region, topic) and tasks per
    region: the heatmap of the report and of the web page's chart page."""
    topics = cov["matrix"]["topics"][:max_topics]
    cells: dict[tuple[str, str], list[str]] = defaultdict(list)
    totals: Counter = Counter()
    for t in corpus.tasks:
        plan = corpus.plans.get(t.doc)
        region = (plan.region if plan else None) or t.region or "?"
        totals[region] += 1
        for topic in t.topics:
            if topic in topics:
                cells[region, topic].append(t.id)
    regions = sorted(totals, key=lambda r: (-sum(len(cells[r, x]) for x in topics), r))[:max_rows]
    return regions, topics, dict(cells), totals


def _heatmap(corpus: Corpus, cov: Coverage, index: dict[str, int], max_rows: int = 30,
             max_topics: int = 20) -> str:
    """Region × topic task counts as a table; a cell lists its tasks when clicked (the appendix rows it names)."""
    regions, topics, by_id, totals = heatmap_cells(corpus, cov, max_rows, max_topics)
    cells = {key: [index[i] for i in ids] for key, ids in by_id.items()}
    if not topics or not regions:
        return '<h2 id="heatmap">地区 × 主题 Heatmap</h2><p class="note">没有归入主题的任务。</p>'
    top = max((len(cells.get((r, x), [])) for r in regions for x in topics), default=1)
    head = "<th>地区</th>" + "".join(f'<th class="topic"><span>{_e(x)}</span></th>' for x in topics) + "<th>任务</th>"
    body = []
    for r in regions:
        tds = []
        for x in topics:
            ids = cells.get((r, x), [])
            data = f' class="hm" tabindex="0" data-region="{_e(r)}" data-topic="{_e(x)}" data-tasks="{" ".join(map(str, ids))}"'
            tds.append(f"<td{data}{_heat_colour(len(ids), top)}>{len(ids) or ''}</td>")
        body.append(f"<tr><th>{_e(r)}</th>{''.join(tds)}<td class=\"num\">{totals[r]}</td></tr>")
    return ('<h2 id="heatmap">地区 × 主题 Heatmap</h2>'
            f'<p class="note">每格为该地区计划中归入该主题的任务数（前 {len(regions)} 个地区 · 覆盖计划最多的前 {len(topics)} 个主题）。'
            '点击一格，下方列出这些任务及其原文行号。</p>'
            f'<table class="heat"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
            '<div id="cell-tasks" class="panel" hidden><h3 id="cell-title"></h3><table class="sortable tasks"><thead><tr>'
            '<th>任务</th><th>地区</th><th>工作要求</th><th>牵头</th><th>负责</th><th>配合</th><th>完成时限</th><th>来源</th>'
            '</tr></thead><tbody id="cell-rows"></tbody></table></div>')


def _appendix(corpus: Corpus, index: dict[str, int], max_rows: int = 5000) -> str:
    """Every task with its units by role, deadline and source lines: what a heatmap cell points to."""
    rows = []
    for t in corpus.tasks[:max_rows]:
        roles = ["、".join(dict.fromkeys(u.name for u in t.units if u.role == role)) for role in ROLES]
        first, last = t.source_lines
        due = _e(t.deadline_raw or "")
        if t.deadline:
            due += ("<br>" if due else "") + _e(t.deadline) + ('<span class="fn">（正文）</span>'
                                                              if t.deadline_source == "text" else "")
        if t.response_times:
            due += ("<br>" if due else "") + "、".join(_e(r.raw) for r in t.response_times)
        rows.append(f'<tr id="t-{index[t.id]}"><td>{_e(t.id)}</td><td>{_e(t.region or "?")}</td>'
                    f'<td>{_e(t.requirement)}</td>' + "".join(f"<td>{_e(names)}</td>" for names in roles)
                    + f'<td>{due}</td><td>{_e(t.doc)}<br><span class="fn">第{first}–{last}行</span></td></tr>')
    note = _more(len(corpus.tasks), len(rows), "项任务")
    return ('<h2 id="appendix">附录：任务清单 Appendix</h2>'
            '<p class="note">全部任务及其责任单位、完成时限与原文行号；点击表头排序。</p>'
            '<table class="sortable tasks" id="appendix-table"><thead><tr><th>任务</th><th>地区</th><th>工作要求</th><th>牵头</th>'
            '<th>负责</th><th>配合</th><th>完成时限</th><th>来源</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>{note}')


def _who(corpus: Corpus, topics: list[str], max_rows: int = 40) -> str:
    """Per topic one row per plan; with more plans than max_rows, one row per unit function instead."""
    from zwgk.analysis.compare import compare

    per_plan = len(corpus.plans) <= max_rows
    parts = ['<h2 id="who">谁负责什么 Who handles what</h2>',
             '<p class="note">主要主题（覆盖计划最多的具体主题）' + (
                 "在各计划中的牵头、负责、配合单位，〔〕内为本体中的科室职能，×后为任务数。" if per_plan else
                 "按科室职能汇总：每种职能在多少份计划中牵头、负责、配合该主题的任务。") + "</p>"]
    for topic in topics:
        result = compare(corpus, topic)
        head = f"<h3>{_e(result['label'])}（{result['tasks']:,} 项任务）</h3>"
        if per_plan:
            rows = [[_plan_label(p), str(p["tasks"]), _units_cell(p["lead"]), _units_cell(p["responsible"]),
                     _units_cell(p["cooperate"]),
                     "<br>".join(f"{_e(d['raw'])}×{d['tasks']}" for d in p["deadlines"][:4]) or "—",
                     f'<span class="none">{_e(p["note"])}</span>' if p["note"] else ""] for p in result["plans"]]
            parts.append(head + _table(["计划", "任务", "牵头", "负责", "配合", "时限", "备注"], rows, {1}))
            continue
        with_tasks = [p for p in result["plans"] if p["tasks"]]
        rows = []
        for f in result["functions"][:max_rows]:
            plans = f["plans"]
            counts = {role: sum(1 for c in plans.values() if c["roles"].get(role)) for role in ROLES}
            names = Counter(n for c in plans.values() for n in c["units"])
            rows.append([_e(f["function"]), *(f"{counts[r]:,}" for r in ROLES),
                         f"{len(plans) / max(1, len(with_tasks)):.0%}",
                         _e("、".join(n for n, _ in names.most_common(5)))])
        none = sum(1 for p in with_tasks if p["note"] == "未列明责任单位")
        parts.append(head + f'<p class="note">{len(with_tasks):,} 份计划有该主题的任务，其中 {none:,} 份未列明责任单位。</p>'
                     + _table(["科室职能", "牵头（计划数）", "负责", "配合", "计划占比", "常见名称"], rows, {1, 2, 3, 4})
                     + _more(len(result["functions"]), len(rows), "种职能"))
    return "".join(parts)


def _diffusion(diff: Diffusion, max_groups: int = 15) -> str:
    rows = []
    for g in diff["groups"][:max_groups]:
        first = g["first"]
        why = {"earliest year": "年份最早", "same year, higher level": "同年·层级更高",
               "same year and level": "同年同级（先后不可分）"}.get(first["why"], first["why"])
        basis = g["basis"]
        basis_cell = "—"
        if basis:
            top = basis["documents"][0] if basis["documents"] else None
            basis_cell = f"<b>{_e(basis['phrase'])}</b>"
            if top:
                basis_cell += f"<br>《{_e(top['title'])}》" + (f"（{_e(top['number'])}）" if top["number"] else "")
        regions = "".join(f'<span class="tag">{_e(r)}</span>' for r in g["regions"][:12])
        more = f"…共 {len(g['regions'])} 个地区" if len(g["regions"]) > 12 else ""
        rows.append([str(g["id"]), _e(g["text"]), f"{len(g['plans'])}<br>{regions}{more}",
                     f"{_e(first['region'])} {_e(first['year'])}<br><span class=fn>{_e(why)}</span>",
                     str(g["variants"]), basis_cell])
    return ('<h2 id="diffusion">跨计划相同表述 Diffusion</h2>'
            f'<p class="note">{diff["sentences"]:,} 个句子（{diff["distinct_sentences"]:,} 个不同表述）经 MinHash/LSH 近似检索'
            f'（字符三元组 Jaccard ≥ {diff["threshold"]}），{diff["group_count"]:,} 组出现在两份及以上计划中。'
            '“首见”按计划年份、再按行政层级判断。</p>'
            + _table(["#", "首见表述", "计划 · 地区", "首见", "表述变体", "共同依据"], rows, {0, 4})
            + _more(diff["group_count"], len(rows), "组"))


def _coverage(corpus: Corpus, cov: Coverage, max_rows: int = 40, max_topics: int = 10) -> str:
    rows = []
    for p in cov["plans"][:max_rows]:
        gaps = "".join(f'<span class="tag">{_e(g["topic"])} {g["peers"]}/{g["of"]}</span>'
                       for g in p["missing_vs_peers"][:max_topics]) or "—"
        if len(p["missing_vs_peers"]) > max_topics:
            gaps += f"…共 {len(p['missing_vs_peers'])} 个"
        down = "<br>".join(f"{_e(d['region'])}《{_e(d['plan_title'] or d['doc'])}》："
                           + "、".join(_e(x) for x in d["topics"][:max_topics]) for d in p["not_carried_down"][:3])
        cited = len(corpus.plans[p["doc"]].policies)
        if not down:
            down = ("全部下传" if p["policy_chain"] else
                    f'<span class="fn">所引 {cited} 份文件均不在库中</span>' if cited else '<span class="fn">未引用上级文件</span>')
        rows.append([_plan_label(p), str(p["topics"]), gaps, down])
    return ('<h2 id="coverage">覆盖缺口 Coverage gaps</h2>'
            f'<p class="note">“缺少”：本计划没有任务、而超过 {int(cov["peer_share"] * 100)}% 的其他计划都有任务的主题（n/m 为覆盖的同行计划数）。'
            '“未下传”：本计划所落实的上级计划（库中按文号或标题匹配）有而本计划没有的主题。</p>'
            + _table(["计划", "主题数", "缺少（多数同行覆盖）", "未下传（上级计划有）"], rows, {1})
            + _more(len(cov["plans"]), len(rows), "份计划"))


def _units(corpus: Corpus, work: Workload, max_rows: int = 15) -> str:
    from zwgk.analysis.workload import unit_topic_graph
    from zwgk.presentation.charts import network

    rows = [[_e(r["unit"]), _e("、".join(r["names"][:4]) + ("…" if len(r["names"]) > 4 else "")), str(r["plans"]),
             str(r["tasks"]), str(r["lead"]), str(r["responsible"]), str(r["cooperate"]), str(r["topics"]),
             f"{r['betweenness']:.3f}"] for r in work["across"][:max_rows]]
    png = network(unit_topic_graph(corpus.tasks, across=True), title="科室职能 — 主题 网络（边宽 = 任务数）")
    return ('<h2 id="units">责任单位工作量 Units</h2>'
            + _table(["科室职能", "计划中的名称", "计划数", "任务", "牵头", "负责", "配合", "主题数", "介数中心性"], rows,
                     {2, 3, 4, 5, 6, 7, 8})
            + _figure(png, "科室职能—主题网络图", "橙色为科室职能（各计划的单位按本体归类），蓝色为主题；节点大小为任务数。"))


def _map(corpus: Corpus) -> str:
    from zwgk.presentation.charts import region_map
    from zwgk.presentation.provinces import map_points, province_tasks

    points = map_points(corpus)
    missing = len(corpus.plans) - sum(p["plans"] for p in points)
    png = region_map(points, title="计划所在地区", province_tasks=province_tasks(corpus))
    note = f"另有 {missing} 份计划的地区无坐标。" if missing else ""
    return ('<h2 id="map">地区分布 Map</h2>'
            + _figure(png, "计划所在地区地图", "蓝点为计划发布机关所在行政区（GB/T 2260 坐标），大小为任务数；省份按省内计划的任务数着色"
                           "（省界：Apache ECharts 4.9.0 地图数据）；灰点为全国县级行政区。" + note))


def main_topic_list(cov: Coverage, n: int) -> list[str]:
    """The n topics most plans cover, then most tasks, among the specific ones (those with a broader
    concept: 依申请公开 rather than the 条例贯彻 it sits under)."""
    from zwgk.vocabulary.thesaurus import load_thesaurus

    general = {c.label for c in load_thesaurus().scheme("topics") if not c.broader}
    return [t for t in cov["matrix"]["topics"] if t not in general][:n]


def render_report(corpus: Corpus, main_topics: int | Sequence[str] = 6, max_groups: int = 15, embed_font: bool = True,
                  generated: str | None = None) -> str:
    """The report as one HTML string. main_topics: how many topics get a who-handles-what table, or which."""
    from zwgk import __version__
    from zwgk.analysis.coverage import coverage
    from zwgk.analysis.diffusion import diffusion
    from zwgk.analysis.workload import workload

    cov = coverage(corpus)
    diff = diffusion(corpus, top=max_groups)
    work = workload(corpus)
    index = {t.id: i for i, t in enumerate(corpus.tasks)}
    sections = [
        _summary(corpus, diff, cov), _heatmap(corpus, cov, index), _who(corpus, main_topic_list(cov, main_topics) if isinstance(main_topics, int) else list(main_topics)),
        _diffusion(diff, max_groups), _coverage(corpus, cov), _units(corpus, work), _map(corpus),
        _appendix(corpus, index),
    ]
    nav = " ".join(f'<a href="#{anchor}">{label}</a>' for anchor, label in (
        ("summary", "概况"), ("heatmap", "热力图"), ("who", "谁负责什么"), ("diffusion", "相同表述"),
        ("coverage", "覆盖缺口"), ("units", "责任单位"), ("map", "地图"), ("appendix", "任务清单")))
    filters = "，".join(f"{k}={v}" for k, v in corpus.filters.active().items())
    meta = f"生成于 {generated or date.today().isoformat()} · {len(corpus.plans)} 份计划 · {len(corpus.tasks)} 项任务" + (
        f" · 条件：{filters}" if filters else "")
    values = {"title": "政务公开任务计划 跨地区分析报告", "meta": _e(meta), "nav": nav, "body": "\n".join(sections),
              "version": _e(__version__), "font_stack": f'"{FONT_FAMILY}", "Noto Sans CJK SC", "Source Han Sans SC", '
              '"PingFang SC", "Microsoft YaHei", sans-serif', "font_face": ""}
    page = Template(TEMPLATE.read_text(encoding="utf-8")).substitute(values)
    if embed_font:
        text = html.unescape(_visible_text(page))
        page = page.replace("<style>\n", "<style>\n" + font_face(text) + "\n", 1)
    return page


def _visible_text(page: str) -> str:
    """The page without data URIs (their base64 is no text anyone reads)."""
    import re

    return re.sub(r"data:[^\"')]+", "", page)


def write_report(corpus: Corpus, path: Path, **options: Any) -> Path:
    path.write_text(render_report(corpus, **options), encoding="utf-8")
    return path
