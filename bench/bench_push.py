#!/usr/bin/env python3
"""`zwgk push` of a synthetic store to Virtuoso Open-Source 7, beside the embedded bulk load of the same quads.

Usage: python bench/bench_push.py [--tasks 100000] [--jobs 1 2 4] [--seed 0] [--work DIR] [--out bench/out/push.json]

A corpus of at least --tasks synthetic tasks (bench/corpus.py, as
bench_ingest.py writes it) is ingested into an embedded store with
`zwgk ingest`. Then, in the same run:

- the embedded bulk load: the store's N-Quads (`zwgk export -f nq`) loaded
  into a fresh Oxigraph store by its bulk loader (what ingest uses for many
  new plans) — time and triples/s;
- `zwgk push` (graph/transfer.py) to a Virtuoso started for the run
  (tests/virtuoso.py: temp folder, free loopback ports, 170k buffers), once
  per --jobs value on an emptied server: one Graph Store request per graph,
  each counted after the write — time and triples/s;
- `zwgk pull` of the server's graphs back into a new embedded store;
- the server's and the copy's `zwgk stats` totals against the source's.

Virtuoso is installed with apt-get when missing (root only). Nothing is
asserted on time; the machine is shared, so compare numbers from one run.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import git_commit, save_result
from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
from virtuoso import Virtuoso, install  # noqa: E402

ZWGK = [str(Path(sys.executable).with_name("zwgk"))]
ENV = {**os.environ, "ZWGK_MODEL": "/nonexistent/zwgk-bench-model", "ZWGK_ALLOW_DOWNLOAD": ""}


def run(*args: str | Path, env: dict[str, str] | None = None) -> tuple[float, str]:
    started = time.perf_counter()
    proc = subprocess.run([*ZWGK, *map(str, args)], capture_output=True, text=True, env=env or ENV)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"zwgk {' '.join(map(str, args))} failed: {proc.stderr.strip()[-500:]}")
    return seconds, proc.stdout


def totals(store: str | Path, env: dict[str, str] | None = None) -> dict:
    return json.loads(run("stats", "--json", "--store", store, env=env)[1])["totals"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[2])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path, help="keep the corpus, stores and server here")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "push.json")
    args = parser.parse_args()
    console = Console()
    reason = install()
    if reason:
        raise SystemExit(f"no Virtuoso: {reason}")
    work = args.work or Path(tempfile.mkdtemp(prefix="zwgk-push-"))
    work.mkdir(parents=True, exist_ok=True)
    from bench_ingest import write_plans

    corpus, local = work / "corpus", work / "local"
    if not local.exists():
        shutil.rmtree(corpus, ignore_errors=True)
        plans, tasks = write_plans(corpus, args.tasks, args.seed, nested=False)
        console.print(f"corpus: {plans} plans, {tasks} tasks")
        ingest_s, _ = run("ingest", corpus, "--store", local)
        console.print(f"zwgk ingest: {ingest_s:.1f} s")
    source = totals(local)
    result: dict = {"tasks": source["tasks"], "plans": source["plans"], "triples": source["triples"],
                    "machine": {"cores": os.cpu_count(), "platform": platform.platform()}, "commit": git_commit()}

    # the embedded reference: Oxigraph's bulk loader on the same quads
    from zwgk.graph.store import OxigraphStore

    _, nquads = run("export", "-f", "nq", "--store", local)
    data = nquads.encode("utf-8")
    quads = data.count(b"\n")
    target = work / "bulk"
    shutil.rmtree(target, ignore_errors=True)
    started = time.perf_counter()
    store = OxigraphStore(target)
    store.bulk_load_nquads(data)
    store.close()
    bulk_s = time.perf_counter() - started
    result["embedded_bulk_load"] = {"quads": quads, "seconds": round(bulk_s, 2), "quads_per_s": round(quads / bulk_s)}
    console.print(f"embedded bulk load: {quads:,} quads in {bulk_s:.1f} s")

    server = Virtuoso(work / "virtuoso").start()
    try:
        result["push"] = []
        for jobs in args.jobs:
            server.wipe()
            index = work / f"index-{jobs}"
            shutil.rmtree(index, ignore_errors=True)
            env = {**ENV, "ZWGK_INDEX": str(index)}
            seconds, out = run("push", "--to", server.location, "--store", local, "--jobs", str(jobs), env=env)
            line = out.splitlines()[0]
            pushed = int(line.split("(")[1].split(" graphs, ")[1].split(" triples")[0].replace(",", ""))
            graph_s = float(line.rsplit(" in ", 1)[1].split(" s")[0])
            remote = totals(index, env)
            same = remote == source
            result["push"].append({"jobs": jobs, "triples": pushed, "graph_seconds": graph_s,
                                   "triples_per_s": round(pushed / graph_s) if graph_s else None,
                                   "command_seconds_with_index": round(seconds, 1), "server_totals_equal": same})
            console.print(f"push --jobs {jobs}: {line} · with the index {seconds:.1f} s · totals equal: {same}")
        copy = work / "pulled"
        shutil.rmtree(copy, ignore_errors=True)
        seconds, out = run("pull", "--from", server.location, "--store", copy,
                           env={**ENV, "ZWGK_INDEX": str(work / f"index-{args.jobs[-1]}")})
        line = out.splitlines()[0]
        graph_s = float(line.rsplit(" in ", 1)[1].split(" s")[0])
        result["pull"] = {"graph_seconds": graph_s, "command_seconds_with_index": round(seconds, 1),
                          "totals_equal": totals(copy) == source}
        console.print(f"pull: {line} · with the index {seconds:.1f} s")
    finally:
        server.stop()

    table = Table(title=f"push of {source['tasks']:,} tasks ({source['triples']:,} triples) · shared 2-core machine")
    for name in ("path", "seconds", "triples/s"):
        table.add_column(name, justify="left" if name == "path" else "right")
    table.add_row("embedded bulk load (Oxigraph)", f"{bulk_s:.1f}", f"{quads / bulk_s:,.0f}")
    for p in result["push"]:
        table.add_row(f"push to Virtuoso, {p['jobs']} in flight", f"{p['graph_seconds']:.1f}", f"{p['triples_per_s']:,}")
    table.add_row("pull from Virtuoso", f"{result['pull']['graph_seconds']:.1f}",
                  f"{source['triples'] / result['pull']['graph_seconds']:,.0f}")
    console.print(table)
    save_result(result, args.out, console)


if __name__ == "__main__":
    main()
