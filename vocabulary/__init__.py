"""Vocabulary: the ontology’s SKOS concepts (topics, 公开领域) and how text is matched to them.

One engine for ingest-time classification and query-time expansion; queries
read a JSON copy saved beside the index, so they need no rdflib.
"""
from __future__ import annotations

__all__ = ["classify", "concepts", "iris", "ontology", "thesaurus"]
