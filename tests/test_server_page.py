"""The web page of `zwgk serve` clicked in headless Chromium, as an office user would use it.

Chromium and chromedriver are Debian packages: the `browser` fixture (test_report.py) installs them with
apt-get where it runs as root, and skips with the reason where it cannot. Screenshots go to the test's
temporary folder (ZWGK_SCREENSHOTS=DIR keeps them).
"""
from __future__ import annotations

import json
import os
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLES
from server_helpers import request, running
from test_report import browser  # noqa: F401  (the fixture: Chromium through WebDriver)

QUESTION = "谁负责依申请公开"


@pytest.fixture(scope="module")
def server(indexed_sample_store: Path) -> Iterator[str]:
    with running(indexed_sample_store) as url:
        yield url


def _shot(driver: Any, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("ZWGK_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(folder / f"{name}.png"))


def _wait(driver: Any, css: str, count: int = 1, timeout: float = 60) -> list[Any]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, css)) >= count)
    return driver.find_elements(By.CSS_SELECTOR, css)


def test_asking_shows_each_region_with_units_chain_and_source(browser: Any, server: str, tmp_path: Path) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By

    _, _, body = request(server, "GET", "/api/ask?" + urllib.parse.urlencode({"q": QUESTION}))
    expected = {a["region"]: a for a in json.loads(body)["answers"]}
    assert len(expected) == 5
    with_office = {r for r, a in expected.items() if any(u["name"] == "办公室" for u in a["units"])}
    assert len(with_office) >= 4

    browser.get(server + "/")
    box = _wait(browser, "#ask-q")[0]
    box.send_keys(QUESTION)
    browser.find_element(By.CSS_SELECTOR, "#ask-form button").click()
    sections = _wait(browser, ".region-answer", 5)
    _shot(browser, "ask", tmp_path)
    shown = {s.get_attribute("data-region"): s for s in sections}
    assert set(shown) == set(expected)
    for region in with_office:
        section = shown[region]
        assert "办公室" in section.find_element(By.CSS_SELECTOR, ".chips").text
        chains = section.find_elements(By.CSS_SELECTOR, "svg.chain")
        assert chains, region
        boxes = [t.text for svg in chains for t in svg.find_elements(By.CSS_SELECTOR, "text")]
        assert "办公室" in boxes and expected[region]["region_chain"][0] in boxes  # unit … province, drawn
    for region, answer in expected.items():
        if not answer["units"]:
            assert "未列明" in shown[region].text  # a plan that names no unit says so

    task = next(t for t in expected["泗县"]["tasks"] if any(u["name"] == "办公室" for u in t["units"]))
    item = browser.find_element(By.CSS_SELECTOR, f'li.task[data-task="{task["id"]}"]')
    item.find_element(By.CSS_SELECTOR, "a.src").click()
    marked = _wait(browser, ".source-text div.hl")
    _shot(browser, "source", tmp_path)
    first, last = task["source_lines"]
    assert [int(m.get_attribute("id")[1:]) for m in marked] == list(range(first, last + 1))
    assert task["requirement"][:8] in "".join(m.text for m in marked).replace(" ", "")


def test_sparql_page_runs_an_example_query(browser: Any, server: str, tmp_path: Path) -> None:  # noqa: F811
    browser.get(server + "/#/sparql")
    example = _wait(browser, "#example-list a")[0]
    assert example.get_attribute("data-example").startswith("01-")
    example.click()
    cells = _wait(browser, ".yasr table tbody td", 5)
    _shot(browser, "sparql", tmp_path)
    assert any(c.text == "办公室" for c in cells)
    assert browser.execute_script("return location.hash") == "#/sparql"


