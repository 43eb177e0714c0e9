"""What the store holds, counted: the numbers behind `zwgk stats` (and the server's /api/stats).

Counts are SPARQL over the union of the plan graphs; the ontology's own graph
is left out of the triple count, since it is the same in every store.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from zwgk.graph import namespace as ns
from zwgk.graph.store import ONTOLOGY_GRAPH, open_store

__all__ = ["store_stats"]


_STATS = {
    "plans": "SELECT (COUNT(*) AS ?n) WHERE { ?x a zwgk:Plan }",
    "tasks": "SELECT (COUNT(*) AS ?n) WHERE { ?x a zwgk:Task }",
    "responsibilities": "SELECT (COUNT(*) AS ?n) WHERE { ?x a zwgk:Responsibility }",
    "units": "SELECT (COUNT(*) AS ?n) WHERE { ?x a org:OrganizationalUnit }",
    "agencies": "SELECT (COUNT(*) AS ?n) WHERE { ?x a org:Organization }",
    "regions": "SELECT (COUNT(*) AS ?n) WHERE { ?x a zwgk:Region }",
    "policy documents": "SELECT (COUNT(*) AS ?n) WHERE { ?x a zwgk:PolicyDocument }",
    "domain records": "SELECT (COUNT(*) AS ?n) WHERE { ?x a zwgk:DomainRecord }",
    "triples": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{ONTOLOGY_GRAPH}>) }}",
}

_PER_PLAN = """
SELECT ?doc ?path ?title ?region ?year (COUNT(DISTINCT ?task) AS ?tasks) (COUNT(DISTINCT ?unit) AS ?units) WHERE {
  ?plan a zwgk:Plan ; dcterms:identifier ?doc .
  OPTIONAL { ?plan prov:wasDerivedFrom ?src . ?src rdfs:label ?doc ; zwgk:filePath ?path }
  OPTIONAL { ?plan dcterms:title ?title }
  OPTIONAL { ?plan zwgk:region/skos:prefLabel ?region }
  OPTIONAL { ?plan zwgk:year ?year }
  OPTIONAL { ?task dcterms:isPartOf ?plan ; a zwgk:Task . OPTIONAL { ?task zwgk:responsibility/zwgk:unit ?unit } }
} GROUP BY ?doc ?path ?title ?region ?year ORDER BY ?doc"""


def store_stats(store_dir: Path) -> dict[str, Any]:
    """Counts over the whole store and one row per plan."""
    store = open_store(store_dir, read_only=True)
    try:
        totals = {name: int(store.select(ns.sparql_prefixes() + q)[1][0][0]) for name, q in _STATS.items()}
        names, rows = store.select(ns.sparql_prefixes() + _PER_PLAN)
        plans = [dict(zip(names, row, strict=True)) for row in rows]
        for plan in plans:  # SPARQL hands back lexical forms; JSON readers want numbers
            for key in ("year", "tasks", "units"):
                if plan.get(key) is not None:
                    plan[key] = int(plan[key])
        return {"totals": totals, "plans": plans}
    finally:
        store.close()
