"""The library API behind `zwgk reindex / search / ask`: one place that knows where
the index lives, which concepts expand queries and whether a dense model is there.

Start-up is kept small on purpose: the concept list is saved as JSON beside the
index (no rdflib at query time), the query analyzer loads the index's own
vocabulary (no full jieba dictionary), and torch / sentence-transformers /
faiss load only when a dense model is actually available.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zwgk.model.collector import collector_paused
from zwgk.model.filters import Filters
from zwgk.model.records import PlanRecord, TaskRecord
from zwgk.search.errors import IndexDamaged
from zwgk.search.index import PlanChange, SearchIndex, apply_changes, build_index, open_index
from zwgk.search.retrieve import SearchResult, search
from zwgk.search.tables import atomic_write
from zwgk.settings import Settings, hub_cache
from zwgk.vocabulary.concepts import Concept, concepts_json, read_concepts
from zwgk.vocabulary.thesaurus import Thesaurus

if TYPE_CHECKING:
    from zwgk.graph.store import Store
    from zwgk.search.embed import Embedder

__all__ = ["rebuild_index", "update_index", "plan_versions", "Searcher", "open_searcher", "model_available", "concept_words"]


def model_available(name: str, allow_download: bool = False) -> bool:
    """Can `name` load? A local folder, a copy in the Hugging Face cache, or anything when downloads are allowed."""
    if Path(name).expanduser().is_dir() or allow_download:
        return True
    return (hub_cache() / ("models--" + name.replace("/", "--"))).is_dir()


def _load_dense(settings: Settings) -> tuple[Any, str | None]:
    from zwgk.search.embed import load_embedder

    if not model_available(settings.model, settings.allow_download):
        return None, (f"dense search off: no local copy of model {settings.model!r} and no network to fetch it; "
                      "pass --model PATH (or set ZWGK_MODEL) to a sentence-transformers folder · lexical + thesaurus search only")
    return load_embedder(settings.model, settings.allow_download)


def _concepts() -> list[Concept]:
    from zwgk.vocabulary.thesaurus import load_thesaurus

    thesaurus = load_thesaurus()
    return [c for scheme in ("topics", "domains") for c in thesaurus.scheme(scheme)]


def _write_concepts(folder: Path, concepts: list[Concept]) -> None:
    text = concepts_json(concepts)
    path = folder / "concepts.json"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        atomic_write(path, text)


def concept_words(concepts: list[Concept] | None = None) -> list[str]:
    """The ontology's labels: words the tokenizer keeps whole."""
    return [label for c in (concepts or _concepts()) for label in c.all_labels]


def plan_versions(store: Store) -> dict[str, str | None]:
    """plan id → sha256 of the version in the graph (what the index records per plan)."""
    from zwgk.graph.stored import stored_plans

    return {doc: p.sha256 for doc, p in stored_plans(store).items()}


def rebuild_index(settings: Settings, fresh: bool = False,
                  store: Store | None = None) -> tuple[dict[str, Any], str | None]:
    """A new index generation holding every task of the graph. Returns (manifest, note for the user).

    Tokens and vectors of unchanged texts are reused; `fresh` (what `zwgk reindex`
    asks) builds the vector index afresh too, from the embedding cache.
    `store`: an already open store (a writer's), else the graph is opened read-only.
    """
    from zwgk.graph.records import plan_records, task_records_in_chunks
    from zwgk.graph.store import open_store

    own = store is None
    store = store or open_store(settings.store, read_only=True)
    records: list[TaskRecord] = []
    try:
        shas = plan_versions(store)
        plans = plan_records(store)
        with collector_paused():  # a million records: each burst of them would walk all the others
            for chunk in task_records_in_chunks(store, sorted(shas)):
                records += chunk
    finally:
        if own:
            store.close()
    return _build(settings, records, {p.doc: p for p in plans.values()}, shas, fresh)


def _build(settings: Settings, records: list[TaskRecord], plans: dict[str, PlanRecord],
           shas: dict[str, str | None], fresh: bool = False) -> tuple[dict[str, Any], str | None]:
    """One new generation holding exactly these records (ordered by plan id and position)."""
    concepts = _concepts()
    words = concept_words(concepts)
    words += [u.name for r in records for u in r.units]
    words += [p.title for r in records for p in r.policies if p.title]
    embedder, note = _load_dense(settings) if records else (None, None)
    folder = settings.store / "index"
    manifest = build_index(records, folder, sorted(set(words)), embedder=embedder, fresh=fresh, plans=plans, shas=shas)
    _write_concepts(folder, concepts)
    return manifest, note


