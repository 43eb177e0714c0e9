"""zwgk: a knowledge graph and semantic search for 政务公开 task plans."""
from __future__ import annotations

__version__ = "0.1.0"
