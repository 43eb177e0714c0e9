"""Errors the parser raises on purpose; anything else escaping is a bug."""
from __future__ import annotations

__all__ = ["ParseError", "NotATaskPlan", "one_line"]


class ParseError(Exception):
    """A file that cannot be read as a plan. The message is one line for the user."""

    def __init__(self, reason: str, path: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}" if self.path else self.reason


class NotATaskPlan(ParseError):
    """The file reads fine but is a catalogue, a report or a notice without its table."""

    def __init__(self, reason: str, path: str | None = None) -> None:
        super().__init__(f"not a task plan: {reason}", path)


def one_line(exc: BaseException) -> str:
    """A library's exception as the tail of a one-line reason: its name and first line."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:160]}" if text else type(exc).__name__
