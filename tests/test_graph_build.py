"""graph/build.py: the sample plans as RDF — counts, the responsible chain, stable IRIs, SHACL validity."""
from __future__ import annotations

import shutil
from pathlib import Path

import pyshacl
import pytest
from conftest import SAMPLE_NAMES, SAMPLES
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from zwgk.graph.build import plan_to_graph, plan_triples
from zwgk.graph.namespace import ID, ONTOLOGY_FILE, SHAPES_FILE, ZWGK, policy_iri, sparql_prefixes
from zwgk.ingest.parser import parse_file
from zwgk.model.plan import Plan, PolicyRef, Responsibility, Task

#: Namespaces the graph may use besides zwgk's own (checked term by term against the ontology).
STANDARD = ("http://www.w3.org/ns/org#", str(SKOS), "http://purl.org/dc/terms/", "http://www.w3.org/ns/prov#",
            "http://www.w3.org/2006/time#", "http://data.europa.eu/eli/ontology#",
            "http://www.w3.org/2003/01/geo/wgs84_pos#", str(RDF), str(RDFS))

CHAIN = sparql_prefixes() + """
SELECT DISTINCT ?task ?unitName ?agencyName ?regionName ?cityName ?provinceName WHERE {
  ?task a zwgk:Task ; zwgk:topic topic:request-disclosure ; zwgk:responsibility ?r .
  ?r zwgk:role role:lead ; zwgk:unit ?unit .
  ?unit skos:prefLabel ?unitName ; org:unitOf ?agency .
  ?agency skos:prefLabel ?agencyName ; zwgk:region ?region .
  ?region skos:prefLabel ?regionName ; zwgk:within+ ?city , ?province .
  ?city zwgk:adminLevel "city" ; skos:prefLabel ?cityName .
  ?province zwgk:adminLevel "province" ; skos:prefLabel ?provinceName .
}"""


@pytest.fixture(scope="module")
def plans() -> dict[str, Plan]:
    return {name: parse_file(SAMPLES / f"{name}.txt") for name in SAMPLE_NAMES}


@pytest.fixture(scope="module")
def graphs(plans: dict[str, Plan]) -> dict[str, Graph]:
    return {name: plan_to_graph(plan) for name, plan in plans.items()}


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


def _validate(data: Graph, shapes: Graph) -> tuple[bool, str]:
    merged = Graph()
    for t in data:
        merged.add(t)
    merged.parse(ONTOLOGY_FILE, format="turtle")  # concept checks read skos:inScheme
    conforms, _, text = pyshacl.validate(merged, shacl_graph=shapes, inference="none")
    return conforms, text


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_task_count_matches_parse(name: str, plans: dict[str, Plan], graphs: dict[str, Graph]) -> None:
    tasks = set(graphs[name].subjects(RDF.type, ZWGK.Task))
    assert len(tasks) == len(plans[name].tasks) > 0
    q = sparql_prefixes() + "SELECT (COUNT(?t) AS ?n) WHERE { ?t a zwgk:Task ; dcterms:isPartOf ?p . ?p a zwgk:Plan }"
    assert int(next(iter(graphs[name].query(q))).n) == len(plans[name].tasks)


def test_sixian_chain_is_one_query_away(graphs: dict[str, Graph]) -> None:
    rows = {tuple(str(v) for v in row[1:]) for row in graphs["sixian-edu-2022"].query(CHAIN)}
    assert rows == {("办公室", "泗县教育体育局", "泗县", "宿州市", "安徽省")}
    tasks = {str(row.task) for row in graphs["sixian-edu-2022"].query(CHAIN)}
    assert len(tasks) == 2  # the two 依申请公开 rows, both 办公室牵头相关科室


