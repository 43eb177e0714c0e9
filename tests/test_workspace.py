"""The library API: a `Workspace` is the store folder, used from Python the way the CLI and the server use it.

These tests read as examples: ingest the five sample plans, then ask, search,
list, query, export and count — and check that graph and index stay in step
without the caller ever rebuilding anything.
"""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLES
from typer.testing import CliRunner

from zwgk.cli import app
from zwgk.model.filters import Filters
from zwgk.workspace import Workspace
from zwgk.workspace.results import (
    ExportRefused,
    IngestResult,
    NoStore,
    PlanNotFound,
    QueryFailed,
    SearchOutcome,
    Stats,
    UpdateRefused,
)

NO_MODEL = "/nonexistent/model"  # no dense model here: lexical + thesaurus search
REGIONS = {"泗县", "石台县", "兖州区", "淮北市", "广州市"}


@pytest.fixture(scope="module")
def ws(tmp_path_factory) -> Workspace:
    """The five samples ingested through the library (graph and search index in one call)."""
    workspace = Workspace.open(tmp_path_factory.mktemp("ws") / "store", model=NO_MODEL)
    result = workspace.ingest([SAMPLES])
    assert isinstance(result, IngestResult)
    assert sorted(result.added) == sorted(p.name for p in SAMPLES.glob("*.txt")) and not result.failed
    assert result.index is not None and result.index.count == result.tasks > 150
    return workspace


def test_ingest_is_idempotent_and_reports_each_file(ws: Workspace) -> None:
    again = ws.ingest([SAMPLES])
    assert {f.status for f in again.files} == {"unchanged"} and again.tasks == 0
    assert again.index is None  # nothing changed: no index generation was published
    assert ws.check().ok


def test_ask_answers_per_region_with_units_and_chains(ws: Workspace) -> None:
    answer = ws.ask("谁负责依申请公开？")
    assert {p.region for p in answer.plans if not p.silent} == REGIONS
    sixian = next(p for p in answer.plans if p.region == "泗县")
    assert any(u["name"] == "办公室" for u in sixian.units)
    chain = sixian.tasks[0]["units"][0]["chain"]
    assert chain[1:] == ["泗县教育体育局", "泗县", "宿州市", "安徽省"]
    assert json.loads(json.dumps(answer.to_json(), ensure_ascii=False))["count"] == answer.count > 0


def test_search_ranks_tasks_and_reads_filters_from_the_query(ws: Workspace) -> None:
    outcome = ws.search("安徽省 依申请公开", top=20)
    assert isinstance(outcome, SearchOutcome)
    assert outcome.inferred == {"region": "安徽省"}
    assert outcome.hits and all("安徽省" in h.record.region_chain for h in outcome.hits)
    payload = outcome.to_json()
    hit = payload["hits"][0]
    assert hit["chain"][0] == hit["issuer"] and hit["chain"][-1] == "安徽省"
    assert set(hit["why"]) == {"retrievers", "matched_terms", "concepts"}
    literal = ws.search("广州 依申请公开", literal=True)
    assert literal.inferred == {}


def test_search_gives_the_same_json_as_the_cli(ws: Workspace) -> None:
    cli = CliRunner().invoke(app, ["search", "政务新媒体", "--region", "泗县", "--json", "--store", str(ws.path),
                                   "--model", NO_MODEL])
    assert cli.exit_code == 0
    library = ws.search("政务新媒体", Filters(region="泗县")).to_json()
    assert json.loads(cli.stdout) == json.loads(json.dumps(library, ensure_ascii=False))


def test_tasks_and_plans_take_one_filter_bundle(ws: Workspace) -> None:
    shitai = ws.tasks(Filters(region="石台县"))
    assert len(shitai) == 42 and {t.doc for t in shitai} == {"shitai-county-2022.txt"}
    anhui = ws.plans(Filters(region="安徽省"))
    assert {p.region for p in anhui} == {"泗县", "石台县", "淮北市"}
    provinces = [p.region_chain[0] for p in ws.plans()]  # ordered by region chain: province first
    assert len(provinces) == 5 and provinces == sorted(provinces)


def test_sparql_answers_and_refuses_updates(ws: Workspace) -> None:
    out = ws.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?p a zwgk:Plan }")
    assert out.kind == "select" and out.variables == ["n"] and int(out.rows[0][0]) == 5
    as_json = json.loads(ws.sparql("ASK { ?t a zwgk:Task }", "json").payload)
    assert as_json["boolean"] is True
    with pytest.raises(UpdateRefused) as refused:
        ws.sparql("DELETE WHERE { ?s ?p ?o }")
    assert refused.value.operation == "DELETE"
    with pytest.raises(QueryFailed):
        ws.sparql("SELECT ?x WHERE { ?x zwgk:nope }")


def test_export_composes_rdf_tables_and_graphs(ws: Workspace) -> None:
    import networkx as nx
    import pyoxigraph as ox

    turtle = ws.export("ttl", Filters(region="泗县"))
    assert turtle.media_type.startswith("text/turtle")
    triples = list(ox.parse(turtle.data, format=ox.RdfFormat.TURTLE))
    assert any("sixian" in t.subject.value for t in triples)
    with pytest.raises(ExportRefused):
        ws.export("nq", Filters(topic="依申请公开"))  # RDF exports whole plans, not chosen tasks
    table = ws.export("csv", Filters(region="石台县"))
    rows = list(csv.reader(io.StringIO(table.data.decode("utf-8-sig"))))
    assert len(rows) == 1 + 42
    xlsx = ws.export("xlsx")
    assert xlsx.binary and xlsx.data[:2] == b"PK"
    graph = nx.read_graphml(io.BytesIO(ws.export("graphml", graph="plan-topic").data))
    assert sum(1 for _, d in graph.nodes(data=True) if d.get("kind") == "plan") == 5
    calendar = ws.export("ics", Filters(region="泗县")).data.decode("utf-8")
    assert "BEGIN:VCALENDAR" in calendar and "政务公开任务完成时限（泗县）" in calendar


