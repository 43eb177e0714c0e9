"""Rich rendering for people; programs get JSON from the same records."""
from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from zwgk.ingest.model import Plan

__all__ = ["print_plans", "print_rows", "print_stats", "print_hits", "print_answer", "print_eval", "ROLE_LABELS"]

ROLE_LABELS = {"lead": "牵头", "responsible": "负责", "cooperate": "配合"}


def _units(task) -> str:
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


def print_stats(data: dict, console: Console | None = None) -> None:
    console = console or Console()
    totals = Table("", "count", title="zwgk store")
    for name, value in data["totals"].items():
        totals.add_row(name, f"{value:,}")
    console.print(totals)
    plans = Table("文件", "标题", "地区", "年份", "任务", "单位")
    for p in data["plans"]:
        plans.add_row(p["doc"], p.get("title") or "—", p.get("region") or "—", str(p.get("year") or "—"),
                      str(p["tasks"]), str(p["units"]))
    console.print(plans)


def _unit_dicts(units: list[dict]) -> str:
    return "\n".join(f"{(u.get('aspect') + '：') if u.get('aspect') else ''}{u['name']}（{ROLE_LABELS.get(u['role'], u['role'])}）"
                     for u in units) or "—"


def print_hits(result, console: Console | None = None, width: int = 56) -> None:
    console = console or Console()
    concepts = "、".join(m.concept.label for m in result.concepts)
    table = Table(title=f"{result.query} · 词：{' '.join(result.tokens) or '—'}" + (f" · 概念：{concepts}" if concepts else ""))
    for name in ("#", "地区", "计划", "要求", "责任单位", "时限", "命中"):
        table.add_column(name, max_width={"要求": width, "计划": 16, "责任单位": 24}.get(name))
    for i, hit in enumerate(result.hits, 1):
        r = hit.record
        text = r["requirement"] if len(r["requirement"]) <= width else r["requirement"][: width - 1] + "…"
        why = " ".join(f"{k}#{v}" for k, v in hit.ranks.items())
        table.add_row(str(i), r.get("region") or "?", r.get("plan_title") or r["doc"], text, _unit_dicts(r["units"]),
                      r.get("deadline_raw") or "", why)
    console.print(table)
    if not result.hits:
        console.print("no matching tasks")


def print_answer(answer, console: Console | None = None) -> None:
    console = console or Console()
    width = max(20, (console.width - 40) // 2)  # CJK characters take two columns
    q = answer.question
    filters = "，".join(f"{k}={v}" for k, v in q.filters.active().items())
    console.print(f"[bold]{q.text}[/bold]  意图 {q.intent}" + (f" · 条件 {filters}" if filters else "")
                  + (f" · 概念 {'、'.join(answer.concepts)}" if answer.concepts else ""))
    if not answer.plans:
        console.print("没有找到相关任务 (no matching tasks)")
    for plan in answer.plans:
        console.rule(f"{plan.region or '?'} · {plan.issuer or '?'} · {plan.plan_title or plan.doc} ({plan.year or '?'})")
        if plan.units:
            units = "；".join(f"{(u['aspect'] + '：') if u.get('aspect') else ''}{u['name']}（{ROLE_LABELS.get(u['role'], u['role'])}）"
                             for u in plan.units)
            console.print(f"  责任单位：{units}")
            console.print(f"  责任链：{plan.units[0]['name']} → {plan.issuer} → {' → '.join(reversed(plan.region_chain))}")
        else:
            console.print(f"  {plan.note}")
        for t in plan.tasks:
            text = t["requirement"] if len(t["requirement"]) <= width else t["requirement"][: width - 1] + "…"
            deadline = f" · 时限 {t['deadline_raw']}" if t.get("deadline_raw") else ""
            lines = f" · {plan.doc}:{t['source_lines'][0]}-{t['source_lines'][1]}"
            console.print(f"   - {text}{deadline}{lines}")
        if plan.policies:
            console.print("  依据：" + "；".join(f"《{p['title']}》" + (f"（{p['number']}）" if p.get("number") else "")
                                               if p.get("title") else p.get("number") or "" for p in plan.policies))


def print_eval(report, console: Console | None = None) -> None:
    console = console or Console()
    table = Table("id", "query", "nDCG@10", "recall@10", "MRR", "who")
    for q in report.queries:
        who = "—" if q.who_ok is None else ("ok" if q.who_ok else f"missing {q.missing_who}")
        table.add_row(q.id, q.query, f"{q.ndcg:.3f}", f"{q.recall:.3f}", f"{q.mrr:.3f}", who)
    console.print(table)
    s = report.summary()
    console.print(f"nDCG@10 {s['ndcg@10']:.3f} · recall@10 {s['recall@10']:.3f} · MRR {s['mrr']:.3f} · "
                  f"who-accuracy {s['who_accuracy']:.3f} · {s['queries']} queries")
