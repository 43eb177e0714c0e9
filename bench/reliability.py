#!/usr/bin/env python3
"""Reliability: hostile inputs, CLI faults and store faults, run through the real `zwgk` command.

Usage: python bench/reliability.py [--zwgk PATH] [--only inputs,faults,store] [--cases NAME,…]
                                   [--kills 20] [--interrupts 3] [--readers 8] [--plans 30]
                                   [--out bench/out/reliability.json]

inputs  ≥ 60 bad or odd inputs (bench/hostile.py), each ingested in its own subprocess beside
        a good plan into a copy of a one-plan store. Per input: exit code, tracebacks, the
        `zwgk:` lines naming it, whether the good plan beside it was stored, whether the store
        is otherwise unchanged (hash of every other quad), wall time and peak RSS of the
        process tree (killed past --time-limit s or --rss-limit GB).
faults  `report --out` into a missing folder, `sparql` given an UPDATE, a full disk (a 3 MB
        tmpfs when it can be mounted, else RLIMIT_FSIZE): one line, no traceback, store opens.
store   kill -9 at random points during an ingest (× --kills), Ctrl-C (× --interrupts), readers
        during the first ingest into a new store, two writers at once. Consistent = opens,
        every stored plan has all its tasks (all-or-nothing per plan), the search index counts
        the graph's tasks and answers, a re-run converges to the clean store.

Timing and memory are machine-dependent (and noisy on a shared machine); nothing here
asserts, it reports. `--zwgk` lets one run the same bench against another checkout.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import git_commit, save_result, write_corpus  # noqa: E402
from hostile import Case, cases, plan_text  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

ROOT = HERE.parent
NOBODY = 65534
NOTES = ("dense search off", "search index:")  # informational stderr lines, not complaints


@dataclass
class Run:
    rc: int | None
    seconds: float
    rss_mb: float
    out: str
    err: str
    killed: str | None = None

    @property
    def traceback(self) -> bool:
        return "Traceback (most recent call last)" in self.out + self.err

    def lines(self) -> list[str]:
        """The complaint lines: stderr minus the known notes and progress noise."""
        return [s for s in self.err.splitlines() if s.strip() and not s.startswith(NOTES)]


def _tree_rss(pgid: int) -> int:
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[2]) != pgid:
                continue
            for line in Path(entry.path, "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except (OSError, ValueError, IndexError):
            continue
    return total


def run(cmd: list[str], *, env: dict | None = None, time_limit: float = 120, rss_limit: float = 4.5,
        as_nobody: bool = False, fsize: int | None = None, input_delay: tuple[float, int] | None = None) -> Run:
    """Run a command in its own process group, watching its tree's RSS; kill past the limits.
    `input_delay` = (seconds, signal): send that signal to the group after that many seconds."""
    import resource

    if as_nobody:
        cmd = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--", *cmd]

    def pre() -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # a shell's background job ignores SIGINT, and children inherit it
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env,
                                start_new_session=True, preexec_fn=pre)
        peak, killed, done = 0, None, threading.Event()

        def watch() -> None:
            nonlocal peak, killed
            sent = False
            while not done.wait(0.2):
                elapsed = time.monotonic() - start
                peak = max(peak, _tree_rss(proc.pid))
                if input_delay and not sent and elapsed >= input_delay[0]:
                    sent = True
                    _signal(proc.pid, input_delay[1])
                if peak > rss_limit * (1 << 30) or elapsed > time_limit:
                    killed = "memory" if peak > rss_limit * (1 << 30) else "time"
                    _signal(proc.pid, signal.SIGKILL)
                    return

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.monotonic() - start
        done.set()
        watcher.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        _signal(proc.pid, signal.SIGKILL)  # stragglers of the group (LibreOffice)
        out.seek(0)
        err.seek(0)
        return Run(proc.returncode, round(seconds, 2), round(max(peak, usage.ru_maxrss * 1024) / (1 << 20), 1),
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"), killed)


def _signal(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


# -- looking into a store ------------------------------------------------------------------

def _store_view(store: Path) -> dict:
    """Graph → requirements, and a hash of each graph's quads (read-only, in this process)."""
    import pyoxigraph as ox

    db = ox.Store.read_only(str(store / "graph")) if (store / "graph").exists() else ox.Store.read_only(str(store))
    graphs: dict[str, list[str]] = {}
    digests: dict[str, hashlib._Hash] = {}
    for quad in db:
        g = str(quad.graph_name)
        digests.setdefault(g, hashlib.sha256()).update(str(quad).encode())
        if quad.predicate.value.endswith("#requirement"):
            graphs.setdefault(g, []).append(quad.object.value)
    # quads come back in index order, which is deterministic for equal contents
    return {"requirements": graphs, "hashes": {g: d.hexdigest() for g, d in digests.items()}}


