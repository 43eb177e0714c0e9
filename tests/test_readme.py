"""The README's promises: the Quickstart is what CI runs, and every setting is documented."""
from __future__ import annotations

import re

from conftest import ROOT

from zwgk.settings import SETTINGS

README = (ROOT / "README.md").read_text(encoding="utf-8")


def quickstart_commands() -> list[str]:
    section = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    return [line.strip() for line in section.splitlines() if line.startswith("    ")]


def test_quickstart_has_exactly_two_commands_and_ci_runs_the_second():
    commands = quickstart_commands()
    assert len(commands) == 2
    ci = [line for line in (ROOT / ".ci" / "run").read_text().splitlines() if line and not line.startswith(("#", "set ", "cd "))]
    # Before it, only the services some tests need (.ci/services installs them or lets those tests skip).
    assert ci[-1] == commands[1] and all(line.startswith(".ci/services") for line in ci[:-1])


def test_every_setting_is_documented():
    for name, env, _help in SETTINGS:
        assert re.search(rf"\| `{name}` \| `{env}` \|", README), name


def test_the_settings_table_says_what_settings_py_declares():
    rows = [line for line in README.splitlines() if re.match(r"\| `\w+` \| `ZWGK_\w+` \|", line)]
    assert rows == [f"| `{name}` | `{env}` | {text} |" for name, env, text in SETTINGS]
