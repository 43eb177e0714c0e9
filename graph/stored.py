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


_STORED = """
SELECT ?doc ?id ?sha ?path WHERE {
  ?plan a zwgk:Plan ; dcterms:identifier ?doc ; prov:wasDerivedFrom ?src .
  ?src rdfs:label ?id .
  OPTIONAL { ?src zwgk:sha256 ?sha }
  OPTIONAL { ?src zwgk:filePath ?path }
}"""


def stored_plans(store: Store) -> dict[str, StoredPlan]:
    """Plan id → what the store knows of its source files."""
    plans: dict[str, StoredPlan] = {}
    _, rows = store.select(ns.sparql_prefixes() + _STORED)
    for doc, source_id, sha, path in rows:
        plan = plans.setdefault(doc, StoredPlan(doc))
        if source_id == doc:
            plan.sha256, plan.path = sha, path
        else:
            plan.copies[source_id] = path
    return plans
