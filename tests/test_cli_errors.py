"""The command line under careless use: one line per bad file (the others stored, exit 1 at the end),
one line for outputs that cannot be written, for SPARQL Update and for a full disk; never a traceback."""
from __future__ import annotations

import io
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import SAMPLES
from typer.testing import CliRunner

from zwgk.cli import app

runner = CliRunner()
ENV = {"ZWGK_MODEL": "/nonexistent/zwgk-test-model", "ZWGK_STORE": None}
GOOD = "某县教育局2023年政务公开工作任务分解表\n\n序号\t工作任务\t责任单位\t完成时限\n1\t做好政策解读工作。\t办公室\t年底前\n"


def zwgk(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args], env=ENV)


def complaints(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("zwgk: ")]


def stored_docs(store: Path) -> list[str]:
    result = zwgk("sparql", "SELECT ?d WHERE { ?p a zwgk:Plan ; dcterms:identifier ?d }", "--format", "csv", "--store", store)
    assert result.exit_code == 0, result.stderr
    return sorted(result.stdout.splitlines()[1:])


def _encrypted_docx() -> bytes:
    import docx
    from msoffcrypto.format.ooxml import OOXMLFile

    plain, out = io.BytesIO(), io.BytesIO()
    docx.Document().save(plain)
    OOXMLFile(io.BytesIO(plain.getvalue())).encrypt("secret", out)
    return out.getvalue()


def test_bad_files_each_get_one_line_and_the_good_one_beside_them_is_stored(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "bad\nname.txt").write_bytes(b"\x00\x01garbage" * 50)
    (folder / "secret.docx").write_bytes(_encrypted_docx())
    (folder / "dated.txt").write_text(GOOD.replace("政策解读", "依申请公开"), encoding="utf-8")
    (folder / "dated.txt.meta.json").write_text("{year: 2022", encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")  # in the folder and named too: refused once, without being read
    (folder / "zero.txt").symlink_to("/dev/zero")  # named by the link the user has, not by its target
    result = zwgk("ingest", folder, folder / "pipe.txt", "--store", tmp_path / "store")
    assert result.exit_code == 1
    lines = complaints(result.stderr)
    assert len(lines) == 5, result.stderr
    assert any(line.endswith("in/zero.txt: not a regular file: a character device") for line in lines)
    assert any("bad\\nname.txt: binary file" in line for line in lines)
    assert any("secret.docx: password-protected (encrypted) .docx" in line for line in lines)
    assert any("dated.txt: sidecar dated.txt.meta.json is not valid JSON" in line for line in lines)
    assert any("pipe.txt: not a regular file: a named pipe" in line for line in lines)
    assert "Traceback" not in result.stderr + result.stdout
    assert stored_docs(tmp_path / "store") == ["good.txt"]


def _nobody() -> list[str] | None:
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--"] if setpriv else None


def test_an_unreadable_file_and_folder_do_not_stop_the_run():
    """chmod 000 means nothing to root, so as root the command runs as nobody."""
    prefix = _nobody()
    if prefix is None:
        pytest.skip("running as root without setpriv: cannot make a file unreadable")
    if prefix and subprocess.run([*prefix, sys.executable, "-c", "import zwgk.cli"], capture_output=True).returncode:
        pytest.skip(f"user nobody cannot import zwgk from {Path(__file__).parent.parent} (a checkout inside a "
                    "folder only root may enter): cannot run the command as nobody")
    work = Path(tempfile.mkdtemp(prefix="zwgk-perm-"))
    try:
        folder = work / "in"
        folder.mkdir()
        (folder / "good.txt").write_text(GOOD, encoding="utf-8")
        (folder / "locked.txt").write_text(GOOD, encoding="utf-8")
        (folder / "locked-dir").mkdir()
        (folder / "locked-dir" / "inside.txt").write_text(GOOD, encoding="utf-8")
        for path in (work, folder, folder / "good.txt"):
            os.chmod(path, 0o777 if path.is_dir() else 0o644)
        os.chmod(folder / "locked.txt", 0)
        os.chmod(folder / "locked-dir", 0)
        env = {**os.environ, "HOME": str(work), "ZWGK_MODEL": "/nonexistent", "XDG_CACHE_HOME": str(work)}
        env.pop("ZWGK_STORE", None)
        run = subprocess.run([*prefix, sys.executable, "-c", "from zwgk.cli import main; main()", "ingest", str(folder),
                              "--store", str(work / "store")], capture_output=True, text=True, env=env, timeout=600)
        lines = complaints(run.stderr)
        assert run.returncode == 1, run.stderr
        assert sorted(line.split(": ", 2)[1].rsplit("/", 1)[1] for line in lines) == ["locked-dir", "locked.txt"]
        assert all("Permission denied" in line for line in lines) and "Traceback" not in run.stderr
        assert "1 added" in run.stdout
        named = subprocess.run([*prefix, sys.executable, "-c", "from zwgk.cli import main; main()", "ingest",
                                str(folder / "locked.txt"), str(folder / "good.txt"), "--store", str(work / "store")],
                               capture_output=True, text=True, env=env, timeout=600)
        assert named.returncode == 1 and "1 unchanged" in named.stdout  # not a usage error (exit 2) that stops the run
        assert [line.endswith("locked.txt: Permission denied (not readable by this user)")
                for line in complaints(named.stderr)] == [True]
    finally:
        for root, dirs, _files in os.walk(work):
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o755)
        shutil.rmtree(work, ignore_errors=True)


