"""One immutable index segment: the tasks it holds, their BM25 postings and filter columns.

    seg-NNNNNN/
      docs.bin/.off.npy      task records as JSON, row r (decoded only for the hits shown)
      texts.bin/.off.npy     per row [requirement, section path] as JSON: whether a topic's task is about it
                             is read from its own words, a fifth of the record (ask over a million tasks)
      terms.bin/.off.npy     the segment's vocabulary, sorted by UTF-8 bytes
      post.ptr/doc/tf.npy    term → rows holding it and how often (CSC): BM25 is scored at query time
                             from raw term frequencies, so a delta segment never changes the others
      fwd.ptr/term/tf.npy    row → its terms (CSR): merging segments and reusing tokens without jieba
      dl.npy, hash.npy       token count and text fingerprint per row
      plans.bin/.off.npy     plan metadata (JSON) sorted by doc; plan.npy: row → plan
      facets.bin/.off.npy    per plan (same order) issuer, region chain and year as one plain line: plan
                             filters without decoding every plan
      issuers                issuer → plans (positions in plandocs): the issuers a question may name, read
                             as a few thousand names instead of a line per plan
      units, topics, domains name → rows (sorted names + ptr + rows), for filters and `ask`
      ongoing.npy, year.npy  per row: 持续推进 or not, the plan year (0: none)
      due.ptr/day.npy        row → the dates it is due (date ordinals): deadline filters without records

A segment is written once into a fresh folder and never changed; deletions
are a tombstone list kept by the manifest (index.py).
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from zwgk.model.filters import due_dates
from zwgk.search.errors import IndexDamaged
from zwgk.search.tables import StringTable, load_array, save_array, write_strings

__all__ = ["Segment", "Postings", "write_segment", "write_postings", "EMPTY_TOKEN", "text_hash", "facet_line",
           "read_facet"]

#: An empty document still gets one token, as bm25s gives it, so lengths and averages agree.
EMPTY_TOKEN = "\u2205"
_MASK63 = (1 << 63) - 1


def text_hash(text: str) -> int:
    import hashlib

    return int.from_bytes(hashlib.sha1(text.encode("utf-8")).digest()[:8], "big") & _MASK63


def _write_postings(folder: Path, name: str, mapping: dict[str, list[int]]) -> None:
    keys = sorted(mapping, key=lambda k: k.encode("utf-8"))
    write_strings(folder / f"{name}.names", keys)
    ptr = np.zeros(len(keys) + 1, dtype=np.int64)
    rows: list[int] = []
    for i, key in enumerate(keys):
        rows.extend(sorted(set(mapping[key])))
        ptr[i + 1] = len(rows)
    save_array(folder / f"{name}.ptr.npy", ptr)
    save_array(folder / f"{name}.rows.npy", np.array(rows, dtype=np.int32))


def write_postings(folder: Path, tokens: Sequence[Sequence[str]]) -> dict[str, Any]:
    """The BM25 files of a segment from each row's tokens; returns counts for the manifest."""
    folder.mkdir(parents=True, exist_ok=True)
    n = len(tokens)
    vocab: dict[str, int] = {}
    flat: list[int] = []
    lengths = np.empty(n, dtype=np.int64)
    for row, toks in enumerate(tokens):
        toks = toks or (EMPTY_TOKEN,)
        flat += [vocab.setdefault(t, len(vocab)) for t in toks]
        lengths[row] = len(toks)
    terms = sorted(vocab, key=lambda t: t.encode("utf-8"))
    remap = np.empty(len(vocab), dtype=np.int64)
    remap[[vocab[t] for t in terms]] = np.arange(len(terms), dtype=np.int64)
    docs = np.repeat(np.arange(n, dtype=np.int64), lengths)
    tids = remap[np.array(flat, dtype=np.int64)] if flat else np.zeros(0, dtype=np.int64)
    width = max(len(terms), 1)
    pairs, tf = np.unique(docs * width + tids, return_counts=True)  # sorted by row, then term
    f_doc, f_term = pairs // width, pairs % width
    dl = np.bincount(docs, minlength=n).astype(np.float32)
    fwd_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(f_doc, minlength=n), out=fwd_ptr[1:])
    order = np.argsort(f_term, kind="stable")  # rows stay ascending within a term
    post_ptr = np.zeros(len(terms) + 1, dtype=np.int64)
    np.cumsum(np.bincount(f_term, minlength=len(terms)), out=post_ptr[1:])

    write_strings(folder / "terms", terms)
    save_array(folder / "post.ptr.npy", post_ptr)
    save_array(folder / "post.doc.npy", f_doc[order].astype(np.int32))
    save_array(folder / "post.tf.npy", tf[order].astype(np.float32))
    save_array(folder / "fwd.ptr.npy", fwd_ptr)
    save_array(folder / "fwd.term.npy", f_term.astype(np.int32))
    save_array(folder / "fwd.tf.npy", tf.astype(np.float32))
    save_array(folder / "dl.npy", dl)
    return {"rows": n, "terms": len(terms), "postings": int(len(tf)), "length": float(dl.sum())}


