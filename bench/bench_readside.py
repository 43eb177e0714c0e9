#!/usr/bin/env python3
"""The read side of an existing store: example queries, compare/coverage, cold ask, group-by vs rdflib.

Usage: python bench/bench_readside.py --store DIR [--queries-from DIR] [--oxigraph-order] [--runs 3] [--cold 5]
                                      [--cold-queries 3]
                                      [--validate] [--diffusion] [--rdflib] [--optimize-copy DIR] [--out bench/out/readside.json]

Measured on a store built by `zwgk ingest` (bench_ingest.py --keep leaves one):

- every query in examples/queries (or --queries-from, e.g. an older checkout's
  folder, to put two versions side by side in one run): wall and CPU seconds
  of the median run, rows. Oxigraph evaluates a query in the calling thread,
  so CPU seconds move less with the machine's load than wall seconds;
- with --cold-queries N: every query as a user runs it, `zwgk sparql @FILE --format csv` in a new process
  each time (start-up, store opening and the CSV written included), N runs per query, the folders'
  versions of a query alternated; median and slowest run, rows. The goal: each within 2 s;
- `zwgk compare 依申请公开 --json` and `zwgk coverage --json` end to end, and `zwgk ask` of the
  mission's staff questions over the whole store (QUESTIONS);
- cold `zwgk ask` and `zwgk search` against the jieba dictionary floor
  (`python -c "import jieba; jieba.initialize()"`), run alternately so each
  pair sees the same load; the ratio of medians;
- with --validate: `zwgk validate` once, wall seconds and the peak memory of its process tree (it
  checks plan graphs a batch at a time in worker processes);
- with --diffusion: `zwgk diffusion --json` over the whole store once, the same way (its JSON goes
  to a temporary file; its size is recorded);
- with --rdflib: group-bys over all tasks (GROUP_BY: counts on one pattern
  per task, and counts that join each task to labels, roles or regions) on
  the store and on rdflib's in-memory Dataset loaded with the same quads, in
  the same run.
  --optimize-copy copies the store there, runs Oxigraph's optimize() on the
  copy and times the group-by on it too (the kept store is not changed).

The load average is recorded before and after each part. Nothing is asserted.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from corpus import git_commit, rdflib_dataset, save_result
from rich.console import Console

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ZWGK = [str(Path(sys.executable).with_name("zwgk"))]
#: Commands are timed as a user's machine runs them: Python writes and reuses the bytecode of zwgk's modules,
#: as it does jieba's (compiled by pip at install). With PYTHONDONTWRITEBYTECODE=1 (set on some machines)
#: zwgk's modules, installed editable from the checkout, are compiled from source at every start: cold
#: `ask` at a million tasks 0.48 s against 0.43 s with bytecode (session 27).
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
       "ZWGK_MODEL": "/nonexistent/zwgk-bench-model", "ZWGK_ALLOW_DOWNLOAD": ""}
FLOOR = [sys.executable, "-c", "import jieba; jieba.setLogLevel(60); jieba.initialize()"]

GROUP_BY = {
    # the shortcut property zwgk:leadUnit (what bench_ingest.py measures)
    "lead_unit_shortcut": """
SELECT ?unit ?agency (COUNT(?task) AS ?tasks) WHERE {
  ?task zwgk:leadUnit ?u . ?u skos:prefLabel ?unit ; org:unitOf/skos:prefLabel ?agency .
} GROUP BY ?unit ?agency ORDER BY DESC(?tasks) ?unit ?agency""",
    # the same count through the n-ary responsibility, as a user reading the ontology may write it
    "lead_unit_responsibility": """
SELECT ?unit ?agency (COUNT(DISTINCT ?task) AS ?tasks) WHERE {
  ?task zwgk:responsibility ?r . ?r zwgk:role role:lead ; zwgk:unit ?u .
  ?u skos:prefLabel ?unit ; org:unitOf/skos:prefLabel ?agency .
} GROUP BY ?unit ?agency ORDER BY DESC(?tasks) ?unit ?agency""",
    # tasks per region: every task, one join chain up to the region's label
    "tasks_per_region": """
SELECT ?region (COUNT(?task) AS ?tasks) WHERE {
  ?task dcterms:isPartOf ?plan ; zwgk:requirement ?text . ?plan zwgk:region/skos:prefLabel ?region .
} GROUP BY ?region ORDER BY DESC(?tasks) ?region""",
    # one pattern per task, grouped, labelled after: tasks per topic
    "tasks_per_topic": """
