"""`zwgk ask`: a question in, an answer grouped by plan and region out.

The question is read for its intent and filters (question.py), the rest is
searched (retrieve.py), and the matching tasks are grouped per plan: who is
responsible (units with their roles, aspect, agency and region chain), the
tasks themselves with deadlines and source lines, and the documents the plan
implements. A plan whose matching tasks name no unit says so instead of
guessing.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .filters import Filters
from .question import Question, read_question
from .service import Searcher

__all__ = ["Answer", "PlanAnswer", "ask", "ROLE_WEIGHT"]

#: How much a mention counts towards "who handles this": 牵头 > 负责 > 配合.
ROLE_WEIGHT = {"lead": 1.0, "responsible": 0.8, "cooperate": 0.4}
ROLE_ORDER = {"lead": 0, "responsible": 1, "cooperate": 2}
NO_UNIT_NOTE = "该计划未列明责任单位（the plan names no responsible unit for these tasks）"


@dataclass
class PlanAnswer:
    doc: str
    plan_title: str | None
    issuer: str | None
    region: str | None
    region_chain: list[str]
    year: int | None
    units: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    policies: list[dict[str, Any]] = field(default_factory=list)
    note: str | None = None
    score: float = 0.0


@dataclass
class Answer:
    question: Question
    concepts: list[str]
    plans: list[PlanAnswer]
    hits: list[Any]
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        q = self.question
        return {
            "question": q.text, "intent": q.intent, "query": q.query, "filters": q.filters.active(),
            "concepts": self.concepts, "notes": self.notes,
            "answers": [p.__dict__ for p in self.plans],
        }


def _chain(record: dict[str, Any]) -> list[str]:
    """unit → agency → region → … → province, as the record knows it."""
    return [record.get("issuer") or "?", *reversed(record.get("region_chain") or [])]


def _task_view(hit) -> dict[str, Any]:
    r = hit.record
    return {**{k: r.get(k) for k in ("id", "doc", "section", "seq", "requirement", "units", "deadline_raw", "deadline",
                                     "ongoing", "topics", "domains", "policies", "source_lines")},
            "score": round(hit.score, 5), "why": hit.why()}


def ask(searcher: Searcher, text: str, filters: Filters | None = None, k: int | None = None) -> Answer:
    question = read_question(text, searcher.unit_names(), filters)
    depth = max(k or searcher.settings.top_k, 10) * 3
    result = searcher.search(question.query, question.filters, depth)
    hits = result.hits
    top = hits[0].score if hits else 0.0
    relevant = [h for h in hits if h.score >= 0.5 * top]
    query_terms = set(result.tokens)
    by_plan: dict[str, list] = defaultdict(list)
    for hit in relevant:
        by_plan[hit.record["doc"]].append(hit)
    plans: list[PlanAnswer] = []
    for doc, plan_hits in by_plan.items():
        r = plan_hits[0].record
        best = plan_hits[0].score
        core = [h for h in plan_hits if h.score >= 0.8 * best]
        weights: dict[tuple[str, str, str | None], float] = defaultdict(float)
        counts: dict[tuple[str, str, str | None], int] = defaultdict(int)
        functions: dict[str, str | None] = {}
        for h in core:
            for u in h.record["units"]:
                key = (u["name"], u["role"], u.get("aspect"))
                weights[key] += h.score * ROLE_WEIGHT.get(u["role"], 0.5)
                counts[key] += 1
                functions[u["name"]] = u.get("function")
        aspects = {key[2] for key in weights if key[2] and any(t in key[2] or key[2] in question.text for t in query_terms)}
        if aspects:  # the question names an aspect (内容安全): answer for that aspect
            weights = {key: w for key, w in weights.items() if key[2] in aspects}
        units = [{"name": n, "role": role, "aspect": aspect, "function": functions.get(n), "tasks": counts[(n, role, aspect)],
                  "agency": r.get("issuer"), "chain": [n, *_chain(r)]}
                 for (n, role, aspect), _ in sorted(weights.items(), key=lambda kv: (ROLE_ORDER.get(kv[0][1], 3), -kv[1]))]
        answer = PlanAnswer(doc, r.get("plan_title"), r.get("issuer"), r.get("region"), r.get("region_chain") or [],
                            r.get("year"), units, [_task_view(h) for h in plan_hits[: max(3, len(core))]],
                            searcher.plan_policies(doc), None if units else NO_UNIT_NOTE, best)
        plans.append(answer)
    plans.sort(key=lambda p: -p.score)
    return Answer(question, [m.concept.label for m in result.concepts], plans, hits, result.notes)
