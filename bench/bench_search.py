#!/usr/bin/env python3
"""Search speed: a cold `zwgk ask`, BM25 at ≥ 100k tasks against rank_bm25, FAISS flat vs IVF.

Usage: python bench/bench_search.py [--tasks 100000] [--queries 500] [--rank-bm25-queries 20]
                                    [--seed 0] [--out bench/out/search.json]

(a) cold ask: the samples ingested into a fresh store (no dense model: the
    Hugging Face cache is pointed at an empty folder), then `zwgk ask
    谁负责依申请公开` as a new process, wall time, median of 5; and inside a
    fresh interpreter, imports + open + first answer (time to first answer).
(b) lexical: synthetic plans (bench/corpus.py) parsed until ≥ N tasks, their
    task records indexed by zwgk's own build_index (jieba + bm25s + files);
    queries are thesaurus labels and requirement fragments. Ours is timed on
    every query; rank_bm25's BM25Okapi over the very same tokens is slow, so it
    runs a subset and the ratio is taken per query on that subset.
(c) dense: 100k random unit vectors of 384 dims (bge-small's size), FAISS flat
    vs IVF as zwgk builds them (vectors.py): build time, single-query latency,
    and IVF's recall@10 against the exact answer.
Nothing is asserted on time; compare runs on one machine.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from corpus import git_commit, save_result
from rich.console import Console
from rich.table import Table
from synthetic import as_records, synthetic

from zwgk.model.records import TaskRecord

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
QUESTION = "谁负责依申请公开"

_IN_PROCESS = """
import json, sys, time
t0 = time.perf_counter()
from zwgk.search.ask import ask
from zwgk.search.service import open_searcher
from zwgk.settings import load_settings
t1 = time.perf_counter()
searcher = open_searcher(load_settings(store=sys.argv[1]))
t2 = time.perf_counter()
answer = ask(searcher, sys.argv[2])
t3 = time.perf_counter()
ask(searcher, sys.argv[2])
t4 = time.perf_counter()
assert answer.plans and "torch" not in sys.modules
print(json.dumps({"import": t1 - t0, "open": t2 - t1, "first_answer": t3 - t2, "warm_answer": t4 - t3,
                  "time_to_first_answer": t3 - t0}))
