"""What the web page needs beyond the CLI's JSON: filter choices, chart data, a plan's source text, examples.

Each is computed from the same records the CLI reads (Workspace.corpus) and
the same analyses the report draws (presentation/report.py's heatmap cells and
map points), so a heatmap cell on the page lists the tasks the report lists.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zwgk.server.request_io import BadRequest

if TYPE_CHECKING:
    from zwgk.analysis.corpus import Corpus
    from zwgk.model.filters import Filters
    from zwgk.workspace.workspace import Workspace

__all__ = ["facets", "charts", "source", "examples", "EXAMPLES"]

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "queries"


def _region_tree(corpus: Corpus) -> list[dict[str, Any]]:
    """Province → city → county, as the plans' region chains give them, with plan counts."""
    root: dict[str, Any] = {}
    for plan in corpus.plans.values():
        level = root
        for name in plan.region_chain or (plan.region or "?",):
            node = level.setdefault(name, {"name": name, "plans": 0, "children": {}})
            node["plans"] += 1
            level = node["children"]

    def listed(level: dict[str, Any]) -> list[dict[str, Any]]:
        return [{"name": n["name"], "plans": n["plans"], "children": listed(n["children"])}
                for n in sorted(level.values(), key=lambda n: n["name"])]
    return listed(root)


def facets(ws: Workspace) -> dict[str, Any]:
    """The choices of the page's filters, each with how many tasks (or plans) it holds."""
    corpus = ws.corpus()
    units: Counter[str] = Counter()
    functions: Counter[str] = Counter()  # unit functions (计划财务: 计财科, 计划财务处…)
    topics: Counter[str] = Counter()
    domains: Counter[str] = Counter()
    for t in corpus.tasks:
        units.update({u.name for u in t.units})
        functions.update({u.function for u in t.units if u.function})
        topics.update(t.topics)
        domains.update(t.domains)
    years = Counter(p.year for p in corpus.plans.values() if p.year)

    def counted(c: Counter[Any]) -> list[dict[str, Any]]:
        return [{"name": k, "count": n} for k, n in sorted(c.items(), key=lambda kv: (-kv[1], str(kv[0])))]
    return {"regions": _region_tree(corpus), "years": sorted(years), "units": counted(units), "functions": counted(functions),
            "topics": counted(topics), "domains": counted(domains), "plans": len(corpus.plans),
            "tasks": len(corpus.tasks)}


def charts(ws: Workspace, filters: Filters | None = None) -> dict[str, Any]:
    """The report's region × topic heatmap (task ids per cell), its map points and province outlines."""
    from zwgk.analysis.coverage import coverage
    from zwgk.presentation.provinces import map_points, outlines, province_tasks
    from zwgk.presentation.report import heatmap_cells

    corpus = ws.corpus(filters)
    regions, topics, cells, totals = heatmap_cells(corpus, coverage(corpus))
    tasks = province_tasks(corpus)
    provinces = [{"adcode": p.adcode, "name": p.name, "tasks": tasks.get(p.adcode, 0),
                  "rings": [[[round(x, 2), round(y, 2)] for x, y in ring] for ring in p.rings]} for p in outlines()]
    return {"heatmap": {"regions": regions, "topics": topics, "totals": [totals[r] for r in regions],
                        "cells": [[cells.get((r, x), []) for x in topics] for r in regions]},
            "map": map_points(corpus), "provinces": provinces}


def source(ws: Workspace, doc: str) -> dict[str, Any]:
    """A stored plan's text lines (Workspace.source: read again from its file, the numbering of source_lines)
    and whether that file still has the bytes that were ingested; 404 with the reason when it cannot be read."""
    from zwgk.errors import UserError

    try:
        text = ws.source(doc)
    except UserError as exc:  # no such plan, or its file moved or went away
        raise BadRequest(404, str(exc)) from exc
    return {"doc": text.doc, "title": text.title, "path": text.path, "changed": text.changed, "lines": text.lines,
            "note": "文件在入库后已改动，行号可能与任务不再对应（the file changed since it was ingested: "
                    "run zwgk ingest again）" if text.changed else None}


def declared(query: str) -> str:
    """The query with PREFIX lines for the zwgk prefixes it uses and does not declare: for editors such as
    YASGUI's, which flag an undeclared prefix (the endpoint itself binds them all)."""
    import re

    from zwgk.graph.namespace import PREFIXES

    body = re.sub(r"#[^\n]*|<[^<>\s]*>|\"(?:[^\"\\\n]|\\.)*\"", " ", query)
    used = {m.group(1) for m in re.finditer(r"(?<![\w?$:-])([A-Za-z][\w-]*):", body)}
    have = {m.group(1) for m in re.finditer(r"PREFIX\s+([\w-]*):", query, re.IGNORECASE)}
    head = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items() if k in used and k not in have)
    lines = query.splitlines(keepends=True)
    comments = 0
    while comments < len(lines) and lines[comments].startswith("#"):
        comments += 1
    return "".join(lines[:comments]) + head + "".join(lines[comments:])


def examples() -> list[dict[str, str]]:
    """The example queries of examples/queries/: file name, first comment line as title, the query as written
    and with its prefixes declared."""
    found = []
    for path in sorted(EXAMPLES.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        first = next((line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("#")), path.stem)
        found.append({"name": path.stem, "title": first, "query": text, "declared": declared(text)})
    return found
