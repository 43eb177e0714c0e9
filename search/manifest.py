"""Reading the manifests that publish the index's generations (index.py describes the folder)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from zwgk.search.errors import IndexDamaged

__all__ = ["INDEX_FORMAT", "read_manifest", "indexed_plans"]

#: 3: segments + generations (2: one bm25s folder rewritten in place).
INDEX_FORMAT = 3


def read_manifest(folder: Path, name: str = "manifest.json") -> dict[str, Any]:
    """The manifest (empty when there is none); IndexDamaged when it is not readable JSON."""
    path = folder / name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    try:
        manifest = json.loads(text)
        if not isinstance(manifest, dict):
            raise ValueError("not an object")
    except ValueError as exc:
        raise IndexDamaged(f"index file {path} is damaged (not a JSON manifest)") from exc
    return manifest



def indexed_plans(folder: Path) -> dict[str, dict[str, Any]]:
    """plan id → {sha, rows} of the current generation (what `check` and writers compare with the graph)."""
    manifest = read_manifest(folder)
    if not manifest or manifest.get("format") != INDEX_FORMAT:
        return {}
    path = folder / manifest["plans"]
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IndexDamaged(f"index file {path} is missing") from exc
    except ValueError as exc:
        raise IndexDamaged(f"index file {path} is damaged (not JSON)") from exc

