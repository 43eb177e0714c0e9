"""Which tasks answer a question: a set, decided by absolute rules, not by score cut-offs.

Ranking says which tasks come first; it must not decide which are left out,
or the same topic gets 12 tasks from `compare` and 10 from `ask`. A task is
in the answer when
- the question names a topic or 公开领域 and the task is classified under it
  (or a narrower concept), unless it was classified only through a heading
  naming two topics (政府网站和政务新媒体建设) and its own text is about the
  other one; several topics joined by 和/、/与 add up, a phrase
  naming two at once (政务新媒体内容安全) asks for the tasks that carry both
  where there are any, and 既…又… / 同时涉及 for those only;
- the question names no concept but other words: the task contains the
  query's words carrying at least `COVER` of their weight (inverse document
  frequency), so rare words count and a stray 公开 does not; a word no task
  holds is left out of the weight (a stray 把关 does not empty the answer),
  unless only common words (idf under `COMMON_IDF`) would be left: 校务公开
  in a store without 校务 is no task, not every task saying 公开;
- the question names no topic at all (石台县的方案有哪些任务, 计财科负责什么,
  哪些任务11月底前完成): every task the filters let through.
Filters (region, year, unit, deadline, cited document) always apply.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from zwgk.model.filters import Filters
from zwgk.search.analyzer import normalise
from zwgk.search.index import SearchIndex
from zwgk.vocabulary.thesaurus import ConceptMatch, Thesaurus

__all__ = ["Selection", "select", "COVER", "OwnTopic"]

#: Share of the query's word weight a task must contain when no concept is named.
COVER = 0.6
#: A word in more than about a quarter of the tasks (公开, 信息, 政府 in a store of such plans) says too little
#: to answer alone for a word of the question no task holds.
COMMON_IDF = 1.0
_JOINED = re.compile(r"[和、与及,，;；/]|以及|或者|或")


@dataclass
class Selection:
    rows: list[int]  # record indices, in document order
    how: str  # concept · words · filters
    concepts: list[ConceptMatch] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)  # query words no task holds


def _labels(matcher: Thesaurus, match: ConceptMatch) -> set[str]:
    """The concept's label and every narrower concept's, as tasks are tagged."""
    out, todo, seen = set(), [match.concept.iri], set()
    while todo:
        iri = todo.pop()
        if iri in seen or iri not in matcher.by_iri:
            continue
        seen.add(iri)
        concept = matcher.by_iri[iri]
        out.add(concept.label)
        todo.extend(concept.narrower)
    return out


class OwnTopic:
    """Is a task tagged with a concept about that concept itself?

    False for a task tagged only through a heading that names two topics (政府网站和政务新媒体建设)
    while its own text speaks of the other one (深化政府网站集约化…): it is about that one, not this.
    The labels are normalised once per concept and per heading, not once per task (a question over a
    million tasks checks a hundred thousand of them).
    """

    def __init__(self, matcher: Thesaurus, match: ConceptMatch):
        self.matcher, self.match = matcher, match
        self.labels = [x for x in (normalise(x) for x in match.expansion) if x]
        self.others: dict[str, list[str] | None] = {}  # heading → the other concepts' labels, None: not named

    def __call__(self, requirement: str, section: Sequence[str]) -> bool:
        text = normalise(requirement)
        if any(x in text for x in self.labels):
            return True
        others = self._others("|".join(section))
        return others is None or not any(x in text for x in others)

    def _others(self, heading: str) -> list[str] | None:
        if heading not in self.others:
            named = self.matcher.match(heading)
            iri, expansion = self.match.concept.iri, self.match.expansion
            self.others[heading] = None if not any(m.concept.iri == iri for m in named) else [
                x for m in named if m.concept.iri != iri and m.matched not in expansion
                for x in (normalise(x) for x in m.expansion) if len(x) >= 2]
        return self.others[heading]


def _idf(index: SearchIndex, token: str) -> float:
    df = index.lexical.document_frequency(token)
    if not df:
        return 0.0
    n = index.lexical.n_live
    return math.log((n - df + 0.5) / (df + 0.5) + 1.0)


def _covering(index: SearchIndex, tokens: list[str], allowed: np.ndarray) -> np.ndarray:
    """Tasks holding at least COVER of the query words' idf weight."""
    weights = {t: _idf(index, t) for t in dict.fromkeys(tokens)}
    absent = [t for t, w in weights.items() if not w]  # idf 0: no task holds it
    weights = {t: w for t, w in weights.items() if w > 0}
    total = sum(weights.values())
    if not total or (absent and max(weights.values()) < COMMON_IDF):
        return np.zeros(len(index.records), dtype=bool)
    covered = np.zeros(len(index.records), dtype=np.float64)
    for token, w in weights.items():
        covered[index.lexical.rows_with(token)] += w
    return allowed & (covered >= COVER * total - 1e-9)


def _joined(query: str, content: str, matches: list[ConceptMatch]) -> bool:
    """Whether the topics named are joined by 和/、/与 (add up) rather than run together (both at once).
    The question's filler words are gone from `content` (和 among them), so the query as asked is read
    between the named labels where they can be found in it."""
    spots = sorted((at, at + len(m.matched)) for m in matches if (at := query.find(m.matched)) >= 0)
    if len(spots) < 2:
        return bool(_JOINED.search(content))
    return any(_JOINED.search(query[end:start]) for (_, end), (start, _) in zip(spots, spots[1:], strict=False))


def select(index: SearchIndex, matcher: Thesaurus, content: str, query: str, filters: Filters,
           stop: frozenset[str] = frozenset(), all_topics: bool = False) -> Selection:
    """`all_topics`: the question asks for tasks on every topic it names (既…又…), even where none is."""
    mask = index.filter_mask(filters)
    allowed = np.ones(len(index.records), dtype=bool) if mask is None else mask
    if not content:
        return Selection([int(i) for i in np.flatnonzero(allowed)], "filters")
    matches = matcher.match(query)
    if matches:
        sets = []
        for m in matches:
            tagged = index.tagged(_labels(matcher, m)) & allowed
            own = OwnTopic(matcher, m)
            rows = np.flatnonzero(tagged).tolist()
            for row, (requirement, section) in zip(rows, index.records.own_texts(rows), strict=True):
                tagged[row] = own(requirement, section)  # two fields, no record made
            sets.append(tagged)
        chosen = np.logical_or.reduce(sets)
        if len(matches) > 1 and (all_topics or not _joined(query, content, matches)):
            both = np.logical_and.reduce(sets)
            if both.any() or all_topics:
                chosen = both
        return Selection([int(i) for i in np.flatnonzero(chosen)], "concept", matches)
    tokens = [t for t in index.analyzer.query_tokens(content) if t not in stop]
    chosen = _covering(index, tokens, allowed)
    absent = [t for t in dict.fromkeys(tokens) if len(t) > 1 and index.lexical.document_frequency(t) == 0]
    return Selection([int(i) for i in np.flatnonzero(chosen)], "words", [], tokens, absent)
