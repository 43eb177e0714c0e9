"""One settings object: defaults, environment variables and flags resolved in one place.

Every command builds a `Settings` through `load_settings(**flags)` and passes
it down; nothing else reads the environment. Each setting is declared once, as
a field of `Settings` whose metadata carries its environment variable and help
text; `SETTINGS` (checked against the README's settings table by a test) is
derived from those fields, so a setting cannot be added without being documented.
"""
from __future__ import annotations

import os
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zwgk.ingest.limits import Limits

__all__ = ["Settings", "SETTINGS", "load_settings", "default_store", "SettingError"]


def default_store() -> Path:
    """A per-user store: $XDG_DATA_HOME/zwgk, else ~/.local/share/zwgk."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "zwgk"


def _setting(env: str, help: str, default=MISSING, default_factory=MISSING):
    meta = {"env": env, "help": help}
    if default_factory is not MISSING:
        return field(default_factory=default_factory, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class Settings:
    store: Path = _setting("ZWGK_STORE", "Folder of the persisted graph and indexes (default: ~/.local/share/zwgk).",
                           default_factory=default_store)
    model: str = _setting("ZWGK_MODEL", "sentence-transformers model name or local path for dense search "
                          "(default: BAAI/bge-small-zh-v1.5).", "BAAI/bge-small-zh-v1.5")
    top_k: int = _setting("ZWGK_TOP_K", "How many hits search returns by default (default: 10).", 10)
    lock_wait: float = _setting("ZWGK_LOCK_WAIT", "Seconds a writer (ingest, remove, reindex) waits for another one "
                                "to finish before it says the store is busy (default: 0).", 0.0)
    max_file_mb: int = _setting("ZWGK_MAX_FILE_MB", "Largest plan file read, in MB; larger files are refused "
                                "with one line (default: 50).", 50)
    max_unpacked_mb: int = _setting("ZWGK_MAX_UNPACKED_MB", "Largest decompressed size of a .docx/.xlsx, in MB, "
                                    "checked before parsing (a zip bomb is refused; default: 200).", 200)
    max_rows: int = _setting("ZWGK_MAX_ROWS", "Most task rows one plan may have; a table far past "
                             "it is refused before its cells are read (default: 5000).", 5000)
    max_cell_chars: int = _setting("ZWGK_MAX_CELL_CHARS", "Most characters in one table cell or text line "
                                   "(default: 20000).", 20000)

    @property
    def limits(self) -> Limits:
        """What the readers may read, in the units they count in (imported here: settings stay a leaf)."""
        from zwgk.ingest.limits import Limits

        return Limits(max_file_bytes=self.max_file_mb << 20, max_unpacked_bytes=self.max_unpacked_mb << 20,
                      max_rows=self.max_rows, max_cell_chars=self.max_cell_chars)


#: (field, environment variable, help) — the documented surface of configuration.
SETTINGS: tuple[tuple[str, str, str], ...] = tuple((f.name, f.metadata["env"], f.metadata["help"]) for f in fields(Settings))


class SettingError(ValueError):
    """A setting given a value of the wrong kind (ZWGK_TOP_K=ten); the message is one line."""


def load_settings(**flags: object) -> Settings:
    """Flags (not None) beat environment variables, which beat defaults."""
    values: dict[str, object] = {}
    for f in fields(Settings):
        env = f.metadata["env"]
        if flags.get(f.name) is not None:
            raw, source = flags[f.name], f"--{f.name.replace('_', '-')}"
        elif os.environ.get(env):
            raw, source = os.environ[env], env
        else:
            continue
        values[f.name] = _convert(f, raw, source)
    return Settings(**values)  # type: ignore[arg-type]


def _convert(f, raw: object, source: str) -> object:
    kind = f.type if isinstance(f.type, str) else f.type.__name__
    if kind == "Path":
        return Path(str(raw)).expanduser()
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
