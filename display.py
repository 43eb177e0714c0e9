"""Rich rendering for people; programs get JSON from the same records."""
from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from zwgk.ingest.model import Plan

__all__ = ["print_plans", "print_rows", "print_stats", "ROLE_LABELS"]

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
