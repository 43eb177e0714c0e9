"""The ingest pipeline: bytes → text lines → layout → logical rows → Plan.

Layouts are tried from the most to the least explicit: cell grids (tabs,
pipes, aligned spaces, cell-per-line), then the flattened PDF table under a
header line, then task lists with responsibility in a trailing bracket. The
first that yields task rows wins; the readers of other formats (docx, html,
pdf, xlsx, doc) hand over the same lines or grids (a Document) and reuse all of this.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from zwgk.ingest import regions
from zwgk.ingest.deadlines import parse_deadline, response_times, text_deadlines
from zwgk.ingest.document import Document, text_lines
from zwgk.ingest.domains import domains_from_table, is_domain_header
from zwgk.ingest.errors import NotATaskPlan, ParseError
from zwgk.ingest.evidence import Evidence, decide, document_reason, is_annual_report, row_evidence
from zwgk.ingest.flow import find_flow_header, rows_from_flow
from zwgk.ingest.grid import Table, cell_texts, find_tables
from zwgk.ingest.limits import check_rows
from zwgk.ingest.listing import rows_from_list
from zwgk.ingest.metadata import annex_titles, read_metadata
from zwgk.ingest.noise import clean_lines
from zwgk.ingest.patterns import heading_level, looks_like_deadline
from zwgk.ingest.policies import find_citations, normalize_title
from zwgk.ingest.rows import LogicalRow, join_unit_lines, rows_from_table, titles_tasks
from zwgk.ingest.runon import find_run_on_table
from zwgk.ingest.streams import POWER_CELL, POWER_LIST, find_stream_table, not_a_task_table, rows_from_stream
from zwgk.ingest.units import is_unit_name, parse_units
from zwgk.model.plan import DomainRecord, Plan, PolicyRef, Responsibility, Task
from zwgk.model.text import fold, fold_key, squeeze

__all__ = ["Overrides", "parse_text", "parse_document", "parse_bytes", "parse_file", "parse_files"]

#: The notice's own annex: 现将《X》印发给你们 / 《X》已经…同意，现印发给你们 — not a document it implements.
_OWN_DOCUMENT = re.compile(r"(?:现将|现印发|印发)《([^》]{4,80})》|《([^》]{4,80})》(?:已经[^。]{0,40})?(?:现)?印发给")
_CATALOGUE_HEADERS = ("公开事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道", "公开方式", "公开对象", "事项名称")


@dataclass(frozen=True)
class Overrides:
    """Metadata the user knows better than the parser (flags or FILE.meta.json)."""

    title: str | None = None
    issuer: str | None = None
    region: str | None = None
    year: int | None = None

    def merged(self, other: Overrides) -> Overrides:
        """`other` wins where it says something."""
        return Overrides(**{k: getattr(other, k) if getattr(other, k) is not None else getattr(self, k)
                            for k in ("title", "issuer", "region", "year")})


def _is_catalogue(table: Table) -> bool:
    for cells in (cell_texts(r) for r in table.rows[:5]):
        keys = [fold_key(c) for c in cells]
        if sum(1 for k in keys if k in _CATALOGUE_HEADERS) >= 2:
            return True
    return False


def _is_power_list(table: Table) -> bool:
    """权责清单: 职权名称 | 实施依据 | 责任事项 | 责任主体 | 追责情形 — powers, not tasks."""
    return any(sum(1 for c in cells if POWER_CELL.search(fold_key(c))) >= 2 for cells in (cell_texts(r) for r in table.rows[:5]))


def _catalogue_reason(lines: list[str], tables: list[Table]) -> str | None:
    if any(_is_power_list(t) for t in tables):
        return POWER_LIST
    titles = [t for t in (squeeze(s) for s in lines[:12]) if t and len(t) <= 60]  # title-like lines only
    if any(_is_catalogue(t) for t in tables) or any(re.search(r"公开(?:事项)?目录|事项清单", t) for t in titles[:6]):
        return "a disclosure catalogue (公开目录), not a task table"
    return None


#: Text layouts whose table structure is lost in the text: read as a cell stream (streams.py).
_FLATTENED = frozenset({"pipe-rows", "pipe-cells", "bare-cells"})


_SUMMARY_TITLE = re.compile(r"(?:工作)?总结|情况报告|自查报告|工作报告")
#: A page of what each unit is for (内设机构及职责, 机构职能): laid out by unit like some plans, but a catalogue.
_DUTIES_TITLE = re.compile(r"职责|职能|内设机构|机构设置|科室设置")
#: A guide or a catalogue of disclosure (政府信息公开指南, 公开目录): how to ask and where, not who must do what.
_GUIDE_TITLE = re.compile(r"公开指南|信息公开目录|办事指南|服务指南|申请须知")
#: A reading of a plan (一图读懂《…要点》, 《…方案》政策解读): it may quote the tasks with their units, but it is not the plan.
_READING_TITLE = re.compile(r"一图读懂|图解|(?:》|要点|方案|计划)[的之]?(?:政策)?解读$|^(?:关于)?《[^》]+》的?(?:政策)?解读")
#: The notice or minutes of one event (关于举办政府开放日活动的通知, 推进会议纪要): its items name who does what on
#: the day, or what the meeting agreed, not a plan.
_EVENT_TITLE = re.compile(r"(?:举办|召开|举行)[^，。]{0,30}(?:活动|会议|开放日|培训班|座谈会|推进会|现场会)的通知"
                          r"|会议纪要|会议记录|纪要$")  # the minutes of one: what was said and agreed on the day
_PLAN_WORD = re.compile(r"分工|分解|方案|要点|任务|清单|计划|安排")


def _titled_otherwise(head: list[str]) -> str | None:
    """Why a page whose list names units is no plan, by its title: a summary or report (2023年政务公开工作
    总结: its 下一步 items may name units in brackets, but it assigns nothing), the units' standing
    duties (内设机构及职责: each unit's items under its name, as a plan laid out by unit prints its tasks),
    a guide to asking for information (政府信息公开指南: 受理机构：县政府办公室 reads like an assignment), a
    reading of a plan (一图读懂: it quotes the tasks) or the notice or minutes of one event (开放日活动, 会议纪要).
    Those three are told by the first line alone: their own text may say 计划 or 要点."""
    title = fold_key("".join(s for s in head[:6] if s.strip()))
    first = fold_key(next((s for s in head if s.strip()), ""))
    if _GUIDE_TITLE.search(first) and not _PLAN_WORD.search(first):  # the guide's own text may say 计划
        return "a disclosure guide (公开指南): how to ask for information, not a task plan"
    if _READING_TITLE.search(first):
        return "a reading of a plan (解读, 一图读懂): it quotes the plan, it is not the plan"
    if _EVENT_TITLE.search(first) and not _PLAN_WORD.search(first):
        return "the notice or minutes of an event (活动, 会议, 纪要): its arrangements, not a task plan"
    if _PLAN_WORD.search(title):
        return None
    if _SUMMARY_TITLE.search(title):
        return "a work summary (工作总结): its next steps are not a task plan"
    if _DUTIES_TITLE.search(title):
        return "the duties of units (职责): standing functions, not a task plan"
    return None


def _heading_between(lines: list[str], after: int, before: int) -> str | None:
    """A short 一、/（一） heading paragraph among the last lines before a table that
    follows another table or a title (1-based line bounds): the table's section."""
    near = [s for s in lines[after : max(after, before - 1)] if s.strip()][-3:]
    for line in reversed(near):
        text = squeeze(line)
        if heading_level(fold(text)) and len(text) <= 40 and "。" not in text[:-1]:
            return text
    return None


def _layout_rows(lines: list[str], given: list[Table] | None = None, closed: bool = False
                 ) -> tuple[list[LogicalRow], list[DomainRecord], str, int, str]:
    """(rows, domain records, layout name, 0-based line where the tasks start, the text printed before
    the table on that line: a title run together with a run-on header).

    Each layout's candidate rows are weighed by the same evidence (evidence.py);
    the first candidate that shows a plan wins. `closed`: the page printed its
    furniture after the text (noise.py), so a table reaching the text's end ended there.
    """
    if is_annual_report(lines):
        raise NotATaskPlan("an annual report (年度报告)")
    tables = find_tables(lines) if given is None else given
    if given is None and all(t.kind in _FLATTENED for t in tables):
        stream = find_stream_table(lines) or find_run_on_table(lines)
        if stream is not None and closed:
            stream.open_end = False
        if stream is not None:
            found = rows_from_stream(stream) if stream.cells else []
            reason = not_a_task_table(stream, found, lines)
            if reason:
                raise NotATaskPlan(reason)
            if not stream.cells:
                raise ParseError("the task table's header is there but the text ends before its first row")
            if found:
                return found, [], stream.kind, stream.start, stream.lead
        # A flattened table is read by its header; without one, `|`-separated
        # metadata lines (发布机构 | …) are no table.
        tables = []
    rows: list[LogicalRow] = []
    domains = []
    kinds: list[str] = []
    used: list[Table] = []  # the tables that gave rows
    start = None
    previous_end = 0
    catalogue = False
    for table in tables:
        header_rows = [cell_texts(r) for r in table.rows[:5]]
        if any(is_domain_header(r) for r in header_rows):
            domains += domains_from_table(table)
            continue
        if _is_catalogue(table) or _is_power_list(table):
            catalogue = True
            continue
        found = rows_from_table(table)
        if found:
            heading = _heading_between(lines, previous_end, table.first)
            if heading:  # tables split by a heading paragraph: 一、… between two tables
                for row in found:
                    if not row.section or row.section[0] != heading:
                        row.section = (heading, *row.section)
            previous_end = table.last
            used.append(table)
            rows += found
            kinds.append(table.kind)
            start = table.first - 1 if start is None else start
    weighed: list[Evidence] = []
    if rows:
        layout = "+".join(dict.fromkeys(kinds))
        weighed.append(row_evidence(rows, layout))
        if decide(weighed[-1]) is not None and all(titles_tasks(t) for t in used):
            weighed[-1] = row_evidence(rows, layout, titled=True)  # phrases under 具体措施 | 责任股室: tasks too
        if decide(weighed[-1]) is None:
            return rows, domains, layout, start or 0, ""  # rows were found, so a table started
    header = find_flow_header(lines)
    if header:
        rows = rows_from_flow(lines, header[0], header[1])
        if rows:
            weighed.append(row_evidence(rows, "pdf-flow"))
            if decide(weighed[-1]) is None:
                return rows, domains, "pdf-flow", header[0], ""
    rows = rows_from_list(lines)
    if rows:
        weighed.append(row_evidence(rows, "list"))
        if decide(weighed[-1]) is None:
            return rows, domains, "list", rows[0].first - 1, ""
    catalogue_reason = _catalogue_reason(lines, tables) if catalogue or not weighed else None
    best = max(weighed, key=lambda e: (e.assigned, e.requirement_like), default=None)
    raise NotATaskPlan(catalogue_reason or document_reason(lines, best))


#: A contact person printed after a unit: 办公室（张某）. Not 县（区）, 各乡镇（街道）, 各村（社区）, 办公室（信息科）.
_CONTACT = re.compile(r"[（(]([\u4e00-\u9fff]{2,3})[）)]$")
_NOT_A_PERSON = re.compile(r"(?:[科处室局委办厅馆所站队院校组部会股村镇乡街]|社区|街道|单位|部门|中心|牵头|负责|配合|落实)$")


def _drop_contact(name: str) -> str:
    m = _CONTACT.search(name)
    if m and len(name) > m.end() - m.start() and not _NOT_A_PERSON.search(fold(m.group(1))):  # 單位 too
        return name[: m.start()]
    return name


def _units(row: LogicalRow, cut: str = "") -> tuple[Responsibility, ...]:
    """The row's units; `cut` is the page's last line when the page ends inside
    this row: a last name printed at its very end that does not end like a
    unit (养老保) is a fragment, not a unit."""
    out: list[Responsibility] = []
    for raw, column_role, inherited in row.units:
        units = parse_units(raw)
        if cut and not inherited and units and not is_unit_name(units[-1].name) \
                and squeeze(cut).endswith(squeeze(units[-1].name)):
            units = units[:-1]
        column_decides = column_role != "responsible" and not _explicit_role(raw)
        for unit in units:
            role = column_role if unit.role == "responsible" and column_decides else unit.role
            name = _drop_contact(unit.name)
            if (name, role, inherited) != (unit.name, unit.role, unit.inherited):
                unit = replace(unit, name=name, role=role, inherited=inherited)
            out.append(unit)
    return tuple(dict.fromkeys(out))


def _cut_row(lines: list[str], rows: list[LogicalRow]) -> tuple[LogicalRow | None, str]:
    """(the row the page stops in, the page's last line): the row reaches the
    last printed line, which ends without a sentence end, bracket or border."""
    last = next((k + 1 for k in range(len(lines) - 1, -1, -1) if lines[k].strip()), 0)
    if not rows or not last or not rows[-1].first <= last <= rows[-1].last:
        return None, ""
    if re.search(r"[。;；.!！?？)）|｜]\s*$", fold(lines[last - 1])):
        return None, ""
    return rows[-1], lines[last - 1]


_LAST_PIECE = re.compile(r"[,;，；、\s]+([^,;，；、\s]+)\s*$")


def _deadline_off_units(row: LogicalRow) -> None:
    """A unit cell that ends with the row's deadline (县财政局，2023年6月底前 under 责任单位及完成时限)
    gives the deadline to the row when it has none of its own."""
    if row.deadline_raw or not row.units:
        return
    raw, role, inherited = row.units[-1]
    m = _LAST_PIECE.search(raw)
    if m and looks_like_deadline(fold(m.group(1))):
        row.units = (*row.units[:-1], (raw[: m.start()], role, inherited))
        row.deadline_raw, row.deadline_inherited = m.group(1), inherited


def _explicit_role(raw: str) -> bool:
    """Whether a unit cell says roles itself (办公室牵头，各科室配合), not inside a name (文件起草牵头科室)."""
    return bool(re.search(r"(?:负责|牵头|配合|协助)(?![科处室局办委中股组部单])", raw))


def parse_text(text: str, doc: str = "<text>", overrides: Overrides | None = None) -> Plan:
    """Parse the text of one plan. Raises NotATaskPlan when it holds no tasks."""
    return parse_document(Document(text_lines(text)), doc, overrides)


def parse_document(document: Document, doc: str = "<text>", overrides: Overrides | None = None) -> Plan:
    """Parse what a reader produced. Raises NotATaskPlan when it holds no tasks."""
    overrides = overrides or Overrides()
    lines, noise = clean_lines(document.lines)
    rows, domains, layout, start, lead = _layout_rows(lines, document.tables, noise.closed)
    if rows and (reason := _titled_otherwise(lines[:start])):  # a table of units' duties (科室 | 主要职责) too
        raise NotATaskPlan(reason)
    for row in rows:
        _deadline_off_units(row)
    check_rows(len(rows))  # text layouts (readers check each real table before building it)
    if document.reader != "text":
        layout = f"{document.reader}:{layout}"
    head = [*lines[:start], lead] if lead else lines[:start]  # what is printed before the tasks
    page = [*head, *lines[start:]]
    annexes = annex_titles(page, [len(head)])
    preamble = "".join(squeeze(s) for s in head)
    task_citations = [find_citations(r.requirement) for r in rows]
    pre_citations = find_citations(preamble)
    numbers = [p.number for p in pre_citations + [c for cs in task_citations for c in cs] if p.number]
    meta = read_metadata(page, len(head), numbers, noise)
    title = overrides.title or meta.title
    exclude = [t for t in [*annexes, *(a or b for a, b in _OWN_DOCUMENT.findall(preamble))] if t]
    own = {fold_key(normalize_title(t)) for t in (title, meta.title) if t}

    def cited(text: str) -> tuple[PolicyRef, ...]:
        """Citations that are not the plan itself: its own title with another 文号 is
        another document (a mirror that put one title on every page, or a yearly 要点)."""
        return tuple(ref for ref in find_citations(text, exclude_titles=exclude)
                     if not (ref.title and fold_key(normalize_title(ref.title)) in own
                             and (ref.number is None or ref.number == meta.doc_number)))

    row_policies = [cited(r.requirement) for r in rows]
    policies: dict[str, PolicyRef] = {}
    for ref in cited(preamble) + tuple(c for refs in row_policies for c in refs):
        policies.setdefault(ref.key(), ref)
    issuer, issuer_inferred, region = meta.issuer, meta.issuer_inferred, meta.region
    if overrides.issuer:
        issuer, issuer_inferred = overrides.issuer, False
        region = regions.best_region(issuer) or region
    if overrides.region:
        region = regions.lookup(overrides.region, context=issuer or "") or region
    year = overrides.year or meta.year
    tasks = []
    cut_row = _cut_row(lines, rows) if not noise.closed else (None, "")
    for row, refs in zip(rows, row_policies, strict=True):
        deadline = parse_deadline(row.deadline_raw, year)
        if row.deadline_inherited:
            deadline = replace(deadline, inherited=True)
        tasks.append(Task(
            requirement=row.requirement,
            section=row.section,
            seq=row.seq,
            units=_units(row, cut=cut_row[1] if row is cut_row[0] else ""),
            units_raw=join_unit_lines([u[0] for u in row.units]) or None,
            deadline=deadline,
            text_deadlines=text_deadlines(row.requirement, year),
            response_times=response_times(row.deadline_raw, "cell") + response_times(row.requirement),
            policies=refs,
            source_lines=(row.first, row.last),
        ))
    return Plan(
        doc=doc,
        title=title,
        issuer=issuer,
        issuer_inferred=issuer_inferred,
        region=region,
        year=year,
        year_inferred=meta.year_inferred and not overrides.year,
        doc_number=meta.doc_number,
        policies=tuple(policies.values()),
        tasks=tuple(tasks),
        domains=tuple(domains),
        layout=layout,
    )


def parse_bytes(data: bytes, doc: str, overrides: Overrides | None = None) -> Plan:
    """Parse a file's bytes; `doc` is its name, whose suffix picks the reader when the
    content does not (readers/__init__.py)."""
    from zwgk.ingest.readers import read_document  # the readers import this module

    plan = parse_document(read_document(data, doc), doc, overrides)
    return replace(plan, sha256=hashlib.sha256(data).hexdigest())


def sidecar_overrides(path: Path) -> Overrides:
    """FILE.meta.json beside a plan (sidecar.py); ParseError with one line when it is unusable."""
    from zwgk.ingest.sidecar import read_sidecar

    return Overrides(**read_sidecar(path))  # type: ignore[arg-type]


def parse_file(path: str | Path, overrides: Overrides | None = None, doc: str | None = None) -> Plan:
    """Parse one file (its FILE.meta.json applied, `overrides` over it); every failure is a ParseError naming the file.

    `doc` is the plan id (an ingest's path relative to its folder); default the file name.
    """
    from zwgk.ingest.files import read_plan_bytes, shown

    path = Path(path)
    try:
        data = read_plan_bytes(path)
        merged = sidecar_overrides(path).merged(overrides or Overrides())
        plan = parse_bytes(data, doc if doc is not None else shown(path.name), merged)
    except ParseError as exc:
        exc.path = str(path)
        raise
    return replace(plan, source_path=str(path))


def parse_files(paths: Iterable[str | Path], overrides: Overrides | None = None) -> Iterator[tuple[Path, Plan | ParseError]]:
    """Parse many files; a failure is yielded in place of its plan so the rest go on."""
    for path in paths:
        try:
            yield Path(path), parse_file(path, overrides)
        except ParseError as exc:
            yield Path(path), exc