def _graphs_with(view: dict, tag: str) -> set[str]:
    return {g for g, reqs in view["requirements"].items() if any(tag in r for r in reqs)}


#: Regions, agencies, units and cited documents live once in shared graphs that every ingested plan
#: adds to (graph/write.py); whether they agree with the plans is `zwgk check`'s question, not this hash's.
_SHARED = re.compile(r"/graph/(?:regions|agencies|units|policies)>?$")


def _rest_hash(view: dict, leave_out: set[str]) -> str:
    """The other plans' graphs and the ontology, as they were."""
    kept = sorted((g, h) for g, h in view["hashes"].items() if g not in leave_out and not _SHARED.search(g))
    return hashlib.sha256(json.dumps(kept).encode()).hexdigest()


# -- inputs ----------------------------------------------------------------------------------

@dataclass
class InputResult:
    name: str
    expect: str
    rc: int | None
    seconds: float
    rss_mb: float
    traceback: bool
    lines: list[str]
    named_lines: int
    good_stored: bool
    hostile_stored: int
    store_unchanged: bool
    killed: str | None
    verdict: str
    problems: list[str] = field(default_factory=list)


def _name_bits(path: Path) -> list[str]:
    """Pieces of a file name a message must show, whatever escaping it uses."""
    return [b for b in re.split(r"[\n\t\"' \udc80-\udcff]+", path.name) if len(b) >= 2][:2] or [path.name]


def run_inputs(zwgk: str, selected: list[Case], work: Path, args, console: Console) -> list[InputResult]:
    base = work / "base-store"
    seed_plan = work / "seed" / "seed-plan.txt"
    seed_plan.parent.mkdir(parents=True)
    seed_plan.write_text(plan_text("基线计划", rows=5), encoding="utf-8")
    r = run([zwgk, "ingest", str(seed_plan), "--store", str(base)], env=_env(work / "home"))
    if r.rc != 0:
        raise SystemExit(f"could not build the base store: {r.err}")
    base_view = _store_view(base)
    results = []
    for i, case in enumerate(selected):
        tag, good_tag = f"ZQ{i:03d}QZ", f"GD{i:03d}DG"  # ASCII: the same in every encoding a case uses
        folder = work / f"case-{i:03d}" / "in"
        folder.mkdir(parents=True)
        try:
            hostile = case.files(folder, tag)
        except Exception as exc:  # a generator that cannot run here (missing test extra)
            console.print(f"[yellow]skip {case.name}: cannot build it ({type(exc).__name__}: {exc})")
            continue
        good = folder / f"good-{i:03d}.txt"
        good.write_text(plan_text(good_tag), encoding="utf-8")
        store = work / f"case-{i:03d}" / "store"
        shutil.copytree(base, store)
        home = work / f"case-{i:03d}" / "home"
        home.mkdir()
        if case.as_nobody:
            for path in (store, home, folder):
                _chown_tree(path)
        targets = [*map(str, hostile), str(good)] if case.named else [str(folder)]
        res = run([zwgk, "ingest", *targets, "--store", str(store)], env=_env(home), as_nobody=case.as_nobody,
                  time_limit=args.time_limit, rss_limit=args.rss_limit)
        results.append(_judge(case, hostile, res, store, base_view, tag, good_tag, args))
        shutil.rmtree(work / f"case-{i:03d}", ignore_errors=True) if not args.keep else None
        _print_input(console, results[-1])
    return results


def _chown_tree(path: Path) -> None:
    for root, dirs, files in os.walk(path):
        for name in [*dirs, *files]:
            try:
                os.lchown(os.path.join(root, name), NOBODY, NOBODY)
            except OSError:
                pass
    os.chown(path, NOBODY, NOBODY)


