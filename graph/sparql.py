"""SPARQL over the store with zwgk's prefixes pre-bound; results in the SPARQL 1.1 formats.

The prefixes are handed to Oxigraph's parser rather than pasted in front of the
text, so a syntax error's line and column are those of the query the user
wrote (a query may still declare a prefix of the same name: its own wins).
`zwgk sparql` and the `/sparql` endpoint of `zwgk serve` both run queries
through `evaluate` and serialise with the format tables below; a final ORDER BY over
variables is done on decoded terms (graph/ordering.py): the same order (rows equal on every key
aside), far fewer reads.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zwgk.graph.namespace import PREFIXES
from zwgk.graph.ordering import SKIP, sort_solutions, split_order
from zwgk.graph.store import OxigraphStore

__all__ = ["QueryOutput", "read_query", "with_prefixes", "run_query", "update_keyword", "evaluate", "apply_update", "result_kind",
           "check_nesting", "uses_service",
           "RESULT_FORMATS", "GRAPH_FORMATS"]

_DECLARED = re.compile(r"PREFIX\s+([\w-]*):", re.IGNORECASE)

#: SPARQL results (SELECT, ASK) and RDF (CONSTRUCT, DESCRIBE) formats by short name → pyoxigraph's format name.
RESULT_FORMATS = {"json": "JSON", "xml": "XML", "csv": "CSV", "tsv": "TSV"}
GRAPH_FORMATS = {"ttl": "TURTLE", "nt": "N_TRIPLES", "jsonld": "JSON_LD", "rdfxml": "RDF_XML"}


def read_query(text: str) -> str:
    """'@file.rq' reads the file; anything else is the query itself."""
    if text.startswith("@"):
        return Path(text[1:]).read_text(encoding="utf-8")
    return text


# A comment runs to the end of its line (`#[^\n]*` alone could stop before a word of the comment, and
# "# … with a given 文号" would then read as WITH: seven of the example queries were refused that way).
_UPDATE = re.compile(r"^\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>|#[^\n]*(?:\n|$))\s*)*"
                     r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.I)


def update_keyword(query: str) -> str | None:
    """The operation when the text is a SPARQL Update (INSERT, DELETE, DROP …), else None."""
    m = _UPDATE.match(query)
    return m.group(1).upper() if m else None


def with_prefixes(query: str) -> str:
    """Put PREFIX lines for the zwgk prefixes the query does not declare itself in front of it
    (for stores whose parser takes no prefix table, e.g. rdflib's)."""
    declared = {m.group(1) for m in _DECLARED.finditer(query)}
    head = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items() if k not in declared)
    return head + query


#: Deeper bracket nesting than this is refused before parsing: Oxigraph's recursive parser overflows the
#: stack (a segmentation fault, not an error) on a few thousand levels; written queries stay below 20.
MAX_NESTING = 256


def check_nesting(query: str, limit: int = MAX_NESTING) -> None:
    """SyntaxError when brackets outside strings, IRIs and comments nest deeper than `limit`."""
    depth = deepest = 0
    for char in SKIP.sub(" ", query):
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > limit:
                raise SyntaxError(f"error: brackets nested more than {limit} levels deep")
        elif char in ")]}":
            depth -= 1


_SERVICE = re.compile(r"(?<![\w?$:])SERVICE\b", re.IGNORECASE)


def uses_service(query: str) -> bool:
    """Whether the query has a SERVICE clause (outside strings, IRIs and comments): Oxigraph would fetch it
    over HTTP, which a shared endpoint must not do on behalf of whoever sends a query."""
    return bool(_SERVICE.search(SKIP.sub(" ", query)))


def evaluate(store: OxigraphStore, query: str, default_graphs: Sequence[str] = (),
             named_graphs: Sequence[str] = ()) -> Any:
    """Oxigraph's result for one query: the union of all graphs as default graph unless `default_graphs`
    (the protocol's default-graph-uri) names some; `named_graphs` limits what GRAPH ?g ranges over.

    Raises SyntaxError with Oxigraph's message, its position counted in the caller's text."""
    import pyoxigraph as ox

    check_nesting(query)
    if store.kind == "sparql":  # a SPARQL server (graph/remote.py): the protocol's dataset parameters
        remote: Any = store
        return remote.raw_query(with_prefixes(query), default_graphs, named_graphs)
    options: dict[str, Any] = {"prefixes": PREFIXES}
    if default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    else:
        options["use_default_graph_as_union"] = True
    if named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    ordered = split_order(query)
    if ordered is not None:  # sorted here on decoded terms (graph/ordering.py): Oxigraph reads strings per comparison
        try:
            solutions = store._store.query(ordered.body, **options)
        except SyntaxError:  # e.g. a key added to a grouped projection: the query as written says why
            solutions = None
        if isinstance(solutions, ox.QuerySolutions):
            result = sort_solutions(solutions, ordered)
            if result is not None:
                return result
    return store._store.query(query, **options)


def apply_update(store: OxigraphStore, update: str) -> tuple[int, int]:
    """One SPARQL 1.1 Update as one transaction, zwgk's prefixes bound by the parser; (quads before, after).

    Raises SyntaxError with Oxigraph's message (positions in the caller's text)."""
    check_nesting(update)
    if store.kind == "sparql":  # a SPARQL server (graph/remote.py): one Update request, zwgk's graphs counted
        remote: Any = store
        before = remote.count_all()
        remote.update(with_prefixes(update))
        return before, remote.count_all()
    before = len(store._store)
    store._store.update(update, prefixes=PREFIXES)
    return before, len(store._store)


def result_kind(result: Any) -> str:
    """select | ask | graph (CONSTRUCT and DESCRIBE) for an `evaluate` result."""
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        return "ask"
    return "select" if isinstance(result, ox.QuerySolutions) else "graph"


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

    result = evaluate(store, query)
    kind = result_kind(result)
    results_format = getattr(ox.QueryResultsFormat, RESULT_FORMATS[fmt]) if fmt in RESULT_FORMATS else None
    if kind == "ask":
        payload = result.serialize(format=results_format) if results_format else b""
        return QueryOutput("ask", [], [], bool(result), payload or b"")
    if kind == "select":
        variables = [v.value for v in result.variables]
        if results_format:
            return QueryOutput("select", variables, [], None, result.serialize(format=results_format) or b"")
        rows = [[None if row[v] is None else row[v].value for v in variables] for row in result]
        return QueryOutput("select", variables, rows)
    rdf_format = ox.RdfFormat.N_TRIPLES if fmt in ("nt", "csv", "tsv") else ox.RdfFormat.TURTLE
    return QueryOutput("graph", [], [], None, result.serialize(format=rdf_format) or b"")
