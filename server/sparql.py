"""The SPARQL 1.1 Protocol at /sparql and the Graph Store Protocol's read side at /rdf-graphs.

Queries arrive by GET (`?query=`), by POST as a form (`query=`) or as
`application/sparql-query`; `default-graph-uri` and `named-graph-uri` choose
the dataset, otherwise the default graph is the union of every plan's graph
and the shared ones, as in `zwgk sparql`. The zwgk prefixes are bound by the
parser, so error positions are those of the text sent. SPARQL Update is a 403
unless the server was started with --allow-update, and even then only from
this origin (a page elsewhere cannot post a form that changes the store).
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from zwgk.errors import UserError
from zwgk.graph.sparql import update_keyword, uses_service
from zwgk.server.config import ServerConfig
from zwgk.server.negotiation import GRAPH_MEDIA, RESULT_MEDIA, parse_accept
from zwgk.server.query_pool import QueryPool, QueryTimeout
from zwgk.server.query_worker import QueryAnswer, QueryRequest
from zwgk.server.request_io import (
    BadRequest,
    error,
    form_params,
    media_type,
    query_params,
    read_body,
    text_body,
)
from zwgk.workspace.results import QueryFailed

__all__ = ["SparqlEndpoint", "READ_ONLY"]

Updater = Callable[[str], Awaitable[str]]

READ_ONLY = ("the endpoint is read-only (SPARQL Update is refused): the graph is built from the plan files, so "
             "change data with `zwgk ingest FILE…` and `zwgk remove FILE…`, or start `zwgk serve --allow-update`")

_CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "Content-Type"}


def _checked_iri(value: str, name: str) -> str:
    import pyoxigraph as ox

    try:
        ox.NamedNode(value)
    except ValueError as exc:
        raise BadRequest(400, f"{name} is not an absolute IRI: {value[:200]!r} ({exc})") from exc
    if ":" not in value:
        raise BadRequest(400, f"{name} is not an absolute IRI: {value[:200]!r}")
    return value


class SparqlEndpoint:
    """The two protocol endpoints over one QueryPool; `updater` applies an update when updates are allowed."""

    def __init__(self, config: ServerConfig, pool: QueryPool, updater: Updater | None = None) -> None:
        self.config = config
        self.pool = pool
        self.updater = updater

    # -- /sparql --------------------------------------------------------------------------------------------------
    async def sparql(self, request: Request) -> Response:
        try:
            return await self._sparql(request)
        except BadRequest as exc:
            return error(exc.status, exc.message, {**_CORS, **exc.headers})

    async def _sparql(self, request: Request) -> Response:
        if request.method == "OPTIONS":
            return Response(status_code=204, headers={**_CORS, "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                                                      "Access-Control-Allow-Headers": "Content-Type, Accept",
                                                      "Access-Control-Max-Age": "600"})
        if request.method not in ("GET", "HEAD", "POST"):
            raise BadRequest(405, "the SPARQL endpoint takes GET and POST", {"Allow": "GET, HEAD, POST, OPTIONS"})
        params = query_params(request)
        query: list[str] = []
        update: list[str] = []
        if request.method == "POST":
            kind = media_type(request)
            body = await read_body(request, self.config.max_body_bytes)
            if kind == "application/x-www-form-urlencoded":
                params = params + form_params(body)
            elif kind == "application/sparql-query":
                query.append(text_body(body))
            elif kind == "application/sparql-update":
                update.append(text_body(body))
            else:
                raise BadRequest(415, "POST a query as application/sparql-query or as a form "
                                      "(application/x-www-form-urlencoded, query=…); got "
                                      f"{kind or 'no Content-Type'}")
        query += [v for k, v in params if k == "query"]
        update += [v for k, v in params if k == "update"]
        defaults = [_checked_iri(v, "default-graph-uri") for k, v in params if k in ("default-graph-uri", "using-graph-uri")]
        named = [_checked_iri(v, "named-graph-uri") for k, v in params if k in ("named-graph-uri", "using-named-graph-uri")]
        if query and update:
            raise BadRequest(400, "a request carries either a query or an update, not both")
        if update or (query and update_keyword(query[0])):
            return await self._update(request, update or query, from_query=not update)
        if not query:
            if "text/html" in (request.headers.get("accept") or ""):
                return RedirectResponse("/#/sparql", status_code=303)
            return self._description(request)
        if len(query) > 1:
            raise BadRequest(400, f"one query per request (got {len(query)} query parameters)")
        text = query[0]
        if len(text.encode("utf-8")) > self.config.max_body_bytes:
            raise BadRequest(413, f"the query is longer than {self.config.max_query_kb} KB, the server's limit")
        if not text.strip():
            raise BadRequest(400, "the query is empty")
        if uses_service(text):
            raise BadRequest(400, "SERVICE (a federated query) is not run by this endpoint: it would make the server "
                                  "fetch other addresses; run it with a SPARQL client of your own")
        format_param = next((v for k, v in params if k in ("format", "output")), None)
        answer = await self.run(QueryRequest(text, parse_accept(request.headers.get("accept")), format_param,
                                             tuple(defaults), tuple(named), self.config.max_result_bytes))
        return self._respond(answer)

    async def run(self, request: QueryRequest) -> QueryAnswer:
        try:
            return await self.pool.run(request)
        except QueryTimeout as exc:
            return QueryAnswer(503, message=f"query timed out: {exc} (the server's --timeout "
                                            f"{self.config.timeout:g} s); add LIMIT or narrow the patterns")

    def _respond(self, answer: QueryAnswer) -> Response:
        if answer.status != 200:
            return error(answer.status, answer.message, _CORS)
        return Response(answer.body, media_type=answer.content_type, headers={**_CORS, "Vary": "Accept"})

    async def _update(self, request: Request, texts: list[str], from_query: bool) -> Response:
        if not self.config.allow_update or self.updater is None:
            return error(403, READ_ONLY)
        if request.method != "POST":
            raise BadRequest(405, "SPARQL Update is sent with POST (update=… or application/sparql-update)",
                             {"Allow": "POST"})
        if from_query:
            raise BadRequest(400, "send SPARQL Update as update=… or application/sparql-update, not as query=…")
        origin = request.headers.get("origin")
        if origin and origin.split("://", 1)[-1] != request.headers.get("host", ""):
            return error(403, f"updates are accepted from this server's own pages only (Origin {origin[:100]})")
        if len(texts) > 1:
            raise BadRequest(400, f"one update per request (got {len(texts)})")
        try:
            message = await self.updater(texts[0])
        except QueryFailed as exc:  # the parser's message: nothing was applied
            raise BadRequest(400, "update not applied: " + " ".join(str(exc).split())[:600]) from exc
        except UserError as exc:  # the store is busy (another writer) or cannot be opened: one line
            raise BadRequest(503, f"update not applied: {exc}") from exc
        return PlainTextResponse(message + "\n")

    def _description(self, request: Request) -> Response:
        """A SPARQL 1.1 Service Description, for clients that GET the endpoint without a query."""
        endpoint = str(request.url.replace(query="", fragment=""))
        results = " , ".join(f"<http://www.w3.org/ns/formats/{f}>" for f in
                             ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                              "Turtle", "N-Triples", "JSON-LD", "RDF_XML"))
        languages = "sd:SPARQL11Query" + (" , sd:SPARQL11Update" if self.config.allow_update else "")
        body = (f"@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n"
                f"[] a sd:Service ;\n  sd:endpoint <{endpoint}> ;\n  sd:supportedLanguage {languages} ;\n"
                f"  sd:resultFormat {results} ;\n  sd:feature sd:UnionDefaultGraph ;\n"
                f"  sd:defaultDataset [ a sd:Dataset ] .\n")
        return Response(body, media_type="text/turtle; charset=utf-8", headers=_CORS)

    # -- /rdf-graphs (Graph Store HTTP Protocol, read side) -----------------------------------------------------
    async def graphs(self, request: Request) -> Response:
        try:
            return await self._graphs(request)
        except BadRequest as exc:
            return error(exc.status, exc.message, {**_CORS, **exc.headers})

    async def _graphs(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            raise BadRequest(405, "the Graph Store Protocol is read-only here: GET /rdf-graphs?graph=IRI "
                                  "(change plans with zwgk ingest / zwgk remove)", {"Allow": "GET, HEAD"})
        params = query_params(request)
        graph = [v for k, v in params if k == "graph"]
        default = any(k == "default" for k, _ in params)
        if len(graph) + default != 1:
            raise BadRequest(400, "name one graph: /rdf-graphs?graph=IRI (a plan's graph, e.g. "
                                  "https://w3id.org/zwgk/id/graph/plan/…) or /rdf-graphs?default for the union")
        accept = parse_accept(request.headers.get("accept"))
        format_param = next((v for k, v in params if k == "format"), None)
        if default:
            construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
        else:
            iri = _checked_iri(graph[0], "graph")
            found = await self.run(QueryRequest(f"ASK {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}", ["application/sparql-results+json"]))
            if found.status != 200:
                return self._respond(found)
            if b"true" not in found.body:
                return error(404, f"no graph {iri} in the store (GET /sparql?query=SELECT DISTINCT ?g "
                                  "WHERE { GRAPH ?g {} } lists them)", _CORS)
            construct = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
        answer = await self.run(QueryRequest(construct, accept, format_param, (), (), self.config.max_result_bytes))
        return self._respond(answer)


#: Media types the endpoint answers with (for the OpenAPI description and the README).
MEDIA_TYPES = {**RESULT_MEDIA, **GRAPH_MEDIA}
