"""`zwgk serve`'s SPARQL 1.1 endpoint, driven by the clients people use: rdflib's SPARQLStore,
SPARQLWrapper and plain HTTP (as curl sends it), against the rows `zwgk sparql` prints."""
from __future__ import annotations

import csv
import io
import json
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT
from rdflib import Graph
from rdflib.query import Result
from server_helpers import get_query, request, running
from typer.testing import CliRunner

from zwgk.cli import app

QUERY_01 = (ROOT / "examples" / "queries" / "01-request-disclosure-by-region.rq").read_text(encoding="utf-8")
PLANS = "SELECT ?plan ?title WHERE { ?plan a zwgk:Plan ; dcterms:title ?title } ORDER BY ?plan"
PLAN_GRAPH = "https://w3id.org/zwgk/id/graph/plan/sixian-edu-2022.txt"


@pytest.fixture(scope="module")
def server(sample_store: Path) -> Iterator[str]:
    with running(sample_store, timeout=60) as url:
        yield url


@pytest.fixture(scope="module")
def tight_server(sample_store: Path) -> Iterator[str]:
    """A server with a one-second timeout and a 20 KB result cap."""
    with running(sample_store, timeout=1, max_result_mb=20 / 1024, query_workers=2) as url:
        yield url


def cli_rows(store: Path, query: str) -> list[dict[str, str]]:
    """The rows `zwgk sparql -f json` prints: variable → value (unbound left out)."""
    out = CliRunner().invoke(app, ["sparql", query, "--store", str(store), "-f", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


@pytest.mark.parametrize("path", sorted((ROOT / "examples" / "queries").glob("*.rq")), ids=lambda p: p.stem)
def test_every_example_query_gives_the_rows_zwgk_sparql_prints(server: str, sample_store: Path, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    status, _, body = get_query(server, text)
    assert status == 200, body
    served = [{k: v["value"] for k, v in b.items()} for b in json.loads(body)["results"]["bindings"]]
    assert served == cli_rows(sample_store, text)


def test_sparqlwrapper_gets_the_rows_zwgk_sparql_prints(server: str, sample_store: Path) -> None:
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    expected = cli_rows(sample_store, QUERY_01)
    assert len(expected) > 10 and {"泗县", "广州市"} <= {r["region"] for r in expected}
    for method in ("GET", POST):
        client = SPARQLWrapper(server + "/sparql")
        client.setQuery(QUERY_01)
        client.setReturnFormat(JSON)
        client.setMethod(method)
        bindings = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
        assert [{k: v["value"] for k, v in b.items()} for b in bindings] == expected


def test_rdflib_sparqlstore_gets_the_rows_zwgk_sparql_prints(server: str, sample_store: Path) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    expected = cli_rows(sample_store, QUERY_01)
    for method in ("GET", "POST"):
        store = SPARQLStore(server + "/sparql", method=method)  # XML results, rdflib's default
        rows = [{str(k): str(v) for k, v in row.asdict().items()} for row in store.query(QUERY_01)]  # type: ignore[union-attr]
        assert rows == expected
    plans = Graph(store=SPARQLStore(server + "/sparql")).query(PLANS)
    assert [str(row[1]) for row in plans] == [r["title"] for r in cli_rows(sample_store, PLANS)]  # type: ignore[index]


@pytest.mark.parametrize(("accept", "fmt"), [
    ("application/sparql-results+json", "json"), ("application/sparql-results+xml", "xml"),
    ("text/csv", "csv"), ("text/tab-separated-values", "tsv"),
])
def test_every_result_format_parses_with_rdflib(server: str, sample_store: Path, accept: str, fmt: str) -> None:
    status, headers, body = get_query(server, PLANS, accept)
    assert status == 200 and headers["content-type"].startswith(accept)
    result = Result.parse(io.BytesIO(body), format=fmt)
    assert [str(row[1]) for row in result] == [r["title"] for r in cli_rows(sample_store, PLANS)]  # type: ignore[index]


@pytest.mark.parametrize(("accept", "fmt"), [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"),
])
def test_every_graph_format_parses_with_rdflib(server: str, accept: str, fmt: str) -> None:
    pattern = f"GRAPH <{PLAN_GRAPH}> {{ ?t zwgk:requirement ?r }}"
    construct = f"CONSTRUCT {{ ?t zwgk:requirement ?r }} WHERE {{ {pattern} }}"
    status, headers, body = get_query(server, construct, accept)
    assert status == 200 and headers["content-type"].startswith(accept)
    graph = Graph().parse(data=body, format=fmt)
    status, _, count = get_query(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}", "text/csv")
    assert len(graph) == int(count.split()[1]) > 20
    assert any("依申请公开" in str(o) for o in graph.objects())


def test_ask_and_describe(server: str) -> None:
    status, _, body = get_query(server, 'ASK { ?u a org:OrganizationalUnit ; skos:prefLabel ?l FILTER(str(?l) = "办公室") }')
    assert status == 200 and json.loads(body)["boolean"] is True
    status, headers, body = get_query(server, "DESCRIBE <https://w3id.org/zwgk/id/region/341324>", "text/turtle")
    assert status == 200 and "泗县" in body.decode()


def test_post_forms_of_the_protocol(server: str, sample_store: Path) -> None:
    titled = len(cli_rows(sample_store, PLANS))
    form = urllib.parse.urlencode({"query": PLANS}).encode()
    status, _, body = request(server, "POST", "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == titled
    status, _, body = request(server, "POST", "/sparql", PLANS.encode(),
                              {"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert status == 200 and body.decode().count("\r\n") == titled + 1


def test_dataset_from_protocol_parameters(server: str) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?t a zwgk:Task }"
    _, _, everything = get_query(server, count, "text/csv")
    _, _, one = get_query(server, count, "text/csv", **{"default-graph-uri": PLAN_GRAPH})
    assert int(everything.split()[1]) == 160 and 0 < int(one.split()[1]) < 160
    named = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    _, _, body = get_query(server, named, "text/csv", **{"named-graph-uri": PLAN_GRAPH})
    assert body.decode().split() == ["g", PLAN_GRAPH]


def test_syntax_error_is_400_at_the_users_own_position(server: str) -> None:
    status, _, body = get_query(server, "SELECT ?t WHERE {\n  ?t a zwgk:Task FILTER( }")
    assert status == 400
    assert "error at 2:" in body.decode(), body  # line 2 of what was sent, not of the prefixed text


def test_federated_service_is_not_fetched(server: str) -> None:
    status, _, body = get_query(server, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert status == 400 and b"SERVICE" in body


def test_update_is_refused_with_403_and_the_store_is_unchanged(server: str) -> None:
    drop = f"DROP GRAPH <{PLAN_GRAPH}>"
    for method, path, body, headers in [
        ("POST", "/sparql", urllib.parse.urlencode({"update": drop}).encode(), {"Content-Type": "application/x-www-form-urlencoded"}),
        ("POST", "/sparql", drop.encode(), {"Content-Type": "application/sparql-update"}),
        ("GET", "/sparql?" + urllib.parse.urlencode({"query": drop}), None, {}),
        ("GET", "/sparql?" + urllib.parse.urlencode({"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}), None, {}),
    ]:
        status, _, text = request(server, method, path, body, headers)
        assert status == 403 and b"read-only" in text, (method, path, text)
    _, _, count = get_query(server, "SELECT (COUNT(*) AS ?n) WHERE { ?t a zwgk:Task }", "text/csv")
    assert int(count.split()[1]) == 160


def test_graph_store_read_side(server: str) -> None:
    path = "/rdf-graphs?" + urllib.parse.urlencode({"graph": PLAN_GRAPH})
    status, headers, body = request(server, "GET", path, headers={"Accept": "text/turtle"})
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=body, format="turtle")
    assert any("泗县" in str(o) or "依申请公开" in str(o) for o in graph.objects())
    missing = "/rdf-graphs?" + urllib.parse.urlencode({"graph": "https://w3id.org/zwgk/id/graph/plan/nope.txt"})
    assert request(server, "GET", missing)[0] == 404
    assert request(server, "GET", "/rdf-graphs?graph=not%20an%20iri")[0] == 400
    assert request(server, "PUT", path, b"<a> <b> <c> .", {"Content-Type": "text/turtle"})[0] == 405


def test_timeout_fires_on_a_slow_query_and_the_server_goes_on(tight_server: str) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    status, _, body = get_query(tight_server, slow)
    assert status == 503 and b"timed out" in body
    # the killed worker is replaced in the background (a fresh interpreter: seconds on a loaded machine);
    # meanwhile the other worker answers, and within a minute every query is served again
    import time

    deadline = time.monotonic() + 60
    while True:
        status, _, body = get_query(tight_server, "SELECT (COUNT(*) AS ?n) WHERE { ?t a zwgk:Task }", "text/csv")
        if status == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert status == 200 and body.split()[1] == b"160"


def test_result_cap_answers_with_a_clear_error(tight_server: str) -> None:
    status, _, body = get_query(tight_server, "SELECT ?t ?r WHERE { ?t zwgk:requirement ?r }")
    assert status == 400 and b"LIMIT" in body and b"cap" in body
    status, _, body = get_query(tight_server, "SELECT ?t ?r WHERE { ?t zwgk:requirement ?r } LIMIT 3")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 3


def test_the_readme_curl_example_works(server: str) -> None:
    import shlex
    import shutil
    import subprocess

    if shutil.which("curl") is None:
        pytest.skip("no curl on this machine")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(x.strip() for x in readme.splitlines() if x.strip().startswith("curl ") and "/sparql" in x)
    args = [a.replace("http://127.0.0.1:8000", server) for a in shlex.split(line)]
    out = subprocess.run(args, capture_output=True, text=True, timeout=60, check=True)
    rows = list(csv.reader(io.StringIO(out.stdout)))
    assert rows[0] == ["title"] and any("泗县教育体育局" in r[0] for r in rows[1:])


def test_service_description_and_page_redirect(server: str) -> None:
    status, headers, body = request(server, "GET", "/sparql")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert "UnionDefaultGraph" in Graph().parse(data=body, format="turtle").serialize(format="nt")
    status, headers, _ = request(server, "GET", "/sparql", headers={"Accept": "text/html"})
    assert status == 303 and headers["location"].endswith("#/sparql")


def test_requests_for_another_host_name_are_refused(server: str) -> None:
    status, _, body = request(server, "GET", "/sparql?query=ASK%7B%7D", headers={"Host": "evil.example:8000"})
    assert status == 421 and b"localhost" in body
