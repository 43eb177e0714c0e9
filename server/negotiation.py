"""Which serialisation a SPARQL client gets: the `format` parameter, else its Accept header, else the default.

Kept free of heavy imports: the query workers call `choose` once they know
whether a query gives solutions (SELECT, ASK) or triples (CONSTRUCT, DESCRIBE).
"""
from __future__ import annotations

__all__ = ["RESULT_MEDIA", "GRAPH_MEDIA", "parse_accept", "choose", "content_type"]

#: short name → the media type answered with; the first of each table is the default.
RESULT_MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_MEDIA = {"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json",
               "rdfxml": "application/rdf+xml"}

# What clients actually send (SPARQLWrapper's and rdflib's Accept lists, curl's habits) → short names.
_RESULT_ALIASES = {
    "application/sparql-results+json": "json", "application/json": "json", "text/javascript": "json",
    "application/javascript": "json", "application/sparql-results+xml": "xml", "application/xml": "xml",
    "text/xml": "xml", "text/csv": "csv", "text/tab-separated-values": "tsv",
}
_GRAPH_ALIASES = {
    "text/turtle": "ttl", "application/x-turtle": "ttl", "text/n3": "ttl", "application/n-triples": "nt",
    "text/plain": "nt", "application/ld+json": "jsonld", "application/json": "jsonld",
    "application/rdf+xml": "rdfxml", "application/xml": "rdfxml", "text/xml": "rdfxml",
}
# The `format`/`output` parameter some clients add (SPARQLWrapper: json, xml, turtle, n3, rdf+xml, csv, tsv, json-ld).
_RESULT_PARAM = {"json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv"}
_GRAPH_PARAM = {"turtle": "ttl", "ttl": "ttl", "n3": "ttl", "nt": "nt", "ntriples": "nt", "n-triples": "nt",
                "json-ld": "jsonld", "jsonld": "jsonld", "json": "jsonld", "rdf": "rdfxml", "rdf+xml": "rdfxml",
                "rdfxml": "rdfxml", "xml": "rdfxml"}


def parse_accept(header: str | None) -> list[str]:
    """Media types of an Accept header, most wanted first (q=0 dropped; ties keep the client's order)."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((header or "").split(",")[:64]):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media or "/" not in media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, position, media))
    return [media for _, _, media in sorted(ranked)]


def choose(kind: str, accept: list[str], format_param: str | None = None) -> str:
    """The short format name for a result of `kind` (select | ask | graph)."""
    graph = kind == "graph"
    param = (format_param or "").strip().lower()
    by_param = (_GRAPH_PARAM if graph else _RESULT_PARAM).get(param)
    if by_param:
        return by_param
    aliases = _GRAPH_ALIASES if graph else _RESULT_ALIASES
    for media in accept:
        if media in aliases:
            return aliases[media]
    return "ttl" if graph else "json"


def content_type(name: str) -> str:
    media = RESULT_MEDIA.get(name) or GRAPH_MEDIA[name]
    return f"{media}; charset=utf-8"
