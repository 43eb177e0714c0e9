"""The one vocabulary engine: the SKOS schemes of ontology.ttl matched against text.

Ingest classifies tasks with it (topics, 公开领域, unit functions) and search
expands queries with it (申请公开 ↔ 依申请公开 ↔ 政府信息公开申请). ontology.ttl
is parsed once per process (`load_thesaurus`, cached, rdflib in ontology.py);
the search index keeps a JSON copy of the concepts (concepts.py), so a query
builds a `Thesaurus` without rdflib. After that everything is dict and string
work, so classifying 100k tasks costs no RDF.

Every text and label is folded the same way (`label_key`: half-width,
Simplified, NFKC, no whitespace, lower-cased).

Classification: every label occurrence in the text is a candidate, and
candidates are taken longest first, skipping any that overlap a span already
taken within the same scheme. So 依申请公开转主动公开 yields only its own
concept, not also 依申请公开 and 主动公开, while a topic and a domain may share
a span (财政预决算 is both). Two refinements: a bare hidden label (解读) right
after another family's label qualifies it (年度报告解读 is not 政策解读), and a
broader concept's label made of its narrower concepts' words (解读回应) names
those too, in a task's own text. Each concept is reported once, at its first match,
with the label and the kind of label (prefLabel / altLabel / hiddenLabel) that
matched. A query (`match`) is read the same way across all schemes at once, and
each concept it names expands to its labels and its narrower concepts' labels.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from zwgk.vocabulary.concepts import Concept, label_key

__all__ = [
    "Concept", "Match", "ConceptMatch", "Thesaurus", "load_thesaurus", "classify", "unit_function", "concept",
    "label_key",
]

#: Label kinds in the order they win when two fold to the same key.
_KINDS = ("prefLabel", "altLabel", "hiddenLabel")


class Match(NamedTuple):
    """A classification: (concept IRI, the label as written in the ontology, its kind)."""

    iri: str
    label: str
    how: str


@dataclass(frozen=True)
class ConceptMatch:
    """A concept a query names: the label's matching form found there, and what the concept expands to."""

    concept: Concept
    matched: str
    expansion: tuple[str, ...]


class _LabelIndex:
    """The labels of one scheme by their folded form, found in a text in one pass."""

    def __init__(self, concepts: Iterable[Concept]):
        seen: dict[str, tuple[str, str, str]] = {}
        for c in concepts:
            for label, how in c.labels():
                key = label_key(label)
                if len(key) >= 2 and key not in seen:  # one-character labels would match everywhere
                    seen[key] = (c.iri, label, how)
        self.exact = seen
        self._finder: Any = None

    def _occurrences(self, text: str) -> list[tuple[int, int, tuple[str, str, str, str]]]:
        """(length, start, entry) of every label occurrence, overlapping ones included.

        One Aho–Corasick pass (pyahocorasick, built on first use): classifying is a fifth of a plan's
        preparation at ingest, and a Python scan of every position's bigram took three quarters of that.
        """
        if not self.exact:
            return []
        if self._finder is None:
            import ahocorasick

            finder = ahocorasick.Automaton()
            for key, (iri, label, how) in self.exact.items():
                finder.add_word(key, (key, iri, label, how))
            finder.make_automaton()
            self._finder = finder
        return [(len(entry[0]), end - len(entry[0]) + 1, entry) for end, entry in self._finder.iter(text)]

    def matches(self, key: str, kin: Callable[[str, str], bool] = lambda a, b: False) -> list[tuple[int, Match]]:
        """(position, match) per concept, longest labels taken first, no overlaps.

        A bare hidden label right after another concept's label qualifies that concept unless the
        two are kin (`kin`): 年度报告解读 is the annual report's 解读, not a policy's, while
        重大政策发布解读 is still 解读 of a policy.
        """
        found = self._occurrences(key)
        if not found:
            return []
        found.sort(key=lambda f: (-f[0], f[1]))
        taken = bytearray(len(key))
        kept = []
        for length, i, (_, iri, label, how) in found:
            if any(taken[i : i + length]):
                continue
            taken[i : i + length] = b"\x01" * length
            kept.append((i, length, Match(iri, label, how)))
        ends = {i + length: m.iri for i, length, m in kept if m.how != "hiddenLabel"}
        first: dict[str, tuple[int, Match]] = {}
        for i, _, m in kept:
            if m.how == "hiddenLabel" and i in ends and not kin(ends[i], m.iri):
                continue
            if m.iri not in first or i < first[m.iri][0]:
                first[m.iri] = (i, m)
        return sorted(first.values(), key=lambda m: m[0])


