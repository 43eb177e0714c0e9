"""The OpenAPI 3.1 description of /api/ (served at /api/openapi.json), written out rather than inferred:
the handlers read raw parameters strictly, and the payloads are the CLI's JSON, described in the README's
task contract."""
from __future__ import annotations

from typing import Any

__all__ = ["openapi"]

_FILTERS = [
    ("region", "string", "Only this region and everything within it (广州市, 安徽省, 泗县)."),
    ("issuer", "string", "Only plans of this issuing agency."),
    ("year", "integer", "Only plans of this year."),
    ("since", "integer", "Only plans of this year or later."),
    ("until", "integer", "Only plans of this year or earlier."),
    ("unit", "string", "Only tasks naming this unit."),
    ("role", "string", "With unit: only tasks where that unit has this role (lead, responsible, cooperate)."),
    ("unit_function", "string", "Only tasks naming a unit of this function, whatever each plan calls it "
                                "(计划财务: 计财科, 计划财务处…; the unit functions of ontology.ttl)."),
    ("unassigned", "boolean", "Only tasks that name no unit (true), or only those that name one (false)."),
    ("undated", "boolean", "Only tasks that state no deadline (true), or only those that state one (false)."),
    ("cooperated", "boolean", "Only tasks naming a cooperating unit (true), or only those naming none (false)."),
    ("shared", "boolean", "Only tasks that name two units or more (true), or only those naming one or none (false)."),
    ("level", "string", "Only plans of these administrative levels, comma-separated: national, province, city, county."),
    ("topic", "string", "Only tasks classified under this topic (e.g. 政策解读)."),
    ("domain", "string", "Only tasks in this 公开领域."),
    ("due_before", "string", "Only tasks due on or before this ISO date (YYYY-MM-DD)."),
    ("due_after", "string", "Only tasks due on or after this ISO date (YYYY-MM-DD)."),
]
_LISTING = [*_FILTERS, ("ongoing", "boolean", "Only tasks marked 持续推进 (true) or only the others (false)."),
            ("doc", "string", "Only this plan: its id or file name with or without suffix.")]


def _param(name: str, kind: str, description: str, required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "description": description, "schema": {"type": kind}}


def _json(description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema or {"type": "object"}}}}


_ERRORS = {"400": {"description": "A bad parameter: one line of text saying which and why.",
                   "content": {"text/plain": {"schema": {"type": "string"}}}},
           "503": {"description": "The store or its index cannot be used now: one line saying what to run.",
                   "content": {"text/plain": {"schema": {"type": "string"}}}}}


def _get(summary: str, params: list[dict[str, Any]], ok: dict[str, Any]) -> dict[str, Any]:
    return {"get": {"summary": summary, "parameters": params, "responses": {"200": ok, **_ERRORS}}}


def openapi() -> dict[str, Any]:
    filters = [_param(*f) for f in _FILTERS]
    listing = [_param(*f) for f in _LISTING]
    task = {"type": "object", "description": "A task in the task contract (README: The task contract)."}
    return {
        "openapi": "3.1.0",
        "info": {"title": "zwgk", "version": "1",
                 "description": "Search and question answering over 政务公开 task plans. Every payload is the JSON of "
                                "the CLI's --json (`zwgk search --json`, `zwgk ask --json`, `zwgk tasks`, "
                                "`zwgk stats --json`, `zwgk compare --json`). SPARQL 1.1 Protocol at /sparql."},
        "paths": {
            "/api/search": _get("Ranked tasks (zwgk search --json)", [
                _param("q", "string", "What to look for, e.g. 政务新媒体 or 安徽省 依申请公开.", True), *filters,
                _param("top", "integer", "How many hits (1–500)."),
                _param("literal", "boolean", "Search the words as typed (no filters read from the query).")],
                _json("query, searched, inferred_filters, tokens, concepts and hits (task fields, score, chain, why)")),
            "/api/ask": _get("An answer per plan and per task (zwgk ask --json)", [
                _param("q", "string", "A question, e.g. 谁负责依申请公开.", True), *filters,
                _param("plans", "integer", "A page of this many answering plans (1–1000; default: all)."),
                _param("offset", "integer", "The page's first plan (next_offset of the previous page).")],
                _json("question, intent, filters, concepts, count, silent, notes, plans_total, offset, next_offset, "
                      "units_ranked (intent busiest), topics (intent topics), cited (intent cited) "
                      "and answers (one per plan)")),
            "/api/tasks": _get("The tasks passing the filters (zwgk tasks)", [
                *listing, _param("format", "string", "json (default: an array of tasks), jsonl, csv, xlsx or ics.")],
                _json("An array of tasks in the task contract", {"type": "array", "items": task})),
            "/api/plans": _get("The plans passing the plan filters", [_param(*f) for f in _LISTING if f[0] in
                                                                       ("region", "issuer", "year", "since", "until", "doc")],
                               _json("An array of plan records", {"type": "array", "items": {"type": "object"}})),
            "/api/stats": _get("Counts and one row per plan (zwgk stats --json)", [], _json("totals and plans")),
            "/api/compare": _get("Who handles a topic in each plan (zwgk compare --json)", [
                _param("q", "string", "A topic or 公开领域 by any label, or words the tasks must contain.", True),
                *[_param(*f) for f in _FILTERS if f[0] in ("region", "issuer", "year", "since", "until", "level", "topic", "domain")],
                _param("format", "string", "json (default), csv (with BOM) or xlsx.")],
                _json("query, label, tasks, plans (lead/responsible/cooperate units per plan) and functions")),
            "/api/facets": _get("The web page's filter choices", [], _json("regions (tree), years, units, topics")),
            "/api/charts": _get("The report's heatmap (task ids per region × topic) and map points", [],
                                _json("heatmap, map, provinces")),
            "/api/source": _get("A plan's text lines, read again from its file", [
                _param("doc", "string", "The plan id.", True)], _json("doc, title, path, changed, note, lines")),
            "/api/examples": _get("The example SPARQL queries of examples/queries/", [],
                                  _json("name, title, query", {"type": "array", "items": {"type": "object"}})),
        },
    }
