"""The HTML report: one self-contained file with embedded charts and font, Chinese rendered as Chinese.

The last test opens it in headless Chromium and takes a screenshot, as a person
would; it skips when no Chromium is installed.
"""
from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from zwgk.analysis.corpus import Corpus
from zwgk.analysis.workload import unit_topic_graph
from zwgk.cli import app
from zwgk.presentation import charts
from zwgk.presentation.report import render_report

DATA_URI = re.compile(r"data:[^\"')\s]+")


@pytest.fixture(scope="module")
def store_dir(sample_store: Path) -> Path:
    return sample_store


@pytest.fixture(scope="module")
def corpus(sample_corpus: Corpus) -> Corpus:
    return sample_corpus


@pytest.fixture(scope="module")
def page(corpus: Corpus) -> str:
    return render_report(corpus, generated="2024-01-01")


def test_report_is_self_contained(page: str) -> None:
    text = DATA_URI.sub("", page)
    assert "http://" not in text and "https://" not in text and "file:" not in text
    refs = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert refs and all(ref.startswith(("#", "data:image/png;base64,")) for ref in refs)  # anchors and embedded images
    assert not re.search(r"<(?:link|iframe|object|embed)\b", page, re.I)
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page, re.S | re.I)
    assert len(scripts) == 1 and not scripts[0][0].strip()  # one inline script (sorting, heatmap cells), nothing loaded
    assert not re.search(r"fetch\(|XMLHttpRequest|import\(|\bsrc\s*=", scripts[0][1])
    assert not re.search(r"@import|url\((?!data:)", page)
    images = re.findall(r'<img src="data:image/png;base64,([^"]+)"', page)
    assert len(images) == 2  # unit–topic network, map (the heatmap is a clickable table)
    for data in images:
        image = Image.open(io.BytesIO(base64.b64decode(data)))
        assert image.format == "PNG" and image.width > 400 and image.height > 200


def test_report_carries_the_analyses_in_chinese(page: str) -> None:
    for text in ("依申请公开", "办公室", "未列明责任单位", "5小时内发布权威信息", "基层政务公开提升行动",
                 "皖政务办〔2022〕4号", "覆盖缺口", "石台县", "计划财务", "泗县"):
        assert text in page, text


def test_the_embedded_font_has_every_character_of_the_page(page: str) -> None:
    from fontTools.ttLib import TTFont

    woff = re.search(r"url\(data:font/woff;base64,([^)]+)\)", page)
    assert woff
    font = TTFont(io.BytesIO(base64.b64decode(woff.group(1))))
    cmap = font.getBestCmap()
    visible = re.sub(r"<[^>]+>", "", DATA_URI.sub("", page.split("</style>", 1)[1]))
    missing = {ch for ch in visible if ord(ch) > 0x2E80 and ord(ch) not in cmap}
    assert not missing


def _missing_glyph_warnings(draw) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        draw()
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def test_charts_draw_chinese_with_the_cjk_font(corpus: Corpus) -> None:
    assert charts.font_name() == "Noto Sans CJK SC"
    assert not _missing_glyph_warnings(lambda: charts.heatmap(["泗县", "石台县"], ["依申请公开", "政策解读"], [[2, 0], [1, 3]]))
    assert not _missing_glyph_warnings(lambda: charts.network(unit_topic_graph(corpus.tasks), title="科室职能—主题"))
    assert not _missing_glyph_warnings(lambda: charts.region_map(
        [{"name": "泗县", "longitude": 117.9, "latitude": 33.5, "tasks": 29, "plans": 1}], title="计划所在地区"))


def test_without_the_cjk_font_the_same_chart_would_show_tofu() -> None:
    """The control: DejaVu Sans alone has no 依 — so the check above can fail."""
    import matplotlib
    from matplotlib.figure import Figure

    def draw() -> None:
        with matplotlib.rc_context({"font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"]}):
            fig = Figure()
            fig.add_subplot().set_title("依申请公开")
            fig.savefig(io.BytesIO(), format="png")

    assert _missing_glyph_warnings(draw)


def test_cli_report_writes_the_file(store_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "guangzhou.html"
    result = CliRunner().invoke(app, ["report", "--region", "广州市", "--out", str(out), "--store", str(store_dir)],
                                env={"ZWGK_STORE": None})
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "1 份计划" in html and "广州市" in html and "泗县" not in html


def _chromium() -> str | None:
    return next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"))
                 if p), None)


