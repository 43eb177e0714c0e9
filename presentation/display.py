"""Rich rendering for people; programs get JSON from the same records."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from zwgk.model.plan import Plan, Task
from zwgk.presentation.cells import (
    INHERITED_LEGEND,
    ROLE_LABELS,
    deadline_cell,
    unit_label,
    unit_lines,
    wrapped,
)

if TYPE_CHECKING:  # annotations only: rendering must not import search or the analyses
    from zwgk.analysis.compare import Comparison, UnitCount
    from zwgk.analysis.coverage import Coverage
    from zwgk.analysis.diffusion import Diffusion
    from zwgk.analysis.due import DueTask
    from zwgk.analysis.workload import Workload
    from zwgk.search.evaluate import EvalReport
    from zwgk.search.retrieve import SearchResult

__all__ = ["print_plans", "print_rows", "print_stats", "print_hits", "print_eval", "ROLE_LABELS",
           "print_compare", "print_coverage", "print_diffusion", "print_workload", "print_due"]

def _units(task: Task) -> str:
    parts = []
    for u in task.units:
        label = f"{u.aspect}：" if u.aspect else ""
        mark = "↓" if u.inherited else ""
        parts.append(f"{label}{u.name}（{ROLE_LABELS.get(u.role, u.role)}）{mark}")
    return "\n".join(parts) or "—"


def print_plans(plans: Sequence[Plan], console: Console | None = None, width: int = 60) -> None:
    """One table per plan: 序号, 章节, 要求, 责任单位 and 时限."""
    console = console or Console()
    for plan in plans:
        chain = " > ".join(plan.region.chain) if plan.region else "?"
        inferred = "（推断）" if plan.issuer_inferred else ""
        table = Table(
            title=f"{plan.title or plan.doc}\n{plan.issuer or '?'}{inferred} · {chain} · {plan.year or '?'} · {len(plan.tasks)} 项任务",
            show_lines=False,
            expand=False,
        )
        table.add_column("序号", no_wrap=True)
        table.add_column("章节", max_width=18)
        table.add_column("要求", max_width=width)
        table.add_column("责任单位", max_width=28)
        table.add_column("时限", no_wrap=True)
        for task in plan.tasks:
            text = task.requirement if len(task.requirement) <= width else task.requirement[: width - 1] + "…"
            table.add_row(task.seq or "", " / ".join(task.section[-1:]), text, _units(task),
                          (task.deadline.raw or "") + (" ↓" if task.deadline.inherited else ""))
        console.print(table)
        if plan.domains:
            console.print(f"  公开领域 {len(plan.domains)} 个 (附表)")


def print_rows(variables: Sequence[str], rows: Sequence[Sequence[object]], console: Console | None = None) -> None:
    """A SPARQL SELECT result as a table (IRIs shortened to their last segment)."""
    console = console or Console()
    table = Table(*variables, show_lines=False)
    for row in rows:
        table.add_row(*["" if v is None else _short(str(v)) for v in row])
    console.print(table)
    console.print(f"{len(rows)} rows")


def _short(value: str) -> str:
    if value.startswith("https://w3id.org/zwgk/"):
        return value.rsplit("/", 2)[-2] + "/" + value.rsplit("/", 1)[-1] if "/id/" in value else value.rsplit("#", 1)[-1]
    return value


#: Plans the `zwgk stats` table lists; `--json` lists every one. Laying out a table of the 22,000 plans of
#: a million-task store took rich 30 s, and a terminal shows a screenful.
STATS_PLANS_SHOWN = 200


def print_stats(data: dict, console: Console | None = None, shown: int = STATS_PLANS_SHOWN) -> None:
    console = console or Console()
    totals = Table("", "count", title="zwgk store")
    for name, value in data["totals"].items():
        totals.add_row(name, f"{value:,}")
    console.print(totals)
    plans = Table("文件", "标题", "地区", "年份", "任务", "单位")
    for p in data["plans"][:shown]:
        plans.add_row(p["doc"], p.get("title") or "—", p.get("region") or "—", str(p.get("year") or "—"),
                      str(p["tasks"]), str(p["units"]))
    console.print(plans)
    if len(data["plans"]) > shown:
        console.print(f"… 另有 {len(data['plans']) - shown:,} 份方案未列出 ({len(data['plans']) - shown:,} more plans: "
                      "`zwgk stats --json` lists every plan)")


def print_hits(result: SearchResult, console: Console | None = None, inferred: dict[str, str] | None = None,
               full: bool = False) -> None:
    """Ranked hits, one block each: where it is from, the requirement whole, its units, deadline and why."""
    console = console or Console()
    concepts = "、".join(m.concept.label for m in result.concepts)
    wrapped(console, f"[bold]{result.query}[/bold] · 词：{' '.join(result.tokens) or '—'}" + (f" · 概念：{concepts}" if concepts else ""), 0, markup=True)
    if inferred:
        console.print("条件（从查询中读出）：" + "，".join(f"{k}={v}" for k, v in inferred.items()) + " · --literal 不读")
    legend = False
    for i, hit in enumerate(result.hits, 1):
        r = hit.record
        why = " ".join(f"{k}#{v}" for k, v in hit.ranks.items())
        section = " / ".join(r.section) or "—"
        wrapped(console, f"[bold]{i}.[/bold] {r.region or '?'} · {r.plan_title or r.doc} · {section}"
                        f" · 序号 {r.seq or '—'} · {r.doc}:{r.source_lines[0]}-{r.source_lines[1]}", 0,
               markup=True)
        wrapped(console, r.requirement if full or len(r.requirement) <= 200 else r.requirement[:199] + "…", 3)
        units = "；".join(unit_label(u) for u in r.units) or "未列明"
        wrapped(console, f"责任：{units} · 时限：{deadline_cell(r)} · 命中：{why}"
               + (f" · 概念：{'、'.join(hit.concepts)}" if hit.concepts else ""), 3, "dim")
        legend = legend or any(u.inherited for u in r.units) or r.deadline_inherited
    if not result.hits:
        console.print("没有找到相关任务 (no matching tasks)")
    elif legend:
        console.print(INHERITED_LEGEND, style="dim")


def _f(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def print_eval(report: EvalReport, console: Console | None = None) -> None:
    """One line per judged item (ranking measures or answer measures), then the means."""
    console = console or Console()
    table = Table("id", "类", "query", "nDCG@10", "recall@10", "MRR", "task R", "task P", "roles", "silent", "note")
    for q in report.queries:
        notes = []
        if q.who_ok is False:
            notes.append(f"missing {q.missing_who}")
        if q.region_ok is False:
            notes.append("hit outside the regions asked")
        if q.count_ok is False:
            notes.append("count wrong")
        if q.plans_ok is False:
            notes.append("plans wrong")
        if q.missing:
            notes.append("missing " + "、".join(q.missing[:2]) + ("…" if len(q.missing) > 2 else ""))
        if q.extra:
            notes.append("extra " + "、".join(q.extra[:2]) + ("…" if len(q.extra) > 2 else ""))
        roles = f"{q.roles_right}/{q.roles_judged}" if q.roles_judged else "—"
        silent = "—" if q.silence_ok is None else ("ok" if q.silence_ok else "wrong")
        table.add_row(q.id, q.kind or "rank", q.query, _f(q.ndcg), _f(q.recall), _f(q.mrr), _f(q.task_recall),
                      _f(q.task_precision), roles, silent, "; ".join(notes), )
    console.print(table)
    s = report.summary()
    names = {"ndcg@10": "nDCG@10", "recall@10": "recall@10", "mrr": "MRR", "who_accuracy": "who-accuracy",
             "task_recall": "task recall", "task_precision": "task precision", "role_accuracy": "role accuracy",
             "silence_accuracy": "silence accuracy", "count_accuracy": "count accuracy", "plan_accuracy": "plan accuracy"}
    console.print(" · ".join(f"{label} {_f(s[key])}" for key, label in names.items() if key in s)
                  + f" · {s['queries']} queries")


# -- cross-region analyses (analysis/compare.py, coverage.py, diffusion.py, workload.py) ------------------------


def _role_units(units: list[UnitCount], limit: int = 6) -> str:
    text = "\n".join(f"{u['name']}〔{u['function']}〕×{u['tasks']}" for u in units[:limit])
    return (text + (f"\n…等 {len(units)} 个" if len(units) > limit else "")) if units else "—"


def print_compare(result: Comparison, console: Console | None = None) -> None:
    """One row per plan (units per role, deadlines, notes), then units by function across plans."""
    console = console or Console()
    kind = {"topic": "主题", "domain": "公开领域", "text": "检索词"}[result["kind"]]
    table = Table(title=f"{kind}：{result['label']} · {result['tasks']} 项任务 · {len(result['plans'])} 份计划")
    for name in ("地区", "计划", "年份", "任务", "牵头", "负责", "配合", "时限", "备注"):
        table.add_column(name, max_width={"计划": 22, "备注": 12}.get(name), overflow="fold",
                         justify="right" if name == "任务" else "left")
    for p in result["plans"]:
        table.add_row(p["region"] or "?", p["plan_title"] or p["doc"], str(p["year"] or "?"), str(p["tasks"]),
                      _role_units(p["lead"]), _role_units(p["responsible"]), _role_units(p["cooperate"]),
                      "\n".join(f"{d['raw']}×{d['tasks']}" for d in p["deadlines"][:3]) or "—",
                      f"[red]{p['note']}[/red]" if p["note"] else "")
    console.print(table)
    if result["functions"]:
        docs = [p["doc"] for p in result["plans"] if p["tasks"]]
        regions = {p["doc"]: p["region"] or p["doc"] for p in result["plans"]}
        functions = Table(title="按科室职能 (unit functions across plans)")
        functions.add_column("科室职能", overflow="fold")
        for doc in docs:
            functions.add_column(regions[doc], max_width=18, overflow="fold")
        for f in result["functions"]:
            cells = []
            for doc in docs:
                cell = f["plans"].get(doc)
                cells.append("、".join(f"{ROLE_LABELS.get(r, r)}{n}" for r, n in cell["roles"].items()) if cell else "")
            functions.add_row(f["function"], *cells)
        console.print(functions)


def print_coverage(result: Coverage, console: Console | None = None, max_topics: int = 12) -> None:
    """The plan × topic matrix (busiest topics) and each plan's gaps."""
    console = console or Console()
    m = result["matrix"]
    topics = m["topics"][:max_topics]
    matrix = Table(title=f"计划 × 主题 任务数（前 {len(topics)} / {len(m['topics'])} 个主题）")
    matrix.add_column("计划", overflow="fold")
    for t in topics:
        matrix.add_column(t, justify="right", max_width=6, overflow="fold")
    plans = {p["doc"]: p for p in result["plans"]}
    for doc, row in zip(m["plans"], m["counts"], strict=True):
        matrix.add_row(plans[doc]["region"] or doc, *[str(v) if v else "[dim]·[/dim]" for v in row[:max_topics]])
    console.print(matrix)
    gaps = Table(title=f"覆盖缺口（缺少：> {int(result['peer_share'] * 100)}% 的同行计划有而本计划没有；未下传：上级计划有而本计划没有）")
    for name in ("地区", "计划", "主题数", "缺少（同行覆盖数/同行数）", "未下传"):
        gaps.add_column(name, max_width={"计划": 22}.get(name), overflow="fold")
    for p in result["plans"]:
        missing = "、".join(f"{g['topic']} {g['peers']}/{g['of']}" for g in p["missing_vs_peers"]) or "—"
        down = "\n".join(f"{d['region']}《{d['plan_title'] or d['doc']}》：{'、'.join(d['topics'])}" for d in p["not_carried_down"])
        gaps.add_row(p["region"] or "?", p["plan_title"] or p["doc"], str(p["topics"]), missing,
                     down or ("—" if p["policy_chain"] else "[dim]所引文件不在库中[/dim]"))
    console.print(gaps)


