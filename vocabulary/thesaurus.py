"""The SKOS schemes of ontology.ttl as plain Python: concepts, task classification, unit functions.

ontology.ttl is parsed once per process (`load_thesaurus`, cached); after that
everything is dict and string work, so classifying 100k tasks costs no RDF.

Classification is label matching: the task text and every zh label are folded
(`fold_key`: half-width, Simplified, no whitespace, lower-cased), every label
occurrence in the text is a candidate, and candidates are taken longest first,
skipping any that overlap a span already taken within the same scheme. So
依申请公开转主动公开 yields only its own concept, not also 依申请公开 and 主动公开,
while a topic and a domain may share a span (财政预决算 is both). Each concept
is reported once, at its first match, with the label and the kind of label
(prefLabel / altLabel / hiddenLabel) that matched.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from zwgk.graph.namespace import ID, ONTOLOGY_FILE, SCHEME
from zwgk.ingest.text import fold_key

__all__ = [
    "Concept", "Match", "Thesaurus", "load_thesaurus", "classify", "unit_function", "concept", "label_key",
]

#: Label kinds in the order they win when two fold to the same key.
_KINDS = ("prefLabel", "altLabel", "hiddenLabel")


@dataclass(frozen=True)
class Concept:
    """One SKOS concept; labels are the zh ones (plus language-less ones such as 12345)."""

    iri: str
    scheme: str  # topics | domains | roles | unit-functions
    label: str
    label_en: str
    alt_labels: tuple[str, ...] = ()
    hidden_labels: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()
    narrower: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    notation: str | None = None
    scope_note: str | None = None

    @property
    def local(self) -> str:
        """The IRI below the id namespace: topic/request-disclosure."""
        return self.iri[len(str(ID)):]

    def labels(self) -> Iterable[tuple[str, str]]:
        """(label, kind) in priority order."""
        yield self.label, "prefLabel"
        yield from ((a, "altLabel") for a in self.alt_labels)
        yield from ((h, "hiddenLabel") for h in self.hidden_labels)


class Match(NamedTuple):
    """A classification: (concept IRI, the label as written in the ontology, its kind)."""

    iri: str
    label: str
    how: str


def label_key(text: str) -> str:
    """The matching form of a label or a text."""
    return fold_key(text).lower()


class _LabelIndex:
    """Labels of one scheme by their first two characters, longest first."""

    def __init__(self, concepts: Iterable[Concept]):
        seen: dict[str, tuple[str, str, str]] = {}
        for c in concepts:
            for label, how in c.labels():
                key = label_key(label)
                if len(key) >= 2 and key not in seen:  # one-character labels would match everywhere
                    seen[key] = (c.iri, label, how)
        self.exact = seen
        # Keyed by the first two characters: every label has two, and a bigram leaves few candidates.
        by_head: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
        for key, (iri, label, how) in seen.items():
            by_head[key[:2]].append((key, iri, label, how))
        self.by_head = {head: sorted(v, key=lambda e: -len(e[0])) for head, v in by_head.items()}

    def matches(self, key: str) -> list[tuple[int, Match]]:
        """(position, match) per concept, longest labels taken first, no overlaps."""
        found = []
        get = self.by_head.get
        for i in range(len(key) - 1):
            for entry in get(key[i : i + 2], ()):
                if key.startswith(entry[0], i):
                    found.append((len(entry[0]), i, entry))
        if not found:
            return []
        found.sort(key=lambda f: (-f[0], f[1]))
        taken = bytearray(len(key))
        first: dict[str, tuple[int, Match]] = {}
        for length, i, (_, iri, label, how) in found:
            if any(taken[i : i + length]):
                continue
            taken[i : i + length] = b"\x01" * length
            if iri not in first or i < first[iri][0]:
                first[iri] = (i, Match(iri, label, how))
        return sorted(first.values(), key=lambda m: m[0])


class Thesaurus:
    """All concepts, with label indexes for classification and unit-function matching."""

    def __init__(self, concepts: Iterable[Concept]):
        self.concepts: dict[str, Concept] = {c.iri: c for c in concepts}
        self.by_scheme: dict[str, list[Concept]] = defaultdict(list)
        for c in self.concepts.values():
            self.by_scheme[c.scheme].append(c)
        self._index = {name: _LabelIndex(cs) for name, cs in self.by_scheme.items()}
        # (key, concept) of every unit-function label; matching is by containment.
        self._functions = [(key, self.concepts[iri]) for key, (iri, _, _) in self._index["unit-functions"].exact.items()]
        self._function_of: dict[str, Concept | None] = {}

    def scheme(self, name: str) -> list[Concept]:
        return list(self.by_scheme.get(name, ()))

    def classify(self, text: str, schemes: Iterable[str] = ("topics", "domains")) -> list[Match]:
        """Concepts of the given schemes whose labels occur in text (see the module docstring)."""
        key = label_key(text)
        return [m for name in schemes for _, m in self._index[name].matches(key)]

    def lookup(self, label: str, scheme: str) -> Match | None:
        """The concept one of whose labels *is* label (after folding), if any."""
        hit = self._index[scheme].exact.get(label_key(label))
        return Match(*hit) if hit else None

    def unit_function(self, unit_name: str) -> Concept | None:
        """The function whose label the name contains: longest label first, then the leftmost.

        This is the rule each function concept states in its skos:scopeNote:
        计划财务科, 计财科 and 计划财务处 all map to 计划财务 (finance).
        """
        if unit_name in self._function_of:  # unit names repeat across tasks and plans
            return self._function_of[unit_name]
        name = label_key(unit_name)
        best: tuple[tuple[int, int], Concept] | None = None
        for key, c in self._functions:
            pos = name.find(key)
            if pos >= 0 and (best is None or (-len(key), pos) < best[0]):
                best = ((-len(key), pos), c)
        if len(self._function_of) < 200_000:
            self._function_of[unit_name] = best[1] if best else None
        return best[1] if best else None

    def descendants(self, iri: str) -> list[str]:
        """iri and every concept below it (skos:narrower*), breadth first."""
        out, queue = [iri], [iri]
        while queue:
            for n in self.concepts[queue.pop(0)].narrower:
                if n not in out:
                    out.append(n)
                    queue.append(n)
        return out


def _concepts_from_ontology() -> list[Concept]:
    from rdflib import Graph, Literal
    from rdflib.namespace import RDF, SKOS

    g = Graph()
    g.parse(ONTOLOGY_FILE, format="turtle")
    scheme_names = {v: k for k, v in SCHEME.items()}

    def zh(values: Iterable) -> tuple[str, ...]:
        return tuple(str(v) for v in values if isinstance(v, Literal) and v.language in (None, "zh"))

    concepts = []
    for s in sorted(g.subjects(RDF.type, SKOS.Concept)):
        scheme = next((scheme_names[o] for o in g.objects(s, SKOS.inScheme) if o in scheme_names), None)
        if scheme is None:
            continue
        prefs = list(g.objects(s, SKOS.prefLabel))
        en = [str(p) for p in prefs if getattr(p, "language", None) == "en"]
        note = next((str(n) for n in g.objects(s, SKOS.scopeNote)), None)
        notation = next((str(n) for n in g.objects(s, SKOS.notation)), None)
        broader = tuple(sorted(str(o) for o in g.objects(s, SKOS.broader)))
        narrower = sorted({str(o) for o in g.objects(s, SKOS.narrower)} | {str(o) for o in g.subjects(SKOS.broader, s)})
        related = sorted({str(o) for o in g.objects(s, SKOS.related)} | {str(o) for o in g.subjects(SKOS.related, s)})
        concepts.append(Concept(
            iri=str(s), scheme=scheme, label=zh(prefs)[0], label_en=en[0] if en else "",
            alt_labels=tuple(sorted(zh(g.objects(s, SKOS.altLabel)))),
            hidden_labels=tuple(sorted(zh(g.objects(s, SKOS.hiddenLabel)))),
            broader=broader, narrower=tuple(narrower), related=tuple(related), notation=notation, scope_note=note,
        ))
    return concepts


@lru_cache(maxsize=1)
def load_thesaurus() -> Thesaurus:
    """Parse ontology.ttl once per process (~0.1 s)."""
    return Thesaurus(_concepts_from_ontology())


def classify(text: str, schemes: Iterable[str] = ("topics", "domains")) -> list[Match]:
    """See Thesaurus.classify."""
    return load_thesaurus().classify(text, tuple(schemes))


def unit_function(unit_name: str) -> Concept | None:
    """See Thesaurus.unit_function."""
    return load_thesaurus().unit_function(unit_name)


def concept(iri: str) -> Concept | None:
    return load_thesaurus().concepts.get(str(iri))
