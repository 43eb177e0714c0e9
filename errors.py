"""The one error type the command line prints as a single line (no traceback), exit 1.

Store and index problems a user can act on — a busy, missing or damaged store,
an index to rebuild — are raised as subclasses of `UserError` whose message
says what happened, to which file, and what to run. This module imports
nothing, so the CLI can catch them without loading the modules that raise them.
"""
from __future__ import annotations

__all__ = ["UserError"]


class UserError(RuntimeError):
    """A problem the user can fix; str() is the whole message, one line."""
