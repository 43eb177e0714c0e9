"""Unit workload and centrality (networkx): who carries how many tasks, on how many topics, bridging what.

Two bipartite graphs, weighted by task counts:

- unit–topic: an edge when a unit is named on a task classified under the
  topic (weight: tasks; lead / responsible / cooperate counts as attributes);
- plan–unit: an edge when a plan names the unit (weight: tasks).

Per plan the units are the printed names in that plan; across plans they are
the ontology's unit functions (计划财务科, 计财科 and 计划财务处 are one node),
a unit without a function standing for itself. For each unit: tasks per role,
topic breadth (degree centrality among topics), weighted share of the graph's
task–topic links (strength), betweenness in the unit–topic graph (a unit
linking topics no other unit links), and across plans the share of plans that
name it and its betweenness in the plan–unit graph.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any, NotRequired, TypedDict

from zwgk.analysis.corpus import Corpus, function_of
from zwgk.model.records import TaskRecord, UnitRole
from zwgk.model.roles import ROLES

__all__ = ["unit_topic_graph", "plan_unit_graph", "workload", "workload_rows", "Workload", "WorkloadPlan", "UnitLoad"]

_ROLES = tuple(str(role) for role in ROLES)


class UnitLoad(TypedDict):
    """A unit's workload and centrality (see the module docstring); lead/responsible/cooperate are the Role codes.

    betweenness is None where it was left out; plans, plan_share and plan_betweenness are there only across plans.
    """

    unit: str
    function: str
    names: list[str]
    tasks: int
    lead: int
    responsible: int
    cooperate: int
    topics: int
    degree: float
    strength: float
    betweenness: float | None
    plans: NotRequired[int]
    plan_share: NotRequired[float]
    plan_betweenness: NotRequired[float]


class WorkloadPlan(TypedDict):
    """One plan and its units, most tasks first."""

    doc: str
    plan_title: str | None
    region: str | None
    year: int | None
    tasks: int
    units: list[UnitLoad]


class Workload(TypedDict):
    """What `workload` returns (`zwgk units --json`; the report reads it)."""

    filters: dict[str, Any]
    plans: list[WorkloadPlan]
    across: list[UnitLoad]


def _unit_key(u: UnitRole, across: bool) -> str:
    return function_of(u) if across else u.name


def unit_topic_graph(tasks: Sequence[TaskRecord], across: bool = True) -> Any:
    """Bipartite networkx Graph: ("unit", name-or-function) — ("topic", label), weight = tasks.

    Counted in plain dicts first and handed to networkx in one go (100k tasks: ~1 s, not ~10).
    A unit named twice on one task counts once, in the role it is first named with.
    """
    return _graph(_UnitTopics(tasks, across))


class _UnitTopics:
    """The unit–topic links of some tasks, counted: what the graph is made of, and all that degree and
    strength need. A graph per plan is built only for its betweenness (up to 200 plans): `units` at a million
    tasks built 22,000 graphs for nothing else, and took 128 s instead of 102."""

    def __init__(self, tasks: Sequence[TaskRecord], across: bool):
        self.weights: Counter = Counter()
        self.roles: Counter = Counter()
        self.units: dict[str, dict[str, Any]] = {}
        for t in tasks:
            named: dict[str, str] = {}
            for u in t.units:
                key = _unit_key(u, across)
                if key not in named:
                    named[key] = str(u.role)
                    if key not in self.units:
                        self.units[key] = {"kind": "unit", "label": key, "function": function_of(u),
                                           "mapped": bool(u.function)}
            for key, role in named.items():
                for topic in t.topics:
                    self.weights[key, topic] += 1
                    self.roles[key, topic, role] += 1
        self.topics = sorted({x for _, x in self.weights})  # sorted: the betweenness sample follows node order
        self.degree: Counter = Counter(key for key, _ in self.weights)
        self.strength: Counter = Counter()
        for (key, _), w in self.weights.items():
            self.strength[key] += w


def _graph(links: _UnitTopics) -> Any:
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from((("unit", key), attrs) for key, attrs in links.units.items())
    g.add_nodes_from((("topic", topic), {"kind": "topic", "label": topic}) for topic in links.topics)
    g.add_edges_from((("unit", key), ("topic", topic), {"weight": w, **{r: links.roles[key, topic, r] for r in _ROLES}})
                     for (key, topic), w in links.weights.items())
    return g


def plan_unit_graph(corpus: Corpus, across: bool = True) -> Any:
    """Bipartite networkx Graph: ("plan", doc) — ("unit", function-or-name), weight = tasks naming it."""
    import networkx as nx

    g = nx.Graph()
    for doc, plan in corpus.plans.items():
        g.add_node(("plan", doc), kind="plan", label=plan.title or doc, region=plan.region or "",
                   level=str(plan.level or ""), year=plan.year or 0)
    for t in corpus.tasks:
        for key in dict.fromkeys(_unit_key(u, across) for u in t.units):
            unode = ("unit", key)
            if unode not in g:
                g.add_node(unode, kind="unit", label=key)
            edge = g.get_edge_data(("plan", t.doc), unode)
            if edge:
                edge["weight"] += 1
            else:
                g.add_edge(("plan", t.doc), unode, weight=1)
    return g


def _betweenness(g: Any, k: int | None = None) -> dict[Any, float]:
    import networkx as nx

    if g.number_of_nodes() < 3:
        return dict.fromkeys(g, 0.0)
    sample = k if k and g.number_of_nodes() > k else None
    return nx.betweenness_centrality(g, k=sample, seed=0 if sample else None)


def _unit_rows(tasks: Sequence[TaskRecord], across: bool, k: int | None, betweenness: bool = True) -> list[UnitLoad]:
    links = _UnitTopics(tasks, across)
    topics = len(links.topics) or 1
    total = sum(links.weights.values()) or 1
    between = _betweenness(_graph(links), k) if betweenness else None
    roles: dict[str, Counter] = defaultdict(Counter)
    names: dict[str, list[str]] = defaultdict(list)
    functions: dict[str, str] = {}
    for t in tasks:
        for u in t.units:
            key = _unit_key(u, across)
            functions.setdefault(key, function_of(u))
            if u.name not in names[key]:
                names[key].append(u.name)
        for key, role in dict.fromkeys((_unit_key(u, across), str(u.role)) for u in t.units):
            roles[key][role] += 1
        for key in {_unit_key(u, across) for u in t.units}:
            roles[key]["tasks"] += 1
    rows: list[UnitLoad] = []
    for key, c in roles.items():
        rows.append({
            "unit": key, "function": functions[key], "names": names[key], "tasks": c["tasks"],
            # the Role codes in ROLES order, written out so the row's type is exact
            "lead": c["lead"], "responsible": c["responsible"], "cooperate": c["cooperate"],
            "topics": links.degree[key],
            "degree": round(links.degree[key] / topics, 4),
            "strength": round(links.strength[key] / total, 4),
            "betweenness": round(between.get(("unit", key), 0.0), 4) if between is not None else None,
        })
    rows.sort(key=lambda r: (-r["tasks"], -r["topics"], r["unit"]))
    return rows


def workload(corpus: Corpus, top: int | None = None, sample: int | None = 48,
             per_plan_betweenness: int = 200) -> Workload:
    """Per plan its units, and across plans the unit functions, with workload and centrality.

    sample: betweenness is estimated from this many source nodes on graphs larger than that.
    per_plan_betweenness: above this many plans the per-plan betweenness is left out (None):
    it costs a Brandes pass per plan graph (~25 ms each), while degree and strength stay.
    """
    by_plan = corpus.tasks_by_plan()
    per_plan: list[WorkloadPlan] = []
    with_betweenness = len(corpus.plans) <= per_plan_betweenness
    for doc in corpus.plan_order():
        plan, tasks = corpus.plans[doc], by_plan.get(doc, [])
        units = _unit_rows(tasks, across=False, k=sample, betweenness=with_betweenness)
        per_plan.append({"doc": doc, "plan_title": plan.title, "region": plan.region, "year": plan.year,
                         "tasks": len(tasks), "units": units[:top] if top else units})
    across = _unit_rows(corpus.tasks, across=True, k=sample)
    pg = plan_unit_graph(corpus, across=True)
    plans = max(1, len(corpus.plans))
    between = _betweenness(pg, sample)
    for row in across:
        node = ("unit", row["unit"])
        row["plans"] = pg.degree(node) if node in pg else 0
        row["plan_share"] = round(row["plans"] / plans, 4)
        row["plan_betweenness"] = round(between.get(node, 0.0), 4)
    return {"filters": corpus.filters.active(), "plans": per_plan, "across": across[:top] if top else across}


WORKLOAD_FIELDS = ("scope", "unit", "function", "tasks", "lead", "responsible", "cooperate", "topics", "degree",
                   "strength", "betweenness", "plans", "plan_share", "plan_betweenness")


def workload_rows(result: Workload) -> tuple[list[str], list[list[Any]]]:
    """CSV: the across-plans rows (scope *), then each plan's units (scope = doc)."""
    rows = [["*", *[r.get(f, "") for f in WORKLOAD_FIELDS[1:]]] for r in result["across"]]
    for p in result["plans"]:
        rows += [[p["doc"], *[r.get(f, "") for f in WORKLOAD_FIELDS[1:]]] for r in p["units"]]
    return list(WORKLOAD_FIELDS), rows
