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


def test_compare_and_coverage_from_the_index_columns_equal_those_from_the_graph(tmp_path: Path) -> None:
    """compare and coverage count and choose tasks from the index's columns without decoding every
    record; their answers are the graph's, filters, a replaced plan and a removed one included."""
    import shutil

    from zwgk.analysis.compare import compare
    from zwgk.analysis.coverage import coverage

    folder = tmp_path / "plans"
    shutil.copytree(SAMPLES, folder)
    ws = Workspace.open(tmp_path / "store")
    ws.ingest([folder])
    changed = next(p for p in sorted(folder.iterdir()) if p.suffix == ".txt")
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("依申请公开", "依申请公开工作", 1) + "\n", encoding="utf-8")
    ws.ingest([folder])  # the changed plan's old rows are deleted in the index, its new ones in a delta segment
    removed = sorted(p for p in folder.iterdir() if p.suffix == ".txt" and p != changed)[0]
    ws.remove([removed.name])
    cases = (None, Filters(regions=("安徽省",)), Filters(unit="办公室"), Filters(year=2022), Filters(topic="政策解读"))
    seen = 0
    for filters in cases:
        from_index = ws.corpus(filters)
        assert from_index.columns is not None
        with ws.graph() as store:
            from_graph = load_corpus(store, filters)
        for what in ("依申请公开", "政务公开平台", "主动公开", "网站 监管"):  # topics, and words (no concept)
            mine, theirs = compare(from_index, what), compare(from_graph, what)
            assert mine == theirs, (filters, what)
            seen += mine["tasks"]
        assert coverage(from_index) == coverage(from_graph), filters
        assert coverage(from_index, peer_share=0.2) == coverage(from_graph, peer_share=0.2), filters
    assert seen > 0
    assert removed.name not in ws.corpus().plans
