"""A store that says what is wrong in one line: busy, missing, damaged; `zwgk check` and `repair`.

Each case is what a user sees from the command line (exit code, one stderr
line naming the file and what to run, no traceback).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLES
from typer.testing import CliRunner

from zwgk.cli import app
from zwgk.graph.lock import WriterLock

ROOT = Path(__file__).resolve().parents[1]


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZWGK_", "HF_"))}
    env["HF_HUB_CACHE"] = str(tmp / "empty-hf")
    return env


def _zwgk(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).parent / "zwgk"), *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=300)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("rel") / "store"
    result = CliRunner().invoke(app, ["ingest", str(SAMPLES), "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store


def _copy(store: Path, tmp: Path) -> Path:
    target = tmp / "copy"
    shutil.copytree(store, target, ignore=shutil.ignore_patterns("lock"))
    return target


def _one_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.startswith("zwgk:")]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and result.exception is None or isinstance(result.exception, SystemExit)
    return lines[0]


def test_a_second_writer_is_told_who_is_writing(ingested: Path, tmp_path: Path) -> None:
    store = _copy(ingested, tmp_path)
    env = _env(tmp_path)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from zwgk.graph.lock import WriterLock\n"
        "lock = WriterLock(Path(sys.argv[1])).acquire(); print('held', flush=True); time.sleep(60)"), str(store)],
        stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "held"
        for args in (["ingest", str(SAMPLES)], ["remove", "sixian-edu-2022.txt"], ["reindex"]):
            run = _zwgk(*args, "--store", str(store), env=env)
            assert run.returncode == 1, run.stderr
            assert f"store is busy: another ingest (pid {holder.pid}) is writing" in run.stderr
            assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1
        # Readers go on while the writer holds the store.
        run = _zwgk("search", "依申请公开", "--store", str(store), env=env)
        assert run.returncode == 0 and "依申请公开" in run.stdout, run.stderr
    finally:
        holder.kill()
        holder.wait()
    # The lock went with its process (killed, not released): the next writer gets in.
    run = _zwgk("ingest", str(SAMPLES), "--store", str(store), env=env)
    assert run.returncode == 0, run.stderr


def test_a_writer_waits_with_a_timeout(ingested: Path, tmp_path: Path) -> None:
    store = _copy(ingested, tmp_path)
    with WriterLock(store):
        env = {**_env(tmp_path), "ZWGK_LOCK_WAIT": "0.5"}
        run = _zwgk("remove", "sixian-edu-2022.txt", "--store", str(store), env=env)
    assert run.returncode == 1 and "(waited 0.5 s)" in run.stderr


@pytest.mark.parametrize("command", [["stats"], ["search", "公开"], ["ask", "谁负责依申请公开"], ["tasks"],
                                     ["sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"], ["check"], ["validate"]])
def test_a_reader_does_not_create_a_store(command: list[str], tmp_path: Path) -> None:
    store = tmp_path / "nothing-here"
    result = CliRunner().invoke(app, [*command, "--store", str(store)])
    assert result.exit_code == 1
    assert f"no store at {store} yet" in _one_line(result)
    assert not store.exists()


def _damage(store: Path, what: str) -> str:
    index = store / "index"
    manifest = json.loads((index / "manifest.json").read_text(encoding="utf-8"))
    seg = index / manifest["segments"][0]["name"]
    if what == "manifest":
        (index / "manifest.json").write_text("{not json", encoding="utf-8")
        return "manifest.json"
    if what == "docs-cut":
        path = seg / "docs.bin"
        path.write_bytes(path.read_bytes()[:100])
        return "docs.bin"
    if what == "texts-cut":
        path = seg / "texts.bin"
        path.write_bytes(path.read_bytes()[:100])
        return "texts.bin"
    if what == "npy-cut":
        path = seg / "post.doc.npy"
        path.write_bytes(path.read_bytes()[:90])
        return "post.doc.npy"
    if what == "vocab-missing":
        (index / manifest["vocab"]).unlink()
        return manifest["vocab"]
    if what == "segment-missing":
        shutil.rmtree(seg)
        return seg.name
    if what == "concepts":
        (index / "concepts.json").write_text("garbage", encoding="utf-8")
        return "concepts.json"
    raise AssertionError(what)


@pytest.mark.parametrize("what", ["manifest", "docs-cut", "npy-cut", "vocab-missing", "segment-missing", "concepts"])
def test_a_damaged_index_file_is_named_with_what_to_run(ingested: Path, tmp_path: Path, what: str) -> None:
    store = _copy(ingested, tmp_path)
    name = _damage(store, what)
    for command in (["search", "依申请公开"], ["ask", "谁负责依申请公开"], ["check"]):
        result = CliRunner().invoke(app, [*command, "--store", str(store)])
        assert result.exit_code == 1, (command, result.output)
        line = _one_line(result)
        assert name in line and "zwgk reindex" in line, line
    result = CliRunner().invoke(app, ["reindex", "--store", str(store)])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(app, ["check", "--store", str(store)])
    assert result.exit_code == 0 and "graph and index agree" in result.stdout


def test_a_cut_text_table_is_named_by_the_commands_that_read_it(ingested: Path, tmp_path: Path) -> None:
    """`search` does not read a segment's task texts; `ask` (checking a topic's tasks) and `check` do."""
    store = _copy(ingested, tmp_path)
    name = _damage(store, "texts-cut")
    for command in (["ask", "谁负责依申请公开"], ["check"]):
        result = CliRunner().invoke(app, [*command, "--store", str(store)])
        assert result.exit_code == 1, (command, result.output)
        line = _one_line(result)
        assert name in line and "zwgk reindex" in line, line
    assert CliRunner().invoke(app, ["search", "依申请公开", "--store", str(store)]).exit_code == 0


def test_check_names_the_tasks_an_index_record_no_longer_matches(ingested: Path, tmp_path: Path) -> None:
    """A record whose bytes were overwritten in place still reads as JSON; check says which id differs."""
    store = _copy(ingested, tmp_path)
    manifest = json.loads((store / "index" / "manifest.json").read_text(encoding="utf-8"))
    docs = store / "index" / manifest["segments"][0]["name"] / "docs.bin"
    data = docs.read_bytes()
    start = data.index(b'"id": "') + len(b'"id": "')
    docs.write_bytes(data[:start] + b"#" * 4 + data[start + 4:])
    result = CliRunner().invoke(app, ["check", "--store", str(store)])
    assert result.exit_code == 1
    line = _one_line(result)
    assert "1 of the graph's are not in the index" in line and "1 of the index's not in the graph (####" in line, line
    assert line.endswith("run `zwgk reindex`")


@pytest.mark.parametrize("what", ["store.json", "graph-missing", "graph-files"])
def test_a_damaged_store_file_is_named(ingested: Path, tmp_path: Path, what: str) -> None:
    store = _copy(ingested, tmp_path)
    if what == "store.json":
        (store / "store.json").write_text("garbage", encoding="utf-8")
        name = "store.json"
    elif what == "graph-missing":
        shutil.rmtree(store / "graph")
        name = "graph"
    else:
        for path in (store / "graph").glob("*.sst"):
            path.unlink()
        for path in (store / "graph").glob("MANIFEST-*"):
            path.unlink()
        name = "graph"
    for command in (["stats"], ["tasks"], ["ingest", str(SAMPLES)]):
        result = CliRunner().invoke(app, [*command, "--store", str(store)])
        assert result.exit_code == 1, (command, result.output)
        line = _one_line(result)
        assert name in line and ("restore" in line or "remove" in line), line


def test_check_finds_an_index_behind_the_graph_and_repair_fixes_it(ingested: Path, tmp_path: Path) -> None:
    store = _copy(ingested, tmp_path)
    old_index = tmp_path / "old-index"
    shutil.copytree(store / "index", old_index)
    assert CliRunner().invoke(app, ["remove", "sixian-edu-2022.txt", "--store", str(store)]).exit_code == 0
    shutil.rmtree(store / "index")
    shutil.copytree(old_index, store / "index")  # the index as it was before the removal: one plan too many
    result = CliRunner().invoke(app, ["check", "--store", str(store)])
    assert result.exit_code == 1 and "zwgk repair" in _one_line(result)
    result = CliRunner().invoke(app, ["repair", "--store", str(store)])
    assert result.exit_code == 0 and "repaired" in result.stdout
    result = CliRunner().invoke(app, ["check", "--store", str(store)])
    assert result.exit_code == 0 and "graph: 4 plans" in result.stdout


def test_repair_reads_back_only_the_plans_the_index_lacks(ingested: Path, tmp_path: Path) -> None:
    """A writer killed between the graph and the index: the next repair re-indexes just that plan (a delta,
    seconds in a million-task store) and the index then answers as a rebuilt one does."""
    store = _copy(ingested, tmp_path)
    plan = "yanzhou-edu-2023.txt"
    assert CliRunner().invoke(app, ["remove", plan, "--store", str(store)]).exit_code == 0
    without = tmp_path / "index-without"
    shutil.copytree(store / "index", without)
    assert CliRunner().invoke(app, ["ingest", str(SAMPLES / plan), "--store", str(store)]).exit_code == 0
    shutil.rmtree(store / "index")
    shutil.copytree(without, store / "index")  # the graph has the plan, the index does not

    result = CliRunner().invoke(app, ["repair", "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "1 plans indexed (yanzhou-edu-2023.txt)" in result.stdout and "rebuilt" not in result.stdout
    repaired = CliRunner().invoke(app, ["tasks", "--doc", plan, "--store", str(store)])
    rebuilt_store = _copy(store, tmp_path / "rebuilt")
    assert CliRunner().invoke(app, ["reindex", "--store", str(rebuilt_store)]).exit_code == 0
    rebuilt = CliRunner().invoke(app, ["tasks", "--doc", plan, "--store", str(rebuilt_store)])
    assert repaired.exit_code == 0 and repaired.stdout == rebuilt.stdout  # JSON Lines, one task each
    assert len(repaired.stdout.splitlines()) > 10
    result = CliRunner().invoke(app, ["check", "--store", str(store)])
    assert result.exit_code == 0 and "graph and index agree" in result.stdout



def _ctrl_c_in_the_ingests_opening(monkeypatch: pytest.MonkeyPatch) -> None:
    from zwgk.graph import write

    real, calls = write.recover, []

    def recover_then_ctrl_c(*args) -> None:
        calls.append(args)
        real(*args)
        if len(calls) == 2:  # the writer session's opening, then the ingest's own: Ctrl-C lands in the second
            raise KeyboardInterrupt

    monkeypatch.setattr(write, "recover", recover_then_ctrl_c)


def _ctrl_c_while_a_query_result_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    from zwgk.graph import backends, pipeline

    real_value, real_write_one, writing = backends._term_value, pipeline._Run.write_one, []

    def value(term):
        if writing:
            writing.clear()
            raise KeyboardInterrupt
        return real_value(term)

    def write_one(self, prepared) -> None:
        writing.append(True)  # the plan's old references are read first: Ctrl-C lands in that result
        real_write_one(self, prepared)

    monkeypatch.setattr(backends, "_term_value", value)
    monkeypatch.setattr(pipeline._Run, "write_one", write_one)


@pytest.mark.parametrize("ctrl_c", [_ctrl_c_in_the_ingests_opening, _ctrl_c_while_a_query_result_is_read])
def test_ctrl_c_anywhere_in_the_ingest_lets_go_of_the_graph_and_ends_in_130(ingested: Path, tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch,
                                                                           ctrl_c) -> None:
    """A Ctrl-C that cuts a function short must not leave the graph open through its traceback.

    The repair that follows every Ctrl-C reopens the graph in the same process, and RocksDB refuses a
    second handle: before, the user got "cannot be opened (lock hold by current process)" and exit 1.
    """
    store = _copy(ingested, tmp_path)
    changed = tmp_path / "in" / "sixian-edu-2022.txt"
    changed.parent.mkdir()
    changed.write_text((SAMPLES / "sixian-edu-2022.txt").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with monkeypatch.context() as patched:
        ctrl_c(patched)
        result = CliRunner().invoke(app, ["ingest", str(changed), "--store", str(store)])
    assert result.exit_code == 130, result.output
    assert "cannot be opened" not in result.output
    assert "interrupted: 0 plans stored or replaced by this run" in result.output
    check = CliRunner().invoke(app, ["check", "--store", str(store)])
    assert check.exit_code == 0, check.output


def test_a_ctrl_c_python_swallows_in_a_finalizer_still_ends_in_130(ingested: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A KeyboardInterrupt raised while a finalizer runs is printed and dropped by Python; the ingest
    went on and exited 0 as if nobody had pressed Ctrl-C."""
    import gc
    import signal

    from zwgk.graph import pipeline

    class PressedWhileFinalized:
        def __del__(self) -> None:
            signal.raise_signal(signal.SIGINT)
            for _ in range(1000):  # the handler runs here, inside the finalizer
                pass

    real_write_one = pipeline._Run.write_one

    def write_one(self, prepared) -> None:
        PressedWhileFinalized()
        gc.collect()
        real_write_one(self, prepared)

    store = _copy(ingested, tmp_path)
    changed = tmp_path / "in" / "sixian-edu-2022.txt"
    changed.parent.mkdir()
    changed.write_text((SAMPLES / "sixian-edu-2022.txt").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    monkeypatch.setattr(pipeline._Run, "write_one", write_one)
    result = CliRunner().invoke(app, ["ingest", str(changed), "--store", str(store)])
    assert result.exit_code == 130, result.output
    assert "interrupted: 1 plans stored or replaced by this run (sixian-edu-2022.txt)" in result.output
    monkeypatch.undo()
    assert CliRunner().invoke(app, ["check", "--store", str(store)]).exit_code == 0
