#!/usr/bin/env python3
"""Store speed: Oxigraph (zwgk's store) against rdflib's in-memory Dataset at ≥ 100k tasks.

Usage: python bench/bench_store.py [--tasks 100000] [--rdflib-subset 20000] [--rdflib-budget 600]
                                   [--repeat 3] [--seed 0] [--out bench/out/store.json]

Synthetic plans (bench/corpus.py) are parsed and turned into N-Triples as
ingest does (graph.build.plan_triples → graph.pipeline.to_ntriples), one
named graph per plan, with the ontology in its own graph (the queries read
topic labels from it). Both stores bulk-load the same bytes plan by plan;
then three queries run on each (median of --repeat, first run included in
the JSON): tasks per lead unit (a group-by), the responsible chain task →
unit → agency → region → province for one topic, and one topic's tasks
within one city (a filter through zwgk:within*). Row counts must agree.

Every pattern sits in GRAPH ?g (a plan graph holds its own units, agency and
region chain) rather than in the union default graph: pyoxigraph 0.5's union
is a bag (oxigraph/oxigraph#1919, fixed upstream by #1920), so a region or
agency described in 500 plan graphs matches 500 times and every join
multiplies; at 100k tasks the chain query then does not finish. rdflib's
union is a set. GRAPH ?g gives both engines the same, exact question.

rdflib is loaded with the first --rdflib-subset tasks first; when that load
extrapolates past --rdflib-budget seconds for the whole corpus, rdflib stops
there and Oxigraph is also measured on that subset, so every ratio compares
like with like. Nothing is asserted on time; compare runs on one machine.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from corpus import git_commit, save_result
from rich.console import Console
from rich.table import Table
from synthetic import as_ntriples, synthetic

from zwgk.graph.namespace import ONTOLOGY_FILE, sparql_prefixes
from zwgk.graph.store import ONTOLOGY_GRAPH, MemoryStore, OxigraphStore

HERE = Path(__file__).resolve().parent
TOPIC, CITY = "依申请公开", "宿州市"
#: A query run slower than this is not repeated.
SLOW = 30.0

QUERIES = {
    "group-by: tasks per lead unit": """
SELECT ?unit ?agency (COUNT(DISTINCT ?task) AS ?tasks) WHERE {
  GRAPH ?g { ?task zwgk:leadUnit ?u . ?u skos:prefLabel ?unit ; org:unitOf ?a . ?a skos:prefLabel ?agency . }
} GROUP BY ?unit ?agency ORDER BY DESC(?tasks) ?unit ?agency""",
    f"chain: {TOPIC} task → unit → agency → region → province": f"""
SELECT ?task ?unit ?agency ?region ?province WHERE {{
  GRAPH <{ONTOLOGY_GRAPH}> {{ ?topic skos:prefLabel "{TOPIC}"@zh }}
  GRAPH ?g {{
    ?task zwgk:topic ?topic ; zwgk:leadUnit ?u .
    ?u skos:prefLabel ?unit ; org:unitOf ?a .
    ?a skos:prefLabel ?agency ; zwgk:region ?r .
    ?r skos:prefLabel ?region ; zwgk:within* ?p .
    ?p zwgk:adminLevel "province" ; skos:prefLabel ?province .
  }}
}}""",
    f"filter: {TOPIC} tasks within {CITY}": f"""
