"""What every command group shares: the store and filter options, settings, the workspace, output helpers.

The filter options are declared here once. A command asks for them with
`@filtered(...)` and receives one `Filters` (model/filters.py) in its `filters`
parameter; a date that is not a real date is refused here, exit 2, before any
store is opened. Nothing heavy is imported at module level: `zwgk --help`
loads typer and this file only.
"""
from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO, TypeVar

import typer

from zwgk.model.roles import Level, Role

if TYPE_CHECKING:
    from zwgk.settings import Settings
    from zwgk.workspace.consistency import Repair
    from zwgk.workspace.workspace import Workspace

__all__ = ["StoreOption", "Top", "Model", "JsonOut", "CsvOut", "Output", "Full", "FILTER_OPTIONS", "filtered",
           "settings_for", "workspace", "say_recovered", "fail_line", "check_writable", "write_output", "write_streamed"]

StoreOption = Annotated[Path | None, typer.Option("--store", help="Store folder (env ZWGK_STORE; default ~/.local/share/zwgk).")]
Top = Annotated[int | None, typer.Option("--top", "-k", help="How many hits (env ZWGK_TOP_K, default 10).")]
Model = Annotated[str | None, typer.Option("--model", help="Dense model name or local path (env ZWGK_MODEL).")]
JsonOut = Annotated[bool, typer.Option("--json", help="JSON for programs.")]
CsvOut = Annotated[bool, typer.Option("--csv", help="CSV for spreadsheets and programs.")]
Full = Annotated[bool, typer.Option("--full", help="Print everything: every task and every unit's chain.")]
Output = Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: stdout; xlsx needs a file when stdout is a terminal).")]

#: The common filter options, by the Filters field each one sets.
FILTER_OPTIONS: dict[str, Any] = {
    "region": Annotated[str | None, typer.Option(help="Only this region and everything within it (广州市, 安徽省, 泗县).")],
    "issuer": Annotated[str | None, typer.Option(help="Only plans of this issuing agency.")],
    "year": Annotated[int | None, typer.Option(help="Only plans of this year.")],
    "year_from": Annotated[int | None, typer.Option("--since", help="Only plans of this year or later.")],
    "year_to": Annotated[int | None, typer.Option("--until", help="Only plans of this year or earlier.")],
    "unit": Annotated[str | None, typer.Option(help="Only tasks naming this unit.")],
    "unit_role": Annotated[Role | None, typer.Option("--role", help="With --unit: only tasks where that unit has this role.")],
    "unit_function": Annotated[str | None, typer.Option("--unit-function", help="Only tasks naming a unit of this function, whatever each plan calls it (计划财务: 计财科, 计划财务处…; ontology.ttl's unit functions).")],
    "unassigned": Annotated[bool | None, typer.Option("--unassigned/--assigned", help="Only tasks that name no unit (未列明), or only those that name one.")],
    "undated": Annotated[bool | None, typer.Option("--undated/--dated", help="Only tasks that state no deadline (未明确完成时限), or only those that state one.")],
    "cooperated": Annotated[bool | None, typer.Option("--cooperated/--not-cooperated", help="Only tasks naming a cooperating unit (配合单位), or only those naming none.")],
    "shared": Annotated[bool | None, typer.Option("--shared/--single", help="Only tasks that name two units or more (多个部门共同或配合), or only those naming one or none.")],
    "levels": Annotated[list[Level] | None, typer.Option("--level", help="Only plans of this administrative level (repeat for several): national, province, city, county (县级计划).")],
    "topic": Annotated[str | None, typer.Option(help="Only tasks classified under this topic (e.g. 政策解读).")],
    "domain": Annotated[str | None, typer.Option(help="Only tasks in this 公开领域.")],
    "due_before": Annotated[str | None, typer.Option("--due-before", help="Only tasks due on or before this ISO date.")],
    "due_after": Annotated[str | None, typer.Option("--due-after", help="Only tasks due on or after this ISO date.")],
    "ongoing": Annotated[bool | None, typer.Option("--ongoing/--not-ongoing", help="Only tasks marked 持续推进 (no end date), or only the others.")],
    "doc": Annotated[str | None, typer.Option("--doc", help="Only this plan: its file name (sixian-edu-2022.txt) or name without suffix.")],
}
#: search and ask; the plan-choosing ones the analyses take; the listings add ongoing and doc.
SEARCH_FILTERS = ("region", "issuer", "year", "year_from", "year_to", "unit", "unit_role", "unit_function", "unassigned", "undated", "shared", "cooperated", "levels",
                  "topic", "domain", "due_before", "due_after")
PLAN_TOPIC_FILTERS = ("region", "issuer", "year", "year_from", "year_to", "levels", "topic", "domain")
LISTING_FILTERS = (*SEARCH_FILTERS, "ongoing", "doc")

F = TypeVar("F", bound=Callable[..., Any])


