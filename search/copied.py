"""照搬上级方案 in an answer: which tasks answer it, and what the answer says it compared.

The copies themselves are found by analysis.copied (it needs diffusion's sentence groups, and search does not
import the analyses); the workspace passes them to `ask`, which chooses these rows and adds these notes.
"""
from __future__ import annotations

from zwgk.ingest.records import task_id
from zwgk.model.copies import Copies
from zwgk.model.filters import Filters
from zwgk.search.opened import SearchIndex

__all__ = ["copied_rows", "copied_notes", "COPIED_NOTE", "COMPARED_NOTE", "NO_HIGHER_NOTE", "NONE_COPIED_NOTE"]

#: 照搬上级方案: whether a requirement was copied shows only across plans, which `zwgk diffusion` compares.
COPIED_NOTE = ("照搬上级方案要在计划之间比较：{command} 列出多份计划中几乎相同的要求、所在计划与地区和共同依据 "
               "(requirements copied across plans: run {command})")
#: 照搬上级方案 answered: what each plan was compared with, or that the store holds no plan above it.
COMPARED_NOTE = ("与上级计划比较：{plans} 份计划对照其所在地区上级和国家层面的 {higher} 份计划（{docs}）中几乎相同的要求 "
                 "(tasks worded near-identically to a plan above theirs)")
NONE_COPIED_NOTE = "未发现与上级计划几乎相同的要求 (no requirement worded like a plan above it)"
NO_HIGHER_NOTE = ("库中没有上级（{regions}）或国家层面的计划，无法判断照搬上级方案 "
                  "(no plan above these in the store to compare with)")


def copied_rows(index: SearchIndex, copies: Copies | None, f: Filters) -> list[int]:
    """The rows of the tasks that repeat a plan above theirs, among those the filters let through."""
    if copies is None:
        return []
    mask = index.filter_mask(f)
    rows = []
    for doc in sorted({doc for doc, _ in copies.sources}):
        for place, row in enumerate(index.plan_rows(doc).tolist()):  # a plan's live rows are its tasks in order
            if (doc, task_id(doc, place)) in copies.sources and (mask is None or mask[row]):
                rows.append(row)
    return rows


def copied_notes(copies: Copies | None, f: Filters) -> list[str]:
    """What a copied-from-above answer compared: the plans above, or why nothing could be compared."""
    scope = "".join(f" --{k} {v}" for k, v in f.plan_level().active().items() if k in ("region", "issuer", "year"))
    pointer = COPIED_NOTE.format(command=f"zwgk diffusion{scope}")
    if copies is None:
        return [pointer]
    higher = sorted({d for docs in copies.above.values() for d in docs})
    if not higher:
        where = "、".join(copies.regions_above[:4]) or "上级地区"
        return [NO_HIGHER_NOTE.format(regions=where), pointer]
    compared = sum(1 for docs in copies.above.values() if docs)
    notes = [COMPARED_NOTE.format(plans=compared, higher=len(higher), docs="、".join(higher[:5])
                                  + (f" 等 {len(higher)} 份" if len(higher) > 5 else ""))]
    return notes + ([] if copies.sources else [NONE_COPIED_NOTE])
