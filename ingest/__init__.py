"""Ingest: files → plain dataclasses (Plan, Task, Responsibility, PolicyRef, DomainRecord).

Readers turn bytes into text lines or cell grids, layout detection finds the
table (or the flattened PDF table, or the task list), row assembly turns it
into task rows, and small parsers read units, deadlines, policies, regions
and metadata. Nothing here knows about RDF.
"""
from __future__ import annotations

import importlib
from typing import Any

#: Where each public name lives. Loaded on first use (PEP 562), so a search process that only needs
#: zwgk.ingest.text does not import the whole parser (half a second of a cold `zwgk ask`).
_HOME = {
    "NotATaskPlan": "errors", "ParseError": "errors",
    "Deadline": "model", "DomainRecord": "model", "Plan": "model", "PolicyRef": "model", "Region": "model",
    "Responsibility": "model", "Task": "model",
    "Overrides": "parser", "parse_bytes": "parser", "parse_file": "parser", "parse_files": "parser",
    "parse_text": "parser",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)


__all__ = [
    "Deadline", "DomainRecord", "NotATaskPlan", "Overrides", "ParseError", "Plan", "PolicyRef", "Region",
    "Responsibility", "Task", "parse_bytes", "parse_file", "parse_files", "parse_text",
]
