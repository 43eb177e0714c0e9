"""Which files an ingest reads, and the id each plan is stored under.

A plan is identified by its source: the path relative to the folder it was
ingested from (`a/plan.txt`, `b/plan.txt`, `plan.docx` and `plan.html` are
four plans), a file named on its own by its file name, or whatever `--id`
says. Ids use "/" on every system, so the same folder gives the same ids on
any machine; the absolute path is recorded beside the id so answers point
back to the user's file and `--sync` can tell which files are gone.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Source", "list_sources", "absolute_path", "PlanIdError"]


class PlanIdError(ValueError):
    """--id given with more (or fewer) than one file."""


@dataclass(frozen=True)
class Source:
    """One file to ingest: its plan id, absolute path and the folder named on the command line (if any)."""

    id: str
    path: Path
    root: Path | None


def absolute_path(path: str | Path) -> Path:
    """The path made absolute and normalised (.. removed) without following symlinks."""
    return Path(os.path.abspath(path))


def list_sources(paths: Iterable[str | Path], explicit_id: str | None = None) -> tuple[list[Source], int]:
    """The files under `paths` with their ids; (sources, files in folders skipped as unsupported)."""
    from zwgk.ingest.files import shown
    from zwgk.ingest.readers import iter_plan_files

    sources: list[Source] = []
    skipped = 0
    for given in paths:
        given = Path(given)
        files, n = iter_plan_files([given])
        skipped += n
        # absolute but not resolved: a symlink is the name the user gave it (plan.txt → /dev/zero fails as
        # plan.txt), and a linked file inside the folder keeps an id under the folder
        root = absolute_path(given) if given.is_dir() else None
        for f in files:
            absolute = absolute_path(f)
            # a name with a newline or bytes that are not UTF-8 is stored escaped (one printable line)
            plan_id = shown(absolute.relative_to(root).as_posix() if root is not None else f.name)
            sources.append(Source(plan_id, absolute, root))
    if explicit_id is not None:
        if len(sources) != 1:
            raise PlanIdError(f"--id names one plan, but {len(sources)} files were given")
        sources = [Source(explicit_id.strip("/"), sources[0].path, sources[0].root)]
    seen: dict[Path, Source] = {}
    for s in sources:
        seen.setdefault(s.path, s)
    return list(seen.values()), skipped