def test_chain_through_shortcuts(graphs: dict[str, Graph]) -> None:
    q = sparql_prefixes() + """
    SELECT ?unitName ?provinceName WHERE {
      ?task zwgk:requirement ?req ; zwgk:leadUnit/org:unitOf/zwgk:region/zwgk:within* ?province .
      ?task zwgk:leadUnit/skos:prefLabel ?unitName .
      ?province zwgk:adminLevel "province" ; skos:prefLabel ?provinceName .
      FILTER(CONTAINS(STR(?req), "政府信息公开申请"))
    }"""
    rows = {(str(r.unitName), str(r.provinceName)) for r in graphs["sixian-edu-2022"].query(q)}
    assert rows == {("办公室", "安徽省")}


def test_classification_is_queryable(graphs: dict[str, Graph]) -> None:
    """Why a task is 依申请公开: the label found and where, and — from the ontology, not restated per task —
    which kind of SKOS label it is."""
    graph = Graph()
    for triple in graphs["shitai-county-2022"]:
        graph.add(triple)
    graph.parse(ONTOLOGY_FILE, format="turtle")
    q = sparql_prefixes() + """
    SELECT ?label ?how ?where WHERE {
      ?task zwgk:classification ?c .
      ?c zwgk:concept topic:request-disclosure ; zwgk:matchedLabel ?label ; zwgk:matchedIn ?where .
      topic:request-disclosure ?how ?l FILTER(?how IN (skos:prefLabel, skos:altLabel, skos:hiddenLabel) && STR(?l) = ?label)
    }"""
    rows = {tuple(map(str, r)) for r in graph.query(q)}
    assert ("政府信息公开申请", str(SKOS.altLabel), "requirement") in rows
    assert not set(graph.subjects(RDF.type, ZWGK.Classification))  # implied by zwgk:classification's range


def test_iris_are_stable_across_builds_and_paths(plans: dict[str, Plan], tmp_path: Path) -> None:
    for plan in plans.values():
        assert set(plan_triples(plan)) == set(plan_triples(plan))
    copy = tmp_path / "elsewhere" / "sixian-edu-2022.txt"
    copy.parent.mkdir()
    shutil.copy(SAMPLES / "sixian-edu-2022.txt", copy)
    again = plan_to_graph(parse_file(copy))
    assert set(again) == set(plan_to_graph(plans["sixian-edu-2022"]))
    assert ID["task/sixian-edu-2022.txt-001"] in set(again.subjects(RDF.type, ZWGK.Task))


def test_only_declared_terms_are_used(graphs: dict[str, Graph]) -> None:
    onto = Graph().parse(ONTOLOGY_FILE, format="turtle")
    concepts = set(onto.subjects(RDF.type, SKOS.Concept))
    zwgk = str(ZWGK._NS)
    for g in graphs.values():
        for _, p, o in g:
            terms = [p] + ([o] if p == RDF.type else [])
            for term in terms:
                if str(term).startswith(zwgk):
                    assert (term, RDF.type, None) in onto, term
                else:
                    assert str(term).startswith(STANDARD), term
            if isinstance(o, URIRef) and p in (ZWGK.topic, ZWGK.domain, ZWGK.role, ZWGK.concept):
                assert o in concepts, o


def test_regions_agencies_units(graphs: dict[str, Graph]) -> None:
    g = graphs["yanzhou-edu-2023"]
    region = ID["region/370812"]
    assert g.value(region, ZWGK.adcode) == Literal("370812")
    assert g.value(region, ZWGK.within) == ID["region/370800"]
    assert g.value(ID["region/370800"], ZWGK.within) == ID["region/370000"]
    assert (ID["region/370000"], ZWGK.within, None) not in g
    assert g.value(ID["region/370812"], ZWGK.adminLevel) == Literal("county")
    units = set(g.subjects(RDF.type, URIRef("http://www.w3.org/ns/org#OrganizationalUnit")))
    unit_of, linked = URIRef("http://www.w3.org/ns/org#unitOf"), URIRef("http://www.w3.org/ns/org#linkedTo")
    agencies = {g.value(u, unit_of) for u in units} - {None}
    assert len(agencies) == 1 and g.value(agencies.pop(), SKOS.prefLabel) == Literal("济宁市兖州区教育和体育局", lang="zh")
    # schools are agencies of their own: linked to the bureau that assigns them work, not its sections
    schools = {str(g.value(u, SKOS.prefLabel)): u for u in units if g.value(u, unit_of) is None}
    assert set(schools) == {"中等职业学校", "各普通中小学", "各学校"}
    assert all(g.value(u, linked) is not None for u in schools.values())


