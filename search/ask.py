"""`zwgk ask`: a question in, an answer per plan and per task out.

The question is read for its intent and filters (question.py); the tasks that
answer it are chosen as a set (select.py), complete whatever their scores;
search (retrieve.py) only orders them. The answer is grouped per plan:

- every task carries its own units with their roles and aspects, each unit's
  chain (unit → agency → region → … → province), its deadline and source
  lines; a plan-level summary adds the units up and says which tasks name each;
- a plan in view with nothing on the topic is answered `silent` (未提及),
  not padded with the nearest unrelated task;
- the plan's basis documents (what its preamble implements), its issuer and
  region; counts for 多少 questions;
- for 照搬上级方案, the tasks worded like a plan above theirs, each with that
  plan's tasks; for 缺少哪些主题, each plan's topics most other plans cover
  (found by the analyses; the workspace passes them in, see comparing.py);
  for 哪个单位的任务最多, the units ranked (ranking.py).

How a task becomes its JSON, units and chains included, is views.py's.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields, is_dataclass, replace
from functools import partial
from typing import Any

from zwgk.model.collector import collector_paused
from zwgk.model.copies import Copies
from zwgk.model.filters import Filters
from zwgk.model.records import PlanRecord, PolicyCitation, TaskRecord
from zwgk.model.roles import ROLES
from zwgk.model.text import fold_key
from zwgk.search.comparing import (
    common_notes,
    copied_notes,
    copied_rows,
    missing_notes,
    new_notes,
    unique_notes,
)
from zwgk.search.question import FILLER, Question, read_question
from zwgk.search.ranking import TopicCount, UnitRank, count_topics, rank_units
from zwgk.search.retrieve import Hit
from zwgk.search.select import Selection, select
from zwgk.search.service import Searcher
from zwgk.search.views import (
    ROLE_WEIGHT,
    TaskView,
    UnitSummary,
    agency_chain,
    task_view,
    unit_chain,
    unit_summary,
)

__all__ = ["Answer", "PlanAnswer", "ask", "question_of", "agency_chain", "ROLE_WEIGHT",
           "NO_UNIT_NOTE", "SILENT_NOTE", "unit_chain", "basis_documents"]

NO_UNIT_NOTE = "该计划未列明责任单位（the plan names no responsible unit for these tasks）"
SILENT_NOTE = "未提及（本计划没有这方面的任务）"
#: A unit asked about in one role that holds none in it, but others: said, so no one reads "no tasks".
ROLE_NOTE = ("{unit} 没有{asked}的任务；它在 {count} 项任务中是{held}单位 "
             "({unit} is {held_en} in {count} tasks but {asked_en} in none)")


@dataclass
class PlanAnswer:
    """One plan's answer. Its tasks, unit summary and basis are worked out when first read: an unscoped
    question over a million tasks answers thousands of plans, and a terminal shows ten of them."""

    doc: str
    plan_title: str | None
    issuer: str | None
    region: str | None
    region_chain: list[str]
    year: int | None
    #: () → (units, tasks): the summary (unit, role, which tasks name it) and every answered task.
    detail_of: Callable[[], tuple[list[UnitSummary], list[TaskView]]] | None = field(default=None, repr=False,
                                                                                   compare=False)
    #: () → what the plan's preamble implements (`basis`; it reads all the plan's tasks).
    basis_of: Callable[[], list[PolicyCitation]] | None = field(default=None, repr=False, compare=False)
    policies: list[PolicyCitation] = field(default_factory=list)  # every document the plan cites
    task_count: int = 0
    silent: bool = False
    note: str | None = None
    score: float = 0.0
    #: 泗县的计划缺少哪些主题: the topics most other plans of the store have and this one does not
    #: (analysis.coverage's missing_vs_peers: topic, peers, of, share).
    missing_topics: list[dict[str, Any]] = field(default_factory=list)
    doc_number: str | None = None  # the plan's own 文号
    topics: list[TopicCount] = field(default_factory=list)  # 涉及哪些主题: its answered tasks' topics, most first
    _detail: tuple[list[UnitSummary], list[TaskView]] | None = field(default=None, init=False, repr=False,
                                                                      compare=False)
    _basis: list[PolicyCitation] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def units(self) -> list[UnitSummary]:
        return self._details()[0]

    @property
    def tasks(self) -> list[TaskView]:
        return self._details()[1]

    @property
    def basis(self) -> list[PolicyCitation]:
        if self._basis is None:
            self._basis = self.basis_of() if self.basis_of is not None else []
        return self._basis

    def _details(self) -> tuple[list[UnitSummary], list[TaskView]]:
        if self._detail is None:
            self._detail = self.detail_of() if self.detail_of is not None else ([], [])
        return self._detail

    def to_json(self) -> dict[str, Any]:
        """The plan's answer as `zwgk ask --json` gives it."""
        out: dict[str, Any] = {}
        for f in fields(self):
            if f.name == "detail_of":
                out["units"], out["tasks"] = self.units, self.tasks
            elif f.name == "basis_of":
                out["basis"] = [asdict(p) for p in self.basis]
            elif not f.name.startswith("_"):
                out[f.name] = _json_value(getattr(self, f.name))
        return out


