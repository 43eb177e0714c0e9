"""The persisted RDF store: one named graph per plan plus the shared graphs, on disk, queried with SPARQL.

Oxigraph (pyoxigraph) is the default: an embedded RocksDB-backed quad store
with a native SPARQL 1.1 engine, so queries never run through Python
triple-by-triple (graph/backends.py holds it and `MemoryStore`, rdflib's
in-memory Dataset behind the same small interface, for comparison benchmarks
and throwaway use). This module opens the store folder: its format, its
writer lock, its creation and the recovery of an interrupted bulk load.

Changing one plan is one SPARQL Update (DROP GRAPH + INSERT DATA + the clean-up
of shared entities nothing names any more, graph/write.py), which Oxigraph
runs as one transaction: a failure leaves the store as it was. Many new plans
at once go through Oxigraph's bulk loader instead, guarded by a journal so an
interrupted load is rolled back on the next open (graph/write.py).
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zwgk.errors import UserError
from zwgk.graph.backends import MemoryStore, OxigraphStore, Store
from zwgk.vocabulary.iris import ONTOLOGY_FILE, ONTOLOGY_GRAPH

if TYPE_CHECKING:
    from zwgk.graph.lock import WriterLock

__all__ = ["Store", "OxigraphStore", "MemoryStore", "open_store", "StoreError", "StoreMissing", "StoreDamaged",
           "ONTOLOGY_GRAPH"]


class StoreError(UserError):
    """A store that cannot be used as asked; the message is one line saying what to run."""


class StoreMissing(StoreError):
    """A read-only command on a store that does not exist yet (it is not created for it)."""


class StoreDamaged(StoreError):
    """A store file that is missing, cut or garbage."""

#: 2: plans keyed by their path relative to the ingest root; shared entities in graphs of their own.
STORE_FORMAT = 2




def _read_info(path: Path) -> dict[str, Any]:
    manifest = path / "store.json"
    try:
        info = json.loads(manifest.read_text(encoding="utf-8"))
        if not isinstance(info, dict):
            raise ValueError("not an object")
    except FileNotFoundError:
        return {}
    except (ValueError, UnicodeDecodeError) as exc:
        raise StoreDamaged(f"store file {manifest} is damaged (not JSON): restore the store from a backup, "
                           f"or remove {path} and ingest again") from exc
    if info.get("format") != STORE_FORMAT:
        raise StoreError(f"{path} was written by another zwgk store format ({info.get('format')}); "
                         "remove it and ingest again")
    return info


def _open_oxigraph(path: Path, read_only: bool, lock: WriterLock | None) -> OxigraphStore:
    """Oxigraph, retrying a read-only opening that races a writer's file changes; one line if it cannot."""
    import time

    for attempt in range(4):
        try:
            return OxigraphStore(path / "graph", read_only=read_only, lock=lock)
        except OSError as exc:
            if read_only and attempt < 3:
                time.sleep(0.1 * (attempt + 1))
                continue
            first = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
            raise StoreDamaged(f"the graph in {path / 'graph'} cannot be opened ({first}): restore the store "
                               f"from a backup, or remove {path} and ingest again") from exc
    raise AssertionError("unreachable")


def _create(path: Path) -> None:
    """A new store is built in a folder of its own and renamed into place: nobody sees it half made."""
    import os
    import shutil

    from zwgk.graph.lock import pid_alive

    for stale in path.glob("graph.new-*"):
        pid = stale.name.rsplit("-", 1)[-1]
        if not pid.isdigit() or not pid_alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    staging = path / f"graph.new-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    store = OxigraphStore(staging)
    _load_ontology(store)
    store.close()
    os.replace(staging, path / "graph")


def _load_ontology(store: OxigraphStore) -> str:
    import pyoxigraph as ox

    ontology = ONTOLOGY_FILE.read_bytes()
    store._store.remove_graph(ox.NamedNode(ONTOLOGY_GRAPH))
    store._store.load(ontology, ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
    return hashlib.sha256(ontology).hexdigest()


def open_store(path: Path, read_only: bool = False, lock_wait: float = 0.0) -> OxigraphStore:
    """Open the on-disk store under `path`/graph, checking its format.

    Read-only: a store that does not exist is StoreMissing (nothing is
    created for a reader). Read-write: the writer lock is taken first
    (StoreBusy names the process holding it), and a new store is created
    aside and renamed into place. Damaged files are StoreDamaged, one line.

    The ontology (classes, properties and the SKOS schemes whose labels queries
    read) lives in the store as its own named graph, refreshed whenever
    ontology.ttl changes.

    A folder whose store.json names a SPARQL server (graph/binding.py) opens that
    server instead: the graph is there, the folder keeps the index.
    """
    from zwgk.graph.lock import WriterLock

    if (path / "store.json").is_file() and not (path / "graph").exists():
        info = _read_info(path)
        if info.get("kind") == "sparql":  # a local folder bound to a graph in a SPARQL server (graph/binding.py)
            from zwgk.graph.binding import open_bound

            return open_bound(path, info, read_only, lock_wait)  # type: ignore[return-value]
    if read_only:
        info = _read_info(path)
        if not (path / "graph").is_dir():
            if info:
                raise StoreDamaged(f"the graph folder {path / 'graph'} is missing: restore the store from a backup, "
                                   f"or remove {path} and ingest again")
            raise StoreMissing(f"no store at {path} yet: `zwgk ingest FILES --store {path}` creates it")
        return _open_oxigraph(path, True, None)
    lock = WriterLock(path, lock_wait).acquire()
    try:
        info = _read_info(path)
        if not (path / "graph").is_dir():
            if info:  # a store whose graph went away: never start an empty one over it silently
                raise StoreDamaged(f"the graph folder {path / 'graph'} is missing: restore the store from a backup, "
                                   f"or remove {path} and ingest again")
            _create(path)
        store = _open_oxigraph(path, False, lock)
    except BaseException:
        lock.release()
        raise
    try:
        _settle(store, path, info)
    except BaseException:
        # A Ctrl-C here must not leave the handle to the traceback: the repair that follows an
        # interrupted ingest reopens the store in this process, and RocksDB refuses a second handle.
        store.close()
        raise
    return store


def _settle(store: OxigraphStore, path: Path, info: dict[str, Any]) -> None:
    """Before a writer starts: roll back a bulk load a killed ingest left unfinished, refresh the ontology."""
    import os

    from zwgk.graph.write import recover

    recover(store, path)
    digest = hashlib.sha256(ONTOLOGY_FILE.read_bytes()).hexdigest()
    if info.get("ontology") != digest:
        digest = _load_ontology(store)
        tmp = path / f".store.json.tmp-{os.getpid()}"
        tmp.write_text(json.dumps({"format": STORE_FORMAT, "kind": store.kind, "ontology": digest}), encoding="utf-8")
        os.replace(tmp, path / "store.json")  # never half-written
