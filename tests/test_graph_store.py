"""The persisted store through the CLI: ingest / remove / stats / tasks / sparql / export / validate.

One store holds the five samples for the whole module; tests that change a
store work on a copy (shutil.copytree). The tasks, units, roles, deadlines and
domain records in the store are compared with the hand-checked key in
tests/fixtures/gold, through `zwgk tasks` and through SPARQL.
"""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import networkx as nx
import pytest
from conftest import GOLD, SAMPLE_NAMES, SAMPLES, read_jsonl
from rdflib import Dataset, Graph
from typer.testing import CliRunner

from zwgk.cli import app
from zwgk.graph.build import build_plan
from zwgk.graph.store import open_store
from zwgk.graph.stored import graph_iri
from zwgk.ingest.parser import parse_file

runner = CliRunner()
DOCS = [f"{name}.txt" for name in SAMPLE_NAMES]
GOLD_ROWS = {f"{name}.txt": read_jsonl(GOLD / f"{name}.jsonl") for name in SAMPLE_NAMES}
#: No dense model in tests: the search index stays lexical, fast and offline.
ENV = {"ZWGK_MODEL": "/nonexistent/zwgk-test-model", "ZWGK_ALLOW_DOWNLOAD": None, "ZWGK_STORE": None}


def zwgk(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args], env=ENV)


def ok(*args: str | Path):
    result = zwgk(*args)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def failure_lines(stderr: str) -> list[str]:
    """stderr lines that report a failed file (`zwgk: PATH: reason`); notes such as 'dense search off' are not."""
    return [line for line in stderr.splitlines() if line.startswith("zwgk: ")]


def sorted_quads(store: Path) -> list[str]:
    return sorted(ok("export", "-f", "nq", "--store", store).stdout.splitlines())