def _json_value(value: Any) -> Any:
    if isinstance(value, list):
        return [asdict(v) if is_dataclass(v) and not isinstance(v, type) else v for v in value]
    return value


@dataclass
class Answer:
    question: Question
    concepts: list[str]
    plans: list[PlanAnswer]
    hits: list[Hit | _PlainHit]  # ranked: the chosen tasks first, by search score
    notes: list[str] = field(default_factory=list)
    how: str = "filters"
    #: 哪个单位的任务最多: units by the answered tasks naming them (search/ranking.py); the plans list every task.
    units_ranked: list[UnitRank] = field(default_factory=list)
    ranked_by: str = "tasks"  # or the role a ranking counts (lead, cooperate)
    #: 泗县的计划涉及哪些主题 · 哪个主题的任务最多: the answered tasks' topics, most tasks first (each plan has its own).
    topics: list[TopicCount] = field(default_factory=list)
    #: 引用最多的上级文件是哪个: the documents the plans in view cite, by how many plans cite each.
    cited: list[dict[str, Any]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(p.task_count for p in self.plans)

    def task_ids(self) -> list[str]:
        return [t["id"] for p in self.plans for t in p.tasks]

    def to_json(self, plans: int | None = None, offset: int = 0) -> dict[str, Any]:
        """`zwgk ask --json`: every plan's answer, or (`plans`) a page of them from `offset` on.

        A page works out only its own plans' tasks: an unscoped question over a million tasks answers
        22k plans, 136 MB of JSON in 38 s, where a page of 20 is 0.4 MB in 0.03 s. `plans_total` and
        `next_offset` (None on the last page) say how to read on; `count` and `silent` cover every plan.
        """
        q = self.question
        page = self.plans[offset:] if plans is None else self.plans[offset:offset + plans]
        end = offset + len(page)
        return {
            "question": q.text, "intent": q.intent, "query": q.query, "filters": q.filters.active(), "found": q.found,
            "selected_by": self.how, "concepts": self.concepts, "count": self.count, "units_ranked": self.units_ranked,
            "ranked_by": self.ranked_by, "topics": self.topics, "cited": self.cited,
            "silent": [p.region or p.doc for p in self.plans if p.silent], "notes": self.notes,
            "plans_total": len(self.plans), "offset": offset, "next_offset": end if end < len(self.plans) else None,
            "answers": [p.to_json() for p in page],
        }


def basis_documents(plan: PlanRecord, tasks: list[TaskRecord]) -> list[PolicyCitation]:
    """The documents a plan is based on: those it cites outside its task rows (its preamble)."""
    in_rows = {(p.number or p.title) for t in tasks for p in t.policies}
    return [p for p in plan.policies if (p.number or p.title) not in in_rows]


#: The tasks read to say which roles a unit holds instead (the count is of all of them).
ROLE_SAMPLE = 5_000


def _other_roles(searcher: Searcher, question: Question, f: Filters) -> list[str]:
    """ROLE_NOTE when the unit holds tasks in other roles (哪些任务是计财科牵头的: it leads none, but is
    responsible for some); nothing when it holds none at all."""
    rows = select(searcher.index, searcher.matcher, question.content, question.query or question.text,
                  replace(f, unit_role=None), frozenset(FILLER), question.all_topics).rows
    if not rows:
        return []
    unit, key = f.unit or "", fold_key(f.unit or "")
    held = {u.role for i in rows[:ROLE_SAMPLE] for u in searcher.index.records[i].units
            if fold_key(u.name) == key or (not f.unit_exact and key in fold_key(u.name))}
    roles = [r for r in ROLES if r in held]
    if not roles:
        return []
    asked = next(r for r in ROLES if r == f.unit_role)
    return [ROLE_NOTE.format(unit=unit, asked=asked.label, count=len(rows), held="、".join(r.label for r in roles),
                             asked_en=asked.value, held_en=" / ".join(r.value for r in roles))]


def _silence_applies(question: Question, filters: Filters) -> bool:
    """A topic asked about: every plan in view answers, silent or not. Otherwise only plans named by a filter."""
    return question.has_topic or bool(filters.plan_level().active())


def question_of(searcher: Searcher, text: str, filters: Filters | None = None) -> Question:
    """The question as `ask` reads it: its intent and filters, with the store's unit and issuer names."""
    question = read_question(text, searcher.unit_names(), filters, searcher.issuer_names(),
                             searcher.index.analyzer.words, searcher.region_names)
    newest = question.newest_first
    if newest is not None and question.intent != "plans" and question.filters.year is None:
        # 最新的方案有哪些任务 · 最新的计划里谁负责依申请公开: the tasks of the newest (最早: oldest) year's plans
        index, f = searcher.index, question.filters
        years = [y for doc in index.docs_passing(f.plan_level()) if (plan := index.plan(doc)) and (y := plan.year)]
        if years:
            year = max(years) if newest else min(years)
            said = question.found.get("newest") or question.found.get("plans", "")
            question = replace(question, filters=replace(f, year=year), found={**question.found, "newest": f"{said}（{year}年）"})
    return question


@collector_paused()  # an unscoped question at a million tasks decodes a hundred thousand records
def ask(searcher: Searcher, text: str, filters: Filters | None = None, k: int | None = None,
        copies: Copies | None = None, missing: Mapping[str, list[dict[str, Any]]] | None = None,
        read: Question | None = None) -> Answer:
    """`copies`: for a question about requirements copied from above (照搬上级方案), what analysis.copied found
    for the plans asked about (the workspace passes it); without it such a question points to `zwgk diffusion`.
    `missing`: for a question about the topics a plan leaves out (缺少哪些主题), each plan's topics most of the
    store's other plans cover (analysis.coverage, passed the same way); without it the answer points to
    `zwgk coverage`. `read`: the question as `question_of` read it, where the caller already did."""
    question = read or question_of(searcher, text, filters)
    f = question.filters
    selection: Selection = select(searcher.index, searcher.matcher, question.content, question.query or question.text,
                                  f, frozenset(FILLER), question.all_topics)
    if question.intent in ("basis", "plans", "cited"):  # 哪些计划依据了… · 泗县的方案是谁印发的: the plans are the answer
        selection = Selection([], "plans" if question.intent == "plans" else "policy")
    if question.intent == "missing":  # 泗县的计划缺少哪些主题: topics are the answer, not tasks
        selection = Selection([], "coverage")
    compared = question.intent in ("copied", "common")  # 照搬上级方案 · 在多个地区都出现: the tasks the analysis found
    if compared:
        topical = set(selection.rows) if question.has_topic else None  # 政策解读方面哪些照搬上级: that topic's only
        selection = Selection([r for r in copied_rows(searcher.index, copies, f) if topical is None or r in topical],
                              question.intent)
    if question.intent in ("unique", "new"):  # 石台县有哪些任务是其他县没有的 · 泗县今年新增了哪些任务: the rest, once compared
        shared = set(copied_rows(searcher.index, copies, f))
        plan_ids, row_plan = searcher.index.row_docs()
        compared_docs = {d for d, before in copies.above.items() if before} if copies is not None else set()
        selection = Selection([r for r in selection.rows if r not in shared and (
            question.intent == "unique" or plan_ids[row_plan[r]] in compared_docs)] if copies is not None else [],
            question.intent)
    ranked_units: list[UnitRank] = []
    ranking_note: str | None = None
    ranked_by = "tasks"
    if question.intent == "busiest":  # 哪个单位的任务最多: the ranking, over every answered task (listed as for 谁负责)
        ranked_units, ranked_by, ranking_note = rank_units(searcher.index, selection.rows, question.ranked_role)
    topics, plan_topics = (count_topics(searcher.index, selection.rows, searcher.matcher.ancestors("topics"))
                           if question.intent == "topics" else ([], {}))
    records = searcher.index.records
    chosen = set(selection.rows)
    # Ranking: search over the same filters; chosen tasks first by their fused score, the rest after.
    result = searcher.search(question.query or question.text, f, max(len(records), 1)) if question.query else None
    ranked = result.hits if result else []
    row_of = records.row  # the row a decoded record came from (the index keeps one dict per row)
    by_row = {row_of(h.record): h for h in ranked}
    hits: list[Hit | _PlainHit] = [h for h in ranked if row_of(h.record) in chosen]
    in_hits = {row_of(h.record) for h in hits}
    # The chosen tasks search did not rank are decoded only when read: an unscoped question over a
    # million tasks chooses a third of them, and an answer shows a page.
    hits += [_PlainHit(records, i) for i in selection.rows if i not in in_hits]
    hits += [h for h in ranked if row_of(h.record) not in chosen]
    notes = list(result.notes) if result else list(searcher.notes)
    if compared:
        notes += copied_notes(copies, f) if question.intent == "copied" else common_notes(copies, f)
    if question.intent in ("unique", "new"):
        notes += unique_notes(copies, f) if question.intent == "unique" else new_notes(copies, f)
    if ranking_note:
        notes.append(ranking_note)
    if selection.absent and not selection.rows:  # 校务公开 where no task says 校务: say so, not only "nothing"
        notes.append(f"库中没有任务提到：{'、'.join(selection.absent)}（no task in the store has these words）")
    if question.intent == "missing":
        against = question.against  # 泗县有但石台县没有的: compared with that place's plans
        notes += missing_notes(missing, f, len(searcher.index.docs_passing(against[1] if against else Filters())),
                               against[0] if against else None)
    if f.unit and f.unit_role and not selection.rows and not compared and question.intent != "basis":
        notes += _other_roles(searcher, question, f)

    index = searcher.index
    plans_in_view = index.docs_passing(f.plan_level())  # decided on the plans' facets: none is decoded
    by_plan: dict[str, list[int]] = defaultdict(list)
    plan_ids, row_plan = index.row_docs()  # which plan each row is in, from the index's columns
    for i, p in zip(selection.rows, row_plan[selection.rows].tolist(), strict=True):
        by_plan[plan_ids[p]].append(i)
    with_units = index.rows_naming_any("units")
    def all_tasks(doc: str) -> list[TaskRecord]:  # a plan's live tasks, read only for the plans answered
        return [records[int(i)] for i in searcher.index.plan_rows(doc)]
    answers: list[PlanAnswer] = []
    docs = list(by_plan)
    if _silence_applies(question, f) and not compared and question.intent not in ("basis", "unique", "new", "cited"):
        docs += [d for d in plans_in_view if d not in by_plan]
    facts = question.intent in ("basis", "missing", "plans", "cited")  # each plan in view answers with facts, not tasks
    if facts:
        docs = list(plans_in_view)
    for doc in docs:
        plan = index.plan(doc) or _plan_of(records[by_plan[doc][0]])
        chosen_rows = by_plan.get(doc, [])
        silent = not chosen_rows and not facts
        # The summary lists a task's units of the aspects the question names, else all: either way some
        # unit exactly when the task names one.
        named = bool(with_units[chosen_rows].any()) if chosen_rows else False
        note = SILENT_NOTE if silent else (NO_UNIT_NOTE if chosen_rows and not named else None)
        scores = [by_row[i].score for i in chosen_rows if i in by_row]
        answers.append(PlanAnswer(
            doc, plan.title, plan.issuer, plan.region, list(plan.region_chain), plan.year,
            partial(_detail, records, chosen_rows, question, by_row, copies),
            partial(_basis, plan, doc, all_tasks) if plan.policies else None,  # citing nothing: no task read
            list(plan.policies), len(index.plan_rows(doc)) if question.intent == "plans" else len(chosen_rows), silent,
            note, round(max(scores), 5) if scores else 0.0, list((missing or {}).get(doc, [])), plan.doc_number,
            plan_topics.get(doc, [])))
    gap = question.intent == "gap"  # 哪些方案没有涉及…: the silent plans are the answer, listed first
    few = 1 if question.fewest_first else -1  # 哪个地区的任务最少: smallest first
    answers.sort(key=lambda p: (p.silent != gap, few * p.task_count if not question.query else -p.score, p.region or "", p.doc))
    if question.newest_first is not None:  # 最新的计划是哪个: by year, newest first (最早: oldest first)
        answers.sort(key=lambda p: ((p.year or 0) * (-1 if question.newest_first else 1), p.region or "", p.doc))
    concepts = [m.concept.label for m in selection.concepts]
    cited: list[dict[str, Any]] = []
    if question.intent == "cited":  # the documents ranked; the plans that cite something, each with what it cites
        cited, answers = _cited(answers), [a for a in answers if a.policies]
    if question.intent == "basis" and "cites_none" in question.found:  # 哪些计划没有依据任何上级文件
        citing, answers = len(answers), [a for a in answers if not a.policies]
        notes += [f"这些计划都引用了文件：{citing} 份 (every plan in view cites a document)"] if citing and not answers else []
    return Answer(question, concepts, answers, hits, notes, selection.how, ranked_units, ranked_by, topics, cited)


def _cited(answers: list[PlanAnswer]) -> list[dict[str, Any]]:
    """The documents these plans cite (anywhere in the plan), by how many of them cite each, most first."""
    plans: Counter[str] = Counter()
    shown: dict[str, PolicyCitation] = {}
    for answer in answers:
        for p in {p.key(): p for p in answer.policies if p.key()}.values():
            plans[p.key()] += 1
            shown.setdefault(p.key(), p)
    return [{"title": shown[k].title, "number": shown[k].number, "plans": n}
            for k, n in sorted(plans.items(), key=lambda kv: (-kv[1], kv[0]))]


def _detail(records: Sequence[TaskRecord], rows: list[int], question: Question, by_row: dict[int, Hit],
            copies: Copies | None = None) -> tuple[list[UnitSummary], list[TaskView]]:
    views = [task_view(records[i], question.text, by_row.get(i)) for i in rows]
    if copies is not None and question.intent in ("copied", "common"):  # the plans above, or the other regions'
        for view in views:
            key = (view["doc"], view["id"])
            view["shared_with" if copies.peers else "copied_from"] = [c.to_json() for c in copies.sources.get(key, ())]
            if copies.peers:
                view["shared_count"] = copies.counts.get(key, 0)
    return unit_summary(views), views


def _basis(plan: PlanRecord, doc: str, all_tasks: Callable[[str], list[TaskRecord]]) -> list[PolicyCitation]:
    return basis_documents(plan, all_tasks(doc))


def _plan_of(record: TaskRecord) -> PlanRecord:
    """A plan the index has no metadata for, as its task names it."""
    return PlanRecord(doc=record.doc, title=record.plan_title, issuer=record.issuer, region=record.region,
                      region_chain=record.region_chain, year=record.year, policies=record.policies)


@dataclass
class _PlainHit:
    """A chosen task search did not rank (no query words): shown with no score, decoded when first read."""

    records: Sequence[TaskRecord]
    row: int
    score: float = 0.0

    @property
    def record(self) -> TaskRecord:
        return self.records[self.row]

    def why(self) -> dict[str, Any]:
        return {"retrievers": {}, "matched_terms": [], "concepts": []}