def test_odd_file_names_are_stored_and_shown_escaped(tmp_path: Path):
    folder = os.fsencode(tmp_path / "in")
    os.mkdir(folder)
    for i, name in enumerate((b"plan-\xff\xfe.txt", ("计划" * 41 + "x.txt").encode(), b"tab\tand\nnewline.txt")):
        with open(os.path.join(folder, name), "wb") as handle:
            handle.write(GOOD.replace("工作。", f"工作{i}。").encode())
    result = zwgk("ingest", tmp_path / "in", "--store", tmp_path / "store")
    assert result.exit_code == 0, result.stderr
    assert stored_docs(tmp_path / "store") == sorted(["plan-\\xff\\xfe.txt", "计划" * 41 + "x.txt", "tab\\tand\\nnewline.txt"])


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("store")
    assert zwgk("ingest", SAMPLES / "shitai-county-2022.txt", "--store", path).exit_code == 0
    return path


def test_report_into_a_missing_folder_is_one_line(store: Path, tmp_path: Path):
    result = zwgk("report", "--out", tmp_path / "missing" / "report.html", "--store", store)
    assert result.exit_code == 1
    assert complaints(result.stderr) == [f"zwgk: cannot write {tmp_path / 'missing' / 'report.html'}: folder "
                                         f"{tmp_path / 'missing'} does not exist (create it first, or write elsewhere)"]


def test_export_into_a_missing_folder_is_one_line(store: Path, tmp_path: Path):
    result = zwgk("export", "-o", tmp_path / "missing" / "all.ttl", "--store", store)
    assert result.exit_code == 1 and len(complaints(result.stderr)) == 1 and "does not exist" in result.stderr


@pytest.mark.parametrize("update", ["INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                                    "PREFIX x: <urn:x#>\n# drop it all\nDROP ALL",
                                    "delete where { ?s ?p ?o }"])
def test_sparql_update_says_the_store_is_read_only_and_how_to_change_data(store: Path, update: str):
    before = zwgk("stats", "--json", "--store", store).stdout
    result = zwgk("sparql", update, "--store", store)
    assert result.exit_code == 1
    (line,) = complaints(result.stderr)
    assert "read-only from `zwgk sparql`" in line and "zwgk ingest" in line and "CONSTRUCT" not in line
    assert zwgk("stats", "--json", "--store", store).stdout == before


def _fsize(limit: int):
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


@pytest.mark.parametrize("limit", [256 << 10, 4 << 20])
def test_a_full_disk_is_one_line_and_the_store_still_opens(tmp_path: Path, limit: int):
    """RLIMIT_FSIZE makes writes past `limit` bytes fail with EFBIG, as a full disk fails them with ENOSPC."""
    env = {**os.environ, "ZWGK_MODEL": "/nonexistent", "HOME": str(tmp_path)}
    env.pop("ZWGK_STORE", None)
    cmd = [sys.executable, "-c", "from zwgk.cli import main; main()"]
    run = subprocess.run([*cmd, "ingest", str(SAMPLES), "--store", str(tmp_path / "store")], capture_output=True, text=True,
                         env=env, preexec_fn=_fsize(limit), timeout=600)
    assert run.returncode == 1
    (line,) = complaints(run.stderr)
    assert line.startswith("zwgk: cannot write: file too large") and "run the command again" in line
    assert "Traceback" not in run.stderr
    after = subprocess.run([*cmd, "stats", "--store", str(tmp_path / "store")], capture_output=True, text=True, env=env,
                           timeout=600)
    # The store opens, or (when the disk filled while it was being created) says there is none yet: one line either way.
    assert "Traceback" not in after.stderr and len(complaints(after.stderr)) == after.returncode
    assert after.returncode == 0 or "ingest" in after.stderr