def write_segment(folder: Path, records: Sequence[dict[str, Any]], tokens: Sequence[Sequence[str]],
                  plans: dict[str, dict[str, Any]], hashes: Sequence[int]) -> dict[str, Any]:
    """Write a segment of `records` (grouped by plan) with their index tokens; returns its manifest entry."""
    entry = {"name": folder.name, **write_postings(folder, tokens)}
    save_array(folder / "hash.npy", np.array(list(hashes), dtype=np.int64))
    plan_docs = sorted(plans, key=lambda d: d.encode("utf-8"))
    position = {d: i for i, d in enumerate(plan_docs)}
    write_strings(folder / "plans", (json.dumps(plans[d], ensure_ascii=False) for d in plan_docs))
    write_strings(folder / "plandocs", plan_docs)
    write_strings(folder / "facets", (facet_line(plans[d]) for d in plan_docs))
    issuers: dict[str, list[int]] = {}
    for i, d in enumerate(plan_docs):
        if plans[d].get("issuer"):
            issuers.setdefault(plans[d]["issuer"], []).append(i)
    _write_postings(folder, "issuers", issuers)

    plan_of: list[int] = []
    units: dict[str, list[int]] = {}
    topics: dict[str, list[int]] = {}
    domains: dict[str, list[int]] = {}
    ongoing: list[bool] = []
    years: list[int] = []
    due_ptr: list[int] = [0]
    due_day: list[int] = []
    texts: list[str] = []

    def rows() -> Iterator[str]:  # one pass over the records (they may be made as they are read)
        for row, r in enumerate(records):
            plan_of.append(position[r["doc"]])
            ongoing.append(bool(r.get("ongoing")))
            years.append(r.get("year") or 0)
            due_day.extend(d.toordinal() for d in due_dates(r.get("deadlines"), r.get("deadline")))
            due_ptr.append(len(due_day))
            for u in r.get("units") or ():
                units.setdefault(u["name"], []).append(row)
            for t in r.get("topics") or ():
                topics.setdefault(t, []).append(row)
            for d in r.get("domains") or ():
                domains.setdefault(d, []).append(row)
            texts.append(json.dumps([r.get("requirement") or "", r.get("section") or []], ensure_ascii=False))
            yield json.dumps(r, ensure_ascii=False)

    write_strings(folder / "docs", rows())
    write_strings(folder / "texts", texts)
    save_array(folder / "plan.npy", np.array(plan_of, dtype=np.int32))
    save_array(folder / "ongoing.npy", np.array(ongoing, dtype=np.bool_))
    save_array(folder / "year.npy", np.array(years, dtype=np.int16))
    save_array(folder / "due.ptr.npy", np.array(due_ptr, dtype=np.int64))
    save_array(folder / "due.day.npy", np.array(due_day, dtype=np.int32))
    _write_postings(folder, "units", units)
    _write_postings(folder, "topics", topics)
    _write_postings(folder, "domains", domains)
    return entry


#: Separators of a facet line (facet_line): fields, and the names of the region chain.
_FIELD, _LINK = "\x1f", "\x1e"


def facet_line(plan: dict[str, Any]) -> str:
    """A plan's issuer, region chain and year as one line (plan-level filters read these alone)."""
    return _FIELD.join((plan.get("issuer") or "", _LINK.join(plan.get("region_chain") or ()), str(plan.get("year") or "")))


def read_facet(line: str) -> tuple[str | None, tuple[str, ...], int | None]:
    issuer, chain, year = line.split(_FIELD)
    return issuer or None, tuple(chain.split(_LINK)) if chain else (), int(year) if year else None


class _Names:
    """name → rows of one segment (units, topics or domains)."""

    def __init__(self, folder: Path, name: str):
        self.names = StringTable(folder / f"{name}.names")
        self.ptr = load_array(folder / f"{name}.ptr.npy")
        self.rows = load_array(folder / f"{name}.rows.npy")

    def rows_of(self, i: int) -> np.ndarray:
        return np.asarray(self.rows[self.ptr[i]:self.ptr[i + 1]])


