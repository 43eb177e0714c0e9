"""Bad and hostile HTTP requests for `zwgk serve`, generated from a seed, and a raw sender for them.

Used by bench/bench_server.py (1,000 of them) and tests/test_server_hostile.py (a smaller draw). Each
request is sent on its own socket exactly as built (paths are not normalised, bodies not re-encoded),
so path tricks, broken percent-encodings and lying Content-Length headers reach the server as written.
Categories: broken queries, huge queries, bad parameters, wrong methods, odd encodings, path tricks,
bad API parameters and broken HTTP framing.
"""
from __future__ import annotations

import random
import socket
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Hostile", "generate", "send", "Outcome", "CATEGORIES"]

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples" / "queries").glob("*.rq"))


@dataclass(frozen=True)
class Hostile:
    category: str
    method: str
    path: str  # sent verbatim (may hold bytes that are not UTF-8: latin-1 round trip)
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    raw: bytes | None = None  # a whole request written as is (broken framing)

    def wire(self, host: str) -> bytes:
        if self.raw is not None:
            return self.raw
        lines = [f"{self.method} {self.path} HTTP/1.1", f"Host: {host}", "Connection: close"]
        names = {k.lower() for k, _ in self.headers}
        lines += [f"{k}: {v}" for k, v in self.headers]
        if "content-length" not in names and (self.body or self.method in ("POST", "PUT", "PATCH")):
            lines.append(f"Content-Length: {len(self.body)}")
        return "\r\n".join(lines).encode("latin-1") + b"\r\n\r\n" + self.body


@dataclass
class Outcome:
    statuses: Counter[int] = field(default_factory=Counter)
    no_answer: list[str] = field(default_factory=list)  # the connection closed (or timed out) without a status
    server_errors: list[tuple[int, str, str]] = field(default_factory=list)  # (status, category, request start)

    def add(self, request: Hostile, status: int | None) -> None:
        if status is None:
            self.no_answer.append(request.category)
            return
        self.statuses[status] += 1
        if status >= 500:
            self.server_errors.append((status, request.category, f"{request.method} {request.path[:120]}"))


def _q(query: str) -> str:
    return urllib.parse.quote(query, safe="")


def _form(**fields: str) -> bytes:
    return urllib.parse.urlencode(fields).encode()


FORM = ("Content-Type", "application/x-www-form-urlencoded")
SPARQL = ("Content-Type", "application/sparql-query")


def _broken_query(rng: random.Random) -> str:
    text = EXAMPLES[rng.randrange(len(EXAMPLES))].read_text(encoding="utf-8")
    kind = rng.randrange(8)
    if kind == 0:
        return text[: rng.randrange(1, len(text))]  # cut anywhere
    if kind == 1:
        chars = list(text)
        for _ in range(rng.randrange(1, 20)):
            chars[rng.randrange(len(chars))] = rng.choice("{}()<>\"'?$#;.,^*|\\:@")
        return "".join(chars)
    if kind == 2:
        return "SELECT * WHERE { " + "(" * rng.randrange(300, 20000) + " }"  # deep nesting
    if kind == 3:
        return "".join(chr(rng.randrange(1, 0x2FFF)) for _ in range(rng.randrange(1, 400)))
    if kind == 4:
        return rng.choice(["SELECT", "ASK {", "CONSTRUCT", "DESCRIBE", "PREFIX : <", "SELECT ?x WHERE { ?x nope:p ?y }",
                           'SELECT * WHERE { ?s ?p "unterminated }', "SELECT (1/0 AS ?x) {}", "\x00SELECT * {}",
                           "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
                           "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
                           "SELECT * WHERE { ?s ?p ?o } LIMIT -1", "SELECT * WHERE { BIND(REGEX('a', '(') AS ?x) }"])
    if kind == 5:
        return "SELECT * WHERE { " + " UNION ".join("{ ?s ?p ?o }" for _ in range(rng.randrange(50, 3000))) + " } LIMIT 1"
    if kind == 6:
        return "SELECT * WHERE { VALUES ?x { " + " ".join(f'"{i}"' for i in range(rng.randrange(100, 20000))) + " } } LIMIT 1"
    return text.replace("SELECT", "SELEKT", 1)


def _broken(rng: random.Random) -> Hostile:
    query = _broken_query(rng)
    how = rng.randrange(3)
    if how == 0:
        return Hostile("broken query", "GET", "/sparql?query=" + _q(query))
    if how == 1:
        return Hostile("broken query", "POST", "/sparql", (FORM,), _form(query=query))
    return Hostile("broken query", "POST", "/sparql", (SPARQL,), query.encode("utf-8", "surrogatepass"))