SELECT ?label ?tasks WHERE {
  { SELECT ?topic (COUNT(?task) AS ?tasks) WHERE { ?task zwgk:topic ?topic } GROUP BY ?topic }
  ?topic skos:prefLabel ?label FILTER(lang(?label) = "zh")
} ORDER BY DESC(?tasks) ?label""",
    # lead tasks per unit, counted on the shortcut alone (units as IRIs)
    "lead_unit_count": """
SELECT ?u (COUNT(?task) AS ?tasks) WHERE { ?task zwgk:leadUnit ?u } GROUP BY ?u""",
    # tasks per region, counted per plan first and summed per region after
    "tasks_per_region_count_first": """
SELECT ?region (SUM(?n) AS ?tasks) WHERE {
  { SELECT ?plan (COUNT(?task) AS ?n) WHERE { ?task a zwgk:Task ; dcterms:isPartOf ?plan } GROUP BY ?plan }
  ?plan zwgk:region/skos:prefLabel ?region .
} GROUP BY ?region ORDER BY DESC(?tasks) ?region""",
    # the same count starting from the plans (README: queries that stay fast as the store grows)
    "tasks_per_region_plans_first": """
SELECT ?region (COUNT(?task) AS ?tasks) WHERE {
  ?plan a zwgk:Plan ; zwgk:region/skos:prefLabel ?region . ?task dcterms:isPartOf ?plan ; zwgk:requirement ?text .
} GROUP BY ?region ORDER BY DESC(?tasks) ?region""",
}


def load() -> float:
    return round(os.getloadavg()[0], 2)


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, cwd=ROOT, check=False)
    return time.perf_counter() - start


def run_queries(store_dir: Path, folder: Path, runs: int, oxigraph_order: bool = False) -> dict:
    """Each query as `zwgk sparql` and the endpoint run it (graph.sparql.evaluate: prefixes bound, the final
    ORDER BY done on decoded terms), its rows iterated. With `oxigraph_order` each run is followed by one
    of the query handed to Oxigraph as written (Oxigraph sorts), recorded under "oxigraph_order"."""
    from zwgk.graph.namespace import sparql_prefixes
    from zwgk.graph.sparql import evaluate
    from zwgk.graph.store import open_store

    out: dict = {"folder": str(folder), "load_before": load()}
    store = open_store(store_dir, read_only=True)
    ways = {"zwgk": lambda q: evaluate(store, q)}
    if oxigraph_order:
        ways["oxigraph_order"] = lambda q: store.raw_query(sparql_prefixes() + q)
    try:
        for path in sorted(folder.glob("*.rq")):
            query = path.read_text(encoding="utf-8")
            wall: dict[str, list[float]] = {name: [] for name in ways}
            cpu: dict[str, list[float]] = {name: [] for name in ways}
            rows = 0
            for _ in range(runs):
                for name, run in ways.items():  # alternated, so both see the same load
                    w, c = time.perf_counter(), time.process_time()
                    rows = sum(1 for _ in run(query))
                    wall[name].append(time.perf_counter() - w)
                    cpu[name].append(time.process_time() - c)
                if max(times[-1] for times in wall.values()) > 60:
                    break
            out[path.stem] = {"wall_s": round(statistics.median(wall["zwgk"]), 3),
                              "cpu_s": round(statistics.median(cpu["zwgk"]), 3), "rows": rows}
            if oxigraph_order:
                out[path.stem]["oxigraph_order"] = {"wall_s": round(statistics.median(wall["oxigraph_order"]), 3),
                                                    "cpu_s": round(statistics.median(cpu["oxigraph_order"]), 3)}
    finally:
        store.close()
    out["load_after"] = load()
    return out


def cold_queries(store_dir: Path, folders: list[Path], runs: int) -> dict:
    """Each query of each folder as `zwgk sparql @FILE --format csv` in a fresh process, `runs` times,
    the folders' versions of one query alternated so they see the same load."""
    import tempfile

    out: dict = {"load_before": load()}
    names = sorted({p.name for folder in folders for p in folder.glob("*.rq")})
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            paths = [folder / name for folder in folders if (folder / name).is_file()]
            times: dict[Path, list[float]] = {p: [] for p in paths}
            rows: dict[Path, int] = {}
            for _ in range(runs):
                for path in paths:
                    answer = Path(tmp) / "answer.csv"
                    start = time.perf_counter()
                    with answer.open("wb") as sink:
                        subprocess.run([*ZWGK, "sparql", f"@{path}", "--format", "csv", "--store", str(store_dir)],
                                       stdout=sink, stderr=subprocess.DEVNULL, env=ENV, cwd=ROOT, check=False)
                    times[path].append(time.perf_counter() - start)
                    rows[path] = max(0, answer.read_bytes().count(b"\n") - 1)
            for path, t in times.items():
                out.setdefault(str(path.parent), {})[path.stem] = {
                    "median_s": round(statistics.median(t), 2), "max_s": round(max(t), 2), "rows": rows[path]}
    out["load_after"] = load()
    return out


