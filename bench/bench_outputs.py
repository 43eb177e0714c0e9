#!/usr/bin/env python3
"""Outputs people open, at scale: the CSV, the xlsx workbook, the .ics calendar, `due`, and what the
deadline-in-text extraction adds to parsing.

Usage: python bench/bench_outputs.py [--tasks 20000] [--seed 0] [--out bench/out/outputs.json]

The corpus is bench/synthetic.py's parsed synthetic plans (task records; no store, no topics: the
writers take records). Each step is timed once, wall clock; nothing is asserted. Numbers from a
loaded machine are noisy: compare runs on one machine, side by side.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import as_records, synthetic  # noqa: E402


def timed(label: str, fn, results: dict) -> object:
    started = time.perf_counter()
    out = fn()
    results[label] = round(time.perf_counter() - started, 3)
    size = f" · {len(out):,} bytes" if isinstance(out, bytes | str) else ""
    print(f"{label:<38} {results[label]:>8.3f} s{size}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("bench/out/outputs.json"))
    args = parser.parse_args()

    from zwgk.analysis.corpus import make_corpus
    from zwgk.analysis.due import due_tasks
    from zwgk.ingest.deadlines import parse_deadline, response_times, text_deadlines
    from zwgk.presentation.ics import calendar_bytes
    from zwgk.presentation.tables import tasks_csv
    from zwgk.presentation.workbook import workbook_bytes

    data = synthetic(args.tasks, as_records, seed=args.seed)
    records = [r for plan in data.items for r in plan]
    print(f"{len(records):,} tasks in {data.plans} plans (generated and parsed in {data.seconds:.1f} s)")
    corpus = make_corpus(records)
    results: dict[str, float] = {}
    timed("csv (tasks_csv)", lambda: tasks_csv(corpus.tasks), results)
    timed("xlsx (workbook_bytes, 3 sheets)", lambda: workbook_bytes(corpus), results)
    timed("ics (calendar_bytes)", lambda: calendar_bytes(corpus.tasks), results)
    timed("due within 30d (due_tasks)", lambda: due_tasks(corpus.tasks, date(2022, 11, 1), within=30), results)
    texts = [(r.requirement, r.deadline_raw, r.year) for r in records]
    timed("parse_deadline, every cell (reference)", lambda: [parse_deadline(c, y) for _, c, y in texts], results)
    timed("text_deadlines, every requirement", lambda: [text_deadlines(t, y) for t, _, y in texts], results)
    timed("response_times, every requirement", lambda: [response_times(t) for t, _, _ in texts], results)
    found = sum(1 for t, _, y in texts if text_deadlines(t, y) or response_times(t))
    print(f"requirements with a deadline or response time in their text: {found:,} of {len(texts):,}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"tasks": len(records), "plans": data.plans, "seconds": results}, indent=1))


if __name__ == "__main__":
    main()
