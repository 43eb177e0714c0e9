"""Filters applied before ranking: region (and everything within it), issuer, year,
unit, topic, domain, deadline window, ongoing.

The same bundle chooses the rows of every listing (`tasks`, `export`, `due`,
the analyses), so a filter means one thing wherever it is given."""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from zwgk.ingest.text import fold_key

__all__ = ["Filters", "filter_mask", "filter_records"]


@dataclass(frozen=True)
class Filters:
    region: str | None = None
    issuer: str | None = None
    year: int | None = None
    unit: str | None = None
    topic: str | None = None
    domain: str | None = None
    due_before: str | None = None  # ISO date, inclusive
    due_after: str | None = None
    #: One plan: its file name as stored (sixian-edu-2022.txt) or the name without suffix.
    doc: str | None = None
    #: True: only tasks the plan marks 持续推进 (no end date); False: only the others.
    ongoing: bool | None = None

    def active(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) not in (None, "")}


def _region_matches(wanted: str, record: dict[str, Any]) -> bool:
    """A province or city finds its counties: match anywhere on the region chain,
    by full name or by the name without its 省/市/县/区 suffix."""
    key = fold_key(wanted)
    for name in record.get("region_chain") or []:
        name_key = fold_key(name)
        if key == name_key or (len(key) >= 2 and name_key.startswith(key) and len(name_key) - len(key) <= 3):
            return True
    return False


def _doc_keys(doc: str) -> tuple[str, ...]:
    """A plan answers to its stored path, its file name and its file name without suffix."""
    name = doc.replace("\\", "/").rsplit("/", 1)[-1]
    return fold_key(doc), fold_key(name), fold_key(name.rsplit(".", 1)[0])


def _keep(record: dict[str, Any], f: Filters) -> bool:
    if f.region and not _region_matches(f.region, record):
        return False
    if f.doc and fold_key(f.doc) not in _doc_keys(record.get("doc") or ""):
        return False
    if f.issuer and fold_key(f.issuer) not in fold_key(record.get("issuer") or ""):
        return False
    if f.year and record.get("year") != f.year:
        return False
    if f.unit and not any(fold_key(f.unit) in fold_key(u["name"]) for u in record.get("units", [])):
        return False
    if f.topic and not any(fold_key(f.topic) == fold_key(t) for t in record.get("topics", [])):
        return False
    if f.domain and not any(fold_key(f.domain) == fold_key(d) for d in record.get("domains", [])):
        return False
    dates = record.get("deadlines") or ([record["deadline"]] if record.get("deadline") else [])
    if f.due_before and not any(d <= f.due_before for d in dates):
        return False
    if f.due_after and not any(d >= f.due_after for d in dates):
        return False
    if f.ongoing is not None and bool(record.get("ongoing")) != f.ongoing:
        return False
    return True


def filter_mask(records: list[dict[str, Any]], f: Filters) -> np.ndarray | None:
    """Boolean mask of the records a query may return, or None when nothing filters."""
    if not f.active():
        return None
    return np.fromiter((_keep(r, f) for r in records), dtype=bool, count=len(records))


def filter_records(records: list[dict[str, Any]], f: Filters | None) -> list[dict[str, Any]]:
    """The records these filters let through, in their order."""
    if f is None or not f.active():
        return records
    return [r for r in records if _keep(r, f)]