def squash(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


@pytest.fixture(scope="module")
def ingest_result(tmp_path_factory: pytest.TempPathFactory):
    store = tmp_path_factory.mktemp("store")
    return store, zwgk("ingest", SAMPLES, "--store", store)


@pytest.fixture(scope="module")
def store(ingest_result) -> Path:
    path, result = ingest_result
    assert result.exit_code == 0, result.stderr
    return path


@pytest.fixture(scope="module")
def task_rows(store: Path) -> list[dict]:
    return [json.loads(line) for line in ok("tasks", "--store", store).stdout.splitlines()]


@pytest.fixture
def store_copy(store: Path, tmp_path: Path) -> Path:
    shutil.copytree(store, tmp_path / "store")
    return tmp_path / "store"


@pytest.fixture
def samples_copy(tmp_path: Path) -> Path:
    shutil.copytree(SAMPLES, tmp_path / "samples")
    return tmp_path / "samples"


def sparql_rows(store: Path, query: str) -> list[dict[str, str]]:
    result = ok("sparql", query, "--store", store, "-f", "json")
    data = json.loads(result.stdout)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


# -- ingest ------------------------------------------------------------------------------------
def test_ingest_samples(ingest_result) -> None:
    _, result = ingest_result
    assert result.exit_code == 0
    assert result.stdout.startswith("5 added, 0 replaced, 0 unchanged, 0 failed · 160 tasks stored in ")
    assert failure_lines(result.stderr) == []


def test_ingest_again_skips_every_unchanged_file(store_copy: Path) -> None:
    before = sorted_quads(store_copy)
    result = ok("ingest", SAMPLES, "--store", store_copy)
    assert result.stdout.startswith("0 added, 0 replaced, 5 unchanged (5 same content), 0 failed · 0 tasks")
    assert sorted_quads(store_copy) == before


def test_a_changed_file_replaces_its_graph(store_copy: Path, samples_copy: Path) -> None:
    path = samples_copy / "yanzhou-edu-2023.txt"
    text = path.read_text(encoding="utf-8")
    assert "宣传信息中心" in text  # a unit cell of three tasks (one inherits it)
    path.write_text(text.replace("宣传信息中心", "新闻中心"), encoding="utf-8")
    def other_plans(quads: list[str]) -> list[str]:
        return [q for q in quads if "/graph/plan/" in q and "yanzhou-edu-2023" not in q and "filePath" not in q]

    others = other_plans(sorted_quads(store_copy))

    result = ok("ingest", samples_copy, "--store", store_copy)
    lines = result.stdout.splitlines()
    assert f"replaced yanzhou-edu-2023.txt: content changed; now read from {path} (was {SAMPLES / path.name})" in lines
    # the same content read from another folder: kept, and the new path recorded (answers point to it)
    assert f"unchanged sixian-edu-2022.txt: same content; now read from {samples_copy / 'sixian-edu-2022.txt'} " \
           f"(was {SAMPLES / 'sixian-edu-2022.txt'})" in lines
    assert "0 added, 1 replaced, 4 unchanged, 0 failed · 22 tasks" in result.stdout
    rows = [json.loads(line) for line in ok("tasks", "--store", store_copy).stdout.splitlines()]
    names = {u["name"] for r in rows if r["doc"] == "yanzhou-edu-2023.txt" for u in r["units"]}
    assert "新闻中心" in names and "宣传信息中心" not in names
    assert len(rows) == 160
    # replaced, not merged: the old unit is gone from the graph, the other plans are untouched
    assert ok("sparql", 'ASK { ?u skos:prefLabel "宣传信息中心"@zh }', "--store", store_copy).stdout.strip() == "false"
    assert other_plans(sorted_quads(store_copy)) == others
    stats = json.loads(ok("stats", "--json", "--store", store_copy).stdout)
    assert stats["totals"]["plans"] == 5 and stats["totals"]["tasks"] == 160


def test_a_bad_file_among_good_ones_fails_alone(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("sixian-edu-2022.txt", "shitai-county-2022.txt"):
        shutil.copy(SAMPLES / name, folder / name)
    bad = folder / "empty.txt"
    bad.write_bytes(b"")
    store = tmp_path / "store"

    result = zwgk("ingest", folder, "--store", store)
    assert result.exit_code == 1
    assert failure_lines(result.stderr) == [f"zwgk: {bad}: empty file"]
    assert result.stdout.startswith("2 added, 0 replaced, 0 unchanged, 1 failed · 71 tasks")
    stats = json.loads(ok("stats", "--json", "--store", store).stdout)
    assert sorted(p["doc"] for p in stats["plans"]) == ["shitai-county-2022.txt", "sixian-edu-2022.txt"]
    assert stats["totals"]["tasks"] == 29 + 42


def test_a_failing_reingest_leaves_the_old_graph(store_copy: Path, samples_copy: Path) -> None:
    before = [q for q in sorted_quads(store_copy) if "filePath" not in q]  # the others are now read from the copy
    garbage = samples_copy / "shitai-county-2022.txt"
    garbage.write_bytes(bytes(range(256)) * 8)

    result = zwgk("ingest", samples_copy, "--store", store_copy)
    assert result.exit_code == 1
    assert failure_lines(result.stderr) == [f"zwgk: {garbage}: binary file, not text"]
    assert "0 added, 0 replaced, 4 unchanged, 1 failed" in result.stdout
    assert [q for q in sorted_quads(store_copy) if "filePath" not in q] == before
    assert f'"{SAMPLES / garbage.name}"' in "".join(sorted_quads(store_copy))  # still the file it was read from
    rows = ok("tasks", "--store", store_copy).stdout.splitlines()
    assert sum('"doc": "shitai-county-2022.txt"' in r for r in rows) == 42


def test_remove_drops_the_plan_and_its_tasks(store_copy: Path) -> None:
    result = ok("remove", "guangzhou-edu-2021.txt", "--store", store_copy)
    assert result.stdout.startswith("removed guangzhou-edu-2021.txt\n1 removed")
    stats = json.loads(ok("stats", "--json", "--store", store_copy).stdout)
    assert stats["totals"]["plans"] == 4 and stats["totals"]["tasks"] == 160 - 28
    assert "guangzhou-edu-2021.txt" not in {p["doc"] for p in stats["plans"]}
    rows = ok("tasks", "--store", store_copy).stdout.splitlines()
    assert len(rows) == 132 and not any("guangzhou-edu-2021" in r for r in rows)
    ask = 'ASK { ?t a zwgk:Task ; dcterms:identifier ?id FILTER(STRSTARTS(?id, "guangzhou")) }'
    assert ok("sparql", ask, "--store", store_copy).stdout.strip() == "false"
    assert not any("guangzhou-edu-2021" in q for q in sorted_quads(store_copy))
    # no orphans: the shared entities only this plan named went with it (广东省 has no other plan)
    for label in ("广州市", "广东省", "广州市教育局"):
        assert ok("sparql", f'ASK {{ ?x skos:prefLabel "{label}"@zh }}', "--store", store_copy).stdout.strip() == "false"
    assert ok("sparql", 'ASK { ?u org:unitOf ?a . FILTER NOT EXISTS { ?a a org:Organization } }',
              "--store", store_copy).stdout.strip() == "false"

    missing = zwgk("remove", "guangzhou-edu-2021.txt", "--store", store_copy)
    assert missing.exit_code == 1 and missing.stderr.strip() == "zwgk: guangzhou-edu-2021.txt: not in the store"


def test_two_plans_of_one_agency_do_not_repeat_units(tmp_path: Path) -> None:
    """Regression: a unit described in two graphs matched twice in the union graph; now units live once."""
    folder = tmp_path / "in"
    folder.mkdir()
    text = (SAMPLES / "sixian-edu-2022.txt").read_text(encoding="utf-8")
    shutil.copy(SAMPLES / "sixian-edu-2022.txt", folder / "sixian-edu-2022.txt")
    (folder / "sixian-edu-2022-copy.txt").write_text(text + "\n", encoding="utf-8")  # other bytes: a plan of its own
    ok("ingest", folder, "--store", tmp_path / "store")
    units = sparql_rows(tmp_path / "store", 'SELECT ?u WHERE { ?u a org:OrganizationalUnit ; skos:prefLabel "办公室"@zh }')
    assert len(units) == 1
    rows = [json.loads(line) for line in ok("tasks", "--store", tmp_path / "store").stdout.splitlines()]
    assert len(rows) == 58
    gold = GOLD_ROWS["sixian-edu-2022.txt"] * 2
    assert [[u["name"] for u in r["units"]] for r in rows] == [[u["name"] for u in g["units"]] for g in gold]


# -- stats and the task contract against the key ---------------------------------------------------
def test_stats_json_counts(store: Path, gold_plans: dict[str, dict]) -> None:
    stats = json.loads(ok("stats", "--json", "--store", store).stdout)
    totals = stats["totals"]
    assert totals["plans"] == 5 and totals["tasks"] == 160 and totals["domain records"] == 30
    assert totals["regions"] == 11  # 5 plan regions + 3 cities + 3 provinces
    assert totals["responsibilities"] == sum(len(g["units"]) for rows in GOLD_ROWS.values() for g in rows)
    per_plan = {p["doc"]: p for p in stats["plans"]}
    assert {doc: int(p["tasks"]) for doc, p in per_plan.items()} == {
        doc: g["task_row_count"] for doc, g in gold_plans.items()}
    assert {doc: p["region"] for doc, p in per_plan.items()} == {doc: g["region"] for doc, g in gold_plans.items()}


@pytest.mark.parametrize("doc", DOCS)
def test_tasks_agree_with_the_key(doc: str, task_rows: list[dict], gold_plans: dict[str, dict]) -> None:
    rows = [r for r in task_rows if r["doc"] == doc]
    gold = GOLD_ROWS[doc]
    assert len(rows) == len(gold)
    for i, (row, key) in enumerate(zip(rows, gold, strict=True)):
        where = f"{doc} row {i + 1}"
        assert row["id"] == f"{doc}#t{i + 1:03d}"
        assert squash(row["requirement"]) == squash(key["requirement"]), where
        assert [(u["name"], u["role"], u.get("aspect")) for u in row["units"]] == [
            (u["name"], u["role"], u.get("aspect")) for u in key["units"]], where
        assert row["deadline_raw"] == key["deadline_raw"], where
        assert row["section"] == key["section"], where
        assert row["seq"] == key["seq"], where
        assert row["deadline_inherited"] == key["deadline_inherited"], where
        assert any(u["inherited"] for u in row["units"]) == key["units_inherited"], where
    plan = gold_plans[doc]
    assert {(r["issuer"], r["region"], tuple(r["region_chain"]), r["year"]) for r in rows} == {
        (plan["issuer"], plan["region"], tuple(plan["region_chain"]), plan["year"])}


UNITS_BY_SPARQL = """
SELECT ?id ?r ?unit ?role ?aspect WHERE {
  ?task a zwgk:Task ; dcterms:identifier ?id ; zwgk:responsibility ?r .
  ?r zwgk:unit/skos:prefLabel ?unit ; zwgk:role/skos:notation ?role .
  OPTIONAL { ?r zwgk:aspect ?aspect }
}"""

DEADLINES_BY_SPARQL = """
SELECT ?id ?raw WHERE { ?task a zwgk:Task ; dcterms:identifier ?id ; zwgk:deadline/zwgk:rawText ?raw }"""


def test_sparql_gives_the_units_roles_and_deadlines_of_the_key(store: Path) -> None:
    units: dict[str, list[tuple[int, tuple]]] = {}
    for b in sparql_rows(store, UNITS_BY_SPARQL):
        k = int(b["r"].rsplit("-", 1)[1])  # responsibility/<stem>-<nnn>-<k>: k keeps the printed order
        units.setdefault(b["id"], []).append((k, (b["unit"], b["role"], b.get("aspect"))))
    deadlines = {b["id"]: b["raw"] for b in sparql_rows(store, DEADLINES_BY_SPARQL)}
    want_units, want_deadlines = {}, {}
    for doc, rows in GOLD_ROWS.items():
        for i, g in enumerate(rows):
            tid = f"{doc}#t{i + 1:03d}"
            if g["units"]:
                want_units[tid] = [(u["name"], u["role"], u.get("aspect")) for u in g["units"]]
            if g["deadline_raw"]:
                want_deadlines[tid] = g["deadline_raw"]
    assert {tid: [pair for _, pair in sorted(v)] for tid, v in units.items()} == want_units
    assert deadlines == want_deadlines
    # spot checks that read like the key
    assert want_units["sixian-edu-2022.txt#t011"] == [("办公室", "lead", None), ("相关科室", "responsible", None)]
    assert {u[2] for u in want_units["guangzhou-edu-2021.txt#t016"]} == {"内容安全", "技术安全"}


DOMAIN_RECORDS = """
SELECT ?seq ?printed ?label ?flag ?agency ?printedAgency ?inherited WHERE {
  ?rec a zwgk:DomainRecord ; zwgk:seq ?seq ; zwgk:printedName ?printed ; zwgk:domain/skos:prefLabel ?label .
  FILTER(lang(?label) = "zh")
  OPTIONAL { ?rec zwgk:flag ?flag }
  OPTIONAL { ?rec zwgk:inherited ?inherited }
  ?rec zwgk:competentAgency ?a .
  ?a skos:prefLabel ?agency ; skos:altLabel ?printedAgency .
}"""


def test_shitai_domain_records_are_in_the_store(store: Path) -> None:
    got: dict[int, dict] = {}
    for b in sparql_rows(store, DOMAIN_RECORDS):
        rec = got.setdefault(int(b["seq"]), {"domain": b["printed"], "label": b["label"], "flag": b.get("flag"),
                                             "inherited": b.get("inherited") == "true", "printed": set(), "agency": set()})
        rec["printed"].add(b["printedAgency"])
        rec["agency"].add(b["agency"])
    gold = read_jsonl(GOLD / "shitai-county-2022.domains.jsonl")
    assert sorted(got) == [g["seq"] for g in gold] == list(range(1, 31))
    for g in gold:
        rec = got[g["seq"]]
        printed = set(g["department"].split("、"))
        assert (rec["domain"], rec["label"], rec["flag"], rec["inherited"]) == (
            g["domain"], g["domain"], g["flag"], g["department_inherited"]), g
        assert rec["printed"] == printed, g
        assert rec["agency"] == {"石台县" + p[1:] for p in printed}, g  # 县发改委 → 石台县发改委


# -- sparql, export, validate --------------------------------------------------------------------
PER_PLAN = "SELECT ?doc (COUNT(?t) AS ?n) WHERE { ?t a zwgk:Task ; dcterms:isPartOf/dcterms:identifier ?doc } GROUP BY ?doc ORDER BY ?doc"


def test_sparql_json_results(store: Path) -> None:
    data = json.loads(ok("sparql", PER_PLAN, "--store", store, "-f", "json").stdout)
    assert data["head"]["vars"] == ["doc", "n"]
    rows = {b["doc"]["value"]: b["n"] for b in data["results"]["bindings"]}
    assert list(rows) == DOCS
    assert rows["shitai-county-2022.txt"]["value"] == "42"
    assert rows["shitai-county-2022.txt"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"


def test_sparql_csv_and_tsv_results(store: Path) -> None:
    text = ok("sparql", PER_PLAN, "--store", store, "-f", "csv").stdout
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == ["doc", "n"]
    assert dict(table[1:]) == {doc: str(len(rows)) for doc, rows in GOLD_ROWS.items()}
    lines = ok("sparql", PER_PLAN, "--store", store, "-f", "tsv").stdout.splitlines()
    assert lines[0] == "?doc\t?n"
    assert lines[1] == '"guangzhou-edu-2021.txt"\t28' and len(lines) == 6


def test_sparql_reads_a_query_file_and_answers_ask(store: Path, tmp_path: Path) -> None:
    query = tmp_path / "offices.rq"
    query.write_text('SELECT DISTINCT ?agency WHERE { ?u skos:prefLabel "办公室"@zh ; org:unitOf/skos:prefLabel ?agency }',
                     encoding="utf-8")
    data = json.loads(ok("sparql", f"@{query}", "--store", store, "-f", "json").stdout)
    assert {b["agency"]["value"] for b in data["results"]["bindings"]} == {
        "泗县教育体育局", "济宁市兖州区教育和体育局", "淮北市教育局", "广州市教育局"}
    assert ok("sparql", "ASK { ?p a zwgk:Plan ; zwgk:region/zwgk:within+ ?r . ?r skos:prefLabel \"安徽省\"@zh }",
              "--store", store).stdout.strip() == "true"
    bad = zwgk("sparql", "SELECT WHERE {", "--store", store)
    assert bad.exit_code == 1 and bad.stderr.startswith("zwgk: query failed")


def test_export_turtle(store: Path) -> None:
    g = Graph().parse(data=ok("export", "-f", "ttl", "--store", store).stdout, format="turtle")
    assert len(g) > 8000
    assert len(set(g.subjects(predicate=None, object=None))) > 1000


def test_export_nquads_keeps_one_graph_per_file(store: Path) -> None:
    ds = Dataset()
    ds.parse(data=ok("export", "-f", "nq", "--store", store).stdout, format="nquads")
    graphs = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert {graph_iri(doc) for doc in DOCS} <= graphs
    assert len(ds.graph(graph_iri("shitai-county-2022.txt"))) > 500


def test_export_jsonld(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "store.jsonld"
    ok("export", "-f", "jsonld", "-o", out, "--store", store)
    ds = Dataset()
    ds.parse(out, format="json-ld")
    assert sum(len(g) for g in ds.graphs()) > 8000


def test_export_csv(store: Path) -> None:
    table = list(csv.DictReader(io.StringIO(ok("export", "-f", "csv", "--store", store).stdout.removeprefix("\ufeff"))))
    assert len(table) == 160
    first = table[0]
    assert first["任务编号"] == "guangzhou-edu-2021.txt#t001" and first["地区层级"] == "广东省／广州市"


def test_export_graphml(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "store.graphml"
    ok("export", "-f", "graphml", "-o", out, "--store", store)
    g = nx.read_graphml(out)
    kinds: dict[str, int] = {}
    for _, attrs in g.nodes(data=True):
        kinds[attrs["kind"]] = kinds.get(attrs["kind"], 0) + 1
    assert kinds["task"] == 160 and kinds["plan"] == 5
    assert g.has_edge("region:泗县", "region:宿州市")


def test_validate_the_sample_store(store: Path) -> None:
    result = ok("validate", "--store", store)
    assert result.stdout.startswith("conforms")


def _drop_first(lines: list[str], predicate: str) -> list[str]:
    index = next(i for i, line in enumerate(lines) if f"<{predicate}>" in line.split(" ", 2)[1])
    return lines[:index] + lines[index + 1:]


@pytest.mark.parametrize(("broken", "path", "violations"), [
    ("https://w3id.org/zwgk/ontology#requirement", "requirement", 1),  # a task with no requirement
    ("https://w3id.org/zwgk/ontology#unit", "unit", 2),  # a responsibility with no unit (and a dangling shortcut)
])
def test_validate_rejects_a_broken_graph(tmp_path: Path, broken: str, path: str, violations: int) -> None:
    doc = "sixian-edu-2022.txt"
    lines = [f"{line} ." for line in build_plan(parse_file(SAMPLES / doc)).all_lines()]
    store = open_store(tmp_path / "store")
    try:
        store.replace_graph(graph_iri(doc), "\n".join(_drop_first(lines, broken)))
    finally:
        store.close()
    result = zwgk("validate", "--store", tmp_path / "store")
    assert result.exit_code == 1
    assert f"Result Path: zwgk:{path}\n" in result.stdout
    assert f"Focus Node: <https://w3id.org/zwgk/id/{'task' if path == 'requirement' else 'responsibility'}/sixian-edu-2022.txt-001" in result.stdout
    assert result.stderr.strip() == f"{violations} violations"
