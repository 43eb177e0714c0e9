"""What the store holds of each plan: its id, its named graph, and the files it was read from.

Ingest compares the files it is given with these; the search index and
`zwgk check` compare their versions (sha256) with them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from zwgk.graph import namespace as ns
from zwgk.graph.store import Store

__all__ = ["StoredPlan", "graph_iri", "stored_plans"]


@dataclass
class StoredPlan:
    """A plan in the store: its id, digest and path, and the other files found with the same bytes."""

    doc: str
    sha256: str | None = None
    path: str | None = None
    copies: dict[str, str | None] = field(default_factory=dict)  # copy id → its path

    @property
    def graph(self) -> str:
        return graph_iri(self.doc)


def graph_iri(doc: str) -> str:
    """The named graph of the plan stored under this id."""
    return str(ns.plan_graph_iri(doc))


#: Each pattern is read on its own and the parts hash-joined: each is one run of one index, where the
#: plan-by-plan lookups of one joined pattern read all over the store. At a million tasks, with nothing
#: in the page cache (the first ingest into a store after a while): 4.1 s against 11.5 s, and adding one
#: plan 5.4-6.0 s against 9.3 s end to end; warm 0.8 s against 1.4-1.7 s.
_STORED = """
SELECT ?plan ?id ?sha ?path WHERE {
  { SELECT ?plan { ?plan a zwgk:Plan } }
  { SELECT ?plan ?src { ?plan prov:wasDerivedFrom ?src } }
  { SELECT ?src { ?src a zwgk:SourceFile } }
  { SELECT ?src ?id { ?src rdfs:label ?id } }
  OPTIONAL { SELECT ?src ?sha { ?src zwgk:sha256 ?sha } }
  OPTIONAL { SELECT ?src ?path { ?src zwgk:filePath ?path } }
}"""


def stored_plans(store: Store) -> dict[str, StoredPlan]:
    """Plan id → what the store knows of its source files.

    A plan's own source is the one with the plan's id (graph/pipeline.py writes plan_iri(id) ←
    prov:wasDerivedFrom → source_iri(id)); its other sources are copies found with the same bytes. A
    plan with no source recorded (written by another tool) is listed too, without digest or path.
    """
    _, rows = store.select(ns.sparql_prefixes() + _STORED)
    doc_of = {plan: source_id for plan, source_id, _, _ in rows if plan == str(ns.plan_iri(source_id))}
    _, every = store.select(ns.sparql_prefixes() + "SELECT ?plan { ?plan a zwgk:Plan }")
    orphans = {plan for (plan,) in every} - doc_of.keys()
    if orphans:  # a plan whose own source is not recorded: its id from its identifier
        values = " ".join(f"<{p}>" for p in sorted(orphans))
        _, found = store.select(ns.sparql_prefixes() + f"SELECT ?plan ?doc {{ VALUES ?plan {{ {values} }} ?plan dcterms:identifier ?doc }}")
        doc_of.update((plan, doc) for plan, doc in found)
    plans = {doc: StoredPlan(doc) for doc in doc_of.values()}
    for plan_iri, source_id, sha, path in rows:
        if plan_iri not in doc_of:  # a plan without an identifier
            continue
        doc = doc_of[plan_iri]
        plan = plans[doc]
        if source_id == doc:
            plan.sha256, plan.path = sha, path
        else:
            plan.copies[source_id] = path
    return plans
