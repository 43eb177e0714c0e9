"""The terminal's answer to a question (`zwgk ask`): per plan, its basis, unit summary and tasks.

A page of plans, as a search engine gives ten results: the rest are summed up per region, and silent
plans share one 未提及 block; `--full` prints everything, and `--json` always holds everything.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.console import Console

from zwgk.model.records import PolicyCitation
from zwgk.presentation.cells import INHERITED_LEGEND, chain_text, cited, deadline_cell, unit_label, wrapped

if TYPE_CHECKING:  # annotations only: rendering must not import search
    from zwgk.search.ask import Answer, PlanAnswer

__all__ = ["print_answer", "ANSWER_TASKS", "ANSWER_PLANS", "SILENT_BLOCKS", "SILENT_NAMED", "OTHER_REGIONS", "COPY_SOURCES", "RANKED_SHOWN", "COUNTED_SHOWN"]

#: Tasks shown per plan unless --full.
ANSWER_TASKS = 8
#: Silent plans shown as blocks of their own; more are listed together on one 未提及 block (unless --full):
#: a comparison of two regions says 未提及 where it belongs, a store of 400 plans does not print 400 blocks.
SILENT_BLOCKS = 3
#: Silent plans named on that block, one line each, before "… 还有 N 份".
SILENT_NAMED = 30
#: Answering plans printed as blocks unless --full (a page, as a search engine gives ten results); the
#: rest are summed up per region on one block. A question with no region over a province's store
#: prints ten plans and where the others are, not 2,000 blocks (19.8 s at 100k tasks).
ANSWER_PLANS = 10
#: Regions named on that block, with their plans and tasks.
OTHER_REGIONS = 12
#: Units of a ranking (哪个单位的任务最多) printed unless --full.
RANKED_SHOWN = 10
#: Plans of a count (哪个地区的任务最多) listed with their task counts unless --full.
COUNTED_SHOWN = 20
#: Plans above a copied task named under it unless --full: a template repeated every year by a city and
#: its province is in dozens of them.
COPY_SOURCES = 2


def print_answer(answer: Answer, console: Console | None = None, full: bool = False) -> None:
    """Per plan: basis, unit summary, then every task with its own units, deadline and source lines."""
    console = console or Console()
    q = answer.question
    said = q.filters.active()
    if said.pop("units_all", False):  # 共同负责: every unit on each task
        said["units"] = "＋".join(said["units"])
    filters = "，".join(f"{k}={'、'.join(v) if isinstance(v, tuple) else v}" for k, v in said.items())
    console.print(f"[bold]{q.text}[/bold]")
    answered = [p for p in answer.plans if not p.silent]
    summary = f"意图 {q.intent}" + (f" · 条件 {filters}" if filters else "") + (f" · 概念 {'、'.join(answer.concepts)}" if answer.concepts else "")
    if q.intent in ("basis", "missing", "cited"):
        summary += f" · {len(answered)} 份计划"
    elif q.intent == "plans":
        summary += f" · {len(answered)} 份计划（共 {answer.count} 项任务）"
    elif q.intent == "gap":
        summary += f" · {len(answer.plans) - len(answered)} 份计划未涉及 · {len(answered)} 份涉及（共 {answer.count} 项任务）"
    else:
        summary += f" · 共 {answer.count} 项任务 · {len(answered)} 份计划"
    if q.intent == "gap":
        wrapped(console, summary, 0, "dim")
        _print_gaps(console, answer, full)
        return
    wrapped(console, summary, 0, "dim")
    if q.intent == "busiest":
        _print_ranking(console, answer, full)
    if q.intent == "topics":
        _print_counted(console, answer.topics, full, "主题 · 按任务数", "这些任务都未归入主题 (no answered task carries a topic)",
                       "个", lambda t: f"{t['topic']} · {t['tasks']} 项 · {t['plans']} 份计划")
    if q.intent == "cited":
        _print_counted(console, answer.cited, full, "引用的文件 · 按引用计划数",
                       "这些计划未识别出引用的文件 (no plan in view cites a document)", "份",
                       lambda c: f"{cited(PolicyCitation(c['title'], c['number']))} · {c['plans']} 份计划")
    if q.intent == "count" and len(answer.plans) > 1:
        _print_counts(console, answer, full)
    if not answer.plans and q.intent not in ("copied", "common") and "cites_none" not in q.found:  # the note says why
        plan_filters = q.filters.plan_level().active()
        if plan_filters:
            console.print("库中没有符合这些条件的计划（no plan in the store matches: "
                          + "，".join(f"{k}={'、'.join(v) if isinstance(v, tuple) else v}" for k, v in plan_filters.items()) + "）")
        else:
            console.print("没有找到相关任务 (no matching tasks)")
    legend = False
    silent = [p for p in answer.plans if p.silent]
    collapse = not full and len(silent) > SILENT_BLOCKS
    others = [] if full else answered[ANSWER_PLANS:]
    hidden = {id(p) for p in others}
    for plan in answer.plans:
        if plan.silent and collapse or id(plan) in hidden:
            continue
        head = f"{plan.region or '?'} · {plan.issuer or '?'} · {plan.plan_title or plan.doc} ({plan.year or '?'})"
        console.print()
        wrapped(console, f"[bold]■ {head}" + ("" if q.intent in ("basis", "missing", "cited") else f" · {plan.task_count} 项")
                + "[/bold]", 0, markup=True)
        if plan.silent:
            console.print(f"  {plan.note}")
            continue
        if q.intent == "cited":  # 引用最多的上级文件: what each plan cites
            wrapped(console, "引用：" + ("；".join(cited(p) for p in plan.policies) or "未识别出引用的文件"), 2)
            continue
        if q.intent == "topics":  # 泗县的计划涉及哪些主题: its topics counted, not its tasks listed
            wrapped(console, "主题（任务数）：" + ("、".join(f"{t['topic']} {t['tasks']}" for t in plan.topics)
                                             or "无：这些任务都未归入主题"), 2)
            continue
        if q.intent == "missing":
            wrapped(console, "缺少（有此主题的其他计划/其他计划）：" + ("、".join(
                f"{g['topic']} {g['peers']}/{g['of']}" for g in plan.missing_topics) or "无：多数其他计划有的主题它都有"), 2)
            continue
        if q.intent == "plans":  # 泗县的方案是哪个单位印发的: who issued it, its 文号, what it implements
            wrapped(console, f"发文单位：{plan.issuer or '未识别'} · 文号：{plan.doc_number or '未识别'} · 年份："
                             f"{plan.year or '未识别'} · 文件：{plan.doc}", 2)
        if plan.basis:
            wrapped(console, "依据：" + "；".join(cited(p) for p in plan.basis), 2)
        if q.intent == "plans":
            continue
        if q.intent == "basis":
            if not plan.basis:
                in_tasks = "；".join(cited(p, number=False) for p in plan.policies)
                wrapped(console, "依据：正文前未列明" + (f"（任务中引用：{in_tasks}）" if in_tasks else ""), 2)
            continue
        if plan.units:
            wrapped(console, "汇总：" + "；".join(f"{unit_label(u)}×{len(u['tasks'])}" for u in plan.units), 2)
            shown = plan.units if full else plan.units[:1] + [u for u in plan.units[1:] if u.get("agency") is None][:2]
            for u in shown:
                wrapped(console, f"责任链：{chain_text(u)}", 2, "dim")
        elif plan.note:
            console.print(f"  {plan.note}")
        tasks = plan.tasks if full else plan.tasks[:ANSWER_TASKS]
        for n, t in enumerate(tasks, 1):
            section = " / ".join(t.get("section") or []) or "—"
            wrapped(console, f"[bold]{n}.[/bold] {section} · 序号 {t.get('seq') or '—'} · "
                            f"{plan.doc}:{t['source_lines'][0]}-{t['source_lines'][1]}", 2, markup=True)
            wrapped(console, t["requirement"], 5)
            units = "；".join(unit_label(u) for u in t["units"]) or "未列明"
            wrapped(console, f"责任：{units} · 时限：{deadline_cell(t)}", 5, "dim")
            peers = "shared_with" in t  # 在多个地区都出现: other regions' plans, not plans above
            sources = t.get("shared_with", []) if peers else t.get("copied_from", [])
            for source in sources if full else sources[:COPY_SOURCES]:  # the nearest (in place or year) first
                wrapped(console, f"{'同见于' if peers else '照搬自'}：{source['region'] or '?'} · "
                                 f"{source['plan_title'] or source['doc']} ({source['year'] or '?'}) "
                                 f"{'、'.join(source['tasks'])}：{source['text']}", 5, "dim")
            total = t.get("shared_count", len(sources)) if peers else len(sources)
            if (not full or total > len(sources)) and total > COPY_SOURCES:
                wrapped(console, f"… 共 {total} 份{'其他地区' if peers else '上级'}计划有相同表述"
                                 f"（{'--json 列出最近的 ' + str(len(sources)) + ' 份' if peers else '--full / --json 列出全部'}）",
                        5, "dim")
            legend = legend or any(u.get("inherited") for u in t["units"]) or bool(t.get("deadline_inherited"))
        if len(plan.tasks) > len(tasks):
            console.print(f"  … 还有 {len(plan.tasks) - len(tasks)} 项（--full 显示全部）")
    if others:
        _other_plans(console, others, q.intent in ("basis", "missing", "cited"))
    if collapse:
        console.print()
        console.print(f"[bold]■ 未提及 · {len(silent)} 份计划没有这方面的任务[/bold]")
        for p in silent[:SILENT_NAMED]:
            wrapped(console, f"{p.region or '?'} · {p.doc} ({p.year or '?'})", 2)
        if len(silent) > SILENT_NAMED:
            console.print(f"  … 还有 {len(silent) - SILENT_NAMED} 份（--full 逐一列出）")
    if legend:
        console.print(INHERITED_LEGEND, style="dim")


def _print_counts(console: Console, answer: Answer, full: bool) -> None:
    """哪个地区的任务最多 · 各计划分别有多少项任务: one line per plan, in the answer's order, before the tasks."""
    plans = answer.plans if full else answer.plans[:COUNTED_SHOWN]
    console.print()
    console.print("[bold]■ 各计划任务数" + ("（少的在前）" if answer.question.fewest_first else "") + "[/bold]")
    for n, p in enumerate(plans, 1):
        wrapped(console, f"{n}. {p.region or '?'} · {p.plan_title or p.doc} ({p.year or '?'}) · {p.task_count} 项", 2)
    if len(answer.plans) > len(plans):
        console.print(f"  … 还有 {len(answer.plans) - len(plans)} 份（--full 显示全部）")


