"""Retrieval evaluation on judged queries (the queries-dev.jsonl format).

Each query lists relevant tasks as (doc, a unique prefix of the requirement
with whitespace removed, grade 2|1); optional `who` {region: [units]} and
`only_regions`. The system's ranking is what `zwgk ask` ranks for the query
(its filters read from the question), so region-bound questions are scored
as users see them.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .ask import ask
from .service import Searcher

__all__ = ["QueryScore", "EvalReport", "evaluate", "load_queries"]

_WS = re.compile(r"\s+")


def load_queries(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@dataclass
class QueryScore:
    id: str
    query: str
    ndcg: float
    recall: float
    mrr: float
    who_ok: bool | None
    region_ok: bool | None
    missing_who: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class EvalReport:
    queries: list[QueryScore]

    def mean(self, name: str) -> float:
        values = [getattr(q, name) for q in self.queries]
        return sum(values) / len(values) if values else 0.0

    @property
    def who_accuracy(self) -> float:
        judged = [q.who_ok for q in self.queries if q.who_ok is not None]
        return sum(judged) / len(judged) if judged else 1.0

    def summary(self) -> dict[str, float]:
        return {"ndcg@10": self.mean("ndcg"), "recall@10": self.mean("recall"), "mrr": self.mean("mrr"),
                "who_accuracy": self.who_accuracy, "queries": len(self.queries)}


def _grade(record: dict[str, Any], relevant: list[dict[str, Any]]) -> int:
    text = _WS.sub("", record["requirement"])
    return max((r["grade"] for r in relevant if r["doc"] == record["doc"] and text.startswith(_WS.sub("", r["text"]))),
               default=0)


def _ndcg(gains: list[int], ideal: list[int], k: int = 10) -> float:
    def dcg(values: list[int]) -> float:
        return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(values[:k]))

    best = dcg(sorted(ideal, reverse=True))
    return dcg(gains) / best if best else 0.0


def evaluate(searcher: Searcher, queries: list[dict[str, Any]], k: int = 10) -> EvalReport:
    scores = []
    for q in queries:
        answer = ask(searcher, q["query"], k=k)
        ranked = [h.record for h in answer.hits[:k]]
        gains = [_grade(r, q["relevant"]) for r in ranked]
        relevant_total = len(q["relevant"])
        found = {(r["doc"], _WS.sub("", r["requirement"])[:12]) for r, g in zip(ranked, gains, strict=True) if g > 0}
        mrr = next((1.0 / (i + 1) for i, g in enumerate(gains) if g > 0), 0.0)
        who_ok, missing = None, {}
        if q.get("who"):
            named = {p.region: {u["name"] for u in p.units} for p in answer.plans}
            missing = {region: [u for u in units if u not in named.get(region, set())] for region, units in q["who"].items()}
            missing = {region: units for region, units in missing.items() if units}
            who_ok = not missing
        region_ok = None
        if q.get("only_regions"):
            region_ok = all(r["region"] in q["only_regions"] for r in ranked)
        scores.append(QueryScore(q["id"], q["query"], _ndcg(gains, [r["grade"] for r in q["relevant"]], k),
                                 len(found) / relevant_total if relevant_total else 1.0, mrr, who_ok, region_ok, missing))
    return EvalReport(scores)
