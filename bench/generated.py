"""Scoring plans generated from the sample key (flattened.py, prose.py): parse each, score it against
what was generated with the development set's measures, and print one line per layout and overall."""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from score_parse import score  # noqa: E402

GOLD = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "gold"

#: (text, expected rows in the key's format, layout) from a random source and the key's row pool.
Generator = Callable[[random.Random, list], tuple[str, list[dict], str]]


def key_rows() -> list[dict]:
    """The task rows of the five samples' hand-checked key (tests/fixtures/gold), in file order."""
    return [json.loads(line) for path in sorted(GOLD.glob("*.jsonl")) if not path.name.endswith(".domains.jsonl")
            for line in path.read_text(encoding="utf-8").splitlines()]


def main(generate: Generator, pool: list, doc: str, plans: int, argv: list[str] | None = None) -> int:
    """`--plans N --seed S -v`, then run."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--plans", type=int, default=plans)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    return run(generate, pool, args.plans, args.seed, args.verbose)


def run(generate: Generator, pool: list, plans: int, seed: int, verbose: bool) -> int:
    """Parse `plans` generated plans and print the per-layout lines; with `verbose`, every plan that
    is not read perfectly."""
    from zwgk.ingest.errors import ParseError
    from zwgk.ingest.parser import parse_text
    from zwgk.ingest.records import task_records

    rng = random.Random(seed)
    per: dict[str, list] = {}
    for k in range(plans):
        text, expected, layout = generate(rng, pool)
        try:
            pred = [r.to_json() for r in task_records(parse_text(text, f"gen{k}.txt"))]
        except ParseError as exc:
            pred = []
            if verbose:
                print(f"gen{k} {layout}: {exc}")
        s = score(expected, pred)
        per.setdefault(layout, []).append(s["_counts"])
        if verbose and min(s["row_f1"], s["unit_f1"], s["role"], s["deadline"], s["section"]) < 1:
            print(f"gen{k} {layout}: rows {s['paired']}/{s['gold']} pred {s['pred']} unit F1 {s['unit_f1']:.3f}"
                  f" role {s['role']:.3f} deadline {s['deadline']:.3f} section {s['section']:.3f}")
    total = [0] * 10
    for layout in sorted(per):
        counts = [sum(c) for c in zip(*per[layout], strict=True)]
        total = [a + b for a, b in zip(total, counts, strict=True)]
        print(line(layout, len(per[layout]), counts))
    print(line("all", plans, total))
    return 0


def line(name: str, plans: int, c: list[int]) -> str:
    n_pair, ng, npred, sec, tp, fp, fn, rok, rn, dl = c
    p, r = (n_pair / npred if npred else 0.0), (n_pair / ng if ng else 0.0)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    uf1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
    return (f"{name:16} plans {plans:4} rows {n_pair}/{ng} (pred {npred}) F1 {f1:.3f} · section {sec / max(n_pair, 1):.3f}"
            f" · unit F1 {uf1:.3f} · role {rok / max(rn, 1):.3f} · deadline {dl / max(n_pair, 1):.3f}")
