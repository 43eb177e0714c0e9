"""The public surface is explicit: subpackages say what they export, and the CLI starts light."""
from __future__ import annotations

import subprocess
import sys

import zwgk.graph
import zwgk.ingest
import zwgk.search


def test_subpackages_declare_their_exports():
    assert set(zwgk.ingest.__all__) >= {"parse_file", "parse_text", "Plan", "Task", "ParseError"}
    for name in zwgk.ingest.__all__:
        assert hasattr(zwgk.ingest, name)
    assert "pipeline" in zwgk.graph.__all__ and "ask" in zwgk.search.__all__


def test_help_and_parse_do_not_import_heavy_libraries():
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from zwgk.cli import app\n"
        "r = CliRunner().invoke(app, ['--help']); assert r.exit_code == 0\n"
        "r = CliRunner().invoke(app, ['parse', 'samples/yanzhou-edu-2023.txt', '-f', 'jsonl']); assert r.exit_code == 0\n"
        "heavy = [m for m in ('torch', 'sentence_transformers', 'faiss', 'rdflib', 'pyshacl', 'bm25s', 'scipy') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=__import__("conftest").ROOT)
    assert out.stdout.strip() == "[]"
