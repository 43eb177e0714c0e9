"""The topics and 公开领域 of a parsed task: one rule for the graph and for `zwgk parse --format json`.

It needs the thesaurus and the parsed dataclasses only, so parsing a plan to
JSON names the same concepts as the graph without building any RDF.
"""
from __future__ import annotations

from zwgk.model.plan import Plan, Task
from zwgk.vocabulary import thesaurus

__all__ = ["classify_task", "task_concepts"]


def classify_task(thes: thesaurus.Thesaurus, task: Task,
                  section_cache: dict[tuple[str, ...], list[thesaurus.Match]] | None = None
                  ) -> list[tuple[str, thesaurus.Match]]:
    """(where, match) for each topic or domain of a task: the requirement's first, then the headings', each once.

    One rule for the graph and for `zwgk parse --format json`, so both name the same concepts.
    """
    cache = section_cache if section_cache is not None else {}
    if task.section not in cache:
        cache[task.section] = thes.classify("|".join(task.section), compounds=False)
    seen: set[str] = set()
    out: list[tuple[str, thesaurus.Match]] = []
    for where, matches in (("requirement", thes.classify(task.requirement)), ("section", cache[task.section])):
        for m in matches:
            if m.iri not in seen:
                seen.add(m.iri)
                out.append((where, m))
    return out


def task_concepts(plan: Plan) -> list[tuple[list[str], list[str]]]:
    """(topics, domains) labels per task, as the graph classifies them."""
    thes = thesaurus.load_thesaurus()
    cache: dict[tuple[str, ...], list[thesaurus.Match]] = {}
    out: list[tuple[list[str], list[str]]] = []
    for task in plan.tasks:
        topics: list[str] = []
        domains: list[str] = []
        for _, m in classify_task(thes, task, cache):
            concept = thes.concepts[m.iri]
            (topics if concept.scheme == "topics" else domains).append(concept.label)
        out.append((topics, domains))
    return out