def test_lower_level_bureaus_are_not_units_of_the_city_bureau(graphs: dict[str, Graph]) -> None:
    g = graphs["huaibei-edu-2020"]
    unit_of = URIRef("http://www.w3.org/ns/org#unitOf")
    named = {str(g.value(u, SKOS.prefLabel)): u for u in g.subjects(RDF.type, URIRef("http://www.w3.org/ns/org#OrganizationalUnit"))}
    for name in ("县区教育局", "县、区教育局", "市直各学校"):
        assert g.value(named[name], unit_of) is None, name
    assert g.value(named["办公室"], unit_of) is not None


def test_deadlines(graphs: dict[str, Graph]) -> None:
    g = graphs["yanzhou-edu-2023"]
    d = g.value(ID["task/yanzhou-edu-2023.txt-001"], ZWGK.deadline)
    assert g.value(d, ZWGK.rawText) == Literal("11月底前", lang="zh")
    date = URIRef("http://www.w3.org/2001/XMLSchema#date")
    assert g.value(d, URIRef("http://www.w3.org/2006/time#inXSDDate")) == Literal("2023-11-30", datatype=date)
    assert g.value(d, ZWGK.ongoing) == Literal(False)
    ongoing = [t for t in graphs["huaibei-edu-2020"].objects(None, ZWGK.ongoing) if t == Literal(True)]
    assert ongoing


def test_domain_records_name_competent_agencies(graphs: dict[str, Graph]) -> None:
    g = graphs["shitai-county-2022"]
    records = set(g.subjects(RDF.type, ZWGK.DomainRecord))
    assert len(records) == 30
    assert all(g.value(r, ZWGK.domain) is not None for r in records)
    rec = next(r for r in records if g.value(r, ZWGK.printedName) == Literal("公共资源交易", lang="zh"))
    names = {str(g.value(a, SKOS.prefLabel)) for a in g.objects(rec, ZWGK.competentAgency)}
    assert names == {"石台县发改委", "石台县公共资源交易服务中心"}
    assert all(g.value(a, ZWGK.region) == ID["region/341722"] for a in g.objects(rec, ZWGK.competentAgency))


def test_policy_documents_deduplicate() -> None:
    assert policy_iri(PolicyRef("甲", "宿政务办〔2022〕1号")) == policy_iri(PolicyRef("乙", "宿政务办[2022]1 号"))
    assert policy_iri(PolicyRef("《中华人民共和国政府信息公开条例》")) == policy_iri(PolicyRef("政府信息公开条例"))
    assert policy_iri(PolicyRef(None, None)) is None


def test_plan_reaches_the_plans_it_implements(plans: dict[str, Plan]) -> None:
    parent = Plan(doc="suzhou-2022.txt", title="宿州市政务公开办公室关于印发全市基层政务公开提升行动实施方案的通知",
                  issuer="宿州市政务公开办公室", doc_number="宿政务办〔2022〕1号",
                  tasks=(Task("深入推进基层政务公开。", units=(Responsibility("各县区", "responsible"),)),))
    g = plan_to_graph(parent)
    plan_to_graph(plans["sixian-edu-2022"], g)
    q = sparql_prefixes() + """
    SELECT ?parentTitle WHERE { plan:sixian-edu-2022 zwgk:basedOn/^prov:alternateOf ?parent . ?parent dcterms:title ?parentTitle }"""
    q = q.replace("plan:sixian-edu-2022", f"<{ID['plan/sixian-edu-2022.txt']}>")
    assert [str(r.parentTitle) for r in g.query(q)] == [parent.title]


