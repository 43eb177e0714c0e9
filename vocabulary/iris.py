"""Where the vocabulary lives: ontology.ttl and the IRIs of its concept schemes, as plain strings.

The vocabulary reads these without rdflib, and graph/namespace.py builds its
rdflib namespaces from them, so the two never spell an IRI differently.
"""
from __future__ import annotations

from pathlib import Path

__all__ = ["ONTOLOGY_FILE", "SHAPES_FILE", "ID_BASE", "SCHEME_IRIS", "ONTOLOGY_GRAPH"]

#: Shipped as package data at the package root (pyproject: ontology.ttl, shapes.ttl).
ONTOLOGY_FILE = Path(__file__).resolve().parent.parent / "ontology.ttl"
SHAPES_FILE = Path(__file__).resolve().parent.parent / "shapes.ttl"

#: Instance IRIs (concepts, plans, units, graphs) are minted under this base.
ID_BASE = "https://w3id.org/zwgk/id/"

#: The SKOS concept schemes by the names code uses for them.
SCHEME_IRIS: dict[str, str] = {name: f"{ID_BASE}scheme/{name}" for name in ("topics", "domains", "roles", "unit-functions")}

#: The store's named graph holding ontology.ttl.
ONTOLOGY_GRAPH = f"{ID_BASE}graph/ontology"