def _huge(rng: random.Random) -> Hostile:
    size = rng.choice([600_000, 1_000_000, 3_000_000, 8_000_000])
    filler = "# " + "x" * (size - 40) + "\nSELECT * WHERE { ?s ?p ?o } LIMIT 1"
    how = rng.randrange(4)
    if how == 0:
        return Hostile("huge query", "POST", "/sparql", (SPARQL,), filler.encode())
    if how == 1:
        return Hostile("huge query", "POST", "/sparql", (FORM,), _form(query=filler))
    if how == 2:
        return Hostile("huge query", "GET", "/sparql?query=" + _q(filler[: rng.choice([20_000, 60_000, 200_000])]))
    # a Content-Length far beyond what is sent: the server must refuse it, not wait for it
    return Hostile("huge query", "POST", "/sparql", (SPARQL, ("Content-Length", str(10**12))), b"SELECT")


def _bad_params(rng: random.Random) -> Hostile:
    ok = _q("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    choices = [
        "/sparql?query=", "/sparql?query", "/sparql?query=" + ok + "&query=" + ok, "/sparql?default-graph-uri=not%20an%20iri&query=" + ok,
        "/sparql?named-graph-uri=" + _q("<>") + "&query=" + ok, "/sparql?query=" + ok + "&format=" + _q("../../etc"),
        "/sparql?update=" + _q("DROP ALL"), "/sparql?query=" + ok + "&update=" + _q("CLEAR ALL"),
        "/sparql?" + "&".join(f"p{i}=x" for i in range(rng.randrange(300, 3000))),
        "/sparql?query=" + ok + "&default-graph-uri=" + _q("javascript:alert(1)"),
        "/rdf-graphs", "/rdf-graphs?graph=", "/rdf-graphs?graph=a&graph=b", "/rdf-graphs?graph=" + _q("http://x/ y"),
        "/rdf-graphs?default&graph=http://a", "/rdf-graphs?graph=" + _q("https://w3id.org/zwgk/id/graph/plan/../../etc"),
    ]
    headers: tuple[tuple[str, str], ...] = ()
    if rng.random() < 0.3:
        headers = (("Accept", rng.choice(["image/png", "*/*;q=abc", "application/sparql-results+json;q=0", ",,,;;;",
                                          "text/csv;q=0.5, " * 200, "\x7f"])),)
    return Hostile("bad parameters", "GET", rng.choice(choices), headers)


def _wrong_method(rng: random.Random) -> Hostile:
    method = rng.choice(["PUT", "DELETE", "PATCH", "TRACE", "CONNECT", "FOO", "PROPFIND", "OPTIONS", "HEAD", "POST"])
    path = rng.choice(["/sparql", "/rdf-graphs?graph=https://w3id.org/zwgk/id/graph/regions", "/api/search?q=x", "/",
                       "/api/stats", "/static/app.js", "/api/openapi.json"])
    headers: tuple[tuple[str, str], ...] = ()
    body = b""
    if method == "POST" and path == "/sparql":
        headers = (("Content-Type", rng.choice(["text/plain", "application/json", "multipart/form-data; boundary=x", ""])),)
        body = b'{"query": "SELECT * {}"}'
    return Hostile("wrong method", method, path, headers, body)


def _odd_encoding(rng: random.Random) -> Hostile:
    choice = rng.randrange(9)
    if choice == 0:
        return Hostile("odd encoding", "GET", "/sparql?query=%ZZ%G1%")
    if choice == 1:
        return Hostile("odd encoding", "GET", "/sparql?query=%C3%28%FF%FE")  # percent-encoded bytes that are not UTF-8
    if choice == 2:
        return Hostile("odd encoding", "GET", "/sparql?query=" + "SELECT\xff\xfe".encode("latin-1").decode("latin-1"))
    if choice == 3:
        return Hostile("odd encoding", "POST", "/sparql", (SPARQL,), "SELECT * WHERE { ?s ?p '中' }".encode("gbk"))
    if choice == 4:
        return Hostile("odd encoding", "POST", "/sparql", (("Content-Type", "application/sparql-query; charset=utf-16"),),
                       "SELECT * {}".encode("utf-16"))
    if choice == 5:
        return Hostile("odd encoding", "POST", "/sparql", (FORM,), b"query=%E4%B8&update=\xff\xfe")
    if choice == 6:
        return Hostile("odd encoding", "GET", "/api/ask?q=%E8%B0%81%E8%B4")  # a cut UTF-8 sequence
    if choice == 7:
        return Hostile("odd encoding", "GET", "/api/search?q=" + _q("\u202e\u0000\ud7ff\ufeff谁"))
    return Hostile("odd encoding", "POST", "/sparql", (("Content-Type", "application/x-www-form-urlencoded; charset=gbk"),),
                   "query=SELECT * WHERE { ?s ?p '办公室' } LIMIT 1".encode("gbk"))