def filtered(*names: str) -> Callable[[F], F]:
    """The command takes the filter options `names` (in place of its `filters` parameter) and gets one Filters.

    typer reads a command's options from its signature, so the decorated function shows typer the
    options one by one and hands the body the bundle.
    """
    def decorate(func: F) -> F:
        signature = inspect.signature(func)
        hints = {name: _resolved(func, p.annotation) for name, p in signature.parameters.items() if name != "filters"}
        params: list[inspect.Parameter] = []
        for name, p in signature.parameters.items():
            if name == "filters":
                params += [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=FILTER_OPTIONS[n])
                           for n in names]
            else:
                params.append(p.replace(annotation=hints[name], kind=inspect.Parameter.KEYWORD_ONLY))

        @functools.wraps(func)
        def command(**kwargs: Any) -> Any:
            chosen = {n: kwargs.pop(n) for n in names}
            return func(filters=make_filters(**chosen), **kwargs)

        command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in params}
        return command  # type: ignore[return-value]

    return decorate


def _resolved(func: Callable[..., Any], annotation: Any) -> Any:
    """A string annotation (from __future__ import annotations) as the object typer needs."""
    if isinstance(annotation, str):
        return eval(annotation, func.__globals__)  # noqa: S307 - the module's own annotations
    return annotation


def make_filters(**values: Any) -> Any:
    """The filter options as one Filters; a date that is not a real YYYY-MM-DD is refused (exit 2) with the reason."""
    from zwgk.model.filters import BadDate, Filters

    if "levels" in values:  # --level, repeated: a tuple of codes (Filters are hashable)
        values["levels"] = tuple(str(level) for level in values["levels"] or ())
    try:
        return Filters(**values)
    except BadDate as exc:
        typer.echo(f"zwgk: {exc}", err=True)
        raise typer.Exit(2) from exc


def settings_for(store: Path | None = None, **flags: object) -> Settings:
    """The settings, with their resource bounds put in force for every file this process reads."""
    from zwgk.ingest.limits import use_limits
    from zwgk.settings import SettingError, load_settings

    try:
        settings = load_settings(store=store, **flags)
    except SettingError as exc:
        typer.echo(f"zwgk: {exc}", err=True)
        raise typer.Exit(2) from exc
    use_limits(settings.limits)
    return settings


def workspace(store: Path | None = None, **flags: object) -> Workspace:
    """The store folder as a Workspace; a repair done on the way is said in one line on stderr."""
    from zwgk.workspace.workspace import Workspace

    return Workspace(settings_for(store, **flags), on_repair=say_recovered)


def say_recovered(recovered: Repair) -> None:
    typer.echo(f"zwgk: an earlier ingest was interrupted; {recovered.line()}", err=True)


def fail_line(path: Path | str, reason: object) -> None:
    """One line per bad file: the name escaped (a newline in it must not start a second line)."""
    from zwgk.ingest.files import shown

    text = " ".join(str(getattr(reason, "reason", reason)).split("\n")).strip()
    typer.echo(f"zwgk: {shown(path)}: {text}", err=True)


def check_writable(out: Path) -> None:
    """Say in one line, before any work, that an output file cannot be written where asked."""
    from zwgk.ingest.files import shown

    folder = out.parent if str(out.parent) else Path(".")
    if out.is_dir():
        reason = "is a folder; give a file name (e.g. report.html)"
    elif not folder.is_dir():
        reason = f"folder {shown(folder)} does not exist (create it first, or write elsewhere)"
    elif not os.access(folder, os.W_OK):
        reason = f"folder {shown(folder)} is not writable"
    else:
        return
    typer.echo(f"zwgk: cannot write {shown(out)}: {reason}", err=True)
    raise typer.Exit(1)


def write_streamed(produce: Callable[[BinaryIO], int], output: Path | None, binary: bool = False) -> None:
    """Let `produce` write to the file (through a temporary one, renamed when whole) or to stdout.

    `produce` returns the bytes it wrote. A failed or interrupted export leaves no half file under
    the name asked for.
    """
    if output is None:
        if binary and sys.stdout.isatty():
            typer.echo("zwgk: xlsx is a binary file: give -o FILE.xlsx", err=True)
            raise typer.Exit(2)
        sys.stdout.flush()
        produce(sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    check_writable(output)
    partial = output.with_name(f".{output.name}.partial-{os.getpid()}")
    try:
        with partial.open("wb") as out:
            size = produce(out)
        os.replace(partial, output)
    except OSError as exc:
        typer.echo(f"zwgk: {output}: {exc.strerror or exc}", err=True)
        raise typer.Exit(1) from exc
    finally:
        partial.unlink(missing_ok=True)
    typer.echo(f"wrote {output} ({size:,} bytes)", err=True)


def write_output(data: bytes, output: Path | None, binary: bool = False) -> None:
    """Write bytes made whole to the file, or to stdout unless that would print a binary file on a terminal."""

    def written(out: BinaryIO) -> int:
        out.write(data)
        return len(data)

    write_streamed(written, output, binary)
