"""SPARQL over the store with zwgk's prefixes pre-bound; results in the SPARQL 1.1 formats."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zwgk.graph.namespace import PREFIXES
from zwgk.graph.store import OxigraphStore

__all__ = ["QueryOutput", "read_query", "with_prefixes", "run_query", "update_keyword"]

_DECLARED = re.compile(r"PREFIX\s+([\w-]*):", re.IGNORECASE)


def read_query(text: str) -> str:
    """'@file.rq' reads the file; anything else is the query itself."""
    if text.startswith("@"):
        return Path(text[1:]).read_text(encoding="utf-8")
    return text


_UPDATE = re.compile(r"^\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>|#[^\n]*)\s*)*"
                     r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.I)


def update_keyword(query: str) -> str | None:
    """The operation when the text is a SPARQL Update (INSERT, DELETE, DROP …), else None."""
    m = _UPDATE.match(query)
    return m.group(1).upper() if m else None


def with_prefixes(query: str) -> str:
    """Put PREFIX lines for the zwgk prefixes the query does not declare itself in front of it."""
    declared = {m.group(1) for m in _DECLARED.finditer(query)}
    head = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items() if k not in declared)
    return head + query


@dataclass
class QueryOutput:
    kind: str  # select | ask | graph
    variables: list[str]
    rows: list[list[Any]]
    boolean: bool | None = None
    payload: bytes = b""  # serialised result in the requested format


def run_query(store: OxigraphStore, query: str, fmt: str = "table") -> QueryOutput:
    """Run a query; `fmt` json|csv|tsv|xml fills `payload` with the standard result format."""
    import pyoxigraph as ox

    result = store.raw_query(with_prefixes(query))
    results_format = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
                      "tsv": ox.QueryResultsFormat.TSV, "xml": ox.QueryResultsFormat.XML}.get(fmt)
    if isinstance(result, ox.QueryBoolean):
        payload = result.serialize(format=results_format) if results_format else b""
        return QueryOutput("ask", [], [], bool(result), payload or b"")
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        if results_format:
            return QueryOutput("select", variables, [], None, result.serialize(format=results_format) or b"")
        rows = [[None if row[v] is None else row[v].value for v in variables] for row in result]
        return QueryOutput("select", variables, rows)
    rdf_format = ox.RdfFormat.N_TRIPLES if fmt in ("nt", "csv", "tsv") else ox.RdfFormat.TURTLE
    return QueryOutput("graph", [], [], None, result.serialize(format=rdf_format) or b"")
