"""A SELECT's final ORDER BY done on decoded terms, each term decoded once.

Oxigraph sorts solutions by comparing their encoded terms, and a string (an IRI, a literal's text) is read
back from the store for every comparison: sorting n rows costs about n·log n string reads. At a million
tasks, measured in one process with a warm cache, sorting here took query 06 (32,419 rows) from 3.2 to
1.5 s and query 12 (282,158 rows) from 62 to 31–36 s, the same rows. Rows equal on every key may come in
another order than Oxigraph's (SPARQL leaves that open); on the samples every example query's answer is
byte for byte the same.

So when a SELECT ends in a plain ORDER BY over variables (ASC/DESC, then LIMIT/OFFSET), the query runs
without that tail, its solutions are written once as SPARQL TSV (one row per line), the lines are sorted
here on keys that follow SPARQL's order, and the sorted text is read back: the caller gets the same kind
of `QuerySolutions` a store query returns, to iterate or serialise in any format.

The keys follow SPARQL 1.1 §15.1 as Oxigraph applies it: unbound first, then IRIs (by code point), then
literals (numbers by value across integer, decimal, float and double; strings by code point; false before
true; dates and times without time zone by their text). What SPARQL leaves to the engine is left to
Oxigraph: blank nodes, RDF-star triples, a column mixing kinds of literal (numbers with strings, two
languages, a date with a time zone) or an ordering by expression. For those `sort_solutions` returns None
and the caller runs the query as written.

The sort holds the answer's text (once: the TSV is dropped after its rows are read), a key per row and
key column, and the sorted copy. Query 05 at a million tasks (328,718 rows, 463 MB of CSV) peaked at
2,964-2,967 MB sorted here against 2,828 MB when Oxigraph sorts in a second run; that second run took 115 s
against 54 s, so no answer is sent back to Oxigraph for its size.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

__all__ = ["OrderedQuery", "split_order", "sort_solutions", "SKIP"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {f"{_XSD}{name}" for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "nonPositiveInteger", "negativeInteger",
    "positiveInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}
_DECIMAL = f"{_XSD}decimal"
_FLOATS = {f"{_XSD}float", f"{_XSD}double"}
_STRING = f"{_XSD}string"
_BOOLEAN = f"{_XSD}boolean"
#: Dates and times whose text order is their time order: four-digit years, no zone, no fraction.
_TEXT_ORDERED = {f"{_XSD}date": re.compile(r"\d{4}-\d\d-\d\d"),
                 f"{_XSD}dateTime": re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d"),
                 f"{_XSD}gYear": re.compile(r"\d{4}")}

#: Strings, IRIs and comments of a SPARQL text: what a scan for keywords and brackets must step over.
SKIP = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"'
                   r"|'(?:[^'\\\n]|\\.)*'|<[^<>\"{}|^`\\\s]*>|#[^\n]*")
_SELECT = re.compile(r"\s*(?:(?:PREFIX\s+[\w.-]*:|BASE)\s*)*SELECT\b", re.IGNORECASE)
_KEY = r"(?:(?:ASC|DESC)\s*\(\s*[?$]\w+\s*\)|[?$]\w+)"
_TAIL = re.compile(rf"ORDER\s+BY((?:\s*{_KEY})+)\s*"
                   r"(?:LIMIT\s+(\d+)\s*(?:OFFSET\s+(\d+))?|OFFSET\s+(\d+)\s*(?:LIMIT\s+(\d+))?)?\s*$", re.IGNORECASE)
_ONE_KEY = re.compile(r"(ASC|DESC)?\s*\(?\s*[?$](\w+)", re.IGNORECASE)


@dataclass(frozen=True)
class OrderedQuery:
    """A SELECT split at its final ORDER BY: the query without it, and what the tail asked for."""

    body: str
    keys: tuple[tuple[str, bool], ...]  # (variable, descending)
    limit: int | None = None
    offset: int = 0
    hidden: tuple[str, ...] = ()  # keys the query does not project: added to the body's, dropped after sorting


def split_order(query: str) -> OrderedQuery | None:
    """The query without its final `ORDER BY ?a DESC(?b) … [LIMIT n] [OFFSET m]`, or None when it has no
    such tail (not a SELECT, no ORDER BY, one that orders by an expression, or by a variable a DISTINCT
    projection leaves out)."""
    blank = SKIP.sub(lambda m: " " * len(m.group()), query)  # same length: positions still match the text
    select = _SELECT.match(blank)
    end = blank.rfind("}")  # the outer query's tail: subqueries' modifiers all sit inside braces
    match = _TAIL.search(blank, end + 1) if select and end >= 0 else None
    projection = _projection(blank, select.end()) if select else None
    if match is None or projection is None:
        return None
    keys = tuple((m.group(2), (m.group(1) or "").upper() == "DESC") for m in _ONE_KEY.finditer(match.group(1)))
    stop, projected, distinct = projection
    hidden = tuple(dict.fromkeys(name for name, _ in keys if projected is not None and name not in projected))
    if hidden and distinct:
        return None
    body = query[:stop] + "".join(f" ?{name}" for name in hidden) + " " + query[stop:match.start()]
    limit = match.group(2) or match.group(5)
    offset = match.group(3) or match.group(4)
    return OrderedQuery(body, keys, int(limit) if limit is not None else None,
                        int(offset) if offset is not None else 0, hidden)


_CLAUSE_END = re.compile(r"\b(?:WHERE|FROM)\b|[{()]", re.IGNORECASE)
_PROJECTED = re.compile(r"[?$](\w+)")


def _projection(blank: str, start: int) -> tuple[int, set[str] | None, bool] | None:
    """Where the SELECT clause starting at `start` ends, the variables it projects (None for *) and whether
    it is DISTINCT or REDUCED; None when it cannot be read here (a brace inside an expression)."""
    depth = 0
    for found in _CLAUSE_END.finditer(blank, start):
        token = found.group()
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
        elif depth == 0:
            clause = blank[start:found.start()]
            distinct = re.match(r"\s*(?:DISTINCT|REDUCED)\b", clause, re.IGNORECASE) is not None
            if re.fullmatch(r"\s*(?:(?:DISTINCT|REDUCED)\s*)?\*\s*", clause, re.IGNORECASE):
                return found.start(), None, distinct
            # (expression AS ?name) projects ?name only; the variables inside the expression are not projected
            projected = {m.group(1) for m in _PROJECTED.finditer(_top_level(clause))}
            projected |= set(re.findall(r"\bAS\s+[?$](\w+)", clause, re.IGNORECASE))
            return found.start(), projected, distinct
        else:
            return None
    return None


def _top_level(clause: str) -> str:
    """The clause with every parenthesised part blanked."""
    out, depth = [], 0
    for char in clause:
        depth += char == "("
        out.append(char if depth == 0 else " ")
        depth -= char == ")"
    return "".join(out)


def sort_solutions(solutions: Any, ordered: OrderedQuery) -> Any | None:
    """`solutions` (pyoxigraph QuerySolutions of `ordered.body`) sorted, limited and offset as the tail
    asked, as new QuerySolutions; None when a key is not projected or a column holds terms whose order
    SPARQL leaves to the engine (the caller then runs the whole query)."""
    import pyoxigraph as ox

    tsv_format = ox.QueryResultsFormat.TSV
    names = [v.value for v in solutions.variables]
    if any(name not in names for name, _ in ordered.keys):
        return None
    text = solutions.serialize(format=tsv_format) or b""
    lines = text.split(b"\n")
    header, rows = lines[0], lines[1:-1]  # the text ends with a newline
    positions = [names.index(name) for name, _ in ordered.keys]
    columns: list[list[Any]] = [[] for _ in positions]
    count = 0
    parsed: Any = ox.parse_query_results(text, format=tsv_format)  # solutions: the text has a header
    for solution in parsed:
        count += 1
        for column, position in zip(columns, positions, strict=True):
            column.append(solution[position])
    del parsed, text  # from here on the rows are held once, as lines
    if count != len(rows):
        return None
    order = list(range(len(rows)))
    for column, (_, descending) in reversed(list(zip(columns, ordered.keys, strict=True))):
        keys = _column_keys(column)
        if keys is None:
            return None
        order.sort(key=keys.__getitem__, reverse=descending)  # stable: earlier keys sort last
    stop = None if ordered.limit is None else ordered.offset + ordered.limit
    chosen = [rows[i] for i in order[ordered.offset:stop]]
    if ordered.hidden:  # the keys added to the projection are the last columns: cut them off again
        width = len(names) - len(ordered.hidden)
        header = b"\t".join(header.split(b"\t")[:width])
        chosen = [b"\t".join(row.split(b"\t")[:width]) for row in chosen]
    chosen.append(b"")
    sorted_text = header + b"\n" + b"\n".join(chosen)
    del lines, rows, chosen
    return ox.parse_query_results(sorted_text, format=tsv_format)


def _column_keys(terms: list[Any]) -> list[tuple] | None:
    """One sort key per term, or None when the column's terms are not all ordered the same way."""
    import pyoxigraph as ox

    keys: list[tuple] = []
    kinds: set[tuple[str, str]] = set()
    for term in terms:
        if term is None:
            keys.append((0,))
        elif isinstance(term, ox.NamedNode):
            keys.append((1, term.value))
        elif isinstance(term, ox.Literal):
            kind, value = _literal_key(term)
            if value is None:
                return None
            kinds.add(kind)
            keys.append((2, value))
        else:  # blank nodes, triples
            return None
    return keys if len(kinds) <= 1 else None


def _literal_key(literal: Any) -> tuple[tuple[str, str], Any]:
    """(kind, comparable value); the value is None for a literal not ordered here."""
    datatype = literal.datatype.value
    text = literal.value
    if literal.language:
        return ("lang", literal.language), text
    if datatype == _STRING:
        return ("string", ""), text
    if datatype in _INTEGERS or datatype == _DECIMAL:
        try:
            return ("number", ""), Decimal(text)
        except InvalidOperation:
            return ("number", ""), None
    if datatype in _FLOATS:
        try:
            number = float(text)
        except ValueError:
            return ("number", ""), None
        return ("number", ""), None if number != number else number  # NaN has no order
    if datatype == _BOOLEAN:
        return ("boolean", ""), text in ("true", "1")
    pattern = _TEXT_ORDERED.get(datatype)
    if pattern is not None and pattern.fullmatch(text):
        return ("text-ordered", datatype), text
    return ("other", datatype), None
