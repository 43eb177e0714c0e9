"""A plan is its source: ids from the path under the ingest root, copies stored once, --sync,
shared entities kept once and cleaned up, and the records an ingest hands the index.

Fixtures are built here: the bundled samples copied under new names, and a
three-row table written as .html and .docx.
"""
from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLES
from typer.testing import CliRunner

from zwgk.cli import app
from zwgk.graph import namespace as ns
from zwgk.graph.pipeline import ingest_paths, remove_docs
from zwgk.graph.records import plan_records, task_records
from zwgk.graph.store import open_store
from zwgk.graph.write import JOURNAL

runner = CliRunner()
ENV = {"ZWGK_MODEL": "/nonexistent/zwgk-test-model", "ZWGK_ALLOW_DOWNLOAD": None, "ZWGK_STORE": None}
SIXIAN, YANZHOU = SAMPLES / "sixian-edu-2022.txt", SAMPLES / "yanzhou-edu-2023.txt"
SHARED = [str(g) for g in ns.SHARED_GRAPHS.values()]

HEAD = ("序号", "工作任务", "责任单位", "完成时限")
ROWS = [("1", "及时公开财政预算决算信息，细化公开到基本支出和项目支出，按要求做好“三公”经费说明。", "计划财务科", "2023年6月底前"),
        ("2", "做好重要政策文件的解读和回应关切工作，解读材料与政策文件同步起草、同步审签、同步发布。", "办公室", "持续推进"),
        ("3", "规范办理依申请公开事项，严格按照法定时限答复，做好登记、审核、办理、答复、归档等环节。", "法规科",
         "2023年12月底前")]
TITLE = "某某县教育局2023年政务公开工作任务分解表"


def zwgk(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args], env=ENV)


def plan_html() -> bytes:
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in [HEAD, *ROWS])
    return (f"<html><head><meta charset='utf-8'><title>{TITLE}</title></head>"
            f"<body><h1>{TITLE}</h1><table border='1'>{rows}</table></body></html>").encode()


def plan_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(TITLE)
    table = document.add_table(rows=len(ROWS) + 1, cols=len(HEAD))
    for i, row in enumerate([HEAD, *ROWS]):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def select(store_dir: Path, query: str) -> list[list]:
    store = open_store(store_dir, read_only=True)
    try:
        return store.select(ns.sparql_prefixes() + query)[1]
    finally:
        store.close()


def tasks_of(store_dir: Path) -> list[dict]:
    store = open_store(store_dir, read_only=True)
    try:
        return [r.to_json() for r in task_records(store)]
    finally:
        store.close()


def sources(store_dir: Path) -> dict[str, tuple[str, str]]:
    """source id → (plan id, recorded absolute path)."""
    rows = select(store_dir, "SELECT ?doc ?id ?path WHERE { ?p a zwgk:Plan ; dcterms:identifier ?doc ; "
                             "prov:wasDerivedFrom ?s . ?s rdfs:label ?id ; zwgk:filePath ?path }")
    return {sid: (doc, path) for doc, sid, path in rows}


