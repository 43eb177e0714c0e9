"""Who handles a topic where: one row per plan with its leading, responsible and cooperating units.

`compare(corpus, "依申请公开")` selects the tasks on a topic (a SKOS topic or
公开领域 label, any altLabel, and every narrower concept) or, when the words
name no concept, the tasks whose requirement or section contains every word.
For each plan in view it reports how many tasks it has there, the units per
role with the number of those tasks they carry, the deadlines, and a note when
the plan names no unit at all (石台's plan lists none).

Units also compare by function: 计划财务科, 计财科 and 计划财务处 are one
function in the ontology's unit-functions scheme, so the `functions` table
lines plans up by what a unit does rather than what it is called.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, TypedDict

from zwgk.analysis.corpus import Corpus, function_of
from zwgk.model.collector import collector_paused
from zwgk.model.records import TaskRecord
from zwgk.model.roles import ROLES, Level, Role
from zwgk.vocabulary.thesaurus import label_key, load_thesaurus

__all__ = ["ROLES", "Selection", "select_tasks", "compare", "compare_rows", "Comparison", "ComparePlan", "UnitCount",
           "DeadlineCount", "FunctionRow", "FunctionCell"]

NO_TASKS = "无相关任务"
NO_UNITS = "未列明责任单位"


class UnitCount(TypedDict):
    """A unit in one role: its name, its function and how many of the chosen tasks name it."""

    name: str
    function: str
    tasks: int


class DeadlineCount(TypedDict):
    """A deadline as written and how many of the chosen tasks state it."""

    raw: str
    tasks: int


class ComparePlan(TypedDict):
    """One plan's row: its tasks on the topic, units per role (the keys are the Role codes), deadlines, a note."""

    doc: str
    plan_title: str | None
    issuer: str | None
    region: str | None
    region_chain: list[str]
    level: Level | None
    year: int | None
    tasks: int
    task_ids: list[str]
    lead: list[UnitCount]
    responsible: list[UnitCount]
    cooperate: list[UnitCount]
    deadlines: list[DeadlineCount]
    ongoing: int
    unassigned: int
    note: str


class FunctionCell(TypedDict):
    """One function in one plan: tasks per role code, and the unit names that carry it there."""

    roles: dict[str, int]
    units: list[str]


class FunctionRow(TypedDict):
    """One unit function across the plans (doc → its cell), the plans lined up by what a unit does."""

    function: str
    plans: dict[str, FunctionCell]


class Comparison(TypedDict):
    """What `compare` returns (`zwgk compare --json`, /api/compare)."""

    query: str
    kind: str
    label: str
    concepts: list[str]
    filters: dict[str, Any]
    tasks: int
    plans: list[ComparePlan]
    functions: list[FunctionRow]


class _Cell(TypedDict):
    roles: Counter[str]
    units: list[str]


@dataclass(frozen=True)
class Selection:
    """How a TOPIC|QUERY argument was read."""

    query: str
    kind: str  # topic | domain | text
    label: str
    labels: tuple[str, ...] = ()  # the concept and its narrower concepts (zh prefLabels)
    terms: tuple[str, ...] = ()  # folded words, for a text query


def select_tasks(corpus: Corpus, what: str) -> tuple[Selection, list[TaskRecord]]:
    """The tasks a TOPIC|QUERY names (see the module docstring)."""
    thesaurus = load_thesaurus()
    for scheme, kind in (("topics", "topic"), ("domains", "domain")):
        match = thesaurus.lookup(what, scheme)
        if match is not None:
            labels = tuple(thesaurus.concepts[i].label for i in thesaurus.descendants(match.iri))
            chosen = corpus.tagged(labels, f"{kind}s")  # from the index's topic/domain tables when it has them
            return Selection(what, kind, thesaurus.concepts[match.iri].label, labels), chosen
    terms = tuple(label_key(w) for w in what.split() if w.strip())
    chosen = [t for t in corpus.tasks
              if all(term in label_key(t.requirement + "|" + "|".join(t.section)) for term in terms)]
    return Selection(what, "text", what, terms=terms), chosen


