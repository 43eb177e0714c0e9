"""Shared fixtures: the bundled samples and the hand-checked key copied from the eval set."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLD = FIXTURES / "gold"
SAMPLE_NAMES = sorted(p.stem for p in SAMPLES.glob("*.txt"))


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def gold_plans() -> dict[str, dict]:
    return {p["doc"]: p for p in json.loads((GOLD / "plans.json").read_text(encoding="utf-8"))}
