#!/usr/bin/env python3
"""The development set's plans cut shorter: does every row before the cut read as it did?

Stored pages are excerpts cut at about 2,000 bytes, so the cut falls anywhere: inside a requirement,
inside a unit list, between a block of items and the unit cell that covers them. This script cuts
every plan of the development set every `--step` bytes from `--start` on and parses each cut. A row
that ends before the cut should read as in the whole page, except where the cut took what decided it
(the unit cell printed after a block, a unit name cut short): those are listed with `-v` to be read.
A cut page the parser rejects while it shows two or more whole rows is a loss, counted apart.

    python bench/cut_real.py [--real ../shared/eval/real] [--start 900] [--step 150] [-v]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from score_real import DEFAULT_REAL, dev_set

FIELDS = ("seq", "section", "requirement", "units", "deadline_raw")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--real", type=Path, default=DEFAULT_REAL)
    ap.add_argument("--start", type=int, default=900, help="first cut, in bytes")
    ap.add_argument("--step", type=int, default=150, help="bytes between cuts")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every row that reads differently")
    args = ap.parse_args(argv)
    found = dev_set(args.real)
    if found is None:
        return 0
    _, docs = found

    from zwgk.ingest.errors import ParseError
    from zwgk.ingest.parser import parse_file
    from zwgk.ingest.records import task_records

    def rows(path: Path) -> list[dict] | str:
        try:
            return [{k: r.to_json()[k] for k in FIELDS} for r in task_records(parse_file(path))]
        except ParseError as exc:
            return exc.reason

    checked = differ = lost = cuts = 0
    with tempfile.TemporaryDirectory(prefix="zwgk-cut-") as tmp:
        for page in sorted((args.real / "docs").glob("*.txt")):
            if not docs.get(page.name, {}).get("is_task_plan"):
                continue
            data, whole = page.read_bytes(), rows(page)
            if isinstance(whole, str):
                continue
            for cut in range(args.start, len(data) - 50, args.step):
                cuts += 1
                text = data[:cut].decode("utf-8", errors="replace")  # a stored excerpt ends in U+FFFD too
                path = Path(tmp) / page.name
                path.write_text(text, encoding="utf-8")
                got = rows(path)
                if isinstance(got, str):
                    shown = sum(1 for r in whole if r["requirement"] and r["requirement"][-8:] in text)
                    if shown >= 2:
                        lost += shown
                        print(f"  {page.name} cut at {cut}: rejected ({got}) with {shown} whole rows shown")
                    continue
                for row in got[:-1]:  # the last row is the one the cut falls in
                    checked += 1
                    same = next((r for r in whole if r["requirement"] == row["requirement"]), None)
                    if same != row:
                        differ += 1
                        if args.verbose:
                            what = {k: (same[k], row[k]) for k in FIELDS if same[k] != row[k]} if same else "a row the page does not have"
                            print(f"  {page.name} cut at {cut}, row {row['seq']}: {what}")
    print(f"{cuts} cuts: {checked} rows before the cut, {differ} read differently, {lost} lost with a rejected page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
