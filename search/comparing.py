"""Answers that compare plans: 照搬上级方案 (which tasks answer it) and 缺少哪些主题, and what each says it compared.

The comparisons themselves are made by the analyses (analysis.copied over diffusion's sentence clusters,
analysis.coverage), which search does not import; the workspace passes their results to `ask`, which chooses
these rows and adds these notes.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from zwgk.ingest.records import task_id
from zwgk.model.copies import PEERS_LISTED, Copies
from zwgk.model.filters import Filters
from zwgk.search.opened import SearchIndex

__all__ = ["copied_rows", "copied_notes", "common_notes", "unique_notes", "new_notes", "missing_notes", "UNIQUE_NOTE",
           "NEW_NOTE", "NO_EARLIER_NOTE", "COMMON_NOTE", "NONE_COMMON_NOTE", "COPIED_NOTE", "COMPARED_NOTE", "NO_HIGHER_NOTE",
           "NONE_COPIED_NOTE", "MISSING_NOTE", "MISSING_AGAINST_NOTE", "COVERAGE_NOTE"]

#: 照搬上级方案: whether a requirement was copied shows only across plans, which `zwgk diffusion` compares.
COPIED_NOTE = ("照搬上级方案要在计划之间比较：{command} 列出多份计划中几乎相同的要求、所在计划与地区和共同依据 "
               "(requirements copied across plans: run {command})")
#: 照搬上级方案 answered: what each plan was compared with, or that the store holds no plan above it.
COMPARED_NOTE = ("与上级计划比较：{plans} 份计划对照其所在地区上级和国家层面的 {higher} 份计划（{docs}）中几乎相同的要求 "
                 "(tasks worded near-identically to a plan above theirs)")
NONE_COPIED_NOTE = "未发现与上级计划几乎相同的要求 (no requirement worded like a plan above it)"
NO_HIGHER_NOTE = ("库中没有上级（{regions}）或国家层面的计划，无法判断照搬上级方案 "
                  "(no plan above these in the store to compare with)")
#: 在多个地区都出现 answered: among how many plans, or why nothing could be compared.
COMMON_NOTE = ("与库中 {plans} 份计划比较：列出与其他地区计划中几乎相同的要求（每项任务列出最多 {listed} 份同见计划，"
               "shared_count 为总数） (tasks worded near-identically in plans of other regions)")
COMMON_AMONG_NOTE = ("所问地区的 {plans} 份计划相互比较：列出其中几乎相同的要求（每项任务列出最多 {listed} 份同见计划，"
                     "shared_count 为总数） (the plans asked about compared with each other: tasks worded near-identically)")
NONE_COMMON_NOTE = ("在这些计划中未发现与其他地区计划几乎相同的要求 (no requirement worded like a plan of another region; "
                    "{command} compares wording across plans)")
#: 其他地区没有的 answered.
UNIQUE_NOTE = ("与库中 {plans} 份计划比较：列出其他地区计划中没有几乎相同表述的任务 "
               "(tasks no plan of another region words near-identically)")
#: 新增了哪些任务 answered: how many plans had an earlier plan of their region to compare with.
NEW_NOTE = ("与同一地区上一年度的计划比较：{plans} 份计划，列出其中没有几乎相同表述的任务（新增）{without} "
            "(tasks not worded like the region's plan of the year before)")
NO_EARLIER_NOTE = ("库中没有这些计划所在地区更早年度的计划，无法判断新增 "
                   "(no earlier plan of their regions in the store to compare with)")
ONE_REGION_NOTE = "库中的计划都属于同一地区，没有其他地区可比 (the store's plans are of one region: no other region to compare with)"
#: 缺少哪些主题 answered: against whom, and what to run where the workspace did not compare.
MISSING_NOTE = ("与库中其他 {plans} 份计划比较：列出超过一半的其他计划有而本计划没有的主题 "
                "(topics most other plans cover and this one does not)")
MISSING_AGAINST_NOTE = ("与{against}的 {plans} 份计划比较：列出{which}有而本计划没有的主题 "
                        "(topics {which_en} cover and this one does not)")
COVERAGE_NOTE = "各计划缺少的主题：{command} 列出 (the topics each plan leaves out: run {command})"


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
    pointer = COPIED_NOTE.format(command="zwgk diffusion" + _scope(f))
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


def common_notes(copies: Copies | None, f: Filters) -> list[str]:
    """What a shared-across-regions answer compared, or why nothing was."""
    if copies is None:
        return [COPIED_NOTE.format(command="zwgk diffusion" + _scope(f))]
    if copies.regions < 2:
        return [ONE_REGION_NOTE]
    if not copies.sources:
        return [NONE_COMMON_NOTE.format(command="zwgk diffusion" + _scope(f))]
    return [(COMMON_AMONG_NOTE if copies.among else COMMON_NOTE).format(plans=copies.compared, listed=PEERS_LISTED)]


def unique_notes(copies: Copies | None, f: Filters) -> list[str]:
    """What a found-nowhere-else answer compared, or the command that compares (nothing is listed then)."""
    if copies is None:
        return [COPIED_NOTE.format(command="zwgk diffusion" + _scope(f))]
    return [ONE_REGION_NOTE] if copies.regions < 2 else [UNIQUE_NOTE.format(plans=copies.compared)]


def new_notes(copies: Copies | None, f: Filters) -> list[str]:
    """What a what-is-new answer compared: the plans that had an earlier plan of their region, and how many had none."""
    if copies is None:
        return [COPIED_NOTE.format(command="zwgk diffusion" + _scope(f))]
    compared = sum(1 for before in copies.above.values() if before)
    if not compared:
        return [NO_EARLIER_NOTE]
    without = len(copies.above) - compared
    return [NEW_NOTE.format(plans=compared, without=f"；{without} 份计划没有更早的计划可比，未列出" if without else "")]


def missing_notes(missing: Mapping[str, Any] | None, f: Filters, plans: int, against: str | None = None) -> list[str]:
    """What a topics-left-out answer compared (`plans` in the store, or those of the place `against`), or the
    command that compares them."""
    if missing is None:
        return [COVERAGE_NOTE.format(command="zwgk coverage" + _scope(f))]
    if against:
        most = plans >= 3  # against three plans or more, the topics most of them cover
        return [MISSING_AGAINST_NOTE.format(against=against, plans=plans, which="其中超过一半的计划" if most else "其计划",
                                            which_en=f"most of {against}'s plans" if most else f"{against}'s plans")]
    return [MISSING_NOTE.format(plans=plans - 1)]


def _scope(f: Filters) -> str:
    """The plan filters of a question as the analysis commands' flags (--region 泗县 --year 2022)."""
    return "".join(f" --{k} {v}" for k, v in f.plan_level().active().items() if k in ("region", "issuer", "year"))
