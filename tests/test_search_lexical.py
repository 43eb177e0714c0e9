"""The numpy BM25 scorer against the references: bm25s exactly, rank_bm25 up to its idf.

bm25s builds the matrices we score, so its own `get_scores` must give the very
same numbers. rank_bm25's BM25Okapi differs in two documented ways: its term
weight carries a constant (k1 + 1) factor, and its idf is log((N − df + .5) /
(df + .5)) floored at ε·mean-idf where Lucene's (ours, bm25s's default) is
log(1 + (N − df + .5) / (df + .5)). With Lucene's idf swapped in, rank_bm25
must agree with us up to that constant; with its own idf, one-token queries
must rank identically (idf is then one positive factor), while several tokens
may be weighed differently: without the domain dictionary 依申请公开 cuts into
依 / 申请 / 公开, 公开 occurs in most tasks, and there the two idfs part ways
enough to change the top hit on the samples.
"""
from __future__ import annotations

import math
import tempfile
from collections import Counter
from pathlib import Path

import bm25s
import numpy as np
import pytest
from conftest import SAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st
from rank_bm25 import BM25Okapi

from zwgk.ingest.parser import parse_file
from zwgk.ingest.records import task_records
from zwgk.search.analyzer import Analyzer
from zwgk.search.index import doc_text
from zwgk.search.lexical import LexicalIndex, build_bm25, top_k

K1, B = 1.2, 0.75  # what build_bm25 uses
QUERIES = ["依申请公开", "政务新媒体", "政策解读", "年度报告", "信息公开 申请 答复", "基层政务公开标准化规范化",
           "财政预算 决算", "舆情回应", "重大行政决策 公众参与", "IPv6", "公开 公开 公开"]


def _lucene_okapi(corpus: list[list[str]]) -> BM25Okapi:
    """rank_bm25 with Lucene's idf in place of its own."""
    okapi = BM25Okapi(corpus, k1=K1, b=B)
    n = len(corpus)
    dfs = Counter(t for doc in corpus for t in set(doc))
    okapi.idf = {t: math.log(1 + (n - df + 0.5) / (df + 0.5)) for t, df in dfs.items()}
    return okapi


def _indexes(corpus: list[list[str]], folder: Path) -> tuple[LexicalIndex, bm25s.BM25]:
    build_bm25(corpus, folder)
    reference = bm25s.BM25(k1=K1, b=B)
    reference.index([doc or ["\u2205"] for doc in corpus], show_progress=False)
    return LexicalIndex.load(folder), reference


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> tuple[Analyzer, list[list[str]], LexicalIndex, bm25s.BM25]:
    records = [r for p in sorted(SAMPLES.glob("*.txt")) for r in task_records(parse_file(p))]
    analyzer = Analyzer(user_words=["依申请公开", "政务新媒体", "政策解读", "舆情回应", "年度报告"])
    corpus = [analyzer.index_tokens(doc_text(r)) for r in records]
    return (analyzer, corpus, *_indexes(corpus, tmp_path_factory.mktemp("bm25")))


@pytest.mark.parametrize("query", QUERIES)
def test_numpy_scores_equal_bm25s_get_scores(query: str, samples) -> None:
    analyzer, _, ours, reference = samples
    tokens = analyzer.query_tokens(query)
    assert np.allclose(ours.scores(tokens), reference.get_scores(tokens), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("query", QUERIES)
def test_rank_bm25_with_lucene_idf_agrees_up_to_k1_plus_1(query: str, samples) -> None:
    analyzer, corpus, ours, _ = samples
    tokens = analyzer.query_tokens(query)
    reference = _lucene_okapi(corpus).get_scores(tokens) / (K1 + 1)
    assert np.allclose(ours.scores(tokens), reference, rtol=1e-5, atol=1e-5)
    ranked = top_k(ours.scores(tokens), 10)
    assert [round(s, 4) for _, s in ranked] == [round(float(s), 4) for s in np.sort(reference)[::-1][: len(ranked)]]


@pytest.mark.parametrize("word", ["依申请公开", "政务新媒体", "年度报告", "舆情回应", "决算"])
def test_stock_rank_bm25_ranks_one_token_queries_identically(word: str, samples) -> None:
    analyzer, corpus, ours, _ = samples
    tokens = analyzer.query_tokens(word)
    assert len(tokens) == 1
    theirs, mine = BM25Okapi(corpus, k1=K1, b=B).get_scores(tokens), ours.scores(tokens)
    assert mine.max() > 0 and np.allclose(mine / mine.max(), theirs / theirs.max(), atol=1e-5)
    best = top_k(mine, 1)[0][0]
    assert math.isclose(theirs[best], theirs.max(), rel_tol=1e-6)  # the same top-1 (or one tied with it)


def test_empty_and_unknown_queries_score_zero(samples) -> None:
    _, corpus, ours, _ = samples
    assert not ours.scores([]).any() and not ours.scores(["没有这个词"]).any()
    assert top_k(ours.scores(["没有这个词"]), 10) == []
    assert len(ours.scores([])) == len(corpus)


_TOKENS = st.sampled_from(list("甲乙丙丁戊己庚辛"))


@settings(max_examples=40, deadline=None)
@given(corpus=st.lists(st.lists(_TOKENS, max_size=12), min_size=1, max_size=25),
       query=st.lists(_TOKENS, min_size=1, max_size=5))
def test_parity_on_generated_corpora(corpus: list[list[str]], query: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        ours, reference = _indexes(corpus, Path(folder))
    mine = ours.scores(query)
    known = [t for t in query if t in reference.vocab_dict]
    assert np.allclose(mine, reference.get_scores(known) if known else 0.0, rtol=1e-5, atol=1e-6)
    padded = [doc or ["\u2205"] for doc in corpus]  # build_bm25 gives an empty document one placeholder token
    assert np.allclose(mine, _lucene_okapi(padded).get_scores(query) / (K1 + 1), rtol=1e-4, atol=1e-5)


@settings(max_examples=60, deadline=None)
@given(values=st.lists(st.integers(0, 6), min_size=0, max_size=5000), k=st.integers(0, 30), masked=st.booleans())
def test_top_k_is_the_sorted_head(values: list[int], k: int, masked: bool) -> None:
    """Long arrays take the sampled-floor path, short ones the plain one; ties go by index either way."""
    scores = np.array(values, dtype=np.float32) / 3
    mask = np.arange(len(values)) % 3 != 0 if masked else None
    kept = [(i, float(s)) for i, s in enumerate(scores) if s > 0 and (mask is None or mask[i])]
    assert top_k(scores, k, mask) == sorted(kept, key=lambda x: (-x[1], x[0]))[:k]
