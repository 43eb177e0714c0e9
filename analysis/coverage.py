"""Which topics each plan covers, which it leaves out against its peers, and what it does not carry down.

The matrix counts tasks per plan and topic. A plan's peer gaps are the topics
it has no task on although most of the other plans in view (more than
`peer_share` of them) do. Its policy chain is the plans in view that it cites
(a cited document whose 文号 or title is another plan's, followed upwards);
the topics they carry and it does not are the ones it did not carry down.
"""
from __future__ import annotations

from collections import Counter
from typing import Any, TypedDict

from zwgk.analysis.corpus import Corpus
from zwgk.model.collector import collector_paused
from zwgk.model.filters import Filters, plan_matches
from zwgk.model.records import PolicyCitation
from zwgk.model.roles import Level
from zwgk.model.text import fold_key

__all__ = ["coverage", "topics_missing", "topics_missing_against", "topic_matrix", "policy_parents", "coverage_rows", "Coverage", "CoveragePlan", "TopicMatrix",
           "PeerGap", "NotCarriedDown"]


class PeerGap(TypedDict):
    """A topic the plan has no task on although more than peer_share of its peers do."""

    topic: str
    peers: int
    of: int
    share: float


class NotCarriedDown(TypedDict):
    """A plan above in the policy chain and the topics it carries that this plan does not."""

    doc: str
    plan_title: str | None
    region: str | None
    topics: list[str]


class CoveragePlan(TypedDict):
    """One plan's coverage: how many topics, its peer gaps, its policy chain and what it did not carry down."""

    doc: str
    plan_title: str | None
    region: str | None
    region_chain: list[str]
    year: int | None
    level: Level | None
    tasks: int
    topics: int
    missing_vs_peers: list[PeerGap]
    policy_chain: list[str]
    not_carried_down: list[NotCarriedDown]


class TopicMatrix(TypedDict):
    """Task counts per plan (rows, plan order) and topic (columns, most covered first)."""

    plans: list[str]
    topics: list[str]
    counts: list[list[int]]


class Coverage(TypedDict):
    """What `coverage` returns (`zwgk coverage --json`; the report's heatmap and the page's charts read it)."""

    filters: dict[str, Any]
    peer_share: float
    matrix: TopicMatrix
    plans: list[CoveragePlan]


def topic_matrix(corpus: Corpus) -> tuple[list[str], list[str], list[list[int]]]:
    """(docs in plan order, topics most covered first, task counts [plan][topic])."""
    docs = corpus.plan_order()
    counts = corpus.label_counts("topics")  # from the index's topic table when the corpus has one
    reach = Counter(topic for c in counts.values() for topic in c)
    volume: Counter[str] = Counter()
    for c in counts.values():
        volume.update(c)
    topics = sorted(reach, key=lambda x: (-reach[x], -volume[x], x))
    return docs, topics, [[counts[d][x] for x in topics] for d in docs]


def _keys(policy: PolicyCitation) -> list[str]:
    return [fold_key(v).strip("《》") for v in (policy.number, policy.title) if v]


def policy_parents(corpus: Corpus) -> dict[str, list[str]]:
    """doc → docs of the plans in view it cites, matched by 文号 or by title."""
    index: dict[str, str] = {}
    for doc, plan in corpus.plans.items():
        for value in (plan.doc_number, plan.title):
            if value:
                index.setdefault(fold_key(value).strip("《》"), doc)
    parents: dict[str, list[str]] = {}
    for doc, plan in corpus.plans.items():
        found = [index[k] for p in plan.policies for k in _keys(p) if k in index and index[k] != doc]
        parents[doc] = list(dict.fromkeys(found))
    return parents


def _chain(doc: str, parents: dict[str, list[str]], limit: int = 6) -> list[str]:
    """Every plan above doc in the policy chain, nearest first (cycles and depth cut)."""
    out: list[str] = []
    frontier = [doc]
    for _ in range(limit):
        frontier = [p for d in frontier for p in parents.get(d, []) if p != doc and p not in out]
        if not frontier:
            break
        out.extend(dict.fromkeys(frontier))
    return out