def _print_ranking(console: Console, answer: Answer, full: bool) -> None:
    """哪个单位的任务最多: the units by tasks (by tasks in the role asked); every answered task follows per plan."""
    ranking = answer.units_ranked if full else answer.units_ranked[:RANKED_SHOWN]
    role = {"lead": "牵头", "cooperate": "配合"}.get(answer.ranked_by, "")
    console.print()
    if not ranking:
        asked = {"lead": "牵头", "cooperate": "配合"}.get(answer.question.ranked_role or "", "")
        console.print(f"没有单位在这些任务中{asked}（no unit holds that role here）" if asked
                      else "没有任务列明责任单位 (no task names a unit)")
        return
    console.print(f"[bold]■ 单位排名 · 按{role}任务数[/bold]")
    for n, u in enumerate(ranking, 1):
        split = "" if u["lead"] is None else f"（牵头 {u['lead']} · 负责 {u['responsible']} · 配合 {u['cooperate']}）"
        wrapped(console, f"{n}. {u['name']} · {u['tasks']} 项{split} · {u['plans']} 份计划", 2)
    if len(answer.units_ranked) > len(ranking):
        console.print(f"  … 还有 {len(answer.units_ranked) - len(ranking)} 个（--full 显示全部）")


def _print_counted(console: Console, items: list, full: bool, head: str, empty: str, unit: str,
                   line: Callable[[Any], str]) -> None:
    """A counted list before the plans (哪个主题的任务最多: topics by tasks; 引用最多的上级文件: documents by
    plans citing them), first RANKED_SHOWN unless --full."""
    shown = items if full else items[:RANKED_SHOWN]
    console.print()
    if not shown:
        console.print(empty)
        return
    console.print(f"[bold]■ {head}[/bold]")
    for n, item in enumerate(shown, 1):
        wrapped(console, f"{n}. {line(item)}", 2)
    if len(items) > len(shown):
        console.print(f"  … 还有 {len(items) - len(shown)} {unit}（--full 显示全部）")


