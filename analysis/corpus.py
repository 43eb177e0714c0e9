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

from dataclasses import dataclass, field, replace
from typing import Any

from zwgk.model.filters import Filters, filter_mask

__all__ = ["Corpus", "make_corpus", "load_corpus", "function_of", "LEVEL_RANK", "LEVEL_LABELS"]

#: Administrative level, highest first: a template usually travels down this order.
LEVEL_RANK = {"national": 0, "province": 1, "city": 2, "county": 3}
LEVEL_LABELS = {"national": "国家", "province": "省级", "city": "市级", "county": "县级"}


@dataclass(frozen=True)
class Corpus:
    """Task records (the task contract) and plan records by doc, plus the filters that chose them."""

    tasks: list[dict[str, Any]]
    plans: dict[str, dict[str, Any]]
    filters: Filters = field(default_factory=Filters)

    def filtered(self, filters: Filters | None) -> Corpus:
        """The tasks and plans these filters let through (filters accumulate)."""
        if filters is None or not filters.active():
            return self
        merged = replace(self.filters, **filters.active())
        plan_filters = Filters(region=merged.region, issuer=merged.issuer, year=merged.year, doc=merged.doc)
        plans = self.plans
        mask = filter_mask(list(plans.values()), plan_filters)
        if mask is not None:
            plans = {doc: p for (doc, p), keep in zip(plans.items(), mask, strict=True) if keep}
        mask = filter_mask(self.tasks, merged)
        tasks = self.tasks if mask is None else [t for t, keep in zip(self.tasks, mask, strict=True) if keep]
        return Corpus([t for t in tasks if t["doc"] in plans], plans, merged)

    def tasks_by_plan(self) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {doc: [] for doc in self.plans}
        for t in self.tasks:
            out.setdefault(t["doc"], []).append(t)
        return out

    def plan_order(self) -> list[str]:
        """Docs ordered by region chain (province, city, county), then year and name."""
        return sorted(self.plans, key=lambda d: (self.plans[d]["region_chain"] or ["~"], self.plans[d]["year"] or 0, d))


def _level(plan: dict[str, Any]) -> str | None:
    code = plan.get("region_code")
    if not code:
        return None
    from zwgk.ingest.regions import region_by_code

    region = region_by_code(code)
    return region.level if region else None


def _plan(record: dict[str, Any]) -> dict[str, Any]:
    """A plan record in one shape, whether it came from the graph or from `zwgk parse --format json`."""
    plan = {
        "doc": record["doc"],
        "plan_title": record.get("plan_title", record.get("title")),
        "issuer": record.get("issuer"),
        "region": record.get("region"),
        "region_code": record.get("region_code"),
        "region_chain": list(record.get("region_chain") or []),
        "year": record.get("year"),
        "doc_number": record.get("doc_number"),
        "policies": list(record.get("policies", record.get("cited_policies")) or []),
    }
    plan["level"] = record.get("level") or _level(plan)
    return plan


def _with_functions(tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records read from a graph carry each unit's function; parsed ones get it from the ontology here."""
    if all("function" in u for t in tasks for u in t["units"]):
        return tasks
    from zwgk.vocabulary.thesaurus import load_thesaurus

    thesaurus = load_thesaurus()
    cache: dict[str, str | None] = {}
    out = []
    for t in tasks:
        units = []
        for u in t["units"]:
            if "function" not in u:
                if u["name"] not in cache:
                    concept = thesaurus.unit_function(u["name"])
                    cache[u["name"]] = concept.label if concept else None
                u = {**u, "function": cache[u["name"]]}
            units.append(u)
        out.append({**t, "units": units})
    return out


def make_corpus(tasks: list[dict[str, Any]], plans: Any = None, filters: Filters | None = None) -> Corpus:
    """A corpus from task records and (optionally) plan records: a dict keyed by anything, or a list.

    Plans missing from `plans` are rebuilt from their tasks' plan fields.
    """
    given = list(plans.values()) if isinstance(plans, dict) else list(plans or [])
    by_doc = {p["doc"]: _plan(p) for p in given}
    for t in tasks:
        if t["doc"] not in by_doc:
            by_doc[t["doc"]] = _plan({**t, "policies": []})
    return Corpus(_with_functions(list(tasks)), by_doc).filtered(filters)


def load_corpus(store: Any, filters: Filters | None = None) -> Corpus:
    """Every task and plan in the store (the thin loader the CLI uses)."""
    from zwgk.graph.records import plan_records, task_records

    return make_corpus(task_records(store), plan_records(store), filters)


def function_of(unit: dict[str, Any]) -> str:
    """The unit's functional type, or its printed name when the ontology has none for it."""
    return unit.get("function") or unit["name"]