#: The mission's staff questions, asked of the whole store (no region named): at a million tasks each
#: answer holds thousands to hundreds of thousands of tasks, so they measure the answer's assembly too.
QUESTIONS = ("谁负责依申请公开？", "计财科负责什么", "11月底前要完成哪些任务", "哪些方案依据了皖政务办〔2022〕4号")


def analyses(store_dir: Path, runs: int) -> dict:
    out: dict = {"load_before": load()}
    for name, cmd in (("compare", ["compare", "依申请公开", "--json"]), ("coverage", ["coverage", "--json"]),
                      *((f"ask {q}", ["ask", q]) for q in QUESTIONS)):
        times = [timed([*ZWGK, *cmd, "--store", str(store_dir)]) for _ in range(runs)]
        out[name] = {"median_s": round(statistics.median(times), 2), "runs": [round(t, 2) for t in times]}
    out["load_after"] = load()
    return out


def cold(store_dir: Path, runs: int) -> dict:
    """Alternating runs: floor, ask, search, floor, ask, search, …"""
    cmds = {"floor": FLOOR,
            "ask": [*ZWGK, "ask", "泗县 谁负责依申请公开", "--store", str(store_dir)],
            "search": [*ZWGK, "search", "依申请公开", "--store", str(store_dir)]}
    for cmd in cmds.values():  # warm the page cache once, as a user's second command would find it
        timed(cmd)
    times: dict[str, list[float]] = {k: [] for k in cmds}
    loads = [load()]
    for _ in range(runs):
        for k, cmd in cmds.items():
            times[k].append(timed(cmd))
        loads.append(load())
    med = {k: statistics.median(v) for k, v in times.items()}
    return {"runs": {k: [round(t, 2) for t in v] for k, v in times.items()},
            "median_s": {k: round(v, 2) for k, v in med.items()},
            "ask_over_floor": round(med["ask"] / med["floor"], 2),
            "search_over_floor": round(med["search"] / med["floor"], 2), "loads": loads}


def once(store_dir: Path, *command: str) -> dict:
    """One zwgk command once, end to end, with the peak of its process tree's memory (workers included)."""
    import tempfile

    from bench_ingest import TreeMemory

    start, loads = time.perf_counter(), [load()]
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen([*ZWGK, *command, "--store", str(store_dir)], stdout=out, stderr=subprocess.PIPE,
                                text=True, env=ENV, cwd=ROOT)
        memory = TreeMemory(proc.pid)
        _, err = proc.communicate()
        wall, peak = time.perf_counter() - start, memory.stop()
        size = out.tell()
        out.seek(0)
        first = out.read(200).decode("utf-8", "replace").strip().splitlines()
    return {"command": " ".join(command), "wall_s": round(wall, 1), "peak_tree_mb": round(peak / 1e6),
            "exit": proc.returncode, "stdout_bytes": size, "verdict": (first or [""])[0][:200],
            "stderr_tail": err.strip()[-200:], "loads": [*loads, load()]}


