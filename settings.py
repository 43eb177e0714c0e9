"""One settings object: defaults, environment variables and flags resolved in one place.

Every command builds a `Settings` through `load_settings(**flags)` and passes
it down; nothing else reads the environment. Each field documents itself
(the README's settings table is checked against `SETTINGS` by a test).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

__all__ = ["Settings", "SETTINGS", "load_settings", "default_store"]


def default_store() -> Path:
    """A per-user store: $XDG_DATA_HOME/zwgk, else ~/.local/share/zwgk."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "zwgk"


@dataclass(frozen=True)
class Settings:
    store: Path
    model: str
    top_k: int
    lock_wait: float = 0.0


#: (field, environment variable, help) — the documented surface of configuration.
SETTINGS: tuple[tuple[str, str, str], ...] = (
    ("store", "ZWGK_STORE", "Folder of the persisted graph and indexes (default: ~/.local/share/zwgk)."),
    ("model", "ZWGK_MODEL", "sentence-transformers model name or local path for dense search (default: BAAI/bge-small-zh-v1.5)."),
    ("top_k", "ZWGK_TOP_K", "How many hits search returns by default (default: 10)."),
    ("lock_wait", "ZWGK_LOCK_WAIT", "Seconds a writer (ingest, remove, reindex) waits for another one to finish before it says the store is busy (default: 0)."),
)

_DEFAULTS = {"model": "BAAI/bge-small-zh-v1.5", "top_k": 10, "lock_wait": 0.0}


def load_settings(**flags: object) -> Settings:
    """Flags (not None) beat environment variables, which beat defaults."""
    values: dict[str, object] = {}
    for name, env, _help in SETTINGS:
        if flags.get(name) is not None:
            values[name] = flags[name]
        elif os.environ.get(env):
            values[name] = os.environ[env]
        else:
            values[name] = default_store() if name == "store" else _DEFAULTS[name]
    kinds = {f.name: f.type for f in fields(Settings)}
    values["store"] = Path(str(values["store"])).expanduser()
    values["top_k"] = int(values["top_k"])  # type: ignore[arg-type]
    values["lock_wait"] = float(values["lock_wait"])  # type: ignore[arg-type]
    assert set(values) == set(kinds)
    return Settings(**values)  # type: ignore[arg-type]
