"""Which names in an index's name tables (units, topics, domains) a filter accepts.

Each segment keeps name → rows tables; a filter on units, a unit function, a topic or a domain is a test
on those names, so the rows are found without decoding a record (search/opened.py ands the masks).
"""
from __future__ import annotations

from collections.abc import Callable

from zwgk.model.filters import Filters
from zwgk.model.text import fold_key

__all__ = ["name_tests"]


def name_tests(f: Filters) -> list[tuple[str, Callable[[str], bool]]]:
    """(table, test on a name) for each of the filter's name filters; a row must pass every one."""
    tests: list[tuple[str, Callable[[str], bool]]] = []
    if f.unit:
        key, exact = fold_key(f.unit), f.unit_exact  # a unit a question names: that unit, not every name containing it
        tests.append(("units", lambda name: fold_key(name) == key if exact else key in fold_key(name)))
    if f.units and f.units_all:  # 共同负责: a row naming each of them
        tests += [("units", _named(key)) for key in sorted({fold_key(u) for u in f.units})]
    elif f.units:
        keys = {fold_key(u) for u in f.units}
        tests.append(("units", lambda name: fold_key(name) in keys))
    if f.unit_function:
        from zwgk.vocabulary.thesaurus import load_thesaurus

        of, wanted = load_thesaurus().unit_function, f.unit_function  # per distinct name, cached by the thesaurus
        tests.append(("units", lambda name: (c := of(name)) is not None and c.label == wanted))
    if f.topic:
        tests.append(("topics", _named(fold_key(f.topic))))
    if f.domain:
        tests.append(("domains", _named(fold_key(f.domain))))
    return tests


def _named(key: str) -> Callable[[str], bool]:
    return lambda name: fold_key(name) == key