def _units(tasks: list[TaskRecord], role: Role) -> list[UnitCount]:
    """Units in one role, most tasks first: name, function and how many of the tasks name them."""
    counts: Counter[str] = Counter()
    functions: dict[str, str] = {}
    for t in tasks:
        for name in dict.fromkeys(u.name for u in t.units if u.role == role):
            counts[name] += 1
        for u in t.units:
            functions.setdefault(u.name, function_of(u))
    return [{"name": n, "function": functions[n], "tasks": c} for n, c in counts.most_common()]


def _deadlines(tasks: list[TaskRecord]) -> list[DeadlineCount]:
    counts = Counter(raw for raw in (t.deadline_raw for t in tasks) if raw)
    return [{"raw": raw, "tasks": n} for raw, n in counts.most_common()]


@collector_paused()  # its per-plan rows are made by the hundred thousand at a million tasks
def compare(corpus: Corpus, what: str) -> Comparison:
    """Per plan: tasks on the topic, units per role, functions, deadlines, and a note where units are missing."""
    selection, chosen = select_tasks(corpus, what)
    by_plan: dict[str, list[TaskRecord]] = defaultdict(list)
    for t in chosen:
        by_plan[t.doc].append(t)
    rows: list[ComparePlan] = []
    functions: dict[str, dict[str, _Cell]] = defaultdict(dict)
    for doc in corpus.plan_order():
        plan, tasks = corpus.plans[doc], by_plan.get(doc, [])
        unassigned = sum(1 for t in tasks if not t.units)
        note = NO_TASKS if not tasks else NO_UNITS if unassigned == len(tasks) else (
            f"{unassigned} 项{NO_UNITS}" if unassigned else "")
        row: ComparePlan = {
            "doc": doc, "plan_title": plan.title, "issuer": plan.issuer, "region": plan.region,
            "region_chain": list(plan.region_chain), "level": plan.level, "year": plan.year,
            "tasks": len(tasks), "task_ids": [t.id for t in tasks],
            # the Role codes in ROLES order, written out so the row's type is exact
            "lead": _units(tasks, Role.lead), "responsible": _units(tasks, Role.responsible),
            "cooperate": _units(tasks, Role.cooperate),
            "deadlines": _deadlines(tasks), "ongoing": sum(1 for t in tasks if t.ongoing),
            "unassigned": unassigned, "note": note,
        }
        rows.append(row)
        for t in tasks:
            for u in t.units:
                cell = functions[function_of(u)].setdefault(doc, _Cell(roles=Counter(), units=[]))
                cell["roles"][str(u.role)] += 1
                if u.name not in cell["units"]:
                    cell["units"].append(u.name)
    table: list[FunctionRow] = [{"function": f, "plans": {doc: {"roles": dict(c["roles"]), "units": c["units"]} for doc, c in cells.items()}}
             for f, cells in sorted(functions.items(), key=lambda kv: (-len(kv[1]), -_total(kv[1]), kv[0]))]
    return {
        "query": what, "kind": selection.kind, "label": selection.label, "concepts": list(selection.labels),
        "filters": corpus.filters.active(), "tasks": len(chosen),
        "plans": rows, "functions": table,
    }


def _total(cells: dict[str, _Cell]) -> int:
    return sum(sum(c["roles"].values()) for c in cells.values())


COMPARE_FIELDS = ("region", "region_chain", "doc", "plan_title", "year", "tasks", "lead", "responsible", "cooperate",
                  "deadlines", "note")


def compare_rows(result: Comparison) -> tuple[list[str], list[list[Any]]]:
    """The comparison as one flat row per plan (CSV)."""
    def units(us: list[UnitCount]) -> str:
        return "；".join(f"{u['name']}[{u['function']}]×{u['tasks']}" for u in us)

    rows: list[list[Any]] = []
    for p in result["plans"]:
        rows.append([p["region"] or "", " > ".join(p["region_chain"]), p["doc"], p["plan_title"] or "", p["year"] or "",
                     p["tasks"], units(p["lead"]), units(p["responsible"]), units(p["cooperate"]),
                     "；".join(f"{d['raw']}×{d['tasks']}" for d in p["deadlines"]), p["note"]])
    return list(COMPARE_FIELDS), rows
