"""The analyses read their records from the search index when there is one: the same records as the graph's."""
from __future__ import annotations

from pathlib import Path

from conftest import SAMPLES

from zwgk.analysis.corpus import load_corpus
from zwgk.model.filters import Filters
from zwgk.workspace import Workspace


def test_the_corpus_from_the_index_equals_the_corpus_from_the_graph(tmp_path: Path) -> None:
    ws = Workspace.open(tmp_path / "store")
    ws.ingest([SAMPLES])
    assert ws.index_ready()
    for filters in (None, Filters(regions=("安徽省",)), Filters(unit="办公室")):
        from_index = ws.corpus(filters)
        with ws.graph() as store:
            from_graph = load_corpus(store, filters)
        assert from_index.tasks, filters
        assert from_index.tasks == from_graph.tasks  # same records, same order: plan by plan, rows as printed
        assert from_index.plans == from_graph.plans
