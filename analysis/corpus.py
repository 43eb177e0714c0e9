"""The input of every analysis: task records and plan records, filtered like search.

The analyses (compare, coverage, diffusion, workload, report) take a `Corpus`
rather than a store, so tests and benchmarks can build one from plain records
(`make_corpus`) while the CLI reads it from the search index (`columns_corpus`)
or the graph (`load_corpus`). Plans are keyed by their id (`doc`), which is what
task records name.

A corpus read from the index carries its `TaskColumns`: the index's name → rows
tables answer "which tasks carry these topics" and "how many tasks per plan and
topic" without decoding a record, so `compare` decodes only the tasks it shows
and `coverage` none (at 1M tasks, decoding every record takes a minute). Its
`tasks` are then decoded on first use, for the analyses that need them all.

Filters follow search: the task filters (topic, domain, unit, deadlines)
choose tasks; the plan-level ones (region and everything within it, issuer,
year) also choose which plans are in view, so a plan with no task on a topic
still shows up as an empty row or a coverage gap.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple, Protocol, overload

from zwgk.model.filters import Filters, filter_mask, plan_matches
from zwgk.model.records import PlanRecord, TaskRecord, UnitRole
from zwgk.model.roles import LEVELS, Level

__all__ = ["Corpus", "TaskColumns", "TaskText", "make_corpus", "columns_corpus", "load_corpus", "function_of", "LEVEL_RANK",
           "LEVEL_LABELS"]

#: Administrative level, highest first: a template usually travels down this order (model.roles.Level).
LEVEL_RANK = {str(level): level.rank for level in LEVELS}
LEVEL_LABELS = {str(level): level.label for level in LEVELS}


class TaskText(NamedTuple):
    """A task's plan, id and requirement: all `diffusion` reads of a task (decoding its record costs nearly 4× as much)."""

    doc: str
    id: str
    requirement: str


class TaskColumns(Protocol):
    """Tasks kept as columns (the search index): chosen and counted by name without decoding every record.

    Every method takes the filters in force and answers for the tasks they let through, in the
    corpus's order (plan by plan, each plan's tasks as printed).
    """

    def tasks(self, filters: Filters) -> list[TaskRecord]:
        """Every task the filters let through, decoded."""
        ...

    def stream(self, filters: Filters) -> Iterator[TaskRecord]:
        """The same tasks one by one, none kept: for writers of a million rows."""
        ...

    def texts(self, filters: Filters) -> list[TaskText]:
        """The same tasks' plan, id and requirement, without decoding their records."""
        ...

    def plan_texts(self, docs: Sequence[str], filters: Filters) -> list[TaskText]:
        """The tasks of these plans the filters let through, plan by plan in the order given: plan, id and
        requirement (`texts` for a few plans, without a pass over every row's text)."""
        ...

    def tagged(self, labels: frozenset[str], kind: str, filters: Filters) -> list[TaskRecord]:
        """The tasks carrying any of these topic (kind "topics") or 公开领域 (kind "domains") labels, decoded."""
        ...

    def label_counts(self, kind: str, filters: Filters) -> dict[str, Counter[str]]:
        """doc → label → how many of its tasks carry it (kind "topics" or "domains")."""
        ...

    def task_counts(self, filters: Filters) -> Counter[str]:
        """doc → how many of its tasks the filters let through."""
        ...


class _Decoded(Sequence[TaskRecord]):
    """A corpus's tasks read from its columns, decoded on first use."""

    def __init__(self, load: Callable[[], list[TaskRecord]]):
        self._load: Callable[[], list[TaskRecord]] | None = load
        self._tasks: list[TaskRecord] = []

    def _all(self) -> list[TaskRecord]:
        if self._load is not None:
            self._tasks, self._load = _with_functions(self._load()), None
        return self._tasks

    def __len__(self) -> int:
        return len(self._all())

    @overload
    def __getitem__(self, i: int) -> TaskRecord: ...
    @overload
    def __getitem__(self, i: slice) -> list[TaskRecord]: ...

    def __getitem__(self, i: int | slice) -> TaskRecord | list[TaskRecord]:
        return self._all()[i]

    def __iter__(self) -> Iterator[TaskRecord]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and self._all() == list(other)

    __hash__ = None  # type: ignore[assignment]  # a list's equality, so no hash either


