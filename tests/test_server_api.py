"""`zwgk serve`'s /api/: the JSON of the CLI's --json for the same store, strict parameters, the page's data."""
from __future__ import annotations

import csv
import io
import json
import shutil
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLES
from server_helpers import get_query, request, running
from typer.testing import CliRunner

from zwgk.cli import app

ASK = "谁负责依申请公开"
REGIONS = {"淮北市", "石台县", "广州市", "泗县", "兖州区"}


@pytest.fixture(scope="module")
def indexed_store(indexed_sample_store: Path) -> Path:
    return indexed_sample_store


@pytest.fixture(scope="module")
def server(indexed_store: Path) -> Iterator[str]:
    with running(indexed_store) as url:
        yield url


def cli(store: Path, *args: str) -> str:
    out = CliRunner().invoke(app, [*args, "--store", str(store)])
    assert out.exit_code == 0, out.output
    return out.stdout


def api(url: str, path: str, **params: str) -> tuple[int, Any]:
    status, headers, body = request(url, "GET", f"/api/{path}?{urllib.parse.urlencode(params)}")
    if headers.get("content-type", "").startswith("application/json"):
        return status, json.loads(body)
    return status, body.decode("utf-8")


def test_search_and_ask_are_the_clis_json(server: str, indexed_store: Path) -> None:
    status, hits = api(server, "search", q="政务新媒体", region="安徽省")
    assert status == 200 and hits["hits"]
    assert hits == json.loads(cli(indexed_store, "search", "政务新媒体", "--region", "安徽省", "--json"))
    status, answer = api(server, "ask", q=ASK)
    assert status == 200 and {a["region"] for a in answer["answers"]} == REGIONS
    assert answer == json.loads(cli(indexed_store, "ask", ASK, "--json"))


def test_an_answer_comes_in_pages_of_plans_that_add_up_to_the_whole(server: str) -> None:
    """`plans` and `offset` page the answering plans (a question over a province answers thousands);
    the pages, read on by `next_offset`, are the whole answer in its order, with the same totals."""
    _, whole = api(server, "ask", q=ASK)
    pages, offset = [], 0
    while offset is not None:
        status, page = api(server, "ask", q=ASK, plans="2", offset=str(offset))
        assert status == 200 and len(page["answers"]) <= 2
        assert (page["count"], page["plans_total"], page["silent"]) == (whole["count"], 5, whole["silent"])
        pages.append(page["answers"])
        offset = page["next_offset"]
    assert [len(p) for p in pages] == [2, 2, 1]
    assert [a for p in pages for a in p] == whole["answers"]
    assert whole["next_offset"] is None and whole["offset"] == 0
    status, text = api(server, "ask", q=ASK, plans="0")
    assert status == 400 and "plans must be a whole number from 1 to 1000" in text


def test_tasks_plans_and_stats_are_the_clis(server: str, indexed_store: Path) -> None:
    status, tasks = api(server, "tasks", region="泗县", ongoing="false")
    expected = [json.loads(line) for line in cli(indexed_store, "tasks", "--region", "泗县", "--not-ongoing").splitlines()]
    assert status == 200 and tasks == expected and 0 < len(tasks) < 160
    status, window = api(server, "tasks", due_after="2022-06-01", due_before="2022-12-31")
    expected = [json.loads(line) for line in cli(indexed_store, "tasks", "--due-after", "2022-06-01",
                                                  "--due-before", "2022-12-31").splitlines()]
    assert status == 200 and window == expected and 0 < len(window) < 160  # the page's deadline window
    _, _, table = request(server, "GET", "/api/tasks?" + urllib.parse.urlencode({"region": "泗县", "format": "csv"}))
    out = CliRunner().invoke(app, ["tasks", "--region", "泗县", "-f", "csv", "--store", str(indexed_store)])
    assert table == out.stdout_bytes  # byte for byte (click's .stdout would fold the CSV's CRLF)
    status, led = api(server, "tasks", unit="办公室", role="lead")
    expected = [json.loads(line) for line in cli(indexed_store, "tasks", "--unit", "办公室", "--role", "lead").splitlines()]
    assert status == 200 and led == expected and len(led) == 16
    status, bare = api(server, "tasks", unassigned="true")
    assert status == 200 and len(bare) == 42 and not any(t["units"] for t in bare)
    status, undated = api(server, "tasks", undated="true", region="石台县")
    assert status == 200 and len(undated) == 41 and not any(t["deadline_raw"] or t["deadlines"] for t in undated)
    status, stats = api(server, "stats")
    assert stats == json.loads(cli(indexed_store, "stats", "--json")) and stats["totals"]["tasks"] == 160
    status, plans = api(server, "plans", region="安徽省")
    assert status == 200 and {p["region"] for p in plans} == {"淮北市", "石台县", "泗县"}


