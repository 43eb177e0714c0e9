"""SHACL validation of the store (or any graph) against shapes.ttl with pyshacl."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zwgk.graph.namespace import ONTOLOGY_FILE, SHAPES_FILE

__all__ = ["ValidationReport", "validate_graph", "validate_store"]


@dataclass
class ValidationReport:
    conforms: bool
    violations: int
    text: str


def validate_graph(data: Any) -> ValidationReport:
    """Validate an rdflib Graph (data merged with the ontology, whose schemes the shapes read)."""
    from pyshacl import validate
    from rdflib import Graph

    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    conforms, results, text = validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    from rdflib.namespace import SH

    violations = sum(1 for _ in results.subjects(predicate=SH.resultSeverity, object=SH.Violation))
    return ValidationReport(bool(conforms), violations, text)


def validate_store(store: Any) -> ValidationReport:
    from rdflib import Graph

    data = Graph()
    data.parse(data=store.serialize("nt"), format="nt")
    if not any(True for _ in data.triples((None, None, None))):
        data.parse(ONTOLOGY_FILE, format="turtle")
    return validate_graph(data)
