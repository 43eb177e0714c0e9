#!/usr/bin/env python3
"""Store speed: Oxigraph (zwgk's store, as `zwgk ingest` builds it) against rdflib's in-memory Dataset.

Usage: python bench/bench_store.py [--tasks 100000] [--rdflib-subset 20000] [--rdflib-budget 600]
                                   [--repeat 3] [--seed 0] [--jobs N] [--out bench/out/store.json]

A synthetic corpus of at least --tasks tasks (bench/corpus.py, the ingest
benchmark's: generated vocabulary, six layouts) is written to a temp folder
and stored through the real ingest path (`graph.pipeline.ingest_paths`: parser
workers, the bulk loader, one graph per plan, regions, agencies, units and
cited documents once each in their shared graphs, the ontology in its own).
The store is then dumped as N-Quads; rdflib's Dataset (default graph = the
union of all graphs, as in zwgk) parses the same N-Quads, and Oxigraph bulk-loads
them again into a fresh store, so "bulk load" compares the same bytes. Three
queries run on both (median of --repeat, first run included in the JSON),
in the union default graph as a SPARQL user writes them against today's layout
(no triple is in two graphs, so nothing needs DISTINCT): tasks per lead unit
(a group-by), the responsible chain task → unit → agency → region → province
for one topic, and one topic's tasks within one city (zwgk:within*). Row counts
must agree.

rdflib is first loaded with a store of the first plans (at least
--rdflib-subset tasks, ingested the same way); when that load extrapolates
past --rdflib-budget seconds for the whole corpus, rdflib stops there and
Oxigraph is also measured on that subset, so every ratio compares like with
like. Nothing is asserted on time; compare runs on one machine.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from bench_ingest import disk_mb, write_plans
from corpus import git_commit, save_result
from rich.console import Console
from rich.table import Table

from zwgk.graph.namespace import sparql_prefixes
from zwgk.graph.pipeline import ingest_paths
from zwgk.graph.store import MemoryStore, OxigraphStore, open_store

HERE = Path(__file__).resolve().parent
TOPIC, CITY = "依申请公开", "宿州市"
#: A query run slower than this is not repeated.
SLOW = 30.0

QUERIES = {
    "group-by: tasks per lead unit": """
SELECT ?unit ?agency (COUNT(?task) AS ?tasks) WHERE {
  ?task zwgk:leadUnit ?u . ?u skos:prefLabel ?unit ; org:unitOf ?a . ?a skos:prefLabel ?agency .
} GROUP BY ?unit ?agency ORDER BY DESC(?tasks) ?unit ?agency""",
    f"chain: {TOPIC} task → unit → agency → region → province": f"""
SELECT ?task ?unit ?agency ?region ?province WHERE {{
  ?topic skos:prefLabel "{TOPIC}"@zh .
  ?task zwgk:topic ?topic ; zwgk:leadUnit ?u .
  ?u skos:prefLabel ?unit ; org:unitOf ?a .
  ?a skos:prefLabel ?agency ; zwgk:region ?r .
  ?r skos:prefLabel ?region ; zwgk:within* ?p .
  ?p zwgk:adminLevel "province" ; skos:prefLabel ?province .
}}""",
    f"filter: {TOPIC} tasks within {CITY}": f"""
