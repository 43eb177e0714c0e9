"""The graph in a SPARQL 1.1 server: Query and Update over the SPARQL Protocol, whole graphs over the Graph Store Protocol.

`RemoteStore` answers the same calls as the embedded store (select, ask,
update, graphs, replace/remove a graph, bulk load, serialise), so ingest,
remove, sparql, tasks, export, validate and the analyses run unchanged on it.

Writes are one request per plan graph where the server allows it: a Graph
Store PUT replaces the plan's graph in one request (a server gets the whole
body or none of it), and the triples are counted after each write, so a graph
the server refused or cut is reported, never taken for stored. Without a
Graph Store endpoint a plan is one SPARQL Update (DROP + INSERT DATA).
Connection errors and 502/503/504 are retried with backoff; every operation
zwgk sends is idempotent (replace, drop, insert of a set), so a retry after a
lost answer changes nothing.

Reads ask for SPARQL XML results: Virtuoso's JSON writes booleans as "1" and
uses the pre-1.1 "typed-literal" type, its XML is the standard. A result the
server cut at its row limit (Virtuoso's `X-SPARQL-MaxRows` header) is an error
naming the setting, not a silently short answer.
"""
from __future__ import annotations

import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zwgk.errors import UserError

__all__ = ["RemoteStore", "RemoteError", "GraphRefused", "Endpoints", "is_remote", "endpoints_from", "ZWGK_GRAPHS"]

#: Every graph zwgk writes is named under this prefix; a server's own graphs (Virtuoso's virtrdf#, DAV/) are not ours.
ZWGK_GRAPHS = "https://w3id.org/zwgk/"
_SCHEME = re.compile(r"^sparql\+(https?):/+", re.I)
_RETRY_STATUS = {502, 503, 504}
_FORM = re.compile(r"^\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>|#[^\n]*)\s*)*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b",
                   re.I)


class RemoteError(UserError):
    """The server refused, lost or cut something; the message is one line saying what and what to do."""


class GraphRefused(RemoteError, ValueError):
    """The server refused one graph's data, or kept only part of it: that plan fails alone (it is left absent)."""


def is_remote(location: str | Path) -> bool:
    """`sparql+http://…` / `sparql+https://…` (a Path made of it has lost one slash: still remote)."""
    return bool(_SCHEME.match(str(location)))


@dataclass(frozen=True)
class Endpoints:
    """Where the server takes queries, updates and whole graphs (Virtuoso: /sparql, /sparql, /sparql-graph-crud)."""

    query: str
    update: str
    gsp: str | None = None

    @property
    def location(self) -> str:
        """The store location as users write it (`sparql+http://HOST:PORT/sparql`)."""
        return "sparql+" + self.query


def endpoints_from(location: str | Path, update: str | None = None, gsp: str | None = None) -> Endpoints:
    """`sparql+http://HOST:PORT/PATH` → its HTTP endpoints; update defaults to the query endpoint."""
    text = str(location)
    m = _SCHEME.match(text)
    if not m:
        raise RemoteError(f"{text} is not a SPARQL store location (sparql+http://HOST:PORT/PATH)")
    query = f"{m.group(1).lower()}://{text[m.end():]}"
    return Endpoints(query, update or query, gsp or None)


def _first_line(data: bytes | str, most: int = 200) -> str:
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:most]
    return ""


