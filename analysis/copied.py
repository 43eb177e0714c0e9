"""Requirements copied down: a plan's tasks worded near-identically to a plan above it (照搬上级方案).

Whether a requirement was copied shows only beside the plan it came from, so a
plan is compared with the plans "above" it in the store: those of the regions
its region lies in (泗县 ← 宿州市 ← 安徽省) and national ones, issued no later
than it (a 2022 county plan did not copy a 2024 provincial one). The
comparison is diffusion's (near-identical sentences, MinHash/LSH, star clusters):
a task counts as copied when one of its sentences is in a cluster with a
sentence of a plan above it. Peers are not sources: two counties sharing a sentence usually
both took it from above, and `zwgk diffusion` shows those groups.

Only the plans asked about and the plans above them are compared, so a
county's question reads a few plans however large the store is.

The same comparison against the region's own plan of the year before tells
what a plan carries over and what it adds (泗县今年新增了哪些任务:
copied_from_earlier).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from zwgk.analysis.corpus import Corpus
from zwgk.analysis.diffusion import cluster_sentences
from zwgk.model.copies import PEERS_LISTED, Copies, CopySource
from zwgk.model.filters import Filters, plan_matches
from zwgk.model.records import PlanRecord
from zwgk.model.roles import Level

__all__ = ["copied_from_above", "copied_from_earlier", "plans_above", "plans_before", "shared_across_regions"]


def plans_above(plans: dict[str, PlanRecord], scope: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """doc → the plans above it in `plans`, for each doc of `scope`: the nearest region's first, and within a
    region the latest year first (the plan it most likely worked from), national ones last."""
    by_chain: dict[tuple[str, ...], list[str]] = defaultdict(list)
    national: list[str] = []
    for doc, p in sorted(plans.items()):
        if p.level == Level.national:
            national.append(doc)
        elif p.region_chain:
            by_chain[tuple(p.region_chain)].append(doc)
    for docs in (*by_chain.values(), national):  # sorted once, not once for every plan below them
        docs.sort(key=lambda d: (-(plans[d].year or 0), d))
    out: dict[str, tuple[str, ...]] = {}
    for doc in scope:
        p = plans[doc]
        chain = tuple(p.region_chain)
        if p.level == Level.national or not chain:
            out[doc] = ()
            continue
        candidates = [d for i in range(len(chain) - 1, 0, -1) for d in by_chain.get(chain[:i], ())] + national
        out[doc] = tuple(d for d in candidates if d != doc and _not_later(plans[d], p))
    return out


def _not_later(above: PlanRecord, below: PlanRecord) -> bool:
    return above.year is None or below.year is None or above.year <= below.year


def copied_from_above(corpus: Corpus, filters: Filters | None = None, threshold: float = 0.5,
                      min_chars: int = 8) -> Copies:
    """Which tasks of the plans these (plan-level) filters choose repeat a sentence of a plan above them, and
    from where. The corpus holds every plan: those above may lie outside the filters."""
    plans = corpus.plans
    scope = [d for d, p in plans.items() if filters is None or plan_matches(p, filters)]
    regions_above = tuple(dict.fromkeys(r for d in scope for r in reversed(plans[d].region_chain[:-1])))
    return _repeating(corpus, plans_above(plans, scope), regions_above, threshold, min_chars)


def plans_before(plans: dict[str, PlanRecord], scope: Iterable[str], year: int | None = None) -> dict[str, tuple[str, ...]]:
    """doc → the same region's plans of the latest year before its own (of `year` where one is asked: 2023年比2022年),
    for each doc of `scope`; none where the store holds no such plan or a year is unknown."""
    by_region: dict[str, list[str]] = defaultdict(list)
    for doc, p in sorted(plans.items()):
        if p.region and p.year:
            by_region[p.region].append(doc)
    out: dict[str, tuple[str, ...]] = {}
    for doc in scope:
        p = plans[doc]
        mine = p.year or 0
        earlier = [d for d in by_region.get(p.region or "", ()) if (plans[d].year == year if year else (plans[d].year or 0) < mine)]
        latest = max((plans[d].year or 0 for d in earlier), default=0)
        out[doc] = tuple(d for d in earlier if d != doc and plans[d].year == latest) if mine else ()
    return out


def copied_from_earlier(corpus: Corpus, filters: Filters | None = None, year: int | None = None, threshold: float = 0.5,
                        min_chars: int = 8) -> Copies:
    """Which tasks of the plans these filters choose repeat the same region's plan of the year before (沿用), by
    the same comparison as copied_from_above: the rest are what the plan adds (泗县今年新增了哪些任务). `above` holds
    each plan's earlier plans; a plan with none could not be compared."""
    plans = corpus.plans
    scope = [d for d, p in plans.items() if filters is None or plan_matches(p, filters)]
    return _repeating(corpus, plans_before(plans, scope, year), (), threshold, min_chars)