"""


def _ms(seconds: list[float]) -> dict[str, float]:
    arr = np.array(seconds) * 1000
    return {"p50_ms": round(float(np.percentile(arr, 50)), 3), "p95_ms": round(float(np.percentile(arr, 95)), 3),
            "mean_ms": round(float(arr.mean()), 3), "qps": round(len(arr) / (arr.sum() / 1000), 1), "n": len(arr)}


def _env(tmp: Path) -> dict[str, str]:
    # timed with bytecode written and reused, as installed (bench_readside.py's ENV says why)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZWGK_", "HF_")) and k != "PYTHONDONTWRITEBYTECODE"}
    env["HF_HUB_CACHE"] = str(tmp / "empty-hf-cache")  # the default model is never found: no dense part
    return env


def cold_ask(runs: int = 5) -> dict:
    zwgk = str(Path(sys.executable).parent / "zwgk")
    with tempfile.TemporaryDirectory() as tmp:
        store, env = Path(tmp) / "store", _env(Path(tmp))
        subprocess.run([zwgk, "ingest", str(ROOT / "samples"), "--store", str(store)], env=env, check=True,
                       capture_output=True)
        walls, stderr = [], ""
        for _ in range(runs):
            start = time.perf_counter()
            run = subprocess.run([zwgk, "ask", QUESTION, "--store", str(store)], env=env, capture_output=True, text=True)
            walls.append(time.perf_counter() - start)
            assert run.returncode == 0 and "办公室" in run.stdout, run.stderr
            stderr = run.stderr.strip()
        python = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", "pass"], env=env, check=True)
            python.append(time.perf_counter() - start)
        inside = [json.loads(subprocess.run([sys.executable, "-c", _IN_PROCESS, str(store), QUESTION], env=env,
                                            check=True, capture_output=True, text=True).stdout) for _ in range(runs)]
    median = {k: round(statistics.median(r[k] for r in inside), 4) for k in inside[0]}
    return {"question": QUESTION, "runs": runs, "cli_wall_s": [round(w, 4) for w in walls],
            "cli_wall_median_s": round(statistics.median(walls), 4),
            "python_startup_median_s": round(statistics.median(python), 4),
            "in_process_median_s": median, "note": stderr}


def _queries(records: list[TaskRecord], labels: list[str], n: int, rng: random.Random) -> list[str]:
    """Half thesaurus labels, half fragments of requirements (4–12 characters)."""
    out = [rng.choice(labels) for _ in range(n // 2)]
    while len(out) < n:
        text = rng.choice(records).requirement
        size = rng.randint(4, 12)
        if len(text) > size:
            start = rng.randrange(len(text) - size)
            out.append(text[start:start + size])
    rng.shuffle(out)
    return out


def lexical(min_tasks: int, n_queries: int, n_rank: int, seed: int, console: Console) -> dict:
    from rank_bm25 import BM25Okapi

    from zwgk.search.index import build_index, open_index
    from zwgk.search.lexical import build_bm25, top_k
    from zwgk.search.retrieve import search
    from zwgk.search.service import _concepts
    from zwgk.vocabulary.thesaurus import Thesaurus

    syn = synthetic(min_tasks, as_records, seed)
    records = [r for plan in syn.items for r in plan]
    console.print(f"corpus: {syn.plans} plans, {len(records):,} tasks, parsed in {syn.seconds:.1f} s")
    concepts = _concepts()
    labels = [label for c in concepts for label in c.all_labels]
    words = sorted({*labels, *(u.name for r in records for u in r.units)})
    out: dict = {"plans": syn.plans, "tasks": len(records), "parse_failures": syn.failed,
                 "corpus_seconds": round(syn.seconds, 2)}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "index"
        start = time.perf_counter()
        manifest = build_index(records, folder, words)
        out["build_index_s"] = round(time.perf_counter() - start, 2)
        out["vocabulary"] = manifest["lexical"]["vocabulary"]
        start = time.perf_counter()
        index = open_index(folder)
        out["open_index_s"] = round(time.perf_counter() - start, 3)
        tokens = _index_tokens(index)
        start = time.perf_counter()
        build_bm25(tokens, Path(tmp) / "bm25-again")
        out["bm25s_from_tokens_s"] = round(time.perf_counter() - start, 2)
        start = time.perf_counter()
        okapi = BM25Okapi(tokens, k1=1.2, b=0.75)
        out["rank_bm25_build_s"] = round(time.perf_counter() - start, 2)
        console.print(f"index built in {out['build_index_s']} s (bm25s from tokens {out['bm25s_from_tokens_s']} s, "
                      f"rank_bm25 {out['rank_bm25_build_s']} s)")

        queries = _queries(records, labels, n_queries, random.Random(seed))
        analyzer, lex = index.analyzer, index.lexical
        analyzer.query_tokens("预热")  # loads the index vocabulary as the query dictionary
        query_tokens = [analyzer.query_tokens(q) for q in queries]
        full, scoring = [], []
        for q in queries:
            start = time.perf_counter()
            top_k(lex.scores(analyzer.query_tokens(q)), 10)
            full.append(time.perf_counter() - start)
        for toks in query_tokens:
            start = time.perf_counter()
            top_k(lex.scores(toks), 10)
            scoring.append(time.perf_counter() - start)
        matcher = Thesaurus(concepts)
        hybrid = []
        for q in queries:
            start = time.perf_counter()
            search(index, q, None, 10, matcher)
            hybrid.append(time.perf_counter() - start)
        theirs, agree = [], 0
        for toks in query_tokens[:n_rank]:
            start = time.perf_counter()
            scores = okapi.get_scores(toks)
            best = np.argpartition(-scores, 9)[:10]
            _ordered = best[np.argsort(-scores[best])]
            theirs.append(time.perf_counter() - start)
            ours_top = top_k(lex.scores(toks), 1)
            agree += bool(ours_top) and bool(np.isclose(scores[ours_top[0][0]], scores.max()))
        ratios = [t / o for t, o in zip(theirs, scoring[:n_rank], strict=True)]
    out["queries"] = n_queries
    out["mean_query_tokens"] = round(float(np.mean([len(t) for t in query_tokens])), 2)
    out["ours_analyze_score_top10"] = _ms(full)
    out["ours_score_top10"] = _ms(scoring)
    out["ours_hybrid_search"] = _ms(hybrid)
    out["rank_bm25_score_top10"] = _ms(theirs)
    out["ratio_rank_bm25_over_ours"] = {
        "median_per_query": round(statistics.median(ratios), 1),
        "min_per_query": round(min(ratios), 1),
        "mean_time_ratio": round(float(np.mean(theirs) / np.mean(scoring[:n_rank])), 1),
        "queries": n_rank,
    }
    out["rank_bm25_top1_agreement"] = f"{agree}/{n_rank}"
    return out


def _index_tokens(index) -> list[list[str]]:
    """Every row's tokens as the index holds them (the same tokens rank_bm25 is given)."""
    out = []
    for seg in index.segments:
        for row in range(len(seg)):
            toks = [t for t, c in seg.bag(row) for _ in range(c)]
            out.append([] if toks == ["\u2205"] else toks)
    return out


