"""Ingest: files → plain dataclasses (Plan, Task, Responsibility, PolicyRef, DomainRecord).

Readers turn bytes into text lines or cell grids, layout detection finds the
table (or the flattened PDF table, or the task list), row assembly turns it
into task rows, and small parsers read units, deadlines, policies, regions
and metadata. Nothing here knows about RDF.
"""
from __future__ import annotations

import importlib
from typing import Any

#: Where each public name lives. Loaded on first use (PEP 562), so a process that only needs one of them
#: does not import the whole parser (half a second of a cold `zwgk ask`).
_HOME = {
    "NotATaskPlan": "zwgk.ingest.errors", "ParseError": "zwgk.ingest.errors",
    "Deadline": "zwgk.model.plan", "DomainRecord": "zwgk.model.plan", "Plan": "zwgk.model.plan",
    "PolicyRef": "zwgk.model.plan", "Region": "zwgk.model.plan", "Responsibility": "zwgk.model.plan",
    "Task": "zwgk.model.plan",
    "Overrides": "zwgk.ingest.parser", "parse_bytes": "zwgk.ingest.parser", "parse_file": "zwgk.ingest.parser",
    "parse_files": "zwgk.ingest.parser", "parse_text": "zwgk.ingest.parser",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_HOME[name]), name)


__all__ = [
    "Deadline", "DomainRecord", "NotATaskPlan", "Overrides", "ParseError", "Plan", "PolicyRef", "Region",
    "Responsibility", "Task", "parse_bytes", "parse_file", "parse_files", "parse_text",
]