@pytest.mark.skipif(_chromium() is None, reason="no Chromium to render the report in")
def test_report_renders_in_headless_chromium(page: str, tmp_path: Path) -> None:
    html, shot = tmp_path / "report.html", tmp_path / "report.png"
    html.write_text(page, encoding="utf-8")
    subprocess.run([_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--window-size=1280,2200", f"--screenshot={shot}", html.as_uri()],
                   check=True, capture_output=True, timeout=120)
    image = Image.open(shot).convert("L")
    assert image.size == (1280, 2200)
    histogram = image.histogram()
    ink = sum(histogram[:128]) / (image.width * image.height)
    assert 0.01 < ink < 0.5  # text, tables and the heatmap on a white page: neither blank nor a black box
    colours = Image.open(shot).convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 200  # the heatmap's colour ramp, not flat boxes


# -- the page people click: a real browser through WebDriver ---------------------------------------------------
def _browser_paths() -> tuple[str | None, str | None]:
    return _chromium(), shutil.which("chromedriver")


def _install_chromium() -> str | None:
    """Install Chromium and its driver once (Debian packages) where apt-get runs as root; the reason when not."""
    import os

    if all(_browser_paths()):
        return None
    if not shutil.which("apt-get") or os.geteuid() != 0:
        return "no Chromium/chromedriver, and no root apt-get to install them (apt-get install chromium chromium-driver)"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium", "chromium-driver"]):
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=900, env=env)
        except (subprocess.SubprocessError, OSError) as exc:
            return f"could not install Chromium ({' '.join(cmd)}: {exc})"
    return None if all(_browser_paths()) else "apt-get ran but chromium/chromedriver are still missing"


@pytest.fixture(scope="module")
def browser():
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
    reason = _install_chromium()
    if reason:
        pytest.skip(reason)
    from selenium.webdriver.chrome.service import Service

    chromium, driver_path = _browser_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1600"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    yield driver
    driver.quit()


def _heat_cell_expected(corpus: Corpus, region: str, topic: str) -> set[str]:
    return {t.id for t in corpus.tasks if corpus.plans[t.doc].region == region and topic in t.topics}


def test_clicking_a_heatmap_cell_lists_its_tasks(browser, page: str, corpus: Corpus, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    html = tmp_path / "report.html"
    html.write_text(page, encoding="utf-8")
    browser.get(html.as_uri())
    cells = browser.find_elements(By.CSS_SELECTOR, "td.hm")
    assert cells, "the heatmap is a table of clickable cells"
    cell = next(c for c in cells if c.text.strip() and int(c.text) >= 2)
    region, topic, count = cell.get_attribute("data-region"), cell.get_attribute("data-topic"), int(cell.text)
    panel = browser.find_element(By.ID, "cell-tasks")
    assert not panel.is_displayed()
    browser.execute_script("arguments[0].scrollIntoView()", cell)
    cell.click()
    WebDriverWait(browser, 10).until(ready.visibility_of(panel))
    rows = browser.find_elements(By.CSS_SELECTOR, "#cell-rows tr")
    ids = {r.find_element(By.CSS_SELECTOR, "td a").text for r in rows}
    assert len(rows) == count and ids == _heat_cell_expected(corpus, region, topic)
    assert f"{region} · {topic}：{count} 项任务" in browser.find_element(By.ID, "cell-title").text
    first = rows[0].find_elements(By.TAG_NAME, "td")
    assert "第" in first[-1].text and "行" in first[-1].text  # the source file and lines come along
    # the link goes to the task in the appendix
    first[0].find_element(By.TAG_NAME, "a").click()
    assert browser.execute_script("return location.hash").startswith("#t-")


def test_a_clicked_header_sorts_the_table(browser, page: str, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    html = tmp_path / "report.html"
    html.write_text(page, encoding="utf-8")
    browser.get(html.as_uri())
    table = browser.find_element(By.ID, "appendix-table")
    header = table.find_elements(By.CSS_SELECTOR, "thead th")[0]
    browser.execute_script("arguments[0].scrollIntoView()", header)

    def first_column() -> list[str]:
        return browser.execute_script(
            "return Array.from(arguments[0].tBodies[0].rows).map(r => r.cells[0].textContent)", table)

    header.click()
    ascending = first_column()
    assert ascending == sorted(ascending, key=lambda s: s)  # ids are ASCII: plain order
    header.click()
    assert first_column() == ascending[::-1]
    assert header.get_attribute("aria-sort") == "descending"
