"""Reading requests strictly: parameters and bodies that are not what they claim are a 4xx, never a 500.

Starlette's own parsers replace undecodable bytes and read any body size; the
SPARQL endpoint and the API need "this is not UTF-8" and "this is too long"
as answers, so they read through these helpers.
"""
from __future__ import annotations

from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import PlainTextResponse

__all__ = ["BadRequest", "query_params", "read_body", "form_params", "text_body", "error", "media_type"]

_MAX_FIELDS = 200


class BadRequest(Exception):
    """A request the server answers with `status` and one line (`message`)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def _parse(raw: bytes, what: str) -> list[tuple[str, str]]:
    try:
        text = raw.decode("utf-8")
        return parse_qsl(text, keep_blank_values=True, strict_parsing=False, encoding="utf-8", errors="strict",
                         max_num_fields=_MAX_FIELDS)
    except UnicodeDecodeError as exc:
        raise BadRequest(400, f"the {what} is not UTF-8 (percent-encode UTF-8 bytes)") from exc
    except ValueError as exc:
        raise BadRequest(400, f"the {what} has more than {_MAX_FIELDS} fields") from exc


def query_params(request: Request) -> list[tuple[str, str]]:
    """The URL's parameters, in order, decoded as UTF-8 strictly."""
    return _parse(request.scope.get("query_string", b""), "URL's query string")


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused with 413 once it passes `limit` bytes (checked before and while reading)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise BadRequest(400, "Content-Length is not a number")
        if int(declared) > limit:
            raise BadRequest(413, f"the request body is longer than {limit // 1024} KB, the server's limit")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BadRequest(413, f"the request body is longer than {limit // 1024} KB, the server's limit")
        chunks.append(chunk)
    return b"".join(chunks)


def form_params(body: bytes) -> list[tuple[str, str]]:
    return _parse(body, "form body")


def text_body(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(400, "the request body is not UTF-8") from exc


def error(status: int, message: str, headers: dict[str, str] | None = None) -> PlainTextResponse:
    """Every error is one line of text: what went wrong and, where there is one, what to do."""
    return PlainTextResponse(f"{message}\n", status_code=status, headers=headers)
