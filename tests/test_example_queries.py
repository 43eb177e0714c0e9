"""Every query in examples/queries runs against the sample store, and its answer is asserted.

One check per .rq file (keyed by file stem): a new query without a check fails
`test_every_query_has_a_check`. Expected values come from the hand-checked key
(tests/fixtures/gold) where it has them, else from reading the samples; where
a query aggregates, the check also recomputes the answer from the task contract
(graph.records.task_records), a second path through the same store.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path

import pytest
from conftest import GOLD, ROOT, SAMPLES, read_jsonl
from rdflib import Graph, URIRef
from rdflib import namespace as rdf_ns

from zwgk.graph.namespace import ELI, GEO, ONTOLOGY_FILE, PREFIXES, ZWGK
from zwgk.graph.pipeline import ingest_paths
from zwgk.graph.records import task_records
from zwgk.graph.sparql import evaluate, run_query
from zwgk.graph.store import OxigraphStore, open_store

QUERIES = ROOT / "examples" / "queries"
QUERY_FILES = sorted(QUERIES.glob("*.rq"))

Rows = list[dict[str, str | None]]


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphStore]:
    folder = tmp_path_factory.mktemp("sample-store")
    report = ingest_paths([SAMPLES], folder)
    assert not report.failed and len(report.added) == 5
    store = open_store(folder, read_only=True)
    yield store
    store.close()


@pytest.fixture(scope="session")
def records(sample_store: OxigraphStore) -> list[dict]:
    return [r.to_json() for r in task_records(sample_store)]


def run(store: OxigraphStore, path: Path) -> Rows:
    output = run_query(store, path.read_text(encoding="utf-8"))
    assert output.kind == "select"
    return [dict(zip(output.variables, row, strict=True)) for row in output.rows]


def split(value: str | None) -> set[str]:
    """A GROUP_CONCAT cell as a set (its order is not defined)."""
    return set(value.split("、")) if value else set()


@lru_cache(maxsize=1)
def topic_ancestors() -> dict[str, set[str]]:
    """Topic label → itself and every broader topic's label (zh), read from ontology.ttl with rdflib."""
    g = Graph().parse(ONTOLOGY_FILE, format="turtle")
    scheme = URIRef(PREFIXES["scheme"] + "topics")
    label = {c: str(lit) for c in g.subjects(rdf_ns.SKOS.inScheme, scheme)
             for lit in g.objects(c, rdf_ns.SKOS.prefLabel) if lit.language == "zh"}
    return {label[c]: {label[a] for a in g.transitive_objects(c, rdf_ns.SKOS.broader)} for c in label}


def task_id(doc: str, index: int) -> str:
    return f"{doc}#t{index + 1:03d}"


# -- one check per query ------------------------------------------------------------------
def check_request_disclosure_by_region(rows: Rows, records: list[dict]) -> None:
    named = {(r["region"], r["unit"]) for r in rows if r["collective"] == "false"}
    assert {("泗县", "办公室"), ("兖州区", "办公室"), ("淮北市", "办公室"), ("广州市", "办公室")} <= named
    sixian = {(r["unit"], r["role"], r["tasks"]) for r in rows if r["region"] == "泗县"}
    assert sixian == {("办公室", "牵头", "2"), ("相关科室", "负责", "2")}  # 办公室牵头相关科室, twice
    assert {r["region"] for r in rows} == {"泗县", "兖州区", "淮北市", "广州市"}  # 石台 names no units
    assert {r["unit"] for r in rows if r["collective"] == "true"} == {"相关科室", "各有关科室", "各处室和支撑机构",
                                                                     "各处室", "有关科室"}


def check_tasks_per_unit_per_region(rows: Rows, records: list[dict]) -> None:
    table = {(r["region"], r["unit"]): tuple(int(r[k]) for k in ("tasks", "lead_tasks", "responsible_tasks",
                                                                  "cooperating_tasks")) for r in rows}
    assert table[("泗县", "办公室")] == (24, 15, 9, 0)
    assert table[("淮北市", "县区教育局")] == (29, 0, 29, 0)
    assert table[("广州市", "科研处")] == (3, 3, 0, 0)
    assert table[("广州市", "宣传与思想政治教育处")] == (10, 3, 1, 6)
    # the same counts straight from the task contract
    expected: dict[tuple[str, str], set[str]] = {}
    for rec in records:
        for u in rec["units"]:
            expected.setdefault((rec["region"], u["name"]), set()).add(rec["id"])
    assert {k: v[0] for k, v in table.items()} == {k: len(v) for k, v in expected.items()}


