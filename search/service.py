"""The library API behind `zwgk reindex / search / ask`: one place that knows where
the index lives, which concepts expand queries and whether a dense model is there.

Start-up is kept small on purpose: the concept list is saved as JSON beside the
index (no rdflib at query time), the query analyzer loads the index's own
vocabulary (no full jieba dictionary), and torch / sentence-transformers /
faiss load only when a dense model is actually available.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zwgk.settings import Settings

from .concepts import Concept, ConceptMatcher
from .filters import Filters
from .index import SearchIndex, build_index, open_index
from .retrieve import SearchResult, search

__all__ = ["rebuild_index", "Searcher", "open_searcher", "model_available"]


def model_available(name: str) -> bool:
    """Can `name` load without the network? A local folder, or a copy in the Hugging Face cache."""
    if Path(name).expanduser().is_dir():
        return True
    if os.environ.get("ZWGK_ALLOW_DOWNLOAD"):
        return True
    hub = os.environ.get("HF_HUB_CACHE") or os.path.join(
        os.environ.get("HF_HOME") or os.path.join(Path.home(), ".cache", "huggingface"), "hub")
    folder = Path(hub) / ("models--" + name.replace("/", "--"))
    return folder.is_dir()


def _load_dense(settings: Settings) -> tuple[Any, str | None]:
    from .embed import load_embedder

    if not model_available(settings.model):
        return None, (f"dense search off: no local copy of model {settings.model!r} and no network to fetch it; "
                      "pass --model PATH (or set ZWGK_MODEL) to a sentence-transformers folder · lexical + thesaurus search only")
    return load_embedder(settings.model)


def _concepts() -> list[Concept]:
    from zwgk.graph.thesaurus import load_thesaurus

    thesaurus = load_thesaurus()
    out = []
    for scheme in ("topics", "domains"):
        for c in thesaurus.scheme(scheme):
            out.append(Concept(c.iri, c.label, tuple(dict.fromkeys((*c.alt_labels, *c.hidden_labels))),
                               tuple(c.narrower), scheme))
    return out


def rebuild_index(settings: Settings, fresh: bool = False) -> tuple[dict[str, Any], str | None]:
    """Bring the search index of the store up to date with its graph. Returns (manifest, note for the user).

    Ingest and remove call this after changing the graph: the vectors of unchanged tasks stay;
    `fresh` (what `zwgk reindex` asks) rebuilds the vector index too, from the embedding cache.
    """
    from zwgk.graph.records import plan_records, task_records
    from zwgk.graph.store import open_store

    store = open_store(settings.store, read_only=True)
    try:
        records = task_records(store)
        plans = plan_records(store)
    finally:
        store.close()
    concepts = _concepts()
    words = [label for c in concepts for label in c.labels]
    words += [u["name"] for r in records for u in r["units"]]
    words += [p["title"] for r in records for p in r["policies"] if p.get("title")]
    embedder, note = _load_dense(settings) if records else (None, None)
    folder = settings.store / "index"
    manifest = build_index(records, folder, sorted(set(words)), embedder=embedder, fresh=fresh)
    (folder / "plans.json").write_text(json.dumps({p["doc"]: p for p in plans.values()}, ensure_ascii=False), encoding="utf-8")
    (folder / "concepts.json").write_text(json.dumps([c.__dict__ for c in concepts], ensure_ascii=False), encoding="utf-8")
    return manifest, note


@dataclass
class Searcher:
    """An open index with its concept matcher and (lazily) its dense model."""

    settings: Settings
    index: SearchIndex
    matcher: ConceptMatcher
    notes: list[str] = field(default_factory=list)
    _embedder: Any = None
    _dense_tried: bool = False
    _units: list[str] | None = None

    def embedder(self):
        if not self._dense_tried:
            self._dense_tried = True
            if self.index.manifest.get("dense"):
                self._embedder, note = _load_dense(self.settings)
                if note:
                    self.notes.append(note)
            else:
                self.notes.append("dense search off: the index has no vectors (no model was available when it was "
                                  "built); lexical + thesaurus search only")
        return self._embedder

    def unit_names(self) -> list[str]:
        """Every unit name in the index (computed once: questions are matched against it)."""
        if self._units is None:
            self._units = sorted({u["name"] for r in self.index.records for u in r["units"]})
        return self._units

    def issuer_names(self) -> list[str]:
        """Every issuing agency in the index (a question naming one is filtered to its plans)."""
        return sorted({p.get("issuer") for p in self.index.plans.values() if p.get("issuer")})

    def plan_policies(self, doc: str) -> list[dict[str, Any]]:
        """The documents a plan implements (its cited policies), as stored at index time."""
        return self.index.plans.get(doc, {}).get("policies", [])

    def search(self, query: str, filters: Filters | None = None, k: int | None = None) -> SearchResult:
        result = search(self.index, query, filters, k or self.settings.top_k, self.matcher, self.embedder())
        result.notes = self.notes + result.notes
        return result

    def search_text(self, query: str, filters: Filters | None = None, k: int | None = None,
                    literal: bool = False) -> tuple[SearchResult, dict[str, str]]:
        """Search a query as typed: regions, years, 文号 and deadlines in it become filters, as `ask` reads them.

        Returns the result and the filters inferred from the words (empty when `literal`).
        """
        if literal:
            return self.search(query, filters, k), {}
        from .question import read_question

        q = read_question(query, None, filters, self.issuer_names())
        inferred = {name: value for name, value in q.filters.active().items()
                    if (filters or Filters()).active().get(name) != value}
        words = q.query or query
        result = self.search(words, q.filters, k)
        return result, {name: str(value) if not isinstance(value, tuple) else "、".join(value)
                        for name, value in inferred.items()}


def open_searcher(settings: Settings) -> Searcher:
    folder = settings.store / "index"
    index = open_index(folder)
    concepts = [Concept(c["iri"], c["label"], tuple(c["alt_labels"]), tuple(c["narrower"]), c["scheme"])
                for c in json.loads((folder / "concepts.json").read_text(encoding="utf-8"))]
    plans_file = folder / "plans.json"
    index.plans = json.loads(plans_file.read_text(encoding="utf-8")) if plans_file.exists() else {}
    for record in index.records:  # a cited-document filter is a plan filter: tasks see their plan's citations
        record.setdefault("plan_policies", index.plans.get(record["doc"], {}).get("policies", []))
    return Searcher(settings, index, ConceptMatcher(concepts))
