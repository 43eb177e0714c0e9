"""Workspace: the store folder as one library API that keeps the graph and the indexes in sync.

The CLI and the HTTP server are thin layers over it.
"""
from __future__ import annotations

__all__ = ["consistency"]