def check_due_in_november(rows: Rows, records: list[dict]) -> None:
    assert [r["id"] for r in rows] == ["huaibei-edu-2020.txt#t021", "yanzhou-edu-2023.txt#t001", "yanzhou-edu-2023.txt#t002",
                                       "yanzhou-edu-2023.txt#t003"]
    assert {r["deadline"] for r in rows} == {"11月底前"}
    assert [r["date"] for r in rows] == ["2020-11-30"] + ["2023-11-30"] * 3
    units = {r["id"]: split(r["units"]) for r in rows}
    assert units["huaibei-edu-2020.txt#t021"] == {"县区教育局"}
    assert units["yanzhou-edu-2023.txt#t001"] == {"职教科", "基础教育科"}
    assert units["yanzhou-edu-2023.txt#t003"] == {"各普通中小学", "中等职业学校", "办公室"}
    # the same set from the task contract
    assert {r["id"] for r in records if r["deadline"] and r["deadline"][5:7] == "11"} == set(units)



def test_due_in_november_keeps_a_task_that_names_no_unit(tmp_path: Path) -> None:
    """Query 03 lists a task's units where it has them; a November task whose unit cell is blank in the
    plan is still due, so it stays in the answer with no units."""
    plan = tmp_path / "plans" / "泗县教育体育局2024年政务公开任务分解表.txt"
    plan.parent.mkdir()
    plan.write_text("泗县教育体育局2024年政务公开工作任务分解表\n序号\t工作任务\t责任单位\t完成时限\n"
                    "1\t完善政府信息公开指南，及时更新公开目录。\t\t11月底前\n"
                    "2\t做好政策解读工作，解读材料与政策文件同步起草、同步审签、同步发布。\t办公室\t11月底前\n"
                    "3\t规范办理依申请公开事项，严格按照法定时限答复。\t法规科\t12月底前\n", encoding="utf-8")
    report = ingest_paths([plan.parent], tmp_path / "store")
    assert not report.failed and len(report.added) == 1
    store = open_store(tmp_path / "store", read_only=True)
    try:
        rows = run(store, QUERIES / "03-due-in-november.rq")
    finally:
        store.close()
    assert [(r["requirement"][:6], r["date"], r["units"]) for r in rows] == [
        ("完善政府信息", "2024-11-30", None), ("做好政策解读", "2024-11-30", "办公室")]

def check_plans_citing_document_number(rows: Rows, records: list[dict]) -> None:
    assert len(rows) == 1
    row = rows[0]
    assert row["doc"] == "shitai-county-2022.txt" and row["region"] == "石台县" and row["citedBy"] == "plan"
    assert row["number"] == "皖政务办〔2022〕4号"
    assert row["document"] == "安徽省政务公开办公室关于开展全省基层政务公开提升行动的通知"
    assert row["plan"] == "关于印发石台县基层政务公开提升行动实施方案的通知"


def check_topics_missing_vs_peers(rows: Rows, records: list[dict]) -> None:
    found = {(r["doc"], r["topic"]): (int(r["peers_covering"]), split(r["covered_in"])) for r in rows}
    assert found[("shitai-county-2022.txt", "新闻发布会")] == (4, {"泗县", "兖州区", "淮北市", "广州市"})
    assert found[("sixian-edu-2022.txt", "政务新媒体")][0] == 4
    assert found[("sixian-edu-2022.txt", "网络与内容安全")][0] == 4
    assert found[("yanzhou-edu-2023.txt", "政府信息公开工作年度报告")][0] == 4
    assert found[("guangzhou-edu-2021.txt", "隐私保护")][0] == 4
    assert {doc for doc, _ in found} == {r["doc"] for r in records}  # every sample lacks something
    assert all(peers >= 3 and len(where) == peers for peers, where in found.values())
    # reference: the same answer computed from the task contract and the ontology's skos:broader
    assert {k: v[0] for k, v in found.items()} == topic_gaps(records)