class Postings:
    """The BM25 side of a segment: vocabulary, term → rows with frequencies, row lengths."""

    def __init__(self, folder: Path, offset: int = 0, rows: int | None = None):
        self.folder, self.offset = folder, offset
        if not folder.is_dir():
            raise IndexDamaged(f"index segment {folder} is missing")
        self.terms = StringTable(folder / "terms")
        self.post_ptr = load_array(folder / "post.ptr.npy")
        self.post_doc = load_array(folder / "post.doc.npy")
        self.post_tf = load_array(folder / "post.tf.npy")
        self.dl = load_array(folder / "dl.npy")
        if len(self.post_ptr) != len(self.terms) + 1 or (rows is not None and len(self.dl) != rows) \
                or len(self.post_doc) != int(self.post_ptr[-1]) or len(self.post_tf) != len(self.post_doc):
            raise IndexDamaged(f"index segment {folder} is inconsistent")
        self._lazy: dict[str, Any] = {}

    def __len__(self) -> int:
        return len(self.dl)

    def _get(self, key: str, make: Callable[[], Any]) -> Any:
        if key not in self._lazy:
            self._lazy[key] = make()
        return self._lazy[key]

    def column(self, token: str) -> tuple[np.ndarray, np.ndarray] | None:
        """(local rows, term frequencies) of a token, or None when the segment never saw it.

        Kept per token: explaining each hit of an answer asks again for the query's few tokens, and each
        lookup is a binary search over the term table (a tenth of a cold `ask` at a million tasks).
        """
        columns = self._get("columns", dict)
        if token not in columns:
            i = self.terms.find(token)
            if i < 0:
                columns[token] = None
            else:
                a, b = int(self.post_ptr[i]), int(self.post_ptr[i + 1])
                # plain views of the mapped arrays: a memmap slice makes a memmap per later index or search
                columns[token] = (np.asarray(self.post_doc[a:b]), np.asarray(self.post_tf[a:b]))
        return columns[token]

    def bag(self, row: int) -> list[tuple[str, int]]:
        """The (token, count) bag of one row, from the forward lists."""
        ptr, term, tf = self.forward()
        a, b = int(ptr[row]), int(ptr[row + 1])
        return [(self.terms[int(t)], int(c)) for t, c in zip(term[a:b], tf[a:b], strict=True)]

    def forward(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return self._get("fwd", lambda: (load_array(self.folder / "fwd.ptr.npy"), load_array(self.folder / "fwd.term.npy"),
                                         load_array(self.folder / "fwd.tf.npy")))


class Segment(Postings):
    """A whole segment opened read-only; every array is memory-mapped, nothing is parsed."""

    def __init__(self, folder: Path, offset: int, rows: int):
        super().__init__(folder, offset, rows)
        self.docs = StringTable(folder / "docs")
        if len(self.docs) != rows:
            raise IndexDamaged(f"index segment {folder} holds {len(self.docs)} tasks, its manifest says {rows}")

    @property
    def plans(self) -> StringTable:
        return self._get("plans", lambda: StringTable(self.folder / "plans"))

    @property
    def facets(self) -> StringTable | None:
        """Facet lines of the plans (facet_line), or None in a segment written before they were."""
        return self._get("facets", lambda: StringTable(self.folder / "facets")
                         if (self.folder / "facets.off.npy").exists() else None)

    @property
    def texts(self) -> StringTable | None:
        """Each row's [requirement, section path] as JSON, or None in a segment written before they were."""
        def load() -> StringTable | None:
            if not (self.folder / "texts.off.npy").exists():
                return None
            table = StringTable(self.folder / "texts")
            if len(table) != len(self):
                raise IndexDamaged(f"index segment {self.folder} holds {len(table)} task texts for {len(self)} tasks")
            return table
        return self._get("texts", load)

    @property
    def issuers(self) -> _Names | None:
        """Issuer → plans, or None in a segment written before the table was."""
        return self._get("issuers", lambda: _Names(self.folder, "issuers")
                         if (self.folder / "issuers.ptr.npy").exists() else None)

    @property
    def plan_docs(self) -> StringTable:
        return self._get("plandocs", lambda: StringTable(self.folder / "plandocs"))

    @property
    def row_plan(self) -> np.ndarray:
        return self._get("plan", lambda: load_array(self.folder / "plan.npy"))

    @property
    def deadlines(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
        """(ongoing, year, due.ptr, due.day) per row for the deadline filters (model.filters.deadline_mask),
        or None in a segment written before the columns were."""
        def load() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
            if not (self.folder / "due.day.npy").exists():
                return None
            columns = tuple(load_array(self.folder / f"{name}.npy") for name in ("ongoing", "year", "due.ptr", "due.day"))
            if len(columns[0]) != len(self) or len(columns[1]) != len(self) or len(columns[2]) != len(self) + 1 \
                    or int(columns[2][-1]) != len(columns[3]):
                raise IndexDamaged(f"index segment {self.folder} has deadline columns of the wrong length")
            return columns  # type: ignore[return-value]
        return self._get("deadlines", load)

    @property
    def hashes(self) -> np.ndarray:
        return self._get("hash", lambda: load_array(self.folder / "hash.npy"))

    def names(self, kind: str) -> _Names:
        return self._get(kind, lambda: _Names(self.folder, kind))