def print_diffusion(result: Diffusion, console: Console | None = None, top: int = 20) -> None:
    console = console or Console()
    console.print(f"{result['sentences']:,} 个句子 · {result['distinct_sentences']:,} 个不同表述 · "
                  f"{result['candidate_pairs']:,} 对候选 · {result['similar_pairs']:,} 对相似（{result['method']}，"
                  f"Jaccard ≥ {result['threshold']}）· {result['group_count']:,} 组跨计划相同表述")
    why = {"earliest year": "年份最早", "same year, higher level": "同年·层级更高", "same year and level": "同年同级"}
    table = Table(show_lines=True)
    for name in ("#", "首见表述", "计划", "地区", "首见", "共同依据"):
        table.add_column(name, max_width={"首见表述": 44, "共同依据": 34, "地区": 20}.get(name), overflow="fold")
    for g in result["groups"][:top]:
        basis = g["basis"]
        basis_text = "—"
        if basis:
            docs = basis["documents"]
            basis_text = basis["phrase"] + (f"\n《{docs[0]['title']}》" + (f"（{docs[0]['number']}）" if docs[0]["number"] else "")
                                            if docs else "")
        first = g["first"]
        variants = f"\n[dim]+{g['variants'] - 1} 种变体[/dim]" if g["variants"] > 1 else ""
        table.add_row(str(g["id"]), g["text"] + variants, str(len(g["plans"])), "、".join(g["regions"][:8]),
                      f"{first['region']} {first['year']}\n[dim]{why.get(first['why'], first['why'])}[/dim]", basis_text)
    console.print(table)
    if result["group_count"] > top:
        console.print(f"… {result['group_count'] - top} more groups (--top, --json)")


