"""One settings object: defaults, environment variables and flags resolved in one place.

Every command builds a `Settings` through `load_settings(**flags)` and passes
it down; nothing else reads the environment. Each setting is declared once, as
a field of `Settings` whose default is the default and whose metadata carries
its environment variable and help text; `SETTINGS` (checked against the
README's settings table by a test) is derived from those fields, with the
default appended to the help, so a setting cannot be added without being
documented and its default is written nowhere else. This module imports
nothing of zwgk: every layer may read it.
"""
from __future__ import annotations

import os
import re
from dataclasses import MISSING, Field, dataclass, field, fields
from pathlib import Path
from typing import Any

__all__ = ["Settings", "SETTINGS", "Limits", "load_settings", "default_store", "hub_cache", "user_cache", "SettingError"]


def default_store() -> Path:
    """A per-user store: $XDG_DATA_HOME/zwgk, else ~/.local/share/zwgk."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "zwgk"


def user_cache() -> Path:
    """Where zwgk keeps what it can always rebuild (the region table's built form): $XDG_CACHE_HOME/zwgk,
    else ~/.cache/zwgk."""
    return Path(os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")) / "zwgk"


def hub_cache() -> Path:
    """Where the Hugging Face libraries keep downloaded models (their own variables, read here like ours)."""
    hub = os.environ.get("HF_HUB_CACHE") or os.path.join(
        os.environ.get("HF_HOME") or os.path.join(Path.home(), ".cache", "huggingface"), "hub")
    return Path(hub)


def _setting(env: str, help: str, default: Any = MISSING, default_factory: Any = MISSING,
             shown: str | None = None) -> Any:
    """A field with its environment variable and help; `shown` is how a computed default reads."""
    meta = {"env": env, "help": help, "shown": shown}
    if default_factory is not MISSING:
        return field(default_factory=default_factory, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class Settings:
    store: Path = _setting("ZWGK_STORE", "Folder of the persisted graph and indexes, or sparql+http://HOST:PORT/PATH "
                           "of a SPARQL 1.1 server holding the graph (the search index then lives in the index "
                           "folder)",
                           default_factory=default_store, shown="~/.local/share/zwgk")
    model: str = _setting("ZWGK_MODEL", "sentence-transformers model name or local path for dense search",
                          "BAAI/bge-small-zh-v1.5")
    allow_download: bool = _setting("ZWGK_ALLOW_DOWNLOAD", "Any non-empty value lets dense search fetch the model "
                                    "from the Hugging Face Hub when there is no local copy", False, shown="off")
    top_k: int = _setting("ZWGK_TOP_K", "How many hits search returns by default", 10)
    lock_wait: float = _setting("ZWGK_LOCK_WAIT", "Seconds a writer (ingest, remove, reindex) waits for another one "
                                "to finish before it says the store is busy", 0.0, shown="0")
    max_file_mb: int = _setting("ZWGK_MAX_FILE_MB", "Largest plan file read, in MB; larger files are refused "
                                "with one line", 50)
    max_unpacked_mb: int = _setting("ZWGK_MAX_UNPACKED_MB", "Largest decompressed size of a .docx/.xlsx, in MB, "
                                    "checked before parsing, so a zip bomb is refused", 200)
    max_rows: int = _setting("ZWGK_MAX_ROWS", "Most task rows one plan may have; a table far past "
                             "it is refused before its cells are read", 5000)
    max_cell_chars: int = _setting("ZWGK_MAX_CELL_CHARS", "Most characters in one table cell or text line", 20000)
    index: Path | None = _setting("ZWGK_INDEX", "Local folder of the search index beside a sparql+http:// store; "
                                  "it records which server it belongs to", None,
                                  shown="~/.local/share/zwgk/remote/HOST-PORT-PATH")
    update_endpoint: str = _setting("ZWGK_UPDATE_ENDPOINT", "SPARQL Update endpoint of a remote store where the "
                                    "server separates it from the query endpoint", "", shown="the query endpoint")
    gsp_endpoint: str = _setting("ZWGK_GSP_ENDPOINT", "Graph Store Protocol endpoint of a remote store, for whole "
                                 "plan graphs (Virtuoso's /sparql-graph-crud is found by itself)", "",
                                 shown="none, SPARQL Update")
    sparql_user: str = _setting("ZWGK_SPARQL_USER", "User name for a remote store that asks for one "
                                "(environment only, never a flag)", "", shown="none")
    sparql_password: str = _setting("ZWGK_SPARQL_PASSWORD", "Password for ZWGK_SPARQL_USER (environment only)", "",
                                    shown="none")
    #: Not a setting of its own: the query endpoint when `store` was given as sparql+http://HOST:PORT/PATH
    #: (then `store` is the local index folder; graph/binding.py binds it to the server).
    remote: str = field(default="", metadata={"env": None, "help": "", "shown": None})

    @property
    def limits(self) -> Limits:
        """What the readers may read, in the units they count in (ingest/limits.py checks them)."""
        return Limits(max_file_bytes=self.max_file_mb << 20, max_unpacked_bytes=self.max_unpacked_mb << 20,
                      max_rows=self.max_rows, max_cell_chars=self.max_cell_chars)


def _default(name: str) -> Any:
    return Settings.__dataclass_fields__[name].default


@dataclass(frozen=True)
class Limits:
    """The `max_*` settings in bytes, rows and characters; library callers that set none get the defaults."""

    max_file_bytes: int = _default("max_file_mb") << 20
    max_unpacked_bytes: int = _default("max_unpacked_mb") << 20
    max_rows: int = _default("max_rows")
    max_cell_chars: int = _default("max_cell_chars")


def _documented(f: Field[Any]) -> str:
    shown = f.metadata["shown"] if f.metadata["shown"] is not None else f.default
    return f"{f.metadata['help']} (default: {shown})."


#: (field, environment variable, help with the default) — the documented surface of configuration.
SETTINGS: tuple[tuple[str, str, str], ...] = tuple((f.name, f.metadata["env"], _documented(f)) for f in fields(Settings)
                                                   if f.metadata["env"])


class SettingError(ValueError):
    """A setting given a value of the wrong kind (ZWGK_TOP_K=ten); the message is one line."""


def load_settings(**flags: object) -> Settings:
    """Flags (not None) beat environment variables, which beat defaults."""
    values: dict[str, Any] = {}
    for f in fields(Settings):
        env = f.metadata["env"]
        if env is None:
            continue
        if flags.get(f.name) is not None:
            raw, source = flags[f.name], f"--{f.name.replace('_', '-')}"
        elif os.environ.get(env):
            raw, source = os.environ[env], env
        else:
            continue
        values[f.name] = _convert(f, raw, source)
    _remote(values)
    return Settings(**values)


#: A store location naming a SPARQL server (a Path made of one has lost a slash: still one).
_SERVER = re.compile(r"^sparql\+(https?):/+", re.I)


def _remote(values: dict[str, Any]) -> None:
    """`store` = sparql+http://HOST:PORT/PATH: `remote` gets the query endpoint, `store` the local index folder."""
    m = _SERVER.match(str(values.get("store", "")))
    if not m:
        return
    query = f"{m.group(1).lower()}://{str(values['store'])[m.end():]}"
    values["remote"] = query
    slug = re.sub(r"[^A-Za-z0-9.]+", "-", query.split("://", 1)[-1]).strip("-")
    values["store"] = values.get("index") or default_store() / "remote" / slug


def _convert(f: Field[Any], raw: object, source: str) -> object:
    kind = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
    if f.name == "store" and _SERVER.match(str(raw)):
        return str(raw)  # resolved by _remote
    if kind in ("Path", "Path | None"):
        return Path(str(raw)).expanduser()
    if kind == "bool":  # a switch: set (any non-empty value) or not
        return bool(raw)
    if kind == "int":
        try:
            value = int(str(raw).strip())
        except ValueError:
            raise SettingError(f"{source} must be a whole number, not {raw!r}") from None
        if value <= 0:
            raise SettingError(f"{source} must be positive, not {value}")
        return value
    if kind == "float":
        try:
            number = float(str(raw).strip())
        except ValueError:
            raise SettingError(f"{source} must be a number, not {raw!r}") from None
        if number < 0:
            raise SettingError(f"{source} must not be negative, not {number}")
        return number
    return str(raw)