@dataclass(frozen=True)
class Corpus:
    """Task records and plan records by doc (each with its level), plus the filters that chose them."""

    tasks: Sequence[TaskRecord]
    plans: dict[str, PlanRecord]
    filters: Filters = field(default_factory=Filters)
    #: The columns the tasks were read from (None for a corpus of plain records).
    columns: TaskColumns | None = field(default=None, compare=False, repr=False)

    def filtered(self, filters: Filters | None) -> Corpus:
        """The tasks and plans these filters let through (filters accumulate)."""
        if filters is None or not filters.active():
            return self
        merged = replace(self.filters, **filters.active())
        plan_filters = merged.plan_level()
        plans = self.plans
        if plan_filters.active():
            plans = {doc: p for doc, p in plans.items() if plan_matches(p, plan_filters)}
        if self.columns is not None:
            columns = self.columns
            return Corpus(_Decoded(lambda: columns.tasks(merged)), plans, merged, columns)
        mask = filter_mask(self.tasks, merged)
        tasks = self.tasks if mask is None else [t for t, keep in zip(self.tasks, mask, strict=True) if keep]
        return Corpus([t for t in tasks if t.doc in plans], plans, merged)

    def stream(self) -> Iterator[TaskRecord]:
        """The tasks one by one, in corpus order, none kept once given (a table of a million tasks is
        written row by row: decoded and kept whole, they took 9 GB)."""
        if self.columns is None:
            yield from self.tasks
            return
        batch: list[TaskRecord] = []
        for task in self.columns.stream(self.filters):
            batch.append(task)
            if len(batch) == 1000:
                yield from _with_functions(batch)
                batch = []
        yield from _with_functions(batch)

    def texts(self) -> list[TaskText]:
        """Each task's plan, id and requirement, in corpus order: at a million tasks from the index's text
        table in 4.9 s and 0.74 GB, where decoding every record took 18.4 s and 4.4 GB."""
        if self.columns is not None:
            return self.columns.texts(self.filters)
        return [TaskText(t.doc, t.id, t.requirement) for t in self.tasks]

    def plan_texts(self, docs: Iterable[str]) -> list[TaskText]:
        """`texts` of these plans only, plan by plan in the order given: a comparison of a few plans in a
        million-task store reads their texts, not every row's (analysis.copied)."""
        docs = list(dict.fromkeys(docs))
        if self.columns is not None:
            return self.columns.plan_texts(docs, self.filters)
        by_plan = self.tasks_by_plan()
        return [TaskText(t.doc, t.id, t.requirement) for doc in docs for t in by_plan.get(doc, [])]

    def tagged(self, labels: Iterable[str], kind: str) -> list[TaskRecord]:
        """The tasks carrying any of these labels (kind "topics" or "domains"), in corpus order."""
        wanted = frozenset(labels)
        if self.columns is not None:
            return _with_functions(self.columns.tagged(wanted, kind, self.filters))
        return [t for t in self.tasks if wanted.intersection(t.topics if kind == "topics" else t.domains)]

    def label_counts(self, kind: str = "topics") -> dict[str, Counter[str]]:
        """doc → label → tasks carrying it, for every plan in view (a plan without tasks: empty)."""
        counts: dict[str, Counter[str]] = {doc: Counter() for doc in self.plans}
        if self.columns is not None:
            for doc, c in self.columns.label_counts(kind, self.filters).items():
                if doc in counts:
                    counts[doc] = c
            return counts
        for t in self.tasks:
            counts.setdefault(t.doc, Counter()).update(t.topics if kind == "topics" else t.domains)
        return counts

    def task_counts(self) -> Counter[str]:
        """doc → how many tasks it has in view."""
        if self.columns is not None:
            return Counter({doc: n for doc, n in self.columns.task_counts(self.filters).items() if doc in self.plans})
        return Counter(t.doc for t in self.tasks)

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


def columns_corpus(columns: TaskColumns, plans: Mapping[str, PlanRecord], filters: Filters | None = None) -> Corpus:
    """A corpus over task columns (the search index) and every plan with a task there."""
    unfiltered = Filters()
    corpus = Corpus(_Decoded(lambda: columns.tasks(unfiltered)), {doc: replace(p, level=_level(p)) for doc, p in plans.items()},
                    unfiltered, columns)
    return corpus.filtered(filters)


def load_corpus(store: Any, filters: Filters | None = None) -> Corpus:
    """Every task and plan in the store (the thin loader the CLI uses)."""
    from zwgk.graph.records import plan_records, task_records

    return make_corpus(task_records(store), plan_records(store), filters)


def function_of(unit: UnitRole) -> str:
    """The unit's functional type, or its printed name when the ontology has none for it."""
    return unit.function or unit.name