def test_compare_json_csv_and_xlsx(server: str, indexed_store: Path) -> None:
    status, result = api(server, "compare", q="依申请公开")
    assert status == 200 and result == json.loads(cli(indexed_store, "compare", "依申请公开", "--json"))
    _, headers, body = request(server, "GET", "/api/compare?" + urllib.parse.urlencode({"q": "依申请公开", "format": "csv"}))
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert "attachment" in headers["content-disposition"] and {r[0] for r in rows[1:]} == REGIONS
    _, _, body = request(server, "GET", "/api/compare?" + urllib.parse.urlencode({"q": "依申请公开", "format": "xlsx"}))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(body)).active
    cells = [["" if c.value is None else str(c.value) for c in row] for row in sheet.iter_rows()]
    assert cells == rows  # the CSV's rows; years and counts are numbers in the sheet


@pytest.mark.parametrize(("path", "params", "reason"), [
    ("tasks", {"year": "二〇二二"}, "year must be a whole number"),
    ("tasks", {"due_before": "2020-13-45"}, "no month 13"),
    ("ask", {}, "q is missing"),
    ("search", {"q": "x" * 3000}, "longer than"),
    ("tasks", {"format": "pdf"}, "format must be one of"),
    ("tasks", {"ongoing": "maybe"}, "true or false"),
    ("tasks", {"unit": "办公室", "role": "boss"}, "role must be one of lead, responsible, cooperate"),
])
def test_bad_parameters_are_400_with_the_reason(server: str, path: str, params: dict[str, str], reason: str) -> None:
    status, text = api(server, path, **params)
    assert status == 400 and reason in text


def test_source_shows_the_lines_of_a_task(server: str) -> None:
    _, answer = api(server, "ask", q=ASK)
    task = next(t for a in answer["answers"] if a["region"] == "泗县" for t in a["tasks"])
    status, source = api(server, "source", doc=task["doc"])
    first, last = task["source_lines"]
    shown = "".join(source["lines"][first - 1:last]).replace(" ", "")
    assert status == 200 and not source["changed"] and task["requirement"][:8] in shown
    assert api(server, "source", doc="nope.txt")[0] == 404


def test_source_of_a_file_changed_since_ingest_says_so(indexed_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(indexed_store, store)
    plan = tmp_path / "plan.txt"
    plan.write_text((SAMPLES / "sixian-edu-2022.txt").read_text(encoding="utf-8") + "\n", encoding="utf-8")  # not a copy
    cli(store, "ingest", str(plan))
    plan.write_text("改过了\n" + plan.read_text(encoding="utf-8"), encoding="utf-8")
    with running(store) as url:
        status, source = api(url, "source", doc="plan.txt")
    assert status == 200 and source["changed"] and "行号" in source["note"]


def test_charts_cells_name_the_tasks_of_their_region_and_topic(server: str) -> None:
    status, charts = api(server, "charts")
    _, tasks = api(server, "tasks")
    by_id = {t["id"]: t for t in tasks}
    heat = charts["heatmap"]
    assert status == 200 and set(heat["regions"]) == REGIONS
    for r, region in enumerate(heat["regions"]):
        for c, topic in enumerate(heat["topics"]):
            assert all(by_id[i]["region"] == region and topic in by_id[i]["topics"] for i in heat["cells"][r][c])
    assert {p["name"] for p in charts["map"]} == REGIONS and len(charts["provinces"]) == 34


def test_page_assets_examples_and_openapi(server: str) -> None:
    status, headers, body = request(server, "GET", "/")
    assert status == 200 and "问答" in body.decode() and headers["content-type"].startswith("text/html")
    for asset in ("/static/app.js", "/static/app.css", "/static/vendor/yasgui/yasgui.min.js"):
        assert request(server, "GET", asset)[0] == 200
    assert b"http://" not in request(server, "GET", "/static/index.html")[2].replace(b"http://www.w3.org", b"")
    status, examples = api(server, "examples")
    assert status == 200 and len(examples) >= 15 and all(e["query"].strip() for e in examples)
    for example in examples:  # as written (the endpoint binds the prefixes) and as the SPARQL page loads it
        written, declared = (get_query(server, example[key], "text/csv") for key in ("query", "declared"))
        assert written[0] == declared[0] == 200 and written[2] == declared[2], example["name"]
    status, spec = api(server, "openapi.json")
    assert spec["openapi"].startswith("3.") and {"/api/search", "/api/ask", "/api/tasks", "/api/plans",
                                                "/api/stats"} <= set(spec["paths"])


def test_update_is_applied_with_allow_update_and_search_follows(indexed_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(indexed_store, store)
    drop = "DROP GRAPH <https://w3id.org/zwgk/id/graph/plan/sixian-edu-2022.txt>"
    form = urllib.parse.urlencode({"update": drop}).encode()
    with running(store, allow_update=True) as url:
        status, _, text = request(url, "POST", "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded",
                                                                  "Origin": "http://evil.example"})
        assert status == 403 and b"own pages" in text
        status, _, text = request(url, "POST", "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 200 and b"update applied" in text, text
        _, _, count = get_query(url, "SELECT (COUNT(*) AS ?n) WHERE { ?t a zwgk:Task }", "text/csv")
        assert int(count.split()[1]) == 160 - 29
        _, answer = api(url, "ask", q=ASK)
        assert "泗县" not in {a["region"] for a in answer["answers"]}
        status, _, text = request(url, "POST", "/sparql", b"DROP NONSENSE", {"Content-Type": "application/sparql-update"})
        assert status == 400 and b"not applied" in text
