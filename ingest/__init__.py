"""Ingest: files → plain dataclasses (Plan, Task, Responsibility, PolicyRef, DomainRecord).

Readers turn bytes into text lines or cell grids, layout detection finds the
table (or the flattened PDF table, or the task list), row assembly turns it
into task rows, and small parsers read units, deadlines, policies, regions
and metadata. Nothing here knows about RDF.
"""
from __future__ import annotations

from .errors import NotATaskPlan, ParseError
from .model import Deadline, DomainRecord, Plan, PolicyRef, Region, Responsibility, Task
from .parser import Overrides, parse_bytes, parse_file, parse_files, parse_text

__all__ = [
    "Deadline", "DomainRecord", "NotATaskPlan", "Overrides", "ParseError", "Plan", "PolicyRef", "Region",
    "Responsibility", "Task", "parse_bytes", "parse_file", "parse_files", "parse_text",
]