def shared_quads(store_dir: Path) -> int:
    values = " ".join(f"<{g}>" for g in SHARED)
    return int(select(store_dir, f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}")[0][0])


# -- identity ------------------------------------------------------------------------------------
def test_two_files_with_one_name_in_two_folders_are_two_plans(tmp_path: Path) -> None:
    (tmp_path / "in" / "a").mkdir(parents=True)
    (tmp_path / "in" / "b").mkdir()
    shutil.copy(SIXIAN, tmp_path / "in" / "a" / "plan.txt")
    shutil.copy(YANZHOU, tmp_path / "in" / "b" / "plan.txt")
    report = ingest_paths([tmp_path / "in"], tmp_path / "store")
    assert report.added == ["a/plan.txt", "b/plan.txt"] and report.replaced == []
    rows = tasks_of(tmp_path / "store")
    assert len(rows) == 29 + 22
    assert rows[0]["id"] == "a/plan.txt#t001" and rows[-1]["id"] == "b/plan.txt#t022"
    assert sources(tmp_path / "store") == {"a/plan.txt": ("a/plan.txt", str((tmp_path / "in/a/plan.txt").resolve())),
                                           "b/plan.txt": ("b/plan.txt", str((tmp_path / "in/b/plan.txt").resolve()))}


def _quads(folder: Path) -> set[str]:
    """Every quad of a store but the ontology's (its blank nodes get new labels on every load)."""
    store = open_store(folder, read_only=True)
    try:
        return {q for q in store.serialize("nq").decode().splitlines() if not q.endswith("graph/ontology> .")}
    finally:
        store.close()


def test_plan_docx_and_plan_html_are_both_stored(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "plan.html").write_bytes(plan_html())
    (tmp_path / "in" / "plan.docx").write_bytes(plan_docx())
    result = zwgk("ingest", tmp_path / "in", "--store", tmp_path / "store")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("2 added, 0 replaced, 0 unchanged, 0 failed · 6 tasks")
    assert sorted({r["doc"] for r in tasks_of(tmp_path / "store")}) == ["plan.docx", "plan.html"]


def test_an_explicit_id_names_a_single_file(tmp_path: Path) -> None:
    result = zwgk("ingest", SIXIAN, "--id", "安徽/泗县/2022", "--store", tmp_path / "store")
    assert result.exit_code == 0, result.stderr
    assert {r["doc"] for r in tasks_of(tmp_path / "store")} == {"安徽/泗县/2022"}
    two = zwgk("ingest", SIXIAN, YANZHOU, "--id", "x", "--store", tmp_path / "store")
    assert two.exit_code == 2 and two.stderr.strip() == "zwgk: --id names one plan, but 2 files were given"


def test_identical_content_under_two_names_is_stored_once(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SIXIAN, folder / "附件1.txt")
    shutil.copy(SIXIAN, folder / "泗县方案.txt")
    result = zwgk("ingest", folder, "--store", tmp_path / "store")
    assert result.exit_code == 0, result.stderr
    # files are read in name order: 泗 (U+6CD7) before 附 (U+9644)
    assert "duplicate 附件1.txt: same content as 泗县方案.txt: stored once, this path recorded with it" in result.stdout
    assert "1 added, 0 replaced, 0 unchanged, 1 duplicate, 0 failed · 29 tasks" in result.stdout
    assert len(tasks_of(tmp_path / "store")) == 29
    assert sources(tmp_path / "store") == {"泗县方案.txt": ("泗县方案.txt", str((folder / "泗县方案.txt").resolve())),
                                           "附件1.txt": ("泗县方案.txt", str((folder / "附件1.txt").resolve()))}
    again = zwgk("ingest", folder, "--store", tmp_path / "store")
    assert "unchanged 附件1.txt: same content as 泗县方案.txt (stored once)" in again.stdout


def test_the_plans_listing_names_each_plans_own_file_and_its_copies(tmp_path: Path) -> None:
    """What ingest decides by: each plan's digest and path, and the copies recorded with it; a plan whose own
    file is not recorded (a store written by another tool) is still listed, by its identifier."""
    import hashlib

    from zwgk.graph.stored import stored_plans

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SIXIAN, folder / "泗县方案.txt")
    shutil.copy(SIXIAN, folder / "附件1.txt")
    shutil.copy(YANZHOU, folder / "兖州.txt")
    assert zwgk("ingest", folder, "--store", tmp_path / "store").exit_code == 0
    store = open_store(tmp_path / "store")
    try:
        plans = stored_plans(store)
        assert sorted(plans) == ["兖州.txt", "泗县方案.txt"]
        sixian = plans["泗县方案.txt"]
        assert sixian.sha256 == hashlib.sha256(SIXIAN.read_bytes()).hexdigest()
        assert sixian.path == str((folder / "泗县方案.txt").resolve())
        assert sixian.copies == {"附件1.txt": str((folder / "附件1.txt").resolve())}
        source = ns.source_iri("兖州.txt")
        store.update(f"DELETE WHERE {{ GRAPH ?g {{ ?plan <{ns.PROV.wasDerivedFrom}> <{source}> . <{source}> ?p ?o }} }}")
        plans = stored_plans(store)
        assert sorted(plans) == ["兖州.txt", "泗县方案.txt"] and plans["兖州.txt"].sha256 is None
    finally:
        store.close()


def test_every_replacement_says_why(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SIXIAN, folder / "plan.txt")
    zwgk("ingest", folder, "--store", tmp_path / "store")
    shutil.copy(YANZHOU, folder / "plan.txt")
    result = zwgk("ingest", folder, "--store", tmp_path / "store")
    assert result.stdout.splitlines()[0] == "replaced plan.txt: content changed"
    assert {r["region"] for r in tasks_of(tmp_path / "store")} == {"兖州区"}


