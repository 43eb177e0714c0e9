"""A throwaway Virtuoso Open-Source 7 for tests and benchmarks: installed if need be, started in a temp folder.

`install()` runs `apt-get install virtuoso-opensource` when the server is
missing and the process may (root, apt-get present), else it returns the reason
tests skip with. `Virtuoso(folder).start()` copies the packaged virtuoso.ini
with both ServerPorts on free loopback ports and the database in `folder`,
starts `virtuoso-t +wait`, and grants the SPARQL user update rights (Virtuoso
refuses SPARQL Update from /sparql without them). Result rows are raised from
the packaged 10,000 (Virtuoso cuts bigger answers, even Graph Store GETs).
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

PACKAGED_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
_installed: str | None | bool = False  # False: not tried yet; None: ready; str: why not


def install() -> str | None:
    """None when virtuoso-t and isql-vt are there (installing them if allowed), else why they are not."""
    global _installed
    if _installed is not False:
        return _installed  # type: ignore[return-value]
    if shutil.which("virtuoso-t") and shutil.which("isql-vt") and PACKAGED_INI.exists():
        _installed = None
        return None
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        _installed = "Virtuoso is not installed and this process cannot apt-get install virtuoso-opensource (not root)"
        return _installed
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", "virtuoso-opensource"]):
        run = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=1800)
        if run.returncode != 0:
            _installed = f"`{' '.join(cmd)}` failed: {(run.stderr or run.stdout).strip().splitlines()[-1:]}"
            return _installed
    _installed = None if shutil.which("virtuoso-t") else "apt-get installed virtuoso-opensource but virtuoso-t is missing"
    return _installed


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Virtuoso:
    """One server in `folder`; `sparql` is its query/update endpoint, `location` the zwgk store location."""

    def __init__(self, folder: Path, max_rows: int = 1_000_000, buffers: int = 170_000) -> None:
        self.folder = folder
        self.sql_port, self.http_port = free_port(), free_port()
        self.max_rows, self.buffers = max_rows, buffers

    @property
    def sparql(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def location(self) -> str:
        return "sparql+" + self.sparql

    def _ini(self) -> str:
        section = ""
        out = []
        for line in PACKAGED_INI.read_text(encoding="utf-8").splitlines():
            if m := re.match(r"\s*\[(\w+)\]", line):
                section = m.group(1)
            if re.match(r"\s*ServerPort\s*=", line):
                port = self.sql_port if section == "Parameters" else self.http_port
                line = f"ServerPort = 127.0.0.1:{port}"
            elif re.match(r"\s*ResultSetMaxRows\s*=", line):
                line = f"ResultSetMaxRows = {self.max_rows}"
            elif re.match(r"\s*NumberOfBuffers\s*=", line):
                line = f"NumberOfBuffers = {self.buffers}"
            elif re.match(r"\s*MaxDirtyBuffers\s*=", line):
                line = f"MaxDirtyBuffers = {self.buffers * 3 // 4}"
            out.append(line.replace("/var/lib/virtuoso-opensource-7/db", str(self.folder)))
        return "\n".join(out) + "\n"

    def start(self) -> Virtuoso:
        self.folder.mkdir(parents=True, exist_ok=True)
        ini = self.folder / "virtuoso.ini"
        ini.write_text(self._ini(), encoding="utf-8")
        run = subprocess.run(["virtuoso-t", "-c", str(ini), "+wait"], cwd=self.folder, capture_output=True,
                             text=True, timeout=300)
        if run.returncode != 0:
            raise RuntimeError(f"virtuoso-t did not start: {(run.stderr or run.stdout).strip()[-300:]}")
        self.isql('grant SPARQL_UPDATE to "SPARQL";')
        deadline = time.monotonic() + 60
        while True:  # the HTTP listener may come up a moment after +wait returns
            try:
                urllib.request.urlopen(self.sparql + "?query=ASK%7B%7D", timeout=5).read()
                return self
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)

    def isql(self, sql: str) -> str:
        run = subprocess.run(["isql-vt", str(self.sql_port), "dba", "dba", f"exec={sql}"], capture_output=True,
                             text=True, timeout=600)
        if run.returncode != 0 or "*** Error" in run.stdout:
            raise RuntimeError(f"isql-vt {sql!r}: {(run.stdout + run.stderr).strip()[-300:]}")
        return run.stdout

    def wipe(self) -> None:
        """Drop every zwgk graph (the server's own graphs stay)."""
        graphs = self.zwgk_graphs()
        if graphs:
            self._post("update", " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs), "*/*")

    def zwgk_graphs(self) -> list[str]:
        out = self._post("query", 'SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } '
                         'FILTER(STRSTARTS(STR(?g), "https://w3id.org/zwgk/")) }', "text/csv")
        return [line.strip('"') for line in out.splitlines()[1:] if line.strip()]

    def _post(self, field: str, text: str, accept: str) -> str:
        body = urllib.parse.urlencode({field: text}).encode()
        request = urllib.request.Request(self.sparql, data=body, headers={"Accept": accept})
        with urllib.request.urlopen(request, timeout=600) as response:
            return response.read().decode("utf-8")

    def stop(self) -> None:
        subprocess.run(["isql-vt", str(self.sql_port), "dba", "dba", "-K"], capture_output=True, timeout=120)
        lock = self.folder / "virtuoso.lck"
        deadline = time.monotonic() + 30
        while lock.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
