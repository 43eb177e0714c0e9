"""Merging segments: the deltas when there are too many, everything when a quarter of the base is dead.

Merging keeps reads fast (few segments) and the files small (tombstoned rows
dropped); the scores do not change, BM25 statistics are live (lexical.py).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from zwgk.search.generation import Generation, plan_groups
from zwgk.search.segment import Segment
from zwgk.search.tables import save_array

__all__ = ["MAX_DELTAS", "merge_segments"]

#: Delta segments allowed before they are merged into one.
MAX_DELTAS = 8


def merge_segments(folder: Path, gen: Generation, manifest: dict[str, Any], plans: dict[str, Any],
           dead: set[int]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Merge the delta segments (more than MAX_DELTAS), or everything (a quarter of the base dead)."""
    segments = manifest["segments"]
    if not segments:
        return manifest, plans
    base_rows = segments[0]["rows"]
    base_dead = sum(1 for r in dead if r < base_rows)
    if base_dead * 4 > base_rows and base_rows:
        first = 0
    elif len(segments) - 1 > MAX_DELTAS:
        first = 1
    else:
        return manifest, plans
    offsets = np.cumsum([0] + [s["rows"] for s in segments])
    records, tokens, hashes = [], [], []
    for i in range(first, len(segments)):
        seg = Segment(folder / segments[i]["name"], int(offsets[i]), segments[i]["rows"])
        for local in range(len(seg)):
            if int(offsets[i]) + local in dead:
                continue
            records.append(seg.docs.json(local))
            toks = [t for t, c in seg.bag(local) for _ in range(c)]
            tokens.append([] if toks == ["\u2205"] else toks)
            hashes.append(int(seg.hashes[local]))
    metas = {}
    for i in range(first, len(segments)):
        seg = Segment(folder / segments[i]["name"], int(offsets[i]), segments[i]["rows"])
        for j, doc in enumerate(seg.plan_docs):
            metas[doc] = seg.plans.json(j)
    order = [r for _, group in plan_groups(records) for r in group]
    position = {id(r): i for i, r in enumerate(records)}
    tokens = [tokens[position[id(r)]] for r in order]
    hashes = [hashes[position[id(r)]] for r in order]
    live_docs = {r["doc"] for r in order}
    entry = gen.segment(order, tokens, {d: m for d, m in metas.items() if d in live_docs}, hashes,
                        manifest["dictionary"], part=1)
    start = int(offsets[first])
    kept_dead = sorted(r for r in dead if r < start)
    new_plans = {}
    for doc, info in plans.items():
        a, b = info["rows"]
        if a < start and b <= start:
            new_plans[doc] = info
    cursor = start
    for doc, group in plan_groups(order):
        new_plans[doc] = {"sha": plans.get(doc, {}).get("sha"), "rows": [cursor, cursor + len(group)]}
        cursor += len(group)
    for doc, info in plans.items():  # plans without tasks
        new_plans.setdefault(doc, {"sha": info["sha"], "rows": [cursor, cursor]})
    manifest["segments"] = segments[:first] + [entry]
    manifest["rows"] = cursor
    manifest["count"] = cursor - len(kept_dead)
    manifest["stats"] = {"docs": manifest["count"],
                         "length": float(sum(s["length"] for s in manifest["segments"][:-1]) + entry["length"])
                         - _dead_length(folder, manifest["segments"], kept_dead)}
    if kept_dead:
        manifest["deleted"] = f"deleted-{gen.tag}.npy"
        save_array(folder / manifest["deleted"], np.array(kept_dead, dtype=np.int64))
    else:
        manifest["deleted"] = None
        (folder / f"deleted-{gen.tag}.npy").unlink(missing_ok=True)
    manifest["merged"] = "all" if first == 0 else "deltas"
    return manifest, new_plans


def _dead_length(folder: Path, segments: list[dict[str, Any]], dead: list[int]) -> float:
    if not dead:
        return 0.0
    offsets = np.cumsum([0] + [s["rows"] for s in segments])
    total = 0.0
    for i, s in enumerate(segments):
        seg = Segment(folder / s["name"], int(offsets[i]), s["rows"])
        local = np.array([r - int(offsets[i]) for r in dead if offsets[i] <= r < offsets[i + 1]], dtype=np.int64)
        if len(local):
            total += float(np.asarray(seg.dl)[local].sum())
    return total