def test_samples_validate(graphs: dict[str, Graph], shapes: Graph) -> None:
    data = Graph()
    for g in graphs.values():
        for t in g:
            data.add(t)
    conforms, text = _validate(data, shapes)
    assert conforms, text


def test_broken_graph_does_not_validate(graphs: dict[str, Graph], shapes: Graph) -> None:
    g = Graph()
    for t in graphs["sixian-edu-2022"]:
        g.add(t)
    resp = ID["responsibility/sixian-edu-2022.txt-011-1"]
    task = ID["task/sixian-edu-2022.txt-012"]
    g.remove((resp, ZWGK.unit, None))
    g.remove((task, ZWGK.requirement, None))
    conforms, text = _validate(g, shapes)
    assert not conforms
    assert "A responsibility names exactly one unit." in text
    assert "A task has exactly one non-empty requirement." in text
    assert str(resp) in text and str(task) in text


def test_bad_role_and_dangling_shortcut_do_not_validate(graphs: dict[str, Graph], shapes: Graph) -> None:
    g = Graph()
    for t in graphs["sixian-edu-2022"]:
        g.add(t)
    g.set((ID["responsibility/sixian-edu-2022.txt-011-1"], ZWGK.role, ID["role/boss"]))
    conforms, text = _validate(g, shapes)
    assert not conforms
    assert "roles scheme" in text and "has no responsibility with that unit and role lead" in text


def test_unknown_role_is_an_error() -> None:
    plan = Plan(doc="x.txt", issuer="某局", tasks=(Task("做事。", units=(Responsibility("办公室", "boss"),)),))
    with pytest.raises(ValueError, match="unknown role"):
        plan_to_graph(plan)


def test_quotes_backslashes_and_line_breaks_survive_the_ntriples_text() -> None:
    """The builder writes N-Triples text itself (graph/terms.py): what a plan prints must come back as printed."""
    requirement = '公开"双随机、一公开"结果，路径 D:\\公开\\2022\r\n附表见后。'
    plan = Plan(doc='a "quoted" \\ name.txt', issuer="某局", doc_number="某办〔2022〕1号",
                tasks=(Task(requirement, units=(Responsibility('"信息"科', "lead"),), seq="1"),))
    g = plan_to_graph(plan)
    assert set(g.objects(None, ZWGK.requirement)) == {Literal(requirement, lang="zh")}
    assert set(g.objects(None, ZWGK.printedName)) == {Literal('"信息"科', lang="zh")}
    assert (ID['plan/a%20%22quoted%22%20%5C%20name.txt'], DCTERMS.identifier, Literal('a "quoted" \\ name.txt')) in g
    assert set(g.objects(None, ZWGK.position)) == {Literal(1)}


def test_plan_graph_round_trips_through_turtle(graphs: dict[str, Graph]) -> None:
    g = graphs["guangzhou-edu-2021"]
    again = Graph().parse(data=g.serialize(format="turtle"), format="turtle")
    assert set(again) == set(g)
    assert (ID["plan/guangzhou-edu-2021.txt"], RDF.type, ZWGK.Plan) in g


def test_a_central_bodys_plan_sits_in_the_nation_and_validates(shapes: Graph) -> None:
    from zwgk.ingest.parser import parse_text

    plan = parse_text(
        "部屬各單位:\n現將《交通運輸部2030年政務公開工作要點》印發給你們。\n交通運輸部辦公廳\n2030年4月27日\n"
        "交通運輸部2030年政務公開工作要點\n一、深化政務公開\n"
        "(一)公開行業規劃。及時公開發展規劃。(綜合規劃司負責)\n(二)公開政策措施。及時公開政策文件。(政策研究室負責)\n",
        doc="central.txt",
    )
    assert plan.region is not None and plan.region.name == "全国" and plan.region.level == "national"
    conforms, text = _validate(plan_to_graph(plan), shapes)
    assert conforms, text
