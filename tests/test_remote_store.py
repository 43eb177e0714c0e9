"""The store suite on the embedded store and on a real SPARQL server (Virtuoso Open-Source 7), same assertions.

Ingest the samples, ingest them again (nothing changes), replace a changed
plan, remove one, run every example query with its asserted answer, compare
`zwgk tasks` with the hand-checked key, validate with SHACL — once with
`--store DIR` (embedded Oxigraph) and once with `--store sparql+http://…`
against a Virtuoso this module installs (root + apt-get) and starts on free
loopback ports in a temporary folder. Then kill -9 an ingest writing to
Virtuoso and check that every plan is whole (old or new version, never a mix).
Without Virtuoso the server half skips with the reason.
"""
from __future__ import annotations

import json
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import GOLD, SAMPLE_NAMES, SAMPLES, read_jsonl
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import crash  # noqa: E402
import test_example_queries as examples  # noqa: E402
from virtuoso import Virtuoso, install  # noqa: E402

from zwgk.cli import app  # noqa: E402
from zwgk.graph.records import task_records  # noqa: E402
from zwgk.graph.store import open_store  # noqa: E402

runner = CliRunner()
DOCS = [f"{name}.txt" for name in SAMPLE_NAMES]
BASE_ENV = {"ZWGK_MODEL": "/nonexistent/zwgk-test-model", "ZWGK_ALLOW_DOWNLOAD": None, "ZWGK_STORE": None,
            "ZWGK_INDEX": None, "ZWGK_GSP_ENDPOINT": None, "ZWGK_UPDATE_ENDPOINT": None}


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    reason = install()
    if reason:
        pytest.skip(reason)
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso")).start()
    yield server
    server.stop()


class Backend:
    """Where a test's store lives: `location` for --store, `env` for the CLI, `folder` the local side."""

    def __init__(self, kind: str, folder: Path, server: Virtuoso | None) -> None:
        self.kind, self.folder, self.server = kind, folder, server
        self.location = server.location if server else str(folder)
        self.env = {**BASE_ENV, "ZWGK_INDEX": str(folder)} if server else dict(BASE_ENV)
        if server:
            server.wipe()

    def zwgk(self, *args: str | Path):
        return runner.invoke(app, [*(str(a) for a in args), "--store", self.location], env=self.env)

    def ok(self, *args: str | Path):
        result = self.zwgk(*args)
        assert result.exit_code == 0, (result.stdout, result.stderr)
        return result


