#!/usr/bin/env python3
"""Store reliability under kills, Ctrl-C, concurrent readers and a second writer (issue 16's figures).

Usage: python bench/bench_reliability.py [--kills 20] [--interrupts 3] [--readers 8] [--seed 0]
                                         [--out bench/out/reliability.json]

Each run moves a folder from an old state to a new one (bench/crash.py: one
plan changed, five added) on a copy of the old store:
- kill -9 at a seeded random moment of `zwgk ingest` (0.05–1.1 × a clean
  run's time, the first one while a new store is being created), then: the
  next command answers, every plan is whole (old or new version), search =
  graph, `zwgk check` passes, and ingesting again converges to the clean store;
- Ctrl-C the same way: exit 130 (or 0 if it came too late) with a line saying
  what was stored, and the same checks;
- readers (search, ask, stats, sparql, tasks, check in turn) in a loop during
  one ingest: runs and failures (non-zero exit or a traceback);
- a second `zwgk ingest` while one runs: its exit code and message.
Nothing is asserted; the figures are printed and saved.
"""
from __future__ import annotations

import argparse
import json
import random
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import crash
from corpus import git_commit, save_result
from rich.console import Console

HERE = Path(__file__).resolve().parent
READS = [["search", "依申请公开"], ["ask", "谁负责依申请公开"], ["stats"],
         ["sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"], ["tasks"], ["check"]]


def kills(refs, base: Path, environ: dict, n: int, sig: int, rng: random.Random, console: Console) -> dict:
    verdicts = []
    for i in range(n):
        fresh = sig == signal.SIGKILL and i == 0
        delay = rng.uniform(0.05, 1.1) * refs.seconds
        v = crash.interrupt(refs, base, environ, delay, sig=sig, validate=(i % 5 == 0), name=f"k{i}", fresh=fresh)
        verdicts.append(v)
        console.print(f"  {'kill -9' if sig == signal.SIGKILL else 'Ctrl-C'} #{i + 1} at {delay:.2f} s"
                      f"{' (new store)' if fresh else ''}: exit {v.exit_code}, {v.plans_stored} plans stored → "
                      f"{'consistent' if v.consistent else 'INCONSISTENT ' + '; '.join(v.problems)}")
    return {"runs": n, "consistent": sum(v.consistent for v in verdicts),
            "whole_plans": sum(v.whole_plans for v in verdicts),
            "search_equals_graph": sum(v.search_equals_graph for v in verdicts),
            "check_passes": sum(v.check_passes for v in verdicts),
            "validated": f"{sum(v.validates is True for v in verdicts)}/{sum(v.validates is not None for v in verdicts)}",
            "converged": sum(v.converges for v in verdicts),
            "exit_codes": sorted({v.exit_code for v in verdicts}, key=str),
            "problems": [p for v in verdicts for p in v.problems]}


def readers(refs, base: Path, environ: dict, n: int) -> dict:
    import shutil

    store = base / "readers"
    shutil.copytree(base / "ref-old", store, ignore=shutil.ignore_patterns("lock"))
    writer = subprocess.Popen([crash.ZWGK, "ingest", str(refs.new_folder), "--store", str(store)], env=environ,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    runs, failures = [0], []
    lock = threading.Lock()

    def loop(k: int) -> None:
        i = k
        while writer.poll() is None:
            args = READS[i % len(READS)]
            i += 1
            run = crash.zwgk(*args, "--store", str(store), environ=environ)
            bad = run.returncode != 0 or "Traceback" in run.stderr
            with lock:
                runs[0] += 1
                if bad:
                    failures.append(f"{args[0]}: exit {run.returncode}: {run.stderr.strip().splitlines()[-1:]}")

    threads = [threading.Thread(target=loop, args=(k,)) for k in range(n)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"readers": n, "writer_exit": writer.wait(), "ingest_s": round(time.perf_counter() - start, 1),
            "reader_runs": runs[0], "reader_failures": len(failures), "failures": failures[:10]}


def two_writers(refs, base: Path, environ: dict) -> dict:
    import shutil

    store = base / "writers"
    shutil.copytree(base / "ref-old", store, ignore=shutil.ignore_patterns("lock"))
    first = subprocess.Popen([crash.ZWGK, "ingest", str(refs.new_folder), "--store", str(store)], env=environ,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(min(2.0, refs.seconds / 3))
    start = time.perf_counter()
    second = crash.zwgk("ingest", str(refs.new_folder), "--store", str(store), environ=environ)
    refused_s = time.perf_counter() - start
    waited = crash.zwgk("ingest", str(refs.new_folder), "--store", str(store),
                        environ={**environ, "ZWGK_LOCK_WAIT": "600"})
    first.wait()
    return {"first_exit": first.returncode, "second_exit": second.returncode, "second_message": second.stderr.strip(),
            "second_answer_s": round(refused_s, 2), "traceback": "Traceback" in second.stderr,
            "waiting_writer_exit": waited.returncode, "waiting_writer_said": waited.stdout.strip().splitlines()[:1]}


def main() -> None:
    ap = argparse.ArgumentParser(description="Store reliability: kill -9, Ctrl-C, readers during an ingest, two writers.")
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--interrupts", type=int, default=3)
    ap.add_argument("--readers", type=int, default=8)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=HERE / "out" / "reliability.json")
    args = ap.parse_args()
    console = Console()
    rng = random.Random(args.seed)
    result: dict = {"benchmark": "reliability", "seed": args.seed, "commit": git_commit()}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        environ = crash.env(base)
        refs = crash.references(base, environ)
        result["clean_ingest_s"] = round(refs.seconds, 2)
        result["plans_new"] = len(refs.new)
        console.print(f"clean ingest old → new: {refs.seconds:.1f} s, {len(refs.new)} plans")
        console.print(f"kill -9 × {args.kills} …")
        result["kill9"] = kills(refs, base, environ, args.kills, signal.SIGKILL, rng, console)
        console.print(f"Ctrl-C × {args.interrupts} …")
        result["ctrl_c"] = kills(refs, base, environ, args.interrupts, signal.SIGINT, rng, console)
        console.print(f"{args.readers} readers during an ingest …")
        result["readers"] = readers(refs, base, environ, args.readers)
        console.print("two writers …")
        result["two_writers"] = two_writers(refs, base, environ)
    k, c, r, w = result["kill9"], result["ctrl_c"], result["readers"], result["two_writers"]
    console.print(f"kill -9: {k['consistent']}/{k['runs']} consistent (whole plans {k['whole_plans']}, "
                  f"search = graph {k['search_equals_graph']}, check {k['check_passes']}, validated {k['validated']}, "
                  f"converged {k['converged']})")
    console.print(f"Ctrl-C: {c['consistent']}/{c['runs']} consistent, exit codes {c['exit_codes']}")
    console.print(f"readers: {r['reader_failures']} failures in {r['reader_runs']} runs by {r['readers']} readers "
                  f"during a {r['ingest_s']} s ingest")
    console.print(f"two writers: second exit {w['second_exit']} in {w['second_answer_s']} s: {w['second_message']!r}; "
                  f"with ZWGK_LOCK_WAIT it waited and exited {w['waiting_writer_exit']}")
    save_result(result, args.out, console)
    print(json.dumps({k: result[k] for k in ("kill9", "ctrl_c", "readers", "two_writers")}, ensure_ascii=False)[:2000])


if __name__ == "__main__":
    main()
