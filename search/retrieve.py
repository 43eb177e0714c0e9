"""Hybrid retrieval: lexical BM25, thesaurus concepts and dense vectors, fused by
reciprocal rank fusion. Every hit says which retriever found it, at what rank,
with which score, through which terms and concepts."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from zwgk.model.filters import Filters
from zwgk.model.records import TaskRecord
from zwgk.search.index import IndexOutdated, SearchIndex
from zwgk.search.lexical import top_k
from zwgk.search.select import OwnTopic
from zwgk.vocabulary.thesaurus import ConceptMatch, Thesaurus

__all__ = ["Hit", "SearchResult", "search", "RRF_K"]

#: The usual RRF constant: damps the head so agreement across retrievers dominates.
RRF_K = 60


@dataclass
class Hit:
    record: TaskRecord
    score: float
    ranks: dict[str, int] = field(default_factory=dict)
    scores: dict[str, float] = field(default_factory=dict)
    matched_terms: list[str] = field(default_factory=list)
    concepts: list[str] = field(default_factory=list)

    def why(self) -> dict[str, Any]:
        return {"retrievers": {name: {"rank": self.ranks[name], "score": round(self.scores[name], 4)}
                               for name in self.ranks},
                "matched_terms": self.matched_terms, "concepts": self.concepts}


@dataclass
class SearchResult:
    query: str
    tokens: list[str]
    concepts: list[ConceptMatch]
    hits: list[Hit]
    notes: list[str] = field(default_factory=list)


def _concept_labels(matcher: Thesaurus, matches: list[ConceptMatch]) -> set[str]:
    """The labels of the matched concepts and of everything narrower, as tasks are tagged."""
    out: set[str] = set()
    todo = [m.concept.iri for m in matches]
    while todo:
        concept = matcher.by_iri.get(todo.pop())
        if concept is not None and concept.label not in out:
            out.add(concept.label)
            todo.extend(concept.narrower)
    return out


def _concept_ranking(index: SearchIndex, matches: list[ConceptMatch], mask: np.ndarray | None,
                     depth: int, matcher: Thesaurus) -> tuple[list[tuple[int, float]], list[str]]:
    """Tasks classified under a matched concept first, then any task the expanded labels reach;
    both ordered by BM25 over the expansion. A task tagged only through a heading naming two topics
    (政策解读及回应关切) whose own words are about the other (完善回应关切制度) is not put first: as in ask."""
    if not matches:
        return [], []
    tokens: list[str] = []
    for m in matches:
        for label in m.expansion:
            tokens += index.analyzer.query_tokens(label)
    scores = index.lexical.scores(tokens)
    tagged = index.tagged({m.concept.label for m in matches})
    boosted = scores + np.where(tagged, float(scores.max(initial=0.0)) + 1.0, 0.0)
    ranked = top_k(boosted, depth, mask)
    own = [OwnTopic(matcher, m) for m in matches]
    other = [doc for doc, _ in ranked if tagged[doc] and not any(
        o(index.records[doc].requirement, index.records[doc].section) for o in own)]
    if other:  # only the ranked head is checked: a few hundred tasks, not every tagged one
        boosted[other] = scores[other]
        ranked = top_k(boosted, depth, mask)
    return ranked, tokens


def search(index: SearchIndex, query: str, filters: Filters | None = None, k: int = 10,
           matcher: Thesaurus | None = None, embedder: Any = None, depth: int = 200) -> SearchResult:
    filters = filters or Filters()
    mask = index.filter_mask(filters)
    tokens = index.analyzer.query_tokens(query)
    rankings: dict[str, list[tuple[int, float]]] = {}
    rankings["lexical"] = top_k(index.lexical.scores(tokens), depth, mask)
    matches = matcher.match(query) if matcher else []
    concept_hits, expansion_tokens = _concept_ranking(index, matches, mask, depth, matcher) if matcher else ([], [])
    if concept_hits:
        rankings["concept"] = concept_hits
    notes: list[str] = []
    try:
        vectors = index.vectors() if embedder is not None else None
    except IndexOutdated as exc:  # lexical search still answers
        vectors = None
        notes.append(f"dense search off: {exc}")
    if vectors is not None:
        if index.manifest["dense"]["model"] != embedder.name:
            notes.append(f"dense search off: the index was embedded with {index.manifest['dense']['model']}, "
                         f"not {embedder.name}; run `zwgk reindex`")
        else:
            allowed = np.flatnonzero(mask) if mask is not None else None
            rankings["dense"] = vectors.search(embedder.encode([query], query=True)[0], depth, allowed)
    fused: dict[int, Hit] = {}
    for name, ranking in rankings.items():
        for rank, (doc, score) in enumerate(ranking, 1):
            hit = fused.setdefault(doc, Hit(index.records[doc], 0.0))
            hit.score += 1.0 / (RRF_K + rank)
            hit.ranks[name], hit.scores[name] = rank, score
    ordered = sorted(fused.items(), key=lambda kv: (-kv[1].score, -kv[1].scores.get("lexical", 0.0), kv[0]))[:k]
    asked = _concept_labels(matcher, matches) if matcher else set()
    for doc, hit in ordered:
        hit.matched_terms = index.lexical.matched(list(dict.fromkeys(tokens + expansion_tokens)), doc)
        # The concepts this task carries among those the query asked for (a narrower one counts).
        carried = [*hit.record.topics, *hit.record.domains]
        hit.concepts = [label for label in dict.fromkeys(carried) if label in asked]
    return SearchResult(query, tokens, matches, [hit for _, hit in ordered], notes)
