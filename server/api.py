"""The search API under /api/: the JSON of the CLI's `--json`, produced by the same Workspace calls.

Each handler reads its parameters strictly (a bad year or date is a 400 with
the reason, as the CLI's exit 2 is), calls one Workspace method in a worker
thread and returns the result's own JSON. Nothing here builds a task or hit
payload by hand: `/api/search` is `SearchOutcome.to_json()`, `/api/ask` is
`Answer.to_json()`, `/api/tasks` the task contract `zwgk tasks` writes.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from zwgk.errors import UserError
from zwgk.model.roles import LEVELS
from zwgk.server.request_io import BadRequest, error, query_params

if TYPE_CHECKING:
    from zwgk.model.filters import Filters
    from zwgk.workspace.workspace import Workspace

__all__ = ["Api", "FILTER_PARAMS", "SEARCH_PARAMS"]

#: Query parameters that become `Filters` fields (the CLI's filter flags; `-` or `_` both accepted).
SEARCH_PARAMS = ("region", "issuer", "year", "since", "until", "unit", "role", "unit_function", "unassigned", "undated", "shared", "cooperated", "level",
                 "topic", "domain", "due_before", "due_after")
FILTER_PARAMS = (*SEARCH_PARAMS, "ongoing", "doc")
_ROLES = ("lead", "responsible", "cooperate")
_LEVELS = tuple(str(level) for level in LEVELS)
_MAX_TEXT = 2000  # characters of a question or query


def json_response(payload: Any, status: int = 200) -> Response:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return Response(body, status_code=status, media_type="application/json; charset=utf-8")


class Params:
    """One request's parameters, read strictly."""

    def __init__(self, request: Request) -> None:
        self.pairs = [(k.replace("-", "_"), v) for k, v in query_params(request)]

    def get(self, name: str) -> str | None:
        values = [v for k, v in self.pairs if k == name]
        if len(values) > 1:
            raise BadRequest(400, f"{name} is given {len(values)} times; give it once")
        return values[0] if values else None

    def text(self, name: str, required: bool = False) -> str:
        value = (self.get(name) or "").strip()
        if required and not value:
            raise BadRequest(400, f"{name} is missing: /api/…?{name}=…")
        if len(value) > _MAX_TEXT:
            raise BadRequest(400, f"{name} is longer than {_MAX_TEXT} characters")
        if "\x00" in value:
            raise BadRequest(400, f"{name} holds a NUL character")
        return value

    def integer(self, name: str, low: int, high: int) -> int | None:
        value = self.get(name)
        if value is None or value == "":
            return None
        if not value.strip().lstrip("-").isdigit() or not low <= int(value) <= high:
            raise BadRequest(400, f"{name} must be a whole number from {low} to {high}, not {value[:40]!r}")
        return int(value)

    def flag(self, name: str) -> bool | None:
        value = self.get(name)
        if value is None or value == "":
            return None
        if value.lower() in ("1", "true", "yes", "on"):
            return True
        if value.lower() in ("0", "false", "no", "off"):
            return False
        raise BadRequest(400, f"{name} must be true or false, not {value[:40]!r}")

    def filters(self, allowed: tuple[str, ...] = FILTER_PARAMS) -> Filters:
        from zwgk.model.filters import BadDate, Filters

        values: dict[str, Any] = {}
        for name in allowed:
            if name == "year":
                values[name] = self.integer("year", 1949, 2100)
            elif name in ("since", "until"):  # Filters.year_from / year_to
                values["year_from" if name == "since" else "year_to"] = self.integer(name, 1949, 2100)
            elif name in ("ongoing", "unassigned", "undated", "shared", "cooperated"):
                values[name] = self.flag(name)
            elif name == "level":  # level=county or level=province,county: Filters.levels
                levels = tuple(part.strip() for part in (self.text("level") or "").split(",") if part.strip())
                bad = [level for level in levels if level not in _LEVELS]
                if bad:
                    raise BadRequest(400, f"level must be among {', '.join(_LEVELS)}, not {bad[0][:40]!r}")
                values["levels"] = levels
            elif name == "role":  # the unit's role (--role): Filters.unit_role
                values["unit_role"] = self.choice("role", _ROLES, "") if self.get("role") else None
            else:
                values[name] = self.text(name) or None
        try:
            return Filters(**values)
        except BadDate as exc:
            raise BadRequest(400, str(exc)) from exc

    def choice(self, name: str, options: tuple[str, ...], default: str) -> str:
        value = self.get(name) or default
        if value not in options:
            raise BadRequest(400, f"{name} must be one of {', '.join(options)}, not {value[:40]!r}")
        return value


