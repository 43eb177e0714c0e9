"""How the graph names things: zwgk terms, the reused vocabularies, SPARQL prefixes, instance IRIs.

`ZWGK` is a closed `DefinedNamespace`: a mistyped term raises instead of
minting a silent triple, and tests/test_ontology.py checks its term list
against the terms ontology.ttl declares (both ways). Instance IRIs are minted
under `ID` from the input alone — plan id (the path relative to the ingest root), folded printed names, adcodes,
文号 — so the same file gives the same IRIs on any machine; the concept IRIs
the code names directly (the roles) are pinned here and checked too.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import PurePath
from urllib.parse import quote

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD, DefinedNamespace

from zwgk.model.plan import PolicyRef
from zwgk.model.roles import Role
from zwgk.model.text import fold_key
from zwgk.vocabulary.iris import ID_BASE, ONTOLOGY_FILE, SCHEME_IRIS, SHAPES_FILE
from zwgk.vocabulary.iris import ONTOLOGY_GRAPH as ONTOLOGY_GRAPH_IRI

__all__ = [
    "ZWGK", "ID", "ELI", "GEO", "ORG", "SKOS", "DCTERMS", "PROV", "TIME", "RDF", "RDFS", "OWL", "XSD",
    "ONTOLOGY_IRI", "ONTOLOGY_FILE", "SHAPES_FILE", "ROLE", "TIME_UNIT", "SCHEME", "PREFIXES", "sparql_prefixes",
    "bind_prefixes", "doc_key", "plan_iri", "plan_graph_iri", "SHARED_GRAPHS", "ONTOLOGY_GRAPH", "source_iri", "task_iri",
    "agency_iri", "unit_iri", "region_iri", "policy_key", "policy_iri",
]

ONTOLOGY_IRI = URIRef("https://w3id.org/zwgk/ontology")
ID = Namespace(ID_BASE)


class ZWGK(DefinedNamespace):
    """zwgk's own terms (https://w3id.org/zwgk/ontology#), exactly those ontology.ttl declares."""

    _NS = Namespace("https://w3id.org/zwgk/ontology#")
    _fail = True

    # classes
    Plan: URIRef
    Section: URIRef
    Task: URIRef
    Responsibility: URIRef
    PolicyDocument: URIRef
    Deadline: URIRef
    Region: URIRef
    SourceFile: URIRef
    Classification: URIRef
    DomainRecord: URIRef
    # object properties
    section: URIRef
    responsibility: URIRef
    unit: URIRef
    role: URIRef
    leadUnit: URIRef
    responsibleUnit: URIRef
    cooperatingUnit: URIRef
    deadline: URIRef
    textDeadline: URIRef
    responseTime: URIRef
    basedOn: URIRef
    topic: URIRef
    domain: URIRef
    classification: URIRef
    concept: URIRef
    region: URIRef
    within: URIRef
    competentAgency: URIRef
    # datatype properties
    requirement: URIRef
    seq: URIRef
    position: URIRef
    adcode: URIRef
    adminLevel: URIRef
    year: URIRef
    yearInferred: URIRef
    issuerInferred: URIRef
    sha256: URIRef
    filePath: URIRef
    firstLine: URIRef
    lastLine: URIRef
    rawText: URIRef
    statedIn: URIRef
    ongoing: URIRef
    inherited: URIRef
    aspect: URIRef
    printedName: URIRef
    unitsText: URIRef
    matchedLabel: URIRef
    matchedIn: URIRef
    flag: URIRef


# Terms as real class attributes: attribute look-ups then skip DefinedNamespace.__getattr__
# (a hot path when building millions of triples); unknown names still raise.
for _term in ZWGK.__annotations__:
    setattr(ZWGK, _term, ZWGK._NS[_term])


class ELI(DefinedNamespace):
    """The few ELI terms zwgk reuses (policy documents and their 文号)."""

    _NS = Namespace("http://data.europa.eu/eli/ontology#")
    _fail = True

    LegalResource: URIRef
    id_local: URIRef
    based_on: URIRef


class GEO(DefinedNamespace):
    """W3C Basic Geo (WGS84) — rdflib's WGS uses an https IRI the vocabulary never had."""

    _NS = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
    _fail = True

    lat: URIRef
    long: URIRef


#: Role codes of the parsed data (zwgk.model.roles.Role) → role concepts (skos:notation = code).
ROLE: dict[str, URIRef] = {
    str(Role.lead): ID["role/lead"],
    str(Role.responsible): ID["role/responsible"],
    str(Role.cooperate): ID["role/cooperating"],
}

