"""`zwgk serve`: the SPARQL 1.1 endpoint, the search API and the web page over one store.

Imported only by `zwgk serve` (Starlette, uvicorn and the query workers are
not loaded by any other command).
"""
from __future__ import annotations

__all__ = ["ServerConfig", "create_app"]

from zwgk.server.app import create_app
from zwgk.server.config import ServerConfig
