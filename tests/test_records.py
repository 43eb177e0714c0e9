"""Typed records: one shape whether a task comes from a parse or back from the store.

For every layout fixture and every sample, the records `zwgk parse --format json`
prints equal the records `zwgk tasks` reads back from the graph after an
ingest, field for field, where the graph keeps the field as printed; the
records' JSON reads back into equal records (the search index stores them so);
and the role and level vocabularies agree with ontology.ttl.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SAMPLES
from rdflib import Graph, Literal
from rdflib.namespace import RDFS, SKOS

from zwgk.graph.namespace import ID, ONTOLOGY_FILE, ZWGK
from zwgk.graph.pipeline import ingest_paths
from zwgk.graph.records import plan_records, task_records, task_records_in_chunks
from zwgk.graph.store import open_store
from zwgk.ingest.parser import parse_file
from zwgk.ingest.records import plan_record, task_record
from zwgk.model.records import PlanRecord, TaskRecord
from zwgk.model.roles import LEVELS, ROLES, Level, Role
from zwgk.vocabulary.classify import task_concepts

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"
FILES = sorted([*LAYOUTS.glob("*.txt"), *SAMPLES.glob("*.txt")])


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> tuple[dict[str, list[TaskRecord]], dict[str, PlanRecord]]:
    """Every fixture ingested into one store, its records read back by plan id."""
    root = tmp_path_factory.mktemp("records")
    (root / "in").mkdir()
    for path in FILES:
        shutil.copy(path, root / "in" / f"{path.parent.name}-{path.name}")
    report = ingest_paths([root / "in"], root / "store")
    assert not report.failed
    store = open_store(root / "store", read_only=True)
    try:
        tasks: dict[str, list[TaskRecord]] = {}
        for record in task_records(store):
            tasks.setdefault(record.doc, []).append(record)
        plans = {p.doc: p for p in plan_records(store).values()}
    finally:
        store.close()
    return tasks, plans


def _comparable(record: TaskRecord) -> dict:
    """The task contract less what only the graph knows or normalises: the unit's function (a parse does not
    classify units), the issuer a plan without one gets; topics, domains and cited documents as sets (the graph
    keeps one link per concept or document, read back sorted; a parse lists them as found)."""
    data = record.to_json()
    data["topics"], data["domains"] = sorted(data["topics"]), sorted(data["domains"])
    data["units"] = [{k: v for k, v in u.items() if k != "function"} for u in data["units"]]
    data["policies"] = sorted({(p["number"] or "", p["title"] or "") for p in data["policies"]})
    data.pop("issuer")
    return data


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_parsed_records_equal_the_stored_ones(stored, path: Path) -> None:
    tasks, plans = stored
    doc = f"{path.parent.name}-{path.name}"
    plan = parse_file(path)
    plan = type(plan)(**{**plan.__dict__, "doc": doc})
    parsed = [task_record(plan, t, i, *concepts)
              for i, (t, concepts) in enumerate(zip(plan.tasks, task_concepts(plan), strict=True))]
    assert parsed, doc
    assert [_comparable(r) for r in tasks[doc]] == [_comparable(r) for r in parsed]
    assert all(r.functions and not p.functions for r, p in zip(tasks[doc], parsed, strict=True))
    meta, back = plan_record(plan), plans[doc]
    assert (back.doc, back.title, back.year, back.region_code, back.doc_number) == \
        (meta.doc, meta.title, meta.year, meta.region_code, meta.doc_number)
    assert back.issuer == (meta.issuer or f"未知发文机关:{doc}")


def test_a_rebuild_reading_a_few_plans_at_a_time_gets_every_record_in_order(tmp_path: Path) -> None:
    """`zwgk reindex` reads the graph back a chunk of plans at a time: the same records as one read of all."""
    report = ingest_paths([SAMPLES], tmp_path / "store")
    assert not report.failed
    store = open_store(tmp_path / "store", read_only=True)
    try:
        whole = task_records(store)
        docs = sorted({r.doc for r in whole})
        alone = list(task_records_in_chunks(store, docs, size=2, threads=1))
        side_by_side = list(task_records_in_chunks(store, docs, size=2, threads=3))
    finally:
        store.close()
    assert len(docs) == 5 and [len({r.doc for r in c}) for c in alone] == [2, 2, 1]
    assert [r for chunk in alone for r in chunk] == whole
    assert side_by_side == alone
    assert all(r.source_lines[0] > 0 for r in whole)  # line numbers read back (one OPTIONAL each)


@pytest.mark.parametrize("path", FILES[:6], ids=[p.stem for p in FILES[:6]])
def test_records_read_back_from_their_json(stored, path: Path) -> None:
    tasks, plans = stored
    doc = f"{path.parent.name}-{path.name}"
    for record in tasks[doc]:
        assert TaskRecord.from_json(record.to_json()) == record
        assert TaskRecord.from_json(record.to_json()).to_json() == record.to_json()
    assert PlanRecord.from_json(plans[doc].to_json()) == plans[doc]
    parsed = plan_record(parse_file(path))
    assert PlanRecord.from_json(parsed.to_parse_json()) == parsed


def test_roles_are_the_ontology_s_role_scheme() -> None:
    g = Graph().parse(ONTOLOGY_FILE, format="turtle")
    scheme = {}
    for concept in g.subjects(SKOS.inScheme, ID["scheme/roles"]):
        notation = str(g.value(concept, SKOS.notation))
        label = next(str(o) for o in g.objects(concept, SKOS.prefLabel) if isinstance(o, Literal) and o.language == "zh")
        scheme[notation] = label
    assert scheme == {str(role): role.label for role in ROLES}
    assert [role.rank for role in ROLES] == [0, 1, 2] and ROLES[0] is Role.lead


def test_levels_are_the_ontology_s_admin_levels() -> None:
    """zwgk:adminLevel's values are the Level codes (its comment names each one)."""
    comment = str(Graph().parse(ONTOLOGY_FILE, format="turtle").value(ZWGK.adminLevel, RDFS.comment))
    assert [level for level in LEVELS if f'"{level}"' in comment] == list(LEVELS)
    assert [level.label for level in LEVELS] == ["国家", "省级", "市级", "县级"]
    assert Level.of_code("340000") is Level.province and Level.of_code("341300") is Level.city
    assert Level.of_code("341322") is Level.county and Level.of_code("100000") is Level.national