def _copies(records: list[TaskRecord], times: int) -> list[TaskRecord]:
    """`times` copies of every plan under other plan ids (the same texts: their tokens come from the cache)."""
    out = []
    for k in range(times):
        for r in records:
            out.append(r if k == 0 else replace(r, doc=f"copy{k}/{r.doc}", id=f"copy{k}/{r.id}"))
    return out


_COLD_ASK = [sys.executable, "-c", "import jieba; jieba.initialize()"]


def _ours_vs_rank_bm25(index, query_tokens: list[list[str]], tokens: list[list[str]], n_rank: int,
                       factor: float) -> dict:
    """BM25 top-10 of our index against rank_bm25's BM25Okapi over `tokens`, a sample of the index's
    rows: rank_bm25 scores every document in Python, so its times are scaled by `factor` (linear in N)."""
    from rank_bm25 import BM25Okapi

    from zwgk.search.lexical import top_k

    ours = []
    for toks in query_tokens:
        start = time.perf_counter()
        top_k(index.lexical.scores(toks), 10)
        ours.append(time.perf_counter() - start)
    okapi = BM25Okapi(tokens, k1=1.2, b=0.75)
    theirs = []
    for toks in query_tokens[:n_rank]:
        start = time.perf_counter()
        scores = okapi.get_scores(toks)
        np.argpartition(-scores, 9)[:10]
        theirs.append(time.perf_counter() - start)
    scaled = [t * factor for t in theirs]
    ratios = [t / o for t, o in zip(scaled, ours[:n_rank], strict=True)]
    return {"ours_score_top10": _ms(ours), "rank_bm25_sample_score_top10": _ms(theirs),
            "rank_bm25_scaled_p50_ms": round(float(np.percentile(np.array(scaled) * 1000, 50)), 1),
            "ratio_scaled_rank_bm25_over_ours": {"median_per_query": round(statistics.median(ratios), 1),
                                                 "min_per_query": round(min(ratios), 1), "queries": n_rank}}


