"""`zwgk serve` under hostile requests, under load while an ingest writes, and its throughput.

    python bench/bench_server.py [--hostile 1000] [--soak 60] [--clients 1 8 32] [--seconds 10] [--plans 40]

1. Hostile: `--hostile` generated bad requests (bench/hostile_http.py: broken and huge queries, bad parameters,
   wrong methods, odd encodings, path tricks, bad API parameters, broken framing), each on its own connection;
   counts by status and category; any 5xx is listed; then a good query and an answer must still work.
2. Soak: 8 clients for `--soak` seconds (search, ask, a SPARQL query, a task listing) while `zwgk ingest` adds
   `--plans` synthetic plans to the same store; every response must be a 200 (errors are listed).
3. Throughput: requests/s and latency percentiles of /api/search and of a simple SPARQL query at each
   `--clients` count, `--seconds` each (keep-alive connections, one per client thread).

The server runs as `zwgk serve` in a process of its own on a free loopback port. Clients are Python threads on
the same 2-core machine, so the numbers are for comparing runs, not absolute capacity. Writes
bench/out/server.json.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostile_http import Outcome, generate, send  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
ZWGK = [sys.executable, "-c", "from zwgk.cli import main; main()"]
SEARCHES = ["政务新媒体", "依申请公开", "政策解读", "办公室", "舆情回应", "信息公开 年报", "安徽省 依申请公开", "网站 安全"]
ASKS = ["谁负责依申请公开", "政务新媒体谁牵头", "办公室负责什么", "11月底前要完成哪些任务"]
SIMPLE_SPARQL = "SELECT ?t ?r WHERE { ?t a zwgk:Task ; zwgk:requirement ?r } LIMIT 10"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(store: Path, timeout: float = 30) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen([*ZWGK, "serve", "--store", str(store), "--port", str(port), "--timeout", str(timeout)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"zwgk serve exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            if get(url, "/api/stats")[0] == 200:
                return proc, url
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("zwgk serve did not answer within 120 s")


def get(url: str, path: str, conn: http.client.HTTPConnection | None = None) -> tuple[int, bytes]:
    own = conn is None
    if conn is None:
        parts = urllib.parse.urlsplit(url)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        if own:
            conn.close()


def q(path: str, **params: str) -> str:
    return f"{path}?{urllib.parse.urlencode(params)}"


def hostile(url: str, count: int, seed: int) -> dict[str, object]:
    requests = generate(count, seed)
    outcome = Outcome()
    by_category: dict[str, Counter[int | None]] = {}
    started = time.monotonic()
    lock = threading.Lock()
    queue = list(enumerate(requests))

    def worker() -> None:
        while True:
            with lock:
                if not queue:
                    return
                _, request = queue.pop()
            try:
                status = send(url, request)
            except OSError:
                status = None
            with lock:
                outcome.add(request, status)
                by_category.setdefault(request.category, Counter())[status] += 1

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    after = get(url, q("/sparql", query="SELECT (COUNT(*) AS ?n) WHERE { ?t a zwgk:Task }"))[0], \
        get(url, q("/api/ask", q=ASKS[0]))[0]
    return {"requests": count, "seconds": round(time.monotonic() - started, 1),
            "statuses": {str(k): v for k, v in sorted(outcome.statuses.items())},
            "server_errors": outcome.server_errors, "no_answer": dict(Counter(outcome.no_answer)),
            "by_category": {c: {str(k): v for k, v in counts.items()} for c, counts in sorted(by_category.items())},
            "still_serving": after == (200, 200)}


def load(url: str, clients: int, seconds: float, paths: list[str]) -> dict[str, object]:
    """`clients` threads, each on one keep-alive connection, cycling through `paths` until time is up."""
    parts = urllib.parse.urlsplit(url)
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(offset: int) -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        mine: list[float] = []
        i = offset
        while time.monotonic() < stop:
            path = paths[i % len(paths)]
            i += 1
            t0 = time.perf_counter()
            try:
                status, _ = get(url, path, conn)
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    errors[type(exc).__name__] += 1
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
                continue
            if status != 200:
                with lock:
                    errors[f"HTTP {status} {path[:60]}"] += 1
            mine.append(time.perf_counter() - t0)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    latencies.sort()

    def pct(p: float) -> float:
        return round(1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))], 1) if latencies else 0.0
    return {"clients": clients, "requests": len(latencies), "seconds": round(elapsed, 1),
            "per_second": round(len(latencies) / elapsed, 1), "p50_ms": pct(0.5), "p95_ms": pct(0.95),
            "max_ms": pct(1.0), "errors": dict(errors)}


def soak(url: str, store: Path, seconds: float, plans: int, work: Path) -> dict[str, object]:
    sys.path.insert(0, str(ROOT / "bench"))
    from corpus import write_corpus

    folder = work / "new-plans"
    write_corpus(folder, plans, seed=7)
    paths = [q("/api/search", q=s) for s in SEARCHES] + [q("/api/ask", q=a) for a in ASKS] + \
        [q("/sparql", query=SIMPLE_SPARQL), q("/api/tasks", region="泗县"), "/api/stats"]
    result: dict[str, object] = {}

    def clients() -> None:
        result.update(load(url, 8, seconds, paths))

    thread = threading.Thread(target=clients)
    thread.start()
    time.sleep(2)
    t0 = time.monotonic()
    ingest = subprocess.run([*ZWGK, "ingest", str(folder), "--store", str(store)], capture_output=True, text=True)
    result["ingest_seconds"] = round(time.monotonic() - t0, 1)
    result["ingest_exit"] = ingest.returncode
    result["ingest_summary"] = (ingest.stdout.strip().splitlines() or [""])[0][:200]
    thread.join()
    status, body = get(url, "/api/stats")
    result["tasks_after"] = json.loads(body)["totals"]["tasks"] if status == 200 else None
    _, body = get(url, q("/sparql", query="SELECT (COUNT(*) AS ?n) WHERE { ?t a zwgk:Task }", format="csv"))
    result["sparql_tasks_after"] = int(body.split()[1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hostile", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--soak", type=float, default=60)
    parser.add_argument("--plans", type=int, default=40, help="synthetic plans ingested during the soak")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="zwgk-bench-server-"))
    store = work / "store"
    subprocess.run([*ZWGK, "ingest", str(ROOT / "samples"), "--store", str(store)], check=True, capture_output=True)
    proc, url = start_server(store)
    report: dict[str, object] = {"cpus": os.cpu_count(), "store": "the five samples (160 tasks)"}
    try:
        if args.hostile:
            report["hostile"] = h = hostile(url, args.hostile, args.seed)
            print(f"hostile: {h['requests']} requests in {h['seconds']} s: statuses {h['statuses']}, "
                  f"5xx {len(h['server_errors'])}, no answer {h['no_answer']}, still serving {h['still_serving']}")
        throughput = []
        for clients in args.clients:
            for name, paths in (("search", [q("/api/search", q=s) for s in SEARCHES]),
                                ("sparql", [q("/sparql", query=SIMPLE_SPARQL)])):
                row = {"endpoint": name, **load(url, clients, args.seconds, paths)}
                throughput.append(row)
                print(f"{name:6} {clients:2} clients: {row['per_second']} req/s, p50 {row['p50_ms']} ms, "
                      f"p95 {row['p95_ms']} ms, errors {row['errors']}")
        report["throughput"] = throughput
        if args.soak:
            report["soak"] = s = soak(url, store, args.soak, args.plans, work)
            print(f"soak: 8 clients {s['seconds']} s, {s['requests']} requests, errors {s['errors']}; ingest of "
                  f"{args.plans} plans exit {s['ingest_exit']} in {s['ingest_seconds']} s ({s['ingest_summary']}); "
                  f"tasks after: API {s['tasks_after']}, SPARQL {s['sparql_tasks_after']}")
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(work, ignore_errors=True)
    OUT.mkdir(exist_ok=True)
    (OUT / "server.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
