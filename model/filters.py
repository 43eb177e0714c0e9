"""Filters applied before ranking: region (and everything within it), issuer, year,
unit, topic, domain, cited document, plan file, deadline window, ongoing.

The same bundle chooses the rows of every listing (`tasks`, `export`, `due`,
the analyses), so a filter means one thing wherever it is given.

Deadlines are compared as dates, never as strings: a bound is either an ISO
date (`--due-before 2022-11-30`) or a month-day read from a question
(`11月底前` → 11-30), which is resolved in each task's own plan year, since a
plan's "11月底前" means November of the year the plan is for.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

import numpy as np

from zwgk.model.records import PlanRecord, PolicyCitation, TaskRecord
from zwgk.model.roles import Level
from zwgk.model.text import DOCUMENT_KINDS, fold_key

__all__ = ["Filters", "filter_mask", "deadline_mask", "due_dates", "DEADLINE_FILTERS", "filter_records", "plan_matches",
           "parse_date", "BadDate", "policy_matches"]


class BadDate(ValueError):
    """A deadline bound that is not a real calendar date; the message says what was expected."""


def parse_date(value: str, what: str = "date") -> date:
    """An ISO date (YYYY-MM-DD), or BadDate with a message a user can act on."""
    text = (value or "").strip()
    if not re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        raise BadDate(f"{what}: {value!r} is not a date (expected YYYY-MM-DD, e.g. 2022-11-30)")
    y, m, d = (int(x) for x in text.split("-"))
    if not 1 <= m <= 12:
        raise BadDate(f"{what}: {value!r} has no month {m} (expected YYYY-MM-DD, e.g. 2022-11-30)")
    if not 1 <= d <= calendar.monthrange(y, m)[1]:
        raise BadDate(f"{what}: {value!r} has no day {d} in {y}-{m:02d} (expected YYYY-MM-DD, e.g. 2022-11-30)")
    return date(y, m, d)


def _month_day(value: str, year: int) -> date:
    """A month-day bound ("11-30", "02-29") in a given year, clamped to the month's last day."""
    m, d = (int(x) for x in value.split("-"))
    return date(year, m, min(d, calendar.monthrange(year, m)[1]))


@dataclass(frozen=True)
class Filters:
    region: str | None = None
    issuer: str | None = None
    year: int | None = None
    unit: str | None = None
    topic: str | None = None
    domain: str | None = None
    due_before: str | None = None  # ISO date, inclusive
    due_after: str | None = None
    #: One plan: its file name as stored (sixian-edu-2022.txt) or the name without suffix.
    doc: str | None = None
    #: True: only tasks the plan marks 持续推进/长期坚持 (no end date); False: only the others.
    ongoing: bool | None = None
    #: Any of these regions (a comparison names several); each finds everything within it.
    regions: tuple[str, ...] = ()
    #: A cited document (文号 or title): only plans that cite it.
    policy: str | None = None
    #: Month-day bounds ("11-30") resolved in each task's plan year (a question's "11月底前").
    due_before_md: str | None = None
    due_after_md: str | None = None
    #: The unit filter names one unit exactly (a question naming 信息中心 does not mean 宣传信息中心).
    unit_exact: bool = False
    #: With `unit`: only tasks where that unit has this role (lead · responsible · cooperate):
    #: 哪些任务由办公室牵头 is not everything 办公室 is named in.
    unit_role: str | None = None
    #: True: only tasks that name no unit at all (责任单位未列明); False: only those that name one.
    unassigned: bool | None = None
    #: Any of these units, each named exactly (a question naming several: 计财科和办公室分别负责什么).
    units: tuple[str, ...] = ()
    #: With `units`: every one of them on the task, not any (监察室和办公室共同负责哪些任务).
    units_all: bool = False
    #: A unit of this function (a unit-functions concept's label, 计划财务): 财务科负责什么 asks for 计财科,
    #: 计划财务处 and 计划财务科 alike, whatever each plan calls its finance section.
    unit_function: str | None = None
    #: True: only tasks that state no deadline at all (no 完成时限, no date, not 持续推进); False: only those that state one.
    undated: bool | None = None
    #: True: only tasks that name two units or more (哪些任务需要多个部门配合: a lead with those cooperating, or
    #: several sharing it); False: only those naming one unit or none.
    shared: bool | None = None
    #: Any of these administrative levels of the plan's region (national · province · city · county): 县级计划.
    levels: tuple[str, ...] = ()
    #: Tasks naming a cooperating unit (配合/协助/协办), or naming none (哪些任务没有配合单位).
    cooperated: bool | None = None
    #: Plans of this year or later / of this year or earlier (2022年以来, 2020年至2022年, --since/--until).
    year_from: int | None = None
    year_to: int | None = None

    def __post_init__(self) -> None:
        for name in ("due_before", "due_after"):
            value = getattr(self, name)
            if value:
                parse_date(value, "--" + name.replace("_", "-"))

    def active(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) not in (None, "", (), False)
                or (f.name in ("ongoing", "unassigned", "undated", "shared", "cooperated") and getattr(self, f.name) is False)}

    def plan_level(self) -> Filters:
        """The filters that decide which plans are in view (a plan without matching tasks is still in view)."""
        return Filters(region=self.region, issuer=self.issuer, year=self.year, doc=self.doc, regions=self.regions,
                       policy=self.policy, levels=self.levels, year_from=self.year_from, year_to=self.year_to)