def _path_trick(rng: random.Random) -> Hostile:
    return Hostile("path trick", "GET", rng.choice([
        "/static/../pyproject.toml", "/static/%2e%2e/%2e%2e/pyproject.toml", "/static/..%2f..%2fpyproject.toml",
        "/static//etc/passwd", "/static/%00", "/static/app.js%00.png", "/../../../../etc/passwd", "//etc/passwd",
        "/static/vendor/yasgui/../../../../server/app.py", "/static/" + "a/" * 2000, "/" + "x" * 60000,
        "/static/\\..\\..\\pyproject.toml", "/api/../sparql", "/api/%2e%2e/sparql", "/static/.%2e/.%2e/cli.py",
        "/font/cjk.otf/../../etc/passwd", "/static/%c0%ae%c0%ae/pyproject.toml", "/%u002e%u002e/", "/api/",
        "/api/source?doc=" + _q("../../etc/passwd"), "/api/source?doc=" + _q("/etc/passwd"),
        "/sparql/../static/app.js", "/static/index.html?" + "x=" * 5000,
    ]))


def _bad_api(rng: random.Random) -> Hostile:
    return Hostile("bad API parameters", "GET", rng.choice([
        "/api/search", "/api/search?q=", "/api/search?q=" + _q("x" * 5000), "/api/search?q=a&top=-5", "/api/search?q=a&top=1e9",
        "/api/ask?q=" + _q("谁") + "&year=abc", "/api/ask?q=a&due_before=2020-13-45", "/api/ask?q=a&due_after=" + _q("'; DROP"),
        "/api/tasks?year=99999999999999999999", "/api/tasks?ongoing=perhaps", "/api/tasks?format=exe", "/api/tasks?region=" + _q("<script>"),
        "/api/compare", "/api/compare?q=" + _q("依申请公开") + "&format=pdf", "/api/plans?year=2022&year=2023",
        "/api/source", "/api/source?doc=", "/api/stats?x=" + "y" * 10000, "/api/charts?year=-1",
        "/api/ask?q=" + _q("谁负责" * 600), "/api/search?q=" + _q("SELECT * WHERE { ?s ?p ?o }") + "&literal=maybe",
    ]))


def _framing(rng: random.Random) -> Hostile:
    raw = rng.choice([
        b"GET /sparql HTTP/1.1\r\n\r\n",  # no Host
        b"GARBAGE\r\n\r\n", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",  # a TLS hello
        b"GET / HTTP/9.9\r\nHost: localhost\r\n\r\n",
        b"POST /sparql HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nContent-Type: application/sparql-query\r\n\r\nZZ\r\nSELECT\r\n0\r\n\r\n",
        b"POST /sparql HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nSELECT*",
        b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: localhost\r\n" + b"X-Long: " + b"a" * 100_000 + b"\r\n\r\n",
        b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: localhost\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(500)) + b"\r\n",
        b"GET /\x00 HTTP/1.1\r\nHost: localhost\r\n\r\n",
    ])
    return Hostile("broken framing", "RAW", "", raw=raw)


CATEGORIES = {"broken query": _broken, "huge query": _huge, "bad parameters": _bad_params, "wrong method": _wrong_method,
              "odd encoding": _odd_encoding, "path trick": _path_trick, "bad API parameters": _bad_api,
              "broken framing": _framing}
_WEIGHTS = {"broken query": 30, "huge query": 6, "bad parameters": 14, "wrong method": 10, "odd encoding": 12,
            "path trick": 12, "bad API parameters": 12, "broken framing": 4}


def generate(count: int, seed: int = 0) -> list[Hostile]:
    rng = random.Random(seed)
    names = list(_WEIGHTS)
    weights = [_WEIGHTS[n] for n in names]
    return [CATEGORIES[rng.choices(names, weights)[0]](rng) for _ in range(count)]


def send(url: str, request: Hostile, timeout: float = 120) -> int | None:
    """Send one request on a fresh connection; the status it got, or None when the server closed without one."""
    parts = urllib.parse.urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    with socket.create_connection((host, port), timeout=timeout) as sock:
        try:
            sock.sendall(request.wire(f"{host}:{port}"))
        except OSError:
            pass  # the server may answer and close before a huge body is sent: read what it said
        data = b""
        try:
            while b"\r\n" not in data:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                data += chunk
        except OSError:
            return None
    first = data.split(b"\r\n", 1)[0].split()
    if len(first) >= 2 and first[0].startswith(b"HTTP/") and first[1].isdigit():
        return int(first[1])
    return None
