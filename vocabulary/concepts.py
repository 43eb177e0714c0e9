"""One SKOS concept as plain Python, the one way labels and texts are folded for matching, and the
JSON copy of the concepts that is saved beside the search index (queries read it, not ontology.ttl).
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from zwgk.model.text import fold_key
from zwgk.vocabulary.iris import ID_BASE

__all__ = ["Concept", "label_key", "concepts_json", "read_concepts"]


def label_key(text: str) -> str:
    """The matching form of a label or a text: half-width, Simplified, NFKC, no whitespace, lower-cased."""
    return fold_key(text).lower()


@dataclass(frozen=True)
class Concept:
    """One SKOS concept; labels are the zh ones (plus language-less ones such as 12345)."""

    iri: str
    scheme: str  # topics | domains | roles | unit-functions
    label: str
    label_en: str = ""
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
        return self.iri[len(ID_BASE):]

    def labels(self) -> Iterator[tuple[str, str]]:
        """(label, kind) in priority order: prefLabel, altLabels, hiddenLabels."""
        yield self.label, "prefLabel"
        yield from ((a, "altLabel") for a in self.alt_labels)
        yield from ((h, "hiddenLabel") for h in self.hidden_labels)

    @property
    def all_labels(self) -> tuple[str, ...]:
        """Every label once, in priority order (what a query may name the concept by)."""
        return tuple(dict.fromkeys(label for label, _ in self.labels()))


_TUPLES = ("alt_labels", "hidden_labels", "broader", "narrower", "related")


def concepts_json(concepts: Iterable[Concept]) -> str:
    return json.dumps([asdict(c) for c in concepts], ensure_ascii=False)


def read_concepts(path: Path) -> list[Concept]:
    """The concepts saved by `concepts_json`; FileNotFoundError, or ValueError/KeyError/TypeError when damaged.

    A copy written before the engines were merged (alt and hidden labels in one
    list, no English label) reads the same for matching.
    """
    out = []
    for item in json.loads(path.read_text(encoding="utf-8")):
        fields: dict[str, Any] = {k: v for k, v in item.items() if k in Concept.__dataclass_fields__}
        fields.update({k: tuple(fields[k]) for k in _TUPLES if k in fields})
        out.append(Concept(**fields))
    return out