def topic_gaps(records: list[dict]) -> dict[tuple[str, str], int]:
    """(plan, topic) → the other plans covering it, where at least 3 do and the plan does not (query 05),
    from the task contract and the ontology's skos:broader."""
    ancestors = topic_ancestors()
    covered: dict[str, set[str]] = {}
    for rec in records:
        covered.setdefault(rec["doc"], set()).update(a for t in rec["topics"] for a in ancestors[t])
    want = {}
    for doc, mine in covered.items():
        for topic in set().union(*covered.values()) - mine:
            peers = sum(topic in theirs for other, theirs in covered.items() if other != doc)
            if peers >= 3:
                want[(doc, topic)] = peers
    return want


def check_county_plan_to_provincial_document(rows: Rows, records: list[dict]) -> None:
    chains = {(r["doc"], r["county"], r["city"], r["province"]) for r in rows}
    assert chains == {("shitai-county-2022.txt", "石台县", "池州市", "安徽省"),
                      ("sixian-edu-2022.txt", "泗县", "宿州市", "安徽省"),
                      ("yanzhou-edu-2023.txt", "兖州区", "济宁市", "山东省")}
    steps = {doc: [(r["level"], r["issuedIn"], r["number"]) for r in rows if r["doc"] == doc] for doc, *_ in chains}
    assert steps["shitai-county-2022.txt"] == [("city", "池州市", "池政公办函〔2022〕4号"),
                                               ("province", "安徽省", "皖政务办〔2022〕4号")]
    assert steps["sixian-edu-2022.txt"] == [("county", "泗县", "泗政务组办〔2022〕2号"),
                                            ("city", "宿州市", "宿政务办〔2022〕1号")]
    # 济兖政办字 names both 济宁市 and 兖州区: the most local region wins; the national regulation names none
    assert steps["yanzhou-edu-2023.txt"] == [("county", "兖州区", "济兖政办字〔2023〕30号"),
                                             ("city", "济宁市", "济政办字〔2023〕41号"), (None, None, None)]
    provincial = [r for r in rows if r["level"] == "province"]
    assert [(r["doc"], r["document"]) for r in provincial] == [
        ("shitai-county-2022.txt", "安徽省政务公开办公室关于开展全省基层政务公开提升行动的通知")]


def check_units_with_most_lead_roles(rows: Rows, records: list[dict]) -> None:
    top = rows[0]
    # two units (泗县教育体育局办公室, 淮北市教育局办公室), both printed as 办公室
    assert (top["function"], top["lead_tasks"], top["plans"], top["units"], top["names"]) == ("办公室", "16", "2", "2", "办公室")
    assert {r["function"]: int(r["lead_tasks"]) for r in rows} == {"办公室": 16, "宣传": 3, "科研": 3, "政策法规": 2}
    leads = sum(1 for rec in records for u in rec["units"] if u["role"] == "lead")
    assert sum(int(r["lead_tasks"]) for r in rows) == leads == 24


def check_ongoing_tasks_per_region(rows: Rows, records: list[dict]) -> None:
    table = {r["region"]: (int(r["ongoing_tasks"]), int(r["tasks"])) for r in rows}
    assert table == {"淮北市": (19, 39), "兖州区": (0, 22), "广州市": (0, 28), "泗县": (0, 29), "石台县": (0, 42)}
    gold = read_jsonl(GOLD / "huaibei-edu-2020.jsonl")
    assert sum(1 for g in gold if g["deadline_raw"] in ("持续推进", "长期坚持")) == 19
    assert rows[0]["region"] == "淮北市"


def check_tasks_per_domain_with_department(rows: Rows, records: list[dict]) -> None:
    table = {r["domain"]: (int(r["tasks"]), int(r["plans"]), split(r["departments"])) for r in rows}
    assert table["义务教育"] == (8, 4, {"石台县教体局"})
    assert table["公共资源交易"][2] == {"石台县发改委", "石台县公共资源交易服务中心"}
    assert table["市政服务"][2] == {"石台县住建局", "石台县行政执法局"}
    assert table["民办教育"] == (4, 2, set())  # no plan lists a department for it
    assert rows[0]["domain"] == "义务教育"
    counts: dict[str, int] = {}
    for rec in records:
        for d in rec["domains"]:
            counts[d] = counts.get(d, 0) + 1
    assert {k: v[0] for k, v in table.items()} == counts


