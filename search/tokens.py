"""What the index cuts with jieba, and cutting it once: task texts, the domain words, reused tokens.

Tokens of a text an earlier generation already cut with the same dictionary
are read back from that segment; the rest are cut, by forked workers when
there are many.
"""
from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from zwgk.model.records import TaskRecord
from zwgk.search.analyzer import CUT_VERSION, Analyzer, normalise
from zwgk.search.errors import IndexDamaged
from zwgk.search.manifest import INDEX_FORMAT
from zwgk.search.segment import Segment, text_hash

__all__ = ["doc_text", "record_words", "dictionary_hash", "token_cache", "cut_tokens", "vocab_counts",
           "PARALLEL_FROM"]


def doc_text(record: TaskRecord | Mapping[str, Any]) -> str:
    """What lexical and dense search read of a task: its section headings and requirement
    (of a record, or of its JSON as a segment stores it)."""
    if isinstance(record, TaskRecord):
        return " ".join([*record.section[-2:], record.requirement])
    return " ".join([*record.get("section", [])[-2:], record["requirement"]])



def record_words(records: Sequence[TaskRecord | Mapping[str, Any]]) -> list[str]:
    """Unit names and cited titles of these records (or of their JSON): words the tokenizer keeps whole."""
    words: list[str] = []
    for r in records:
        if isinstance(r, TaskRecord):
            words += [u.name for u in r.units]
            words += [p.title for p in r.policies if p.title]
        else:
            words += [u["name"] for u in r.get("units") or ()]
            words += [p["title"] for p in r.get("policies") or () if p.get("title")]
    return [w for w in words if len(normalise(w)) >= 2]



def dictionary_hash(words: Sequence[str]) -> str:
    """Names the cut: the words kept whole and the way texts are cut (`CUT_VERSION`)."""
    return hashlib.sha1("\n".join([f"cut {CUT_VERSION}", *sorted(words)]).encode()).hexdigest()[:16]


def token_cache(folder: Path, manifest: dict[str, Any], dictionary: str) -> dict[int, tuple[Segment, int]]:
    """text fingerprint → (segment, row) of a previous build cut with the same dictionary."""
    cache: dict[int, tuple[Segment, int]] = {}
    if not manifest or manifest.get("format") != INDEX_FORMAT:
        return cache
    offset = 0
    for entry in manifest["segments"]:
        if entry.get("dictionary") == dictionary:
            try:
                seg = Segment(folder / entry["name"], offset, entry["rows"])
                for row, h in enumerate(np.asarray(seg.hashes).tolist()):
                    cache.setdefault(h, (seg, row))
            except IndexDamaged:
                pass
        offset += entry["rows"]
    return cache


#: From this many texts to cut, jieba runs in one forked worker per core.
PARALLEL_FROM = 20_000
_WORKER: Analyzer | None = None


def _cut(texts: list[str]) -> list[list[str]]:
    """Tokens of each text; a token that recurs is one str object (a million tasks hold ~40 tokens each:
    shared, they cost a pointer, and a forked worker's chunk pickles each distinct token once)."""
    assert _WORKER is not None
    seen: dict[str, str] = {}
    return [[seen.setdefault(t, t) for t in _WORKER.index_tokens(text)] for text in texts]


def cut_all(texts: list[str], words: Sequence[str]) -> list[list[str]]:
    """Index tokens of many texts; forked workers share the parent's loaded dictionaries (copy-on-write)."""
    global _WORKER
    _WORKER = Analyzer(user_words=words)
    workers = os.cpu_count() or 1
    if len(texts) < PARALLEL_FROM or workers < 2:
        return _cut(texts)  # loads only the tokenizers these texts need (jieba's 0.5 s for a date, say)
    _WORKER.warm()  # load both before forking
    import multiprocessing

    size = max(1000, len(texts) // (workers * 8))
    chunks = [texts[i:i + size] for i in range(0, len(texts), size)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return [toks for part in pool.map(_cut, chunks) for toks in part]


def cut_tokens(records: Sequence[TaskRecord | Mapping[str, Any]], words: Sequence[str], cache: dict[int, tuple[Segment, int]],
            progress: Callable[[], object] | None = None) -> tuple[list[list[str]], list[int]]:
    """Each record's index tokens: from a previous segment when its text was cut with the same words.

    A text is cut once however many records hold it (a requirement copied into many plans; 10 % of the
    synthetic million's texts are repeats).
    """
    tokens: list[list[str] | None] = []
    hashes: list[int] = []
    todo: dict[str, list[int]] = {}  # text → the records holding it
    terms: dict[int, list[str]] = {}
    for i, record in enumerate(records):
        text = doc_text(record)
        h = text_hash(text)
        hit = cache.get(h)
        if hit is not None:
            seg, row = hit
            vocab = terms.get(id(seg))
            if vocab is None:
                vocab = terms[id(seg)] = list(seg.terms)
            ptr, term, tf = seg.forward()
            a, b = int(ptr[row]), int(ptr[row + 1])
            toks = [vocab[t] for t, c in zip(term[a:b].tolist(), tf[a:b].tolist(), strict=True) for _ in range(int(c))]
            tokens.append([] if toks == ["\u2205"] else toks)
        else:
            tokens.append(None)
            todo.setdefault(text, []).append(i)
        hashes.append(h)
        if progress:
            progress()
    if todo:
        for rows, toks in zip(todo.values(), cut_all(list(todo), words), strict=True):
            for i in rows:
                tokens[i] = toks
    return tokens, hashes  # type: ignore[return-value]


def vocab_counts(path: Path | None) -> Counter[str]:
    counts: Counter[str] = Counter()
    if path is not None and path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            word, _, count = line.rpartition(" ")
            if word:
                counts[word] = int(count)
    return counts

