"""Task records (the task contract, plus each unit's chain) read back from the store.

The graph is the single source of truth: `zwgk tasks`, the search index and
the answers of `zwgk ask` are all built from these SPARQL queries, never from
the files. A few flat SELECTs joined in Python beat one giant OPTIONAL-heavy
query by a wide margin on Oxigraph.

Queries run over the union of the named graphs. Every triple lives in exactly
one graph — a plan's own nodes in its plan graph, regions, agencies, units and
cited documents once in their shared graphs — so the union (which Oxigraph
evaluates as a multiset) has no duplicates and no query needs DISTINCT.
Ingest does not use these queries: it hands the index the records it parsed
(graph.changes), which equal what these return.
"""
from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

from zwgk.graph.namespace import TIME_UNIT, plan_graph_iri, plan_iri, sparql_prefixes
from zwgk.graph.store import Store
from zwgk.model.plan import Deadline, ResponseTime
from zwgk.model.records import PlanRecord, PolicyCitation, TaskRecord, UnitRole, policy_order, task_record
from zwgk.model.roles import Role

__all__ = ["task_records", "task_records_in_chunks", "plan_records", "policy_order"]

_PLANS = """
SELECT ?plan ?doc ?title ?issuer ?year ?region ?number ?inferred WHERE {
  #scope
  ?plan a zwgk:Plan ; dcterms:identifier ?doc ; dcterms:creator ?agency .
  ?agency skos:prefLabel ?issuer .
  OPTIONAL { ?plan dcterms:title ?title }
  OPTIONAL { ?plan zwgk:year ?year }
  OPTIONAL { ?plan zwgk:region ?region }
  OPTIONAL { ?plan eli:id_local ?number }
  OPTIONAL { ?plan zwgk:issuerInferred ?inferred }
}"""

_REGIONS = """
SELECT ?region ?name ?code ?parent WHERE {
  ?region a zwgk:Region ; skos:prefLabel ?name ; zwgk:adcode ?code .
  OPTIONAL { ?region zwgk:within ?parent }
}"""

_PLAN_POLICIES = """
SELECT ?plan ?title ?number WHERE {
  #scope
  ?plan a zwgk:Plan ; zwgk:basedOn ?doc .
  OPTIONAL { ?doc dcterms:title ?title }
  OPTIONAL { ?doc eli:id_local ?number }
}"""

_TASKS = """
SELECT ?task ?plan ?id ?position ?requirement ?seq ?section ?first ?last ?unitsText WHERE {
  #scope ?task dcterms:isPartOf ?plan .
  ?task a zwgk:Task ; dcterms:isPartOf ?plan ; dcterms:identifier ?id ; zwgk:position ?position ;
        zwgk:requirement ?requirement .
  OPTIONAL { ?task zwgk:seq ?seq }
  OPTIONAL { ?task zwgk:section ?section }
  OPTIONAL { ?task zwgk:firstLine ?first }  # one pattern each: Oxigraph then looks up each task's own,
  OPTIONAL { ?task zwgk:lastLine ?last }    # where a two-pattern OPTIONAL is joined to every task of the store
  OPTIONAL { ?task zwgk:unitsText ?unitsText }
}"""

_SECTIONS = """
SELECT ?section ?title ?parent WHERE {
  #graph
  ?section a zwgk:Section ; dcterms:title ?title ; dcterms:isPartOf ?parent .
}"""

_UNITS = """
SELECT ?task ?r ?name ?role ?aspect ?inherited ?function WHERE {
  #scope ?task dcterms:isPartOf ?plan .
  ?task zwgk:responsibility ?r .
  ?r zwgk:printedName ?name ; zwgk:role ?roleConcept ; zwgk:unit ?unit .
  ?roleConcept skos:notation ?role .
  OPTIONAL { ?r zwgk:aspect ?aspect }
  OPTIONAL { ?r zwgk:inherited ?inherited }
  OPTIONAL { ?unit org:classification ?fn . ?fn skos:prefLabel ?function FILTER(lang(?function) = "zh") }
}"""

_DEADLINES = """
SELECT ?task ?raw ?date ?ongoing ?inherited WHERE {
  #scope ?task dcterms:isPartOf ?plan .
  ?task zwgk:deadline ?d .
  OPTIONAL { ?d zwgk:rawText ?raw }
  OPTIONAL { ?d time:inXSDDate ?date }
  OPTIONAL { ?d zwgk:ongoing ?ongoing }
  OPTIONAL { ?d zwgk:inherited ?inherited }
}"""

_TEXT_DEADLINES = """
SELECT ?task ?d ?raw ?date WHERE {
  #scope ?task dcterms:isPartOf ?plan .
  ?task zwgk:textDeadline ?d .
  OPTIONAL { ?d zwgk:rawText ?raw }
  OPTIONAL { ?d time:inXSDDate ?date }
}"""