class Thesaurus:
    """All concepts, with label indexes for classification and unit-function matching."""

    def __init__(self, concepts: Iterable[Concept]):
        self.concepts: dict[str, Concept] = {c.iri: c for c in concepts}
        self.by_scheme: dict[str, list[Concept]] = defaultdict(list)
        for c in self.concepts.values():
            self.by_scheme[c.scheme].append(c)
        self._index = {name: _LabelIndex(cs) for name, cs in self.by_scheme.items()}
        self._implied = self._compounds()
        # (key, concept) of every unit-function label; matching is by containment.
        functions = self._index["unit-functions"].exact if "unit-functions" in self._index else {}
        self._functions = [(key, self.concepts[iri]) for key, (iri, _, _) in functions.items()]
        self._function_of: dict[str, Concept | None] = {}
        # Query matching: (key, concept) of every label of every scheme, longest first.
        self._query_labels = sorted(
            ((key, c) for c in self.concepts.values() for key in map(label_key, c.all_labels) if len(key) >= 2),
            key=lambda item: -len(item[0]),
        )
        # Their places in that order by first two characters: a text is checked only against the labels
        # whose first two characters it holds (an unscoped question at a million tasks matches 3,072 headings).
        self._query_heads: dict[str, list[int]] = defaultdict(list)
        for k, (key, _) in enumerate(self._query_labels):
            self._query_heads[key[:2]].append(k)

    @property
    def by_iri(self) -> dict[str, Concept]:
        return self.concepts

    def scheme(self, name: str) -> list[Concept]:
        return list(self.by_scheme.get(name, ()))

    def _kin(self, a: str, b: str) -> bool:
        """Whether two concepts are one family: one is broader of the other, or they share a broader one."""
        ca, cb = self.concepts.get(a), self.concepts.get(b)
        if ca is None or cb is None:
            return False
        return a in cb.broader or b in ca.broader or bool(set(ca.broader) & set(cb.broader))

    def _compounds(self) -> dict[tuple[str, str], tuple[Match, ...]]:
        """(concept, label key) → the narrower concepts that label is made of.

        A broader concept's label can join its narrower ones' words (解读回应 = 解读 + 回应):
        a task that names it names those too, and a question about 政策解读 must find it.
        """
        out: dict[tuple[str, str], tuple[Match, ...]] = {}
        for c in self.concepts.values():
            children = [self.concepts[n] for n in c.narrower if n in self.concepts]
            for label, _ in c.labels():
                key = label_key(label)
                parts = tuple(
                    next(Match(n.iri, lab, how) for lab, how in n.labels()
                         if len(label_key(lab)) >= 2 and label_key(lab) in key)
                    for n in children
                    if any(len(label_key(lab)) >= 2 and label_key(lab) in key for lab, _ in n.labels())
                )
                if parts:
                    out[(c.iri, key)] = parts
        return out

    def classify(self, text: str, schemes: Iterable[str] = ("topics", "domains"), *,
                 compounds: bool = True) -> list[Match]:
        """Concepts of the given schemes whose labels occur in text (see the module docstring).

        `compounds=False` leaves a compound label as its own concept only: a heading (加强政策解读回应)
        covers tasks about either part, and which one a task is about is its own text's business.
        """
        key = label_key(text)
        out: list[Match] = []
        for name in schemes:
            found = [m for _, m in self._index[name].matches(key, self._kin)]
            if not compounds:
                out += found
                continue
            have = {m.iri for m in found}
            for m in list(found):
                for part in self._implied.get((m.iri, label_key(m.label)), ()):
                    if part.iri not in have:
                        have.add(part.iri)
                        found.append(part)
            out += found
        return out

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

    def expansion(self, concept: Concept) -> tuple[str, ...]:
        """What a query naming the concept also looks for: its labels and its narrower concepts' labels."""
        labels = list(concept.all_labels)
        for iri in concept.narrower:
            child = self.concepts.get(iri)
            if child:
                labels += child.all_labels
        return tuple(dict.fromkeys(labels))

    def match(self, query: str) -> list[ConceptMatch]:
        """Concepts a query names, across schemes: longest labels first, every occurrence, and a label
        inside a longer matched label does not count again (政府信息公开申请 hides 信息公开)."""
        text = label_key(query)
        taken = [False] * len(text)
        found: dict[str, ConceptMatch] = {}
        heads = self._query_heads
        places = sorted({k for i in range(len(text) - 1) for k in heads.get(text[i:i + 2], ())})
        for label, concept in (self._query_labels[k] for k in places):
            start = text.find(label)
            while start >= 0:
                span = range(start, start + len(label))
                if not any(taken[i] for i in span):
                    for i in span:
                        taken[i] = True
                    if concept.iri not in found:
                        found[concept.iri] = ConceptMatch(concept, label, self.expansion(concept))
                start = text.find(label, start + 1)
        return list(found.values())

    def ancestors(self, scheme: str) -> dict[str, tuple[str, ...]]:
        """Each concept of the scheme by its label → the labels of every concept above it (skos:broader*)."""
        out: dict[str, tuple[str, ...]] = {}
        for c in self.by_scheme.get(scheme, ()):
            seen: list[str] = []
            todo = list(c.broader)
            while todo:
                if (iri := todo.pop(0)) in self.concepts and iri not in seen:
                    seen.append(iri)
                    todo += self.concepts[iri].broader
            out[c.label] = tuple(self.concepts[i].label for i in seen)
        return out

    def descendants(self, iri: str) -> list[str]:
        """iri and every concept below it (skos:narrower*), breadth first."""
        out, queue = [iri], [iri]
        while queue:
            for n in self.concepts[queue.pop(0)].narrower:
                if n not in out:
                    out.append(n)
                    queue.append(n)
        return out


@lru_cache(maxsize=1)
def load_thesaurus() -> Thesaurus:
    """Parse ontology.ttl once per process (~0.1 s)."""
    from zwgk.vocabulary.ontology import concepts_from_ontology

    return Thesaurus(concepts_from_ontology())


def classify(text: str, schemes: Iterable[str] = ("topics", "domains")) -> list[Match]:
    """See Thesaurus.classify."""
    return load_thesaurus().classify(text, tuple(schemes))


def unit_function(unit_name: str) -> Concept | None:
    """See Thesaurus.unit_function."""
    return load_thesaurus().unit_function(unit_name)


def concept(iri: str) -> Concept | None:
    return load_thesaurus().concepts.get(str(iri))
