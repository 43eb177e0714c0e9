"""Writing one generation of the index and publishing it by an atomic rename of its manifest.

A writer writes new files, then renames a new manifest.json over the old one.
Files of the previous generation are kept for readers that opened it a moment
ago; older ones go.
"""
from __future__ import annotations

import json
import shutil
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from zwgk.graph.lock import pid_alive
from zwgk.search.analyzer import Analyzer
from zwgk.search.manifest import INDEX_FORMAT
from zwgk.search.segment import write_segment
from zwgk.search.tables import atomic_write

__all__ = ["Generation", "publish", "plan_groups"]


def plan_groups(records: Sequence[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        groups.setdefault(r["doc"], []).append(r)
    return list(groups.items())


class Generation:
    """The files of the next generation, written before its manifest is published."""

    def __init__(self, folder: Path, previous: dict[str, Any]):
        self.folder = folder
        self.previous = previous
        base = previous.get("generation", 0) if previous.get("format") == INDEX_FORMAT else 0
        # Never reuse a number: a crashed writer may have left files of the next one.
        existing = [int(p.name.split("-")[1].split(".")[0]) for p in folder.glob("manifest-*.json")
                    if p.name.split("-")[1].split(".")[0].isdigit()]
        self.number = max([base, *existing]) + 1
        self.tag = f"{self.number:06d}"
        for stale in folder.glob(f"*-{self.tag}*"):
            shutil.rmtree(stale) if stale.is_dir() else stale.unlink()

    def segment(self, records: Sequence[dict[str, Any]], tokens: Sequence[list[str]], plans: dict[str, Any],
                hashes: Sequence[int], dictionary: str, part: int = 0) -> dict[str, Any]:
        name = f"seg-{self.tag}" + (f"-{part}" if part else "")
        entry = write_segment(self.folder / name, records, tokens, plans, hashes)
        entry["dictionary"] = dictionary
        return entry


def publish(folder: Path, gen: Generation, manifest: dict[str, Any], plans: dict[str, Any],
             counts: Counter[str], words: Sequence[str], started: float) -> dict[str, Any]:
    tag = gen.tag
    vocab = f"vocab-{tag}.dict"
    Analyzer.save_vocabulary(counts, words, folder / vocab)
    # Build the query analyzer's prefix-dictionary cache now, so the first search after this
    # generation loads it instead of building it (a second or more at a million tasks).
    Analyzer(dictionary=folder / vocab, cache_dir=folder).query_tokens("预热")
    atomic_write(folder / f"words-{tag}.txt", "\n".join(sorted(words)) + "\n")
    atomic_write(folder / f"plans-{tag}.json", json.dumps(plans, ensure_ascii=False))
    manifest.update({"format": INDEX_FORMAT, "generation": gen.number, "built": time.strftime("%Y-%m-%dT%H:%M:%S"),
                     "vocab": vocab, "words": f"words-{tag}.txt", "plans": f"plans-{tag}.json",
                     "lexical": {"kind": "bm25-segments", "vocabulary": len(counts),
                                 "segments": len(manifest["segments"])}})
    manifest["build_seconds"] = round(time.perf_counter() - started, 3)
    from zwgk.graph.binding import store_identity

    manifest["store"] = store_identity(folder.parent)  # which graph this index was built from
    text = json.dumps(manifest, ensure_ascii=False, indent=1)
    atomic_write(folder / f"manifest-{tag}.json", text)
    atomic_write(folder / "manifest.json", text)
    _collect(folder, manifest, gen.previous)
    return manifest


def _referenced(manifest: dict[str, Any]) -> set[str]:
    if not manifest:
        return set()
    names = {s["name"] for s in manifest.get("segments", [])}
    names |= {manifest.get(k) for k in ("deleted", "vocab", "words", "plans") if manifest.get(k)}
    names |= set((manifest.get("dense") or {}).get("files", {}).values())
    if manifest.get("generation"):
        names.add(f"manifest-{manifest['generation']:06d}.json")
    return names


def _collect(folder: Path, current: dict[str, Any], previous: dict[str, Any]) -> None:
    """Remove the files of generations older than the previous one (readers may still hold it)."""
    keep = _referenced(current) | _referenced(previous) | {"manifest.json", "concepts.json", "embeddings"}
    keep |= {f"{m['vocab']}.cache" for m in (current, previous) if m.get("vocab")}
    for path in folder.iterdir():
        if path.name in keep or path.name.startswith("."):
            continue
        if path.name.startswith(("seg-", "deleted-", "vocab-", "words-", "plans-", "manifest-", "vectors-", "ids-",
                                 "texts-", "jieba.")) or path.name in (
                "docs.jsonl", "tokens.jsonl", "vocab.dict", "bm25", "vectors.faiss", "ids.npy", "texts.npy",
                "plans.json"):
            try:
                shutil.rmtree(path) if path.is_dir() else path.unlink()
            except OSError:
                pass
    for tmp in folder.glob(".*.tmp-*"):
        pid = tmp.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not pid_alive(int(pid)):
            tmp.unlink(missing_ok=True)

