"""What `zwgk serve` was asked for, resolved once and handed to every part of the server."""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ServerConfig", "is_loopback"]


@dataclass(frozen=True)
class ServerConfig:
    store: Path
    host: str = "127.0.0.1"
    port: int = 8000
    allow_update: bool = False
    timeout: float = 30.0  # seconds a SPARQL query may run (and wait for a worker)
    max_result_mb: float = 64.0  # largest serialised SPARQL result
    max_query_kb: int = 512  # largest query or request body
    query_workers: int = 2  # processes that run SPARQL queries (killed and replaced on a timeout)
    worker_memory_mb: int = 4096  # address-space limit of a query worker (a runaway query dies, 503); 0: none

    @property
    def max_result_bytes(self) -> int:
        return int(self.max_result_mb * 1024 * 1024)

    @property
    def max_body_bytes(self) -> int:
        return self.max_query_kb * 1024


def is_loopback(host: str) -> bool:
    """Whether binding `host` keeps the server to this machine (localhost, 127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
