"""`zwgk serve` as a user starts it: says where it listens, answers, stops on Ctrl-C; refuses what it cannot do."""
from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from zwgk.cli import app
from zwgk.server.config import is_loopback

ZWGK = [sys.executable, "-c", "from zwgk.cli import main; main()"]


def test_serve_answers_and_stops_on_ctrl_c(indexed_sample_store: Path) -> None:
    proc = subprocess.Popen([*ZWGK, "serve", "--store", str(indexed_sample_store), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        assert line.startswith("zwgk: serving") and "http://127.0.0.1:" in line, line
        url = line.split(" at ", 1)[1].split("/ ", 1)[0]
        with urllib.request.urlopen(url + "/api/stats", timeout=60) as response:
            assert b'"tasks": 160' in response.read()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(60) == 130  # Ctrl-C's exit status, as for an interrupted ingest
        assert "Traceback" not in (proc.stderr.read() if proc.stderr else "")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_serve_refuses_a_missing_store_and_a_busy_port(tmp_path: Path, indexed_sample_store: Path) -> None:
    out = CliRunner().invoke(app, ["serve", "--store", str(tmp_path / "none")])
    assert out.exit_code == 1 and "no store at" in out.output
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = CliRunner().invoke(app, ["serve", "--store", str(indexed_sample_store), "--port", str(port)])
    assert out.exit_code == 1 and f"cannot listen on 127.0.0.1:{port}" in out.output


def test_a_non_loopback_bind_warns(monkeypatch: pytest.MonkeyPatch, indexed_sample_store: Path) -> None:
    import zwgk.server.run as run

    served: list[Any] = []
    real_bind = run.bind
    monkeypatch.setattr(run, "bind", lambda host, port: real_bind("127.0.0.1", 0))  # never listen beyond loopback
    monkeypatch.setattr(run, "serve", lambda app, sock: served.append(app))
    out = CliRunner().invoke(app, ["serve", "--store", str(indexed_sample_store), "--host", "0.0.0.0"])
    assert out.exit_code == 0 and "warning: 0.0.0.0 is reachable from other machines" in out.output
    assert type(served[0]).__name__ == "Starlette"  # no loopback-only Host check when asked to be reachable
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and not is_loopback("0.0.0.0")


def test_help_does_not_import_the_server_stack() -> None:
    code = ("import sys\nfrom typer.testing import CliRunner\nfrom zwgk.cli import app\n"
            "assert CliRunner().invoke(app, ['serve', '--help']).exit_code == 0\n"
            "print([m for m in ('starlette', 'uvicorn', 'pyoxigraph') if m in sys.modules])\n")
    started = time.monotonic()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", (out.stdout, time.monotonic() - started)