def _judge(case: Case, hostile: list[Path], res: Run, store: Path, base_view: dict, tag: str, good_tag: str,
           args) -> InputResult:
    problems = []
    try:
        view = _store_view(store)
    except Exception as exc:
        view = None
        problems.append(f"store does not open: {type(exc).__name__}: {str(exc)[:80]}")
    good_graphs = _graphs_with(view, good_tag) if view else set()
    hostile_graphs = _graphs_with(view, tag) if view else set()
    unchanged = bool(view) and _rest_hash(view, good_graphs | hostile_graphs) == _rest_hash(base_view, set())
    lines = res.lines()
    named = sum(1 for s in lines if any(all(b in s for b in _name_bits(p)) for p in hostile))
    if res.traceback:
        problems.append("traceback")
    if res.killed:
        problems.append(f"killed ({res.killed})")
    if res.seconds > args.time_goal:
        problems.append(f"took {res.seconds:.0f} s")
    if res.rss_mb > args.rss_goal * 1024:
        problems.append(f"{res.rss_mb / 1024:.1f} GB")
    if not good_graphs:
        problems.append("good plan beside it not stored")
    if not unchanged:
        problems.append("rest of the store changed")
    if case.expect == "refuse":
        if hostile_graphs:
            problems.append("stored although it should be refused")
        if len(lines) != len(hostile) or named != len(hostile):
            problems.append(f"{len(lines)} lines, {named} naming the file (want {len(hostile)})")
        if res.rc != 1:
            problems.append(f"exit {res.rc}")
        if case.want and lines and not all(re.search(case.want, s, re.I) for s in lines):
            problems.append(f"reason unclear (want /{case.want}/)")
    elif case.expect == "store":
        if len(hostile_graphs) != len(hostile):
            problems.append(f"{len(hostile_graphs)} of {len(hostile)} plans stored")
        if lines:
            problems.append(f"complained: {lines[0][:80]}")
    elif lines and (len(lines) != max(len(hostile), 1) or res.rc != 1):
        problems.append(f"{len(lines)} lines, exit {res.rc}")
    return InputResult(case.name, case.expect, res.rc, res.seconds, res.rss_mb, res.traceback, lines[:6], named,
                       bool(good_graphs), len(hostile_graphs), unchanged, res.killed,
                       "ok" if not problems else "FAIL", problems)


def _print_input(console: Console, r: InputResult) -> None:
    colour = "green" if r.verdict == "ok" else "red"
    first = r.lines[0][:110] if r.lines else ""
    console.print(f"[{colour}]{r.verdict:4}[/] {r.name:28} exit {r.rc!s:4} {r.seconds:6.1f} s {r.rss_mb:7.0f} MB  "
                  f"{'; '.join(r.problems)[:90]}  [dim]{first}[/]", highlight=False, markup=True)


def _env(home: Path) -> dict:
    home.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZWGK_")}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CACHE_HOME=str(home / "cache"),
               TMPDIR=str(home), COLUMNS="200")
    return env


# -- faults ---------------------------------------------------------------------------------

def run_faults(zwgk: str, work: Path, console: Console) -> list[dict]:
    env = _env(work / "home-faults")
    samples = ROOT / "samples"
    store = work / "fault-store"
    run([zwgk, "ingest", str(samples), "--store", str(store)], env=env)
    out = []

    def record(name: str, res: Run, ok: bool, note: str = "") -> None:
        lines = res.lines()
        entry = {"name": name, "rc": res.rc, "traceback": res.traceback, "lines": lines[:4], "seconds": res.seconds,
                 "verdict": "ok" if ok and not res.traceback else "FAIL", "note": note}
        out.append(entry)
        colour = "green" if entry["verdict"] == "ok" else "red"
        console.print(f"[{colour}]{entry['verdict']:4}[/] {name:28} exit {res.rc!s:4} {note} "
                      f"[dim]{(lines[0] if lines else '')[:120]}[/]", highlight=False)

    res = run([zwgk, "report", "--out", str(work / "no" / "such" / "folder" / "r.html"), "--store", str(store)], env=env)
    record("report-out-missing-folder", res, res.rc == 1 and len(res.lines()) == 1)
    res = run([zwgk, "sparql", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "--store", str(store)], env=env)
    said = " ".join(res.lines())
    record("sparql-update", res, res.rc != 0 and "read-only" in said and "CONSTRUCT" not in said)
    res = run([zwgk, "sparql", "SELEC nonsense", "--store", str(store)], env=env)
    record("sparql-syntax-error", res, res.rc != 0 and len(res.lines()) == 1)
    res = run([zwgk, "stats", "--store", str(work / "never-made")], env=env)
    record("read-only-command-no-store", res, len(res.lines()) <= 1 and not (work / "never-made" / "graph" / "CURRENT").exists()
           or res.rc == 0, note="stats on a store that does not exist")
    for name, size in (("efbig-ulimit-256k", 256 << 10), ("efbig-ulimit-4m", 4 << 20)):
        fstore = work / f"{name}-store"
        res = run([zwgk, "ingest", str(samples), "--store", str(fstore)], env=env, fsize=size)
        record(name, res, res.rc not in (0, None) and len(res.lines()) >= 1 and _opens(zwgk, fstore, env),
               note=f"RLIMIT_FSIZE {size >> 10} KB; then store opens: {_opens(zwgk, fstore, env)}")
    mount = work / "tmpfs"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], capture_output=True).returncode == 0:
        try:
            res = run([zwgk, "ingest", str(samples), "--store", str(mount / "store")], env=env)
            record("enospc-tmpfs-3mb", res, res.rc not in (0, None) and len(res.lines()) >= 1 and _opens(zwgk, mount / "store", env),
                   note=f"3 MB tmpfs; then store opens: {_opens(zwgk, mount / 'store', env)}")
        finally:
            subprocess.run(["umount", str(mount)], capture_output=True)
    else:
        console.print("[yellow]no tmpfs (not root?): ENOSPC case skipped")
    return out


