#!/usr/bin/env python3
"""Cross-region analyses at scale: time and peak memory of each on ≥ 100k synthetic tasks,
and the approximate diffusion search against the exact all-pairs baseline.

Usage: python bench/bench_analysis.py [--plans 2300] [--seed 0] [--baseline-tasks 3000 10000]
                                      [--out bench/out/analysis.json] [--report bench/out/report-100k.html]

The corpus is bench/corpus.py's synthetic plans, parsed with `parse_text`
and classified with the ontology the way graph/build.py does (no store: the
analyses take records). Two things make it harder than the raw generator:

- requirement texts are perturbed, so diffusion has a spectrum of
  similarities to find: 40 % are kept verbatim (a template copied as is),
  35 % get random character edits at a rate drawn from 2–50 %, 25 % are
  recombined from clauses of other requirements (partial overlaps);
- each plan cites the plan of its parent city for the same year when the
  corpus has one, so coverage has policy chains to follow.

Parsing ~100k rows takes about a minute; the records are cached in
bench/out/ (delete the file to rebuild). Each analysis is timed without
tracing, then run again under tracemalloc for its peak allocation above the
loaded corpus. Nothing is asserted; compare runs on one machine.
"""
from __future__ import annotations

import argparse
import gzip
import json
import platform
import random
import re
import resource
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corpus import make_plans

if TYPE_CHECKING:
    from zwgk.analysis.diffusion import Group

HERE = Path(__file__).resolve().parent


def _classify(thesaurus, record: dict[str, Any], sections: dict) -> None:
    """Topics and domains from the requirement, then the section path (as graph/build.py does)."""
    key = tuple(record["section"])
    if key not in sections:
        sections[key] = thesaurus.classify("|".join(key))
    seen: dict[str, None] = {}
    for m in [*thesaurus.classify(record["requirement"]), *sections[key]]:
        seen.setdefault(m.iri)
    for iri in seen:
        c = thesaurus.concepts[iri]
        record["topics" if c.scheme == "topics" else "domains"].append(c.label)


def build_records(n_plans: int, seed: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    from zwgk.ingest.parser import parse_text
    from zwgk.ingest.records import plan_record, task_records
    from zwgk.vocabulary.thesaurus import load_thesaurus

    thesaurus = load_thesaurus()
    tasks, plans, sections = [], [], {}
    for synth in make_plans(n_plans, seed):
        plan = parse_text(synth.text, synth.name)
        plans.append(plan_record(plan).to_parse_json())
        for record in task_records(plan):
            r = record.to_json()
            _classify(thesaurus, r, sections)
            tasks.append(r)
    return tasks, plans


_CLAUSE = re.compile(r"[，；。]")


def perturb(tasks: list[dict[str, Any]], seed: int) -> None:
    """Verbatim copies, edited copies and recombined clauses (see the module docstring)."""
    rng = random.Random(seed)
    texts = [t["requirement"] for t in tasks]
    alphabet = sorted({ch for t in texts[:5000] for ch in t if "\u4e00" <= ch <= "\u9fff"})
    for t in tasks:
        r = rng.random()
        text = t["requirement"]
        if r < 0.40:
            continue
        if r < 0.75:
            rate = rng.uniform(0.02, 0.5)
            out = []
            for ch in text:
                if rng.random() >= rate:
                    out.append(ch)
                    continue
                op = rng.random()
                if op < 0.4:
                    out.append(rng.choice(alphabet))
                elif op < 0.7:
                    out += [ch, rng.choice(alphabet)]
            t["requirement"] = "".join(out) or text
        else:
            clauses = [c for c in _CLAUSE.split(text) if c]
            for other in rng.sample(texts, 2):
                clauses += [c for c in _CLAUSE.split(other) if c][: rng.randint(1, 3)]
            rng.shuffle(clauses)
            t["requirement"] = "，".join(clauses[: rng.randint(2, 5)]) + "。"


def add_policy_chain(plans: list[dict[str, Any]]) -> int:
    """Each plan cites its parent city's plan of the same year, when there is one. Returns the links made."""
    by_region_year: dict[tuple[str, int], dict[str, Any]] = {}
    for p in plans:
        if p["region_chain"] and p["title"]:
            by_region_year.setdefault((p["region_chain"][-1], p["year"]), p)
    links = 0
    for p in plans:
        chain = p["region_chain"]
        parent = by_region_year.get((chain[-2], p["year"])) if len(chain) >= 2 else None
        if parent is not None and parent is not p:
            p["cited_policies"] = [*p["cited_policies"], {"title": parent["title"], "number": parent["doc_number"]}]
            links += 1
    return links


def load_records(n_plans: int, seed: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]], float]:
    cache = HERE / "out" / f"analysis-corpus-{n_plans}-{seed}.json.gz"
    if cache.exists():
        data = json.loads(gzip.decompress(cache.read_bytes()))
        return data["tasks"], data["plans"], data["build_seconds"]
    t0 = time.perf_counter()
    tasks, plans = build_records(n_plans, seed)
    perturb(tasks, seed)
    add_policy_chain(plans)
    seconds = round(time.perf_counter() - t0, 1)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(gzip.compress(json.dumps({"tasks": tasks, "plans": plans, "build_seconds": seconds},
                                               ensure_ascii=False).encode()))
    return tasks, plans, seconds


