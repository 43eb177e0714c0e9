"""Plan → RDF: the triples of one parsed plan, under stable IRIs.

Triples are plain tuples appended to a list (no per-triple SPARQL, no graph
look-ups), so the same `plan_triples` feeds an rdflib Graph here and a bulk
store loader later. IRIs depend on the input alone (the plan id — the path
relative to the ingest root —, printed names, adcodes, 文号), never on the
order of ingestion or the machine; the scheme is documented at the top of
ontology.ttl.

Triples come out in two parts (`build_plan`): those that belong to the plan
alone (its graph) and those describing entities plans share — regions,
agencies, units, cited documents — grouped by the shared graph they live in,
so each is stored once however many plans name it.

Modelling choices:
- Every unit a plan names is org:unitOf the plan's issuing agency, collectives
  (各科室, 各处室和支撑机构) included, except the lower-level bureaus and the
  schools a plan addresses (县区教育局, 市直各学校): those are agencies of
  their own, so they are only org:linkedTo the issuer (the plan assigns them
  work) and a responsible chain through org:unitOf does not run through it.
  org:classification (fn:collective, fn:subordinate-bureaus, fn:schools) tells them apart.
- A plan without an issuer gets a placeholder agency keyed by its plan id,
  so its units still hang off one agency.
- Departments of a 公开领域 list are agencies; a level-relative name (县发改委 in
  a 石台县 plan) is qualified with the region at that level (石台县发改委).
- A plan with a title or 文号 is also a policy document: `plan prov:alternateOf
  policy/<key>`, so plans citing it reach it by zwgk:basedOn/^prov:alternateOf.
- zwgk:inherited is stated only when true; absence means false.
- A classification (why a task carries a topic or domain) states what cannot be derived: the concept, the
  label found and where. Its type follows from zwgk:classification's range and its kind of SKOS label from
  the ontology (the label property of the concept with that value), so neither is stated. It is a match,
  not a task's own node: every task whose requirement holds 依申请公开 points at the one node of
  (依申请公开, "依申请公开", requirement), kept in the classifications graph. Described per task, they
  were 4 triples per topic, 36 % of a synthetic plan graph; shared, a task keeps one link per topic.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from zwgk.graph import namespace as ns
from zwgk.graph.namespace import DCTERMS, ELI, GEO, ID, ORG, PROV, RDF, RDFS, ROLE, SKOS, TIME, XSD, ZWGK
from zwgk.ingest.records import task_id
from zwgk.ingest.regions import region_by_code
from zwgk.model.plan import Deadline, Plan, PolicyRef, Region, Task
from zwgk.model.roles import Level, Role
from zwgk.vocabulary import thesaurus
from zwgk.vocabulary.classify import classify_task

__all__ = ["plan_triples", "plan_to_graph", "build_plan", "BuiltPlan", "SourceRef"]

Triple = tuple[Node, Node, Node]

_SHORTCUT: dict[str, URIRef] = {str(Role.lead): ZWGK.leadUnit, str(Role.responsible): ZWGK.responsibleUnit,
                                 str(Role.cooperate): ZWGK.cooperatingUnit}
_PREDICATE = {"topics": ZWGK.topic, "domains": ZWGK.domain}
_TRUE = Literal(True)
_FALSE = Literal(False)
_WHERE = {k: Literal(k) for k in ("requirement", "section")}
_LEVEL_CHAR = {"省": Level.province, "市": Level.city, "县": Level.county, "区": Level.county}
#: Unit functions (local names) that are agencies of their own, not sections of the issuing agency.
OUTSIDE_FUNCTIONS = frozenset({"function/subordinate-bureaus", "function/schools"})
_DEPT_SPLIT = re.compile(r"[、,，;；/]+")


def _level(code: str) -> Level:
    return Level.of_code(code)


@lru_cache(maxsize=65536)
def _zh(text: str) -> Literal:
    """Names, headings and deadline texts repeat across tasks and plans; building a Literal is the costly part."""
    return Literal(text, lang="zh")


#: Positions, line numbers and matched labels repeat across tasks; building a Literal is the costly part.
_lit = lru_cache(maxsize=65536, typed=True)(Literal)


@dataclass(frozen=True)
class SourceRef:
    """A file a plan was read from: its id (path relative to the ingest root), absolute path, digest."""

    id: str
    path: str | None
    sha256: str | None


@dataclass
class BuiltPlan:
    """One plan's triples: its own graph, the shared entities it names (by shared graph kind), and the
    topic/domain labels and unit functions found while building (the records need them too)."""

    plan: list[Triple]
    shared: dict[str, list[Triple]]
    concepts: list[dict[str, list[str]]] = field(default_factory=list)
    functions: dict[str, str | None] = field(default_factory=dict)

    def all_triples(self) -> list[Triple]:
        return [*self.plan, *(t for triples in self.shared.values() for t in triples)]


# -- triples ----------------------------------------------------------------------------
class _PlanTriples:
    """Accumulates the triples of one plan; nodes shared by tasks are described once."""

    def __init__(self, plan: Plan, sources: list[SourceRef] | None = None):
        self.plan = plan
        self.stem = ns.doc_key(plan.doc)
        self.iri = ns.plan_iri(plan.doc)
        self.sources = sources or [SourceRef(plan.doc, None, plan.sha256)]
        self.out: list[Triple] = []
        self.add = self.out.append
        self.shared: dict[str, list[Triple]] = {kind: [] for kind in ns.SHARED_GRAPHS}
        self.concepts: list[dict[str, list[str]]] = []
        self.functions: dict[str, str | None] = {}
        self.done: set[URIRef] = set()
        self.thesaurus = thesaurus.load_thesaurus()
        self.issuer = plan.issuer or f"未知发文机关:{plan.doc}"
        self.sections: dict[tuple[str, ...], tuple[URIRef, str]] = {}
        self.children: dict[tuple[str, ...], int] = defaultdict(int)
        self.section_matches: dict[tuple[str, ...], list[thesaurus.Match]] = {}

    def build(self) -> BuiltPlan:
        plan, p, add = self.plan, self.iri, self.add
        add((p, RDF.type, ZWGK.Plan))
        add((p, DCTERMS.identifier, Literal(plan.doc)))
        for source in self.sources:
            src = ns.source_iri(source.id)
            add((p, PROV.wasDerivedFrom, src))
            add((src, RDF.type, ZWGK.SourceFile))
            add((src, RDFS.label, Literal(source.id)))
            if source.sha256:
                add((src, ZWGK.sha256, Literal(source.sha256)))
            if source.path:
                add((src, ZWGK.filePath, Literal(source.path)))
        if plan.title:
            add((p, DCTERMS.title, _zh(plan.title)))
        if plan.year:
            add((p, ZWGK.year, Literal(str(plan.year), datatype=XSD.gYear)))
            if plan.year_inferred:
                add((p, ZWGK.yearInferred, _TRUE))
        if plan.doc_number:
            add((p, ELI.id_local, Literal(plan.doc_number)))
        add((p, DCTERMS.creator, self.agency(self.issuer, plan.region)))
        if plan.issuer_inferred:
            add((p, ZWGK.issuerInferred, _TRUE))
        if plan.region:
            add((p, ZWGK.region, self.region(plan.region)))
        for ref in plan.policies:
            if (doc := self.policy(ref)) is not None:
                add((p, ZWGK.basedOn, doc))
        if (own := self.policy(PolicyRef(plan.title, plan.doc_number))) is not None:
            add((p, PROV.alternateOf, own))
        spans = [s for s in (*(t.source_lines for t in plan.tasks), *(d.source_lines for d in plan.domains)) if s[0] > 0]
        if spans:
            self.lines(p, (min(s[0] for s in spans), max(s[1] for s in spans)))
        for index, task in enumerate(plan.tasks):
            self.task(index, task)
        self.domain_records()
        return BuiltPlan(self.out, self.shared, self.concepts, self.functions)

    def lines(self, node: URIRef, span: tuple[int, int]) -> None:
        if span[0] > 0:
            self.add((node, ZWGK.firstLine, _lit(span[0])))
            self.add((node, ZWGK.lastLine, _lit(span[1])))

    def region(self, region: Region) -> URIRef:
        parent, add = None, self.shared["regions"].append
        for name, code in zip(region.chain, region.chain_codes, strict=False):
            iri = ns.region_iri(code)
            if iri not in self.done:
                self.done.add(iri)
                full = region_by_code(code)
                add((iri, RDF.type, ZWGK.Region))
                add((iri, SKOS.prefLabel, _zh(full.name if full else name)))
                add((iri, ZWGK.adcode, Literal(code)))
                add((iri, ZWGK.adminLevel, Literal(full.level if full else _level(code))))
                if full and full.latitude is not None and full.longitude is not None:
                    add((iri, GEO.lat, Literal(str(full.latitude), datatype=XSD.decimal)))
                    add((iri, GEO.long, Literal(str(full.longitude), datatype=XSD.decimal)))
                if parent is not None:
                    add((iri, ZWGK.within, parent))
            parent = iri
        return ns.region_iri(region.adcode)

    def agency(self, name: str, region: Region | None, printed: str | None = None) -> URIRef:
        iri, add = ns.agency_iri(name), self.shared["agencies"].append
        if iri not in self.done:
            self.done.add(iri)
            add((iri, RDF.type, ORG.Organization))
            add((iri, SKOS.prefLabel, _zh(name)))
            if region:
                add((iri, ZWGK.region, self.region(region)))
        if printed and printed != name:
            add((iri, SKOS.altLabel, _zh(printed)))
        return iri

    def unit(self, name: str) -> URIRef:
        iri, add = ns.unit_iri(self.issuer, name), self.shared["units"].append
        if iri not in self.done:
            self.done.add(iri)
            add((iri, RDF.type, ORG.OrganizationalUnit))
            add((iri, SKOS.prefLabel, _zh(name)))
            function = self.thesaurus.unit_function(name)
            if function is not None and function.local in OUTSIDE_FUNCTIONS:
                # 县区教育局, 市直各学校: agencies of their own that the plan assigns work to, not its sections.
                add((iri, ORG.linkedTo, ns.agency_iri(self.issuer)))
            else:
                add((iri, ORG.unitOf, ns.agency_iri(self.issuer)))
            if function is not None:
                add((iri, ORG.classification, URIRef(function.iri)))
        if name not in self.functions:
            function = self.thesaurus.unit_function(name)
            self.functions[name] = function.label if function is not None else None
        return iri

    def policy(self, ref: PolicyRef) -> URIRef | None:
        iri, add = ns.policy_iri(ref), self.shared["policies"].append
        if iri is not None and iri not in self.done:
            self.done.add(iri)
            add((iri, RDF.type, ZWGK.PolicyDocument))
            if ref.title:
                add((iri, DCTERMS.title, _zh(ref.title)))
            if ref.number:
                add((iri, ELI.id_local, Literal(ref.number)))
        return iri

    def section(self, path: tuple[str, ...]) -> tuple[URIRef, str]:
        """Section IRIs number headings by first appearance: section/<stem>-2.1."""
        if path in self.sections:
            return self.sections[path]
        parent = self.section(path[:-1]) if len(path) > 1 else None
        self.children[path[:-1]] += 1
        position = self.children[path[:-1]]
        number = f"{parent[1]}.{position}" if parent else str(position)
        iri = ID[f"section/{self.stem}-{number}"]
        self.add((iri, RDF.type, ZWGK.Section))
        self.add((iri, DCTERMS.title, _zh(path[-1])))
        self.add((iri, DCTERMS.isPartOf, parent[0] if parent else self.iri))
        self.add((iri, ZWGK.position, _lit(position)))
        self.sections[path] = (iri, number)
        return iri, number

    def task(self, index: int, task: Task) -> None:
        add, n, t = self.add, f"{self.stem}-{index + 1:03d}", ns.task_iri(self.plan.doc, index)
        add((t, RDF.type, ZWGK.Task))
        add((t, DCTERMS.isPartOf, self.iri))
        add((t, DCTERMS.identifier, Literal(task_id(self.plan.doc, index))))
        add((t, ZWGK.position, _lit(index + 1)))
        add((t, ZWGK.requirement, _zh(task.requirement)))
        if task.seq:
            add((t, ZWGK.seq, _lit(task.seq)))
        if task.units_raw:
            add((t, ZWGK.unitsText, _zh(task.units_raw)))
        if task.section:
            add((t, ZWGK.section, self.section(task.section)[0]))
        self.lines(t, task.source_lines)
        for k, u in enumerate(task.units, 1):
            role = ROLE.get(u.role)
            if role is None:
                raise ValueError(f"{task_id(self.plan.doc, index)}: unknown role {u.role!r} (expected one of {sorted(ROLE)})")
            r, unit = ID[f"responsibility/{n}-{k}"], self.unit(u.name)
            add((t, ZWGK.responsibility, r))
            add((t, _SHORTCUT[u.role], unit))
            add((r, RDF.type, ZWGK.Responsibility))
            add((r, ZWGK.unit, unit))
            add((r, ZWGK.role, role))
            add((r, ZWGK.printedName, _zh(u.name)))
            if u.aspect:
                add((r, ZWGK.aspect, _zh(u.aspect)))
            if u.inherited:
                add((r, ZWGK.inherited, _TRUE))
        d = task.deadline
        if d.raw or d.date or d.dates or d.ongoing:
            add((t, ZWGK.deadline, self.deadline(ID[f"deadline/{n}"], d)))
        for k, td in enumerate(task.text_deadlines, 1):
            add((t, ZWGK.textDeadline, self.deadline(ID[f"deadline/{n}-t{k}"], td)))
        for k, rt in enumerate(task.response_times, 1):
            ri = ID[f"responsetime/{n}-{k}"]
            add((t, ZWGK.responseTime, ri))
            add((ri, RDF.type, TIME.Duration))
            add((ri, TIME.numericDuration, Literal(str(rt.amount), datatype=XSD.decimal)))
            add((ri, TIME.unitType, ns.TIME_UNIT[rt.unit]))
            add((ri, ZWGK.rawText, _zh(rt.raw)))
            add((ri, ZWGK.statedIn, _lit(rt.source)))
        for ref in task.policies:
            if (doc := self.policy(ref)) is not None:
                add((t, ZWGK.basedOn, doc))
        self.classify(t, task)

    def deadline(self, di: URIRef, d: Deadline) -> URIRef:
        add = self.add
        add((di, RDF.type, ZWGK.Deadline))
        if d.raw:
            add((di, ZWGK.rawText, _zh(d.raw)))
        for date in d.dates or ((d.date,) if d.date else ()):
            add((di, TIME.inXSDDate, Literal(date, datatype=XSD.date)))
        add((di, ZWGK.ongoing, _TRUE if d.ongoing else _FALSE))
        if d.inherited:
            add((di, ZWGK.inherited, _TRUE))
        return di

    def classify(self, t: URIRef, task: Task) -> None:
        """Topics and domains from the requirement, then from the section headings (each concept once)."""
        labels: dict[str, list[str]] = {"topics": [], "domains": []}
        self.concepts.append(labels)
        for where, m in classify_task(self.thesaurus, task, self.section_matches):
            concept = self.thesaurus.concepts[m.iri]
            labels[concept.scheme].append(concept.label)
            iri = URIRef(m.iri)
            self.add((t, _PREDICATE[concept.scheme], iri))
            self.add((t, ZWGK.classification, self.classification(iri, m.label, where)))

    def classification(self, concept: URIRef, label: str, where: str) -> URIRef:
        """The shared node of one match (concept, label, where), described once per plan."""
        c = ns.classification_iri(concept, where, label)
        if c not in self.done:
            self.done.add(c)
            add = self.shared["classifications"].append
            add((c, ZWGK.concept, concept))
            add((c, ZWGK.matchedLabel, _lit(label)))
            add((c, ZWGK.matchedIn, _WHERE[where]))
        return c

    def domain_records(self) -> None:
        for j, rec in enumerate(self.plan.domains, 1):
            r = ID[f"domainrecord/{self.stem}-{j:03d}"]
            self.add((r, RDF.type, ZWGK.DomainRecord))
            self.add((r, DCTERMS.isPartOf, self.iri))
            self.add((r, ZWGK.printedName, _zh(rec.domain)))
            if rec.seq is not None:
                self.add((r, ZWGK.seq, Literal(str(rec.seq))))
            if rec.flag:
                self.add((r, ZWGK.flag, Literal(rec.flag)))
            match = self.thesaurus.lookup(rec.domain, "domains") or next(
                iter(self.thesaurus.classify(rec.domain, ("domains",))), None)
            if match:
                self.add((r, ZWGK.domain, URIRef(match.iri)))
            for printed in _DEPT_SPLIT.split(rec.department or ""):
                if printed.strip():
                    name, region = _qualify(printed.strip(), self.plan.region)
                    self.add((r, ZWGK.competentAgency, self.agency(name, region, printed.strip())))
            if rec.department_inherited:
                self.add((r, ZWGK.inherited, _TRUE))
            self.lines(r, rec.source_lines)


def _qualify(name: str, region: Region | None) -> tuple[str, Region | None]:
    """县发改委 in a 石台县 plan → 石台县发改委 (and its region); other names stay as printed."""
    level = _LEVEL_CHAR.get(name[:1])
    if region is None or level is None or name.startswith("市场") or len(name) < 3:
        return name, region
    for code in region.chain_codes:
        r = region_by_code(code)
        if r is not None and r.level == level:
            return r.name + name[1:], r
    return name, region


def build_plan(plan: Plan, sources: list[SourceRef] | None = None) -> BuiltPlan:
    """The plan's own triples and the shared-entity triples it contributes, by shared graph kind."""
    return _PlanTriples(plan, sources).build()


def plan_triples(plan: Plan) -> list[Triple]:
    """Every triple of one plan, shared entities included (duplicates possible where a node is
    re-labelled; a graph set drops them)."""
    return build_plan(plan).all_triples()


def plan_to_graph(plan: Plan, graph: Graph | None = None) -> Graph:
    """The plan's triples added to graph (a new one with the zwgk prefixes bound when None)."""
    g = graph if graph is not None else ns.bind_prefixes(Graph())
    g.addN((s, p, o, g) for s, p, o in plan_triples(plan))
    return g
