"""The analysis graphs as files Gephi, Cytoscape or any GraphML/GEXF reader opens.

Every node carries `kind` and `label`, plans and units their `region`,
`province`, `level` and `year`, topics their `topic`; every edge a `weight`
(tasks), responsibilities their `role` (the role most of those tasks give)
with per-role counts. Node ids are strings (`plan:…`, `unit:…`,
`topic:…`), attribute values scalars, so both writers accept them as is.

- tasks: the property graph of plans, tasks, units, agencies and regions (`property_graph`);
- unit-topic: unit functions (across plans) × topics;
- plan-unit: plans × unit functions;
- plan-topic: plans × topics, the coverage matrix as a graph;
- diffusion: plans joined by the requirements they share (weight: groups; a group's
  first 60 plans, so a template copied everywhere does not become a huge clique).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from zwgk.analysis.corpus import Corpus
from zwgk.model.records import PlanRecord, TaskRecord
from zwgk.model.roles import ROLES

__all__ = ["ANALYSIS_GRAPHS", "analysis_graph", "property_graph", "write_graph"]

ANALYSIS_GRAPHS = ("tasks", "unit-topic", "plan-unit", "plan-topic", "diffusion")
_ROLES = tuple(str(role) for role in ROLES)


def _plan_attrs(plan: PlanRecord, tasks: int) -> dict[str, Any]:
    chain = plan.region_chain
    return {"kind": "plan", "label": plan.title or plan.doc, "doc": plan.doc, "region": plan.region or "",
            "province": chain[0] if chain else "", "level": str(plan.level or ""), "year": plan.year or 0,
            "issuer": plan.issuer or "", "tasks": tasks}


def _ids(g: Any, prefix: dict[str, str]) -> Any:
    """Tuple node ids ("unit", name) → "unit:name"."""
    import networkx as nx

    return nx.relabel_nodes(g, {n: f"{prefix.get(n[0], n[0])}:{n[1]}" for n in g}, copy=True)


def _dominant_role(d: dict[str, Any]) -> str:
    return max(_ROLES, key=lambda r: d.get(r, 0)) if any(d.get(r) for r in _ROLES) else ""


def analysis_graph(name: str, corpus: Corpus) -> Any:
    """One of ANALYSIS_GRAPHS for the corpus, as a networkx graph ready to write."""
    import networkx as nx

    tasks = Counter(t.doc for t in corpus.tasks)
    if name == "tasks":
        return nx.DiGraph(property_graph(corpus.tasks))
    if name == "unit-topic":
        from zwgk.analysis.workload import unit_topic_graph

        g = unit_topic_graph(corpus.tasks, across=True)
        plans: dict[str, set[str]] = {}
        counts: Counter = Counter()
        for t in corpus.tasks:
            functions = {u.function or u.name for u in t.units}
            counts.update(("unit", f) for f in functions)
            counts.update(("topic", x) for x in t.topics if t.units)
            for f in functions:
                plans.setdefault(f, set()).add(t.doc)
        for n, d in g.nodes(data=True):
            d["tasks"] = counts[n]
            if d["kind"] == "unit":
                d["plans"] = len(plans.get(n[1], ()))
            else:
                d["topic"] = n[1]
        for _, _, d in g.edges(data=True):
            d["role"] = _dominant_role(d)
        return _ids(g, {})
    if name == "plan-unit":
        from zwgk.analysis.workload import plan_unit_graph

        g = plan_unit_graph(corpus, across=True)
        for n, d in g.nodes(data=True):
            if d["kind"] == "plan":
                d.update(_plan_attrs(corpus.plans[n[1]], tasks[n[1]]))
            else:
                d["tasks"] = g.degree(n, weight="weight")
        return _ids(g, {})
    if name == "plan-topic":
        from zwgk.analysis.coverage import topic_matrix

        g = nx.Graph()
        docs, topics, matrix = topic_matrix(corpus)
        for doc, row in zip(docs, matrix, strict=True):
            g.add_node(f"plan:{doc}", **_plan_attrs(corpus.plans[doc], tasks[doc]))
            for topic, n in zip(topics, row, strict=True):
                if n:
                    g.add_node(f"topic:{topic}", kind="topic", label=topic, topic=topic)
                    g.add_edge(f"plan:{doc}", f"topic:{topic}", weight=n)
        for n, d in g.nodes(data=True):
            if d["kind"] == "topic":
                d["tasks"] = g.degree(n, weight="weight")
        return g
    if name == "diffusion":
        from zwgk.analysis.diffusion import diffusion

        g = nx.Graph()
        for doc, plan in corpus.plans.items():
            g.add_node(f"plan:{doc}", **_plan_attrs(plan, tasks[doc]))
        for group in diffusion(corpus)["groups"]:
            docs = [p["doc"] for p in group["plans"]][:60]  # a template in thousands of plans: a clique would explode
            for i, a in enumerate(docs):
                for b in docs[i + 1 :]:
                    if g.has_edge(f"plan:{a}", f"plan:{b}"):
                        g[f"plan:{a}"][f"plan:{b}"]["weight"] += 1
                    else:
                        g.add_edge(f"plan:{a}", f"plan:{b}", weight=1, example=group["text"][:80])
        return g
    raise ValueError(f"unknown graph {name!r}; choose one of {', '.join(ANALYSIS_GRAPHS)}")


def property_graph(records: Sequence[TaskRecord]) -> Any:
    """A networkx graph of plans, tasks, units, agencies and regions with attributes Gephi can style."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for r in records:
        plan, task = f"plan:{r.doc}", f"task:{r.id}"
        region = r.region or "?"
        g.add_node(plan, kind="plan", label=r.plan_title or r.doc, region=region, year=r.year or 0)
        g.add_node(task, kind="task", label=r.requirement[:40], region=region,
                   topic="；".join(r.topics), deadline=r.deadline or "")
        g.add_edge(task, plan, kind="partOf")
        chain = r.region_chain
        for child, parent in zip(chain[1:], chain[:-1], strict=False):
            g.add_node(f"region:{child}", kind="region", label=child)
            g.add_node(f"region:{parent}", kind="region", label=parent)
            g.add_edge(f"region:{child}", f"region:{parent}", kind="within")
        if chain:
            g.add_node(f"region:{chain[-1]}", kind="region", label=chain[-1])
        agency = f"agency:{r.issuer}"
        g.add_node(agency, kind="agency", label=r.issuer or "?", region=region)
        g.add_edge(plan, agency, kind="issuedBy")
        if chain:
            g.add_edge(agency, f"region:{chain[-1]}", kind="in")
        for u in r.units:
            unit = f"unit:{r.issuer}/{u.name}"
            g.add_node(unit, kind="unit", label=u.name, region=region, function=u.function or "")
            # 县区教育局 and schools are agencies the plan assigns work to, not sections of the issuer
            g.add_edge(unit, agency, kind="assignedBy" if u.function in ("县区教育局", "学校") else "unitOf")
            g.add_edge(task, unit, kind="responsibility", role=str(u.role), weight=1.0)
    return g



def _scalar(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set):
        return "；".join(map(str, value))
    return str(value)


def write_graph(g: Any, fmt: str) -> bytes:
    """GraphML or GEXF bytes; attribute values made scalar (None → "", lists joined)."""
    import io

    import networkx as nx

    g = g.copy()
    for _, d in g.nodes(data=True):
        for k, v in list(d.items()):
            d[k] = _scalar(v)
    for *_, d in g.edges(data=True):
        for k, v in list(d.items()):
            d[k] = _scalar(v)
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(g, buffer)
    elif fmt == "gexf":
        nx.write_gexf(g, buffer)
    else:
        raise ValueError(f"unknown graph format {fmt!r}: graphml or gexf")
    return buffer.getvalue()
