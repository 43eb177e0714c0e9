"""Why an index cannot be read: both errors say in one line what to run (a UserError, no traceback)."""
from __future__ import annotations

from zwgk.errors import UserError

__all__ = ["IndexOutdated", "IndexDamaged"]


class IndexOutdated(UserError):
    """The index on disk was written by another format or is missing: run `zwgk reindex`."""


class IndexDamaged(UserError):
    """An index file is missing, cut short or not what its manifest says: run `zwgk reindex`."""

    def __str__(self) -> str:
        text = super().__str__()
        return text if "zwgk " in text else f"{text}: run `zwgk reindex`"
