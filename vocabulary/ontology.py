"""The SKOS concepts of ontology.ttl, read with rdflib (only where the ontology is read: ingest, reindex)."""
from __future__ import annotations

from collections.abc import Iterable

from zwgk.vocabulary.concepts import Concept
from zwgk.vocabulary.iris import ONTOLOGY_FILE, SCHEME_IRIS

__all__ = ["concepts_from_ontology"]


def concepts_from_ontology() -> list[Concept]:
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, SKOS

    g = Graph()
    g.parse(ONTOLOGY_FILE, format="turtle")
    scheme_names = {URIRef(iri): name for name, iri in SCHEME_IRIS.items()}

    def zh(values: Iterable[object]) -> tuple[str, ...]:
        return tuple(str(v) for v in values if isinstance(v, Literal) and v.language in (None, "zh"))

    concepts = []
    for s in sorted(g.subjects(RDF.type, SKOS.Concept), key=str):
        scheme = next((scheme_names[URIRef(str(o))] for o in g.objects(s, SKOS.inScheme) if o in scheme_names), None)
        if scheme is None:
            continue
        prefs = list(g.objects(s, SKOS.prefLabel))
        en = [str(p) for p in prefs if getattr(p, "language", None) == "en"]
        note = next((str(n) for n in g.objects(s, SKOS.scopeNote)), None)
        notation = next((str(n) for n in g.objects(s, SKOS.notation)), None)
        broader = tuple(sorted(str(o) for o in g.objects(s, SKOS.broader)))
        narrower = sorted({str(o) for o in g.objects(s, SKOS.narrower)} | {str(o) for o in g.subjects(SKOS.broader, s)})
        related = sorted({str(o) for o in g.objects(s, SKOS.related)} | {str(o) for o in g.subjects(SKOS.related, s)})
        concepts.append(Concept(
            iri=str(s), scheme=scheme, label=zh(prefs)[0], label_en=en[0] if en else "",
            alt_labels=tuple(sorted(zh(g.objects(s, SKOS.altLabel)))),
            hidden_labels=tuple(sorted(zh(g.objects(s, SKOS.hiddenLabel)))),
            broader=broader, narrower=tuple(narrower), related=tuple(related), notation=notation, scope_note=note,
        ))
    return concepts
