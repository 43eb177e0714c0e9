"""Small plans written as pipe tables, for tests that compare plans (照搬上级, 新增): a title line naming the place and
year, a header, and one row per task."""
from __future__ import annotations

from pathlib import Path

HEADER = "| 序号 | 工作任务 | 责任单位 | 完成时限 |"


def write_pipe_plans(folder: Path, plans: dict[str, tuple[str, list[tuple[str, str, str]]]]) -> Path:
    """Each plan as `name` → (title, [(requirement, unit, deadline), …]), written into `folder`."""
    for name, (title, rows) in plans.items():
        lines = [title, "", HEADER] + [f"| {n} | {text} | {unit} | {due} |" for n, (text, unit, due) in enumerate(rows, 1)]
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def pipe_store(tmp_path_factory, plans: dict[str, tuple[str, list[tuple[str, str, str]]]]) -> Path:
    """A store holding these plans, every one of them added (lexical search: no model is loaded)."""
    from zwgk.workspace import Workspace

    folder = write_pipe_plans(tmp_path_factory.mktemp("plans"), plans)
    path = tmp_path_factory.mktemp("store") / "store"
    with Workspace.open(path, model="/nonexistent/model") as ws:
        assert sorted(ws.ingest([folder]).added) == sorted(plans)
    return path