_RESPONSE_TIMES = """
SELECT ?task ?r ?raw ?amount ?unit ?source WHERE {
  #scope ?task dcterms:isPartOf ?plan .
  ?task zwgk:responseTime ?r .
  ?r time:numericDuration ?amount ; time:unitType ?unit ; zwgk:rawText ?raw ; zwgk:statedIn ?source .
}"""

_CONCEPTS = """
SELECT ?task ?kind ?label WHERE {
  #scope ?task dcterms:isPartOf ?plan .
  { ?task zwgk:topic ?c . BIND("topics" AS ?kind) } UNION { ?task zwgk:domain ?c . BIND("domains" AS ?kind) }
  ?task a zwgk:Task .
  ?c skos:prefLabel ?label .
  FILTER(lang(?label) = "zh")
}"""

_TASK_POLICIES = """
SELECT ?task ?title ?number WHERE {
  #scope ?task dcterms:isPartOf ?plan .
  ?task a zwgk:Task ; zwgk:basedOn ?doc .
  OPTIONAL { ?doc dcterms:title ?title }
  OPTIONAL { ?doc eli:id_local ?number }
}"""


def _scoped(query: str, docs: list[str] | None) -> str:
    """The query over every plan, or over these plans only: a VALUES block first, so only their nodes are read.

    Task-level nodes live in their plan's graph: sections are scoped by that graph (`#graph`), the rest
    by the plan (`#scope`, with `?task dcterms:isPartOf ?plan` where the query starts from tasks).
    """
    task_scope = "  #scope ?task dcterms:isPartOf ?plan .\n"
    if docs is None:
        return query.replace(task_scope, "").replace("  #scope\n", "").replace("  #graph\n", "")
    plans = " ".join(f"<{plan_iri(d)}>" for d in docs)
    if "  #graph\n" in query:
        head, body = query.split("  #graph\n", 1)
        graphs = " ".join(f"<{plan_graph_iri(d)}>" for d in docs)
        return f"{head}  VALUES ?g {{ {graphs} }}\n  GRAPH ?g {{\n{body.rsplit('}', 1)[0]}  }}\n}}"
    query = query.replace(task_scope, f"  VALUES ?plan {{ {plans} }}\n  ?task dcterms:isPartOf ?plan .\n")
    return query.replace("  #scope\n", f"  VALUES ?plan {{ {plans} }}\n")


def _rows(store: Store, query: str, docs: list[str] | None = None) -> list[dict[str, Any]]:
    names, rows = store.select(sparql_prefixes() + _scoped(query, docs))
    return [dict(zip(names, row, strict=True)) for row in rows]


def _truthy(value: Any) -> bool:
    return str(value).lower() in ("true", "1")


def plan_records(store: Store, docs: Iterable[str] | None = None) -> dict[str, PlanRecord]:
    """Plan metadata by plan IRI, with the region chain and the documents the plan implements.

    `docs`: only these plans (by plan id), e.g. the few a repair re-indexes in a million-task store.
    """
    docs = None if docs is None else list(docs)
    regions = {r["region"]: r for r in _rows(store, _REGIONS)}

    def chain(iri: str | None) -> tuple[str, ...]:
        names: list[str] = []
        while iri and iri in regions and len(names) < 6:
            names.insert(0, regions[iri]["name"])
            iri = regions[iri]["parent"]
        return tuple(names)

    cited: dict[str, list[PolicyCitation]] = defaultdict(list)
    for row in _rows(store, _PLAN_POLICIES, docs):
        cited[row["plan"]].append(PolicyCitation(row["title"], row["number"]))
    plans: dict[str, PlanRecord] = {}
    for row in _rows(store, _PLANS, docs):
        region = regions.get(row["region"])
        plans[row["plan"]] = PlanRecord(
            doc=row["doc"], title=row["title"], issuer=row["issuer"], issuer_inferred=_truthy(row["inferred"]),
            year=int(row["year"]) if row["year"] else None, region=region["name"] if region else None,
            region_code=region["code"] if region else None, region_chain=chain(row["region"]),
            doc_number=row["number"], policies=tuple(sorted(cited.get(row["plan"], ()), key=policy_order)),
        )
    return plans


def _ordinal(iri: str) -> int:
    """k of …-k / …-tk: the order build.py numbered a task's nodes in."""
    return int(iri.rsplit("-", 1)[1].lstrip("t"))


READ_CHUNK = 250
"""Plans per scoped read in `task_records_in_chunks`: about 0.5 ms a task at 100 to 300 plans, where a
VALUES block of 2,000 plans makes Oxigraph's joins superlinear (one query 0.4 s at 100 plans, 342 s at 2,000)."""