def _region_matches(wanted: str, record: TaskRecord | PlanRecord) -> bool:
    """A province or city finds its counties: match anywhere on the region chain,
    by full name or by the name without its 省/市/县/区 suffix."""
    key = fold_key(wanted)
    for name in record.region_chain:
        name_key = fold_key(name)
        if key == name_key or (len(key) >= 2 and name_key.startswith(key) and len(name_key) - len(key) <= 3):
            return True
    return False


def _doc_keys(doc: str) -> tuple[str, ...]:
    """A plan answers to its stored path, its file name and its file name without suffix."""
    name = doc.replace("\\", "/").rsplit("/", 1)[-1]
    return fold_key(doc), fold_key(name), fold_key(name.rsplit(".", 1)[0])


def policy_matches(wanted: str, policies: Iterable[PolicyCitation]) -> bool:
    """A 文号 matches its number (spaces and bracket styles folded); a title matches when either contains the
    other, or when a title of 8 characters or more is the cited one with its 关于印发 … 的通知 left out."""
    key = fold_key(re.sub(r"[《》〈〉]", "", wanted))
    key = re.sub(r"[\[【〔(（]", "〔", re.sub(r"[\]】〕)）]", "〕", key))
    numbered = bool(_NUMBERED.search(key))  # a 文号 is matched as a number, never as a title with words left out
    said = _ISSUER_SHORT.sub(lambda m: _ISSUER_LONG[m.group(0)], key).replace("的", "")  # 国办的政务公开工作要点
    if any(_policy_matches(k, numbered, policies) for k in dict.fromkeys((key, said))):
        return True
    kind = _ISSUER_AND_KIND.fullmatch(said) if said != key else None  # 国办的要点 · 国办2022年的要点
    return kind is not None and any(p.title and _in_order(kind.groups(), fold_key(p.title)) for p in policies)


#: Issuers said short in a question (国办的要点): the words a title prints. Not the 国办发 of a 文号.
_ISSUER_LONG = {"国办": "国务院办公厅", "省政府办": "省人民政府办公厅", "省政府": "省人民政府"}
_ISSUER_SHORT = re.compile(r"国办(?![发函公])|省政府办(?!公)|省政府(?!办)")
#: Nothing but the issuer said short, a year perhaps, and the kind of document (国办的要点): any title of that
#: issuer and kind (and year) is meant; too few words for the title matching above.
_ISSUER_AND_KIND = re.compile(rf"({'|'.join(_ISSUER_LONG.values())})((?:(?:19|20)[0-9]{{2}}年?)?)"
                              rf"({'|'.join(DOCUMENT_KINDS)})")


def _in_order(pieces: Sequence[str], title: str) -> bool:
    at = 0
    for piece in pieces:
        found = title.find(piece, at)
        if found < 0:
            return False
        at = found + len(piece)
    return True


