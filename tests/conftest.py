"""Shared fixtures: the bundled samples and the hand-checked key copied from the eval set."""
from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest


def pytest_configure(config: pytest.Config) -> None:
    """Ctrl-C as a terminal run has it. A suite started in the background by a non-interactive shell
    (`cmd &`, nohup) inherits SIGINT ignored, and Python then installs no KeyboardInterrupt handler:
    the tests that press Ctrl-C on an ingest would see nothing happen."""
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLD = FIXTURES / "gold"
SAMPLE_NAMES = sorted(p.stem for p in SAMPLES.glob("*.txt"))


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def gold_plans() -> dict[str, dict]:
    return {p["doc"]: p for p in json.loads((GOLD / "plans.json").read_text(encoding="utf-8"))}


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> Path:
    """The five samples ingested once per test session (read-only: copy it before changing it)."""
    from zwgk.graph.pipeline import ingest_paths

    path = tmp_path_factory.mktemp("sample-store")
    report = ingest_paths([SAMPLES], path)
    assert not report.failed and len(report.added) == 5
    return path


@pytest.fixture(scope="session")
def lexical_store(sample_store: Path, tmp_path_factory) -> Path:
    """The sample store with its search index rebuilt without a dense model (lexical + thesaurus), as on a
    machine where no model can be loaded. Read-only: the ask and search tests share it."""
    import shutil

    from zwgk.search.service import rebuild_index
    from zwgk.settings import load_settings

    folder = tmp_path_factory.mktemp("lexical") / "store"
    shutil.copytree(sample_store, folder)
    rebuild_index(load_settings(store=folder, model="/nonexistent/model"))
    return folder


@pytest.fixture(scope="session")
def lexical_searcher(lexical_store: Path):
    from zwgk.search.service import open_searcher
    from zwgk.settings import load_settings

    return open_searcher(load_settings(store=lexical_store, model="/nonexistent/model"))


@pytest.fixture(scope="session")
def sample_corpus(sample_store):
    """The sample store's task and plan records, as the analyses read them."""
    from zwgk.analysis.corpus import load_corpus
    from zwgk.graph.store import open_store

    store = open_store(sample_store, read_only=True)
    try:
        return load_corpus(store)
    finally:
        store.close()


@pytest.fixture(scope="session")
def indexed_sample_store(tmp_path_factory) -> Path:
    """The five samples ingested as `zwgk ingest` does, graph and search index (read-only: copy it to change it)."""
    from typer.testing import CliRunner

    from zwgk.cli import app

    store = tmp_path_factory.mktemp("indexed-samples") / "store"
    out = CliRunner().invoke(app, ["ingest", str(SAMPLES), "--store", str(store)])
    assert out.exit_code == 0, out.output
    return store
