"""Crash harness: kill -9 or Ctrl-C an ingest at a chosen moment, then judge the store it left.

Used by tests/test_crash.py (a few kill points) and bench/bench_reliability.py
(twenty, plus readers during an ingest and two writers). A folder moves from
an old state (some plans) to a new one (one plan changed, more plans); clean
stores of both states are the references. After an interruption the store is
consistent when
- it opens, and `zwgk check` passes once the next command has run;
- every plan in the graph is whole: its tasks are exactly those of the old
  or of the new version of its file (all-or-nothing per plan);
- the search index holds the same tasks as the graph (search = graph);
- ingesting the folder again gives the clean new store (the run converges).
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from zwgk.workspace.consistency import PENDING

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
ZWGK = str(Path(sys.executable).parent / "zwgk")


def env(tmp: Path) -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if not k.startswith(("ZWGK_", "HF_"))}
    out["HF_HUB_CACHE"] = str(tmp / "empty-hf-cache")  # no dense model: lexical index only
    return out


def zwgk(*args: str, environ: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([ZWGK, *args], capture_output=True, text=True, env=environ, timeout=timeout)


def _variant(text: str, n: int) -> str:
    """Another plan: the same layout with its wording changed (a different sha256, the same rows)."""
    swaps = [("政务公开", "政务信息公开"), ("信息公开", "信息发布"), ("加强", "强化"), ("推进", "推动")]
    a, b = swaps[n % len(swaps)]
    return text.replace(a, b)


def make_folders(base: Path, extra: int = 3) -> tuple[Path, Path]:
    """(old, new) folders: old has three samples; new changes one of them and adds the rest plus variants."""
    samples = sorted(SAMPLES.glob("*.txt"))
    old, new = base / "old", base / "new"
    old.mkdir(parents=True)
    new.mkdir(parents=True)
    for path in samples[:3]:
        shutil.copy(path, old / path.name)
    for path in samples:
        shutil.copy(path, new / path.name)
    first = new / samples[0].name
    first.write_text(_variant(first.read_text(encoding="utf-8"), 0), encoding="utf-8")
    for i, path in enumerate(samples[:extra]):
        (new / f"variant-{i + 1}-{path.name}").write_text(_variant(path.read_text(encoding="utf-8"), i + 1),
                                                          encoding="utf-8")
    return old, new


def tasks_by_plan(store: Path, environ: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    run = zwgk("tasks", "--format", "jsonl", "--store", str(store), environ=environ)
    assert run.returncode == 0, run.stderr
    out: dict[str, list[tuple[str, str]]] = {}
    for line in run.stdout.splitlines():
        if line.strip():
            r = json.loads(line)
            out.setdefault(r["doc"], []).append((r["id"], r["requirement"]))
    return {doc: sorted(rows) for doc, rows in out.items()}


def index_tasks(store: Path) -> list[str]:
    from zwgk.search.index import open_index

    return sorted(r.id for r in open_index(store / "index").live_records())


@dataclass
class References:
    old: dict[str, list[tuple[str, str]]]
    new: dict[str, list[tuple[str, str]]]
    old_folder: Path
    new_folder: Path
    seconds: float  # how long a clean ingest old → new takes


def references(base: Path, environ: dict[str, str]) -> References:
    old_folder, new_folder = make_folders(base / "folders")
    a, b = base / "ref-old", base / "ref-new"
    assert zwgk("ingest", str(old_folder), "--store", str(a), environ=environ).returncode == 0
    shutil.copytree(a, b)
    start = time.perf_counter()
    run = zwgk("ingest", str(new_folder), "--store", str(b), environ=environ)
    seconds = time.perf_counter() - start
    assert run.returncode == 0, run.stderr
    return References(tasks_by_plan(a, environ), tasks_by_plan(b, environ), old_folder, new_folder, seconds)


@dataclass
class Verdict:
    delay: float
    exit_code: int | None
    opens: bool = False
    whole_plans: bool = False
    search_equals_graph: bool = False
    check_passes: bool = False
    validates: bool | None = None
    converges: bool = False
    plans_stored: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def consistent(self) -> bool:
        return (self.opens and self.whole_plans and self.search_equals_graph and self.check_passes
                and self.converges and self.validates is not False)


def interrupt(refs: References, base: Path, environ: dict[str, str], delay: float, sig: int = signal.SIGKILL,
              validate: bool = False, name: str = "run", fresh: bool = False, once_writing: bool = False) -> Verdict:
    """Ingest old → new (or into no store at all, `fresh`), send `sig` after `delay` seconds, judge the store.

    `once_writing` counts the delay from the moment the writer session starts (its pending marker appears)
    rather than from the start: on a loaded machine a delay taken from the reference run may land before
    the ingest has started writing, or after it has finished.
    """
    store = base / name
    if store.exists():
        shutil.rmtree(store)
    if not fresh:
        shutil.copytree(base / "ref-old", store, ignore=shutil.ignore_patterns("lock"))
    # A job started in the background by a non-interactive shell inherits SIGINT ignored, and Python keeps it
    # so: give the ingest the default disposition back, so that Ctrl-C reaches it as it would from a terminal.
    proc = subprocess.Popen([ZWGK, "ingest", str(refs.new_folder), "--store", str(store)], env=environ,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    if once_writing:
        marker = store / PENDING
        while not marker.exists() and proc.poll() is None:
            time.sleep(0.01)
    time.sleep(delay)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=600)
    verdict = Verdict(delay, proc.returncode)
    if sig == signal.SIGINT and proc.returncode not in (0, 130):
        verdict.problems.append(f"Ctrl-C exit {proc.returncode}: {err.strip()[-300:]}")
    if sig == signal.SIGINT and proc.returncode == 130 and "interrupted:" not in err:
        verdict.problems.append("Ctrl-C said nothing about what was stored")
    if "Traceback" in err:
        verdict.problems.append("traceback: " + err.strip().splitlines()[-1])

    # The next command: a reader. It must answer (repairing the index first if the ingest died mid-way).
    run = zwgk("search", "公开", "--store", str(store), environ=environ)
    no_store_yet = "no store at" in run.stderr
    verdict.opens = run.returncode == 0 or no_store_yet
    if not verdict.opens:
        verdict.problems.append(f"search after the stop: exit {run.returncode}: {run.stderr.strip()[-300:]}")
        return verdict
    graph = tasks_by_plan(store, environ) if not no_store_yet else {}
    verdict.plans_stored = len(graph)
    bad = [doc for doc, rows in graph.items()
           if rows != refs.new.get(doc) and (fresh or rows != refs.old.get(doc))]
    verdict.whole_plans = not bad
    if bad:
        verdict.problems.append(f"plans neither old nor new: {bad}")
    try:
        held = index_tasks(store) if not no_store_yet else []
    except Exception as exc:  # noqa: BLE001 - the verdict records any failure
        held = None
        verdict.problems.append(f"index: {exc}")
    verdict.search_equals_graph = held == sorted(i for rows in graph.values() for i, _ in rows)
    if not verdict.search_equals_graph and held is not None:
        verdict.problems.append(f"index holds {len(held)} tasks, graph {sum(len(r) for r in graph.values())}")
    run = zwgk("check", "--store", str(store), environ=environ)
    verdict.check_passes = run.returncode == 0 or no_store_yet
    if not verdict.check_passes:
        verdict.problems.append(f"check: {run.stderr.strip()[-300:]}")
    if validate and not no_store_yet:
        run = zwgk("validate", "--store", str(store), environ=environ)
        verdict.validates = run.returncode == 0
        if not verdict.validates:
            verdict.problems.append(f"validate: {(run.stdout + run.stderr).strip()[-300:]}")
    run = zwgk("ingest", str(refs.new_folder), "--store", str(store), environ=environ)
    final = tasks_by_plan(store, environ) if run.returncode == 0 else None
    verdict.converges = final == refs.new and index_tasks(store) == sorted(i for rows in refs.new.values() for i, _ in rows)
    if not verdict.converges:
        verdict.problems.append(f"re-run: exit {run.returncode} {run.stderr.strip()[-300:]}")
    return verdict
