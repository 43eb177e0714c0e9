"""The task contract (README, "The task contract") of a parse: the records `zwgk parse` prints, from the dataclasses.

Programs downstream rely on these keys (TaskRecord.to_json); tests pin them. The
records are built by model.records.task_record, the builder the store's
records (graph.records) use too.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import PurePath

from zwgk.model.plan import Plan, PolicyRef, Task
from zwgk.model.records import (
    TASK_FIELDS,
    DomainEntry,
    PlanRecord,
    PolicyCitation,
    TaskRecord,
    UnitRole,
)
from zwgk.model.records import (
    task_record as build_task,
)
from zwgk.model.roles import Role

__all__ = ["TASK_FIELDS", "task_id", "task_record", "task_records", "plan_record"]


def task_id(doc: str, index: int) -> str:
    """Stable across machines: the plan id (file name, or the path relative to the ingest root,
    suffix included so plan.docx and plan.html differ) and the task's position in it."""
    return f"{_posix(doc)}#t{index + 1:03d}"


@lru_cache(maxsize=4096)
def _posix(doc: str) -> str:
    return PurePath(doc).as_posix()


def citations(refs: tuple[PolicyRef, ...]) -> tuple[PolicyCitation, ...]:
    return tuple(PolicyCitation(p.title, p.number) for p in refs)


def task_record(plan: Plan | PlanRecord, task: Task, index: int, topics: list[str] | None = None,
                domains: list[str] | None = None) -> TaskRecord:
    """One task of a parse, as printed (units unclassified: no `function`)."""
    meta = plan if isinstance(plan, PlanRecord) else plan_record(plan)
    return build_task(
        meta, id=task_id(meta.doc, index), section=task.section, seq=task.seq, requirement=task.requirement,
        units=[UnitRole(u.name, Role(u.role), u.aspect, u.inherited) for u in task.units], units_raw=task.units_raw,
        deadline=task.deadline, in_text=task.text_deadlines, times=task.response_times, topics=topics or (),
        domains=domains or (), policies=citations(task.policies), source_lines=task.source_lines)


def task_records(plan: Plan) -> list[TaskRecord]:
    meta = plan_record(plan)
    return [task_record(meta, task, i) for i, task in enumerate(plan.tasks)]


def plan_record(plan: Plan) -> PlanRecord:
    """Plan metadata as parsed (PlanRecord.to_parse_json: the sample key's plans.json, plus provenance)."""
    region = plan.region
    return PlanRecord(
        doc=plan.doc, title=plan.title, issuer=plan.issuer, issuer_inferred=plan.issuer_inferred,
        region=region.name if region else None, region_code=region.adcode if region else None,
        region_chain=tuple(region.chain) if region else (), year=plan.year, year_inferred=plan.year_inferred,
        doc_number=plan.doc_number, policies=citations(plan.policies), task_row_count=len(plan.tasks),
        domains=tuple(DomainEntry(d.seq, d.domain, d.flag, d.department, d.department_inherited)
                      for d in plan.domains),
        layout=plan.layout, sha256=plan.sha256,
    )
