"""The segmented index: a delta (add, replace, remove one plan) answers exactly as a fresh build.

BM25 is scored from raw term frequencies with live statistics, so after any
sequence of deltas and merges the scores of every query must equal those of
a single-segment build over the same tasks; filters read from columns must
keep the same tasks as filters.filter_mask over the records.
"""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from conftest import SAMPLES

from zwgk.ingest.parser import parse_file
from zwgk.ingest.records import task_records
from zwgk.model.filters import Filters, filter_mask
from zwgk.model.records import TaskRecord
from zwgk.search import merge as merge_mod
from zwgk.search import tokens as tokens_mod
from zwgk.search.index import PlanChange, apply_changes, build_index, indexed_plans, open_index

WORDS = ["依申请公开", "政务新媒体", "政策解读", "舆情回应", "年度报告"]
QUERIES = ["依申请公开", "政务新媒体", "政策解读 舆情回应", "公开 公开", "财政预算", "没有这个词"]
FILTERS = [Filters(region="安徽"), Filters(year=2022), Filters(unit="办公室"), Filters(topic="依申请公开"),
           Filters(due_before="2022-06-30"), Filters(due_after="2022-10-01", region="泗县"),
           Filters(due_before_md="11-30", due_after_md="11-01"), Filters(due_before_md="02-29"),
           Filters(ongoing=True), Filters(ongoing=False, due_after_md="07-01", unit="办公室"),
           Filters(due_after="2023-01-01", due_before_md="06-30")]


@pytest.fixture(scope="module")
def plans() -> dict[str, list[TaskRecord]]:
    out = {}
    for path in sorted(SAMPLES.glob("*.txt")):
        records = task_records(parse_file(path))
        out[path.name] = [replace(r, topics=("依申请公开",) if "申请" in r.requirement else ()) for r in records]
    # A task is cut with the domain words known when it is indexed; give every build all of them
    # up front so that what is compared is BM25's statistics, not the dictionary's history.
    WORDS.extend(sorted({u.name for rs in out.values() for r in rs for u in r.units}
                        | {p.title for rs in out.values() for r in rs for p in r.policies if p.title}))
    return out


def _ranking(index, query: str) -> dict[str, float]:
    """Every task's BM25 score by task id (rows differ between layouts; ties may order differently)."""
    scores = index.lexical.scores(index.analyzer.query_tokens(query))
    return {index.records[int(row)].id: round(float(scores[row]), 5) for row in np.flatnonzero(scores)}


def _same_answers(delta_folder: Path, fresh_folder: Path) -> None:
    delta, fresh = open_index(delta_folder), open_index(fresh_folder)
    assert delta.manifest["count"] == fresh.manifest["count"]
    assert sorted(r.id for r in delta.live_records()) == sorted(r.id for r in fresh.live_records())
    for query in QUERIES:
        assert _ranking(delta, query) == _ranking(fresh, query), query
    for f in FILTERS:
        live = list(delta.live_records())
        expected = sorted(r.id for r, keep in zip(live, filter_mask(live, f), strict=True) if keep)
        mask = delta.filter_mask(f)
        assert sorted(delta.records[int(r)].id for r in np.flatnonzero(mask)) == expected, f
    assert delta.unit_names() == fresh.unit_names()


def _fresh(tmp: Path, records: list[TaskRecord]) -> Path:
    folder = tmp / "fresh"
    if folder.exists():
        import shutil

        shutil.rmtree(folder)
    build_index(records, folder, WORDS)
    return folder


def test_add_replace_remove_equal_a_fresh_build(plans, tmp_path: Path) -> None:
    names = sorted(plans)
    folder = tmp_path / "index"
    build_index([r for n in names[:3] for r in plans[n]], folder, WORDS, shas={n: "v1" for n in names[:3]})
    changed = list(plans[names[1]])
    changed[0] = replace(changed[0], requirement="做好政务新媒体管理工作，财政预算公开")
    apply_changes(folder, [PlanChange(names[3], "v1", plans[names[3]])], WORDS)  # add
    apply_changes(folder, [PlanChange(names[1], "v2", changed)], WORDS)  # replace
    apply_changes(folder, [PlanChange(names[0], None)], WORDS)  # remove
    assert indexed_plans(folder).keys() == {names[1], names[2], names[3]}
    assert indexed_plans(folder)[names[1]]["sha"] == "v2"
    _same_answers(folder, _fresh(tmp_path, [*changed, *plans[names[2]], *plans[names[3]]]))


