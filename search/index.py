"""The search index folder: segments published by numbered manifests, never rewritten in place.

    index/
      manifest.json        the current generation (a copy of manifest-G.json, swapped in by an atomic rename)
      manifest-G.json      generation G: its segments, tombstones, statistics and the files below
      seg-G/               immutable segments (segment.py): a base, then small delta segments
      deleted-G.npy        rows deleted up to generation G (replaced or removed plans)
      plans-G.json         plan id → sha256 of the indexed version and its rows (writers and `zwgk check`)
      vocab-G.dict         the index vocabulary as a jieba dictionary (the fast query analyzer)
      words-G.txt          the domain words documents were cut with
      vectors-G.faiss, ids-G.npy, texts-G.npy   the dense part (dense.py), when a model was available
      embeddings/          cached vectors by (model, text hash)

Why segments: adding or replacing one plan in a million-task store writes one
small delta segment plus tombstones for the rows it replaces, and BM25 is
scored from raw term frequencies with live statistics (lexical.py), so the
scores equal a full rebuild's. Deltas are merged into one when there are more
than MAX_DELTAS of them; the base is rebuilt when a quarter of it is dead.

Why generations: a writer writes new files, then renames a new manifest.json
over the old one; a reader reads manifest.json once and opens what it lists,
so it sees one whole generation, never a mix. Files of the previous
generation are kept for readers that opened it a moment ago; older ones go.

The parts: manifest.py reads manifests, opened.py is an open generation,
writer.py builds and applies changes, tokens.py cuts texts once,
generation.py writes and publishes a generation, merge.py folds segments.
This module is the index's one public surface.
"""
from __future__ import annotations

from zwgk.search.errors import IndexDamaged, IndexOutdated
from zwgk.search.manifest import INDEX_FORMAT, indexed_plans, read_manifest
from zwgk.search.opened import SearchIndex, open_index
from zwgk.search.tokens import doc_text
from zwgk.search.writer import PlanChange, apply_changes, build_index

__all__ = ["INDEX_FORMAT", "SearchIndex", "PlanChange", "build_index", "apply_changes", "open_index", "doc_text",
           "IndexOutdated", "IndexDamaged", "read_manifest", "indexed_plans"]