def test_heatmap_cell_and_map_point_list_their_tasks(browser: Any, server: str, tmp_path: Path) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By

    browser.get(server + "/#/charts")
    cell = _wait(browser, 'td.cell[data-region="泗县"][data-topic="依申请公开"]')[0]
    count = int(cell.text)
    cell.click()
    title = _wait(browser, "#chart-tasks-title")[0]
    assert title.text.startswith("泗县 · 依申请公开") and f"{count} 项任务" in title.text
    assert len(browser.find_elements(By.CSS_SELECTOR, "#chart-tasks tbody tr")) == count
    browser.find_element(By.CSS_SELECTOR, 'circle[data-region="广州市"]').click()
    _wait(browser, "#chart-tasks tbody tr")
    _shot(browser, "charts", tmp_path)
    assert browser.find_element(By.ID, "chart-tasks-title").text.startswith("广州市：28 项任务")


def test_a_long_answer_shows_a_page_of_plans_and_brings_the_rest_on_request(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    """25 plans answer: the page shows 20 of them and a button for the other 5, which then come below."""
    from selenium.webdriver.common.by import By
    from typer.testing import CliRunner

    from zwgk.cli import app

    folder = tmp_path / "plans"
    folder.mkdir()
    text = (SAMPLES / "sixian-edu-2022.txt").read_text(encoding="utf-8")
    for year in range(2000, 2025):
        (folder / f"sixian-{year}.txt").write_text(text.replace("2022", str(year)), encoding="utf-8")
    store = tmp_path / "store"
    out = CliRunner().invoke(app, ["ingest", str(folder), "--store", str(store)])
    assert out.exit_code == 0 and "25 added" in out.stdout, out.output
    with running(store) as url:
        browser.get(url + "/")
        _wait(browser, "#ask-q")[0].send_keys(QUESTION)
        browser.find_element(By.CSS_SELECTOR, "#ask-form button").click()
        assert len(_wait(browser, ".region-answer", 20)) == 20
        more = browser.find_element(By.CSS_SELECTOR, "button.more-plans")
        assert "还有 5 份" in more.text
        assert "25 份计划" in browser.find_element(By.CSS_SELECTOR, "#ask-result .summary-line").text
        more.click()
        sections = _wait(browser, ".region-answer", 25)
        _shot(browser, "ask-more", tmp_path)
        assert not browser.find_elements(By.CSS_SELECTOR, "button.more-plans")
        titles = [s.find_element(By.CSS_SELECTOR, "h3 small").text for s in sections]
        assert len(set(titles)) == 25  # each plan once (years 2000–2024)


def test_the_filter_panel_keeps_the_tasks_that_state_no_deadline_or_name_no_unit(browser: Any, server: str,  # noqa: F811
                                                                                   tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    def listed(**params: str) -> list[dict]:
        _, _, body = request(server, "GET", "/api/tasks?" + urllib.parse.urlencode({"region": "石台县", **params}))
        return json.loads(body)

    undated = listed(undated="true")
    assert 0 < len(undated) < len(listed())
    browser.get(server + "/#/tasks")
    _wait(browser, 'a[data-region="石台县"]')[0].click()
    Select(browser.find_element(By.ID, "f-undated")).select_by_value("true")
    _wait(browser, "#tasks-result tbody tr")
    count = browser.find_element(By.ID, "tasks-count")
    WebDriverWait(browser, 30).until(lambda d: count.text.startswith(f"{len(undated)} 项任务"))
    assert "未明确完成时限" in browser.find_element(By.ID, "filter-summary").text
    Select(browser.find_element(By.ID, "f-undated")).select_by_value("")
    Select(browser.find_element(By.ID, "f-unassigned")).select_by_value("true")
    unassigned = listed(unassigned="true")
    assert len(unassigned) != len(undated)
    WebDriverWait(browser, 30).until(lambda d: count.text.startswith(f"{len(unassigned)} 项任务"))
    _shot(browser, "filters", tmp_path)
    assert "未列明责任单位" in browser.find_element(By.ID, "filter-summary").text


def test_the_filter_panel_keeps_the_tasks_that_name_several_units_and_a_level(browser: Any, server: str, tmp_path: Path) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    _, _, body = request(server, "GET", "/api/tasks?shared=true")
    shared = json.loads(body)
    assert shared and all(len({u["name"] for u in t["units"]}) >= 2 for t in shared)
    browser.get("about:blank")  # a fresh page: no filter left from an earlier test
    browser.get(server + "/#/tasks")
    Select(_wait(browser, "#f-shared")[0]).select_by_value("true")
    count = browser.find_element(By.ID, "tasks-count")
    WebDriverWait(browser, 30).until(lambda d: count.text.startswith(f"{len(shared)} 项任务"))
    _shot(browser, "shared", tmp_path)
    assert "多个单位共同承担" in browser.find_element(By.ID, "filter-summary").text
    _, _, body = request(server, "GET", "/api/tasks?shared=true&level=city")
    in_cities = json.loads(body)
    assert 0 < len(in_cities) < len(shared) and {t["region"] for t in in_cities} == {"淮北市", "广州市"}
    Select(browser.find_element(By.ID, "f-level")).select_by_value("city")
    WebDriverWait(browser, 30).until(lambda d: count.text.startswith(f"{len(in_cities)} 项任务"))
    assert "市级计划" in browser.find_element(By.ID, "filter-summary").text


def test_the_filter_panel_keeps_plans_up_to_a_year_and_tasks_with_a_cooperating_unit(browser: Any, server: str,  # noqa: F811
                                                                                       tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    _, _, body = request(server, "GET", "/api/tasks?until=2021")
    older = json.loads(body)
    assert older and {t["year"] for t in older} == {2020, 2021}
    _, _, body = request(server, "GET", "/api/tasks?until=2021&cooperated=true")
    helped = json.loads(body)
    assert 0 < len(helped) < len(older) and all(any(u["role"] == "cooperate" for u in t["units"]) for t in helped)
    browser.get("about:blank")  # a fresh page: no filter left from an earlier test
    browser.get(server + "/#/tasks")
    Select(_wait(browser, "#f-until")[0]).select_by_value("2021")
    count = browser.find_element(By.ID, "tasks-count")
    WebDriverWait(browser, 30).until(lambda d: count.text.startswith(f"{len(older)} 项任务"))
    Select(browser.find_element(By.ID, "f-cooperated")).select_by_value("true")
    WebDriverWait(browser, 30).until(lambda d: count.text.startswith(f"{len(helped)} 项任务"))
    _shot(browser, "until", tmp_path)
    summary = browser.find_element(By.ID, "filter-summary").text
    assert "…—2021年的计划" in summary and "有配合单位" in summary


def test_a_gap_question_lists_the_plans_that_leave_the_topic_out_first(browser: Any, server: str,  # noqa: F811
                                                                       tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get("about:blank")  # a fresh page: no filter left from an earlier test
    browser.get(server + "/")
    _wait(browser, "#ask-q")[0].send_keys("哪些方案没有涉及政务新媒体")
    browser.find_element(By.CSS_SELECTOR, "#ask-form button").click()
    sections = _wait(browser, ".region-answer", 5)
    _shot(browser, "gap", tmp_path)
    assert "1 份计划未涉及" in browser.find_element(By.CSS_SELECTOR, "#ask-result .summary-line").text
    assert sections[0].get_attribute("data-region") == "泗县" and "silent" in sections[0].get_attribute("class")
    assert not any("silent" in s.get_attribute("class") for s in sections[1:])


def test_the_filter_panel_chooses_a_unit_function_across_plans(browser: Any, server: str,  # noqa: F811
                                                                tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    _, _, body = request(server, "GET", "/api/tasks?" + urllib.parse.urlencode({"unit_function": "计划财务"}))
    finance = json.loads(body)
    assert {u["name"] for t in finance for u in t["units"] if u.get("function") == "计划财务"} == {
        "计财科", "计划财务处", "计划财务科"}  # one function, three names
    browser.get("about:blank")  # a fresh page: no filter left from an earlier test
    browser.get(server + "/#/tasks")
    _wait(browser, "#f-function option[value='计划财务']")
    Select(browser.find_element(By.ID, "f-function")).select_by_value("计划财务")
    count = browser.find_element(By.ID, "tasks-count")
    WebDriverWait(browser, 30).until(lambda d: count.text.startswith(f"{len(finance)} 项任务"))
    _shot(browser, "function", tmp_path)
    assert "职能 计划财务" in browser.find_element(By.ID, "filter-summary").text