def task_records_in_chunks(store: Store, docs: Sequence[str], size: int = READ_CHUNK,
                           threads: int | None = None) -> Iterator[list[TaskRecord]]:
    """The task records of these plans, `size` plans at a time and in the order given.

    A rebuild reads a million tasks back this way: each query's rows are dropped once a chunk's records
    are made, where reading the whole store at once held every query's rows together (8.2 GB). Oxigraph
    lets go of the GIL while it evaluates, so chunks are read on `threads` threads (default: all cores;
    two chunks side by side took 3.4 s where one after the other took 5.6 s).
    """
    chunks = [docs[start:start + size] for start in range(0, len(docs), size)]
    threads = min(threads or os.cpu_count() or 1, len(chunks))
    if threads <= 1:
        yield from (task_records(store, chunk) for chunk in chunks)
        return
    with ThreadPoolExecutor(threads) as pool:
        yield from pool.map(partial(task_records, store), chunks)


def task_records(store: Store, docs: Iterable[str] | None = None) -> list[TaskRecord]:
    """Every task in the store (or of the plans `docs` only) in the task contract, ordered by plan and position."""
    docs = None if docs is None else list(docs)
    plans = plan_records(store, docs)
    sections = {r["section"]: r for r in _rows(store, _SECTIONS, docs)}

    def path(iri: str | None) -> list[str]:
        out: list[str] = []
        while iri in sections:
            out.insert(0, sections[iri]["title"])
            iri = sections[iri]["parent"]
        return out

    units: dict[str, list[tuple[str, UnitRole]]] = defaultdict(list)
    for row in _rows(store, _UNITS, docs):
        units[row["task"]].append((row["r"], UnitRole(row["name"], Role(row["role"]), row["aspect"],
                                                      _truthy(row["inherited"]), row["function"])))
    deadlines: dict[str, dict[str, Any]] = {}
    for row in _rows(store, _DEADLINES, docs):
        d = deadlines.setdefault(row["task"], {"raw": row["raw"], "dates": set(), "ongoing": _truthy(row["ongoing"]),
                                               "inherited": _truthy(row["inherited"])})
        if row["date"]:
            d["dates"].add(row["date"])
    in_text: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for row in _rows(store, _TEXT_DEADLINES, docs):
        d = in_text[row["task"]].setdefault(row["d"], {"raw": row["raw"], "dates": set()})
        if row["date"]:
            d["dates"].add(row["date"])
    units_of = {str(v): k for k, v in TIME_UNIT.items()}
    times: dict[str, list[tuple[int, ResponseTime]]] = defaultdict(list)
    for row in _rows(store, _RESPONSE_TIMES, docs):
        times[row["task"]].append((_ordinal(row["r"]), ResponseTime(
            raw=row["raw"], amount=int(float(row["amount"])), unit=units_of.get(row["unit"], row["unit"]),
            source=row["source"])))
    concepts: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"topics": [], "domains": []})
    for row in _rows(store, _CONCEPTS, docs):
        bucket = concepts[row["task"]][row["kind"]]
        if row["label"] not in bucket:
            bucket.append(row["label"])
    policies: dict[str, list[PolicyCitation]] = defaultdict(list)
    for row in _rows(store, _TASK_POLICIES, docs):
        policies[row["task"]].append(PolicyCitation(row["title"], row["number"]))

    records: list[tuple[str, int, TaskRecord]] = []
    for row in _rows(store, _TASKS, docs):
        plan = plans.get(row["plan"])
        if plan is None:
            continue
        d = deadlines.get(row["task"], {"raw": None, "dates": set(), "ongoing": False, "inherited": False})
        dates = tuple(sorted(d["dates"]))
        cell = Deadline(raw=d["raw"], date=dates[0] if dates else None, dates=dates, ongoing=d["ongoing"],
                        inherited=d["inherited"])
        stated = [Deadline(raw=x["raw"], date=min(x["dates"], default=None), dates=tuple(sorted(x["dates"])))
                  for _, x in sorted(in_text.get(row["task"], {}).items(), key=lambda item: _ordinal(item[0]))]
        task_units = [u for _, u in sorted(units.get(row["task"], []), key=lambda item: int(item[0].rsplit("-", 1)[1]))]
        records.append((plan.doc, int(row["position"]), task_record(
            plan, id=row["id"], section=path(row["section"]), seq=row["seq"], requirement=row["requirement"],
            units=task_units, units_raw=row["unitsText"], deadline=cell, in_text=stated,
            times=[t for _, t in sorted(times.get(row["task"], []), key=lambda x: x[0])],
            topics=sorted(concepts[row["task"]]["topics"]), domains=sorted(concepts[row["task"]]["domains"]),
            policies=sorted(policies.get(row["task"], []), key=policy_order),
            source_lines=(int(row["first"]), int(row["last"])) if row["first"] and row["last"] else (0, 0), functions=True)))
    records.sort(key=lambda r: (r[0], r[1]))
    return [r for _, _, r in records]
