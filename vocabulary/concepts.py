"""Query terms → SKOS concepts → expansion labels (申请公开 ↔ 依申请公开 ↔ 政府信息公开申请).

The concepts come from the ontology's topic and domain schemes. A query
matches a concept when one of its labels occurs in the normalised query,
longest label first (so 政府信息公开申请 beats 信息公开); the expansion is
the concept's labels, altLabels and its narrower concepts' labels.
"""
from __future__ import annotations

from dataclasses import dataclass

from zwgk.search.analyzer import normalise

__all__ = ["Concept", "ConceptMatcher", "ConceptMatch"]


@dataclass(frozen=True)
class Concept:
    iri: str
    label: str
    alt_labels: tuple[str, ...] = ()
    narrower: tuple[str, ...] = ()  # IRIs
    scheme: str = "topic"

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.alt_labels)


@dataclass(frozen=True)
class ConceptMatch:
    concept: Concept
    matched: str  # the label found in the query
    expansion: tuple[str, ...]


class ConceptMatcher:
    def __init__(self, concepts: list[Concept]) -> None:
        self.by_iri = {c.iri: c for c in concepts}
        self._labels = sorted(
            ((normalise(label), c) for c in concepts for label in c.labels if len(normalise(label)) >= 2),
            key=lambda item: -len(item[0]),
        )

    def expansion(self, concept: Concept) -> tuple[str, ...]:
        labels = list(concept.labels)
        for iri in concept.narrower:
            child = self.by_iri.get(iri)
            if child:
                labels += child.labels
        return tuple(dict.fromkeys(labels))

    def match(self, query: str) -> list[ConceptMatch]:
        """Concepts named in the query; a label inside a longer matched label does not count again."""
        text = normalise(query)
        taken = [False] * len(text)
        found: dict[str, ConceptMatch] = {}
        for label, concept in self._labels:
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
