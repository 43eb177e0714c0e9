"""Workspace: the store folder as one library API that keeps the graph and the indexes in sync.

The CLI and the HTTP server are thin layers over `Workspace` (workspace.py);
its results are typed (results.py) and carry the JSON the CLI prints.
`from zwgk.workspace import Workspace` loads nothing heavy until a method runs.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Workspace", "consistency", "exports", "results", "source", "workspace"]

if TYPE_CHECKING:
    from zwgk.workspace.workspace import Workspace


def __getattr__(name: str) -> Any:
    if name == "Workspace":
        from zwgk.workspace.workspace import Workspace

        return Workspace
    import importlib

    if name in __all__:
        return importlib.import_module(f"zwgk.workspace.{name}")
    raise AttributeError(name)
