"""A query's final ORDER BY is done by zwgk on decoded terms (graph/ordering.py): the answer must be the one
Oxigraph gives when it sorts, row for row, whatever the column holds.

Each case runs the query through `evaluate` and straight through Oxigraph, and compares the rows.
"""
from __future__ import annotations

from typing import Any

import pytest

from zwgk.graph.namespace import PREFIXES
from zwgk.graph.ordering import split_order
from zwgk.graph.sparql import evaluate, run_query
from zwgk.graph.store import OxigraphStore

DATA = """
PREFIX ex: <http://example.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
INSERT DATA { GRAPH ex:g {
  ex:a ex:name "泗县"@zh ; ex:n 10 ; ex:when "2023-11-30"^^xsd:date ; ex:code "b" ; ex:mixed 3 ; ex:flag true .
  ex:b ex:name "兖州区"@zh ; ex:n 2.5 ; ex:when "2022-06-30"^^xsd:date ; ex:code "a\\tb\\nc" ; ex:mixed "x" ; ex:flag false .
  ex:c ex:name "淮北市"@zh ; ex:n "1e1"^^xsd:double ; ex:code "a" ; ex:mixed ex:iri .
  ex:d ex:name "石台县"@zh ; ex:n -4 ; ex:when "2023-01-01"^^xsd:date ; ex:code "A" .
  ex:e ex:name "广州市"@zh ; ex:code "a" ; ex:mixed _:blank ; ex:link ex:c .
  ex:f ex:name "广州市"@zh ; ex:n 10 ; ex:code "c" ; ex:link ex:a .
} }
"""


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    memory = OxigraphStore()
    memory.update(DATA)
    return memory


def rows(result: Any) -> list[tuple[str, ...]]:
    return [tuple("" if term is None else str(term) for term in solution) for solution in result]


def oxigraph(store: OxigraphStore, query: str) -> Any:
    return store._store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)


EX = "PREFIX ex: <http://example.org/>\n"


CASES = {
    "numbers of three datatypes, unbound first": "SELECT ?s ?n WHERE { ?s ex:name ?x OPTIONAL { ?s ex:n ?n } } ORDER BY ?n ?s",
    "descending, ties kept in a second key": "SELECT ?s ?n WHERE { ?s ex:name ?x OPTIONAL { ?s ex:n ?n } } ORDER BY DESC(?n) ASC(?s)",
    "Chinese labels by code point": "SELECT ?name ?s WHERE { ?s ex:name ?name } ORDER BY ?name DESC(?s)",
    "strings with tabs and newlines": "SELECT ?code ?s WHERE { ?s ex:code ?code } ORDER BY DESC(?code) ?s",
    "dates": "SELECT ?s ?when WHERE { ?s ex:when ?when } ORDER BY DESC(?when)",
    "booleans": "SELECT ?s ?flag WHERE { ?s ex:flag ?flag } ORDER BY ?flag",
    "IRIs": "SELECT ?s ?t WHERE { ?s ex:link ?t } ORDER BY ?t",
    "a key the query does not project": "SELECT ?name WHERE { ?s ex:name ?name OPTIONAL { ?s ex:n ?n } } ORDER BY DESC(?n) ?name",
    "limit and offset": "SELECT ?s WHERE { ?s ex:code ?c } ORDER BY ?c ?s LIMIT 3 OFFSET 1",
    "offset then limit": "SELECT ?s WHERE { ?s ex:code ?c } ORDER BY ?c ?s OFFSET 2 LIMIT 2",
    "an aggregate": "SELECT ?name (COUNT(?s) AS ?n) WHERE { ?s ex:name ?name } GROUP BY ?name ORDER BY DESC(?n) ?name",
    "a group key the query does not project": "SELECT (COUNT(?s) AS ?n) WHERE { ?s ex:name ?name } GROUP BY ?name ORDER BY ?name",
    "numbers, strings, an IRI and a blank node in one column": "SELECT ?s ?m WHERE { ?s ex:mixed ?m } ORDER BY ?m ?s",
    "an expression": "SELECT ?s WHERE { ?s ex:code ?c } ORDER BY STRLEN(?c) ?s",
    "a subquery's ORDER BY is its own": "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ex:code ?c } ORDER BY ?c LIMIT 2 } } ORDER BY DESC(?s)",
}


@pytest.mark.parametrize("query", CASES.values(), ids=CASES.keys())
def test_ordered_answers_are_oxigraphs_row_for_row(store: OxigraphStore, query: str) -> None:
    ours = evaluate(store, EX + query)
    theirs = oxigraph(store, EX + query)
    assert [v.value for v in ours.variables] == [v.value for v in theirs.variables]
    assert rows(ours) == rows(theirs)


class Recorder:
    """The store's pyoxigraph handle, noting every query text it is asked."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.asked = inner, []

    def query(self, text: str, **options: Any) -> Any:
        self.asked.append(text)
        return self.inner.query(text, **options)


def test_the_store_is_asked_without_the_order_by_and_the_hidden_key_is_cut(store: OxigraphStore) -> None:
    recorder = Recorder(store._store)
    watched = OxigraphStore()
    watched._store = recorder  # type: ignore[assignment]
    query = "SELECT ?name WHERE { ?s ex:name ?name OPTIONAL { ?s ex:n ?n } } ORDER BY DESC(?n) ?name"
    output = run_query(watched, EX + query, fmt="csv")
    assert len(recorder.asked) == 1 and "ORDER BY" not in recorder.asked[0]
    # 10, 10 and 1e1 tie, then by name (code points: 广 < 泗 < 淮); the task with no number comes last
    assert output.payload.decode().splitlines() == ["name", "广州市", "泗县", "淮北市", "兖州区", "石台县", "广州市"]


def test_a_column_sparql_leaves_to_the_engine_is_sorted_by_oxigraph(store: OxigraphStore) -> None:
    recorder = Recorder(store._store)
    watched = OxigraphStore()
    watched._store = recorder  # type: ignore[assignment]
    evaluate(watched, EX + CASES["numbers, strings, an IRI and a blank node in one column"])
    assert [("ORDER BY" in text) for text in recorder.asked] == [False, True]


@pytest.mark.parametrize("query", [
    "SELECT DISTINCT ?name WHERE { ?s ex:name ?name ; ex:n ?n } ORDER BY ?n",  # DISTINCT over other columns
    "SELECT ?seq WHERE { ?s ex:n ?seq } ORDER BY xsd:integer(?seq)",
    "CONSTRUCT { ?s ex:p ?o } WHERE { ?s ex:n ?o } ORDER BY ?o",
    "SELECT ?s WHERE { ?s ex:n ?o }",
    'SELECT ?s WHERE { ?s ex:code "ORDER BY ?x" }',
], ids=["distinct", "expression", "construct", "no order", "in a string"])
def test_what_is_left_to_oxigraph(query: str) -> None:
    assert split_order(EX + query) is None