def _policy_matches(key: str, numbered: bool, policies: Iterable[PolicyCitation]) -> bool:
    for p in policies:
        for value in (p.number, p.title):
            if not value:
                continue
            v = re.sub(r"[\[【〔(（]", "〔", re.sub(r"[\]】〕)）]", "〕", fold_key(value)))
            if key == v or (len(key) >= 6 and (key in v or v in key)):
                return True
            if value is p.title and not numbered and _in_pieces(key, v):
                return True
    return False


_NUMBERED = re.compile(r"〔[0-9]{4}〕[0-9]+号")


def _in_pieces(key: str, title: str, pieces: int = 2, shortest: int = 3) -> bool:
    """Whether `key` is `title` with words left out: at most `pieces` runs of it, each `shortest` characters or
    more, in order (国务院办公厅2022年政务公开工作要点 in 国务院办公厅关于印发2022年政务公开工作要点的通知)."""
    if len(key) < 8:
        return False
    at = 0
    for _ in range(pieces):
        if title.find(key[:shortest], at) < 0:  # no head at all (most titles): no search for longer ones
            return False
        n = len(key)
        while n >= shortest and title.find(key[:n], at) < 0:  # the longest head of what is left found from here on
            n -= 1
        if n < shortest:
            return False
        at = title.find(key[:n], at) + n
        key = key[n:]
        if not key:
            return True
    return False


def _source_matches(record: TaskRecord | PlanRecord, f: Filters) -> bool:
    """Region, plan, issuer and year: fields a plan record and each of its task records share."""
    if f.region and not _region_matches(f.region, record):
        return False
    if f.regions and not any(_region_matches(r, record) for r in f.regions):
        return False
    if f.levels and str(Level.of_chain(record.region_chain)) not in f.levels:
        return False
    if f.doc and fold_key(f.doc) not in _doc_keys(record.doc or ""):
        return False
    if f.issuer and fold_key(f.issuer) not in fold_key(record.issuer or ""):
        return False
    if (f.year_from or f.year_to) and (record.year is None or record.year < (f.year_from or 0)
                                       or record.year > (f.year_to or 9999)):
        return False
    return not (f.year and record.year != f.year)


def plan_matches(plan: PlanRecord, f: Filters) -> bool:
    """Plan-level filters on a plan record (region chain, issuer, year, the documents it cites)."""
    if not _source_matches(plan, f):
        return False
    return not (f.policy and not policy_matches(f.policy, plan.policies))


def due_dates(deadlines: Sequence[str] | None, deadline: str | None) -> list[date]:
    """The dates a task is due (the cell's, or where it gives none, those its text states), from the
    record's `deadlines` and `deadline` fields; what is not an ISO date is passed over."""
    out = []
    for value in deadlines or ((deadline,) if deadline else ()):
        try:
            out.append(date.fromisoformat(value))
        except (TypeError, ValueError):
            continue
    return out


def _dates(record: TaskRecord) -> list[date]:
    return due_dates(record.deadlines, record.deadline)


#: The filters `deadline_mask` answers from columns.
DEADLINE_FILTERS = frozenset({"ongoing", "due_before", "due_after", "due_before_md", "due_after_md"})


