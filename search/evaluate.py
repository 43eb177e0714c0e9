"""Evaluation on judged queries: ranked retrieval and whole answers.

Two kinds of judged item, in one jsonl file or several:

- `relevant`: tasks as (doc, a unique prefix of the requirement with
  whitespace removed, grade 2|1); optional `who` {region: [units]} and
  `only_regions`. Scored on the ranking `zwgk ask` gives (its filters read
  from the question), or `zwgk search` with `"mode": "search"`: nDCG@10,
  recall@10, MRR, who-accuracy, region purity.
- `expected`: the complete answer (questions.jsonl, built from the sample
  key): `tasks` [{doc, text, units [{name, role}]}], `silent` [docs], `count`,
  `plans` [docs]. Scored on the tasks `zwgk ask` answers with: task recall
  and precision (per question, averaged), per-task role accuracy (of the
  expected tasks found, the share whose units and roles are exactly the
  key's), silence accuracy (the plans answered 未提及 are exactly the
  expected ones), and count / plan accuracy.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zwgk.model.records import TaskRecord
from zwgk.search.ask import ask
from zwgk.search.service import Searcher

__all__ = ["QueryScore", "EvalReport", "evaluate", "load_queries"]

_WS = re.compile(r"\s+")


def load_queries(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@dataclass
class QueryScore:
    id: str
    query: str
    ndcg: float | None = None
    recall: float | None = None
    mrr: float | None = None
    who_ok: bool | None = None
    region_ok: bool | None = None
    missing_who: dict[str, list[str]] = field(default_factory=dict)
    kind: str | None = None
    task_recall: float | None = None
    task_precision: float | None = None
    roles_right: int = 0
    roles_judged: int = 0
    silence_ok: bool | None = None
    count_ok: bool | None = None
    plans_ok: bool | None = None
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)


@dataclass
class EvalReport:
    queries: list[QueryScore]

    def mean(self, name: str) -> float | None:
        values = [getattr(q, name) for q in self.queries if getattr(q, name) is not None]
        return sum(values) / len(values) if values else None

    def _share(self, name: str) -> float | None:
        judged = [getattr(q, name) for q in self.queries if getattr(q, name) is not None]
        return sum(judged) / len(judged) if judged else None

    @property
    def who_accuracy(self) -> float:
        share = self._share("who_ok")
        return 1.0 if share is None else share

    @property
    def role_accuracy(self) -> float | None:
        judged = sum(q.roles_judged for q in self.queries)
        return sum(q.roles_right for q in self.queries) / judged if judged else None

    def summary(self) -> dict[str, float | None]:
        out: dict[str, float | None] = {}
        if any(q.ndcg is not None for q in self.queries):
            out.update({"ndcg@10": self.mean("ndcg"), "recall@10": self.mean("recall"), "mrr": self.mean("mrr"),
                        "who_accuracy": self.who_accuracy})
        if any(q.kind is not None for q in self.queries):
            out.update({"task_recall": self.mean("task_recall"), "task_precision": self.mean("task_precision"),
                        "role_accuracy": self.role_accuracy, "silence_accuracy": self._share("silence_ok"),
                        "count_accuracy": self._share("count_ok"), "plan_accuracy": self._share("plans_ok")})
        out["queries"] = len(self.queries)
        return out


def _grade(record: TaskRecord, relevant: list[dict[str, Any]]) -> int:
    text = _WS.sub("", record.requirement)
    return max((r["grade"] for r in relevant if r["doc"] == record.doc and text.startswith(_WS.sub("", r["text"]))),
               default=0)


def _ndcg(gains: list[int], ideal: list[int], k: int = 10) -> float:
    def dcg(values: list[int]) -> float:
        return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(values[:k]))

    best = dcg(sorted(ideal, reverse=True))
    return dcg(gains) / best if best else 0.0


def _key(doc: str, text: str) -> tuple[str, str]:
    return doc, _WS.sub("", text)


def _judge_answer(searcher: Searcher, q: dict[str, Any]) -> QueryScore:
    """Score the whole answer `zwgk ask` gives against the complete expected one."""
    answer = ask(searcher, q["query"])
    expected = q["expected"]
    score = QueryScore(q["id"], q["query"], kind=q.get("class") or "answer")
    got = {_key(t["doc"], t["requirement"]): t for p in answer.plans for t in p.tasks}
    want = {_key(t["doc"], t["text"]): t for t in expected.get("tasks", [])}
    if "tasks" in expected:
        found = set(got) & set(want)
        score.task_recall = len(found) / len(want) if want else None
        score.task_precision = len(found) / len(got) if got else (1.0 if not want else 0.0)
        if not want and got:
            score.task_precision = 0.0
        score.missing = [f"{d}:{t[:16]}" for d, t in sorted(set(want) - found)]
        score.extra = [f"{d}:{t[:16]}" for d, t in sorted(set(got) - set(want))]
        for key in found:
            score.roles_judged += 1
            mine = {(u["name"], u["role"]) for u in got[key]["units"]}
            score.roles_right += mine == {(u["name"], u["role"]) for u in want[key]["units"]}
    if "silent" in expected:
        score.silence_ok = {p.doc for p in answer.plans if p.silent} == set(expected["silent"])
    if "count" in expected:
        score.count_ok = answer.count == expected["count"]
    if "plans" in expected:
        score.plans_ok = {p.doc for p in answer.plans if not p.silent} == set(expected["plans"])
    return score


def _judge_ranking(searcher: Searcher, q: dict[str, Any], k: int) -> QueryScore:
    if q.get("mode") == "search":
        result, _ = searcher.search_text(q["query"], k=k)
        ranked, answer = [h.record for h in result.hits[:k]], None
    else:
        answer = ask(searcher, q["query"], k=k)
        ranked = [h.record for h in answer.hits[:k]]
    gains = [_grade(r, q["relevant"]) for r in ranked]
    relevant_total = len(q["relevant"])
    found = {(r.doc, _WS.sub("", r.requirement)[:12]) for r, g in zip(ranked, gains, strict=True) if g > 0}
    mrr = next((1.0 / (i + 1) for i, g in enumerate(gains) if g > 0), 0.0)
    who_ok, missing = None, {}
    if q.get("who") and answer is not None:
        named: dict[str | None, set[str]] = {}
        for p in answer.plans:
            named.setdefault(p.region, set()).update(u["name"] for u in p.units)
        missing = {region: [u for u in units if u not in named.get(region, set())] for region, units in q["who"].items()}
        missing = {region: units for region, units in missing.items() if units}
        who_ok = not missing
    region_ok = None
    if q.get("only_regions"):
        region_ok = all(r.region in q["only_regions"] for r in ranked)
    return QueryScore(q["id"], q["query"], _ndcg(gains, [r["grade"] for r in q["relevant"]], k),
                      len(found) / relevant_total if relevant_total else 1.0, mrr, who_ok, region_ok, missing)


def evaluate(searcher: Searcher, queries: list[dict[str, Any]], k: int = 10) -> EvalReport:
    return EvalReport([_judge_answer(searcher, q) if "expected" in q else _judge_ranking(searcher, q, k)
                       for q in queries])
