"""Ingest: files → plain dataclasses (Plan, Task, Responsibility, PolicyRef, DomainRecord)."""
from __future__ import annotations
