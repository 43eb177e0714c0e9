"""The dense path end to end, on a tiny sentence-transformers model built here (no downloads).

The model is a StaticEmbedding: one seeded random vector per character of the
sample plans, mean-pooled. It knows nothing of meaning, but a requirement's
characters put its vector nearest to the task that holds it, which is enough
to check encode → index → save → load → search and the incremental sync that
ingest and remove drive.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, SAMPLES
from typer.testing import CliRunner

from zwgk.cli import app
from zwgk.graph.pipeline import ingest_paths, remove_docs
from zwgk.search.dense import faiss_id
from zwgk.search.embed import EmbeddingCache, SentenceEmbedder, load_embedder
from zwgk.search.index import doc_text
from zwgk.search.service import open_searcher, rebuild_index
from zwgk.search.vectors import VectorIndex
from zwgk.settings import Settings

DIMS = 32
REMOVED = "sixian-edu-2022.txt"


def _tiny_model(path: Path) -> Path:
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding
    from tokenizers import Tokenizer, normalizers, pre_tokenizers
    from tokenizers.models import WordLevel

    chars = sorted({c for p in SAMPLES.glob("*.txt") for c in p.read_text(encoding="utf-8") if not c.isspace()})
    vocab = {"[UNK]": 0, **{c: i for i, c in enumerate(chars, 1)}}
    tokenizer = Tokenizer(WordLevel(vocab, unk_token="[UNK]"))
    # BertNormalizer puts spaces around every CJK character, BertPreTokenizer then splits there.
    tokenizer.normalizer = normalizers.BertNormalizer(handle_chinese_chars=True, lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    weights = np.random.default_rng(7).standard_normal((len(vocab), DIMS)).astype(np.float32)
    SentenceTransformer(modules=[StaticEmbedding(tokenizer, embedding_weights=weights)], device="cpu").save(str(path))
    return path


@pytest.fixture(scope="module")
def model_path(tmp_path_factory) -> Path:
    return _tiny_model(tmp_path_factory.mktemp("models") / "tiny-zh")


@pytest.fixture(scope="module")
def embedder(model_path: Path) -> SentenceEmbedder:
    loaded, note = load_embedder(str(model_path))
    assert note is None and loaded is not None
    return loaded


@pytest.fixture(scope="module")
def graph_only(tmp_path_factory) -> Path:
    """The samples ingested into a store, before any index is built (copied by each test that indexes)."""
    store = tmp_path_factory.mktemp("graph") / "store"
    report = ingest_paths([SAMPLES], store)
    assert not report.failed and len(report.added) == 5
    return store


def _copy(store: Path, to: Path) -> Path:
    shutil.copytree(store, to)
    return to


def test_encode_gives_unit_float32_vectors_without_instruction(embedder: SentenceEmbedder) -> None:
    vectors = embedder.encode(["推进依申请公开标准化规范化建设", "政务新媒体"])
    assert vectors.dtype == np.float32 and vectors.shape == (2, DIMS) and embedder.dims == DIMS
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embedder.instruction == ""  # only bge-style names get the query instruction
    assert np.allclose(embedder.encode(["政务新媒体"], query=True), vectors[1:])
    bge = SentenceEmbedder("BAAI/bge-small-zh-v1.5", embedder._model)
    assert bge.instruction and not np.allclose(bge.encode(["政务新媒体"], query=True), vectors[1:])


@pytest.mark.parametrize("kind", ["flat", "ivf"])
def test_vector_index_save_load_add_remove(kind: str, tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((600, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ids = np.array([faiss_id(f"doc#t{i:03d}") for i in range(600)], dtype=np.int64)
    index = VectorIndex.build(vectors[:500], ids[:500], kind)
    index.save(tmp_path / "v.faiss")
    loaded = VectorIndex.load(tmp_path / "v.faiss", kind)
    assert loaded.kind == kind and len(loaded) == 500
    assert loaded.search(vectors[42], 1)[0][0] == ids[42]
    assert loaded.remove(ids[40:45]) == 5 and len(loaded) == 495
    nearest = loaded.search(vectors[42], 10)
    assert len(nearest) == 10 and all(hit != ids[42] for hit, _ in nearest)
    loaded.add(vectors[500:], ids[500:])
    assert len(loaded) == 595 and loaded.search(vectors[550], 1)[0][0] == ids[550]
    assert [i for i, _ in loaded.search(vectors[7], 5, allowed=ids[[3, 7, 9]])][0] == ids[7]
    assert {i for i, _ in loaded.search(vectors[7], 5, allowed=ids[[3, 9]])} <= {ids[3], ids[9]}


def test_dense_index_ingest_remove_reingest(graph_only: Path, model_path: Path, embedder, tmp_path: Path) -> None:
    store = _copy(graph_only, tmp_path / "store")
    settings = Settings(store=store, model=str(model_path), top_k=10)
    manifest, note = rebuild_index(settings)
    assert note is None
    dense = manifest["dense"]
    assert dense["model"] == str(model_path) and dense["dims"] == DIMS and dense["kind"] == "flat"
    assert dense["count"] == manifest["count"] and dense["sync"] == "fresh" and dense["added"] == dense["count"]
    assert json.loads((store / "index" / "manifest.json").read_text(encoding="utf-8"))["dense"] == dense
    again = rebuild_index(settings)[0]["dense"]  # nothing changed: nothing to add, remove or embed
    assert (again["sync"], again["added"], again["removed"], again["embedded"]) == ("incremental", 0, 0, 0)

    # Search: a verbatim requirement finds its own task first through the dense retriever.
    searcher = open_searcher(settings)
    records = searcher.index.records
    assert dense["embedded"] == len({doc_text(r) for r in records})  # a text shared by two tasks is embedded once
    targets = sorted(range(len(records)), key=lambda r: -len(records[r].requirement))[:3]
    vectors = searcher.index.vectors()
    for row in targets:
        query = records[row].requirement
        assert vectors.search(embedder.encode([query], query=True)[0], 3)[0][0] == row
        hit = next(h for h in searcher.search(query).hits if h.ranks.get("dense") == 1)
        assert hit.record.id == records[row].id
    gone = [r.id for r in records if r.doc == REMOVED]
    assert gone

    # Remove one plan: only its vectors go, nothing is embedded, no hit comes from it.
    removal = remove_docs([REMOVED], store)
    assert (removal.removed, removal.missing) == ([REMOVED], [])
    manifest, _ = rebuild_index(settings)
    dense = manifest["dense"]
    assert (dense["sync"], dense["removed"], dense["added"], dense["embedded"]) == ("incremental", len(gone), 0, 0)
    assert dense["count"] == manifest["count"] == len(records) - len(gone)
    searcher = open_searcher(settings)
    held = set(searcher.index.vectors().vectors.ids().tolist())
    assert held.isdisjoint(faiss_id(t) for t in gone) and len(held) == dense["count"]
    query = next(r.requirement for r in records if r.doc == REMOVED)
    hits = searcher.index.vectors().search(embedder.encode([query], query=True)[0], dense["count"])
    assert len(hits) == dense["count"] and all(searcher.index.records[r].doc != REMOVED for r, _ in hits)

    # Ingest it again: its tasks come back from the embedding cache, none re-embedded.
    report = ingest_paths([SAMPLES], store)
    assert report.added == [REMOVED] and len(report.unchanged) == 4
    manifest, _ = rebuild_index(settings)
    dense = manifest["dense"]
    assert (dense["sync"], dense["added"], dense["removed"]) == ("incremental", len(gone), 0)
    assert dense["cache_hits"] == len(gone) and dense["embedded"] == 0 and dense["count"] == len(records)
    cache = EmbeddingCache(store / "index" / "embeddings", str(model_path), DIMS)
    cache.encode(embedder, [doc_text(records[r]) for r in targets])
    assert cache.misses == 0  # the cache on disk holds every text seen, removed plans included
    searcher = open_searcher(settings)
    row = next(i for i, r in enumerate(searcher.index.records) if r.id == records[targets[0]].id)
    query_vec = embedder.encode([records[targets[0]].requirement], query=True)[0]
    assert searcher.index.vectors().search(query_vec, 1)[0][0] == row

    # `zwgk reindex` builds the vector index afresh, every vector from the cache.
    result = CliRunner().invoke(app, ["reindex", "--store", str(store), "--model", str(model_path)])
    assert result.exit_code == 0 and f"dense {model_path} (flat)" in result.stdout
    dense = json.loads((store / "index" / "manifest.json").read_text(encoding="utf-8"))["dense"]
    assert (dense["sync"], dense["embedded"], dense["cache_hits"]) == ("fresh", 0, len(records))


def test_no_model_one_line_and_lexical_search_goes_on(graph_only: Path, tmp_path: Path) -> None:
    embedder, note = load_embedder(str(tmp_path / "no-such-model"))
    assert embedder is None and "dense search off" in note and "\n" not in note
    store = _copy(graph_only, tmp_path / "store")
    settings = Settings(store=store, model="no-such-org/no-such-model", top_k=10)
    manifest, note = rebuild_index(settings)
    assert manifest["dense"] is None and "dense search off" in note and "\n" not in note
    assert not (store / "index" / "vectors.faiss").exists()
    result = open_searcher(settings).search("依申请公开")
    assert result.hits and all("dense" not in h.ranks for h in result.hits)
    assert any("dense search off" in n for n in result.notes)


_NO_TORCH = """
import sys
from typer.testing import CliRunner
from zwgk.cli import app
store, model = sys.argv[1], sys.argv[2]
runner = CliRunner()
for args in (["ask", "谁负责依申请公开"], ["search", "政务新媒体"], ["ask", "政务新媒体", "--model", model]):
    result = runner.invoke(app, [*args, "--store", store])
    assert result.exit_code == 0, result.output
    assert "dense search off" in result.stderr, result.stderr