def test_many_deltas_merge_and_old_generations_are_cleaned(plans, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(merge_mod, "MAX_DELTAS", 2)
    names = sorted(plans)
    folder = tmp_path / "index"
    build_index(plans[names[0]], folder, WORDS)
    for name in names[1:]:
        apply_changes(folder, [PlanChange(name, "v1", plans[name])], WORDS)
    apply_changes(folder, [PlanChange(names[2], "v2", plans[names[2]])], WORDS)  # re-put: rows move
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["segments"]) <= 1 + 2
    generations = sorted(p.name for p in folder.glob("manifest-*.json"))
    assert len(generations) == 2  # the current one and the one a reader may still hold
    live = {s["name"] for s in manifest["segments"]}
    previous = json.loads((folder / generations[0]).read_text(encoding="utf-8"))
    assert {p.name for p in folder.glob("seg-*")} <= live | {s["name"] for s in previous["segments"]}
    _same_answers(folder, _fresh(tmp_path, [r for n in names for r in plans[n]]))


def test_a_quarter_dead_rebuilds_the_base(plans, tmp_path: Path) -> None:
    names = sorted(plans)
    folder = tmp_path / "index"
    build_index([r for n in names for r in plans[n]], folder, WORDS)
    apply_changes(folder, [PlanChange(n, None) for n in names[:3]], WORDS)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["merged"] == "all" and manifest["deleted"] is None
    _same_answers(folder, _fresh(tmp_path, [r for n in names[3:] for r in plans[n]]))


def test_forked_jieba_workers_cut_as_one_process_does(plans, tmp_path: Path, monkeypatch) -> None:
    records = [r for n in sorted(plans) for r in plans[n]]
    serial = _fresh(tmp_path, records)
    monkeypatch.setattr(tokens_mod, "PARALLEL_FROM", 10)
    parallel = tmp_path / "parallel"
    build_index(records, parallel, WORDS)
    _same_answers(parallel, serial)


def test_plan_filters_read_from_facets_keep_the_plans_decoded_records_keep(plans, tmp_path: Path) -> None:
    """Region, year, issuer and plan filters are decided on each plan's facet line (issuer, region chain,
    year) without decoding it; they keep exactly the plans plan_matches keeps, and an index written before
    facets existed (no facets file) answers the same from its decoded plans."""
    from zwgk.model.filters import plan_matches

    names = sorted(plans)
    folder = tmp_path / "index"
    build_index([r for n in names[:3] for r in plans[n]], folder, WORDS)
    apply_changes(folder, [PlanChange(names[3], "v1", plans[names[3]])], WORDS)  # a second segment
    wanted = [Filters(region="安徽"), Filters(region="淮北"), Filters(year=2022), Filters(year=2019),
              Filters(issuer="教育局"), Filters(doc=names[1]), Filters(region="安徽", year=2022), Filters()]

    def answers(index) -> tuple[list[list[str]], list[str]]:
        return [sorted(index.docs_passing(f)) for f in wanted], index.issuers()

    index = open_index(folder)
    decoded = [sorted(d for d, p in index.plans.items() if plan_matches(p, f)) for f in wanted]
    from_facets = answers(index)
    assert from_facets == (decoded, sorted({p.issuer for p in index.plans.values() if p.issuer}))
    assert [len(d) for d in decoded[:3]] == [3, 1, 2]  # the filters do choose: 安徽 3 of 4 plans, 淮北 1, 2022 2

    for path in folder.glob("seg-*/issuers.*"):  # a segment written before the issuer table
        path.unlink()
    assert answers(open_index(folder)) == from_facets
    for path in folder.glob("seg-*/facets.*"):  # … and before facets
        path.unlink()
    assert answers(open_index(folder)) == from_facets



def test_deadline_filters_read_from_columns_keep_what_the_records_keep(plans, tmp_path: Path) -> None:
    """Due-before/after (ISO or a question's month-day in each plan's year) and ongoing are answered from
    each segment's deadline columns without decoding a record; an index written before the columns
    answers the same from its records."""
    names = sorted(plans)
    folder = tmp_path / "index"
    build_index([r for n in names[:3] for r in plans[n]], folder, WORDS)
    apply_changes(folder, [PlanChange(names[3], "v1", plans[names[3]])], WORDS)  # a second segment
    wanted = [Filters(due_before_md="11-30", due_after_md="11-01"), Filters(due_before="2022-06-30"),
              Filters(ongoing=True), Filters(ongoing=False, due_after_md="07-01")]
    index = open_index(folder)
    live = list(index.live_records())
    expected = [sorted(r.id for r, keep in zip(live, filter_mask(live, f), strict=True) if keep) for f in wanted]
    assert [len(e) for e in expected] == [1, 23, 19, 24]  # each filter chooses some tasks, not all

    def answers(index) -> list[list[str]]:
        return [sorted(index.records[int(r)].id for r in np.flatnonzero(index.filter_mask(f))) for f in wanted]

    fresh = open_index(folder)
    masks = [fresh.filter_mask(f) for f in wanted]
    assert not fresh.records._decoded  # no record was read to decide them
    assert [sorted(fresh.records[int(r)].id for r in np.flatnonzero(m)) for m in masks] == expected
    for path in folder.glob("seg-*/due.*"):  # a segment written before the deadline columns
        path.unlink()
    assert answers(open_index(folder)) == expected


