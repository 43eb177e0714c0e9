"""ontology.ttl: it parses, it declares what the code uses, and its SKOS schemes carry the domain knowledge."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from zwgk.graph.namespace import ID, ONTOLOGY_FILE, ONTOLOGY_IRI, ROLE, SCHEME, ZWGK
from zwgk.ingest.parser import parse_file
from zwgk.model.plan import ROLES
from zwgk.vocabulary import thesaurus

GRAPH_SOURCES = sorted((ROOT / "graph").glob("*.py"))
_TERM_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@pytest.fixture(scope="module")
def declared(onto: Graph) -> set[str]:
    ns = str(ZWGK._NS)
    return {str(s)[len(ns):] for kind in _TERM_KINDS for s in onto.subjects(RDF.type, kind) if str(s).startswith(ns)}


def _used_in_code() -> set[str]:
    """zwgk terms the graph code names: ZWGK.term attributes and zwgk:term in SPARQL strings."""
    used: set[str] = set()
    for path in GRAPH_SOURCES:
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"\bZWGK\.([A-Za-z]\w*)", text))  # _NS, __annotations__ … are machinery
        used |= set(re.findall(r"\bzwgk:([A-Za-z]\w*)", text))
    return used


def test_ontology_header(onto: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    titles = {t.language for t in onto.objects(ONTOLOGY_IRI, URIRef("http://purl.org/dc/terms/title"))}
    assert {"zh", "en"} <= titles


def test_namespace_matches_ontology(declared: set[str]) -> None:
    assert set(ZWGK.__annotations__) == declared


def test_code_uses_only_declared_terms(declared: set[str]) -> None:
    used = _used_in_code()
    assert used, "the scan found no zwgk terms: did graph/ move?"
    assert used <= declared, f"undeclared zwgk terms used in graph/*.py: {sorted(used - declared)}"


def test_every_term_is_documented(onto: Graph, declared: set[str]) -> None:
    for name in sorted(declared):
        term = ZWGK[name]
        langs = {lbl.language for lbl in onto.objects(term, RDFS.label)}
        assert {"zh", "en"} <= langs, f"zwgk:{name} lacks an rdfs:label in zh or en"
        assert onto.value(term, RDFS.comment), f"zwgk:{name} has no rdfs:comment"
        assert onto.value(term, RDFS.isDefinedBy) == ONTOLOGY_IRI


def test_properties_have_domain_or_range(onto: Graph, declared: set[str]) -> None:
    for name in declared:
        term = ZWGK[name]
        if (term, RDF.type, OWL.Class) not in onto:
            assert onto.value(term, RDFS.range) is not None, f"zwgk:{name} has no rdfs:range"


def test_schemes_and_concepts(onto: Graph) -> None:
    for iri in SCHEME.values():
        assert (iri, RDF.type, SKOS.ConceptScheme) in onto
        assert list(onto.objects(iri, SKOS.hasTopConcept))
    for c in onto.subjects(RDF.type, SKOS.Concept):
        langs = {lbl.language for lbl in onto.objects(c, SKOS.prefLabel)}
        assert {"zh", "en"} <= langs, c
        assert onto.value(c, SKOS.inScheme) in SCHEME.values(), c
        assert str(c).startswith(str(ID))
        for b in onto.objects(c, SKOS.broader):
            assert (b, SKOS.narrower, c) in onto, (c, b)
        for r in onto.objects(c, SKOS.related):
            assert (r, SKOS.related, c) in onto, (c, r)


def test_at_least_thirty_topics() -> None:
    assert len(thesaurus.load_thesaurus().scheme("topics")) >= 30


@pytest.mark.parametrize("scheme", ["topics", "domains", "unit-functions"])
def test_labels_are_unambiguous_within_a_scheme(scheme: str) -> None:
    keys = Counter(
        thesaurus.label_key(label)
        for c in thesaurus.load_thesaurus().scheme(scheme)
        for label in {label for label, _ in c.labels()}
    )
    assert [k for k, n in keys.items() if n > 1] == []


def iri(local: str) -> str:
    """Thesaurus IRIs are plain str (rdflib's URIRef never equals a str)."""
    return str(ID[local])


def _alts(iri: str) -> set[str]:
    c = thesaurus.concept(iri)
    assert c is not None, iri
    return set(c.alt_labels)


def test_alt_labels_capture_plan_phrasing() -> None:
    assert {"政府信息公开申请", "申请公开"} <= _alts(iri("topic/request-disclosure"))
    assert thesaurus.concept(iri("topic/request-disclosure")).label == "依申请公开"
    assert "舆情回应" in _alts(iri("topic/responding-concerns"))
    assert thesaurus.concept(iri("topic/responding-concerns")).label == "回应关切"
    ipv6 = [c for c in thesaurus.load_thesaurus().scheme("topics") if "IPv6" in c.alt_labels]
    assert len(ipv6) == 1 and "互联网协议第6版" in ipv6[0].alt_labels


def test_issue_topics_are_present() -> None:
    labels = {label for c in thesaurus.load_thesaurus().scheme("topics") for label, _ in c.labels()}
    for name in ("主动公开", "依申请公开", "年度报告", "政策解读", "回应关切", "政府网站", "政务新媒体", "政务公开专区",
                 "规范性文件", "重大行政决策", "公众参与", "隐私保护", "个人信息", "保密审查", "队伍建设", "业务培训",
                 "考核评议", "标准化规范化", "财政预决算", "政务热线", "政府公报", "公共企事业单位信息公开"):
        assert name in labels, name


def test_roles_scheme_matches_the_model(onto: Graph) -> None:
    assert set(ROLE) == set(ROLES)
    for code, iri in ROLE.items():
        assert onto.value(iri, SKOS.notation) == Literal(code)
        assert onto.value(iri, SKOS.inScheme) == SCHEME["roles"]
    assert {str(p) for p in onto.objects(ROLE["lead"], SKOS.prefLabel)} >= {"牵头"}


def test_unit_function_maps_spelling_variants_to_one_concept() -> None:
    finance = {thesaurus.unit_function(n) for n in ("计划财务科", "计财科", "计划财务处")}
    assert len(finance) == 1 and None not in finance
    assert finance.pop().iri == iri("function/finance")


@pytest.mark.parametrize(("unit", "function"), [
    ("办公室", "general-office"), ("宣传与思想政治教育处", "publicity"), ("宣传信息中心", "publicity"),
    ("政策法规与审计处", "legal-affairs"), ("电化教育馆", "information-centre"), ("电教馆", "information-centre"),
    ("基教科", "basic-education"), ("基础教育科", "basic-education"), ("职成科", "vocational"), ("职教科", "vocational"),
    ("监察室", "supervision"), ("督导室", "supervision"), ("组织人事科", "personnel"), ("党建办", "party-affairs"),
    ("各有关科室", "collective"), ("各处室和支撑机构", "collective"), ("文件起草牵头科室", "collective"),
    ("县区教育局", "subordinate-bureaus"), ("县、区教育局", "subordinate-bureaus"), ("县（区）", "subordinate-bureaus"),
    ("市直各学校", "schools"), ("中等职业学校", "schools"), ("各支撑机构", "affiliated-institutions"),
])
def test_unit_function_table(unit: str, function: str) -> None:
    c = thesaurus.unit_function(unit)
    assert c is not None and c.iri == iri(f"function/{function}"), (unit, c and c.label)


def test_function_concepts_document_the_matching_rule() -> None:
    for c in thesaurus.load_thesaurus().scheme("unit-functions"):
        assert c.scope_note and "longest" in c.scope_note, c.iri


def test_classify_finds_request_disclosure_by_alt_label() -> None:
    matches = thesaurus.classify("规范受理和答复政府信息公开申请")
    assert (iri("topic/request-disclosure"), "政府信息公开申请", "altLabel") in [tuple(m) for m in matches]


def test_classify_prefers_longer_labels_and_folds_text() -> None:
    matches = thesaurus.classify("持续深化完善依申请公开转主动公开常态化审查机制")
    topics = [m.iri for m in matches]
    assert iri("topic/request-to-proactive") in topics
    assert iri("topic/request-disclosure") not in topics and iri("topic/proactive-disclosure") not in topics
    # full-width letters and Traditional characters still match
    assert iri("topic/ipv6") in [m.iri for m in thesaurus.classify("支持ＩＰｖ６")]
    assert iri("topic/request-disclosure") in [m.iri for m in thesaurus.classify("依申請公開")]
    # a topic and a domain may share a span
    both = {m.iri for m in thesaurus.classify("财政预决算公开")}
    assert {iri("topic/fiscal-disclosure"), iri("domain/fiscal-budget")} <= both


def test_a_bare_interpretation_belongs_to_what_it_follows() -> None:
    topics = lambda text: {thesaurus.concept(m.iri).label for m in thesaurus.classify(text)}  # noqa: E731
    # the annual report's 解读 is not a policy interpretation ...
    found = topics("做好政府信息公开工作年度报告解读")
    assert "政府信息公开工作年度报告" in found and "政策解读" not in found
    # ... but after a kin concept (政策发布, same family) and on its own, 解读 is still policy interpretation
    assert "政策解读" in topics("持续加强重大政策发布解读")
    assert "政策解读" in topics("对重大政策开展深入解读")


def test_a_compound_label_names_its_parts_in_a_task_but_not_in_a_heading() -> None:
    thes = thesaurus.load_thesaurus()
    labels = lambda matches: {thes.concepts[m.iri].label for m in matches}  # noqa: E731
    text = "提前做好重大政策发布前和发布后的解读回应工作"
    assert {"解读回应", "政策解读", "回应关切"} <= labels(thes.classify(text))
    assert labels(thes.classify("加强解读回应", compounds=False)) & {"政策解读", "回应关切"} == set()


def test_a_reading_room_is_not_a_disclosure_zone() -> None:
    found = {thesaurus.concept(m.iri).label for m in thesaurus.classify("综合选用政府网站、政府信息查阅场所等途径")}
    assert "政府信息查阅场所" in found and "政务公开专区" not in found
    assert "政务公开专区" in {thesaurus.concept(m.iri).label for m in thesaurus.classify("推进政务公开专区建设")}


def test_every_listed_domain_resolves() -> None:
    plan = parse_file(Path(SAMPLES / "shitai-county-2022.txt"))
    assert len(plan.domains) == 30
    th = thesaurus.load_thesaurus()
    missing = [d.domain for d in plan.domains if th.lookup(d.domain, "domains") is None]
    assert missing == []