bad = [m for m in ("torch", "sentence_transformers", "transformers") if m in sys.modules]
assert not bad, bad
"""


def test_ask_and_search_do_not_import_torch_without_a_dense_model(graph_only: Path, model_path: Path,
                                                                     tmp_path: Path) -> None:
    store = _copy(graph_only, tmp_path / "store")
    rebuild_index(Settings(store=store, model=str(model_path), top_k=10))  # the index has vectors …
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZWGK_", "HF_"))}
    env["HF_HUB_CACHE"] = str(tmp_path / "hf")  # … but no model is reachable: the default is not cached here
    missing = str(tmp_path / "missing-model")
    run = subprocess.run([sys.executable, "-c", _NO_TORCH, str(store), missing], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr

    bare = _copy(graph_only, tmp_path / "bare")
    rebuild_index(Settings(store=bare, model=missing, top_k=10))  # … and an index without vectors
    run = subprocess.run([sys.executable, "-c", _NO_TORCH, str(bare), missing], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr



def test_a_delta_generation_keeps_the_vectors_in_step(graph_only: Path, model_path: Path, embedder,
                                                      tmp_path: Path) -> None:
    """Removing and re-adding one plan through index deltas: its vectors go and come back, none re-embedded."""
    from zwgk.search.index import PlanChange
    from zwgk.search.service import update_index

    store = _copy(graph_only, tmp_path / "store")
    settings = Settings(store=store, model=str(model_path), top_k=10)
    full, _ = rebuild_index(settings)
    records = list(open_searcher(settings).index.live_records())
    mine = [r for r in records if r.doc == REMOVED]
    plan = open_searcher(settings).index.plan(REMOVED)
    manifest, _ = update_index(settings, [PlanChange(REMOVED, None)])
    dense = manifest["dense"]
    assert (dense["removed"], dense["added"], dense["embedded"]) == (len(mine), 0, 0)
    assert dense["count"] == manifest["count"] == full["count"] - len(mine)
    searcher = open_searcher(settings)
    query = embedder.encode([mine[0].requirement], query=True)[0]
    hits = searcher.index.vectors().search(query, dense["count"])
    assert len(hits) == dense["count"] and all(searcher.index.records[r].doc != REMOVED for r, _ in hits)

    manifest, _ = update_index(settings, [PlanChange(REMOVED, "v2", mine, plan)])
    dense = manifest["dense"]
    assert (dense["added"], dense["embedded"], dense["count"]) == (len(mine), 0, full["count"])
    searcher = open_searcher(settings)
    row, _ = searcher.index.vectors().search(query, 1)[0]
    assert searcher.index.records[row].id == mine[0].id and searcher.index.live[row]