def test_a_task_s_own_words_are_read_without_its_record(plans, tmp_path: Path) -> None:
    """What `ask` checks a topic's tasks against (requirement and section path) comes from each segment's
    text table, no record decoded; an index written before the table reads the same from its records."""
    names = sorted(plans)
    folder = tmp_path / "index"
    build_index([r for n in names[:3] for r in plans[n]], folder, WORDS)
    apply_changes(folder, [PlanChange(names[3], "v1", plans[names[3]])], WORDS)  # a second segment
    index = open_index(folder)
    rows = list(range(len(index.records)))
    texts = list(index.records.own_texts(rows))
    assert not index.records._decoded
    expected = [(r.requirement, list(r.section)) for r in (index.records[row] for row in rows)]
    assert texts == expected and any(section for _, section in texts)
    for path in folder.glob("seg-*/texts.*"):
        path.unlink()
    old = open_index(folder)
    assert list(old.records.own_texts(rows)) == expected


def test_the_issuers_a_question_may_name_are_those_of_live_plans(plans, tmp_path: Path) -> None:
    """A removed plan's issuer is no longer offered (unless another plan has it), read from the
    segments' issuer tables and, for segments written before them, from the facet lines alike."""
    names = sorted(plans)
    folder = tmp_path / "index"
    build_index([r for n in names for r in plans[n]], folder, WORDS)
    gone = names[0]
    apply_changes(folder, [PlanChange(gone, None)], WORDS)
    index = open_index(folder)
    live = sorted({p.issuer for p in index.plans.values() if p.issuer})
    removed_issuer = plans[gone][0].issuer
    assert removed_issuer and removed_issuer not in live
    assert index.issuers() == live
    for path in folder.glob("seg-*/issuers.*"):
        path.unlink()
    assert open_index(folder).issuers() == live


def test_plan_metadata_is_the_newest_version_whether_searched_or_mapped(plans, tmp_path: Path, monkeypatch) -> None:
    """A few plan lookups binary-search each segment; many map every plan once: the same records, the
    replaced plan in its newest version, None for a plan the index never had."""
    from zwgk.search import opened

    names = sorted(plans)
    folder = tmp_path / "index"
    build_index([r for n in names[:3] for r in plans[n]], folder, WORDS)
    renamed = [replace(r, plan_title="换了标题的方案") for r in plans[names[1]]]
    apply_changes(folder, [PlanChange(names[1], "v2", renamed)], WORDS)  # the plan again, in a second segment
    asked = [*names[:3], "no-such-plan.txt"]
    searched = [open_index(folder).plan(doc) for doc in asked]
    monkeypatch.setattr(opened, "PLAN_LOOKUPS", 0)
    mapped = [open_index(folder).plan(doc) for doc in asked]
    assert mapped == searched and searched[-1] is None
    assert searched[1] is not None and searched[1].title == "换了标题的方案"


def test_task_texts_read_without_records_name_each_task_as_its_record_does(plans, tmp_path: Path) -> None:
    """`diffusion` reads each task's plan, id and requirement from the index's text table, the id made of the
    row's place in its plan: after an add, a replace, a removal and a re-put (rows in several segments, some
    dead) every task is named as its decoded record names it, with task filters too."""
    from zwgk.workspace.columns import IndexColumns

    names = sorted(plans)
    folder = tmp_path / "index"
    build_index([r for n in names[:3] for r in plans[n]], folder, WORDS)
    changed = [replace(r, requirement=r.requirement + "（修订）") for r in plans[names[1]][:-2]]  # two tasks fewer
    apply_changes(folder, [PlanChange(names[3], "v1", plans[names[3]])], WORDS)
    apply_changes(folder, [PlanChange(names[1], "v2", changed)], WORDS)
    apply_changes(folder, [PlanChange(names[0], None)], WORDS)
    apply_changes(folder, [PlanChange(names[2], "v2", plans[names[2]])], WORDS)
    columns = IndexColumns(open_index(folder))
    for f in (Filters(), Filters(unit="办公室"), Filters(topic="依申请公开"), Filters(region="淮北")):
        decoded = [(t.doc, t.id, t.requirement) for t in columns.tasks(f)]
        assert [tuple(t) for t in columns.texts(f)] == decoded, f
        assert decoded or f.region
    assert any(t.requirement.endswith("（修订）") for t in columns.texts(Filters()))