@collector_paused()  # its per-plan rows are made by the hundred thousand at a million tasks
def coverage(corpus: Corpus, peer_share: float = 0.5, top: int | None = None) -> Coverage:
    """The plan × topic matrix, each plan's gaps against its peers and against its policy chain."""
    docs, topics, counts = topic_matrix(corpus)
    covered = {d: {x for x, n in zip(topics, row, strict=True) if n} for d, row in zip(docs, counts, strict=True)}
    reach = Counter(x for d in docs for x in covered[d])
    parents = policy_parents(corpus)
    tasks = corpus.task_counts()
    position = {x: i for i, x in enumerate(topics)}
    plans: list[CoveragePlan] = []
    for doc in docs:
        plan, mine = corpus.plans[doc], covered[doc]
        peers = len(docs) - 1
        gaps: list[PeerGap] = []
        if peers:
            for x in topics:
                share = reach[x] / peers  # the plan itself does not cover x, so all of reach[x] are peers
                if x not in mine and share > peer_share:
                    gaps.append({"topic": x, "peers": reach[x], "of": peers, "share": round(share, 3)})
        chain = _chain(doc, parents)
        down: list[NotCarriedDown] = []
        for parent in chain:
            missing = sorted(covered[parent] - mine, key=position.__getitem__)
            if missing:
                down.append({"doc": parent, "plan_title": corpus.plans[parent].title,
                             "region": corpus.plans[parent].region, "topics": missing})
        plans.append({
            "doc": doc, "plan_title": plan.title, "region": plan.region, "region_chain": list(plan.region_chain),
            "year": plan.year, "level": plan.level, "tasks": tasks[doc], "topics": len(mine),
            "missing_vs_peers": gaps[:top] if top else gaps, "policy_chain": chain, "not_carried_down": down,
        })
    return {
        "filters": corpus.filters.active(), "peer_share": peer_share,
        "matrix": {"plans": docs, "topics": topics, "counts": counts},
        "plans": plans,
    }


def topics_missing(corpus: Corpus, filters: Filters | None = None) -> dict[str, list[dict[str, Any]]]:
    """For each plan these (plan-level) filters choose: its peer gaps against every other plan of the corpus,
    most covered first (`zwgk ask 泗县的计划缺少哪些主题`; the corpus holds every plan, its peers included)."""
    chosen = {doc for doc, plan in corpus.plans.items() if filters is None or plan_matches(plan, filters)}
    return {p["doc"]: [dict(gap) for gap in p["missing_vs_peers"]] for p in coverage(corpus)["plans"] if p["doc"] in chosen}


def topics_missing_against(corpus: Corpus, filters: Filters, against: Filters) -> dict[str, list[dict[str, Any]]]:
    """For each plan `filters` choose: the topics of the plans `against` chooses that it has no task on, most
    covered first (泗县有但石台县没有的工作: 石台县's plans against 泗县's, not against every plan). Against three
    plans or more (县级计划比市级计划少了哪些主题), only topics more than half of them cover, as `coverage` does."""
    docs, topics, counts = topic_matrix(corpus)
    covered = {d: {x for x, n in zip(topics, row, strict=True) if n} for d, row in zip(docs, counts, strict=True)}
    others = [d for d in docs if plan_matches(corpus.plans[d], against)]
    reach = Counter(x for d in others for x in covered[d])
    out: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        if plan_matches(corpus.plans[doc], filters):
            peers = [d for d in others if d != doc]
            gaps = [{"topic": x, "peers": reach[x], "of": len(peers), "share": round(reach[x] / len(peers), 3)}
                    for x in topics if reach[x] > (len(peers) / 2 if len(peers) >= 3 else 0) and x not in covered[doc]
                    ] if peers else []  # doc adds no reach to a topic it does not cover
            out[doc] = sorted(gaps, key=lambda g: -g["peers"])
    return out


def coverage_rows(result: Coverage) -> tuple[list[str], list[list[Any]]]:
    """The matrix as CSV: one row per plan, one column per topic."""
    m = result["matrix"]
    return ["doc", *m["topics"]], [[d, *row] for d, row in zip(m["plans"], m["counts"], strict=True)]