# -- sync and removal ------------------------------------------------------------------------------
def test_sync_removes_plans_whose_files_are_gone(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for src in (SIXIAN, YANZHOU):
        shutil.copy(src, folder / src.name)
    shutil.copy(SIXIAN, folder / "x-copy.txt")
    store = tmp_path / "store"
    assert zwgk("ingest", folder, "--store", store).exit_code == 0

    (folder / YANZHOU.name).unlink()
    plain = zwgk("ingest", folder, "--store", store)  # without --sync nothing is removed
    assert "0 removed" not in plain.stdout and len(tasks_of(store)) == 29 + 22

    synced = zwgk("ingest", folder, "--sync", "--store", store)
    assert synced.exit_code == 0, synced.stderr
    assert "removed yanzhou-edu-2023.txt: file is gone" in synced.stdout.splitlines()
    assert "1 removed" in synced.stdout
    assert {r["doc"] for r in tasks_of(store)} == {SIXIAN.name}

    # the file that was stored has gone, its copy stays: the copy becomes the plan
    (folder / SIXIAN.name).unlink()
    moved = zwgk("ingest", folder, "--sync", "--store", store)
    assert "removed sixian-edu-2022.txt: file is gone; its copy x-copy.txt is stored on its own" in moved.stdout
    assert "1 added" in moved.stdout
    assert {r["doc"] for r in tasks_of(store)} == {"x-copy.txt"}


def test_remove_by_path_and_ambiguous_names(tmp_path: Path) -> None:
    (tmp_path / "in" / "a").mkdir(parents=True)
    (tmp_path / "in" / "b").mkdir()
    shutil.copy(SIXIAN, tmp_path / "in" / "a" / "plan.txt")
    shutil.copy(YANZHOU, tmp_path / "in" / "b" / "plan.txt")
    store = tmp_path / "store"
    assert zwgk("ingest", tmp_path / "in", "--store", store).exit_code == 0
    ambiguous = zwgk("remove", "plan.txt", "--store", store)
    assert ambiguous.exit_code == 1
    assert ambiguous.stderr.strip() == "zwgk: plan.txt: names 2 plans (a/plan.txt, b/plan.txt): give the plan id"
    by_path = remove_docs([str(tmp_path / "in" / "b" / "plan.txt")], store)
    assert by_path.removed == ["b/plan.txt"] and [c.kind for c in by_path.changes] == ["removed"]
    assert {r["doc"] for r in tasks_of(store)} == {"a/plan.txt"}


# -- shared entities -------------------------------------------------------------------------------
def test_shared_entities_live_once_and_survive_the_removal_of_one_plan(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text = SIXIAN.read_text(encoding="utf-8")
    (folder / "2022.txt").write_text(text, encoding="utf-8")
    (folder / "2022-revised.txt").write_text(text.replace("办公室", "综合办公室", 1), encoding="utf-8")
    store = tmp_path / "store"
    ingest_paths([folder], store)
    # one agency, one region chain, each unit once, however many plans name them
    assert select(store, 'SELECT (COUNT(*) AS ?n) WHERE { ?a a org:Organization ; skos:prefLabel "泗县教育体育局"@zh }') == [["1"]]
    assert select(store, "SELECT (COUNT(*) AS ?n) WHERE { ?r a zwgk:Region }") == [["3"]]
    units = "SELECT ?u WHERE { ?u a org:OrganizationalUnit ; skos:prefLabel ?name }"
    assert len(select(store, units)) == len({tuple(r) for r in select(store, units)})
    # a match (依申请公开 found in a requirement) is one node, which every task it classifies points at
    match = ('SELECT ?c (COUNT(?t) AS ?tasks) WHERE { ?t zwgk:classification ?c . '
             '?c zwgk:matchedLabel "依申请公开" ; zwgk:matchedIn "requirement" } GROUP BY ?c')
    [[node, both]] = select(store, match)
    before = [r for r in tasks_of(store) if r["doc"] == "2022.txt"]

    remove_docs(["2022-revised.txt"], store)
    assert select(store, match) == [[node, str(int(both) // 2)]]
    after = tasks_of(store)
    assert after == before  # the other plan reads back exactly as before, chain and all
    assert select(store, 'SELECT ?u WHERE { ?u skos:prefLabel "综合办公室"@zh }') == []  # named by the removed plan alone
    chain = 'SELECT ?p WHERE { ?u skos:prefLabel "办公室"@zh ; org:unitOf/zwgk:region/zwgk:within* ?p . ?p zwgk:adminLevel "province" }'
    assert select(store, chain) == [[str(ns.region_iri("340000"))]]

    remove_docs(["2022.txt"], store)
    assert shared_quads(store) == 0  # no orphans once no plan names them


# -- not a plan ------------------------------------------------------------------------------------
def test_a_non_plan_file_in_a_folder_is_rejected_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SIXIAN, folder / SIXIAN.name)
    readme = folder / "README.md"
    readme.write_text("# 使用说明\n\n本文件夹存放今年的政务公开方案，请勿删除。更新后请通知办公室。\n", encoding="utf-8")
    result = zwgk("ingest", folder, "--store", tmp_path / "store")
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("zwgk: ")] == \
        [f"zwgk: {readme.resolve()}: not a task plan: no task table or task list found"]
    assert "1 added, 0 replaced, 0 unchanged, 1 failed · 29 tasks" in result.stdout
    assert {r["doc"] for r in tasks_of(tmp_path / "store")} == {SIXIAN.name}


# -- what the index is handed ------------------------------------------------------------------------
@pytest.mark.parametrize("bulk", [False, True], ids=["per-plan", "bulk"])
def test_ingest_hands_over_the_records_the_store_reads_back(tmp_path: Path, bulk: bool) -> None:
    report = ingest_paths([SAMPLES], tmp_path / "store", bulk=bulk)
    assert [c.kind for c in report.changes] == ["added"] * 5
    handed = sorted((t for c in report.changes for t in c.tasks), key=lambda t: (t.doc, t.id))
    store = open_store(tmp_path / "store", read_only=True)
    try:
        assert task_records(store) == handed
        assert {p.doc: p for p in plan_records(store).values()} == {c.doc: c.plan for c in report.changes}
    finally:
        store.close()


def test_bulk_and_per_plan_writes_give_the_same_store(tmp_path: Path) -> None:
    ingest_paths([SAMPLES], tmp_path / "a", bulk=False)
    ingest_paths([SAMPLES], tmp_path / "b", bulk=True)
    assert _quads(tmp_path / "a") == _quads(tmp_path / "b")


def test_file_names_no_iri_can_hold_raw_are_stored_alike_by_both_writers(tmp_path: Path) -> None:
    """The bulk loader does not check IRIs again (graph/backends.py): every name zwgk puts into one must
    be encoded already, or the bulk store would hold what the per-plan update refuses."""
    folder = tmp_path / "plans"
    folder.mkdir()
    for name in ('计划 "甲" <乙> {丙}|^`%20\\.txt', "附件1 (2).txt"):
        shutil.copy(SIXIAN, folder / name)
    per_plan = ingest_paths([folder], tmp_path / "a", bulk=False)
    bulk = ingest_paths([folder], tmp_path / "b", bulk=True)
    assert [r.status for r in per_plan.results] == [r.status for r in bulk.results] == ["added", "duplicate"]
    assert _quads(tmp_path / "a") == _quads(tmp_path / "b")
    assert tasks_of(tmp_path / "b") == tasks_of(tmp_path / "a")


def test_bulk_batches_loaded_while_the_next_is_parsed_give_the_same_store(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from zwgk.graph import pipeline

    one = ingest_paths([SAMPLES], tmp_path / "one", bulk=True)
    monkeypatch.setattr(pipeline, "BATCH_BYTES", 1)  # every plan a batch of its own, loaded in the background
    many = ingest_paths([SAMPLES], tmp_path / "many", bulk=True, jobs=2)
    assert [(c.doc, c.kind, c.tasks) for c in many.changes] == [(c.doc, c.kind, c.tasks) for c in one.changes]
    assert many.results == one.results
    assert _quads(tmp_path / "many") == _quads(tmp_path / "one")
    assert not (tmp_path / "many" / JOURNAL).exists()


@pytest.mark.skipif(not hasattr(os, "SCHED_IDLE"), reason="thread scheduling policies are Linux's")
def test_rocksdb_compacts_at_idle_priority_only_while_the_bulk_loader_loads(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Its merges of the batches as they land are redone by the compaction after the load: they get only
    the cores the parser workers leave (graph/background.py), and the store's priority is back after."""
    from zwgk.graph import write
    from zwgk.graph.background import compaction_threads

    def policies() -> set[int]:
        return {os.sched_getscheduler(tid) for tid in compaction_threads()}

    seen: list[set[int]] = []
    real = write.bulk_add

    def watched(*args: object) -> None:
        seen.append(policies())
        real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(write, "bulk_add", watched)
    report = ingest_paths([SAMPLES], tmp_path / "store", bulk=True)
    assert report.bulk_loaded == 5 and seen == [{os.SCHED_IDLE}]
    assert policies() == {os.SCHED_OTHER}


def test_an_interrupted_bulk_load_is_rolled_back_on_open(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    ingest_paths([SIXIAN], store_dir)
    before = tasks_of(store_dir)
    # what a kill in the middle of a bulk load leaves: the journal, and part of a new plan and its units
    new_graph = str(ns.plan_graph_iri("half.txt"))
    store = open_store(store_dir)
    unit = ns.unit_iri("某某局", "半个科")
    store.bulk_load_nquads(
        f'<{ns.plan_iri("half.txt")}> <{ns.RDF.type}> <{ns.ZWGK.Plan}> <{new_graph}> .\n'
        f'<{unit}> <{ns.RDF.type}> <{ns.ORG.OrganizationalUnit}> <{ns.SHARED_GRAPHS["units"]}> .\n'.encode())
    store.close()
    (store_dir / JOURNAL).write_text(json.dumps({"adding": [new_graph]}), encoding="utf-8")

    open_store(store_dir).close()  # the next writer rolls it back
    assert not (store_dir / JOURNAL).exists()
    assert tasks_of(store_dir) == before
    assert select(store_dir, f"SELECT ?p WHERE {{ <{unit}> ?p ?o }}") == []
    assert select(store_dir, f"SELECT ?s WHERE {{ GRAPH <{new_graph}> {{ ?s ?p ?o }} }}") == []


def test_a_cold_ingest_indexes_what_it_parsed_exactly_as_a_rebuild_from_the_graph(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from zwgk.graph import records
    from zwgk.search.index import indexed_plans, open_index
    from zwgk.workspace import Workspace

    def index_of(folder: Path) -> tuple[list[dict], dict, dict, str]:
        index = open_index(folder)
        return ([r.to_json() for r in index.live_records()], indexed_plans(folder),
                {doc: p.to_json() for doc, p in index.plans.items()}, index.manifest["dictionary"])

    def read_back(store: object) -> None:
        raise AssertionError("a cold ingest read its tasks back from the graph")

    ws = Workspace.open(tmp_path / "store", model="/nonexistent/zwgk-test-model")
    with monkeypatch.context() as m:  # a million tasks read back through SPARQL took most of an ingest
        m.setattr(records, "task_records", read_back)
        assert ws.ingest([SAMPLES]).index is not None
    cold = index_of(tmp_path / "store" / "index")
    ws.reindex()
    assert index_of(tmp_path / "store" / "index") == cold
    assert len(cold[0]) > 150 and len(cold[1]) == 5


def test_a_bulk_ingest_compacts_the_graph_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After a bulk load the graph is compacted (joins read it several times faster), once the index is
    published; the stored quads are those of a store written plan by plan, and one added file does not
    compact again."""
    from zwgk.graph import pipeline

    monkeypatch.setattr(pipeline, "BULK_MIN", 2)  # the five samples go through the bulk loader
    result = CliRunner().invoke(app, ["ingest", str(SAMPLES), "--store", str(tmp_path / "bulk")])
    assert result.exit_code == 0, result.output
    assert "graph compacted after the bulk load" in result.stdout
    assert result.stdout.index("search index:") < result.stdout.index("graph compacted")
    ingest_paths([SAMPLES], tmp_path / "plain", bulk=False)
    assert _quads(tmp_path / "bulk") == _quads(tmp_path / "plain")
    extra = tmp_path / "more" / "extra-plan.txt"
    extra.parent.mkdir()
    extra.write_bytes((SAMPLES / "sixian-edu-2022.txt").read_bytes().replace(b"2022", b"2023"))
    again = CliRunner().invoke(app, ["ingest", str(extra), "--store", str(tmp_path / "bulk")])
    assert again.exit_code == 0 and "1 added" in again.stdout and "compacted" not in again.stdout


def test_a_ctrl_c_while_the_graph_compacts_waits_for_it_then_lets_the_store_open(tmp_path: Path,
                                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The compaction runs beside the index build; a Ctrl-C meanwhile is raised once RocksDB is done and the
    store is closed, so the repair that follows every Ctrl-C can open it (not "lock hold by current process")."""
    import threading

    from zwgk.graph.compaction import Compaction
    from zwgk.graph.lock import WriterLock

    folder = tmp_path / "bulk"
    ingest_paths([SAMPLES], folder, bulk=True)
    before = _quads(folder)
    lock = WriterLock(folder).acquire()
    try:
        compaction = Compaction(folder)
        presses = iter([KeyboardInterrupt()])
        real_join = threading.Thread.join

        def join(thread: threading.Thread, timeout: float | None = None) -> None:
            press = next(presses, None)
            if press is not None:
                raise press
            real_join(thread, timeout)

        monkeypatch.setattr(threading.Thread, "join", join)
        with pytest.raises(KeyboardInterrupt):
            compaction.wait()
        monkeypatch.undo()
        assert not compaction._thread.is_alive()  # noqa: SLF001 - the thread was waited for
    finally:
        lock.release()
    assert _quads(folder) == before  # opens, and holds what it held
