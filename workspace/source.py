"""A plan's source text, read again from the file it was ingested from: what a task's source link shows.

The lines are the reader's (ingest/readers), the same lines a task's
`source_lines` count in, so a page can highlight a task where it was printed.
When the file changed since it was stored the text is still shown, flagged.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from zwgk.graph.store import OxigraphStore
from zwgk.workspace.results import PlanNotFound, SourceText, SourceUnreadable

__all__ = ["plan_source"]


def plan_source(store: OxigraphStore, doc: str) -> SourceText:
    """The stored plan `doc`'s text, from its file or, when that cannot be read, a recorded copy."""
    from zwgk.graph.namespace import sparql_prefixes
    from zwgk.graph.stored import stored_plans
    from zwgk.ingest.errors import ParseError
    from zwgk.ingest.files import read_plan_bytes
    from zwgk.ingest.readers import read_document

    plan = stored_plans(store).get(doc)
    if plan is None:
        raise PlanNotFound(f"no plan {doc!r} in the store")
    query = (sparql_prefixes() + "SELECT ?title WHERE { ?p a zwgk:Plan ; dcterms:identifier ?doc ; "
             f"dcterms:title ?title FILTER(?doc = {json.dumps(doc)}) }}")
    titles = store.select(query)[1]
    problems = []
    for path in [plan.path, *plan.copies.values()]:
        if not path:
            continue
        try:
            data = read_plan_bytes(Path(path))
            lines = read_document(data, Path(path).name).lines
        except (OSError, ParseError) as exc:
            problems.append(f"{path}: {getattr(exc, 'reason', None) or getattr(exc, 'strerror', None) or exc}")
            continue
        changed = bool(plan.sha256) and hashlib.sha256(data).hexdigest() != plan.sha256
        return SourceText(doc, titles[0][0] if titles else None, path, list(lines), changed)
    reason = "; ".join(problems) or "the store records no file path for it"
    raise SourceUnreadable(f"the source of {doc} cannot be read: {reason}")
