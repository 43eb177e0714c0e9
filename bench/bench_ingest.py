#!/usr/bin/env python3
"""End-to-end `zwgk ingest` on synthetic corpora, then the store at that size.

Usage: python bench/bench_ingest.py [--tasks 20000 100000 ...] [--jobs N] [--seed 0] [--flat]
                                    [--rdflib-tasks 20000] [--skip-analyses] [--out bench/out/ingest.json]

For each size: a corpus of at least that many tasks (bench/corpus.py: sample
and generated rows, six layouts including HTML tables, nested download
folders province/region/year/附件N unless --flat) is written to a temp
folder, and `zwgk ingest DIR --store S` runs as a user would run it, in a
subprocess. Measured:

- total wall time of the command, and the part the search index took (its
  own "search index: … (x s)" line);
- peak memory of the whole process tree (the parser and jieba workers
  included), sampled from /proc every 0.2 s as the sum of each process's
  PSS (proportional set size: a page forked workers share with their parent
  is counted once, not once per process as summed RSS would), and the main
  process's max RSS;
- store size on disk (graph and index), per 1,000 tasks;
- every query in examples/queries (cold first run and the median of 3);
- `zwgk compare 依申请公开` and `zwgk coverage` end to end;
- adding one more plan (a new file) to the store with `zwgk ingest FILE`,
  index update included;
- a group-by over all tasks (tasks per lead unit) on the store against
  rdflib's in-memory Dataset loaded with the same quads (rdflib only up to
  --rdflib-tasks; larger stores are compared at that size in the same run).

Nothing is asserted; the machine is shared, so compare numbers from one run.
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from corpus import git_commit, make_plans, rdflib_dataset, save_result, write_corpus
from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ZWGK = [str(Path(sys.executable).with_name("zwgk"))]  # the console script of this interpreter's environment
ENV = {**os.environ, "ZWGK_MODEL": "/nonexistent/zwgk-bench-model", "ZWGK_ALLOW_DOWNLOAD": ""}

GROUP_BY = """
SELECT ?unit ?agency (COUNT(?task) AS ?tasks) WHERE {
  ?task zwgk:leadUnit ?u . ?u skos:prefLabel ?unit ; org:unitOf/skos:prefLabel ?agency .
} GROUP BY ?unit ?agency ORDER BY DESC(?tasks) ?unit ?agency"""


class TreeMemory:
    """Peak memory (summed PSS) of a process and all its descendants, sampled from /proc.

    Once a second: reading smaps_rollup walks a process's page tables, and five times a second over a
    6 GB million-task ingest that cost 0.13-0.5 of a core of the run measured; once a second, 0.05-0.19.
    """

    def __init__(self, pid: int, every: float = 1.0):
        self.pid, self.every, self.peak = pid, every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat", "rb") as f:
                        ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
                except (OSError, ValueError, IndexError):
                    continue
                children.setdefault(ppid, []).append(int(entry))
        out, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            out.append(pid)
            todo += children.get(pid, [])
        return out

    def _rss(self, pid: int) -> int:
        """The process's PSS (shared pages split between their sharers); its RSS where smaps_rollup is missing."""
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        return int(line.split()[1]) * 1024
        except (OSError, ValueError, IndexError):
            pass
        try:
            with open(f"/proc/{pid}/statm") as f:
                return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            return 0

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(self._rss(p) for p in self._tree()))
            self._stop.wait(self.every)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def run_zwgk(*args: str | Path) -> dict:
    """One zwgk command, timed, with its tree's peak memory (and GNU time's max RSS when there)."""
    timev = ["/usr/bin/time", "-v"] if Path("/usr/bin/time").exists() else []
    start = time.perf_counter()
    proc = subprocess.Popen([*timev, *ZWGK, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=ENV, cwd=ROOT)
    memory = TreeMemory(proc.pid)
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    peak = memory.stop()
    maxrss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    return {"seconds": round(seconds, 2), "peak_tree_mb": round(peak / 1e6), "exit": proc.returncode,
            "main_maxrss_mb": round(int(maxrss.group(1)) / 1e3) if maxrss else None,
            "stdout": out, "stderr": "\n".join(line for line in err.splitlines() if line.startswith("zwgk:"))[:2000]}


def disk_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6, 1)


