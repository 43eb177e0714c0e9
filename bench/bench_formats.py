#!/usr/bin/env python3
"""Parse throughput per file format: plans/s for .txt, .docx, .html, .xlsx and .pdf.

Usage: python bench/bench_formats.py [--plans 300] [--seed 0] [--formats txt,docx,html,xlsx,pdf]
                                     [--out bench/out/formats.json]

The plans are bench/corpus.py's synthetic corpus. Each is parsed once from
its text to get its rows; those rows are then printed as a real table with
merged cells in every format by the fixture writers of tests/test_readers.py
(the same ones the reader tests check against the sample key), and every
file goes through `parse_bytes`, timed one by one. Generating the files is
not timed. Besides speed it counts files that raise ParseError and files
whose rows differ from the text parse (section, 序号, requirement, units,
deadline), which a reader must not trade for speed. Nothing is asserted on
time; compare runs on one machine.
"""
from __future__ import annotations

import argparse
import json
import platform
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))  # the fixture writers live with the reader tests

from corpus import make_plans  # noqa: E402
from test_readers import Layout, plan_grid, write_docx, write_html, write_pdf, write_xlsx  # noqa: E402

from zwgk.ingest.errors import ParseError  # noqa: E402
from zwgk.ingest.headers import SYNONYMS  # noqa: E402
from zwgk.ingest.parser import parse_bytes, parse_text  # noqa: E402
from zwgk.ingest.records import task_records  # noqa: E402

FORMATS = ("txt", "docx", "html", "xlsx", "pdf")
_WS = re.compile(r"\s+")
_WIDTHS = {"seq": 26, "req": 190, "units": 80, "deadline": 48}


def _rows(text: str, name: str) -> tuple[list[dict], list[str], str]:
    """The rows of a plan as its text parses, in the key's shape, the notice lines and
    the unit column's label (牵头单位 makes bare listings leads)."""
    plan = parse_text(text, name)
    rows = []
    for record in (r.to_json() for r in task_records(plan)):
        record["units_inherited"] = any(u["inherited"] for u in record["units"])
        rows.append(record)
    lines = text.split("\n")
    first = min((t.source_lines[0] for t in plan.tasks), default=1)
    end = next((i for i, s in enumerate(lines[:first]) if "\t" in s or re.match(r"^工作内容", s)), first - 1)
    head = "".join(lines[end : first - 1])
    label = max((w for w in SYNONYMS["units"] if w in head), key=len, default="责任单位")
    return rows, [s.strip() for s in lines[:end]], label


def _layout(rows: list[dict], unit_label: str = "责任单位") -> Layout:
    levels = max((len(r["section"]) for r in rows), default=0)
    cols: list[str] = []
    header: list[tuple[str, int]] = []
    if any(r["seq"] for r in rows):
        cols.append("seq")
        header.append(("序号", 1))
    if levels:
        cols += [f"s{k}" for k in range(levels)]
        header.append(("工作任务", levels))
    cols.append("req")
    header.append(("具体要求", 1))
    if any(r["units_raw"] for r in rows):
        cols.append("units")
        header.append((unit_label, 1))
    if any(r["deadline_raw"] for r in rows):
        cols.append("deadline")
        header.append(("完成时限", 1))
    return Layout(tuple(cols), tuple(header))


def _widths(layout: Layout) -> list[float]:
    sections = [c for c in layout.columns if c.startswith("s") and c != "seq"]
    fixed = sum(_WIDTHS.get(c, 0) for c in layout.columns)
    return [_WIDTHS[c] if c in _WIDTHS else (480 - fixed) / len(sections) for c in layout.columns]


def _key(row: dict) -> tuple:
    return (row["seq"], tuple(_WS.sub("", s) for s in row["section"]), _WS.sub("", row["requirement"]),
            tuple((u["name"], u["role"]) for u in row["units"]), row["deadline_raw"])


def _write(fmt: str, notice: list[str], rows: list[dict], text: str, unit_label: str) -> tuple[str, bytes]:
    if fmt == "txt":
        return ".txt", text.encode("utf-8")
    layout = _layout(rows, unit_label)
    grid = plan_grid(rows, layout)
    if fmt == "docx":
        return ".docx", write_docx(notice, [grid])
    if fmt == "html":
        return ".html", write_html(notice, [grid], "gbk")
    if fmt == "xlsx":
        return ".xlsx", write_xlsx(notice, grid)
    return ".pdf", write_pdf(notice, [grid], [_widths(layout)])


def run(n: int, seed: int, formats: list[str]) -> dict:
    plans = make_plans(n, seed)
    prepared = []
    for p in plans:
        try:
            rows, notice, label = _rows(p.text, p.name)
        except ParseError:
            continue  # the text parse is the reference; a plan it cannot read is left out
        prepared.append((p, rows, notice, label))
    results: dict[str, dict] = {}
    for fmt in formats:
        t0 = time.perf_counter()
        files = [(p.name.replace(".txt", ""), rows, _write(fmt, notice, rows, p.text, label))
                 for p, rows, notice, label in prepared]
        generate_s = time.perf_counter() - t0
        tally = defaultdict(float)
        layouts: dict[str, int] = defaultdict(int)
        failures: list[str] = []
        for stem, rows, (suffix, data) in files:
            start = time.perf_counter()
            try:
                plan = parse_bytes(data, stem + suffix)
            except ParseError as exc:
                tally["seconds"] += time.perf_counter() - start
                failures.append(f"{stem}{suffix}: {exc}")
                continue
            tally["seconds"] += time.perf_counter() - start
            tally["rows"] += len(plan.tasks)
            layouts[plan.layout] += 1
            if [_key(r.to_json()) for r in task_records(plan)] != [_key(r) for r in rows]:
                tally["mismatches"] += 1
        secs = tally["seconds"] or float("nan")
        results[fmt] = {
            "files": len(files),
            "mean_kb": round(sum(len(d) for _, _, (_, d) in files) / max(len(files), 1) / 1024, 1),
            "generate_s": round(generate_s, 2),
            "parse_s": round(tally["seconds"], 3),
            "plans_per_s": round(len(files) / secs, 1),
            "rows_per_s": round(tally["rows"] / secs, 1),
            "ms_per_plan": round(1000 * tally["seconds"] / max(len(files), 1), 2),
            "failures": len(failures),
            "row_mismatches": int(tally["mismatches"]),
            "layouts": dict(layouts),
            "failed": failures[:10],
        }
        print(f"{fmt:5} {len(files):4} files  {results[fmt]['plans_per_s']:8.1f} plans/s  "
              f"{results[fmt]['ms_per_plan']:8.2f} ms/plan  failures {len(failures)}  mismatches {int(tally['mismatches'])}",
              flush=True)
    return {"plans": len(prepared), "seed": seed, "python": platform.python_version(), "machine": platform.machine(),
            "formats": results}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plans", type=int, default=300, help="synthetic plans per format")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--formats", default=",".join(FORMATS), help="comma-separated subset of " + ",".join(FORMATS))
    ap.add_argument("--out", type=Path, default=HERE / "out" / "formats.json")
    args = ap.parse_args()
    formats = [f for f in args.formats.split(",") if f]
    unknown = set(formats) - set(FORMATS)
    if unknown:
        ap.error(f"unknown formats: {', '.join(sorted(unknown))}")
    record = run(args.plans, args.seed, formats)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
