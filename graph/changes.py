"""The seam between the graph and the search index: what one ingest or remove changed.

An ingest already holds every record it stores (it parsed them), so the index
must not read them back through SPARQL: `ingest_paths` returns one
`PlanChange` per plan it added, replaced or removed, carrying the plan record
and the task records in exactly the shape `graph.records` reads from the store
(`plan_records` / `task_records`; tests/test_store_identity.py checks the two
agree). The index side applies them in order: for "removed" and "replaced"
drop the tasks of `doc` (and, for "replaced", of `previous` when the plan's
tasks were keyed differently), then add `tasks` for "added" and "replaced".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from zwgk.graph import namespace as ns
from zwgk.graph.build import BuiltPlan
from zwgk.ingest.records import task_id
from zwgk.ingest.regions import region_by_code
from zwgk.model.plan import Deadline, Plan, PolicyRef, ResponseTime
from zwgk.model.records import PlanRecord, PolicyCitation, TaskRecord, UnitRole, policy_order, task_record
from zwgk.model.roles import Role

__all__ = ["PlanChange", "plan_record_of", "task_records_of"]

ChangeKind = Literal["added", "replaced", "removed"]


@dataclass(frozen=True)
class PlanChange:
    """One plan's change: its id (`doc`, what task records name), the kind, and for added/replaced
    the plan record and its task records (empty for removed)."""

    doc: str
    kind: ChangeKind
    plan: PlanRecord | None = None
    tasks: list[TaskRecord] = field(default_factory=list)
    sha256: str | None = None  # of the stored version (None for removed)


def _policies(refs: tuple[PolicyRef, ...]) -> tuple[PolicyCitation, ...]:
    out: list[PolicyCitation] = []
    for ref in refs:
        item = PolicyCitation(ref.title, ref.number)
        if ns.policy_iri(ref) is not None and item not in out:
            out.append(item)
    return tuple(sorted(out, key=policy_order))


def _issuer(plan: Plan) -> str:
    return plan.issuer or f"未知发文机关:{plan.doc}"


def plan_record_of(plan: Plan) -> PlanRecord:
    """The plan record `graph.records.plan_records` reads back for this plan."""
    region = plan.region
    chain: list[str] = []
    if region is not None:
        for name, code in zip(region.chain, region.chain_codes, strict=False):
            full = region_by_code(code)
            chain.append(full.name if full else name)
    return PlanRecord(
        doc=plan.doc, title=plan.title, issuer=_issuer(plan), issuer_inferred=plan.issuer_inferred,
        year=plan.year, region=chain[-1] if chain else None, region_code=region.adcode if region else None,
        region_chain=tuple(chain), doc_number=plan.doc_number, policies=_policies(plan.policies),
    )


def _as_stored(d: Deadline, cell: bool = False) -> Deadline:
    """A deadline as the graph keeps it: no node for an empty cell, dates as a sorted set, the first one as date."""
    if cell and not (d.raw or d.date or d.dates or d.ongoing):
        return Deadline()
    dates = tuple(sorted(set(d.dates or ((d.date,) if d.date else ()))))
    if not cell:
        return Deadline(raw=d.raw or None, date=dates[0] if dates else None, dates=dates)
    return Deadline(raw=d.raw or None, date=dates[0] if dates else None, dates=dates, ongoing=d.ongoing,
                    inherited=d.inherited)


def task_records_of(plan: Plan, built: BuiltPlan, plan_record: PlanRecord | None = None) -> list[TaskRecord]:
    """The task records `graph.records.task_records` reads back for this plan, from the parse."""
    p = plan_record or plan_record_of(plan)
    records = []
    for index, task in enumerate(plan.tasks):
        concepts = built.concepts[index]
        records.append(task_record(
            p, id=task_id(plan.doc, index), section=task.section, seq=task.seq or None, requirement=task.requirement,
            units=[UnitRole(u.name, Role(u.role), u.aspect or None, u.inherited, built.functions.get(u.name))
                   for u in task.units],
            units_raw=task.units_raw or None, deadline=_as_stored(task.deadline, cell=True),
            in_text=[_as_stored(t) for t in task.text_deadlines],
            times=[ResponseTime(raw=r.raw, amount=int(float(r.amount)), unit=r.unit, source=r.source)
                   for r in task.response_times],
            topics=sorted(set(concepts["topics"])), domains=sorted(set(concepts["domains"])),
            policies=_policies(task.policies),
            source_lines=task.source_lines if task.source_lines[0] > 0 else (0, 0), functions=True))
    return records
