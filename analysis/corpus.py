"""The input of every analysis: task records and plan records, filtered like search.

The analyses (compare, coverage, diffusion, workload, report) take a `Corpus`
rather than a store, so tests and benchmarks can build one from plain records
(`make_corpus`) while the CLI reads it from the graph (`load_corpus`). Plans
are keyed by their source file name (`doc`), which is what task records name.

Filters follow search: the task filters (topic, domain, unit, deadlines)
choose tasks; the plan-level ones (region and everything within it, issuer,
year) also choose which plans are in view, so a plan with no task on a topic
still shows up as an empty row or a coverage gap.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from zwgk.model.filters import Filters, filter_mask, plan_matches
from zwgk.model.records import PlanRecord, TaskRecord, UnitRole
from zwgk.model.roles import LEVELS, Level

__all__ = ["Corpus", "make_corpus", "load_corpus", "function_of", "LEVEL_RANK", "LEVEL_LABELS"]

#: Administrative level, highest first: a template usually travels down this order (model.roles.Level).
LEVEL_RANK = {str(level): level.rank for level in LEVELS}
LEVEL_LABELS = {str(level): level.label for level in LEVELS}


@dataclass(frozen=True)
class Corpus:
    """Task records and plan records by doc (each with its level), plus the filters that chose them."""

    tasks: list[TaskRecord]
    plans: dict[str, PlanRecord]
    filters: Filters = field(default_factory=Filters)

    def filtered(self, filters: Filters | None) -> Corpus:
        """The tasks and plans these filters let through (filters accumulate)."""
        if filters is None or not filters.active():
            return self
        merged = replace(self.filters, **filters.active())
        plan_filters = Filters(region=merged.region, issuer=merged.issuer, year=merged.year, doc=merged.doc)
        plans = self.plans
        if plan_filters.active():
            plans = {doc: p for doc, p in plans.items() if plan_matches(p, plan_filters)}
        mask = filter_mask(self.tasks, merged)
        tasks = self.tasks if mask is None else [t for t, keep in zip(self.tasks, mask, strict=True) if keep]
        return Corpus([t for t in tasks if t.doc in plans], plans, merged)

    def tasks_by_plan(self) -> dict[str, list[TaskRecord]]:
        out: dict[str, list[TaskRecord]] = {doc: [] for doc in self.plans}
        for t in self.tasks:
            out.setdefault(t.doc, []).append(t)
        return out

    def plan_order(self) -> list[str]:
        """Docs ordered by region chain (province, city, county), then year and name."""
        return sorted(self.plans, key=lambda d: (list(self.plans[d].region_chain) or ["~"], self.plans[d].year or 0, d))


def _level(plan: PlanRecord) -> Level | None:
    if plan.level is not None or not plan.region_code:
        return plan.level
    from zwgk.ingest.regions import region_by_code

    region = region_by_code(plan.region_code)
    return Level(region.level) if region else None


def _plan_of(task: TaskRecord) -> PlanRecord:
    """A plan the corpus was given no record for, as its tasks name it (no cited documents)."""
    return PlanRecord(doc=task.doc, title=task.plan_title, issuer=task.issuer, region=task.region,
                      region_chain=task.region_chain, year=task.year)


def _with_functions(tasks: list[TaskRecord]) -> list[TaskRecord]:
    """Records read from a graph carry each unit's function; parsed ones get it from the ontology here."""
    if all(t.functions or not t.units for t in tasks):
        return tasks
    from zwgk.vocabulary.thesaurus import load_thesaurus

    thesaurus = load_thesaurus()
    cache: dict[str, str | None] = {}

    def resolved(u: UnitRole) -> UnitRole:
        if u.name not in cache:
            concept = thesaurus.unit_function(u.name)
            cache[u.name] = concept.label if concept else None
        return replace(u, function=cache[u.name])

    return [t if t.functions else replace(t, units=tuple(resolved(u) for u in t.units), functions=True)
            for t in tasks]


def make_corpus(tasks: Iterable[TaskRecord], plans: Mapping[Any, PlanRecord] | Iterable[PlanRecord] | None = None,
                filters: Filters | None = None) -> Corpus:
    """A corpus from task records and (optionally) plan records: a mapping keyed by anything, or a list.

    Plans missing from `plans` are rebuilt from their tasks' plan fields.
    """
    tasks = list(tasks)
    given = list(plans.values()) if isinstance(plans, Mapping) else list(plans or [])
    by_doc = {p.doc: p for p in given}
    for t in tasks:
        if t.doc not in by_doc:
            by_doc[t.doc] = _plan_of(t)
    by_doc = {doc: replace(p, level=_level(p)) for doc, p in by_doc.items()}
    return Corpus(_with_functions(tasks), by_doc).filtered(filters)


def load_corpus(store: Any, filters: Filters | None = None) -> Corpus:
    """Every task and plan in the store (the thin loader the CLI uses)."""
    from zwgk.graph.records import plan_records, task_records

    return make_corpus(task_records(store), plan_records(store), filters)


def function_of(unit: UnitRole) -> str:
    """The unit's functional type, or its printed name when the ontology has none for it."""
    return unit.function or unit.name