class RemoteStore:
    """A SPARQL 1.1 server behind zwgk's store interface (see the module docstring)."""

    kind = "sparql"

    def __init__(self, endpoints: Endpoints, user: str = "", password: str = "", *, read_only: bool = False,
                 lock: Any = None, path: Path | None = None, timeout: float = 600.0, retries: int = 5) -> None:
        self.endpoints = endpoints
        self.read_only = read_only
        self.path = path  # the local folder (index, journal) bound to this server, if any
        self.timeout, self.retries = timeout, retries
        self._lock = lock
        self._server: str | None = None
        handlers: list[Any] = []
        if user:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in {endpoints.query, endpoints.update, endpoints.gsp or endpoints.query}:
                passwords.add_password(None, url, user, password)
            handlers += [urllib.request.HTTPBasicAuthHandler(passwords), urllib.request.HTTPDigestAuthHandler(passwords)]
        self._opener = urllib.request.build_opener(*handlers)

    # -- HTTP ------------------------------------------------------------------------------------
    def _send(self, method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None,
              ok: tuple[int, ...] = ()) -> tuple[int, dict[str, str], bytes]:
        """One request, retried with backoff on connection errors and 502/503/504; other HTTP errors raise."""
        delay = 0.5
        for attempt in range(self.retries):
            request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
            try:
                with self._opener.open(request, timeout=self.timeout) as response:
                    self._server = self._server or response.headers.get("Server", "")
                    return response.status, dict(response.headers.items()), response.read()
            except urllib.error.HTTPError as exc:
                data = exc.read()
                if exc.code in ok:
                    return exc.code, dict(exc.headers.items()), data
                if exc.code in _RETRY_STATUS and attempt + 1 < self.retries:
                    time.sleep(delay)
                    delay *= 2
                    continue
                raise self._refused(exc.code, data, method, url) from None
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as exc:
                if attempt + 1 < self.retries:
                    time.sleep(delay)
                    delay *= 2
                    continue
                reason = getattr(exc, "reason", exc)
                raise RemoteError(f"cannot reach the SPARQL server at {url} ({reason}) after {self.retries} tries: "
                                  "is it running, and is the address right?") from None
        raise AssertionError("unreachable")

    def _refused(self, code: int, data: bytes, method: str, url: str) -> RemoteError:
        said = _first_line(data)
        hint = ""
        if code == 400 and method in ("PUT", "POST") and "graph=" in url:
            return GraphRefused(f"the SPARQL server refused the graph (HTTP 400: {said})")
        if code in (401, 403) or "SPARQL_UPDATE" in said or "permission" in said.lower():
            hint = (": the server refuses writes from this user — give it update rights (Virtuoso: "
                    "isql-vt PORT dba PASSWORD exec='grant SPARQL_UPDATE to \"SPARQL\";') or set "
                    "ZWGK_SPARQL_USER / ZWGK_SPARQL_PASSWORD")
        return RemoteError(f"the SPARQL server refused {method} {url.split('?')[0]} (HTTP {code}: {said}){hint}")

    def _post_form(self, url: str, field: str, text: str, accept: str,
                   extra: Iterable[tuple[str, str]] = ()) -> tuple[dict[str, str], bytes]:
        body = urllib.parse.urlencode([(field, text), *extra]).encode()
        _, headers, data = self._send("POST", url, body, {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                                                          "Accept": accept})
        return headers, data

    def _gsp_url(self, graph: str) -> str:
        assert self.endpoints.gsp is not None
        sep = "&" if "?" in self.endpoints.gsp else "?"
        return f"{self.endpoints.gsp}{sep}{urllib.parse.urlencode({'graph': graph})}"

    # -- queries ---------------------------------------------------------------------------------
    def _portable(self, query: str) -> tuple[str, dict[bytes, bytes]]:
        """The query as this server reads it, and what to put back into its answer (graph/virtuoso.py)."""
        if self._server is None:
            self._send("GET", self.endpoints.query + "?" + urllib.parse.urlencode({"query": "ASK {}"}), None,
                       {"Accept": "application/sparql-results+xml"})
        if not (self._server or "").startswith("Virtuoso"):
            return query, {}
        from zwgk.graph.virtuoso import virtuoso_safe

        return virtuoso_safe(query)

    def _ask_server(self, query: str, accept: str, dataset: Iterable[tuple[str, str]] = ()) -> bytes:
        query, restore = self._portable(query)
        headers, data = self._post_form(self.endpoints.query, "query", query, accept, dataset)
        _check_cut(headers)
        for placeholder, original in restore.items():
            data = data.replace(placeholder, original)
        return data

    def _results(self, query: str, dataset: Iterable[tuple[str, str]] = ()) -> Any:
        """SELECT/ASK → pyoxigraph QuerySolutions/QueryBoolean parsed from the server's XML results."""
        import pyoxigraph as ox

        data = self._ask_server(query, "application/sparql-results+xml", dataset)
        try:
            return ox.parse_query_results(data, ox.QueryResultsFormat.XML)
        except (SyntaxError, ValueError) as exc:
            raise RemoteError(f"the SPARQL server answered with something that is not SPARQL XML results "
                              f"({_first_line(data, 120) or exc})") from None

    def select(self, query: str) -> tuple[list[str], list[list[Any]]]:
        result = self._results(query)
        names = [v.value for v in result.variables]
        return names, [[None if row[n] is None else row[n].value for n in names] for row in result]

    def ask(self, query: str) -> bool:
        return bool(self._results(query))

    def raw_query(self, query: str, default_graphs: Iterable[str] = (), named_graphs: Iterable[str] = ()) -> Any:
        """Results as pyoxigraph objects, as the embedded store gives them (graph results through a small
        in-memory store, so callers serialise them the same way). The graphs go to the server as the
        protocol's default-graph-uri / named-graph-uri; without them its default graph is the union of
        its graphs (Virtuoso's, and zwgk's convention)."""
        import pyoxigraph as ox

        dataset = [("default-graph-uri", g) for g in default_graphs] + [("named-graph-uri", g) for g in named_graphs]
        m = _FORM.match(query)
        if m and m.group(1).upper() in ("SELECT", "ASK"):
            return self._results(query, dataset)
        data = self._ask_server(query, "application/n-triples", dataset)
        memory = ox.Store()
        memory.load(data, ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
        return memory.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")

    def count(self, graph: str) -> int:
        _, rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        return int(rows[0][0]) if rows else 0

    def count_all(self) -> int:
        """Triples in zwgk's graphs (the server's own left out)."""
        _, rows = self.select(f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} '
                              f'FILTER(STRSTARTS(STR(?g), "{ZWGK_GRAPHS}")) }}')
        return int(rows[0][0]) if rows else 0

    def graphs(self) -> list[str]:
        _, rows = self.select(f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{ZWGK_GRAPHS}")) }}')
        return sorted(row[0] for row in rows)

    # -- writes ----------------------------------------------------------------------------------
    def update(self, sparql: str) -> None:
        """One SPARQL 1.1 Update request (the server decides how atomic it is; Virtuoso commits it as one)."""
        self._check_writable()
        self._post_form(self.endpoints.update, "update", sparql, "*/*")

    def _check_writable(self) -> None:
        if self.read_only:
            raise RemoteError("this store was opened read-only")

    def replace_graph(self, graph_iri: str, ntriples: str) -> None:
        """The graph's triples become exactly these: one Graph Store PUT (or one Update), then counted."""
        self._check_writable()
        data = ntriples.encode("utf-8")
        if self.endpoints.gsp:
            self._send("PUT", self._gsp_url(graph_iri), data, {"Content-Type": "application/n-triples"})
        else:
            self.update(f"DROP SILENT GRAPH <{graph_iri}> ;\nINSERT DATA {{ GRAPH <{graph_iri}> {{\n{ntriples}\n}} }}")
        self._verify(graph_iri, _distinct_lines(ntriples))

    def add_to_graph(self, graph_iri: str, ntriples: str) -> None:
        """Merge triples into a graph (Graph Store POST; INSERT DATA without one)."""
        self._check_writable()
        if not ntriples.strip():
            return
        if self.endpoints.gsp:
            self._send("POST", self._gsp_url(graph_iri), ntriples.encode("utf-8"),
                       {"Content-Type": "application/n-triples"})
        else:
            self.update(f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{ntriples}\n}} }}")

    def load_ntriples(self, graph_iri: str, data: bytes) -> None:
        self.add_to_graph(graph_iri, data.decode("utf-8"))

    def remove_graph(self, graph_iri: str) -> None:
        self._check_writable()
        if self.endpoints.gsp:
            self._send("DELETE", self._gsp_url(graph_iri), None, ok=(404,))
        else:
            self.update(f"DROP SILENT GRAPH <{graph_iri}>")

    def _verify(self, graph_iri: str, expected: int) -> None:
        got = self.count(graph_iri)
        if got != expected:
            self.remove_graph(graph_iri)  # never half a plan: the plan is absent, and said so
            raise GraphRefused(f"the SPARQL server kept {got} of the {expected} triples written to <{graph_iri}>, "
                               "so the graph was removed; check the server's log and ingest the file again")

    def put_plan(self, graph: str, plan_nt: str, shared_nt: dict[str, str], cleanup: list[str]) -> None:
        """A plan: its shared entities merged first (so a stored plan never names a missing one), then its
        graph replaced in one request and counted, then the clean-up Update of entities nothing names."""
        from zwgk.graph import namespace as ns

        for kind, text in shared_nt.items():
            self.add_to_graph(str(ns.SHARED_GRAPHS[kind]), text)
        self.replace_graph(graph, plan_nt)
        if cleanup:
            self.update(" ;\n".join(cleanup))

    def bulk_load_nquads(self, data: bytes) -> None:
        """Many new graphs: shared graphs merged first, then each plan graph PUT and counted."""
        from zwgk.graph import namespace as ns

        shared = {str(g) for g in ns.SHARED_GRAPHS.values()}
        by_graph = split_nquads(data)
        for graph in sorted(by_graph, key=lambda g: g not in shared):
            text = "\n".join(by_graph[graph]) + "\n"
            if graph in shared:
                self.add_to_graph(graph, text)
            else:
                self.replace_graph(graph, text)

    def flush(self) -> None:
        """Nothing is buffered on this side: every write was one finished request."""

    # -- reading whole graphs --------------------------------------------------------------------
    def graph_ntriples(self, graph: str) -> bytes:
        """One graph as N-Triples, checked against its count (Virtuoso cuts even Graph Store GETs at its row limit)."""
        expected = self.count(graph)
        if self.endpoints.gsp:
            _, _, data = self._send("GET", self._gsp_url(graph), None, {"Accept": "application/n-triples"})
        else:
            _, data = self._post_form(self.endpoints.query, "query",
                                      f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
                                      "application/n-triples")
        got = sum(1 for line in data.splitlines() if line.strip() and not line.lstrip().startswith(b"#"))
        if got < expected:
            raise RemoteError(f"the SPARQL server sent {got} of the {expected} triples of <{graph}> (Virtuoso: "
                              "raise ResultSetMaxRows in the [SPARQL] section of virtuoso.ini and restart it)")
        return data

    def described_ntriples(self, subjects: Iterable[tuple[str, str]]) -> bytes:
        """The triples of each (subject, graph) pair as N-Triples, 200 pairs to a CONSTRUCT (validation's
        batches: the shared entities a few plans name)."""
        pairs = list(subjects)
        out = []
        for start in range(0, len(pairs), 200):
            values = " ".join(f"(<{s}> <{g}>)" for s, g in pairs[start:start + 200])
            _, data = self._post_form(self.endpoints.query, "query",
                                      f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES (?s ?g) {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}",
                                      "application/n-triples")
            out.append(data if data.endswith(b"\n") or not data else data + b"\n")
        return b"".join(out)

    def _copy(self) -> Any:
        """Every zwgk graph of the server in an in-memory Oxigraph store (for exports, which read it all)."""
        import pyoxigraph as ox

        memory = ox.Store()
        for graph in self.graphs():
            memory.load(self.graph_ntriples(graph), ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
        return memory

    def quads(self) -> Iterator[Any]:
        """Every quad of zwgk's graphs (the server's own graphs left out)."""
        return iter(self._copy())

    def serialize(self, fmt: str) -> bytes:
        """Every zwgk graph (nq, trig, jsonld keep them apart; ttl and nt are their union)."""
        import pyoxigraph as ox

        memory = self._copy()
        formats = {"nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD}
        if fmt in formats:
            return memory.dump(format=formats[fmt]) or b""
        union = memory.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        return union.serialize(format={"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}[fmt]) or b""

    def close(self) -> None:
        if self._lock is not None:
            self._lock, lock = None, self._lock
            lock.release()


def _check_cut(headers: dict[str, str]) -> None:
    cut = {k.lower(): v for k, v in headers.items()}.get("x-sparql-maxrows")
    if cut:
        raise RemoteError(f"the SPARQL server cut the answer at {cut} rows (Virtuoso: raise ResultSetMaxRows "
                          "in the [SPARQL] section of virtuoso.ini and restart it)")


def _distinct_lines(ntriples: str) -> int:
    return len({line.strip() for line in ntriples.splitlines() if line.strip() and not line.lstrip().startswith("#")})


def split_nquads(data: bytes) -> dict[str, list[str]]:
    """N-Quads → graph IRI → its triples as N-Triples lines (deduplicated, first-seen order)."""
    import pyoxigraph as ox

    out: dict[str, dict[str, None]] = {}
    for quad in ox.parse(data, ox.RdfFormat.N_QUADS):
        graph = getattr(quad.graph_name, "value", "")
        out.setdefault(graph, {})[f"{quad.subject} {quad.predicate} {quad.object} ."] = None
    return {g: list(lines) for g, lines in out.items()}


def ntriples_lines(triples: Iterable[Any]) -> str:
    """pyoxigraph triples → N-Triples text (their str() is N-Triples syntax)."""
    return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples)
