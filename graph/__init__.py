"""Graph: dataclasses → RDF under stable IRIs, the Oxigraph store, SPARQL, SHACL, exports.

The graph is zwgk's single source of truth; search indexes are derived from it.
Submodules are imported on use so that `zwgk --help` does not load rdflib.
"""
from __future__ import annotations

__all__ = ["build", "export", "namespace", "pipeline", "records", "sparql", "store", "thesaurus", "validate",
           # cross-region analyses over task records (networkx, MinHash/LSH, matplotlib)
           "corpus", "compare", "coverage", "diffusion", "minhash", "workload", "networks", "charts", "report",
           # outputs people open: task tables (CSV/xlsx), calendars, what is due
           "tables", "workbook", "ics", "due"]