def check_plan_domain_records(rows: Rows, records: list[dict]) -> None:
    gold = read_jsonl(GOLD / "shitai-county-2022.domains.jsonl")
    assert [r["doc"] for r in rows] == ["shitai-county-2022.txt"] * 30
    got = [(int(r["seq"]), r["printed"], r["domain"], r["flag"], split(r["as_printed"]), r["inherited"] == "true")
           for r in rows]
    want = [(g["seq"], g["domain"], g["domain"], g["flag"], set(g["department"].split("、")), g["department_inherited"])
            for g in gold]
    assert got == want
    qualified = {int(r["seq"]): split(r["departments"]) for r in rows}
    assert qualified[2] == {"石台县发改委", "石台县公共资源交易服务中心"}  # 县… qualified with the plan's county
    assert qualified[30] == {"石台县融媒体中心"}


def check_plans_per_province(rows: Rows, records: list[dict]) -> None:
    table = {r["province"]: (int(r["plans"]), int(r["tasks"]), split(r["regions"]), split(r["years"])) for r in rows}
    assert table == {"安徽省": (3, 110, {"泗县", "淮北市", "石台县"}, {"2020", "2022"}),
                     "山东省": (1, 22, {"兖州区"}, {"2023"}),
                     "广东省": (1, 28, {"广州市"}, {"2021"})}
    assert rows[0]["province"] == "安徽省"


def check_inherited_from_merged_cells(rows: Rows, records: list[dict]) -> None:
    want = set()
    for path in sorted(GOLD.glob("*.jsonl")):
        if path.name.endswith(".domains.jsonl"):
            continue
        for i, g in enumerate(read_jsonl(path)):
            if g["units_inherited"]:
                want |= {(task_id(g["doc"], i), "责任单位", u["name"]) for u in g["units"]}
            if g["deadline_inherited"]:
                want.add((task_id(g["doc"], i), "完成时限", g["deadline_raw"]))
    got = [(r["id"], r["field"], r["value"]) for r in rows]
    assert len(got) == len(set(got)) and set(got) == want
    assert ("huaibei-edu-2020.txt#t023", "完成时限", "年底前") in want
    assert {i for i, f, _ in got if f == "责任单位"} == {f"yanzhou-edu-2023.txt#t{n:03d}" for n in (8, 9, 11, 13, 14, 16, 22)}


REGIONS = ("泗县", "兖州区", "淮北市", "石台县", "广州市")


def check_topic_region_matrix(rows: Rows, records: list[dict]) -> None:
    matrix = {r["topic"]: tuple(int(r[c]) for c in (*REGIONS, "total")) for r in rows}
    assert set(matrix) == {"组织推进", "条例贯彻", "标准化规范化", "解读回应", "机制完善", "平台建设", "直达村居", "开拓创新"}
    assert matrix["条例贯彻"] == (9, 9, 29, 9, 11, 67)
    assert matrix["直达村居"] == (0, 0, 0, 4, 0, 4)
    assert all(sum(v[:-1]) == v[-1] for v in matrix.values())
    assert [r["topic"] for r in rows][:2] == ["条例贯彻", "解读回应"]


def check_platform_work_by_function(rows: Rows, records: list[dict]) -> None:
    table = {(r["region"], r["function"]): (split(r["units"]), int(r["tasks"])) for r in rows}
    assert table[("淮北市", "信息中心")] == ({"信息中心"}, 5)
    assert table[("广州市", "信息中心")] == ({"电化教育馆"}, 3)  # one function, two names
    assert table[("兖州区", "学校")][0] == {"中等职业学校", "各普通中小学", "各学校"}
    assert {f for region, f in table if region == "泗县"} == {"办公室"}
    assert "各科室" not in {f for _, f in table}  # collectives are left out
    assert "石台县" not in {region for region, _ in table}
    ancestors = topic_ancestors()
    want: dict[tuple[str, str], tuple[set[str], set[str]]] = {}
    for rec in records:
        if any("平台建设" in ancestors[t] for t in rec["topics"]):
            for u in rec["units"]:
                if u["function"] and u["function"] != "各科室":
                    names, ids = want.setdefault((rec["region"], u["function"]), (set(), set()))
                    names.add(u["name"])
                    ids.add(rec["id"])
    assert table == {k: (names, len(ids)) for k, (names, ids) in want.items()}


