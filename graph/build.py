"""Plan → RDF: the triples of one parsed plan, under stable IRIs.

Triples are N-Triples lines appended to a list (no per-triple SPARQL, no graph
look-ups, no rdflib terms: graph/terms.py says why), so the same lines feed the
store's bulk loader, its per-plan update and, parsed, an rdflib Graph
(`plan_to_graph`). IRIs depend on the input alone (the plan id — the path
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

from rdflib import Graph
from rdflib.term import Node

from zwgk.graph import namespace as ns
from zwgk.graph.namespace import DCTERMS, ELI, GEO, ID, ORG, PROV, RDF, RDFS, ROLE, SKOS, TIME, XSD, ZWGK
from zwgk.graph.terms import FALSE, TRUE, Terms, integer, iri, text, typed, zh
from zwgk.ingest.records import task_id
from zwgk.ingest.regions import region_by_code
from zwgk.model.plan import Deadline, Plan, PolicyRef, Region, Task
from zwgk.model.roles import Level, Role
from zwgk.vocabulary import thesaurus
from zwgk.vocabulary.classify import classify_task

__all__ = ["plan_triples", "plan_to_graph", "build_plan", "BuiltPlan", "SourceRef"]

Triple = tuple[Node, Node, Node]

# The vocabularies as IRI text (graph/terms.py), named as in Turtle.
zwgk, rdf, rdfs, org, skos, dcterms, prov, owltime, eli, geo = (
    Terms(n) for n in (ZWGK, RDF, RDFS, ORG, SKOS, DCTERMS, PROV, TIME, ELI, GEO))

_SHORTCUT = {str(Role.lead): zwgk.leadUnit, str(Role.responsible): zwgk.responsibleUnit,
             str(Role.cooperate): zwgk.cooperatingUnit}
_ROLE = {code: iri(concept) for code, concept in ROLE.items()}
_TIME_UNIT = {code: iri(unit) for code, unit in ns.TIME_UNIT.items()}
_PREDICATE = {"topics": zwgk.topic, "domains": zwgk.domain}
_WHERE = {k: text(k) for k in ("requirement", "section")}
_LEVEL_CHAR = {"省": Level.province, "市": Level.city, "县": Level.county, "区": Level.county}
#: Unit functions (local names) that are agencies of their own, not sections of the issuing agency.
OUTSIDE_FUNCTIONS = frozenset({"function/subordinate-bureaus", "function/schools"})
_DEPT_SPLIT = re.compile(r"[、,，;；/]+")


def _level(code: str) -> Level:
    return Level.of_code(code)


@dataclass(frozen=True)
class SourceRef:
    """A file a plan was read from: its id (path relative to the ingest root), absolute path, digest."""

    id: str
    path: str | None
    sha256: str | None


@dataclass
class BuiltPlan:
    """One plan's triples as N-Triples lines (without the closing " ."): its own graph, the shared
    entities it names (by shared graph kind), and the topic/domain labels and unit functions found while
    building (the records need them too)."""

    plan: list[str]
    shared: dict[str, list[str]]
    concepts: list[dict[str, list[str]]] = field(default_factory=list)
    functions: dict[str, str | None] = field(default_factory=dict)

    def all_lines(self) -> list[str]:
        return [*self.plan, *(line for lines in self.shared.values() for line in lines)]


# -- triples ----------------------------------------------------------------------------
class _PlanTriples:
    """Accumulates the triples of one plan; nodes shared by tasks are described once."""

    def __init__(self, plan: Plan, sources: list[SourceRef] | None = None):
        self.plan = plan
        self.stem = ns.doc_key(plan.doc)
        self.iri = iri(ns.plan_iri(plan.doc))
        self.sources = sources or [SourceRef(plan.doc, None, plan.sha256)]
        self.out: list[str] = []
        self.add = self.out.append
        self.shared: dict[str, list[str]] = {kind: [] for kind in ns.SHARED_GRAPHS}
        self.concepts: list[dict[str, list[str]]] = []
        self.functions: dict[str, str | None] = {}
        self.done: set[str] = set()
        self.units: dict[str, str] = {}
        self.thesaurus = thesaurus.load_thesaurus()
        self.issuer = plan.issuer or f"未知发文机关:{plan.doc}"
        self.issuer_iri = iri(ns.agency_iri(self.issuer))
        self.sections: dict[tuple[str, ...], tuple[str, str]] = {}
        self.children: dict[tuple[str, ...], int] = defaultdict(int)
        self.section_matches: dict[tuple[str, ...], list[thesaurus.Match]] = {}

    def build(self) -> BuiltPlan:
        plan, p, add = self.plan, self.iri, self.add
        add(f"{p} {rdf.type} {zwgk.Plan}")
        add(f"{p} {dcterms.identifier} {text(plan.doc)}")
        for source in self.sources:
            src = iri(ns.source_iri(source.id))
            add(f"{p} {prov.wasDerivedFrom} {src}")
            add(f"{src} {rdf.type} {zwgk.SourceFile}")
            add(f"{src} {rdfs.label} {text(source.id)}")
            if source.sha256:
                add(f"{src} {zwgk.sha256} {text(source.sha256)}")
            if source.path:
                add(f"{src} {zwgk.filePath} {text(source.path)}")
        if plan.title:
            add(f"{p} {dcterms.title} {zh(plan.title)}")
        if plan.year:
            add(f"{p} {zwgk.year} {typed(str(plan.year), XSD.gYear)}")
            if plan.year_inferred:
                add(f"{p} {zwgk.yearInferred} {TRUE}")
        if plan.doc_number:
            add(f"{p} {eli.id_local} {text(plan.doc_number)}")
        add(f"{p} {dcterms.creator} {self.agency(self.issuer, plan.region)}")
        if plan.issuer_inferred:
            add(f"{p} {zwgk.issuerInferred} {TRUE}")
        if plan.region:
            add(f"{p} {zwgk.region} {self.region(plan.region)}")
        for ref in plan.policies:
            if (doc := self.policy(ref)) is not None:
                add(f"{p} {zwgk.basedOn} {doc}")
        if (own := self.policy(PolicyRef(plan.title, plan.doc_number))) is not None:
            add(f"{p} {prov.alternateOf} {own}")
        spans = [s for s in (*(t.source_lines for t in plan.tasks), *(d.source_lines for d in plan.domains)) if s[0] > 0]
        if spans:
            self.lines(p, (min(s[0] for s in spans), max(s[1] for s in spans)))
        for index, task in enumerate(plan.tasks):
            self.task(index, task)
        self.domain_records()
        return BuiltPlan(list(dict.fromkeys(self.out)), {k: list(dict.fromkeys(v)) for k, v in self.shared.items()},
                         self.concepts, self.functions)

    def lines(self, node: str, span: tuple[int, int]) -> None:
        if span[0] > 0:
            self.add(f"{node} {zwgk.firstLine} {integer(span[0])}")
            self.add(f"{node} {zwgk.lastLine} {integer(span[1])}")

    def region(self, region: Region) -> str:
        parent, add = None, self.shared["regions"].append
        for name, code in zip(region.chain, region.chain_codes, strict=False):
            r = iri(ns.region_iri(code))
            if r not in self.done:
                self.done.add(r)
                full = region_by_code(code)
                add(f"{r} {rdf.type} {zwgk.Region}")
                add(f"{r} {skos.prefLabel} {zh(full.name if full else name)}")
                add(f"{r} {zwgk.adcode} {text(code)}")
                add(f"{r} {zwgk.adminLevel} {text(full.level if full else _level(code))}")
                if full and full.latitude is not None and full.longitude is not None:
                    add(f"{r} {geo.lat} {typed(str(full.latitude), XSD.decimal)}")
                    add(f"{r} {geo.long} {typed(str(full.longitude), XSD.decimal)}")
                if parent is not None:
                    add(f"{r} {zwgk.within} {parent}")
            parent = r
        return iri(ns.region_iri(region.adcode))

    def agency(self, name: str, region: Region | None, printed: str | None = None) -> str:
        a, add = iri(ns.agency_iri(name)), self.shared["agencies"].append
        if a not in self.done:
            self.done.add(a)
            add(f"{a} {rdf.type} {org.Organization}")
            add(f"{a} {skos.prefLabel} {zh(name)}")
            if region:
                add(f"{a} {zwgk.region} {self.region(region)}")
        if printed and printed != name:
            add(f"{a} {skos.altLabel} {zh(printed)}")
        return a

    def unit(self, name: str) -> str:
        u = self.units.get(name)
        if u is not None:
            return u
        u = self.units[name] = iri(ns.unit_iri(self.issuer, name))
        function = self.thesaurus.unit_function(name)
        self.functions[name] = function.label if function is not None else None
        if u not in self.done:  # two printed forms of one name (全角/半角) are one unit, described once
            self.done.add(u)
            add = self.shared["units"].append
            add(f"{u} {rdf.type} {org.OrganizationalUnit}")
            add(f"{u} {skos.prefLabel} {zh(name)}")
            if function is not None and function.local in OUTSIDE_FUNCTIONS:
                # 县区教育局, 市直各学校: agencies of their own that the plan assigns work to, not its sections.
                add(f"{u} {org.linkedTo} {self.issuer_iri}")
            else:
                add(f"{u} {org.unitOf} {self.issuer_iri}")
            if function is not None:
                add(f"{u} {org.classification} {iri(function.iri)}")
        return u

    def policy(self, ref: PolicyRef) -> str | None:
        found = ns.policy_iri(ref)
        if found is None:
            return None
        doc, add = iri(found), self.shared["policies"].append
        if doc not in self.done:
            self.done.add(doc)
            add(f"{doc} {rdf.type} {zwgk.PolicyDocument}")
            if ref.title:
                add(f"{doc} {dcterms.title} {zh(ref.title)}")
            if ref.number:
                add(f"{doc} {eli.id_local} {text(ref.number)}")
        return doc

    def section(self, path: tuple[str, ...]) -> tuple[str, str]:
        """Section IRIs number headings by first appearance: section/<stem>-2.1."""
        if path in self.sections:
            return self.sections[path]
        parent = self.section(path[:-1]) if len(path) > 1 else None
        self.children[path[:-1]] += 1
        position = self.children[path[:-1]]
        number = f"{parent[1]}.{position}" if parent else str(position)
        s = f"<{ID}section/{self.stem}-{number}>"
        self.add(f"{s} {rdf.type} {zwgk.Section}")
        self.add(f"{s} {dcterms.title} {zh(path[-1])}")
        self.add(f"{s} {dcterms.isPartOf} {parent[0] if parent else self.iri}")
        self.add(f"{s} {zwgk.position} {integer(position)}")
        self.sections[path] = (s, number)
        return s, number

    def task(self, index: int, task: Task) -> None:
        add, n, t = self.add, f"{self.stem}-{index + 1:03d}", iri(ns.task_iri(self.plan.doc, index))
        add(f"{t} {rdf.type} {zwgk.Task}")
        add(f"{t} {dcterms.isPartOf} {self.iri}")
        add(f"{t} {dcterms.identifier} {text(task_id(self.plan.doc, index))}")
        add(f"{t} {zwgk.position} {integer(index + 1)}")
        add(f"{t} {zwgk.requirement} {zh(task.requirement)}")
        if task.seq:
            add(f"{t} {zwgk.seq} {text(task.seq)}")
        if task.units_raw:
            add(f"{t} {zwgk.unitsText} {zh(task.units_raw)}")
        if task.section:
            add(f"{t} {zwgk.section} {self.section(task.section)[0]}")
        self.lines(t, task.source_lines)
        for k, u in enumerate(task.units, 1):
            role = _ROLE.get(u.role)
            if role is None:
                raise ValueError(f"{task_id(self.plan.doc, index)}: unknown role {u.role!r} (expected one of {sorted(ROLE)})")
            r, unit = f"<{ID}responsibility/{n}-{k}>", self.unit(u.name)
            add(f"{t} {zwgk.responsibility} {r}")
            add(f"{t} {_SHORTCUT[u.role]} {unit}")
            add(f"{r} {rdf.type} {zwgk.Responsibility}")
            add(f"{r} {zwgk.unit} {unit}")
            add(f"{r} {zwgk.role} {role}")
            add(f"{r} {zwgk.printedName} {zh(u.name)}")
            if u.aspect:
                add(f"{r} {zwgk.aspect} {zh(u.aspect)}")
            if u.inherited:
                add(f"{r} {zwgk.inherited} {TRUE}")
        d = task.deadline
        if d.raw or d.date or d.dates or d.ongoing:
            add(f"{t} {zwgk.deadline} {self.deadline(f'<{ID}deadline/{n}>', d)}")
        for k, td in enumerate(task.text_deadlines, 1):
            add(f"{t} {zwgk.textDeadline} {self.deadline(f'<{ID}deadline/{n}-t{k}>', td)}")
        for k, rt in enumerate(task.response_times, 1):
            ri = f"<{ID}responsetime/{n}-{k}>"
            add(f"{t} {zwgk.responseTime} {ri}")
            add(f"{ri} {rdf.type} {owltime.Duration}")
            add(f"{ri} {owltime.numericDuration} {typed(str(rt.amount), XSD.decimal)}")
            add(f"{ri} {owltime.unitType} {_TIME_UNIT[rt.unit]}")
            add(f"{ri} {zwgk.rawText} {zh(rt.raw)}")
            add(f"{ri} {zwgk.statedIn} {text(rt.source)}")
        for ref in task.policies:
            if (doc := self.policy(ref)) is not None:
                add(f"{t} {zwgk.basedOn} {doc}")
        self.classify(t, task)

    def deadline(self, di: str, d: Deadline) -> str:
        add = self.add
        add(f"{di} {rdf.type} {zwgk.Deadline}")
        if d.raw:
            add(f"{di} {zwgk.rawText} {zh(d.raw)}")
        for date in d.dates or ((d.date,) if d.date else ()):
            add(f"{di} {owltime.inXSDDate} {typed(str(date), XSD.date)}")
        add(f"{di} {zwgk.ongoing} {TRUE if d.ongoing else FALSE}")
        if d.inherited:
            add(f"{di} {zwgk.inherited} {TRUE}")
        return di

    def classify(self, t: str, task: Task) -> None:
        """Topics and domains from the requirement, then from the section headings (each concept once)."""
        labels: dict[str, list[str]] = {"topics": [], "domains": []}
        self.concepts.append(labels)
        for where, m in classify_task(self.thesaurus, task, self.section_matches):
            concept = self.thesaurus.concepts[m.iri]
            labels[concept.scheme].append(concept.label)
            self.add(f"{t} {_PREDICATE[concept.scheme]} <{m.iri}>")
            self.add(f"{t} {zwgk.classification} {self.classification(m.iri, m.label, where)}")

    def classification(self, concept: str, label: str, where: str) -> str:
        """The shared node of one match (concept, label, where), described once per plan."""
        c = iri(ns.classification_iri(concept, where, label))
        if c not in self.done:
            self.done.add(c)
            add = self.shared["classifications"].append
            add(f"{c} {zwgk.concept} <{concept}>")
            add(f"{c} {zwgk.matchedLabel} {text(label)}")
            add(f"{c} {zwgk.matchedIn} {_WHERE[where]}")
        return c

    def domain_records(self) -> None:
        add = self.add
        for j, rec in enumerate(self.plan.domains, 1):
            r = f"<{ID}domainrecord/{self.stem}-{j:03d}>"
            add(f"{r} {rdf.type} {zwgk.DomainRecord}")
            add(f"{r} {dcterms.isPartOf} {self.iri}")
            add(f"{r} {zwgk.printedName} {zh(rec.domain)}")
            if rec.seq is not None:
                add(f"{r} {zwgk.seq} {text(str(rec.seq))}")
            if rec.flag:
                add(f"{r} {zwgk.flag} {text(rec.flag)}")
            match = self.thesaurus.lookup(rec.domain, "domains") or next(
                iter(self.thesaurus.classify(rec.domain, ("domains",))), None)
            if match:
                add(f"{r} {zwgk.domain} <{match.iri}>")
            for printed in _DEPT_SPLIT.split(rec.department or ""):
                if printed.strip():
                    name, region = _qualify(printed.strip(), self.plan.region)
                    add(f"{r} {zwgk.competentAgency} {self.agency(name, region, printed.strip())}")
            if rec.department_inherited:
                add(f"{r} {zwgk.inherited} {TRUE}")
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
    """Every triple of one plan, shared entities included, as rdflib terms."""
    return list(plan_to_graph(plan, Graph()))


def plan_to_graph(plan: Plan, graph: Graph | None = None) -> Graph:
    """The plan's triples added to graph (a new one with the zwgk prefixes bound when None)."""
    g = graph if graph is not None else ns.bind_prefixes(Graph())
    return g.parse(data="".join(f"{line} .\n" for line in build_plan(plan).all_lines()), format="nt")