def measure(fn: Callable[[], Any], memory: bool = True) -> tuple[Any, dict[str, float]]:
    """Wall time of one run, then the peak traced allocation of a second run."""
    t0 = time.perf_counter()
    result = fn()
    out = {"seconds": round(time.perf_counter() - t0, 3)}
    if memory:
        tracemalloc.start()
        fn()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        out["peak_mib"] = round(peak / 2**20, 1)
    return result, out


def _co_members(groups: list[Group]) -> set[tuple[str, str]]:
    """Pairs of tasks reported in one group."""
    out = set()
    for g in groups:
        tasks = sorted({t for p in g["plans"] for t in p["tasks"]})
        out.update((a, b) for i, a in enumerate(tasks) for b in tasks[i + 1 :])
    return out


def baseline(corpus, n_tasks: int, threshold: float) -> dict[str, Any]:
    """Diffusion on the first n_tasks tasks, MinHash/LSH against all pairs.

    Two levels: the pair search alone (every similar pair of distinct sentences
    found, directly or through the groups' components), and the whole analysis
    (the groups diffusion reports: identical groups, co-membership recall and
    precision), each with its time.
    """

    from zwgk.analysis.corpus import Corpus
    from zwgk.analysis.diffusion import diffusion, sentence_table
    from zwgk.analysis.minhash import MinHashLSH, components, exact_pairs

    tasks = corpus.tasks[:n_tasks]
    small = Corpus(tasks, {d: corpus.plans[d] for d in {t.doc for t in tasks}})
    _, _, keys = sentence_table(small.texts())
    distinct = list(dict.fromkeys(keys))
    lsh = MinHashLSH(threshold=threshold)
    t0 = time.perf_counter()
    truth = exact_pairs(distinct, threshold, lsh.shingle)
    pairs_exact_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = lsh.pairs(distinct)
    pairs_lsh_s = time.perf_counter() - t0
    label = components(len(distinct), found[:, 0], found[:, 1])
    direct = {(int(i), int(j)) for i, j in found}

    t0 = time.perf_counter()
    exact = diffusion(small, threshold=threshold, method="exact")["groups"]
    exact_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    approx = diffusion(small, threshold=threshold)["groups"]
    approx_s = time.perf_counter() - t0
    same_e, same_a = _co_members(exact), _co_members(approx)
    sig_e = {frozenset(t for p in g["plans"] for t in p["tasks"]) for g in exact}
    sig_a = {frozenset(t for p in g["plans"] for t in p["tasks"]) for g in approx}
    return {
        "tasks": len(tasks), "sentences": len(keys), "distinct_sentences": len(distinct), "threshold": threshold,
        "all_pairs": len(distinct) * (len(distinct) - 1) // 2, "similar_pairs": len(truth),
        "pairs": {
            "exact_seconds": round(pairs_exact_s, 3), "minhash_seconds": round(pairs_lsh_s, 3),
            "speedup": round(pairs_exact_s / pairs_lsh_s, 1),
            "recall_connected": round(sum(1 for i, j in truth if label[i] == label[j]) / len(truth), 4) if truth else None,
            "recall_direct": round(len(direct & truth) / len(truth), 4) if truth else None,
            "precision_direct": round(len(direct & truth) / len(direct), 4) if direct else None,
        },
        "groups": {
            "exact_seconds": round(exact_s, 3), "minhash_seconds": round(approx_s, 3), "speedup": round(exact_s / approx_s, 1),
            "exact": len(exact), "minhash": len(approx),
            "identical": round(len(sig_e & sig_a) / len(sig_e), 4) if sig_e else None,
            "co_member_recall": round(len(same_e & same_a) / len(same_e), 4) if same_e else None,
            "co_member_precision": round(len(same_e & same_a) / len(same_a), 4) if same_a else None,
        },
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plans", type=int, default=2300)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--baseline-tasks", type=int, nargs="+", default=[3000, 10000])
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--no-memory", action="store_true", help="time only (skip the tracemalloc pass)")
    ap.add_argument("--out", type=Path, default=HERE / "out" / "analysis.json")
    ap.add_argument("--report", type=Path, default=HERE / "out" / "report-100k.html")
    args = ap.parse_args()

    from zwgk.analysis.compare import compare
    from zwgk.analysis.corpus import make_corpus
    from zwgk.analysis.coverage import coverage
    from zwgk.analysis.diffusion import diffusion
    from zwgk.analysis.workload import workload
    from zwgk.model.filters import Filters
    from zwgk.model.records import PlanRecord, TaskRecord
    from zwgk.presentation.report import render_report

    tasks, plans, build_s = load_records(args.plans, args.seed)
    typed_tasks = [TaskRecord.from_json(t) for t in tasks]  # the cache holds the JSON contract
    typed_plans = [PlanRecord.from_json(p) for p in plans]
    t0 = time.perf_counter()
    corpus = make_corpus(typed_tasks, typed_plans)
    corpus_s = round(time.perf_counter() - t0, 3)
    print(f"{len(corpus.tasks):,} tasks in {len(corpus.plans):,} plans (built in {build_s} s; corpus {corpus_s} s)")

    analyses: dict[str, Callable[[], Any]] = {
        "filter 安徽省 2022": lambda: corpus.filtered(Filters(region="安徽省", year=2022)),
        "compare 依申请公开": lambda: compare(corpus, "依申请公开"),
        "coverage": lambda: coverage(corpus),
        "diffusion": lambda: diffusion(corpus, threshold=args.threshold),
        "units": lambda: workload(corpus),
        "report": lambda: render_report(corpus),
    }
    results: dict[str, Any] = {}
    timings: dict[str, dict[str, float]] = {}
    for name, fn in analyses.items():
        results[name], timings[name] = measure(fn, memory=not args.no_memory)
        print(f"{name:22s} {timings[name]}", flush=True)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(results["report"], encoding="utf-8")
    d = results["diffusion"]
    print(f"diffusion: {d['sentences']:,} sentences, {d['distinct_sentences']:,} distinct, "
          f"{d['candidate_pairs']:,} pairs, {len(d['groups']):,} groups")
    bases = []
    for n in args.baseline_tasks:
        bases.append(baseline(corpus, n, args.threshold))
        print("baseline", json.dumps(bases[-1], ensure_ascii=False), flush=True)

    record = {
        "benchmark": "analysis", "plans": len(corpus.plans), "tasks": len(corpus.tasks), "seed": args.seed,
        "build_seconds": build_s, "corpus_seconds": corpus_s, "analyses": timings,
        "diffusion": {k: d[k] for k in ("sentences", "distinct_sentences", "candidate_pairs")} | {"groups": len(d["groups"])},
        "baseline": bases, "max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out} and {args.report}")


if __name__ == "__main__":
    main()
