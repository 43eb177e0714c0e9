"""Analysis: cross-region questions over task records (compare, coverage, diffusion, workload, networks).

Analyses read a `Corpus` of records, never the store or the files, so tests and
benchmarks build one from plain records and the CLI loads it from the graph.
"""
from __future__ import annotations

__all__ = ["corpus", "compare", "coverage", "diffusion", "due", "minhash", "networks", "workload"]
