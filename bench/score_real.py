#!/usr/bin/env python3
"""Score the parser on the real development set (../shared/eval/real).

Parses every page in real/docs in-process, writes `<doc>.jsonl` as `zwgk
parse --format jsonl` would, and prints:

- the task-row scores of ../shared/eval/score_parse.py per plan and overall;
- negatives rejected (a look-alike must fail with `not a task plan: …`);
- tracebacks (any exception that is not a ParseError);
- plan metadata against gold/docs.json: title, issuer, region, year, 文号
  and cited-policy F1 over the task plans.

The evaluation data is never copied into the project: this script only reads
it where it lies, and skips with a message when it is absent.

    python bench/score_real.py [--real ../shared/eval/real] [--out DIR] [-v]
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import tempfile
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_REAL = HERE.parent.parent / "shared" / "eval" / "real"
PINYIN = re.compile(r"(?<=[\u3400-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
WS = re.compile(r"\s+")


def _scorer(real: Path):
    path = real.parent / "score_parse.py"
    spec = importlib.util.spec_from_file_location("score_parse", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _clean(value):
    """The key removes injected pinyin from every text field; do the same to ours."""
    if isinstance(value, str):
        return PINYIN.sub("", value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


def _norm(text: str | None) -> str:
    return WS.sub("", text or "")


def _policy_f1(gold: list[dict], pred: list[dict]) -> tuple[int, int, int]:
    g = {_norm(p["title"]) for p in gold}
    p = {_norm(x["title"]) for x in pred}
    return len(g & p), len(p - g), len(g - p)


def dev_set(real: Path):
    """(the eval scorer module, docs.json by file name) of the development set at `real`, or None (with a
    line saying so) when it is not there."""
    if not (real / "docs").is_dir() or not (real / "gold" / "docs.json").is_file():
        print(f"skip: no development set at {real}")
        return None
    docs = json.loads((real / "gold" / "docs.json").read_text(encoding="utf-8"))
    return _scorer(real), {d["doc"]: d for d in docs}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--real", type=Path, default=DEFAULT_REAL)
    ap.add_argument("--out", type=Path, default=None, help="where to write the jsonl (default: a temp folder)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print per-plan rows and metadata misses")
    args = ap.parse_args(argv)
    real: Path = args.real
    found = dev_set(real)
    if found is None:
        return 0
    scorer, gold_docs = found

    from zwgk.ingest.errors import ParseError
    from zwgk.ingest.parser import parse_file
    from zwgk.ingest.records import plan_record, task_records

    out = args.out or Path(tempfile.mkdtemp(prefix="zwgk-real-"))
    out.mkdir(parents=True, exist_ok=True)

    tracebacks, neg_total, neg_ok, plans_failed = 0, 0, 0, []
    meta = {k: [0, 0] for k in ("title", "issuer", "region", "year", "doc_number")}
    pol = [0, 0, 0]
    counts = [0] * 10
    for path in sorted((real / "docs").glob("*.txt")):
        gold = gold_docs.get(path.name)
        if gold is None:
            continue
        try:
            plan = parse_file(path)
            error = None
        except ParseError as exc:
            plan, error = None, exc
        except Exception:  # noqa: BLE001 - counting crashes is the point
            tracebacks += 1
            plan, error = None, "traceback"
            if args.verbose:
                traceback.print_exc()
        rows = [_clean(r.to_json()) for r in task_records(plan)] if plan else []
        (out / f"{path.stem}.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                               encoding="utf-8")
        if not gold["is_task_plan"]:
            neg_total += 1
            neg_ok += plan is None and error != "traceback"
            if plan is not None and args.verbose:
                print(f"  NEGATIVE ACCEPTED {path.name}: {len(rows)} rows ({plan.layout})")
            continue
        if plan is None and gold["visible_task_rows"]:
            plans_failed.append(f"{path.name}: {error}")
        gfile = real / "gold" / f"{path.stem}.jsonl"
        s = scorer.score(scorer.load(gfile), rows)
        counts = [a + b for a, b in zip(counts, s["_counts"], strict=True)]
        if args.verbose:
            print(scorer.line(path.stem, s))
        if plan is None:
            continue
        rec = _clean(plan_record(plan).to_parse_json())
        got = {
            "title": _norm(rec["title"]) or None,
            "issuer": rec["issuer"],
            "region": "".join(c for c in rec["region_chain"]) or (rec["region"] or None),
            "year": rec["year"] if not rec.get("year_inferred") else None,
            "doc_number": rec["doc_number"],
        }
        for key in meta:
            want = gold[key] if key != "title" else (_norm(gold["title"]) or None)
            meta[key][1] += 1
            ok = want == got[key]
            meta[key][0] += ok
            if not ok and args.verbose:
                print(f"  meta {path.stem} {key}: want {want!r} got {got[key]!r}")
        tp, fp, fn = _policy_f1(gold["cited_policies"], rec["cited_policies"])
        pol = [pol[0] + tp, pol[1] + fp, pol[2] + fn]

    n_pair, ng, npred, sec, tp, fp, fn, rok, rn, dl = counts
    p = n_pair / npred if npred else 0.0
    r = n_pair / ng if ng else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    uf1 = 2 * tp / (2 * tp + fp + fn) if (tp + fp + fn) else 1.0
    print(f"real: rows {n_pair}/{ng} (pred {npred}) F1 {f1:.3f} · section {sec / max(n_pair, 1):.3f} · "
          f"unit F1 {uf1:.3f} · role {rok / max(rn, 1):.3f} · deadline {dl / max(n_pair, 1):.3f} · "
          f"negatives rejected {neg_ok}/{neg_total} · tracebacks {tracebacks}")
    print("metadata (task plans): " + " · ".join(f"{k} {v[0]}/{v[1]}" for k, v in meta.items())
          + f" · cited policies F1 {2 * pol[0] / max(2 * pol[0] + pol[1] + pol[2], 1):.3f}"
          f" (tp {pol[0]} fp {pol[1]} fn {pol[2]})")
    for line in plans_failed:
        print(f"  plan rejected: {line}")
    if args.out is None:
        print(f"jsonl written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