def check_responsible_chain_in_province(rows: Rows, records: list[dict]) -> None:
    assert {r["province"] for r in rows} == {"安徽省"}
    assert {(r["region"], r["agency"]) for r in rows} == {("泗县", "泗县教育体育局"), ("淮北市", "淮北市教育局")}
    assert {r["role"] for r in rows} == {"lead", "responsible"}
    assert ("泗县", "办公室", "lead", "sixian-edu-2022.txt#t018") in {(r["region"], r["unit"], r["role"], r["id"]) for r in rows}
    expected = {(rec["id"], u["name"], u["role"]) for rec in records
                if rec["region_chain"][:1] == ["安徽省"] and "政策解读" in rec["topics"]
                for u in rec["units"] if u["role"] in ("lead", "responsible")
                and u["function"] not in ("县区教育局", "学校")}  # agencies of their own: no chain through the issuer
    assert {(r["id"], r["unit"], r["role"]) for r in rows} == expected


CHECKS: dict[str, Callable[[Rows, list[dict]], None]] = {
    "01-request-disclosure-by-region": check_request_disclosure_by_region,
    "02-tasks-per-unit-per-region": check_tasks_per_unit_per_region,
    "03-due-in-november": check_due_in_november,
    "04-plans-citing-document-number": check_plans_citing_document_number,
    "05-topics-missing-vs-peers": check_topics_missing_vs_peers,
    "06-county-plan-to-provincial-document": check_county_plan_to_provincial_document,
    "07-units-with-most-lead-roles": check_units_with_most_lead_roles,
    "08-ongoing-tasks-per-region": check_ongoing_tasks_per_region,
    "09-tasks-per-domain-with-department": check_tasks_per_domain_with_department,
    "10-plan-domain-records": check_plan_domain_records,
    "11-plans-per-province": check_plans_per_province,
    "12-inherited-from-merged-cells": check_inherited_from_merged_cells,
    "13-topic-region-matrix": check_topic_region_matrix,
    "14-platform-work-by-function": check_platform_work_by_function,
    "15-responsible-chain-in-province": check_responsible_chain_in_province,
}


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_example_query_answers(path: Path, sample_store: OxigraphStore, records: list[dict]) -> None:
    rows = run(sample_store, path)
    assert rows, f"{path.name} returned no rows on the sample store"
    CHECKS[path.stem](rows, records)


# -- the regions a query names -------------------------------------------------------------
#: How the example queries name the regions they read (every copy of the line; see the README's notes on
#: fast queries): the five sample regions, so that on the samples they answer for every plan.
NAMED = " ".join(f'"{region}"@zh' for region in REGIONS)


def naming(path: Path, regions: tuple[str, ...]) -> str:
    """The query with other regions named on its VALUES lines, as a user would edit it."""
    text = path.read_text(encoding="utf-8")
    assert NAMED in text, f"{path.name} does not name the sample regions"
    return text.replace(NAMED, " ".join(f'"{region}"@zh' for region in regions))


#: Scoped queries whose rows each belong to one region: the stem, and how a row's region is read
#: (a column, or the task's region in the task contract).
BY_REGION = {"01-request-disclosure-by-region": "region", "02-tasks-per-unit-per-region": "region",
             "03-due-in-november": "region", "06-county-plan-to-provincial-document": "county",
             "08-ongoing-tasks-per-region": "region", "12-inherited-from-merged-cells": "id",
             "14-platform-work-by-function": "region", "15-responsible-chain-in-province": "id"}


@pytest.mark.parametrize("stem", sorted(BY_REGION))
@pytest.mark.parametrize("region", ["淮北市", "石台县"])
def test_naming_one_region_gives_that_regions_rows(stem: str, region: str, sample_store: OxigraphStore,
                                                   records: list[dict]) -> None:
    path = QUERIES / f"{stem}.rq"
    column = BY_REGION[stem]
    region_of_task = {rec["id"]: rec["region"] for rec in records}
    every = run(sample_store, path)
    mine = [r for r in every if (region_of_task[r["id"]] if column == "id" else r[column]) == region]
    output = run_query(sample_store, naming(path, (region,)))
    named = [dict(zip(output.variables, row, strict=True)) for row in output.rows]
    def cells(rows: Rows) -> list[tuple[str, ...]]:
        table = [tuple(v or "" for v in r.values()) for r in rows]
        return table if stem == "03-due-in-november" else sorted(table)  # 03's order (date, id) is kept

    assert cells(named) == cells(mine)
    if stem in ("01-request-disclosure-by-region", "08-ongoing-tasks-per-region") and region == "淮北市":
        assert named  # 淮北市 has rows in both; 石台县 names no units (01) but has plans (08)


