"""A parsed synthetic corpus of at least N tasks, for the search and store benchmarks.

Plans come from corpus.py in a fixed order and are parsed in worker processes
(parsing dominates: ~2,000 rows/s per core); each worker hands back what the
benchmark needs of a plan (its task records), so plans
never cross a process boundary. Plans are taken in generation order until the
task count reaches N, so the same (N, seed) gives the same corpus.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from corpus import make_corpus

from zwgk.ingest.errors import ParseError
from zwgk.ingest.parser import parse_text

__all__ = ["Synthetic", "synthetic", "as_records"]

#: Tasks per generated plan are 10–80, about 45 on average; generate with margin, parse only what is needed.
_TASKS_PER_PLAN = 40


def as_records(name: str, text: str) -> tuple[int, Any]:
    """(tasks, task records) of one plan, in the task contract."""
    from zwgk.ingest.records import task_records

    plan = parse_text(text, name)
    return len(plan.tasks), task_records(plan)


def _convert(job: tuple[Callable[[str, str], tuple[int, Any]], str, str]) -> tuple[int, Any] | None:
    convert, name, text = job
    try:
        return convert(name, text)
    except ParseError:
        return None


@dataclass
class Synthetic:
    items: list[Any]
    plans: int
    tasks: int
    failed: int
    seconds: float  # generate + parse + convert, wall time


def synthetic(min_tasks: int, convert: Callable[[str, str], tuple[int, Any]], seed: int = 0,
              workers: int | None = None) -> Synthetic:
    """Converted plans, in generation order, until they hold at least `min_tasks` tasks."""
    started = time.perf_counter()
    corpus = make_corpus(min_tasks // _TASKS_PER_PLAN + 50, seed)
    items: list[Any] = []
    tasks = failed = 0
    workers = workers or os.cpu_count() or 1
    with ProcessPoolExecutor(workers) as pool:
        for out in pool.map(_convert, ((convert, name, text) for name, text in corpus), chunksize=16):
            if out is None:
                failed += 1
                continue
            tasks += out[0]
            items.append(out[1])
            if tasks >= min_tasks:
                break
        pool.shutdown(cancel_futures=True)
    if tasks < min_tasks:
        raise RuntimeError(f"the corpus ran out at {tasks} tasks; raise _TASKS_PER_PLAN's margin")
    return Synthetic(items, len(items) + failed, tasks, failed, time.perf_counter() - started)
