"""Search: indexes derived from the graph (jieba + BM25, SKOS concepts, FAISS), fusion and ask.

Submodules are imported on use: the query path never loads torch, and loads
faiss only when the index has vectors.
"""
from __future__ import annotations

__all__ = ["analyzer", "ask", "dense", "embed", "errors", "evaluate", "generation", "index", "lexical", "manifest",
           "merge", "opened", "question", "retrieve", "segment", "select", "service", "tables", "tokens", "vectors",
           "writer"]
