"""How one value reads in the terminal: a unit with its role, a deadline cell, a cited document, a chain.

The tables and answers of display.py are assembled from these, so a unit or a
deadline reads the same in every command.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console

from zwgk.model.records import PolicyCitation, TaskRecord, UnitRole
from zwgk.model.roles import ROLES
from zwgk.presentation.linebreak import break_lines

if TYPE_CHECKING:  # annotations only: rendering must not import search
    from zwgk.search.views import TaskView, UnitSummary, UnitView

__all__ = ["ROLE_LABELS", "INHERITED_LEGEND", "unit_text", "unit_lines", "unit_label", "wrapped", "deadline_cell",
           "cited", "chain_text"]

#: Role code → zh label (model.roles.Role.label).
ROLE_LABELS = {str(role): role.label for role in ROLES}

INHERITED_LEGEND = "↓ = 由上一行的合并单元格继承（inherited from a merged cell above）"


def unit_text(u: UnitRole) -> str:
    return f"{(u.aspect + '：') if u.aspect else ''}{u.name}（{ROLE_LABELS.get(u.role, u.role)}）"


def unit_lines(units: Sequence[UnitRole]) -> str:
    return "\n".join(unit_text(u) for u in units) or "—"


def unit_label(u: UnitRole | UnitView | UnitSummary) -> str:
    """A unit of a record, or of an answer (a task's unit view or the plan's unit summary)."""
    unit = u if isinstance(u, UnitRole) else UnitRole.from_json(u)
    return unit_text(unit) + ("↓" if unit.inherited else "")


def wrapped(console: Console, text: str, indent: int, style: str | None = None, markup: bool = False) -> None:
    """Text wrapped to the console width, every line indented alike: a requirement is never squeezed into a
    table column, and a pipe gets no trailing padding."""
    from rich.text import Text

    width = max(16, console.width - indent)
    if not markup:  # plain text: Chinese line-breaking rules, Latin words and file names kept whole
        for plain in break_lines(text, width):
            console.print(Text(" " * indent) + Text(plain, style=style or ""), soft_wrap=True)
        return
    for line in Text.from_markup(text, style=style or "").wrap(console, width):
        line.rstrip()
        console.print(Text(" " * indent) + line, soft_wrap=True)


def deadline_cell(record: TaskRecord | TaskView) -> str:
    """The 完成时限 cell of a record, or of an answer's task view (JSON)."""
    if isinstance(record, dict):
        raw, inherited, ongoing = record["deadline_raw"], record["deadline_inherited"], record["ongoing"]
    else:
        raw, inherited, ongoing = record.deadline_raw, record.deadline_inherited, record.ongoing
    if not raw:
        return "—"
    return raw + (" ↓" if inherited else "") + ("（持续）" if ongoing else "")


def cited(p: PolicyCitation, number: bool = True) -> str:
    if not p.title:
        return p.number or ""
    return f"《{p.title}》" + (f"（{p.number}）" if number and p.number else "")


def chain_text(u: UnitSummary) -> str:
    chain = " → ".join(u["chain"])
    assigned = u.get("assigned_by")
    if u["agency"] is None and assigned:
        return f"{chain}（下级机构，非 {assigned} 内设科室）"
    return chain
