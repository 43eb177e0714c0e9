"""The library API behind `zwgk ingest / remove / stats`: files → plans → named graphs → indexes.

Each file is parsed and turned into triples before the store is touched, and
its named graph is then replaced in one transaction, so a file that fails
(unreadable, not a plan, bad triples) leaves the store exactly as it was and
the other files go on. Re-ingesting an unchanged file (same name, same
sha256) is a no-op; a changed one replaces its graph.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zwgk.ingest.errors import ParseError
from zwgk.ingest.parser import Overrides, parse_bytes, sidecar_overrides

from . import namespace as ns
from .build import plan_triples
from .store import ONTOLOGY_GRAPH, OxigraphStore, open_store

__all__ = ["IngestReport", "ingest_paths", "remove_docs", "ingested", "graph_iri", "to_ntriples", "store_stats"]


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    skipped: int = 0  # files of unsupported types inside folders
    tasks: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.replaced)


def graph_iri(doc: str) -> str:
    """One named graph per source file, keyed like every other per-plan IRI."""
    return str(ns.ID[f"graph/{ns.doc_stem(doc)}"])


def to_ntriples(triples: Iterable[tuple[Any, Any, Any]]) -> str:
    """rdflib terms → N-Triples text (n3() without a namespace manager is N-Triples syntax)."""
    return "\n".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in dict.fromkeys(triples))


_INGESTED = """
SELECT ?doc ?sha WHERE {
  ?plan a zwgk:Plan ; dcterms:identifier ?doc ; prov:wasDerivedFrom ?src .
  OPTIONAL { ?src zwgk:sha256 ?sha }
}"""


def ingested(store: OxigraphStore) -> dict[str, str | None]:
    """doc name → sha256 of the version in the store."""
    _, rows = store.select(ns.sparql_prefixes() + _INGESTED)
    return {doc: sha for doc, sha in rows}


def ingest_paths(paths: Iterable[str | Path], store_dir: Path, overrides: Overrides | None = None,
                 on_file: Callable[[Path, str], None] | None = None) -> IngestReport:
    """Ingest files and folders (recursively) into the store under `store_dir`."""
    from zwgk.ingest.readers import iter_plan_files

    files, skipped = iter_plan_files(paths)
    report = IngestReport(skipped=skipped)
    store = open_store(store_dir)
    try:
        known = ingested(store)
        for path in files:
            status = _ingest_one(store, path, known, overrides, report)
            if on_file:
                on_file(path, status)
    finally:
        store.close()
    return report


def _ingest_one(store: OxigraphStore, path: Path, known: dict[str, str | None], overrides: Overrides | None,
                report: IngestReport) -> str:
    from zwgk.ingest.files import read_plan_bytes, shown

    try:
        data = read_plan_bytes(path)
    except ParseError as exc:
        report.failed.append((str(path), exc.reason))
        return "failed"
    sha = hashlib.sha256(data).hexdigest()
    doc = shown(path.name)  # a name with a newline or bytes that are not UTF-8 is stored escaped
    if known.get(doc) == sha:
        report.unchanged.append(doc)
        return "unchanged"
    try:
        merged = sidecar_overrides(path).merged(overrides or Overrides())
        plan = parse_bytes(data, doc, merged)
        ntriples = to_ntriples(plan_triples(plan))
        store.replace_graph(graph_iri(doc), ntriples)
    except ParseError as exc:
        report.failed.append((str(path), exc.reason))
        return "failed"
    except (ValueError, SyntaxError, RecursionError) as exc:  # triples the store refused: the graph is untouched
        report.failed.append((str(path), f"could not store the graph: {exc}"))
        return "failed"
    # An OSError here is the store's disk (full, a file size limit): not this file's fault, so the run stops.
    (report.replaced if doc in known else report.added).append(doc)
    known[doc] = sha
    report.tasks += len(plan.tasks)
    return "replaced" if doc in report.replaced else "added"


def remove_docs(docs: Iterable[str], store_dir: Path) -> tuple[list[str], list[str]]:
    """Drop the named graphs of these files (names or paths); (removed, not found)."""
    store = open_store(store_dir)
    removed, missing = [], []
    try:
        known = ingested(store)
        for doc in docs:
            name = Path(doc).name
            if name in known:
                store.remove_graph(graph_iri(name))
                removed.append(name)
            else:
                missing.append(name)
    finally:
        store.close()
    return removed, missing


_STATS = {
    "plans": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a zwgk:Plan }",
    "tasks": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a zwgk:Task }",
    "responsibilities": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a zwgk:Responsibility }",
    "units": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a org:OrganizationalUnit }",
    "agencies": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a org:Organization }",
    "regions": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a zwgk:Region }",
    "policy documents": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a zwgk:PolicyDocument }",
    "domain records": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a zwgk:DomainRecord }",
    "triples": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{ONTOLOGY_GRAPH}>) }}",
}

_PER_PLAN = """
SELECT ?doc ?title ?region ?year (COUNT(DISTINCT ?task) AS ?tasks) (COUNT(DISTINCT ?unit) AS ?units) WHERE {
  ?plan a zwgk:Plan ; dcterms:identifier ?doc .
  OPTIONAL { ?plan dcterms:title ?title }
  OPTIONAL { ?plan zwgk:region/skos:prefLabel ?region }
  OPTIONAL { ?plan zwgk:year ?year }
  OPTIONAL { ?task dcterms:isPartOf ?plan ; a zwgk:Task . OPTIONAL { ?task zwgk:responsibility/zwgk:unit ?unit } }
} GROUP BY ?doc ?title ?region ?year ORDER BY ?doc"""


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