#: Response-time units of the parsed data (zwgk.model.plan.ResponseTime.unit) → OWL-Time temporal units;
#: a working day has no OWL-Time unit, so ontology.ttl declares one.
TIME_UNIT: dict[str, URIRef] = {
    "minute": TIME.unitMinute, "hour": TIME.unitHour, "day": TIME.unitDay, "week": TIME.unitWeek,
    "month": TIME.unitMonth, "working_day": ID["timeunit/working-day"],
}

#: Short scheme names → concept scheme IRIs.
SCHEME: dict[str, URIRef] = {name: URIRef(iri) for name, iri in SCHEME_IRIS.items()}

PREFIXES: dict[str, str] = {
    "zwgk": str(ZWGK._NS),
    "id": str(ID),
    "scheme": str(ID["scheme/"]),
    "topic": str(ID["topic/"]),
    "domain": str(ID["domain/"]),
    "role": str(ID["role/"]),
    "fn": str(ID["function/"]),
    "org": str(ORG),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "time": str(TIME),
    "eli": str(ELI._NS),
    "geo": str(GEO._NS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
}


def sparql_prefixes() -> str:
    """PREFIX lines for every prefix in PREFIXES, to put in front of a query."""
    return "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())


def bind_prefixes(graph: Graph) -> Graph:
    """Bind PREFIXES on graph (serialisations read as the ontology does)."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph


# -- instance IRIs (the scheme is documented at the top of ontology.ttl) ---------------------
_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "【": "〔", "】": "〕", "(": "〔", ")": "〕", "﹝": "〔", "﹞": "〕"})


@lru_cache(maxsize=65536)
def _name(text: str) -> str:
    """A printed name as an IRI segment: folded, then percent-encoded UTF-8."""
    return quote(fold_key(text), safe="")


@lru_cache(maxsize=4096)
def doc_key(doc: str) -> str:
    """The plan id (path relative to the ingest root, suffix included), percent-encoded: the key of
    every per-plan IRI. Suffix and folders are kept so that a/plan.txt, b/plan.txt and plan.docx
    stay three plans."""
    return quote(PurePath(doc).as_posix(), safe="/")


def plan_iri(doc: str) -> URIRef:
    return ID[f"plan/{doc_key(doc)}"]


def plan_graph_iri(doc: str) -> URIRef:
    """The named graph holding everything that belongs to one plan alone."""
    return ID[f"graph/plan/{doc_key(doc)}"]


def source_iri(doc: str) -> URIRef:
    """A file a plan was read from, keyed by its id (a plan stored once under two paths has two)."""
    return ID[f"source/{doc_key(doc)}"]


def task_iri(doc: str, index: int) -> URIRef:
    """index is 0-based, like zwgk.ingest.records.task_id."""
    return ID[f"task/{doc_key(doc)}-{index + 1:03d}"]


#: Entities several plans share live once, each kind in its own graph; plan graphs point at them.
SHARED_GRAPHS = {kind: ID[f"graph/{kind}"] for kind in ("regions", "agencies", "units", "policies", "classifications")}
ONTOLOGY_GRAPH = URIRef(ONTOLOGY_GRAPH_IRI)


def agency_iri(name: str) -> URIRef:
    return ID[f"agency/{_name(name)}"]


def unit_iri(agency: str, unit: str) -> URIRef:
    return ID[f"unit/{_name(agency)}/{_name(unit)}"]


def region_iri(adcode: str) -> URIRef:
    return ID[f"region/{adcode}"]


@lru_cache(maxsize=65536)
def classification_iri(concept: str, where: str, label: str) -> URIRef:
    """A match (a concept's label found in a task's requirement or section headings): one node for every task
    classified by it, keyed by the concept (its IRI under id/: topic/…, domain/…), where it matched, and the label."""
    key = concept.removeprefix(str(ID)) if concept.startswith(str(ID)) else quote(concept, safe="")
    return ID[f"classification/{key}/{where}/{_name(label)}"]


def policy_key(ref: PolicyRef) -> str:
    """Identity of a cited document: its 文号 with brackets unified, else its title without 《》 and 中华人民共和国."""
    if ref.number:
        return "no:" + fold_key(ref.number).translate(_BRACKETS)
    if ref.title:
        return "title:" + fold_key(ref.title).strip("《》<>“”\"").removeprefix("中华人民共和国")
    return ""


def policy_iri(ref: PolicyRef) -> URIRef | None:
    key = policy_key(ref)
    return ID["policy/" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]] if key else None
