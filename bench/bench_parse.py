#!/usr/bin/env python3
"""Parse throughput on the synthetic corpus: plans/s and rows/s, overall and per layout.

Usage: python bench/bench_parse.py [--plans 1000] [--seed 0] [--out bench/out/parse.json]

The corpus is generated in memory (bench/corpus.py) and every plan goes
through `parse_text`, timed one by one. Besides speed it counts what a
benchmark must not hide: plans that raise ParseError, and plans whose row
count, year or printed issuer differ from what the generator wrote. Nothing
is asserted on time; compare runs on one machine.
"""
from __future__ import annotations

import argparse
import platform
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from corpus import git_commit, make_plans, save_result
from rich.console import Console
from rich.table import Table

from zwgk.ingest.errors import ParseError
from zwgk.ingest.parser import parse_text

HERE = Path(__file__).resolve().parent


@dataclass
class _Tally:
    plans: int = 0
    rows: int = 0
    seconds: float = 0.0
    failures: int = 0
    row_mismatches: int = 0
    year_mismatches: int = 0
    issuer_mismatches: int = 0
    layouts: Counter = field(default_factory=Counter)

    def add(self, other: _Tally) -> None:
        for name in ("plans", "rows", "seconds", "failures", "row_mismatches", "year_mismatches", "issuer_mismatches"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.layouts.update(other.layouts)

    def summary(self) -> dict:
        secs = self.seconds or float("nan")
        return {
            "plans": self.plans,
            "rows": self.rows,
            "seconds": round(self.seconds, 4),
            "plans_per_s": round(self.plans / secs, 1),
            "rows_per_s": round(self.rows / secs, 1),
            "ms_per_plan": round(1000 * self.seconds / max(self.plans, 1), 3),
            "failures": self.failures,
            "row_mismatches": self.row_mismatches,
            "year_mismatches": self.year_mismatches,
            "issuer_mismatches": self.issuer_mismatches,
            "parser_layouts": dict(self.layouts),
        }



def run(n: int, seed: int) -> dict:
    """Generate, parse and tally; returns the record written to parse.json."""
    t0 = time.perf_counter()
    plans = make_plans(n, seed)
    generate_s = time.perf_counter() - t0
    per_style: dict[str, _Tally] = defaultdict(_Tally)
    failed: list[dict] = []
    for plan in plans:
        tally = per_style[plan.style]
        start = time.perf_counter()
        try:
            parsed = parse_text(plan.text, plan.name)
        except ParseError as exc:
            tally.seconds += time.perf_counter() - start
            tally.plans += 1
            tally.failures += 1
            failed.append({"name": plan.name, "reason": str(exc)})
            continue
        tally.seconds += time.perf_counter() - start
        tally.plans += 1
        tally.rows += len(parsed.tasks)
        tally.layouts[parsed.layout] += 1
        tally.row_mismatches += len(parsed.tasks) != plan.rows
        tally.year_mismatches += parsed.year != plan.year
        tally.issuer_mismatches += plan.issuer is not None and parsed.issuer != plan.issuer
    total = _Tally()
    for tally in per_style.values():
        total.add(tally)
    return {
        "benchmark": "parse",
        "plans": n,
        "seed": seed,
        "generated_rows": sum(p.rows for p in plans),
        "generate_seconds": round(generate_s, 4),
        "total": total.summary(),
        "per_style": {style: per_style[style].summary() for style in sorted(per_style)},
        "failed": failed,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "commit": git_commit(),
    }


def _render(result: dict, console: Console) -> None:
    table = Table(title=f"parse_text · {result['plans']} plans · seed {result['seed']}")
    table.add_column("style", no_wrap=True)
    for name in ("plans", "rows", "plans/s", "rows/s", "ms/plan", "failures", "row Δ"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("parser layout")

    def add(name: str, s: dict, layouts: bool = True, **style) -> None:
        table.add_row(name, str(s["plans"]), str(s["rows"]), f"{s['plans_per_s']:,.1f}", f"{s['rows_per_s']:,.0f}",
                      f"{s['ms_per_plan']:.2f}", str(s["failures"]), str(s["row_mismatches"]),
                      ", ".join(f"{k}×{v}" for k, v in s["parser_layouts"].items()) if layouts else "", **style)

    for style, s in result["per_style"].items():
        add(style, s)
    table.add_section()
    add("all", result["total"], layouts=False, style="bold")
    console.print(table)
    t = result["total"]
    console.print(f"generated {result['plans']} plans ({result['generated_rows']} rows) in {result['generate_seconds']:.2f} s; "
                  f"year mismatches {t['year_mismatches']}, issuer mismatches {t['issuer_mismatches']}")
    for f in result["failed"][:10]:
        console.print(f"[red]failed[/red] {f['name']}: {f['reason']}")


def main() -> None:
    ap = argparse.ArgumentParser(description="Parse throughput on the synthetic corpus.")
    ap.add_argument("--plans", type=int, default=1000, help="plans to generate (default 1000)")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    ap.add_argument("--out", type=Path, default=HERE / "out" / "parse.json", help="where to write the JSON record")
    args = ap.parse_args()
    result = run(args.plans, args.seed)
    console = Console()
    console = Console(width=max(console.width, 120))  # the table is unreadable folded to 80 columns
    _render(result, console)
    save_result(result, args.out, console)


if __name__ == "__main__":
    main()
