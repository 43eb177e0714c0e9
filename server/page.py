"""The routes of the web page and the API: the page is static files, everything it shows comes from /api/."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from zwgk.server.api import Api, Params, json_response

if TYPE_CHECKING:
    from zwgk.workspace.workspace import Workspace

__all__ = ["routes", "STATIC"]

STATIC = Path(__file__).resolve().parent / "static"


def routes(workspace: Workspace) -> list[Route | Mount]:
    from zwgk.server import views
    from zwgk.server.openapi import openapi

    api = Api(workspace)

    async def index(request: Request) -> Response:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    async def font(request: Request) -> Response:
        """Noto Sans CJK SC from the mplfonts package (the report's font): the page shows Chinese on a machine
        without a CJK font of its own; the stylesheet asks for it only when no local CJK font matches."""
        from zwgk.presentation.charts import cjk_font_path

        return FileResponse(cjk_font_path(), media_type="font/otf", headers={"Cache-Control": "max-age=86400"})

    def facets(p: Params) -> Response:
        return json_response(views.facets(workspace))

    def charts(p: Params) -> Response:
        return json_response(views.charts(workspace, p.filters(("region", "issuer", "year", "since", "until", "level", "topic", "domain"))))

    def source(p: Params) -> Response:
        return json_response(views.source(workspace, p.text("doc", required=True)))

    def examples(p: Params) -> Response:
        return json_response(views.examples())

    def description(p: Params) -> Response:
        return json_response(openapi())

    handlers = {"search": api.search, "ask": api.ask, "tasks": api.tasks, "plans": api.plans, "stats": api.stats,
                "compare": api.compare, "facets": facets, "charts": charts, "source": source, "examples": examples,
                "openapi.json": description}
    return [
        Route("/", index, methods=["GET"]),
        Route("/font/cjk.otf", font, methods=["GET"]),
        *(Route(f"/api/{name}", api.endpoint(handler), methods=["GET"]) for name, handler in handlers.items()),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
    ]
