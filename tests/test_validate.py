"""`zwgk validate` checks the store in batches: plan graphs a few at a time, the shared entities once.

Each batch is checked on its own (pyshacl for the core shapes, an in-memory Oxigraph for the SPARQL
constraints), so these tests break one plan graph and one shared entity and ask that each is found
and named, whether the batches run in this process or in worker processes.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SAMPLES
from typer.testing import CliRunner

from zwgk.cli import app
from zwgk.graph import validate
from zwgk.graph.namespace import SHARED_GRAPHS
from zwgk.graph.store import open_store

ENV = {"ZWGK_MODEL": "/nonexistent/zwgk-test-model", "ZWGK_ALLOW_DOWNLOAD": None, "ZWGK_STORE": None}
ZWGK = "https://w3id.org/zwgk/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
TASK = "https://w3id.org/zwgk/id/task/sixian-edu-2022.txt-001"


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("validate") / "store"
    result = CliRunner().invoke(app, ["ingest", str(SAMPLES), "--store", str(store)], env=ENV)
    assert result.exit_code == 0, result.stdout
    return store


@pytest.fixture
def broken(sample_store: Path, tmp_path: Path) -> tuple[Path, str]:
    """A copy of the sample store with a dangling shortcut in one plan and a unit without a name."""
    store_dir = tmp_path / "store"
    shutil.copytree(sample_store, store_dir)
    store = open_store(store_dir)
    try:
        _, rows = store.select(f"SELECT ?g ?u WHERE {{ GRAPH ?g {{ <{TASK}> <{ZWGK}requirement> ?text }} "
                               f"GRAPH <{SHARED_GRAPHS['units']}> {{ ?u <{SKOS}prefLabel> ?name }} "
                               f"FILTER NOT EXISTS {{ <{TASK}> <{ZWGK}responsibility>/<{ZWGK}unit> ?u }} }} LIMIT 1")
        graph, unit = rows[0]
        store.update(f"INSERT DATA {{ GRAPH <{graph}> {{ <{TASK}> <{ZWGK}leadUnit> <{unit}> }} }} ;\n"
                     f"DELETE WHERE {{ GRAPH <{SHARED_GRAPHS['units']}> {{ <{unit}> <{SKOS}prefLabel> ?name }} }}")
    finally:
        store.close()
    return store_dir, unit


def test_the_sample_store_conforms_batch_by_batch(sample_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validate, "BATCH_PLANS", 2)  # three plan batches and the shared one
    seen: list[tuple[int, int]] = []
    store = open_store(sample_store, read_only=True)
    try:
        report = validate.validate_store(store, jobs=1, progress=lambda done, total: seen.append((done, total)))
    finally:
        store.close()
    assert report.conforms and report.violations == 0
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_broken_plan_and_a_broken_unit_are_both_named(broken: tuple[Path, str], jobs: int,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    store_dir, unit = broken
    monkeypatch.setattr(validate, "BATCH_PLANS", 1)  # five plan batches: worker processes when jobs=2
    store = open_store(store_dir, read_only=True)
    try:
        report = validate.validate_store(store, jobs=jobs)
    finally:
        store.close()
    assert not report.conforms
    assert report.violations == 2
    # the shortcut names a unit the task has no lead responsibility with (a SPARQL constraint, in a plan batch)
    assert f"Focus Node: <{TASK}>\n\tValue Node: <{unit}>\n\tMessage: zwgk:leadUnit <{unit}> has no responsibility" in report.text
    # the unit lost its name (a core constraint, in the shared batch)
    assert f"Focus Node: <{unit}>" in report.text and "Result Path: skos:prefLabel" in report.text


def test_the_cli_exits_1_and_counts_the_violations(broken: tuple[Path, str]) -> None:
    result = CliRunner().invoke(app, ["validate", "--store", str(broken[0])], env=ENV)
    assert result.exit_code == 1
    assert result.stderr.strip() == "2 violations"


def test_a_graph_of_the_users_own_is_checked_against_every_shape(sample_store: Path, tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    shutil.copytree(sample_store, store_dir)
    store = open_store(store_dir)
    try:  # a task of someone's own, with no requirement and in no plan
        store.update(f"INSERT DATA {{ GRAPH <urn:example:mine> {{ <urn:example:t1> a <{ZWGK}Task> }} }}")
        report = validate.validate_store(store, jobs=1)
    finally:
        store.close()
    assert not report.conforms
    assert "Focus Node: <urn:example:t1>" in report.text and "Result Path: zwgk:requirement" in report.text