def print_workload(result: Workload, console: Console | None = None, top: int = 15) -> None:
    console = console or Console()
    cols = ("任务", "牵头", "负责", "配合", "主题数", "度中心性", "介数")
    across = Table(title="各计划合并：按科室职能 (across plans, by unit function)")
    across.add_column("科室职能", overflow="fold")
    across.add_column("计划中的名称", max_width=30, overflow="fold")
    for name in ("计划数", *cols):
        across.add_column(name, justify="right", overflow="fold")
    for r in result["across"][:top]:
        across.add_row(r["unit"], "、".join(r["names"]), str(r["plans"]), str(r["tasks"]), str(r["lead"]),
                       str(r["responsible"]), str(r["cooperate"]), str(r["topics"]), f"{r['degree']:.2f}",
                       f"{r['betweenness']:.3f}")
    console.print(across)
    per = Table(title="各计划 (per plan)")
    per.add_column("地区", overflow="fold")
    per.add_column("单位", overflow="fold")
    per.add_column("职能", overflow="fold")
    for name in cols:
        per.add_column(name, justify="right", overflow="fold")
    for p in result["plans"]:
        for i, r in enumerate(p["units"][:top]):
            per.add_row(p["region"] or p["doc"] if i == 0 else "", r["unit"], r["function"], str(r["tasks"]), str(r["lead"]),
                        str(r["responsible"]), str(r["cooperate"]), str(r["topics"]), f"{r['degree']:.2f}",
                        "—" if r["betweenness"] is None else f"{r['betweenness']:.3f}")
        if not p["units"]:
            per.add_row(p["region"] or p["doc"], "[red]未列明责任单位[/red]", *[""] * 8)
    console.print(per)


