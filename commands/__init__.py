"""The command groups of `zwgk`: store admin (store.py), queries (query.py), exports (export.py), analyses (analysis.py),
push and pull to a SPARQL server (remote.py).

cli.py assembles them into one typer app; common.py holds the options they share.
"""
from __future__ import annotations

__all__ = ["analysis", "common", "export", "query", "remote", "store"]
