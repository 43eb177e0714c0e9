"""Bad and hostile requests (bench/hostile_http.py) never get a 5xx, and the server keeps serving.

bench/bench_server.py sends 1,000 of them; this test a seeded draw of 200 from every category.
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from server_helpers import get_query, request, running

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from hostile_http import CATEGORIES, Outcome, generate, send  # noqa: E402


@pytest.fixture(scope="module")
def server(indexed_sample_store: Path) -> Iterator[str]:
    with running(indexed_sample_store, timeout=10) as url:
        yield url


def test_hostile_requests_get_no_server_error_and_the_server_goes_on(server: str) -> None:
    requests = generate(200, seed=13)
    assert {r.category for r in requests} == set(CATEGORIES)
    outcome = Outcome()
    for hostile in requests:
        outcome.add(hostile, send(server, hostile))
    assert outcome.server_errors == []
    assert sum(outcome.statuses.values()) >= 190, outcome.no_answer  # a few framing errors may just be closed
    assert any(400 <= s < 500 for s in outcome.statuses)
    status, _, body = get_query(server, "SELECT (COUNT(*) AS ?n) WHERE { ?t a zwgk:Task }", "text/csv")
    assert status == 200 and body.split()[1] == b"160"
    assert request(server, "GET", "/api/ask?q=%E8%B0%81%E8%B4%9F%E8%B4%A3%E4%BE%9D%E7%94%B3%E8%AF%B7%E5%85%AC%E5%BC%80")[0] == 200