SELECT ?task ?requirement WHERE {{
  GRAPH <{ONTOLOGY_GRAPH}> {{ ?topic skos:prefLabel "{TOPIC}"@zh }}
  GRAPH ?g {{
    ?city a zwgk:Region ; skos:prefLabel "{CITY}"@zh .
    ?task zwgk:topic ?topic ; dcterms:isPartOf ?plan ; zwgk:requirement ?requirement .
    ?plan zwgk:region/zwgk:within* ?city .
  }}
}}""",
}


def _ontology_ntriples() -> bytes:
    from rdflib import Graph

    return Graph().parse(ONTOLOGY_FILE, format="turtle").serialize(format="nt", encoding="utf-8")


def _load(store, graphs: list[tuple[str, bytes]], ontology: bytes) -> float:
    start = time.perf_counter()
    store.load_ntriples(ONTOLOGY_GRAPH, ontology)
    for iri, data in graphs:
        store.load_ntriples(iri, data)
    if isinstance(store, OxigraphStore):
        store.flush()
    return time.perf_counter() - start


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


def _oxigraph(graphs: list[tuple[str, bytes]], ontology: bytes, repeat: int, tmp: Path) -> dict:
    store = OxigraphStore(tmp)
    load = _load(store, graphs, ontology)
    result = {"load_s": round(load, 2), "queries": _queries(store, repeat)}
    store.close()
    result["disk_mb"] = round(sum(f.stat().st_size for f in tmp.rglob("*") if f.is_file()) / 1e6, 1)
    return result


def _prefix(graphs: list[tuple[str, bytes]], tasks_per_graph: list[int], tasks: int) -> int:
    total = 0
    for i, n in enumerate(tasks_per_graph):
        total += n
        if total >= tasks:
            return i + 1
    return len(graphs)


def run(min_tasks: int, subset: int, budget: float, repeat: int, seed: int, console: Console) -> dict:
    syn = synthetic(min_tasks, _counted, seed)
    graphs = [g for _, g in syn.items]
    per_graph = [n for n, _ in syn.items]
    triples = sum(data.count(b"\n") + 1 for _, data in graphs)
    console.print(f"corpus: {syn.plans} plans, {syn.tasks:,} tasks, {triples:,} triples, "
                  f"parsed and converted in {syn.seconds:.1f} s")
    ontology = _ontology_ntriples()
    out: dict = {"plans": syn.plans, "tasks": syn.tasks, "triples": triples, "parse_failures": syn.failed,
                 "corpus_seconds": round(syn.seconds, 2), "repeat": repeat}
    with tempfile.TemporaryDirectory() as tmp:
        out["oxigraph"] = _oxigraph(graphs, ontology, repeat, Path(tmp) / "full")
    console.print(f"oxigraph: {syn.tasks:,} tasks loaded in {out['oxigraph']['load_s']} s")

    cut = _prefix(graphs, per_graph, subset)
    memory = MemoryStore()
    first = _load(memory, graphs[:cut], ontology)
    sub_tasks = sum(per_graph[:cut])
    projected = first * syn.tasks / sub_tasks
    console.print(f"rdflib: {sub_tasks:,} tasks loaded in {first:.1f} s (whole corpus projected at {projected:.0f} s)")
    if projected <= budget and cut < len(graphs):
        start = time.perf_counter()
        for iri, data in graphs[cut:]:
            memory.load_ntriples(iri, data)
        out["rdflib"] = {"tasks": syn.tasks, "load_s": round(first + time.perf_counter() - start, 2)}
        out["rdflib"]["queries"] = _queries(memory, repeat)
        out["oxigraph_same_size"] = out["oxigraph"]
    else:
        out["rdflib"] = {"tasks": sub_tasks, "load_s": round(first, 2), "projected_full_load_s": round(projected),
                         "queries": _queries(memory, repeat)}
        with tempfile.TemporaryDirectory() as tmp:
            out["oxigraph_same_size"] = {"tasks": sub_tasks,
                                         **_oxigraph(graphs[:cut], ontology, repeat, Path(tmp) / "subset")}
    out["oxigraph"]["tasks"] = syn.tasks
    out["oxigraph_same_size"].setdefault("tasks", syn.tasks)
    ox, rd = out["oxigraph_same_size"], out["rdflib"]
    out["ratios_rdflib_over_oxigraph"] = {"load": round(rd["load_s"] / ox["load_s"], 1), **{
        name: round(rd["queries"][name]["seconds"] / max(ox["queries"][name]["seconds"], 1e-6), 1) for name in QUERIES}}
    out["rows_agree"] = all(rd["queries"][n]["rows"] == ox["queries"][n]["rows"] for n in QUERIES)
    return out


def _counted(name: str, text: str):
    """(tasks, (tasks, (graph IRI, N-Triples))): keeps per-plan task counts for the rdflib subset."""
    tasks, graph = as_ntriples(name, text)
    return tasks, (tasks, graph)



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
    note = f"{result['triples']:,} triples in {result['plans']} named graphs; oxigraph on disk {ox_full['disk_mb']} MB"
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
    ap.add_argument("--out", type=Path, default=HERE / "out" / "store.json", help="where to write the JSON record")
    args = ap.parse_args()
    console = Console()
    console = Console(width=max(console.width, 120))
    result = {"benchmark": "store", "seed": args.seed,
              **run(args.tasks, args.rdflib_subset, args.rdflib_budget, args.repeat, args.seed, console),
              "python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
              "commit": git_commit()}
    _render(result, console)
    save_result(result, args.out, console)


if __name__ == "__main__":
    main()