SELECT ?task ?requirement WHERE {{
  ?topic skos:prefLabel "{TOPIC}"@zh .
  ?city a zwgk:Region ; skos:prefLabel "{CITY}"@zh .
  ?task zwgk:topic ?topic ; dcterms:isPartOf ?plan ; zwgk:requirement ?requirement .
  ?plan zwgk:region/zwgk:within* ?city .
}}""",
}


def _queries(store, repeat: int) -> dict:
    out = {}
    for name, query in QUERIES.items():
        times, rows = [], 0
        for _ in range(repeat):
            start = time.perf_counter()
            _, result = store.select(sparql_prefixes() + query)
            times.append(time.perf_counter() - start)
            rows = len(result)
            if times[-1] > SLOW:
                break  # one run says enough
        out[name] = {"seconds": round(statistics.median(times), 4), "runs": [round(t, 4) for t in times], "rows": rows}
    return out


def _ingest(files: list[Path], store_dir: Path, jobs: int | None) -> tuple[float, bytes]:
    """The graph half of `zwgk ingest` over these files; (seconds, the store as N-Quads)."""
    start = time.perf_counter()
    report = ingest_paths(files, store_dir, jobs=jobs)
    seconds = time.perf_counter() - start
    if report.failed:
        raise SystemExit(f"{len(report.failed)} synthetic plans failed to parse, e.g. {report.failed[0]}")
    store = open_store(store_dir, read_only=True)
    try:
        return seconds, store.serialize("nq")
    finally:
        store.close()


def _oxigraph(store_dir: Path, nquads: bytes, repeat: int, tmp: Path) -> dict:
    """Queries on the ingested store; the bulk load timed again on a fresh store with the same N-Quads."""
    fresh = OxigraphStore(tmp)
    start = time.perf_counter()
    fresh.bulk_load_nquads(nquads)
    fresh.flush()
    load = time.perf_counter() - start
    fresh.close()
    store = open_store(store_dir, read_only=True)
    try:
        result = {"load_s": round(load, 2), "queries": _queries(store, repeat)}
    finally:
        store.close()
    result["disk_mb"] = disk_mb(store_dir / "graph")
    return result


def _rdflib(nquads: bytes) -> tuple[MemoryStore, float]:
    memory = MemoryStore()
    start = time.perf_counter()
    memory._ds.parse(data=nquads, format="nquads")  # noqa: SLF001 - the Dataset behind zwgk's rdflib store
    return memory, time.perf_counter() - start


def run(min_tasks: int, subset: int, budget: float, repeat: int, seed: int, jobs: int | None,
        console: Console) -> dict:
    with tempfile.TemporaryDirectory(prefix="zwgk-bench-store-") as tmp_name:
        tmp = Path(tmp_name)
        plans, tasks = write_plans(tmp / "corpus", min_tasks, seed, nested=False)
        files = sorted((tmp / "corpus").iterdir())
        seconds, nquads = _ingest(files, tmp / "full", jobs)
        quads = nquads.count(b"\n")
        console.print(f"corpus: {plans} plans, {tasks:,} tasks stored as {quads:,} quads by the ingest path "
                      f"in {seconds:.1f} s")
        out: dict = {"plans": plans, "tasks": tasks, "quads": quads, "ingest_graph_s": round(seconds, 2),
                     "repeat": repeat}
        out["oxigraph"] = _oxigraph(tmp / "full", nquads, repeat, tmp / "reload-full")
        console.print(f"oxigraph: {quads:,} quads bulk-loaded in {out['oxigraph']['load_s']} s")

        sub_plans, sub_tasks = plans, tasks
        if subset < tasks:
            sub_plans, sub_tasks = write_plans(tmp / "subset", subset, seed, nested=False)
        sub_files = sorted((tmp / "subset").iterdir()) if sub_plans < plans else files
        sub_nquads = _ingest(sub_files, tmp / "sub", jobs)[1] if sub_plans < plans else nquads
        memory, first = _rdflib(sub_nquads)
        projected = first * tasks / sub_tasks
        console.print(f"rdflib: {sub_tasks:,} tasks loaded in {first:.1f} s (whole corpus projected at {projected:.0f} s)")
        if sub_plans < plans and projected <= budget:
            del memory
            memory, load = _rdflib(nquads)
            out["rdflib"] = {"tasks": tasks, "load_s": round(load, 2), "queries": _queries(memory, repeat)}
            out["oxigraph_same_size"] = out["oxigraph"]
        elif sub_plans < plans:
            out["rdflib"] = {"tasks": sub_tasks, "load_s": round(first, 2), "projected_full_load_s": round(projected),
                             "queries": _queries(memory, repeat)}
            out["oxigraph_same_size"] = {"tasks": sub_tasks,
                                         **_oxigraph(tmp / "sub", sub_nquads, repeat, tmp / "reload-sub")}
        else:
            out["rdflib"] = {"tasks": tasks, "load_s": round(first, 2), "queries": _queries(memory, repeat)}
            out["oxigraph_same_size"] = out["oxigraph"]
    out["oxigraph"]["tasks"] = tasks
    out["oxigraph_same_size"].setdefault("tasks", tasks)
    ox, rd = out["oxigraph_same_size"], out["rdflib"]
    out["ratios_rdflib_over_oxigraph"] = {"load": round(rd["load_s"] / ox["load_s"], 1), **{
        name: round(rd["queries"][name]["seconds"] / max(ox["queries"][name]["seconds"], 1e-6), 1) for name in QUERIES}}
    out["rows_agree"] = all(rd["queries"][n]["rows"] == ox["queries"][n]["rows"] for n in QUERIES)
    return out


def _render(result: dict, console: Console) -> None:
    ox_full, ox, rd = result["oxigraph"], result["oxigraph_same_size"], result["rdflib"]
    same = ox is ox_full or ox["tasks"] == ox_full["tasks"]
    table = Table(title=f"Oxigraph vs rdflib (in-memory) · seconds, median of {result['repeat']}")
    table.add_column("", no_wrap=True)
    if not same:
        table.add_column(f"oxigraph {ox_full['tasks']:,} tasks", justify="right")
    table.add_column(f"oxigraph {ox['tasks']:,} tasks", justify="right")
    table.add_column(f"rdflib {rd['tasks']:,} tasks", justify="right")
    table.add_column("rdflib / oxigraph", justify="right")
    table.add_column("rows", justify="right")
    ratios = result["ratios_rdflib_over_oxigraph"]
    lead = [f"{ox_full['load_s']:.2f}"] if not same else []
    table.add_row("bulk load", *lead, f"{ox['load_s']:.2f}", f"{rd['load_s']:.2f}", f"{ratios['load']}×", "")
    for name in QUERIES:
        lead = [f"{ox_full['queries'][name]['seconds']:.3f}"] if not same else []
        rows = f"{ox['queries'][name]['rows']}" + ("" if ox["queries"][name]["rows"] == rd["queries"][name]["rows"]
                                                  else f" ≠ {rd['queries'][name]['rows']}")
        table.add_row(name, *lead, f"{ox['queries'][name]['seconds']:.3f}", f"{rd['queries'][name]['seconds']:.3f}",
                      f"{ratios[name]}×", rows)
    console.print(table)
    note = (f"{result['quads']:,} quads ({result['plans']} plan graphs + shared graphs); oxigraph on disk "
            f"{ox_full['disk_mb']} MB; the ingest path stored them in {result['ingest_graph_s']} s")
    if "projected_full_load_s" in rd:
        note += f"; rdflib ran on {rd['tasks']:,} tasks (its full load projected at {rd['projected_full_load_s']} s)"
    console.print(note)


def main() -> None:
    ap = argparse.ArgumentParser(description="Store speed: Oxigraph vs rdflib's in-memory Dataset.")
    ap.add_argument("--tasks", type=int, default=100_000, help="synthetic tasks to load (default 100000)")
    ap.add_argument("--rdflib-subset", type=int, default=20_000, help="tasks rdflib loads first (default 20000)")
    ap.add_argument("--rdflib-budget", type=float, default=600, help="projected rdflib load seconds above which it "
                                                                      "stays on the subset (default 600)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per query (default 3)")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    ap.add_argument("--jobs", type=int, default=None, help="parser processes of the ingest (default: all cores)")
    ap.add_argument("--out", type=Path, default=HERE / "out" / "store.json", help="where to write the JSON record")
    args = ap.parse_args()
    console = Console()
    console = Console(width=max(console.width, 120))
    result = {"benchmark": "store", "seed": args.seed,
              **run(args.tasks, args.rdflib_subset, args.rdflib_budget, args.repeat, args.seed, args.jobs, console),
              "python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
              "commit": git_commit()}
    _render(result, console)
    save_result(result, args.out, console)


if __name__ == "__main__":
    main()