@pytest.fixture(params=["embedded", "virtuoso"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    server = request.getfixturevalue("virtuoso") if request.param == "virtuoso" else None
    return Backend(request.param, tmp_path / "store", server)


def stats(b: Backend) -> dict:
    return json.loads(b.ok("stats", "--json").stdout)


def squash(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def test_ingest_reingest_replace_remove(backend: Backend, tmp_path: Path, gold_plans: dict[str, dict]) -> None:
    samples = tmp_path / "samples"
    shutil.copytree(SAMPLES, samples)
    first = backend.ok("ingest", samples)
    assert first.stdout.startswith("5 added, 0 replaced, 0 unchanged, 0 failed · 160 tasks stored in ")
    totals = stats(backend)["totals"]
    assert (totals["plans"], totals["tasks"]) == (5, 160)
    assert {p["doc"]: p["tasks"] for p in stats(backend)["plans"]} == {
        doc: g["task_row_count"] for doc, g in gold_plans.items()}
    again = backend.ok("ingest", samples)
    assert again.stdout.startswith("0 added, 0 replaced, 5 unchanged (5 same content), 0 failed")
    assert stats(backend)["totals"] == totals  # idempotent: not one triple more

    # a changed file replaces its plan's graph (old tasks gone, new text in)
    path = samples / "sixian-edu-2022.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("依申请公开", "依申请办理公开"), encoding="utf-8")
    replaced = backend.ok("ingest", samples)
    assert "0 added, 1 replaced, 4 unchanged (4 same content), 0 failed · 29 tasks" in replaced.stdout
    rows = [json.loads(line) for line in backend.ok("tasks", "--doc", "sixian-edu-2022.txt").stdout.splitlines()]
    assert len(rows) == 29 and any("依申请办理公开" in r["requirement"] for r in rows)
    assert not any("依申请公开" in r["requirement"] for r in rows)

    # remove: its graph, its tasks and the shared entities only it named go; the rest stays
    backend.ok("remove", "guangzhou-edu-2021.txt")
    after = stats(backend)["totals"]
    assert (after["plans"], after["tasks"]) == (4, 132)
    assert after["regions"] < totals["regions"] and after["units"] < totals["units"]  # 广州市 and its units are gone
    assert "guangzhou" not in backend.ok("tasks", "--format", "csv").stdout
    backend.ok("ingest", samples / "guangzhou-edu-2021.txt", "--id", "guangzhou-edu-2021.txt")
    assert {k: v for k, v in stats(backend)["totals"].items() if k != "triples"} == {
        k: v for k, v in totals.items() if k != "triples"}
    check = backend.ok("check")
    assert "graph and index agree" in check.stdout


@pytest.fixture
def sample_backend(backend: Backend) -> Backend:
    backend.ok("ingest", SAMPLES)
    return backend


def test_tasks_equal_the_key(sample_backend: Backend, gold_plans: dict[str, dict]) -> None:
    rows = [json.loads(line) for line in sample_backend.ok("tasks").stdout.splitlines()]
    for doc in DOCS:
        mine = [r for r in rows if r["doc"] == doc]
        gold = read_jsonl(GOLD / f"{doc[:-4]}.jsonl")
        assert len(mine) == len(gold), doc
        for i, (row, key) in enumerate(zip(mine, gold, strict=True)):
            where = f"{doc} row {i + 1}"
            assert row["id"] == f"{doc}#t{i + 1:03d}"
            assert squash(row["requirement"]) == squash(key["requirement"]), where
            assert [(u["name"], u["role"], u.get("aspect")) for u in row["units"]] == [
                (u["name"], u["role"], u.get("aspect")) for u in key["units"]], where
            assert (row["deadline_raw"], row["section"], row["seq"]) == (key["deadline_raw"], key["section"],
                                                                        key["seq"]), where
        plan = gold_plans[doc]
        assert {(r["issuer"], r["region"], tuple(r["region_chain"]), r["year"]) for r in mine} == {
            (plan["issuer"], plan["region"], tuple(plan["region_chain"]), plan["year"])}


@pytest.fixture(scope="module", params=["embedded", "virtuoso"])
def query_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, object, list]]:
    """The samples ingested once per backend, open read-only, with their task records."""
    server = request.getfixturevalue("virtuoso") if request.param == "virtuoso" else None
    b = Backend(request.param, tmp_path_factory.mktemp(f"queries-{request.param}"), server)
    b.ok("ingest", SAMPLES)
    store = open_store(b.folder, read_only=True)
    assert store.kind == ("sparql" if server else "oxigraph")
    yield request.param, store, [r.to_json() for r in task_records(store)]
    store.close()


@pytest.mark.parametrize("path", examples.QUERY_FILES, ids=lambda p: p.stem)
def test_example_queries_give_their_asserted_answers(query_store: tuple[str, object, list], path: Path) -> None:
    kind, store, records = query_store
    rows = examples.run(store, path)  # type: ignore[arg-type]
    assert rows, path.name
    examples.CHECKS[path.stem](rows, records)


def test_validate_sparql_and_export(sample_backend: Backend) -> None:
    assert "conforms" in sample_backend.ok("validate").stdout
    ask = sample_backend.ok("sparql", "ASK { ?t a zwgk:Task ; zwgk:deadline/zwgk:rawText ?r FILTER(STR(?r) = \"11月底前\") }", "-f", "json")
    assert json.loads(ask.stdout)["boolean"] is True
    count = sample_backend.ok("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?t a zwgk:Task }", "-f", "csv")
    assert count.stdout.split() == ["n", "160"]
    lines = sample_backend.ok("export", "-f", "nq").stdout.splitlines()
    graphs = {line.rsplit(" ", 2)[-2] for line in lines if line.strip()}
    assert sum(g.startswith("<https://w3id.org/zwgk/id/graph/plan/") for g in graphs) == 5
    assert all(g.startswith("<https://w3id.org/zwgk/") for g in graphs)  # never the server's own graphs
    hits = sample_backend.ok("search", "依申请公开", "--json").stdout
    assert "sixian-edu-2022.txt" in hits


# -- the server's side of things --------------------------------------------------------------
def test_an_index_folder_refuses_another_store(virtuoso: Virtuoso, tmp_path: Path) -> None:
    b = Backend("virtuoso", tmp_path / "index", virtuoso)
    b.ok("stats")
    other = runner.invoke(app, ["stats", "--store", "sparql+http://127.0.0.1:9/sparql"], env=b.env)
    assert other.exit_code == 1
    assert "holds the index of sparql+http://127.0.0.1:" in other.stderr and "own --index folder" in other.stderr
    local = runner.invoke(app, ["ingest", str(SAMPLES / "sixian-edu-2022.txt"), "--store", str(tmp_path / "local")],
                          env=BASE_ENV)
    assert local.exit_code == 0
    mixed = runner.invoke(app, ["stats", "--store", virtuoso.location], env={**b.env, "ZWGK_INDEX": str(tmp_path / "local")})
    assert mixed.exit_code == 1 and "holds an embedded store" in mixed.stderr


def test_an_unreachable_server_is_one_line(tmp_path: Path) -> None:
    env = {**BASE_ENV, "ZWGK_INDEX": str(tmp_path / "index")}
    result = runner.invoke(app, ["ingest", str(SAMPLES), "--store", "sparql+http://127.0.0.1:9/sparql"], env=env)
    assert result.exit_code == 1
    assert result.stderr.startswith("zwgk: cannot reach the SPARQL server at http://127.0.0.1:9/sparql")
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_server_refusing_updates_is_said_plainly(virtuoso: Virtuoso, tmp_path: Path) -> None:
    virtuoso.isql('revoke SPARQL_UPDATE from "SPARQL";')
    try:
        b = Backend("virtuoso", tmp_path / "index", virtuoso)
        result = b.zwgk("ingest", SAMPLES / "sixian-edu-2022.txt")
    finally:
        virtuoso.isql('grant SPARQL_UPDATE to "SPARQL";')
    assert result.exit_code == 1
    assert "refuses writes from this user" in result.stderr and "grant SPARQL_UPDATE" in result.stderr


# -- kill -9 of an ingest writing to the server ---------------------------------------------
def _bound(server: Virtuoso, folder: Path, environ: dict[str, str]) -> dict[str, str]:
    return {**environ, "ZWGK_INDEX": str(folder)}


@pytest.mark.parametrize("point", range(2))
def test_kill_9_of_an_ingest_into_virtuoso_leaves_whole_plans(virtuoso: Virtuoso, tmp_path: Path, point: int) -> None:
    environ = crash.env(tmp_path)
    old_folder, new_folder = crash.make_folders(tmp_path / "folders", extra=6)
    ref = tmp_path / "ref"  # the embedded store gives the old and new version of every plan
    assert crash.zwgk("ingest", str(old_folder), "--store", str(ref), environ=environ).returncode == 0
    old = crash.tasks_by_plan(ref, environ)
    assert crash.zwgk("ingest", str(new_folder), "--store", str(ref), environ=environ).returncode == 0
    new = crash.tasks_by_plan(ref, environ)

    virtuoso.wipe()
    folder = tmp_path / "index"
    env = _bound(virtuoso, folder, environ)
    assert crash.zwgk("ingest", str(old_folder), "--store", virtuoso.location, environ=env).returncode == 0
    started = time.perf_counter()
    proc = subprocess.Popen([crash.ZWGK, "ingest", str(new_folder), "--store", virtuoso.location], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # kill once a plan or two of the new run are on the server: mid-run, between or inside plan writes
    deadline = started + 300
    while time.perf_counter() < deadline and proc.poll() is None:
        done = len([g for g in virtuoso.zwgk_graphs() if "/graph/plan/" in g])
        if done >= len(old) + 1 + point:
            break
        time.sleep(0.05)
    time.sleep(random.Random(point).uniform(0.0, 0.3))
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"

    graph = crash.tasks_by_plan(folder, env)  # through the bound folder: --store DIR reaches the server
    bad = [doc for doc, rows in graph.items() if rows != new.get(doc) and rows != old.get(doc)]
    assert not bad, bad
    check = crash.zwgk("check", "--store", str(folder), environ=env)  # repairs the index first, then agrees
    search = crash.zwgk("search", "公开", "--store", str(folder), environ=env)
    assert search.returncode == 0, search.stderr
    assert crash.index_tasks(folder) == sorted(i for rows in graph.values() for i, _ in rows)
    again = crash.zwgk("ingest", str(new_folder), "--store", str(folder), environ=env)
    assert again.returncode == 0, again.stderr
    assert crash.tasks_by_plan(folder, env) == new
    check = crash.zwgk("check", "--store", str(folder), environ=env)
    assert check.returncode == 0, check.stderr
    ref_stats = json.loads(crash.zwgk("stats", "--json", "--store", str(ref), environ=environ).stdout)["totals"]
    got = json.loads(crash.zwgk("stats", "--json", "--store", str(folder), environ=env).stdout)["totals"]
    assert got == ref_stats  # no orphaned units, agencies or regions left by the killed run



def test_push_then_pull_gives_the_same_graph(virtuoso: Virtuoso, tmp_path: Path) -> None:
    local = Backend("embedded", tmp_path / "local", None)
    local.ok("ingest", SAMPLES)
    virtuoso.wipe()
    env = {**BASE_ENV, "ZWGK_INDEX": str(tmp_path / "index")}
    pushed = runner.invoke(app, ["push", "--to", virtuoso.location, "--store", str(local.folder)], env=env)
    assert pushed.exit_code == 0, pushed.stderr
    assert pushed.stdout.startswith("pushed 5 plans (10 graphs, ")
    remote = Backend("virtuoso", tmp_path / "index", None)  # the bound folder: --store DIR reaches the server
    assert stats(remote)["totals"] == stats(local)["totals"]
    assert "sixian-edu-2022.txt" in remote.ok("search", "依申请公开", "--json").stdout  # its index was built
    manifest = json.loads((tmp_path / "index" / "index" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["store"] == {"kind": "sparql", "location": virtuoso.location}  # which graph it was built from
    pulled = runner.invoke(app, ["pull", "--from", virtuoso.location, "--store", str(tmp_path / "copy")], env=env)
    assert pulled.exit_code == 0, pulled.stderr
    copy = Backend("embedded", tmp_path / "copy", None)

    def quads(b: Backend) -> list[str]:  # the ontology's blank nodes get new labels in every store
        return sorted(line for line in b.ok("export", "-f", "nq").stdout.splitlines() if "_:" not in line)

    assert quads(copy) == quads(local)
    assert stats(copy)["totals"] == stats(local)["totals"]
