"""Rich rendering for people; programs get JSON from the same records."""
from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from zwgk.ingest.model import Plan

__all__ = ["print_plans", "ROLE_LABELS"]

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