def print_due(listed: list[DueTask], today: date, console: Console | None = None, width: int = 50) -> None:
    """What is due (analysis/due.py DueTask list): date, days left, region, units by role, requirement, source."""
    console = console or Console()
    if not listed:
        console.print(f"nothing due (as of {today.isoformat()})")
        return
    late = sum(1 for d in listed if d.overdue)
    table = Table(title=f"{len(listed)} 项任务 · 截至 {today.isoformat()}" + (f" · {late} 项日期已过" if late else ""))
    table.add_column("日期", no_wrap=True)
    table.add_column("剩余", justify="right", no_wrap=True)
    table.add_column("地区", no_wrap=True)
    table.add_column("责任单位", max_width=24)
    table.add_column("要求", max_width=width, overflow="fold")
    table.add_column("来源", max_width=24)
    for d in listed:
        r = d.record
        days = f"[red]{d.days}天[/red]" if d.overdue else f"{d.days}天"
        first, last = r.source_lines
        raw = r.deadline_raw or "；".join(x.raw or "" for x in r.deadlines_in_text)
        table.add_row(d.date.isoformat() + (f"\n{raw}" if raw else ""), days, r.region or "?",
                      unit_lines(r.units), r.requirement, f"{r.id}\n第{first}–{last}行")
    console.print(table)
