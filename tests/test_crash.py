"""kill -9 and Ctrl-C during an ingest, readers during writes: the store stays whole.

A folder goes from an old state to a new one (bench/crash.py); the ingest is
killed at a few seeded random moments (and once while it creates a new store),
interrupted once with Ctrl-C, and each time the store must open, hold every
plan whole (old or new version, never a mix), keep the search index equal to
the graph after the next command, pass `zwgk check` and SHACL validation, and
converge to the clean store when the folder is ingested again. Slow (about
two minutes): the twenty-kill version with figures is bench/bench_reliability.py.
"""
from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import crash  # noqa: E402


@pytest.fixture(scope="module")
def refs(tmp_path_factory) -> tuple[crash.References, Path, dict[str, str]]:
    base = tmp_path_factory.mktemp("crash")
    environ = crash.env(base)
    return crash.references(base, environ), base, environ


@pytest.mark.parametrize("point", range(3))
def test_kill_9_at_a_random_moment_leaves_whole_plans_and_an_index_equal_to_the_graph(refs, point: int) -> None:
    references, base, environ = refs
    delay = random.Random(point).uniform(0.2, 1.1) * references.seconds
    verdict = crash.interrupt(references, base, environ, delay, validate=point == 0, name=f"kill-{point}")
    assert verdict.consistent, (round(delay, 2), verdict.problems)


def test_kill_9_while_a_new_store_is_created(refs) -> None:
    references, base, environ = refs
    verdict = crash.interrupt(references, base, environ, 0.15 * references.seconds, name="kill-fresh", fresh=True)
    assert verdict.consistent, verdict.problems


def test_ctrl_c_finishes_the_plan_says_what_was_stored_and_exits_130(refs) -> None:
    references, base, environ = refs
    verdict = crash.interrupt(references, base, environ, 0.1, sig=signal.SIGINT, name="ctrl-c", once_writing=True)
    assert verdict.exit_code == 130 and verdict.consistent, (verdict.exit_code, verdict.problems)


def test_readers_never_see_a_torn_index_while_plans_are_written(refs, tmp_path: Path) -> None:
    """A writer adds the plans one by one (a new index generation each); readers open and search meanwhile."""
    from zwgk.search.index import open_index
    from zwgk.search.retrieve import search

    references, base, environ = refs
    store = tmp_path / "store"
    first, *rest = sorted(references.new_folder.glob("*.txt"))
    assert crash.zwgk("ingest", str(first), "--store", str(store), environ=environ).returncode == 0
    writer = subprocess.Popen(["bash", "-c", " && ".join(f"{crash.ZWGK} ingest '{p}' --store '{store}'" for p in rest)],
                              env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    looks, errors = [0], []

    def cli_reader() -> None:
        while writer.poll() is None:
            run = crash.zwgk("ask", "谁负责依申请公开", "--store", str(store), environ=environ)
            if run.returncode != 0:
                errors.append(f"ask: {run.stderr.strip()[-200:]}")

    thread = threading.Thread(target=cli_reader)
    thread.start()
    try:
        while writer.poll() is None:
            try:
                index = open_index(store / "index")
                live = list(index.live_records())
                assert len(live) == index.manifest["count"], "manifest and segments disagree"
                assert {r.doc for r in live} == set(index.plans), "plans and tasks disagree"
                search(index, "依申请公开")
            except Exception as exc:  # noqa: BLE001 - every failure is a torn read
                errors.append(f"{type(exc).__name__}: {exc}")
            looks[0] += 1
            time.sleep(0.01)
    finally:
        thread.join()
    assert writer.wait() == 0, writer.stderr.read()
    assert looks[0] > 10 and not errors, (looks[0], errors[:5])