def _as_index_changes(settings: Settings, changes: list[Any]) -> list[PlanChange]:
    """The ingest's changes (graph.changes.PlanChange: doc, kind, plan, tasks) as the index's, with versions.

    A change that does not carry the sha256 of the stored version gets it from the graph.
    """
    out: list[tuple[str, str | None, list[TaskRecord] | None, PlanRecord | None, bool]] = []
    for c in changes:
        if isinstance(c, PlanChange):
            out.append((c.doc, c.sha, c.records, c.plan, c.records is None))
            continue
        removed = getattr(c, "kind", None) == "removed"
        records = None if removed else list(getattr(c, "tasks", None) or getattr(c, "records", None) or [])
        plan = getattr(c, "plan", None)
        sha = getattr(c, "sha256", None) or getattr(c, "sha", None) or (plan.sha256 if plan else None)
        out.append((c.doc, sha, records, plan, removed))
    if any(sha is None and not removed for _, sha, _, _, removed in out):
        from zwgk.graph.store import open_store

        store = open_store(settings.store, read_only=True)
        try:
            versions = plan_versions(store)
        finally:
            store.close()
        out = [(d, sha or versions.get(d), r, p, rm) for d, sha, r, p, rm in out]
    return [PlanChange(d, None if rm else sha, None if rm else r, p) for d, sha, r, p, rm in out]


def update_index(settings: Settings, changes: list[Any], whole: bool = False) -> tuple[dict[str, Any], str | None]:
    """A new index generation with these plans added, replaced or removed (a delta, not a rebuild).

    `whole`: the changes are everything the graph holds (the store had no plan before this ingest), so
    when there is no index yet it is built from their records — what the parse produced — instead of
    being read back from the graph through SPARQL (minutes at a million tasks).
    """
    from zwgk.search.index import INDEX_FORMAT, read_manifest

    folder = settings.store / "index"
    try:
        current = read_manifest(folder)
    except IndexDamaged:
        current = {}
    if current.get("format") != INDEX_FORMAT:
        if whole:
            return _build_from_changes(settings, changes)
        return rebuild_index(settings)
    changes = _as_index_changes(settings, changes)
    embedder, note = (None, None)
    if current.get("dense"):
        embedder, note = _load_dense(settings)
    try:  # the ontology's concepts as the last build saved them (rdflib stays unloaded)
        concepts = _saved_concepts(folder)
    except IndexDamaged:
        concepts = _concepts()
        _write_concepts(folder, concepts)
    manifest = apply_changes(folder, changes, concept_words(concepts), embedder=embedder)
    return manifest, note


def _build_from_changes(settings: Settings, changes: list[Any]) -> tuple[dict[str, Any], str | None]:
    """A full build from an ingest's changes, in the order a rebuild reads the graph (plan id, position)."""
    latest = {c.doc: c for c in _as_index_changes(settings, changes)}
    kept = sorted((c for c in latest.values() if c.records is not None), key=lambda c: c.doc)
    records = [r for c in kept for r in c.records or ()]
    plans = {c.doc: c.plan for c in kept if c.plan is not None}
    return _build(settings, records, plans, {c.doc: c.sha for c in kept})


@dataclass
class Searcher:
    """An open index with its concept matcher and (lazily) its dense model."""

    settings: Settings
    index: SearchIndex
    matcher: Thesaurus
    notes: list[str] = field(default_factory=list)
    _embedder: Any = None
    _dense_tried: bool = False
    _units: list[str] | None = None

    def embedder(self) -> Embedder | None:
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
            self._units = self.index.unit_names()
        return self._units

    def region_names(self) -> set[str]:
        """Every region in the chains of the indexed plans (read for a place a question names in pinyin)."""
        return {name for plan in self.index.plans.values() for name in plan.region_chain}

    def issuer_names(self) -> list[str]:
        """Every issuing agency in the index (a question naming one is filtered to its plans)."""
        return self.index.issuers()

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
        from zwgk.search.question import read_question

        q = read_question(query, None, filters, self.issuer_names(), places=self.region_names)
        inferred = {name: value for name, value in q.filters.active().items()
                    if (filters or Filters()).active().get(name) != value}
        words = q.query or query
        result = self.search(words, q.filters, k)
        return result, {name: str(value) if not isinstance(value, tuple) else "、".join(value)
                        for name, value in inferred.items()}


def _saved_concepts(folder: Path) -> list[Concept]:
    path = folder / "concepts.json"
    try:
        return read_concepts(path)
    except FileNotFoundError as exc:
        raise IndexDamaged(f"index file {path} is missing: run `zwgk reindex`") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise IndexDamaged(f"index file {path} is damaged: run `zwgk reindex`") from exc


def open_searcher(settings: Settings) -> Searcher:
    """Map the current index generation (nothing parsed but two small JSON files)."""
    folder = settings.store / "index"
    index = open_index(folder)
    return Searcher(settings, index, Thesaurus(_saved_concepts(folder)))