def test_the_matrix_counts_the_regions_named(sample_store: OxigraphStore) -> None:
    path = QUERIES / "13-topic-region-matrix.rq"
    output = run_query(sample_store, naming(path, ("淮北市", "广州市")))
    matrix = {row[0]: dict(zip(output.variables, row, strict=True)) for row in output.rows}
    every = {r["topic"]: r for r in run(sample_store, path)}
    assert matrix["条例贯彻"]["淮北市"] == every["条例贯彻"]["淮北市"] == "29"
    for topic, row in matrix.items():
        assert row["泗县"] == row["石台县"] == row["兖州区"] == "0"  # their columns stay, with nothing counted
        assert int(row["total"]) == int(row["淮北市"]) + int(row["广州市"]) == (
            int(every[topic]["淮北市"]) + int(every[topic]["广州市"]))


def test_topics_missing_are_measured_against_the_plans_named(sample_store: OxigraphStore, records: list[dict]) -> None:
    """Without 石台县 the peers are the other four plans: a topic only 石台县 and two others cover falls under
    the threshold of three, and 石台县's own gaps are not listed."""
    named = ("泗县", "兖州区", "淮北市", "广州市")
    output = run_query(sample_store, naming(QUERIES / "05-topics-missing-vs-peers.rq", named))
    found = {(row[0], row[2]): int(row[3]) for row in output.rows}
    assert found == topic_gaps([rec for rec in records if rec["region"] in named])
    assert "shitai-county-2022.txt" not in {doc for doc, _ in found}
    assert found != {k: v for k, v in {(r["doc"], r["topic"]): int(r["peers_covering"])
                                       for r in run(sample_store, QUERIES / "05-topics-missing-vs-peers.rq")}.items()
                     if k[0] != "shitai-county-2022.txt"}  # the counts differ from those against all five


def test_every_query_has_a_check() -> None:
    assert len(QUERY_FILES) >= 12
    assert {p.stem for p in QUERY_FILES} == set(CHECKS)


# -- the files themselves -------------------------------------------------------------------
_CJK = re.compile(r"[\u4e00-\u9fff]")
_TERM = re.compile(r"(?<![\w?$])(" + "|".join(PREFIXES) + r"):([A-Za-z][\w-]*)")
#: Closed term lists of the vocabularies the queries may use (rdflib's DefinedNamespaces).
#: (Looked up through the module: pytest's collection trips over the open TIME and XSD namespaces as globals.)
_VOCABULARIES = {"zwgk": ZWGK, "eli": ELI, "geo": GEO, **{p: getattr(rdf_ns, p.upper()) for p in
                 ("org", "skos", "dcterms", "prov", "time", "rdf", "rdfs", "owl", "xsd")}}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_file_says_what_it_answers_and_uses_declared_terms(path: Path, ontology: Graph) -> None:
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# ") and _CJK.search(first) and " / " in first, "first line: # 中文问题 / English question"
    assert re.search(r"[A-Za-z]{3,}", first.split(" / ", 1)[1])
    assert not re.search(r"^\s*PREFIX\b", text, re.IGNORECASE | re.MULTILINE), "rely on the pre-bound prefixes"
    terms = set(_TERM.findall(text))
    assert terms
    for prefix, local in terms:
        if prefix in _VOCABULARIES:
            assert local in _VOCABULARIES[prefix].__annotations__, f"{prefix}:{local} is not a term of {prefix}"
        else:  # instance namespaces: the concept or scheme must be declared in ontology.ttl
            assert (URIRef(PREFIXES[prefix] + local), None, None) in ontology, f"{prefix}:{local} is not in ontology.ttl"


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_each_answer_is_in_oxigraphs_own_order(sample_store: OxigraphStore, path: Path) -> None:
    """zwgk sorts a final ORDER BY itself (graph/ordering.py); on the samples the answer is Oxigraph's, byte for byte."""
    import pyoxigraph as ox

    query = path.read_text(encoding="utf-8")
    tsv = ox.QueryResultsFormat.TSV
    ours = evaluate(sample_store, query).serialize(format=tsv)
    theirs = sample_store._store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True).serialize(format=tsv)
    assert ours == theirs
