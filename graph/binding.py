"""A local folder bound to a graph in a SPARQL server: the search index stays here, the graph lives there.

`--store sparql+http://HOST:PORT/sparql` keeps the graph on the server and
everything zwgk derives from it (the search index, the writer lock, the
interrupted-run markers, the bulk-load journal) in a local folder, `--index
DIR` (default: one folder per server under the per-user data folder). The
folder's store.json records which server it was built from; a folder bound to
one store refuses another (an index of one graph must never answer for a
different one), and once bound, `--store DIR` alone reaches the server again.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zwgk.graph.remote import Endpoints, RemoteError, RemoteStore

if TYPE_CHECKING:
    from zwgk.settings import Settings

__all__ = ["bind", "bind_settings", "open_bound", "bound_endpoints", "store_identity"]

STORE_FORMAT = 2  # = graph.store.STORE_FORMAT (the folder's store.json shares its format)


def bind_settings(settings: Settings) -> Endpoints | None:
    """Bind `settings.store` to the server `settings.remote` names (None for an embedded store); see `bind`."""
    if not settings.remote:
        return None
    return bind(settings.store, Endpoints(settings.remote, settings.update_endpoint or settings.remote,
                                          settings.gsp_endpoint or None))


def bound_endpoints(info: dict[str, Any]) -> Endpoints:
    return Endpoints(info["query"], info.get("update") or info["query"], info.get("gsp") or None)


def bind(folder: Path, endpoints: Endpoints) -> Endpoints:
    """Record in `folder`/store.json that its index belongs to this server (refusing a folder of another store).

    Returns the endpoints in force: those recorded before, with an update or Graph Store endpoint given now
    filled in or changed (the same server reached through another path is the same store).
    """
    manifest = folder / "store.json"
    try:
        info = json.loads(manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        info = None
    except (OSError, ValueError) as exc:
        raise RemoteError(f"{manifest} is damaged ({exc}): remove {folder} to bind it to {endpoints.location} again") from None
    if info is not None:
        if info.get("kind") != "sparql":
            raise RemoteError(f"{folder} holds an embedded store, not the index of {endpoints.location}: "
                              "give the remote store another --index folder")
        if info.get("query") != endpoints.query:
            raise RemoteError(f"{folder} holds the index of sparql+{info.get('query')}, not of {endpoints.location}: "
                              "give each store its own --index folder")
        if (endpoints.update == endpoints.query or endpoints.update == info.get("update")) and \
                (endpoints.gsp is None or endpoints.gsp == info.get("gsp")):
            return bound_endpoints(info)
        if endpoints.update == endpoints.query:
            endpoints = Endpoints(endpoints.query, info.get("update") or endpoints.query, endpoints.gsp)
        if endpoints.gsp is None:
            endpoints = Endpoints(endpoints.query, endpoints.update, info.get("gsp"))
    if (folder / "graph").exists():
        raise RemoteError(f"{folder} holds an embedded store, not the index of {endpoints.location}: "
                          "give the remote store another --index folder")
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".store.json.tmp-{os.getpid()}"
    tmp.write_text(json.dumps({"format": STORE_FORMAT, "kind": "sparql", "query": endpoints.query,
                               "update": endpoints.update, "gsp": endpoints.gsp}), encoding="utf-8")
    os.replace(tmp, manifest)
    return endpoints


def store_identity(folder: Path) -> dict[str, str]:
    """Which store a folder's index belongs to (recorded in the index manifest): the server, or the embedded store."""
    try:
        info = json.loads((folder / "store.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        info = {}
    if isinstance(info, dict) and info.get("kind") == "sparql":
        return {"kind": "sparql", "location": "sparql+" + str(info.get("query"))}
    return {"kind": "oxigraph", "location": str(folder.resolve())}


def _credentials() -> tuple[str, str]:
    from zwgk.settings import load_settings

    settings = load_settings()
    return settings.sparql_user, settings.sparql_password


def open_bound(folder: Path, info: dict[str, Any], read_only: bool = False, lock_wait: float = 0.0) -> RemoteStore:
    """The server a folder is bound to. A writer takes the folder's lock, finds the server's Graph Store
    endpoint if it is Virtuoso and none was given, loads the ontology when the server's copy differs,
    and rolls back a bulk load a killed run left unfinished (graph/write.py's journal)."""
    from zwgk.graph.lock import WriterLock

    user, password = _credentials()
    endpoints = bound_endpoints(info)
    if read_only:
        return RemoteStore(endpoints, user, password, read_only=True, path=folder)
    lock = WriterLock(folder, lock_wait).acquire()
    try:
        store = RemoteStore(endpoints, user, password, lock=lock, path=folder)
        store.ask("ASK { }")  # reachable? (and which server: its Server header)
        if endpoints.gsp is None and (store._server or "").startswith("Virtuoso"):
            # Virtuoso's /sparql parser gives up on an INSERT DATA of a few thousand triples; its Graph Store
            # endpoint takes any size, and is much faster
            gsp = endpoints.query.rsplit("/", 1)[0] + "/sparql-graph-crud"
            store.endpoints = endpoints = bind(folder, Endpoints(endpoints.query, endpoints.update, gsp))
        _ensure_ontology(store)
        from zwgk.graph.write import recover

        recover(store, folder)  # type: ignore[arg-type]
    except BaseException:
        lock.release()
        raise
    return store


def _ensure_ontology(store: RemoteStore) -> None:
    """The ontology graph (labels and SKOS schemes queries read), replaced when the server's copy differs in size."""
    import pyoxigraph as ox

    from zwgk.graph.namespace import ONTOLOGY_FILE
    from zwgk.vocabulary.iris import ONTOLOGY_GRAPH

    triples = ox.parse(ONTOLOGY_FILE.read_bytes(), ox.RdfFormat.TURTLE)
    text = "".join(sorted({f"{t.subject} {t.predicate} {t.object} .\n" for t in triples}))
    if store.count(ONTOLOGY_GRAPH) != text.count("\n"):
        store.replace_graph(ONTOLOGY_GRAPH, text)

