"""Model: the records every layer passes on (parsed plans, task and plan records, filters) and text folding.

The bottom layer: it imports nothing else of zwgk, so ingest, graph, search,
analysis and presentation can all speak these types without importing each other.
"""
from __future__ import annotations

__all__ = ["plan", "filters", "text"]