def group_by(store_dir: Path, optimize_copy: Path | None, runs: int) -> dict:
    from zwgk.graph.namespace import sparql_prefixes
    from zwgk.graph.store import open_store

    def oxigraph(path: Path) -> dict:
        store = open_store(path, read_only=True)
        try:
            res = {}
            for name, q in GROUP_BY.items():
                times, rows = [], 0
                for _ in range(runs):
                    start = time.perf_counter()
                    rows = len(store.select(sparql_prefixes() + q)[1])
                    times.append(time.perf_counter() - start)
                res[name] = {"seconds": round(statistics.median(times), 3), "rows": rows}
            return res
        finally:
            store.close()

    out: dict = {"load_before": load(), "oxigraph": oxigraph(store_dir)}
    if optimize_copy is not None:
        import pyoxigraph

        shutil.rmtree(optimize_copy, ignore_errors=True)
        shutil.copytree(store_dir, optimize_copy)
        start = time.perf_counter()
        ox = pyoxigraph.Store(str(optimize_copy / "graph"))
        ox.optimize()
        ox.flush()
        del ox
        out["optimize_s"] = round(time.perf_counter() - start, 1)
        out["oxigraph_optimized"] = oxigraph(optimize_copy)
    ds, seconds = rdflib_dataset(store_dir)
    out["rdflib_load_s"] = round(seconds, 1)
    out["rdflib"] = {}
    for name, q in GROUP_BY.items():
        times, rows = [], 0
        for _ in range(runs):
            start = time.perf_counter()
            rows = len(list(ds.query(sparql_prefixes() + q)))
            times.append(time.perf_counter() - start)
        out["rdflib"][name] = {"seconds": round(statistics.median(times), 3), "rows": rows}
    out["ratio"] = {name: round(out["rdflib"][name]["seconds"] / max(out["oxigraph"][name]["seconds"], 1e-6), 1)
                    for name in GROUP_BY}
    if "oxigraph_optimized" in out:
        out["ratio_optimized"] = {
            name: round(out["rdflib"][name]["seconds"] / max(out["oxigraph_optimized"][name]["seconds"], 1e-6), 1)
            for name in GROUP_BY}
    out["load_after"] = load()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description="Read side of an existing store.")
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--queries-from", type=Path, action="append", default=None,
                    help="a folder of .rq files (repeat to compare versions; default examples/queries)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--cold", type=int, default=5, help="alternating cold runs of floor/ask/search (0: skip)")
    ap.add_argument("--skip-queries", action="store_true")
    ap.add_argument("--cold-queries", type=int, default=0, help="runs of each query in a new `zwgk sparql` process (0: skip)")
    ap.add_argument("--oxigraph-order", action="store_true",
                    help="also run each query as written through Oxigraph (its own ORDER BY), alternated with zwgk's")
    ap.add_argument("--skip-analyses", action="store_true")
    ap.add_argument("--validate", action="store_true", help="time `zwgk validate` once")
    ap.add_argument("--diffusion", action="store_true", help="time `zwgk diffusion --json` over the whole store once")
    ap.add_argument("--rdflib", action="store_true", help="group-by on Oxigraph vs rdflib (loads every quad)")
    ap.add_argument("--optimize-copy", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=HERE / "out" / "readside.json")
    args = ap.parse_args()
    console = Console(width=160)
    result: dict = {"benchmark": "readside", "store": str(args.store), "commit": git_commit(), "cpus": os.cpu_count()}
    if not args.skip_queries:
        result["queries"] = [run_queries(args.store, folder, args.runs, args.oxigraph_order)
                             for folder in (args.queries_from or [ROOT / "examples" / "queries"])]
        for q in result["queries"]:
            slow = sorted(((k, v) for k, v in q.items() if isinstance(v, dict)), key=lambda kv: -kv[1]["wall_s"])[:6]
            console.print(f"{q['folder']} (load {q['load_before']}→{q['load_after']}): " +
                          ", ".join(f"{k[:2]} {v['wall_s']} s ({v['cpu_s']} cpu)" for k, v in slow))
        save_result(result, args.out, console)
    if args.cold_queries:
        folders = args.queries_from or [ROOT / "examples" / "queries"]
        result["cold_queries"] = cold_queries(args.store, folders, args.cold_queries)
        for folder in folders:
            times = result["cold_queries"][str(folder)]
            within = sum(1 for v in times.values() if v["median_s"] <= 2)
            console.print(f"{folder}: {within} of {len(times)} within 2 s (cold medians): " +
                          ", ".join(f"{k[:2]} {v['median_s']}" for k, v in times.items()))
        save_result(result, args.out, console)
    if not args.skip_analyses:
        result["analyses"] = analyses(args.store, args.runs)
        console.print(f"analyses: {result['analyses']}")
        save_result(result, args.out, console)
    if args.cold:
        result["cold"] = cold(args.store, args.cold)
        console.print(f"cold: {result['cold']}")
        save_result(result, args.out, console)
    for name, wanted, command in (("validate", args.validate, ("validate",)),
                                  ("diffusion", args.diffusion, ("diffusion", "--json"))):
        if wanted:
            result[name] = once(args.store, *command)
            console.print(f"{name}: {result[name]}")
            save_result(result, args.out, console)
    if args.rdflib:
        result["group_by"] = group_by(args.store, args.optimize_copy, args.runs)
        console.print(f"group-by: {result['group_by']}")
    save_result(result, args.out, console)


if __name__ == "__main__":
    main()