def at_scale(min_tasks: int, times: int, n_queries: int, n_rank: int, seed: int, console: Console) -> dict:
    """BM25, cold ask and a one-plan delta at `min_tasks` × `times` tasks, rank_bm25 on the `min_tasks` sample.

    The big index holds `times` copies of a parsed synthetic corpus under other plan ids: every
    posting list is `times` times longer, as at that size; the texts repeat, so jieba runs once.
    """
    from zwgk.search.index import PlanChange, apply_changes, build_index, open_index
    from zwgk.search.service import _concepts, _write_concepts

    syn = synthetic(min_tasks, as_records, seed)
    sample = [r for plan in syn.items for r in plan]
    concepts = _concepts()
    labels = [label for c in concepts for label in c.all_labels]
    out: dict = {"sample_tasks": len(sample), "copies": times, "corpus_seconds": round(syn.seconds, 1)}
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        folder = store / "index"
        start = time.perf_counter()
        build_index(sample, folder, labels)
        out["build_sample_s"] = round(time.perf_counter() - start, 1)
        tokens = _index_tokens(open_index(folder))
        records = _copies(sample, times)
        del syn
        start = time.perf_counter()
        manifest = build_index(records, folder, labels)
        out["build_scaled_s"] = round(time.perf_counter() - start, 1)
        out["tasks"] = manifest["count"]
        out["index_bytes"] = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        _write_concepts(folder, concepts)
        console.print(f"index of {manifest['count']:,} tasks built in {out['build_scaled_s']} s "
                      f"({out['index_bytes'] / 1e6:.0f} MB)")
        start = time.perf_counter()
        index = open_index(folder)
        out["open_index_s"] = round(time.perf_counter() - start, 4)
        queries = _queries(sample, labels, n_queries, random.Random(seed))
        query_tokens = [index.analyzer.query_tokens(q) for q in queries]
        out.update(_ours_vs_rank_bm25(index, query_tokens, tokens, n_rank, times))
        out["rank_bm25_scaled_ms_p50"] = out.pop("rank_bm25_scaled_p50_ms")  # the key this run always wrote
        # One plan added, replaced, removed: a delta generation each, timed.
        plan = [replace(r, doc="delta/new-plan.txt", id=f"delta/{r.id}") for r in sample if r.doc == sample[0].doc]
        delta = {}
        for label, change in (("add", PlanChange("delta/new-plan.txt", "v1", plan)),
                              ("replace", PlanChange("delta/new-plan.txt", "v2", plan[:-1])),
                              ("remove", PlanChange("delta/new-plan.txt", None))):
            start = time.perf_counter()
            apply_changes(folder, [change], labels)
            delta[label] = round(time.perf_counter() - start, 2)
        out["one_plan_delta_s"] = delta
        out["one_plan_tasks"] = len(plan)
        console.print(f"one plan ({len(plan)} tasks) into {manifest['count']:,}: {delta}")
        # Cold ask on that index as a new process, against the jieba dictionary load, alternating.
        env = _env(Path(tmp))
        zwgk = str(Path(sys.executable).parent / "zwgk")
        ask, floor = [], []
        for _ in range(5):
            start = time.perf_counter()
            run = subprocess.run([zwgk, "ask", QUESTION, "--store", str(store)], env=env, capture_output=True, text=True)
            ask.append(time.perf_counter() - start)
            assert run.returncode == 0, run.stderr
            start = time.perf_counter()
            subprocess.run(_COLD_ASK, env=env, check=True, capture_output=True)
            floor.append(time.perf_counter() - start)
        out["cold_ask_s"] = [round(x, 3) for x in ask]
        out["jieba_floor_s"] = [round(x, 3) for x in floor]
        out["cold_ask_over_floor"] = round(statistics.median(ask) / statistics.median(floor), 2)
        console.print(f"cold ask {statistics.median(ask):.2f} s vs jieba.initialize() {statistics.median(floor):.2f} s")
    return out


def on_store(store: Path, sample_rows: int, n_queries: int, n_rank: int, seed: int, console: Console) -> dict:
    """BM25 and cold commands on an index already built (e.g. kept from --scale): rank_bm25 on its first rows."""
    from zwgk.search.index import open_index
    from zwgk.search.service import _saved_concepts

    folder = store / "index"
    start = time.perf_counter()
    index = open_index(folder)
    out: dict = {"tasks": index.manifest["count"], "open_index_s": round(time.perf_counter() - start, 4)}
    seg = index.segments[0]
    sample = [index.records[i] for i in range(min(sample_rows, len(seg)))]
    tokens = []
    for row in range(len(sample)):
        toks = [t for t, c in seg.bag(row) for _ in range(c)]
        tokens.append([] if toks == ["\u2205"] else toks)
    labels = [label for c in _saved_concepts(folder) for label in c.all_labels]
    queries = _queries(sample, labels, n_queries, random.Random(seed))
    query_tokens = [index.analyzer.query_tokens(q) for q in queries]
    factor = out["tasks"] / len(sample)
    out.update(sample_tasks=len(sample), scale_factor=round(factor, 2),
               **_ours_vs_rank_bm25(index, query_tokens, tokens, n_rank, factor))
    console.print(f"BM25 top-10 p50 {out['ours_score_top10']['p50_ms']} ms over {out['tasks']:,} tasks; rank_bm25 "
                  f"{out['rank_bm25_scaled_p50_ms']} ms scaled from {len(sample):,}; median ratio "
                  f"{out['ratio_scaled_rank_bm25_over_ours']['median_per_query']}×")
    env = _env(store.parent)
    zwgk = str(Path(sys.executable).parent / "zwgk")
    for name, args in (("search", ["search", "依申请公开"]), ("ask", ["ask", "泗县 谁负责依申请公开"])):
        walls, floor = [], []
        for _ in range(3):
            start = time.perf_counter()
            run = subprocess.run([zwgk, *args, "--store", str(store)], env=env, capture_output=True, text=True)
            walls.append(time.perf_counter() - start)
            assert run.returncode == 0, run.stderr
            start = time.perf_counter()
            subprocess.run(_COLD_ASK, env=env, check=True, capture_output=True)
            floor.append(time.perf_counter() - start)
        out[f"cold_{name}_s"] = [round(x, 2) for x in walls]
        out[f"jieba_floor_for_{name}_s"] = [round(x, 2) for x in floor]
        out[f"cold_{name}_over_floor"] = round(statistics.median(walls) / statistics.median(floor), 2)
        console.print(f"cold `zwgk {' '.join(args)}` {statistics.median(walls):.2f} s vs jieba.initialize() "
                      f"{statistics.median(floor):.2f} s")
    return out