def _opens(zwgk: str, store: Path, env: dict) -> bool:
    """Opens, or (a disk that filled while the store was being created) says in one line there is none yet."""
    res = run([zwgk, "stats", "--json", "--store", str(store)], env=env)
    none_yet = res.rc == 1 and len(res.lines()) == 1 and "no store" in res.lines()[0]
    return (res.rc == 0 or none_yet) and not res.traceback


# -- store faults ---------------------------------------------------------------------------

def _stats(zwgk: str, store: Path, env: dict) -> dict | None:
    res = run([zwgk, "stats", "--json", "--store", str(store)], env=env)
    if res.rc != 0:
        return None
    try:
        return json.loads(res.out)
    except ValueError:
        return None


def _index_count(store: Path) -> int | None:
    try:
        return json.loads((store / "index" / "manifest.json").read_text())["count"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


_CHECK: dict[str, bool] = {}


def _has_check(zwgk: str, env: dict) -> bool:
    """`zwgk check` (graph ⇄ index agreement) where the checkout has it."""
    if zwgk not in _CHECK:
        _CHECK[zwgk] = run([zwgk, "check", "--help"], env=env).rc == 0
    return _CHECK[zwgk]


def _consistent(zwgk: str, store: Path, env: dict, clean: dict, corpus: Path) -> dict:
    """Right after the interruption: read commands answer or say in one line what to run, never a traceback;
    every plan the graph holds is whole. Then the next ingest converges to the clean store and `zwgk check`
    (where there is one) finds graph and index in agreement."""
    stats_run = run([zwgk, "stats", "--json", "--store", str(store)], env=env)
    one_line = len(stats_run.lines()) == 1
    checks = {"opens_or_one_line": not stats_run.traceback and (stats_run.rc == 0 or one_line)}
    stats = None
    if stats_run.rc == 0:
        try:
            stats = json.loads(stats_run.out)
        except ValueError:
            checks["opens_or_one_line"] = False
    if stats:
        want = {p["doc"]: p["tasks"] for p in clean["plans"]}
        checks["all_or_nothing"] = all(want.get(p["doc"]) == p["tasks"] for p in stats["plans"])
    search = run([zwgk, "search", "政策解读", "--json", "--store", str(store)], env=env)
    checks["search_answers_or_one_line"] = not search.traceback and (search.rc == 0 or len(search.lines()) == 1)
    rerun = run([zwgk, "ingest", str(corpus), "--store", str(store)], env=env)
    after = _stats(zwgk, store, env)
    checks["rerun_converges"] = (rerun.rc == 0 and not rerun.traceback and after is not None
                                 and after["totals"] == clean["totals"] and _index_count(store) == clean["totals"]["tasks"])
    if _has_check(zwgk, env):
        check = run([zwgk, "check", "--store", str(store)], env=env)
        checks["check_passes_after_rerun"] = check.rc == 0 and not check.traceback
    checks["consistent"] = all(checks.values())
    return checks


def run_store(zwgk: str, work: Path, args, console: Console) -> dict:
    env = _env(work / "home-store")
    corpus = work / "corpus"
    write_corpus(corpus, args.plans, seed=3)
    for sample in (ROOT / "samples").glob("*.txt"):
        shutil.copy(sample, corpus / sample.name)
    clean_store = work / "clean-store"
    full = run([zwgk, "ingest", str(corpus), "--store", str(clean_store)], env=env, time_limit=900)
    clean = _stats(zwgk, clean_store, env)
    if clean is None:
        raise SystemExit(f"clean ingest failed: {full.err[-500:]}")
    duration = full.seconds
    console.print(f"clean ingest of {len(clean['plans'])} plans, {clean['totals']['tasks']} tasks: {duration:.1f} s")
    rng = random.Random(7)
    out: dict = {"clean_seconds": duration, "plans": len(clean["plans"]), "tasks": clean["totals"]["tasks"]}

    def trial(sig: int, n: int, label: str) -> list[dict]:
        found = []
        for k in range(n):
            store = work / f"{label}-{k}"
            at = rng.uniform(0.2, duration * 0.9)  # the clean run's length: kills past it would hit a finished run
            res = run([zwgk, "ingest", str(corpus), "--store", str(store)], env=env, input_delay=(at, sig), time_limit=900)
            checks = _consistent(zwgk, store, env, clean, corpus)
            entry = {"at": round(at, 2), "rc": res.rc, "traceback": res.traceback, "last_lines": res.lines()[-2:], **checks}
            found.append(entry)
            colour = "green" if checks["consistent"] else "red"
            console.print(f"[{colour}]{label} {k + 1:2}/{n}[/] at {at:5.1f} s exit {res.rc}: "
                          + " ".join(f"{c}={'y' if v else 'N'}" for c, v in checks.items())
                          + f" [dim]{(res.lines() or [''])[-1][:100]}[/]", highlight=False)
            shutil.rmtree(store, ignore_errors=True)
        return found

    kills = trial(signal.SIGKILL, args.kills, "kill-9")
    out["kill9"] = {"runs": kills, "consistent": sum(k["consistent"] for k in kills), "of": len(kills)}
    interrupts = trial(signal.SIGINT, args.interrupts, "ctrl-c")
    out["ctrl_c"] = {"runs": interrupts, "consistent": sum(k["consistent"] for k in interrupts), "of": len(interrupts),
                     "exit_130": sum(k["rc"] == 130 for k in interrupts)}
    out["readers"] = _readers(zwgk, work, env, corpus, args.readers, console)
    out["two_writers"] = _two_writers(zwgk, work, env, corpus, clean, console)
    return out


def _readers(zwgk: str, work: Path, env: dict, corpus: Path, n: int, console: Console) -> dict:
    """n readers loop over read commands while the first ingest into a new store runs."""
    store = work / "readers-store"
    commands = [["search", "政策解读"], ["stats"], ["tasks"], ["sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"],
                ["ask", "谁负责依申请公开"], ["stats", "--json"], ["search", "依申请公开", "--json"], ["export", "-f", "nq"]]
    stop = threading.Event()
    tally = {"runs": 0, "errors": 0, "tracebacks": 0, "one_line_refusals": 0, "examples": []}
    lock = threading.Lock()

    def reader(k: int) -> None:
        cmd = commands[k % len(commands)]
        while not stop.is_set():
            res = run([zwgk, *cmd, "--store", str(store)], env=env, time_limit=300)
            with lock:
                tally["runs"] += 1
                if res.traceback or res.rc not in (0, 1) or (res.rc == 1 and len(res.lines()) != 1):
                    tally["errors"] += 1
                    tally["tracebacks"] += res.traceback
                    if len(tally["examples"]) < 5:
                        tally["examples"].append(f"{' '.join(cmd[:1])}: exit {res.rc}: "
                                                 + (res.err.strip().splitlines() or [""])[-1][:160])
                elif res.rc == 1:
                    tally["one_line_refusals"] += 1

    threads = [threading.Thread(target=reader, args=(k,), daemon=True) for k in range(n)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    writer = run([zwgk, "ingest", str(corpus), "--store", str(store)], env=env, time_limit=900)
    stop.set()
    for t in threads:
        t.join()
    tally["writer_rc"] = writer.rc
    tally["writer_traceback"] = writer.traceback
    console.print(f"readers: {tally['runs']} runs during the ingest, {tally['errors']} errors "
                  f"({tally['tracebacks']} tracebacks), {tally['one_line_refusals']} one-line refusals; writer exit {writer.rc}"
                  + "".join(f"\n  [dim]{e}[/]" for e in tally["examples"]), highlight=False)
    return tally


def _two_writers(zwgk: str, work: Path, env: dict, corpus: Path, clean: dict, console: Console) -> dict:
    store = work / "writers-store"
    results: list[Run] = []

    def writer() -> None:
        results.append(run([zwgk, "ingest", str(corpus), "--store", str(store)], env=env, time_limit=900))

    threads = [threading.Thread(target=writer) for _ in range(2)]
    for t in threads:
        t.start()
        time.sleep(0.3)
    for t in threads:
        t.join()
    busy = [r for r in results if r.rc != 0]
    clear = all(not r.traceback and len(r.lines()) == 1 and "busy" in r.lines()[0] for r in busy)
    after = _stats(zwgk, store, env)
    out = {"rcs": [r.rc for r in results], "tracebacks": sum(r.traceback for r in results),
           "messages": [r.lines()[-1][:200] for r in busy if r.lines()], "clear": clear,
           "store_ok": after is not None and after["totals"] == clean["totals"]}
    colour = "green" if clear and out["store_ok"] and not out["tracebacks"] else "red"
    console.print(f"[{colour}]two writers[/]: exits {out['rcs']}, tracebacks {out['tracebacks']}, store ok {out['store_ok']}"
                  + "".join(f"\n  [dim]{m}[/]" for m in out["messages"]), highlight=False)
    return out


# -- summary --------------------------------------------------------------------------------

def summarise(inputs: list[InputResult]) -> dict:
    refused = [r for r in inputs if r.expect == "refuse"]
    return {
        "inputs": len(inputs),
        "ok": sum(r.verdict == "ok" for r in inputs),
        "tracebacks": sum(r.traceback for r in inputs),
        "killed": sum(bool(r.killed) for r in inputs),
        "refusals_with_one_named_line": sum(r.named_lines == 1 and len(r.lines) == 1 for r in refused),
        "refusals": len(refused),
        "good_beside_stored": sum(r.good_stored for r in inputs),
        "store_unchanged": sum(r.store_unchanged for r in inputs),
        "max_seconds": max((r.seconds for r in inputs), default=0),
        "max_seconds_input": max(inputs, key=lambda r: r.seconds).name if inputs else None,
        "max_rss_mb": max((r.rss_mb for r in inputs), default=0),
        "max_rss_input": max(inputs, key=lambda r: r.rss_mb).name if inputs else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zwgk", default=str(Path(sys.executable).with_name("zwgk")))
    parser.add_argument("--only", default="inputs,faults,store")
    parser.add_argument("--cases", default="", help="comma-separated case names (default: all)")
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--interrupts", type=int, default=3)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--plans", type=int, default=30, help="synthetic plans beside the samples in the store runs")
    parser.add_argument("--time-limit", type=float, default=120, help="kill an input's run after this many seconds")
    parser.add_argument("--rss-limit", type=float, default=4.5, help="kill an input's run past this many GB")
    parser.add_argument("--time-goal", type=float, default=60)
    parser.add_argument("--rss-goal", type=float, default=4)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "reliability.json")
    args = parser.parse_args()
    console = Console(highlight=False, width=220)
    parts = set(args.only.split(","))
    work = Path(tempfile.mkdtemp(prefix="zwgk-reliability-"))
    os.chmod(work, 0o755)
    result: dict = {"commit": git_commit(), "zwgk": args.zwgk, "load": os.getloadavg()}
    try:
        if "inputs" in parts:
            wanted = set(filter(None, args.cases.split(",")))
            selected = [c for c in cases() if not wanted or c.name in wanted]
            inputs = run_inputs(args.zwgk, selected, work / "inputs", args, console)
            result["inputs"] = [asdict(r) for r in inputs]
            result["inputs_summary"] = summarise(inputs)
            _print_summary(console, result["inputs_summary"])
        if "faults" in parts:
            result["faults"] = run_faults(args.zwgk, work, console)
        if "store" in parts:
            result["store"] = run_store(args.zwgk, work, args, console)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    save_result(result, args.out, console)


def _print_summary(console: Console, s: dict) -> None:
    table = Table(title="hostile inputs")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for key, value in s.items():
        table.add_row(key, str(value))
    console.print(table)


if __name__ == "__main__":
    main()
