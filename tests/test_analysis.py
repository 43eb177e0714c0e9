"""Cross-region analyses on the five samples, read back from a store the way `zwgk ingest` writes it.

compare: who handles 依申请公开 in each plan (办公室 in the four plans that name
units, none in 石台's); diffusion: the template sentences 泗县's and 石台's
plans share (the 舆情 5/48-hour rule among them) with the Anhui campaign both
implement; coverage: what each plan lacks against its peers and its policy
chain; units: workload and centrality. MinHash/LSH is checked against the
exact all-pairs search it approximates.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from typer.testing import CliRunner

from zwgk.analysis.compare import compare, select_tasks
from zwgk.analysis.corpus import Corpus, make_corpus
from zwgk.analysis.coverage import coverage
from zwgk.analysis.diffusion import diffusion, split_sentences
from zwgk.analysis.minhash import MinHashLSH, components, exact_pairs, star_clusters
from zwgk.analysis.networks import ANALYSIS_GRAPHS, analysis_graph, write_graph
from zwgk.analysis.workload import workload
from zwgk.cli import app
from zwgk.model.filters import Filters
from zwgk.model.records import PlanRecord, TaskRecord

SIXIAN, SHITAI, HUAIBEI = "sixian-edu-2022.txt", "shitai-county-2022.txt", "huaibei-edu-2020.txt"
GUANGZHOU, YANZHOU = "guangzhou-edu-2021.txt", "yanzhou-edu-2023.txt"
ENV = {"ZWGK_MODEL": "/nonexistent/zwgk-test-model", "ZWGK_STORE": None, "COLUMNS": "160"}
runner = CliRunner()


@pytest.fixture(scope="module")
def store_dir(sample_store: Path) -> Path:
    return sample_store


@pytest.fixture(scope="module")
def corpus(sample_corpus: Corpus) -> Corpus:
    return sample_corpus


@pytest.fixture(scope="module")
def groups(corpus: Corpus) -> list[dict]:
    return diffusion(corpus)["groups"]


def cli(*args: str | Path):
    result = runner.invoke(app, [str(a) for a in args], env=ENV)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


# -- compare -------------------------------------------------------------------------------------------


def test_compare_request_disclosure_names_the_office_in_every_plan_with_units(corpus: Corpus) -> None:
    result = compare(corpus, "依申请公开")
    rows = {p["doc"]: p for p in result["plans"]}
    assert result["kind"] == "topic" and result["label"] == "依申请公开"
    assert set(rows) == {SIXIAN, SHITAI, HUAIBEI, GUANGZHOU, YANZHOU}
    for doc in (SIXIAN, HUAIBEI, GUANGZHOU, YANZHOU):
        named = {u["name"] for role in ("lead", "responsible", "cooperate") for u in rows[doc][role]}
        assert "办公室" in named, doc
        assert rows[doc]["tasks"] >= 1 and rows[doc]["note"] == ""
    assert [u["name"] for u in rows[SIXIAN]["lead"]] == ["办公室"]  # 泗县: 办公室 leads, the sections are responsible
    shitai = rows[SHITAI]
    assert shitai["tasks"] >= 1 and shitai["note"] == "未列明责任单位"
    assert shitai["lead"] == shitai["responsible"] == shitai["cooperate"] == []
    office = next(f for f in result["functions"] if f["function"] == "办公室")
    assert set(office["plans"]) == {SIXIAN, HUAIBEI, GUANGZHOU, YANZHOU}


def test_compare_reads_alt_labels_and_counts_tasks(corpus: Corpus) -> None:
    by_alt, by_pref = compare(corpus, "申请公开"), compare(corpus, "依申请公开")
    assert by_alt["label"] == "依申请公开" and by_alt["tasks"] == by_pref["tasks"]
    assert sum(p["tasks"] for p in by_pref["plans"]) == by_pref["tasks"]


def test_finance_units_compare_as_one_function(corpus: Corpus) -> None:
    """计划财务处 (广州), 计划财务科 and 计财科 (淮北) are one function in the ontology."""
    result = compare(corpus, "财政预决算")
    finance = next(f for f in result["functions"] if f["function"] == "计划财务")
    assert {GUANGZHOU, HUAIBEI} <= set(finance["plans"])
    assert "计划财务处" in finance["plans"][GUANGZHOU]["units"]
    assert "计划财务科" in finance["plans"][HUAIBEI]["units"]
    units = next(r for r in workload(corpus)["across"] if r["unit"] == "计划财务")
    assert {"计划财务处", "计划财务科", "计财科"} <= set(units["names"])


def test_a_query_naming_no_concept_matches_text(corpus: Corpus) -> None:
    selection, tasks = select_tasks(corpus, "舆情 48小时")
    assert selection.kind == "text"
    assert {t.doc for t in tasks} == {SIXIAN, SHITAI}


# -- diffusion ------------------------------------------------------------------------------------------


def group_with(groups: list[dict], text: str) -> dict:
    found = [g for g in groups if any(text in w["text"] for w in g["wordings"])]
    assert len(found) == 1, (text, [g["text"] for g in found])
    return found[0]


def test_diffusion_finds_the_public_opinion_rule_shared_by_sixian_and_shitai(groups: list[dict]) -> None:
    g = group_with(groups, "5小时内发布权威信息")
    assert {p["doc"] for p in g["plans"]} == {SIXIAN, SHITAI}
    assert set(g["regions"]) == {"泗县", "石台县"} and g["provinces"] == ["安徽省"]
    assert "48小时内予以回应" in g["text"]
    basis = g["basis"]
    assert "基层政务公开提升行动" in basis["phrase"]
    top = basis["documents"][0]
    assert top["number"] == "皖政务办〔2022〕4号" and top["level"] == "province"
    assert {d["level"] for d in basis["documents"]} >= {"province", "city"}
    assert g["first"]["year"] == 2022 and g["first"]["why"] == "same year and level"


@pytest.mark.parametrize("text", [
    "完善回应关切制度", "高质量编制和发布政府信息公开工作年度报告", "主动公开目录全面、规范",
    "定期公开基层政务公开标准化规范化工作进展情况", "丰富政策解读形式，运用多种方式提高解读效果",
    "法定主动公开内容及时、准确", "将基层政务公开标准化规范化工作情况纳入", "定期发布现行有效行政规范性文件目录",
    "主动回应群众和", "准确处理主动公开工作与个人隐私保护",
])
def test_diffusion_finds_the_other_template_sentences(groups: list[dict], text: str) -> None:
    g = group_with(groups, text)
    assert {p["doc"] for p in g["plans"]} == {SIXIAN, SHITAI}
    assert g["basis"] and "基层政务公开提升行动" in g["basis"]["phrase"]


def test_diffusion_orders_wordings_by_year(groups: list[dict]) -> None:
    """淮北 (2020) printed 列席…会议 two years before 石台 (2022)."""
    g = group_with(groups, "利益相关方、群众代表、专家、媒体等列席")
    assert {p["doc"] for p in g["plans"]} == {HUAIBEI, SHITAI}
    assert g["first"]["doc"] == HUAIBEI and g["first"]["why"] == "earliest year"
    assert g["variants"] == 2


def test_the_first_groups_alone_are_the_first_of_all_groups(corpus: Corpus, groups: list[dict]) -> None:
    """A table or the report builds only the groups it shows: the same groups, ids and count as all of them."""
    top = diffusion(corpus, top=3)
    assert top["groups"] == groups[:3] and [g["id"] for g in top["groups"]] == [1, 2, 3]
    assert top["group_count"] == diffusion(corpus)["group_count"] == len(groups) > 3


def test_a_group_names_the_same_basis_in_every_run() -> None:
    """Three plans each cite two documents that are equally long and equally widely cited: the basis is the
    same whatever Python's string hashing (it followed a set's order, so two runs over one store differed)."""
    import os
    import subprocess
    import sys

    script = """
