"""Graph: dataclasses → RDF under stable IRIs, the Oxigraph store or a SPARQL 1.1 server, SPARQL, SHACL, RDF exports.

The graph is zwgk's single source of truth; search indexes are derived from it.
Submodules are imported on use so that `zwgk --help` does not load rdflib.
"""
from __future__ import annotations

__all__ = ["backends", "binding", "build", "changes", "export", "lock", "namespace", "pipeline", "prepare", "records",
           "remote", "sources", "sparql", "stats", "store", "stored", "transfer", "validate", "virtuoso", "write"]