def test_stats_are_typed_and_match_the_tasks(ws: Workspace) -> None:
    stats = ws.stats()
    assert isinstance(stats, Stats)
    assert stats.totals["plans"] == 5 and stats.totals["tasks"] == len(ws.tasks())
    assert sum(p.tasks for p in stats.plans) == stats.totals["tasks"]
    assert json.loads(json.dumps(stats.to_json(), ensure_ascii=False))["plans"][0]["doc"] == stats.plans[0].doc


def test_remove_and_reingest_keep_graph_and_index_in_step(tmp_path: Path, ws: Workspace) -> None:
    copy = tmp_path / "store"
    shutil.copytree(ws.path, copy)
    with Workspace.open(copy, model=NO_MODEL) as mine:
        before = len(mine.search("依申请公开", top=200).hits)
        removed = mine.remove(["sixian-edu-2022.txt", "no-such-plan.txt"])
        assert removed.removed == ["sixian-edu-2022.txt"] and removed.missing == ["no-such-plan.txt"]
        assert mine.check().ok
        # the search index follows without a reindex: no hit of the removed plan remains
        hits = mine.search("依申请公开", top=200).hits
        assert hits and len(hits) < before and all(h.record.doc != "sixian-edu-2022.txt" for h in hits)
        assert "泗县" not in {p.region for p in mine.ask("谁负责依申请公开").plans}
        mine.ingest([SAMPLES / "sixian-edu-2022.txt"])
        assert "泗县" in {p.region for p in mine.ask("谁负责依申请公开").plans}
        assert mine.check().ok


def test_an_empty_folder_says_how_to_create_a_store(tmp_path: Path) -> None:
    with pytest.raises(NoStore, match="zwgk ingest"):
        Workspace.open(tmp_path / "nothing").search("依申请公开")


def test_the_readme_library_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Library use", 1)[1].split("\n## ", 1)[0]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    shutil.copytree(SAMPLES, tmp_path / "samples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ZWGK_MODEL", NO_MODEL)
    exec(compile(code, "README.md", "exec"), {})  # noqa: S102 - the README's own example
    lines = capsys.readouterr().out.splitlines()
    assert {line.split()[0] for line in lines[:-1]} >= REGIONS
    tasks, hits, shitai, plans, workbook = (int(n) for n in lines[-1].split())
    assert tasks > 150 and hits > 0 and shitai == 42 and plans == 5 and workbook > 1000


def test_source_gives_the_lines_a_task_points_at(ws: Workspace) -> None:
    task = next(t for t in ws.tasks(Filters(region="泗县")) if t.source_lines[0] > 0)
    source = ws.source(task.doc)
    assert source.path.endswith("sixian-edu-2022.txt") and not source.changed
    first, last = task.source_lines
    shown = "".join(source.lines[first - 1:last])
    assert task.requirement[:8] in shown.replace(" ", "")
    with pytest.raises(PlanNotFound):
        ws.source("no-such-plan.txt")


def test_update_changes_graph_and_index_together(tmp_path: Path, ws: Workspace) -> None:
    copy = tmp_path / "store"
    shutil.copytree(ws.path, copy)
    with Workspace.open(copy, model=NO_MODEL) as mine:
        before = len(mine.ask("石台县的方案有哪些任务").plans[0].tasks)
        result = mine.update("DELETE WHERE { GRAPH ?g { ?t a zwgk:Task ; dcterms:isPartOf ?p . "
                             "?p dcterms:identifier \"shitai-county-2022.txt\" . ?t ?x ?y } }")
        assert result.after < result.before and result.index.count == len(mine.tasks())
        assert not mine.tasks(Filters(region="石台县")) and before == 42
        assert mine.check().ok  # the index followed the graph in the same call
        with pytest.raises(QueryFailed):
            mine.update("DELETE WHERE { ?s ?p }")


def test_ctrl_c_during_an_ingest_leaves_whole_plans_and_an_index_that_agrees(tmp_path: Path) -> None:
    from zwgk.workspace.results import Interrupted

    seen: list[str] = []

    def stop_at_the_second_file(path: Path, status: str) -> None:
        seen.append(path.name)
        if len(seen) == 2:
            raise KeyboardInterrupt  # what Ctrl-C raises in the main thread

    ws = Workspace.open(tmp_path / "store", model=NO_MODEL)
    with pytest.raises(Interrupted) as stop:
        ws.ingest([SAMPLES], jobs=1, bulk=False, on_file=stop_at_the_second_file)
    stored = stop.value.stored
    assert 1 <= len(stored) < 5 and stop.value.fixed.plans == len(stored)
    assert ws.check().ok and ws.stats().totals["plans"] == len(stored)
    assert {h.record.doc for h in ws.search("公开", top=500).hits} <= set(stored)
    rest = ws.ingest([SAMPLES])
    assert len(rest.added) == 5 - len(stored) and ws.check().ok
