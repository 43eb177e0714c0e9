"""Units ranked by how many of the answered tasks name them: `ask`'s answer to 哪个单位的任务最多; and the
topics those tasks carry, counted (泗县的计划涉及哪些主题, count_topics).

The counts come from the index's units table (printed name → rows), so a question over a million tasks
decodes no record to rank. A unit is its printed name folded (办公室 of every plan answered is one
line, as a region's staff would read it; `zwgk units` groups by function across plans). The split by role
(牵头 / 负责 / 配合) needs the records: it is read for the units listed, up to ROLE_ROWS records, and a
ranking by one role (哪个单位牵头的任务最多) decodes every answered task naming a unit, under the same cap.
Collective names (各科室, 有关单位, 相关部门) are not a unit and
are left out.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, TypedDict

import numpy as np

from zwgk.model.records import TaskRecord
from zwgk.model.text import fold_key

if TYPE_CHECKING:
    from zwgk.search.opened import SearchIndex

__all__ = ["UnitRank", "TopicCount", "rank_units", "count_topics", "RANKED", "ROLE_ROWS"]

#: Units a ranking lists.
RANKED = 20
#: Records read at most for the split by role; past it the ranking gives task and plan counts only.
ROLE_ROWS = 50_000
#: A name starting so, or with 各 anywhere (机关各处室), stands for many units: 各科室, 有关单位, 相关部门.
COLLECTIVE = ("各", "有关", "相关", "其他", "其它", "所有", "全体")


class UnitRank(TypedDict):
    """One unit of a ranking: tasks naming it, plans they are in, and per role (None where not read)."""

    name: str
    tasks: int
    plans: int
    lead: int | None
    responsible: int | None
    cooperate: int | None


def rank_units(index: SearchIndex, rows: Sequence[int], role: str | None = None,
               limit: int = RANKED) -> tuple[list[UnitRank], str, str | None]:
    """(the first `limit` units by tasks — by tasks in `role` when one is asked —, what they are ranked by:
    "tasks" or the role, a note).

    The note says when the split by role was not read (too many records) or a role ranking fell back to all
    tasks.
    """
    chosen = np.zeros(len(index.records), dtype=bool)
    chosen[np.asarray(rows, dtype=np.int64)] = True
    parts: dict[str, list[np.ndarray]] = {}
    shown: dict[str, str] = {}
    for name, named in index.label_rows("units"):
        hit = named[chosen[named]]
        if len(hit) and not (name.startswith(COLLECTIVE) or "各" in name):
            key = fold_key(name)
            parts.setdefault(key, []).append(hit)
            shown.setdefault(key, name)
    unit_rows = {key: np.unique(np.concatenate(p)) for key, p in parts.items()}
    order = sorted(unit_rows, key=lambda k: (-len(unit_rows[k]), shown[k]))
    split: dict[str, Counter[str]] | None = None
    note, by = None, "tasks"
    if role is not None:
        every = np.unique(np.concatenate(list(unit_rows.values()))) if unit_rows else np.zeros(0, dtype=np.int64)
        if len(every) <= ROLE_ROWS:
            by_role = _roles(index.records, every, set(unit_rows))
            order = [k for k in sorted(order, key=lambda k: -by_role[k][role]) if by_role[k][role]]  # stable: ties by tasks
            split, by = by_role, role
        else:
            note = f"按角色排名需读 {len(every):,} 项任务，超过 {ROLE_ROWS:,}：以下按任务总数排名（缩小范围后可按角色排名）"
    listed = order[:limit]
    if split is None and listed:
        wanted = np.unique(np.concatenate([unit_rows[k] for k in listed]))
        if len(wanted) <= ROLE_ROWS:
            split = _roles(index.records, wanted, set(listed))
        else:
            note = note or f"所列单位共 {len(wanted):,} 项任务，超过 {ROLE_ROWS:,}：未分牵头/负责/配合"
    _, row_plan = index.row_docs()
    ranking = [UnitRank(
        name=shown[k], tasks=len(unit_rows[k]), plans=len(np.unique(row_plan[unit_rows[k]])),
        lead=split[k]["lead"] if split is not None else None,
        responsible=split[k]["responsible"] if split is not None else None,
        cooperate=split[k]["cooperate"] if split is not None else None) for k in listed]
    return ranking, by, note


class TopicCount(TypedDict):
    """One topic of the answered tasks: how many carry it, and in how many plans."""

    topic: str
    tasks: int
    plans: int


def count_topics(index: SearchIndex, rows: Sequence[int], broader: Mapping[str, Sequence[str]]
                 ) -> tuple[list[TopicCount], dict[str, list[TopicCount]]]:
    """`ask`'s answer to 泗县的计划涉及哪些主题 · 哪个主题的任务最多: the topics the answered tasks carry, most
    tasks first, over all of them and per plan id. A task counts once under each topic it carries and each
    broader one (`broader`: a topic's label → its ancestors' labels), so 解读回应 holds its 政策解读 tasks; a task
    on two topics counts for both. From the index's topics table, as units are ranked: no record is decoded."""
    chosen = np.zeros(len(index.records), dtype=bool)
    chosen[np.asarray(rows, dtype=np.int64)] = True
    plan_ids, row_plan = index.row_docs()
    parts: dict[str, list[np.ndarray]] = {}
    for name, named in index.label_rows("topics"):
        hit = named[chosen[named]]
        if not len(hit):
            continue
        for label in (name, *broader.get(name, ())):
            parts.setdefault(label, []).append(hit)
    overall: list[TopicCount] = []
    per_plan: dict[str, list[TopicCount]] = {}
    for name, hits in parts.items():
        hit = np.unique(np.concatenate(hits))
        plans, tasks = np.unique(row_plan[hit], return_counts=True)
        overall.append(TopicCount(topic=name, tasks=len(hit), plans=len(plans)))
        for p, n in zip(plans.tolist(), tasks.tolist(), strict=True):
            per_plan.setdefault(plan_ids[p], []).append(TopicCount(topic=name, tasks=n, plans=1))
    for counts in (overall, *per_plan.values()):
        counts.sort(key=lambda c: (-c["tasks"], c["topic"]))
    return overall, per_plan


def _roles(records: Sequence[TaskRecord], rows: np.ndarray, keys: set[str]) -> dict[str, Counter[str]]:
    """Per unit key: tasks in each role (a unit named twice in a task counts once, in its first role)."""
    counts: dict[str, Counter[str]] = {k: Counter() for k in keys}
    for row in rows.tolist():
        seen: set[str] = set()
        for u in records[row].units:
            key = fold_key(u.name)
            if key in keys and key not in seen:
                seen.add(key)
                counts[key][str(u.role)] += 1
    return counts
