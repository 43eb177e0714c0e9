"""Requirements copied across plans: groups of near-identical sentences, where they went and which came first.

Plans copy their requirements sentence by sentence from a provincial or
national template ("对于涉及特别重大、重大突发事件的舆情，5小时内发布权威信息；
其他舆情48小时内予以回应"), sometimes adding a clause of their own to the same
cell. So the unit compared is the sentence: requirements are cut at 。！？ and
line ends, folded (width, Traditional→Simplified, case) and stripped of
punctuation and spaces; sentences shorter than `min_chars` are left out.

Identical keys collapse first; the distinct keys, most copied first, go
through MinHash/LSH (analysis/minhash.py) and greedy star clustering: a group
is a centre wording and the wordings verified near-identical to it, kept
when its sentences come from at least two plans. Each group reports its
plans with their regions and the documents they implement, the phrase those
documents share (基层政务公开提升行动) with the highest-level one first, and
the wording that came first: the earliest plan year, then the higher
administrative level, then the name.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any, NamedTuple, TypedDict

import numpy as np

from zwgk.analysis.basis import Basis, BasisDocument, Citation, shared_basis
from zwgk.analysis.corpus import LEVEL_RANK, Corpus, TaskText
from zwgk.analysis.minhash import MinHashLSH, exact_pairs, star_clusters
from zwgk.model.roles import Level
from zwgk.model.text import fold_key

__all__ = ["split_sentences", "sentence_table", "cluster_sentences", "Clusters", "diffusion", "diffusion_rows", "shared_basis", "Diffusion", "Group",
           "GroupPlan", "Citation", "FirstWording", "Wording", "Basis", "BasisDocument"]


class GroupPlan(TypedDict):
    """A plan in a group: where it is, what it implements, its tasks holding the sentence and its wording."""

    doc: str
    plan_title: str | None
    issuer: str | None
    region: str | None
    region_chain: list[str]
    year: int | None
    level: Level | None
    policies: list[Citation]
    tasks: list[str]
    text: str


class FirstWording(TypedDict):
    """Where the wording came first, and why that one (earliest year, then higher level)."""

    doc: str
    task: str
    region: str | None
    year: int | None
    level: Level | None
    why: str


class Wording(TypedDict):
    """One distinct wording of the group's sentence and the plans using it."""

    text: str
    plans: list[str]


class Group(TypedDict):
    """Near-identical sentences from at least min_plans plans; id counts from 1 in the result's order."""

    text: str
    sentences: int
    variants: int
    first: FirstWording
    plans: list[GroupPlan]
    regions: list[str]
    provinces: list[str]
    wordings: list[Wording]
    basis: Basis | None
    id: int


class Diffusion(TypedDict):
    """What `diffusion` returns (`zwgk diffusion --json`; the report reads it)."""

    filters: dict[str, Any]
    method: str
    threshold: float
    min_chars: int
    tasks: int
    sentences: int
    distinct_sentences: int
    similar_pairs: int
    candidate_pairs: int
    verified_pairs: int
    group_count: int  # all groups found; `groups` holds the first `top` of them when diffusion was given one
    groups: list[Group]


class _Sentence(TypedDict):
    doc: str
    task: str
    text: str
    key: str
    year: int | None
    level: Level | None
    region: str | None

_END = re.compile(r"[。！？!?\n]+")
_ENUM = re.compile(r"^\s*(?:[（(]\s*[0-9一二三四五六七八九十]{1,3}\s*[)）]|[0-9一二三四五六七八九十]{1,3}\s*[、.．])")
_NON_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=1 << 16)  # copied requirements repeat verbatim
def split_sentences(text: str, min_chars: int = 8) -> tuple[tuple[str, str], ...]:
    """(printed sentence, comparison key) for each sentence with at least min_chars key characters."""
    out = []
    for piece in _END.split(text):
        printed = _ENUM.sub("", piece).strip()
        key = _NON_WORD.sub("", fold_key(printed).lower())
        if len(key) >= min_chars:
            out.append((printed, key))
    return tuple(out)


def sentence_table(tasks: Sequence[TaskText], min_chars: int = 8) -> tuple[list[int], list[str], list[str]]:
    """Every sentence of every task: (task index, printed sentence, key), in task order."""
    task_of, printed, keys = [], [], []
    for n, t in enumerate(tasks):
        for p, k in split_sentences(t.requirement, min_chars):
            task_of.append(n)
            printed.append(p)
            keys.append(k)
    return task_of, printed, keys


