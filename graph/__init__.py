"""Graph: dataclasses → RDF, store, SPARQL, validation, analysis."""