def write_plans(folder: Path, min_tasks: int, seed: int, nested: bool) -> tuple[int, int]:
    """At least min_tasks tasks in files under folder; (plans, tasks)."""
    n = max(5, min_tasks // 40)
    plans = make_plans(n, seed, vocab=True)
    while sum(p.rows for p in plans) < min_tasks:
        n = int(n * 1.1) + 1
        plans = make_plans(n, seed, vocab=True)
    counts = [p.rows for p in plans]
    k = next(i for i in range(1, len(counts) + 1) if sum(counts[:i]) >= min_tasks)
    write_corpus(folder, k, seed, nested=nested)
    return k, sum(counts[:k])


def example_queries(store: Path) -> dict:
    from zwgk.graph.namespace import sparql_prefixes
    from zwgk.graph.store import open_store

    out = {}
    s = open_store(store, read_only=True)
    try:
        for path in sorted((ROOT / "examples" / "queries").glob("*.rq")):
            query = sparql_prefixes() + path.read_text(encoding="utf-8")
            times, rows = [], 0
            for _ in range(3):
                start = time.perf_counter()
                rows = len(s.select(query)[1])
                times.append(time.perf_counter() - start)
                if times[-1] > 60:
                    break
            out[path.stem] = {"first_s": round(times[0], 3), "median_s": round(statistics.median(times), 3), "rows": rows}
    finally:
        s.close()
    return out


def group_by_oxigraph(store: Path) -> dict:
    from zwgk.graph.namespace import sparql_prefixes
    from zwgk.graph.store import open_store

    s = open_store(store, read_only=True)
    try:
        times, rows = [], 0
        for _ in range(3):
            start = time.perf_counter()
            rows = len(s.select(sparql_prefixes() + GROUP_BY)[1])
            times.append(time.perf_counter() - start)
        return {"seconds": round(statistics.median(times), 4), "rows": rows}
    finally:
        s.close()


def group_by_rdflib(store: Path) -> dict:
    """The same query on rdflib's in-memory Dataset (default graph = union, a set) loaded from the store's quads."""
    from zwgk.graph.namespace import sparql_prefixes

    ds, load = rdflib_dataset(store)
    times, rows = [], 0
    for _ in range(3):
        start = time.perf_counter()
        rows = len(list(ds.query(sparql_prefixes() + GROUP_BY)))
        times.append(time.perf_counter() - start)
        if times[-1] > 120:
            break
    return {"load_s": round(load, 1), "seconds": round(statistics.median(times), 4), "rows": rows}


def one_size(min_tasks: int, args: argparse.Namespace, console: Console, work: Path) -> dict:
    corpus, store = work / f"corpus-{min_tasks}", work / f"store-{min_tasks}"
    start = time.perf_counter()
    plans, tasks = write_plans(corpus, min_tasks, args.seed, not args.flat)
    console.print(f"[bold]{tasks:,} tasks[/] in {plans:,} plans written in {time.perf_counter() - start:.0f} s")
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    ingest = run_zwgk("ingest", corpus, "--store", store, *jobs)
    index = re.search(r"search index: .*\(([\d.]+) s\)", ingest["stdout"])
    summary = next((line for line in ingest["stdout"].splitlines() if " added, " in line), "")
    out = {"tasks": tasks, "plans": plans, "ingest": {k: v for k, v in ingest.items() if k != "stdout"},
           "ingest_summary": summary, "index_seconds": float(index.group(1)) if index else None,
           "store_graph_mb": disk_mb(store / "graph"), "store_index_mb": disk_mb(store / "index") if (store / "index").exists() else 0}
    out["store_mb_per_1k_tasks"] = round((out["store_graph_mb"] + out["store_index_mb"]) / tasks * 1000, 2)
    console.print(f"ingest: {ingest['seconds']} s (index {out['index_seconds']} s), peak {ingest['peak_tree_mb']} MB, "
                  f"store {out['store_graph_mb']} + {out['store_index_mb']} MB · {summary}")
    out["example_queries"] = example_queries(store)
    slowest = max(out["example_queries"].items(), key=lambda kv: kv[1]["median_s"])
    console.print(f"example queries: slowest {slowest[0]} {slowest[1]['median_s']} s")
    if not args.skip_analyses:
        for name, cmd in (("compare", ["compare", "依申请公开", "--json"]), ("coverage", ["coverage", "--json"])):
            r = run_zwgk(*cmd, "--store", store)
            out[name] = {"seconds": r["seconds"], "peak_tree_mb": r["peak_tree_mb"], "exit": r["exit"]}
            console.print(f"{name}: {r['seconds']} s")
    extra = work / f"extra-{min_tasks}"
    extra.mkdir()
    plan = make_plans(1, seed=args.seed + 1000, vocab=True)[0]
    new_file = extra / f"one-more-{plan.name}"
    new_file.write_text(plan.text, encoding="utf-8")
    add = run_zwgk("ingest", new_file, "--store", store)
    out["add_one_plan"] = {"tasks": plan.rows, "seconds": add["seconds"], "peak_tree_mb": add["peak_tree_mb"],
                           "summary": next((line for line in add["stdout"].splitlines() if " added, " in line), "")}
    console.print(f"add one plan ({plan.rows} tasks): {add['seconds']} s")
    out["group_by"] = {"oxigraph": group_by_oxigraph(store)}
    if tasks <= args.rdflib_tasks:
        out["group_by"]["rdflib"] = group_by_rdflib(store)
        ox, rd = out["group_by"]["oxigraph"], out["group_by"]["rdflib"]
        out["group_by"]["rdflib_over_oxigraph"] = round(rd["seconds"] / max(ox["seconds"], 1e-6), 1)
        console.print(f"group-by: oxigraph {ox['seconds']} s, rdflib {rd['seconds']} s "
                      f"({out['group_by']['rdflib_over_oxigraph']}×), rows {ox['rows']} / {rd['rows']}")
    if not args.keep:
        shutil.rmtree(corpus, ignore_errors=True)
        shutil.rmtree(store, ignore_errors=True)
    return out


def render(result: dict, console: Console) -> None:
    table = Table(title="zwgk ingest end to end (2 shared cores: numbers are pessimistic)")
    for col in ("tasks", "plans", "ingest s", "of which index s", "peak tree MB", "store MB / 1k tasks",
                "slowest example query s", "compare s", "coverage s", "add 1 plan s", "group-by ox s", "rdflib ×"):
        table.add_column(col, justify="right")
    for r in result["sizes"]:
        slow = max(q["median_s"] for q in r["example_queries"].values())
        table.add_row(f"{r['tasks']:,}", f"{r['plans']:,}", f"{r['ingest']['seconds']}", f"{r['index_seconds']}",
                      f"{r['ingest']['peak_tree_mb']}", f"{r['store_mb_per_1k_tasks']}", f"{slow}",
                      f"{r.get('compare', {}).get('seconds', '—')}", f"{r.get('coverage', {}).get('seconds', '—')}",
                      f"{r['add_one_plan']['seconds']}", f"{r['group_by']['oxigraph']['seconds']}",
                      f"{r['group_by'].get('rdflib_over_oxigraph', '—')}")
    console.print(table)


def main() -> None:
    ap = argparse.ArgumentParser(description="End-to-end zwgk ingest benchmark.")
    ap.add_argument("--tasks", type=int, nargs="+", default=[20_000, 100_000])
    ap.add_argument("--jobs", type=int, default=None, help="zwgk ingest --jobs (default: all cores)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--flat", action="store_true", help="one folder of synth-NNNNN files instead of download folders")
    ap.add_argument("--rdflib-tasks", type=int, default=25_000, help="largest store rdflib is loaded with")
    ap.add_argument("--skip-analyses", action="store_true", help="skip compare and coverage")
    ap.add_argument("--keep", action="store_true", help="keep corpora and stores (in --work)")
    ap.add_argument("--work", type=Path, default=None, help="folder for corpora and stores (default: a temp folder)")
    ap.add_argument("--out", type=Path, default=HERE / "out" / "ingest.json")
    args = ap.parse_args()
    console = Console(width=160)
    work = args.work or Path(tempfile.mkdtemp(prefix="zwgk-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    result = {"benchmark": "ingest", "seed": args.seed, "sizes": [], "python": platform.python_version(),
              "cpus": os.cpu_count(), "load_avg_at_start": os.getloadavg(), "commit": git_commit()}
    for n in args.tasks:
        result["sizes"].append(one_size(n, args, console, work))
        save_result(result, args.out, console)
    render(result, console)
    if args.work is None and not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