def dense(n: int = 100_000, dims: int = 384, n_queries: int = 200, seed: int = 0) -> dict:
    from zwgk.search.vectors import VectorIndex

    rng = np.random.default_rng(seed)
    vectors = rng.standard_normal((n, dims)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    # Each query is a stored vector moved by noise of norm ~0.3 (a paraphrase of one task), so "the
    # vector it came from" is a planted answer; the rest of a random top 10 is near-ties, IVF's worst case.
    picks = rng.integers(0, n, n_queries)
    queries = vectors[picks] + (0.3 / np.sqrt(dims)) * rng.standard_normal((n_queries, dims)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    ids = np.arange(n, dtype=np.int64)
    out: dict = {"vectors": n, "dims": dims, "queries": n_queries}
    answers: dict[str, list[set[int]]] = {}
    for kind in ("flat", "ivf"):
        start = time.perf_counter()
        index = VectorIndex.build(vectors, ids, kind)
        build = time.perf_counter() - start
        times, found = [], []
        for q in queries:
            start = time.perf_counter()
            hits = index.search(q, 10)
            times.append(time.perf_counter() - start)
            found.append({i for i, _ in hits})
        answers[kind] = found
        out[kind] = {"build_s": round(build, 3), **_ms(times),
                     "planted_found": round(float(np.mean([int(p) in f for p, f in zip(picks, found, strict=True)])), 4)}
        if kind == "ivf":
            out[kind].update(nlist=int(index.index.nlist), nprobe=int(index.index.nprobe))
    out["ivf"]["recall_at_10"] = round(float(np.mean([len(a & b) / 10 for a, b in
                                                       zip(answers["ivf"], answers["flat"], strict=True)])), 4)
    return out



def _render(result: dict, console: Console) -> None:
    ask = result["cold_ask"]
    inner = ask["in_process_median_s"]
    table = Table(title=f"cold `zwgk ask {QUESTION}` on the samples (median of {ask['runs']})")
    for name in ("measure", "seconds"):
        table.add_column(name, justify="right" if name == "seconds" else "left")
    table.add_row("CLI wall time (new process)", f"{ask['cli_wall_median_s']:.3f}")
    table.add_row("  of which python start-up", f"{ask['python_startup_median_s']:.3f}")
    table.add_row("time to first answer in-process", f"{inner['time_to_first_answer']:.3f}")
    for key in ("import", "open", "first_answer", "warm_answer"):
        table.add_row(f"  {key.replace('_', ' ')}", f"{inner[key]:.3f}")
    console.print(table)

    lex = result["lexical"]
    table = Table(title=f"BM25 over {lex['tasks']:,} tasks · {lex['queries']} queries "
                        f"(rank_bm25 on {lex['ratio_rank_bm25_over_ours']['queries']})")
    for name in ("scorer", "p50 ms", "p95 ms", "queries/s"):
        table.add_column(name, justify="left" if name == "scorer" else "right")
    for label, key in (("zwgk: analyze + score + top 10", "ours_analyze_score_top10"),
                       ("zwgk: score + top 10", "ours_score_top10"),
                       ("zwgk: hybrid search (lexical + concepts, fused)", "ours_hybrid_search"),
                       ("rank_bm25 BM25Okapi: score + top 10", "rank_bm25_score_top10")):
        s = lex[key]
        table.add_row(label, f"{s['p50_ms']:.2f}", f"{s['p95_ms']:.2f}", f"{s['qps']:,.1f}")
    console.print(table)
    r = lex["ratio_rank_bm25_over_ours"]
    console.print(f"rank_bm25 / zwgk per query: median {r['median_per_query']}×, min {r['min_per_query']}×, "
                  f"ratio of means {r['mean_time_ratio']}× · top-1 agreement {lex['rank_bm25_top1_agreement']} · "
                  f"build_index {lex['build_index_s']} s (bm25s from tokens {lex['bm25s_from_tokens_s']} s, "
                  f"rank_bm25 {lex['rank_bm25_build_s']} s) · open {lex['open_index_s']} s")

    d = result["dense"]
    table = Table(title=f"FAISS · {d['vectors']:,} unit vectors × {d['dims']} dims · {d['queries']} queries, k=10")
    for name in ("index", "build s", "p50 ms", "p95 ms", "queries/s", "recall@10 vs flat", "planted hit"):
        table.add_column(name, justify="left" if name == "index" else "right")
    for kind in ("flat", "ivf"):
        s = d[kind]
        label = kind if kind == "flat" else f"ivf (nlist {s['nlist']}, nprobe {s['nprobe']})"
        table.add_row(label, f"{s['build_s']:.2f}", f"{s['p50_ms']:.2f}", f"{s['p95_ms']:.2f}", f"{s['qps']:,.0f}",
                      f"{s.get('recall_at_10', 1.0):.3f}", f"{s['planted_found']:.3f}")
    console.print(table)


def main() -> None:
    ap = argparse.ArgumentParser(description="Search speed: cold ask, BM25 vs rank_bm25, FAISS flat vs IVF.")
    ap.add_argument("--tasks", type=int, default=100_000, help="synthetic tasks to index (default 100000)")
    ap.add_argument("--queries", type=int, default=500, help="queries timed on zwgk (default 500)")
    ap.add_argument("--rank-bm25-queries", type=int, default=20, help="of which rank_bm25 runs (default 20)")
    ap.add_argument("--seed", type=int, default=0, help="corpus and query seed (default 0)")
    ap.add_argument("--out", type=Path, default=HERE / "out" / "search.json", help="where to write the JSON record")
    ap.add_argument("--scale", type=int, default=0,
                    help="also index --tasks × SCALE tasks (copies of the corpus) for BM25, cold ask and a one-plan "
                         "delta at that size (e.g. --tasks 100000 --scale 10 for 1M); 0: skip")
    ap.add_argument("--only-scale", action="store_true", help="run only the --scale part")
    ap.add_argument("--store", type=Path, help="measure BM25 and cold search/ask on this existing store's index "
                                                 "instead (rank_bm25 on its first --tasks rows, scaled); nothing else")
    args = ap.parse_args()
    if args.store:
        console = Console(width=120)
        result = {"benchmark": "search-on-store",
                  "on_store": on_store(args.store, args.tasks, args.queries, args.rank_bm25_queries, args.seed, console),
                  "commit": git_commit()}
        save_result(result, args.out, console)
        return
    console = Console()
    console = Console(width=max(console.width, 120))
    result = {"benchmark": "search", "seed": args.seed}
    if args.scale:
        console.print(f"scale: {args.tasks:,} × {args.scale} …")
        result["scale"] = at_scale(args.tasks, args.scale, args.queries, args.rank_bm25_queries, args.seed, console)
        console.print_json(data=result["scale"])
    if not args.only_scale:
        console.print("cold ask …")
        result["cold_ask"] = cold_ask()
        console.print(f"lexical at ≥ {args.tasks:,} tasks …")
        result["lexical"] = lexical(args.tasks, args.queries, args.rank_bm25_queries, args.seed, console)
        console.print("dense …")
        result["dense"] = dense(seed=args.seed)
    result.update(python=platform.python_version(), machine=platform.machine(), cpus=os.cpu_count(),
                  commit=git_commit())
    if not args.only_scale:
        _render(result, console)
    save_result(result, args.out, console)


if __name__ == "__main__":
    main()