def _first_reason(members: list[_Sentence]) -> str:
    a = members[0]
    others = [m for m in members if m["doc"] != a["doc"]]
    if not others:
        return ""
    b = others[0]
    if (a["year"] or 9999) < (b["year"] or 9999):
        return "earliest year"
    if LEVEL_RANK.get(a["level"] or "", 9) < LEVEL_RANK.get(b["level"] or "", 9):
        return "same year, higher level"
    return "same year and level"


class Clusters(NamedTuple):
    """Every sentence of the tasks compared (its task, printed form and key) and its cluster label, with the
    counts diffusion reports."""

    task_of: list[int]
    printed: list[str]
    keys: list[str]
    label: np.ndarray
    distinct: int
    pairs: int
    candidates: int
    verified: int

    def members(self) -> dict[int, list[int]]:
        """cluster label → its sentences, in sentence order."""
        out: dict[int, list[int]] = defaultdict(list)
        for s, g in enumerate(self.label.tolist()):
            out[g].append(s)
        return out


def cluster_sentences(tasks: Sequence[TaskText], threshold: float = 0.5, min_chars: int = 8, method: str = "minhash",
                      lsh: MinHashLSH | None = None) -> Clusters:
    """The tasks' sentences clustered by near-identity (diffusion's groups before they are ranked and built)."""
    task_of, printed, keys = sentence_table(tasks, min_chars)
    # Distinct keys, most copied first (ties: first seen), so that LSH bucket leaders and
    # cluster centres are the wordings most plans share.
    counts = Counter(keys)
    distinct = sorted(counts, key=lambda k: -counts[k])
    index = {k: n for n, k in enumerate(distinct)}
    uid = np.fromiter((index[k] for k in keys), dtype=np.int64, count=len(keys))
    if method == "exact":
        found_pairs = exact_pairs(distinct, threshold, (lsh or MinHashLSH()).shingle)
        pairs = np.array(sorted(found_pairs), dtype=np.int64).reshape(-1, 2)
        candidates, verified = len(distinct) * (len(distinct) - 1) // 2, len(pairs)
    elif method == "minhash":
        lsh = replace(lsh, threshold=threshold) if lsh else MinHashLSH(threshold=threshold)
        found = lsh.search(distinct)
        pairs, candidates, verified = found.pairs, found.candidates, found.verified
    else:
        raise ValueError(f"unknown method {method!r}: minhash or exact")
    label = star_clusters(len(distinct), pairs)[uid] if len(distinct) else uid
    return Clusters(task_of, printed, keys, label, len(distinct), int(len(pairs)), candidates, verified)


def diffusion(corpus: Corpus, threshold: float = 0.5, min_chars: int = 8, min_plans: int = 2,
              method: str = "minhash", lsh: MinHashLSH | None = None, top: int | None = None) -> Diffusion:
    """Groups of near-identical sentences found in at least min_plans plans (see the module docstring).

    method: "minhash" (approximate, the default) or "exact" (all pairs; small corpora and tests).
    top: build only the first `top` groups (a table or the report shows a few; `group_count` says how many
    there are). At a million tasks `zwgk diffusion` shows its table of 20 in 38 s and 2.8 GB; all 49,353
    groups (`--json`) take 73 s and 5.0 GB.
    """
    tasks = corpus.texts()
    found = cluster_sentences(tasks, threshold, min_chars, method, lsh)
    task_of, printed, keys = found.task_of, found.printed, found.keys
    members = found.members()

    def first(s: int) -> tuple[int, int, str, str]:  # a group's sentences in the order its wordings came
        t = tasks[task_of[s]]
        plan = corpus.plans[t.doc]
        return _came_first(plan.year, plan.level, t.doc, t.id)

    # Each group's place is known before it is built, so only the groups shown are built.
    ranked = []
    for sents in members.values():
        docs = frozenset(tasks[task_of[s]].doc for s in sents)
        if len(docs) >= min_plans:
            head = min(sents, key=first)
            ranked.append(((-len(docs), -len(sents), first(head)[0], printed[head]), docs, sents))
    ranked.sort(key=lambda r: r[0])
    groups: list[Group] = []
    bases: dict[frozenset[str], Basis | None] = {}  # many groups share one set of plans
    for n, (_, docs, sents) in enumerate(ranked[:top] if top is not None else ranked, 1):
        group = _group(corpus, tasks, sents, task_of, printed, keys)
        if docs not in bases:
            bases[docs] = shared_basis(group["plans"])
        group["basis"], group["id"] = bases[docs], n
        groups.append(group)
    return {
        "filters": corpus.filters.active(), "method": method, "threshold": threshold, "min_chars": min_chars,
        "tasks": len(tasks), "sentences": len(keys), "distinct_sentences": found.distinct,
        "similar_pairs": found.pairs, "candidate_pairs": found.candidates, "verified_pairs": found.verified,
        "group_count": len(ranked), "groups": groups,
    }