def _repeating(corpus: Corpus, above: dict[str, tuple[str, ...]], regions_above: tuple[str, ...], threshold: float,
               min_chars: int) -> Copies:
    """The tasks of each doc in `above` worded near-identically to a task of one of the plans listed for it."""
    plans = corpus.plans
    wanted = {d for d, higher in above.items() if higher} | {h for higher in above.values() for h in higher}
    if not wanted:
        return Copies({}, above, regions_above)
    texts = corpus.plan_texts(sorted(wanted))
    found = cluster_sentences(texts, threshold, min_chars)
    sources: dict[tuple[str, str], dict[str, CopySource]] = defaultdict(dict)
    for sentences in found.members().values():
        by_doc: dict[str, list[int]] = defaultdict(list)  # plan → its sentences in this cluster
        for s in sentences:
            by_doc[texts[found.task_of[s]].doc].append(s)
        if len(by_doc) < 2:
            continue
        made: dict[str, CopySource] = {}  # a template in thousands of plans: each plan above described once
        for doc, mine in by_doc.items():
            for higher in above.get(doc, ()):  # only the plans asked about have plans above them here
                theirs = by_doc.get(higher)
                if not theirs:
                    continue
                if higher not in made:
                    plan = plans[higher]
                    made[higher] = CopySource(higher, plan.title, plan.region, plan.year,
                                              tuple(dict.fromkeys(texts[found.task_of[s]].id for s in theirs)),
                                              found.printed[theirs[0]])
                for s in mine:  # the first cluster that links them gives the wording shown
                    sources[(doc, texts[found.task_of[s]].id)].setdefault(higher, made[higher])
    nearest = {key: tuple(linked[d] for d in above[key[0]] if d in linked) for key, linked in sources.items()}
    return Copies(nearest, above, regions_above)


def shared_across_regions(corpus: Corpus, filters: Filters | None = None, threshold: float = 0.5,
                          min_chars: int = 8, among: bool = False) -> Copies:
    """Which tasks of the plans these (plan-level) filters choose word a requirement as plans of other regions do
    (泗县哪些任务在多个地区的计划中都出现了), and which plans: every plan of the store compared with every other, by
    the same sentence clusters; with `among`, the chosen plans only with each other (泗县和石台县的计划有哪些重复).
    Each task lists up to PEERS_LISTED of the other regions' plans, nearest in year first, and counts them all (a
    template shared by thousands of plans is listed, not every plan of it)."""
    plans = corpus.plans
    scope = {d for d, p in plans.items() if filters is None or plan_matches(p, filters)}
    if among:  # the plans chosen compared only with each other
        plans = {d: p for d, p in plans.items() if d in scope}
    regions = len({p.region for p in plans.values()})
    if regions < 2 or not scope:
        return Copies(peers=True, compared=len(plans), regions=regions, among=among)
    texts = corpus.plan_texts(sorted(plans))
    found = cluster_sentences(texts, threshold, min_chars)
    sources: dict[tuple[str, str], tuple[CopySource, ...]] = {}
    counts: dict[tuple[str, str], int] = {}
    for sentences in found.members().values():
        by_doc: dict[str, list[int]] = defaultdict(list)
        for s in sentences:
            by_doc[texts[found.task_of[s]].doc].append(s)
        per_region = Counter(plans[d].region for d in by_doc)
        if len(per_region) < 2 or scope.isdisjoint(by_doc):
            continue
        docs = sorted(by_doc, key=lambda d: (plans[d].year or 0, d))
        made: dict[str, CopySource] = {}  # each plan of the cluster described once, when first listed
        for i, doc in enumerate(docs):
            if doc not in scope:
                continue
            region, year = plans[doc].region, plans[doc].year or 0
            window = [d for d in docs[max(0, i - 2 * PEERS_LISTED): i + 2 * PEERS_LISTED + 1] if plans[d].region != region]
            near = sorted(window, key=lambda d: (abs((plans[d].year or 0) - year), plans[d].region or "", d))[:PEERS_LISTED]
            for d in near:
                if d not in made:
                    made[d] = CopySource(d, plans[d].title, plans[d].region, plans[d].year,
                                         tuple(dict.fromkeys(texts[found.task_of[s]].id for s in by_doc[d])),
                                         found.printed[by_doc[d][0]])
            others = len(docs) - per_region[region]
            for s in by_doc[doc]:
                key = (doc, texts[found.task_of[s]].id)
                if others > counts.get(key, 0):  # a task in two clusters: the wider one
                    sources[key], counts[key] = tuple(made[d] for d in near), others
    return Copies(sources, peers=True, counts=counts, compared=len(plans), regions=regions, among=among)