def deadline_mask(f: Filters, ongoing: np.ndarray, year: np.ndarray, due_ptr: np.ndarray,
                  due_day: np.ndarray) -> np.ndarray:
    """The rows `_deadline_ok` keeps, read from columns instead of records (the search index's): per row
    whether it is ongoing and its plan year (0: none); its due dates as date ordinals, row r's at
    due_day[due_ptr[r]:due_ptr[r + 1]]. Read from records, 11月底前 over a million tasks took 36 s.

    The same rules: every bound must hold for one and the same date; a month-day bound is resolved in
    each row's year (by `_month_day`, once per distinct year) and excludes rows without one."""
    keep = np.ones(len(ongoing), dtype=bool)
    if f.ongoing is not None:
        keep &= ongoing.astype(bool) == f.ongoing
    if not (f.due_before or f.due_after or f.due_before_md or f.due_after_md):
        return keep
    row_of = np.repeat(np.arange(len(ongoing)), np.diff(due_ptr))
    day = np.asarray(due_day, dtype=np.int64)
    ok = np.ones(len(day), dtype=bool)
    if f.due_before_md or f.due_after_md:
        years = np.asarray(year, dtype=np.int64)[row_of]
        ok &= years > 0
        known = np.unique(years[ok])
        slot = np.searchsorted(known, years).clip(0, max(len(known) - 1, 0))
        for md, before in ((f.due_before_md, True), (f.due_after_md, False)):
            if md and len(known):
                bound = np.array([_month_day(md, int(y)).toordinal() for y in known], dtype=np.int64)[slot]
                ok &= (day <= bound) if before else (day >= bound)
    if f.due_before:
        ok &= day <= parse_date(f.due_before).toordinal()
    if f.due_after:
        ok &= day >= parse_date(f.due_after).toordinal()
    dated = np.zeros(len(ongoing), dtype=bool)
    dated[row_of[ok]] = True
    return keep & dated


def _deadline_ok(record: TaskRecord, f: Filters) -> bool:
    if f.ongoing is not None and record.ongoing != f.ongoing:
        return False
    if not (f.due_before or f.due_after or f.due_before_md or f.due_after_md):
        return True
    dates = _dates(record)
    if f.due_before_md or f.due_after_md:
        year = record.year
        if not year:
            return False
        if f.due_before_md:
            dates = [d for d in dates if d <= _month_day(f.due_before_md, year)]
        if f.due_after_md:
            dates = [d for d in dates if d >= _month_day(f.due_after_md, year)]
    if f.due_before:
        bound = parse_date(f.due_before)
        dates = [d for d in dates if d <= bound]
    if f.due_after:
        bound = parse_date(f.due_after)
        dates = [d for d in dates if d >= bound]
    return bool(dates)


def _undated(record: TaskRecord) -> bool:
    """The row states no deadline: no 完成时限 cell text, no date anywhere, not marked 持续推进."""
    return not (record.deadline_raw or record.deadlines or record.ongoing)


def _keep(record: TaskRecord, f: Filters) -> bool:
    if not _source_matches(record, f):
        return False
    if f.unit and not any((fold_key(f.unit) == fold_key(u.name) if f.unit_exact else fold_key(f.unit) in fold_key(u.name))
                          and (not f.unit_role or str(u.role) == f.unit_role) for u in record.units):
        return False
    if f.units:
        named, wanted = {fold_key(u.name) for u in record.units}, {fold_key(u) for u in f.units}
        if not (wanted <= named if f.units_all else named & wanted):
            return False
    if f.unit_function and not any(u.function == f.unit_function and (f.unit or not f.unit_role or str(u.role) == f.unit_role)
                                   for u in record.units):  # 法规科牵头: a unit of that function, in that role
        return False
    if f.cooperated is not None and any(str(u.role) == "cooperate" for u in record.units) != f.cooperated:
        return False
    if f.unassigned is not None and (not record.units) != f.unassigned:
        return False
    if f.undated is not None and _undated(record) != f.undated:
        return False
    if f.shared is not None and (len({u.name for u in record.units}) >= 2) != f.shared:
        return False
    if f.topic and not any(fold_key(f.topic) == fold_key(t) for t in record.topics):
        return False
    if f.domain and not any(fold_key(f.domain) == fold_key(d) for d in record.domains):
        return False
    if f.policy and not policy_matches(f.policy, record.policies):
        return False
    return _deadline_ok(record, f)


def filter_mask(records: Sequence[TaskRecord], f: Filters) -> np.ndarray | None:
    """Boolean mask of the records a query may return, or None when nothing filters."""
    if not f.active():
        return None
    return np.fromiter((_keep(r, f) for r in records), dtype=bool, count=len(records))


def filter_records(records: list[TaskRecord], f: Filters | None) -> list[TaskRecord]:
    """The records these filters let through, in their order."""
    if f is None or not f.active():
        return records
    return [r for r in records if _keep(r, f)]