def _came_first(year: int | None, level: Level | None, doc: str, task: str) -> tuple[int, int, str, str]:
    """Which wording came first: the earliest plan year, then the higher level, then the plan and task."""
    return (year or 9999, LEVEL_RANK.get(level or "", 9), doc, task)


def _group(corpus: Corpus, tasks: Sequence[TaskText], sents: list[int], task_of: list[int], printed: list[str],
           keys: list[str]) -> Group:
    """The group of these sentences; its basis (None) and id (0) are filled in by diffusion."""
    rows: list[_Sentence] = []
    for s in sents:
        t = tasks[task_of[s]]
        plan = corpus.plans[t.doc]
        rows.append({"doc": t.doc, "task": t.id, "text": printed[s], "key": keys[s], "year": plan.year,
                     "level": plan.level, "region": plan.region})
    rows.sort(key=lambda r: _came_first(r["year"], r["level"], r["doc"], r["task"]))
    first = rows[0]
    # A template copied into thousands of plans makes groups of thousands of rows: what was seen is kept
    # in dicts, not looked up in the lists the JSON shows.
    plans: dict[str, GroupPlan] = {}
    tasks_seen: set[tuple[str, str]] = set()
    wordings: dict[str, Wording] = {}
    using: set[tuple[str, str]] = set()
    for r in rows:
        doc = r["doc"]
        entry = plans.get(doc)
        if entry is None:
            plan = corpus.plans[doc]
            entry = plans[doc] = {
                "doc": doc, "plan_title": plan.title, "issuer": plan.issuer, "region": plan.region,
                "region_chain": list(plan.region_chain), "year": plan.year, "level": plan.level,
                "policies": [{"title": p.title, "number": p.number} for p in plan.policies],  # PolicyCitation.to_json
                "tasks": [], "text": r["text"],
            }
        if (doc, r["task"]) not in tasks_seen:
            tasks_seen.add((doc, r["task"]))
            entry["tasks"].append(r["task"])
        w = wordings.setdefault(r["key"], {"text": r["text"], "plans": []})
        if (r["key"], doc) not in using:
            using.add((r["key"], doc))
            w["plans"].append(doc)
    plan_list = list(plans.values())
    return {
        "text": first["text"], "sentences": len(rows), "variants": len(wordings),
        "first": {"doc": first["doc"], "task": first["task"], "region": first["region"], "year": first["year"],
                  "level": first["level"], "why": _first_reason(rows)},
        "plans": plan_list,
        "regions": list(dict.fromkeys(p["region"] for p in plan_list if p["region"])),
        "provinces": list(dict.fromkeys(p["region_chain"][0] for p in plan_list if p["region_chain"])),
        "wordings": list(wordings.values()),
        "basis": None, "id": 0,  # placeholders at the keys' places in the JSON
    }


DIFFUSION_FIELDS = ("group", "plans", "first_doc", "first_region", "first_year", "text", "regions", "docs", "basis",
                    "basis_documents")


def diffusion_rows(result: Diffusion) -> tuple[list[str], list[list[Any]]]:
    """One CSV row per group."""
    rows: list[list[Any]] = []
    for g in result["groups"]:
        basis = g["basis"]
        documents = basis["documents"] if basis else []
        rows.append([g["id"], len(g["plans"]), g["first"]["doc"], g["first"]["region"] or "", g["first"]["year"] or "",
                     g["text"], "；".join(g["regions"]), "；".join(p["doc"] for p in g["plans"]),
                     basis["phrase"] if basis else "",
                     "；".join(d["title"] + (f"（{d['number']}）" if d["number"] else "") for d in documents)])
    return list(DIFFUSION_FIELDS), rows
