"""Terms as N-Triples text: what the plan builder writes, and what both the store and rdflib read.

A plan graph is built as N-Triples lines, not as rdflib terms. The lines are what the bulk loader
and the per-plan update take anyway, and making rdflib URIRefs and Literals only to print them again
was half of the builder's time (URI checks, literal casting, n3()): 2.7 of 5.1 s for 300 synthetic
plans.

Every IRI written here is made by zwgk itself (graph/namespace.py percent-encodes each name it puts
into one), so no check is repeated.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from rdflib.namespace import XSD

__all__ = ["Terms", "iri", "text", "zh", "typed", "integer", "TRUE", "FALSE"]

_ESCAPE = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


class Terms:
    """A namespace's terms as IRI text: Terms(ZWGK).leadUnit == "<https://w3id.org/zwgk/ontology#leadUnit>".

    Each term is looked up in the namespace once (a closed one still raises on a mistyped term), then
    kept as a plain attribute.
    """

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        value = f"<{getattr(self._namespace, name)}>"
        setattr(self, name, value)
        return value


def iri(value: str) -> str:
    return f"<{value}>"


def text(value: str) -> str:
    """A plain string literal."""
    return '"' + value.translate(_ESCAPE) + '"'


@lru_cache(maxsize=65536)
def zh(value: str) -> str:
    """A Chinese literal: names, headings and deadline texts repeat across tasks and plans."""
    return text(value) + "@zh"


def typed(value: str, datatype: str) -> str:
    return f"{text(value)}^^<{datatype}>"


@lru_cache(maxsize=65536)
def integer(value: int) -> str:
    """Positions and line numbers, which repeat across tasks and plans."""
    return f'"{value}"^^<{XSD.integer}>'


TRUE = typed("true", XSD.boolean)
FALSE = typed("false", XSD.boolean)