import json
from zwgk.analysis.diffusion import diffusion
from zwgk.analysis.corpus import make_corpus
from zwgk.model.records import PlanRecord, TaskRecord
titles = ["政府信息公开信息处理费管理办法", "中华人民共和国政府信息公开条例"]
plans = [PlanRecord.from_json({"doc": f"p{n}.txt", "region": r, "year": 2022, "policies": [{"title": t} for t in titles]})
         for n, r in enumerate(["泗县", "石台县", "广州市"])]
tasks = [TaskRecord.from_json({"id": f"p{n}.txt#t001", "doc": f"p{n}.txt", "units": [], "section": [],
                               "requirement": "按照规定做好依申请公开信息处理费的收取工作。"}) for n in range(3)]
print(json.dumps(diffusion(make_corpus(tasks, plans))["groups"][0]["basis"], ensure_ascii=False))
"""
    runs = {subprocess.run([sys.executable, "-c", script], env={**os.environ, "PYTHONHASHSEED": seed},
                           capture_output=True, text=True, check=True).stdout for seed in ("1", "2", "3", "4", "5", "6")}
    assert len(runs) == 1
    basis = json.loads(runs.pop())
    assert basis["plans"] == 3 and basis["phrase"] in {d["title"] for d in basis["documents"]}


def test_every_group_spans_two_plans_and_reads_the_same_in_each(groups: list[dict]) -> None:
    assert len(groups) >= 12
    for g in groups:
        assert len({p["doc"] for p in g["plans"]}) >= 2
        assert g["first"]["doc"] in {p["doc"] for p in g["plans"]}


def test_minhash_finds_the_groups_all_pairs_finds(corpus: Corpus, groups: list[dict]) -> None:
    exact = diffusion(corpus, method="exact")["groups"]

    def members(gs: list[dict]) -> set[frozenset[str]]:
        return {frozenset(t for p in g["plans"] for t in p["tasks"]) for g in gs}

    assert members(groups) == members(exact)


def test_sentences_are_cut_at_full_stops_and_folded() -> None:
    got = split_sentences("1．主动公开目录全面、规范。法定主动公开内容及时、准确，公开质量较高。短句。")
    assert [k for _, k in got] == ["主动公开目录全面规范", "法定主动公开内容及时准确公开质量较高"]
    assert got[0][0] == "主动公开目录全面、规范"


def _edited(rng: random.Random, text: str, rate: float, alphabet: str) -> str:
    out = []
    for ch in text:
        r = rng.random()
        if r < rate / 2:
            out.append(rng.choice(alphabet))
        elif r < rate:
            continue
        else:
            out.append(ch)
    return "".join(out)


def co_members(centres: np.ndarray) -> set[tuple[int, int]]:
    groups: dict[int, list[int]] = {}
    for i, c in enumerate(centres.tolist()):
        groups.setdefault(c, []).append(i)
    return {(a, b) for g in groups.values() for n, a in enumerate(g) for b in g[n + 1 :]}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_minhash_agrees_with_all_pairs(seed: int) -> None:
    """Edited copies of three template sentences among unrelated ones (keys ordered by priority).

    Every similar pair ends up connected, and the star clusters built from the LSH pairs
    are the ones built from all pairs: LSH proposes centre→member pairs, which is all
    the clustering needs (member↔member pairs are deliberately not proposed).
    """
    rng = random.Random(seed)
    alphabet = "政务公开工作要求规范信息平台建设完善制度落实推进加强管理服务群众"
    base = ["对于涉及特别重大重大突发事件的舆情5小时内发布权威信息其他舆情48小时内予以回应",
            "定期发布现行有效行政规范性文件目录依托政策文件库实现文件集中规范公开",
            "高质量编制和发布政府信息公开工作年度报告并做好解读和集中展示工作"]
    keys = base + [_edited(rng, b, rng.uniform(0, 0.2), alphabet) for b in base for _ in range(40)]
    keys += ["".join(rng.choice(alphabet) for _ in range(30)) for _ in range(150)]
    keys = list(dict.fromkeys(keys))
    truth = exact_pairs(keys, 0.5)
    found = MinHashLSH(threshold=0.5).pairs(keys)
    assert len(truth) > 400
    label = components(len(keys), found[:, 0], found[:, 1])
    assert sum(label[i] == label[j] for i, j in truth) / len(truth) >= 0.99
    exact = co_members(star_clusters(len(keys), np.array(sorted(truth))))
    approx = co_members(star_clusters(len(keys), found))
    assert len(exact & approx) / len(exact) >= 0.97 and len(exact & approx) / len(approx) >= 0.97


def test_star_clusters_do_not_chain() -> None:
    # 0~1, 1~2, 2~3: a chain. Greedy stars: 0 takes 1; 2 takes 3.
    centres = star_clusters(4, np.array([[0, 1], [1, 2], [2, 3]]))
    assert centres.tolist() == [0, 0, 2, 2]
    assert components(4, np.array([0, 1, 2]), np.array([1, 2, 3])).tolist() == [0, 0, 0, 0]


# -- coverage --------------------------------------------------------------------------------------------


def test_coverage_matrix_and_peer_gaps(corpus: Corpus) -> None:
    result = coverage(corpus)
    m = result["matrix"]
    assert len(m["plans"]) == 5 and len(m["counts"]) == 5 and all(len(r) == len(m["topics"]) for r in m["counts"])
    assert sum(map(sum, m["counts"])) == sum(len(t.topics) for t in corpus.tasks)
    plans = {p["doc"]: p for p in result["plans"]}
    for doc, p in plans.items():
        assert p["missing_vs_peers"], doc  # each plan lacks something most of its peers carry
        for gap in p["missing_vs_peers"]:
            assert gap["of"] == 4 and gap["peers"] >= 3
            column = m["topics"].index(gap["topic"])
            assert m["counts"][m["plans"].index(doc)][column] == 0
    assert "政务新媒体" in {g["topic"] for g in plans[SIXIAN]["missing_vs_peers"]}
    assert "平台建设" in {g["topic"] for g in plans[YANZHOU]["missing_vs_peers"]}
    assert "依申请公开" not in {g["topic"] for p in plans.values() for g in p["missing_vs_peers"]}  # all five carry it
    assert all(p["policy_chain"] == [] for p in plans.values())  # none of the cited documents is in the store


def test_coverage_follows_the_policy_chain_down() -> None:
    """A county plan citing its city's plan by 文号 is checked against the city plan's topics."""
    def task(doc, n, topics, **plan):
        return {"id": f"{doc}#{n}", "doc": doc, "requirement": "x", "units": [], "topics": topics, "domains": [],
                "section": [], **plan}

    city = {"doc": "city.txt", "plan_title": "市计划", "doc_number": "宿政务办〔2022〕1号", "region": "宿州市",
            "region_chain": ["安徽省", "宿州市"], "year": 2022, "policies": []}
    county = {"doc": "county.txt", "plan_title": "县计划", "region": "泗县", "region_chain": ["安徽省", "宿州市", "泗县"],
              "year": 2022, "policies": [{"title": "宿州市…的通知", "number": "宿政务办〔2022〕1号"}]}
    tasks = [task("city.txt", 1, ["政策解读", "依申请公开"]), task("city.txt", 2, ["政务新媒体"]),
             task("county.txt", 1, ["政策解读"])]
    result = coverage(make_corpus([TaskRecord.from_json(t) for t in tasks],
                                  [PlanRecord.from_json(city), PlanRecord.from_json(county)]))
    plans = {p["doc"]: p for p in result["plans"]}
    assert plans["county.txt"]["policy_chain"] == ["city.txt"]
    assert plans["county.txt"]["not_carried_down"] == [
        {"doc": "city.txt", "plan_title": "市计划", "region": "宿州市", "topics": ["依申请公开", "政务新媒体"]}]
    assert plans["city.txt"]["not_carried_down"] == []


# -- filters, units, graphs ------------------------------------------------------------------------------


def test_filters_choose_plans_and_tasks_like_search(corpus: Corpus) -> None:
    anhui = corpus.filtered(Filters(region="安徽省"))
    assert set(anhui.plans) == {SIXIAN, SHITAI, HUAIBEI}
    assert set(corpus.filtered(Filters(region="安徽", year=2022)).plans) == {SIXIAN, SHITAI}
    on_topic = corpus.filtered(Filters(topic="依申请公开"))
    assert len(on_topic.plans) == 5 and all("依申请公开" in t.topics for t in on_topic.tasks)
    assert compare(anhui, "依申请公开")["tasks"] < compare(corpus, "依申请公开")["tasks"]
    assert coverage(corpus.filtered(Filters(region="广州市")))["matrix"]["plans"] == [GUANGZHOU]


def test_unit_centrality_is_the_same_in_every_run(store_dir: Path) -> None:
    # sampled betweenness draws its pivots in node order, which must not follow Python's string hashing
    import os
    import subprocess
    import sys

    runs = {subprocess.run([sys.executable, "-c", "from zwgk.cli import main; main()", "units", "--json",
                            "--store", str(store_dir)], env={**os.environ, "PYTHONHASHSEED": seed},
                           capture_output=True, text=True, check=True).stdout for seed in ("1", "2")}
    assert len(runs) == 1 and '"betweenness"' in runs.pop()


def test_unit_workload_and_centrality(corpus: Corpus) -> None:
    result = workload(corpus)
    office = next(r for r in result["across"] if r["unit"] == "办公室")
    assert office["plans"] == 4 and office["plan_share"] == 0.8
    assert office["lead"] >= 15 and office["tasks"] > 50  # 泗县's 办公室 leads most of its tasks
    for r in result["across"]:
        assert 0 <= r["degree"] <= 1 and 0 <= r["betweenness"] <= 1 and r["tasks"] >= max(r["lead"], r["cooperate"])
    plans = {p["doc"]: p for p in result["plans"]}
    assert plans[SHITAI]["units"] == []
    assert plans[SIXIAN]["units"][0]["unit"] == "办公室"


@pytest.mark.parametrize("name", ANALYSIS_GRAPHS)
@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_analysis_graphs_round_trip_with_attributes(corpus: Corpus, name: str, fmt: str, tmp_path: Path) -> None:
    g = analysis_graph(name, corpus)
    path = tmp_path / f"g.{fmt}"
    path.write_bytes(write_graph(g, fmt))
    back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert back.number_of_nodes() == g.number_of_nodes() and back.number_of_edges() == g.number_of_edges()
    kinds = {d.get("kind") for _, d in back.nodes(data=True)}
    if name != "tasks":
        plans = [d for _, d in back.nodes(data=True) if d.get("kind") == "plan"]
        assert bool(plans) == (name != "unit-topic") and all(d["region"] and d["level"] for d in plans)
        assert back.number_of_edges() and all("weight" in d for *_, d in back.edges(data=True))
    if name == "unit-topic":
        assert kinds == {"unit", "topic"} and {d["role"] for *_, d in back.edges(data=True)} >= {"lead", "responsible"}
    if name == "diffusion":
        assert back.has_edge(f"plan:{SIXIAN}", f"plan:{SHITAI}")


# -- the commands ----------------------------------------------------------------------------------------


def test_cli_compare_json_and_csv(store_dir: Path) -> None:
    data = json.loads(cli("compare", "依申请公开", "--json", "--store", store_dir).stdout)
    assert {p["doc"]: p["note"] for p in data["plans"]}[SHITAI] == "未列明责任单位"
    csv_out = cli("compare", "依申请公开", "--csv", "--region", "安徽省", "--store", store_dir).stdout.splitlines()
    assert csv_out[0].startswith("region,") and len(csv_out) == 4
    assert "办公室" in cli("compare", "依申请公开", "--store", store_dir).stdout


def test_cli_diffusion_coverage_units(store_dir: Path) -> None:
    data = json.loads(cli("diffusion", "--json", "--store", store_dir).stdout)
    assert any("5小时内发布权威信息" in g["text"] for g in data["groups"])
    assert "基层政务公开提升行动" in cli("diffusion", "--store", store_dir).stdout
    rows = cli("coverage", "--csv", "--store", store_dir).stdout.splitlines()
    assert rows[0].startswith("doc,") and len(rows) == 6
    units = json.loads(cli("units", "--json", "--year", "2022", "--store", store_dir).stdout)
    assert {p["doc"] for p in units["plans"]} == {SIXIAN, SHITAI}


def test_cli_export_gexf(store_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "units.gexf"
    cli("export", "-f", "gexf", "--graph", "unit-topic", "--region", "安徽省", "-o", out, "--store", store_dir)
    g = nx.read_gexf(out)
    assert "unit:办公室" in g and "topic:依申请公开" in g


def test_a_due_window_read_from_the_index_lists_what_all_the_records_list(indexed_sample_store: Path) -> None:
    """`zwgk due --within` reads only the tasks with a date in the window (the index's deadline columns);
    the listing is the one every record gives, for windows in each sample year and across years."""
    from datetime import date

    from zwgk.analysis.due import due_tasks, window_filters
    from zwgk.settings import load_settings
    from zwgk.workspace.workspace import Workspace

    ws = Workspace(load_settings(store=indexed_sample_store, model="/nonexistent/model"))
    everything = ws.corpus(Filters()).tasks
    for today, within in ((date(2023, 11, 1), 30), (date(2022, 6, 1), 90), (date(2020, 9, 15), 60),
                          (date(2021, 12, 1), 30), (date(2019, 1, 1), 1500)):
        narrowed = ws.corpus(window_filters(Filters(), today, within)).tasks
        listed = [(d.record.id, d.date) for d in due_tasks(narrowed, today, within)]
        assert listed == [(d.record.id, d.date) for d in due_tasks(everything, today, within)], today
        assert listed and len(narrowed) < len(everything)
    region = Filters(region="广州市")  # other filters stay
    assert window_filters(region, date(2021, 12, 1), 30) == Filters(region="广州市", due_after="2021-12-01",
                                                                    due_before="2021-12-31")
    assert window_filters(region, date(2021, 12, 1), 30, overdue=True) == region