Handler = Callable[[Params], Response]


class Api:
    """The /api/ routes over one Workspace (opened once; it maps each new index generation by itself)."""

    def __init__(self, workspace: Workspace) -> None:
        self.ws = workspace

    def endpoint(self, handler: Handler) -> Callable[[Request], Any]:
        async def run(request: Request) -> Response:
            try:
                params = Params(request)
                return await run_in_threadpool(handler, params)
            except BadRequest as exc:
                return error(exc.status, exc.message, exc.headers)
            except UserError as exc:  # a store or index that cannot be used now: one line saying what to run
                return error(503, str(exc))
        return run

    # -- the CLI's JSON ------------------------------------------------------------------------------------------
    def search(self, p: Params) -> Response:
        outcome = self.ws.search(p.text("q", required=True), p.filters(SEARCH_PARAMS), top=p.integer("top", 1, 500),
                                 literal=bool(p.flag("literal")))
        return json_response(outcome.to_json())

    def ask(self, p: Params) -> Response:
        answer = self.ws.ask(p.text("q", required=True), p.filters(SEARCH_PARAMS))
        return json_response(answer.to_json(plans=p.integer("plans", 1, 1000), offset=p.integer("offset", 0, 10**9) or 0))

    def tasks(self, p: Params) -> Response:
        fmt = p.choice("format", ("json", "jsonl", "csv", "xlsx", "ics"), "json")
        exported = self.ws.export("jsonl" if fmt == "json" else fmt, p.filters())
        if fmt == "json":  # the lines `zwgk tasks` prints, as one array
            return json_response([json.loads(line) for line in exported.data.splitlines() if line.strip()])
        return Response(exported.data, media_type=exported.media_type,
                        headers={"Content-Disposition": f'attachment; filename="tasks.{fmt}"'})

    def plans(self, p: Params) -> Response:
        plans = self.ws.plans(p.filters(("region", "issuer", "year", "since", "until", "doc")))
        return json_response([plan.to_json() if hasattr(plan, "to_json") else plan for plan in plans])

    def stats(self, p: Params) -> Response:
        return json_response(self.ws.stats().to_json())

    def compare(self, p: Params) -> Response:
        from zwgk.analysis.compare import compare, compare_rows

        what = p.text("q", required=True)
        fmt = p.choice("format", ("json", "csv", "xlsx"), "json")
        result = compare(self.ws.corpus(p.filters(("region", "issuer", "year", "since", "until", "level", "topic", "domain"))), what)
        if fmt == "json":
            return json_response(result)
        header, rows = compare_rows(result)
        name = f"compare-{what}"
        if fmt == "csv":
            import csv
            import io

            out = io.StringIO()
            out.write("\ufeff")  # Excel and WPS open it as UTF-8
            writer = csv.writer(out)
            writer.writerow(header)
            writer.writerows(rows)
            return _download(out.getvalue().encode("utf-8"), "text/csv; charset=utf-8", name + ".csv")
        from zwgk.presentation.workbook import table_bytes

        return _download(table_bytes(what, header, rows),
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx")


def _download(data: bytes, media: str, filename: str) -> Response:
    from urllib.parse import quote

    return Response(data, media_type=media,
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"})
