"""Requirements a plan took from a plan above it, or shares with plans of other regions: what `analysis.copied`
finds and `zwgk ask` answers with.

A record of its own because two layers that do not import each other speak it:
the analysis finds the copies (it needs diffusion's sentence groups) and the
answer shows them (search.ask), with the workspace passing one to the other.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["CopySource", "Copies", "PEERS_LISTED"]

#: Other regions' plans listed for a task whose wording they share (a template in thousands of plans: the count
#: says how many there are).
PEERS_LISTED = 20


@dataclass(frozen=True)
class CopySource:
    """A higher-level plan's tasks worded near-identically to a task below it."""

    doc: str
    plan_title: str | None
    region: str | None
    year: int | None
    tasks: tuple[str, ...]  # the higher plan's task ids holding the wording
    text: str  # its wording of the shared sentence

    def to_json(self) -> dict[str, Any]:
        return {"doc": self.doc, "plan_title": self.plan_title, "region": self.region, "year": self.year,
                "tasks": list(self.tasks), "text": self.text}


@dataclass(frozen=True)
class Copies:
    """For the plans asked about: which of their tasks repeat a plan above them, and what was compared."""

    #: (doc, task id) → the higher plans' tasks it repeats (each higher plan once).
    sources: dict[tuple[str, str], tuple[CopySource, ...]] = field(default_factory=dict)
    #: The higher-level plans in the store each asked-about plan was compared with (its region's
    #: ancestors' plans and national ones, issued no later than it).
    above: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Regions above the plans asked about (nearest first); shown when no plan of theirs is in the store.
    regions_above: tuple[str, ...] = ()
    #: The sources are plans of other regions sharing the wording (哪些任务在多个地区的计划中都出现了), not plans above.
    peers: bool = False
    #: (doc, task id) → how many other plans share the wording, where only the first few are listed in `sources`.
    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    #: The plans compared with each other (peers), and the regions they are of.
    compared: int = 0
    regions: int = 0
    #: The plans asked about were compared only with each other (泗县和石台县的计划有哪些重复), not with the store.
    among: bool = False
