"""Outputs people open: the CSV and xlsx task tables, filters on every listing, RDF dumps another store
reloads, `stats --json`, the .ics calendar and `zwgk due` — all on the five samples' store."""
from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import GOLD, SAMPLE_NAMES, read_jsonl
from typer.testing import CliRunner

from zwgk.cli import app

runner = CliRunner()
ENV = {"ZWGK_MODEL": "/nonexistent/zwgk-test-model", "ZWGK_ALLOW_DOWNLOAD": None, "ZWGK_STORE": None}
GOLD_ROWS = {f"{name}.txt": read_jsonl(GOLD / f"{name}.jsonl") for name in SAMPLE_NAMES}
ALL = sum(len(rows) for rows in GOLD_ROWS.values())


def ok(*args: str | Path):
    result = runner.invoke(app, [str(a) for a in args], env=ENV)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def csv_table(data: bytes) -> list[dict[str, str]]:
    assert data.startswith("\ufeff".encode()), "Excel/WPS need the UTF-8 BOM"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


# -- CSV ---------------------------------------------------------------------------------------------
def test_csv_opens_in_excel_with_role_columns_and_flags(sample_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "tasks.csv"
    ok("export", "-f", "csv", "-o", out, "--store", sample_store)
    rows = csv_table(out.read_bytes())
    assert len(rows) == ALL
    header = list(rows[0])
    for column in ("任务编号", "工作要求", "牵头单位", "负责单位", "配合单位", "责任单位沿用上行", "完成时限", "完成日期",
                   "持续推进", "工作主题", "来源文件", "起始行", "结束行"):
        assert column in header
    by_id = {r["任务编号"]: r for r in rows}
    # 广州 row 1 of （一）二: 各处室负责，办公室、宣传与思想政治教育处配合 → one column per role
    gz = next(r for r in rows if r["来源文件"] == "guangzhou-edu-2021.txt" and r["负责单位"] == "各处室")
    assert gz["配合单位"] == "办公室、宣传与思想政治教育处" and gz["牵头单位"] == ""
    # 泗县: 办公室牵头相关科室 → lead and responsible columns
    assert any(r["牵头单位"] == "办公室" and r["负责单位"] == "相关科室" for r in rows)
    # flags are 是/否, never True/False; topics joined with 、 (no ` > `)
    assert {r["持续推进"] for r in rows} == {"是", "否"}
    assert not any(" > " in v for r in rows for v in r.values())
    assert "、" in by_id["sixian-edu-2022.txt#t001"]["工作主题"]
    # the merged-cell flag survives: 兖州 rows 8, 9, 11, 13, 14, 16, 22 inherit their unit cell
    yz = {r["序号"]: r["责任单位沿用上行"] for r in rows if r["来源文件"] == "yanzhou-edu-2023.txt"}
    assert {seq for seq, flag in yz.items() if flag == "是"} == {
        g["seq"] for g in GOLD_ROWS["yanzhou-edu-2023.txt"] if g["units_inherited"]}
    huaibei = {r["序号"]: r for r in rows if r["来源文件"] == "huaibei-edu-2020.txt"}
    assert huaibei["23"]["完成时限沿用上行"] == "是" and huaibei["22"]["完成时限沿用上行"] == "否"
    assert huaibei["22"]["完成日期"] == "2020-12-31"


def test_tasks_csv_is_the_same_table(sample_store: Path) -> None:
    data = ok("tasks", "-f", "csv", "--store", sample_store).stdout_bytes
    assert len(csv_table(data)) == ALL


# -- xlsx --------------------------------------------------------------------------------------------
def test_xlsx_has_tasks_plans_and_units_sheets(sample_store: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "tasks.xlsx"
    ok("export", "-f", "xlsx", "-o", out, "--store", sample_store)
    wb = load_workbook(out)
    assert wb.sheetnames == ["任务", "计划", "单位"]
    ws = wb["任务"]
    header = [c.value for c in ws[1]]
    col = {name: i for i, name in enumerate(header)}
    assert ws.freeze_panes == "A2" and ws.max_row == 1 + ALL
    assert {"牵头单位", "负责单位", "配合单位", "完成日期", "持续推进", "来源文件", "起始行"} <= set(col)
    assert ws.column_dimensions["J"].width >= 40  # 工作要求: wide and wrapped
    rows = list(ws.iter_rows(min_row=2))
    requirement = rows[0][col["工作要求"]]
    assert requirement.alignment.wrap_text
    dated = next(r for r in rows if r[col["任务编号"]].value == "yanzhou-edu-2023.txt#t001")
    cell = dated[col["完成日期"]]
    assert isinstance(cell.value, datetime) and cell.value.date() == date(2023, 11, 30) and cell.is_date
    assert dated[col["完成时限"]].value == "11月底前"
    inherited = next(r for r in rows if r[col["来源文件"]].value == "yanzhou-edu-2023.txt" and r[col["序号"]].value == "8")
    assert inherited[col["责任单位沿用上行"]].value == "是"
    assert inherited[col["负责单位"]].fill.fgColor.rgb.endswith("E7E6E6")  # grey: carried down from a merged cell
    assert {r[col["持续推进"]].value for r in rows} == {"是", "否"}
    assert wb["计划"].max_row == 1 + 5
    plans = {r[0].value: [c.value for c in r] for r in wb["计划"].iter_rows(min_row=2)}
    assert plans["shitai-county-2022.txt"][8] == 42
    units = [[c.value for c in r] for r in wb["单位"].iter_rows()]
    assert units[0][4:7] == ["牵头", "负责", "配合"]  # the roles scheme's zh labels
    assert any(u[2] == "办公室" and u[0] == "泗县" and u[4] > 0 for u in units[1:])


def test_tasks_xlsx_refuses_a_terminal_only_without_o(sample_store: Path, tmp_path: Path) -> None:
    data = ok("tasks", "-f", "xlsx", "--region", "广州市", "--store", sample_store).stdout_bytes
    assert data[:2] == b"PK"  # piped stdout gets the zip bytes


# -- filters: one test per filter, on export and tasks --------------------------------------------------
def _in_window(r: dict, lo: str | None, hi: str | None) -> bool:
    return any((lo is None or d >= lo) and (hi is None or d <= hi) for d in r["deadlines"])


FILTERS = {
    "region": (["--region", "安徽省"], lambda r: r["region_chain"][0] == "安徽省" and r["region"] != "安徽省"),
    "region-county": (["--region", "泗县"], lambda r: r["region"] == "泗县"),
    "issuer": (["--issuer", "淮北市教育局"], lambda r: r["issuer"] == "淮北市教育局"),
    "year": (["--year", "2022"], lambda r: r["year"] == 2022),
    "unit": (["--unit", "政策法规科"], lambda r: any("政策法规科" in u["name"] for u in r["units"])),
    "topic": (["--topic", "依申请公开"], lambda r: "依申请公开" in r["topics"]),
    "domain": (["--domain", "义务教育"], lambda r: "义务教育" in r["domains"]),
    "due-before": (["--due-before", "2020-11-30"], lambda r: _in_window(r, None, "2020-11-30")),
    "due-after": (["--due-after", "2023-12-01"], lambda r: _in_window(r, "2023-12-01", None)),
    "ongoing": (["--ongoing"], lambda r: r["ongoing"]),
    "not-ongoing": (["--not-ongoing"], lambda r: not r["ongoing"]),
    "doc": (["--doc", "shitai-county-2022"], lambda r: r["doc"] == "shitai-county-2022.txt"),
}


@pytest.fixture(scope="module")
def every_task(sample_store: Path) -> list[dict]:
    return jsonl(ok("tasks", "--store", sample_store).stdout)


@pytest.mark.parametrize("name", FILTERS)
def test_tasks_and_export_honour_the_filter(name: str, sample_store: Path, every_task: list[dict]) -> None:
    args, keep = FILTERS[name]
    expected = [r["id"] for r in every_task if keep(r)]
    assert 0 < len(expected) < len(every_task), "the filter must choose some tasks, not all"
    listed = jsonl(ok("tasks", *args, "--store", sample_store).stdout)
    assert [r["id"] for r in listed] == expected
    exported = jsonl(ok("export", "-f", "jsonl", *args, "--store", sample_store).stdout)
    assert [r["id"] for r in exported] == expected
    table = csv_table(ok("export", "-f", "csv", *args, "--store", sample_store).stdout_bytes)
    assert [r["任务编号"] for r in table] == expected


def test_filters_combine(sample_store: Path) -> None:
    listed = jsonl(ok("tasks", "--region", "安徽省", "--year", "2020", "--ongoing", "--store", sample_store).stdout)
    assert listed and all(r["doc"] == "huaibei-edu-2020.txt" and r["ongoing"] for r in listed)


def test_rdf_export_refuses_task_filters(sample_store: Path) -> None:
    result = runner.invoke(app, ["export", "-f", "nq", "--unit", "办公室", "--store", str(sample_store)], env=ENV)
    assert result.exit_code == 2 and "--unit" in result.stderr and "whole plan graphs" in result.stderr


def test_rdf_export_keeps_the_graphs_of_the_chosen_plans(sample_store: Path, tmp_path: Path) -> None:
    import pyoxigraph as ox

    from zwgk.graph.namespace import SHARED_GRAPHS
    from zwgk.graph.store import ONTOLOGY_GRAPH
    from zwgk.graph.stored import graph_iri

    out = tmp_path / "anhui.nq"
    ok("export", "-f", "nq", "--region", "安徽省", "-o", out, "--store", sample_store)
    fresh = ox.Store()
    fresh.load(path=str(out), format=ox.RdfFormat.N_QUADS)
    anhui = {graph_iri(d) for d in ("sixian-edu-2022.txt", "shitai-county-2022.txt", "huaibei-edu-2020.txt")}
    shared = {str(g) for g in SHARED_GRAPHS.values()}
    assert {g.value for g in fresh.named_graphs()} == anhui | {ONTOLOGY_GRAPH} | shared
    # the shared entities come along as far as the chosen plans name them: 安徽省 yes, 广东省 no
    labels = {q.object.value for q in fresh if q.predicate.value.endswith("#prefLabel")}
    assert {"泗县", "宿州市", "安徽省", "泗县教育体育局"} <= labels and not {"广东省", "广州市教育局"} & labels
    original = [q for q in _store_quads(sample_store) if q.graph_name.value in anhui | {ONTOLOGY_GRAPH}]
    assert _split([q for q in fresh if q.graph_name.value not in shared]) == _split(original)
    ttl = ok("export", "-f", "ttl", "--doc", "guangzhou-edu-2021", "--store", sample_store).stdout
    assert "task:guangzhou-edu-2021.txt-001 " in ttl and "sixian-edu-2022" not in ttl


# -- RDF -----------------------------------------------------------------------------------------------
def _store_quads(sample_store: Path):
    from zwgk.graph.store import open_store

    store = open_store(sample_store, read_only=True)
    try:
        return list(store.quads())
    finally:
        store.close()


def _split(quads) -> tuple[set[str], dict[str, int]]:
    """N-Quads lines without blank nodes (compared exactly) and per-graph counts of those with one (compared by number)."""
    import pyoxigraph as ox

    exact, blank = set(), {}
    for q in quads:
        if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode):
            blank[str(q.graph_name)] = blank.get(str(q.graph_name), 0) + 1
        else:
            exact.add(str(q))
    return exact, blank


def _rdflib_as_oxigraph(ds):
    """rdflib quads → pyoxigraph quads, so both reloads compare in one term model."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    def term(t):
        if isinstance(t, URIRef):
            return ox.NamedNode(str(t))
        if isinstance(t, BNode):
            return ox.BlankNode(str(t))
        assert isinstance(t, Literal)
        if t.language:
            return ox.Literal(str(t), language=t.language)
        return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype))) if t.datatype else ox.Literal(str(t))

    for s, p, o, g in ds.quads((None, None, None, None)):
        name = g.identifier if hasattr(g, "identifier") else g
        yield ox.Quad(term(s), term(p), term(o), term(name))


@pytest.mark.parametrize(("fmt", "rdflib_format", "ox_format"), [
    ("nq", "nquads", "N_QUADS"), ("trig", "trig", "TRIG"), ("jsonld", "json-ld", "JSON_LD")])
def test_rdf_dump_reloads_to_the_same_quads(fmt: str, rdflib_format: str, ox_format: str, sample_store: Path,
                                             tmp_path: Path) -> None:
    import pyoxigraph as ox
    from rdflib import Dataset

    out = tmp_path / f"store.{fmt}"
    ok("export", "-f", fmt, "-o", out, "--store", sample_store)
    original = _split(_store_quads(sample_store))
    assert len(original[0]) > 8000

    fresh = ox.Store()
    fresh.load(path=str(out), format=getattr(ox.RdfFormat, ox_format))
    assert _split(fresh) == original

    ds = Dataset()
    ds.parse(out, format=rdflib_format)
    assert _split(_rdflib_as_oxigraph(ds)) == original


def test_an_export_that_fails_half_way_leaves_no_half_file(sample_store: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """RDF is streamed to the file as Oxigraph writes it (a million-task store is 18 GB of N-Quads: held
    in memory it ran the machine out); a disk that fills meanwhile costs one line and no truncated file."""
    import pyoxigraph as ox

    from zwgk.graph import backends

    def full_disk(self, out, rdf_format, prefixes=None) -> None:
        out.write(b"<https://w3id.org/zwgk/id/plan/x> <http://purl.org/dc/terms/title> \"half\" .\n")
        raise OSError(28, "No space left on device")

    before = tmp_path / "store.nq"
    ok("export", "-f", "nq", "-o", before, "--store", sample_store)
    monkeypatch.setattr(backends.OxigraphStore, "dump", full_disk)
    target = tmp_path / "again.nq"
    result = runner.invoke(app, ["export", "-f", "nq", "-o", str(target), "--store", str(sample_store)], env=ENV)
    assert result.exit_code == 1 and result.stderr.strip() == f"zwgk: {target}: No space left on device"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store.nq"]  # no again.nq, no partial file
    assert len(ox.Dataset(ox.parse(path=str(before), format=ox.RdfFormat.N_QUADS))) > 8000


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_table_written_to_a_stream_is_the_same_table_with_no_task_kept(fmt: str, sample_store: Path,
                                                                         tmp_path: Path) -> None:
    """Rows are written as they are decoded: at a million tasks, decoded and kept whole they took 9 GB."""
    import shutil

    from zwgk.model.filters import Filters
    from zwgk.search.service import rebuild_index
    from zwgk.settings import load_settings
    from zwgk.workspace.workspace import Workspace

    store = tmp_path / "store"
    shutil.copytree(sample_store, store)
    rebuild_index(load_settings(store=store, model="/nonexistent/model"))
    for filters in (Filters(), Filters(region="泗县"), Filters(topic="政策解读")):
        whole = Workspace.open(store).export(fmt, filters).data
        ws = Workspace.open(store)
        out = io.BytesIO()
        result = ws.export(fmt, filters, out=out)
        assert out.getvalue() == whole and result.size == len(whole) and result.data == b""
        assert not ws.searcher().index.records._decoded  # noqa: SLF001 - the stream kept no task
        rows = csv_table(whole) if fmt == "csv" else jsonl(whole.decode("utf-8"))
        assert len(rows) == len(Workspace.open(store).tasks(filters)) > 0


def test_turtle_export_has_prefixes(sample_store: Path) -> None:
    from rdflib import Graph

    text = ok("export", "-f", "ttl", "--store", sample_store).stdout
    assert text.startswith("@prefix")
    for prefix in ("zwgk:", "skos:", "task:", "dcterms:"):
        assert f"@prefix {prefix} <" in text
    assert "task:sixian-edu-2022.txt-001 " in text
    assert len(Graph().parse(data=text, format="turtle")) > 8000


def test_stats_json_gives_numbers(sample_store: Path) -> None:
    data = json.loads(ok("stats", "--json", "--store", sample_store).stdout)
    assert data["totals"]["tasks"] == ALL
    plan = next(p for p in data["plans"] if p["doc"] == "shitai-county-2022.txt")
    assert plan["tasks"] == 42 and plan["year"] == 2022 and isinstance(plan["units"], int)
    # Triples: every quad of the plan and shared graphs, the ontology's left out (it is in every store).
    quads = _store_quads(sample_store)
    assert data["totals"]["triples"] == sum(1 for q in quads if not str(q.graph_name).endswith("/graph/ontology>"))



def test_the_stats_table_lists_a_screenful_of_plans_and_says_how_many_more(sample_store: Path) -> None:
    from rich.console import Console

    from zwgk.presentation.display import print_stats

    data = json.loads(ok("stats", "--json", "--store", sample_store).stdout)
    console = Console(record=True, width=200)
    print_stats(data, console, shown=2)
    text = console.export_text()
    listed = [p["doc"] for p in data["plans"] if p["doc"] in text]
    assert listed == [p["doc"] for p in data["plans"][:2]]
    assert "另有 3 份方案未列出 (3 more plans: `zwgk stats --json` lists every plan)" in text
    assert "未列出" not in ok("stats", "--store", sample_store).stdout  # five plans: all listed

# -- calendar and due ---------------------------------------------------------------------------------------
def test_ics_holds_one_event_per_dated_task(sample_store: Path, tmp_path: Path, every_task: list[dict]) -> None:
    from icalendar import Calendar

    out = tmp_path / "anhui.ics"
    ok("export", "-f", "ics", "--region", "安徽省", "-o", out, "--store", sample_store)
    cal = Calendar.from_ical(out.read_bytes())
    events = cal.walk("VEVENT")
    dated = [r for r in every_task if r["region_chain"][0] == "安徽省" and r["deadlines"]]
    assert len(events) == len(dated) > 0
    by_uid = {str(e["UID"]): e for e in events}
    assert set(by_uid) == {f"{r['id']}@zwgk" for r in dated}
    for r in dated:
        e = by_uid[f"{r['id']}@zwgk"]
        assert e.decoded("DTSTART") == date.fromisoformat(r["deadline"])
        assert r["requirement"] in str(e["DESCRIPTION"])
    assert "安徽省" in str(cal["X-WR-CALNAME"])


def test_ics_per_unit(sample_store: Path) -> None:
    from icalendar import Calendar

    data = ok("tasks", "-f", "ics", "--unit", "政策法规科", "--store", sample_store).stdout_bytes
    events = Calendar.from_ical(data).walk("VEVENT")
    assert events and all("政策法规科" in str(e["DESCRIPTION"]) for e in events)


def test_due_within_a_window(sample_store: Path) -> None:
    listed = jsonl(ok("due", "--today", "2023-11-01", "--within", "30d", "-f", "jsonl", "--store", sample_store).stdout)
    assert listed and all(any("2023-11-01" <= d <= "2023-12-01" for d in r["deadlines"]) for r in listed)
    assert {r["doc"] for r in listed} == {"yanzhou-edu-2023.txt"}
    table = ok("due", "--today", "2023-11-01", "--within", "30d", "--store", sample_store).stdout
    assert "29天" in table and "兖州区" in table and "3 项任务" in table


def test_due_overdue_and_by_unit(sample_store: Path) -> None:
    listed = jsonl(ok("due", "--today", "2021-01-15", "--overdue", "--unit", "办公室", "-f", "jsonl",
                      "--store", sample_store).stdout)
    assert listed and all(max(r["deadlines"]) < "2021-01-15" for r in listed)
    assert all(any("办公室" in u["name"] for u in r["units"]) for r in listed)
    assert {r["doc"] for r in listed} == {"huaibei-edu-2020.txt"}
    bad = runner.invoke(app, ["due", "--within", "soon", "--store", str(sample_store)], env=ENV)
    assert bad.exit_code == 2 and "30d" in bad.stderr


# -- the README's SPARQL gotchas run as printed ---------------------------------------------------------
def _gotcha_queries() -> list[str]:
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Two SPARQL gotchas", 1)[1].split("\n## ", 1)[0]
    return [block.split("```", 1)[0] for block in section.split("```sparql\n")[1:]]


def test_readme_gotcha_labels_come_in_two_languages(sample_store: Path) -> None:
    query = _gotcha_queries()[0]
    rows = json.loads(ok("sparql", query, "-f", "json", "--store", sample_store).stdout)["results"]["bindings"]
    assert sorted(b["topic"]["value"] for b in rows) == sorted(["组织领导", "组织推进", "机制完善"])
    unfiltered = query.replace('FILTER(lang(?topic) = "zh")', "")
    rows = json.loads(ok("sparql", unfiltered, "-f", "json", "--store", sample_store).stdout)["results"]["bindings"]
    assert len(rows) == 6 and {b["topic"].get("xml:lang") for b in rows} == {"zh", "en"}


def test_readme_gotcha_narrower_topics_need_broader_star(sample_store: Path) -> None:
    query = _gotcha_queries()[1]
    count = json.loads(ok("sparql", query, "-f", "json", "--store", sample_store).stdout)["results"]["bindings"]
    direct = json.loads(ok("sparql", query.replace("zwgk:topic/skos:broader*", "zwgk:topic"), "-f", "json",
                           "--store", sample_store).stdout)["results"]["bindings"]
    assert (int(direct[0]["tasks"]["value"]), int(count[0]["tasks"]["value"])) == (17, 31)


# -- deadlines from the requirement text, through the graph ----------------------------------------------
DEADLINE_KEYS = ("deadline_raw", "deadline", "deadlines", "deadline_source", "deadline_inherited", "ongoing",
                 "deadlines_in_text", "response_times")


def test_store_gives_back_the_parsed_deadlines(every_task: list[dict]) -> None:
    from conftest import SAMPLES

    from zwgk.ingest.parser import parse_file
    from zwgk.ingest.records import task_records

    stored = {r["id"]: {k: r[k] for k in DEADLINE_KEYS} for r in every_task}
    for path in sorted(SAMPLES.glob("*.txt")):
        for r in (r.to_json() for r in task_records(parse_file(path))):
            assert {k: r[k] for k in DEADLINE_KEYS} == stored[r["id"]], r["id"]
    assert sum(1 for r in stored.values() if r["response_times"]) >= 6


def test_text_deadlines_and_response_times_in_sparql(sample_store: Path) -> None:
    query = """SELECT ?id ?raw ?date WHERE { ?t zwgk:textDeadline ?d ; dcterms:identifier ?id .
               ?d zwgk:rawText ?raw ; time:inXSDDate ?date } ORDER BY ?id"""
    rows = json.loads(ok("sparql", query, "-f", "json", "--store", sample_store).stdout)["results"]["bindings"]
    gz = [(b["raw"]["value"], b["date"]["value"]) for b in rows if b["id"]["value"].startswith("guangzhou")]
    assert gz == [("2021 年底前", "2021-12-31"), ("2021年底前", "2021-12-31")]
    query = """SELECT ?raw ?n ?unit ?where WHERE {
               ?t zwgk:responseTime ?r ; dcterms:isPartOf/dcterms:identifier "shitai-county-2022.txt" ; zwgk:requirement ?q .
               FILTER(CONTAINS(STR(?q), "5小时内发布权威信息"))
               ?r zwgk:rawText ?raw ; time:numericDuration ?n ; time:unitType ?unit ; zwgk:statedIn ?where } ORDER BY ?n"""
    rows = json.loads(ok("sparql", query, "-f", "json", "--store", sample_store).stdout)["results"]["bindings"]
    assert [(b["raw"]["value"], float(b["n"]["value"]), b["unit"]["value"].rsplit("#", 1)[1], b["where"]["value"])
            for b in rows] == [("5小时内", 5.0, "unitHour", "text"), ("48小时内", 48.0, "unitHour", "text")]


def test_due_and_tables_use_text_deadlines_where_the_cell_has_none(sample_store: Path) -> None:
    listed = jsonl(ok("tasks", "--region", "广州市", "--due-before", "2021-12-31", "--store", sample_store).stdout)
    assert len(listed) == 2 and all(r["deadline_source"] == "text" and r["deadline_raw"] is None for r in listed)
    due = jsonl(ok("due", "--today", "2021-12-01", "--within", "30d", "--region", "广州市", "-f", "jsonl",
                   "--store", sample_store).stdout)
    assert [r["id"] for r in due] == [r["id"] for r in listed]
    rows = csv_table(ok("tasks", "-f", "csv", "--region", "广州市", "--store", sample_store).stdout_bytes)
    dated = [r for r in rows if r["完成日期"]]
    assert [(r["完成时限"], r["日期来源"], r["正文中的时限"]) for r in dated] == [
        ("", "工作要求正文", "2021 年底前"), ("", "工作要求正文", "2021年底前")]
    shitai = csv_table(ok("tasks", "-f", "csv", "--doc", "shitai-county-2022", "--store", sample_store).stdout_bytes)
    assert any(r["响应时限"] == "5小时内、48小时内" for r in shitai)


def test_xlsx_keeps_formula_like_text_as_text() -> None:
    from openpyxl import load_workbook

    from zwgk.analysis.corpus import make_corpus
    from zwgk.model.records import TaskRecord
    from zwgk.presentation.workbook import workbook_bytes

    record = {"id": "demo#t001", "doc": "demo.txt", "plan_title": "示例", "issuer": "某局", "region": "泗县",
              "region_chain": ["安徽省", "宿州市", "泗县"], "year": 2022, "section": ["一、组织"], "seq": "1",
              "requirement": "=SUM(A1:A2) 照录原文", "units": [{"name": "办公室", "role": "lead", "aspect": None,
                                                             "inherited": True}],
              "deadline_raw": "年底前", "deadline": "2022-12-31", "deadlines": ["2022-12-31"], "deadline_inherited": False,
              "ongoing": False, "topics": [], "domains": [], "policies": [], "source_lines": [3, 4]}
    wb = load_workbook(io.BytesIO(workbook_bytes(make_corpus([TaskRecord.from_json(record)]))))
    header = [c.value for c in wb["任务"][1]]
    cell = wb["任务"].cell(row=2, column=header.index("工作要求") + 1)
    assert (cell.value, cell.data_type) == ("=SUM(A1:A2) 照录原文", "s")