def _other_plans(console: Console, plans: list[PlanAnswer], basis: bool) -> None:
    """The answering plans past ANSWER_PLANS: how many, in which regions, and how to see them."""
    by_region: dict[str, list[int]] = {}
    for p in plans:
        count = by_region.setdefault(p.region or "?", [0, 0])
        count[0] += 1
        count[1] += p.task_count
    regions = sorted(by_region.items(), key=lambda item: (-item[1][0], -item[1][1], item[0]))
    console.print()
    what = "" if basis else f"，共 {sum(p.task_count for p in plans)} 项任务"
    console.print(f"[bold]■ 另有 {len(plans)} 份计划{what}（未逐一显示）[/bold]")
    wrapped(console, "地区：" + "；".join(f"{region} {n} 份" + ("" if basis else f" {tasks} 项")
                                         for region, (n, tasks) in regions[:OTHER_REGIONS])
            + (f"；… 另 {len(regions) - OTHER_REGIONS} 个地区" if len(regions) > OTHER_REGIONS else ""), 2)
    wrapped(console, "用 --region/--year/--issuer 缩小范围，--full 逐一显示，--json 输出全部", 2, "dim")


def _print_gaps(console: Console, answer: Answer, full: bool) -> None:
    """哪些方案没有涉及…: the plans in view without such a task, then those with one, a line each."""
    silent = [p for p in answer.plans if p.silent]
    answered = [p for p in answer.plans if not p.silent]
    for title, plans, counted in (("未涉及", silent, False), ("涉及", answered, True)):
        console.print()
        console.print(f"[bold]■ {title} · {len(plans)} 份计划[/bold]")
        shown = plans if full else plans[:SILENT_NAMED]
        for p in shown:
            wrapped(console, f"{p.region or '?'} · {p.issuer or '?'} · {p.plan_title or p.doc} ({p.year or '?'})"
                    + (f" · {p.task_count} 项" if counted else ""), 2)
        if len(plans) > len(shown):
            console.print(f"  … 还有 {len(plans) - len(shown)} 份（--full 逐一列出）")
