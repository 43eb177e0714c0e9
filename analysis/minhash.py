"""Near-duplicate strings without comparing every pair: MinHash over character shingles, LSH banding.

Everything runs as numpy over the whole collection at once:

- shingles: every run of `shingle` (2 or 3) characters, packed exactly into
  one uint64 (code points are < 2**21), so no string hashing per shingle;
- signatures: `num_perm` multiply-shift hashes of the mixed shingle, minimum
  per string by `np.minimum.reduceat` (chunked to bound memory);
- banding: each of `bands` slices of `num_perm / bands` rows becomes one key;
  strings sharing a key in any band are candidates. Within a bucket only the
  bucket's first member and each member's predecessor are paired (a star
  plus a chain), so a template copied into thousands of plans costs linear,
  not quadratic, work; the components below join the rest;
- verification: the signature agreement estimates the Jaccard similarity;
  estimates within `margin` of the threshold are settled by the exact
  Jaccard of the shingle sets;
- clusters: greedy star clustering over the verified pairs. Keys are
  expected in priority order (the most copied wording first); each key not
  yet taken becomes a centre and takes every untaken key verified similar to
  it. Every member is then directly similar to its centre, so variants do
  not chain one template into the next the way connected components do
  (A ~ B ~ C ~ … across a whole corpus of edited copies). Because bucket
  leaders are the lowest index, the star edges LSH generates run from the
  likely centre to its members.

The probability that a pair of Jaccard similarity s becomes a candidate is
1 − (1 − s**r)**b (r rows per band, b bands): with the defaults (120
permutations, 40 bands of 3) that is 0.995 at s = 0.5 and 0.93 at s = 0.4.
`exact_pairs` is the all-pairs reference the tests and the benchmark compare against.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

__all__ = ["MinHashLSH", "LSHResult", "shingle_set", "jaccard", "exact_pairs", "pair_jaccard", "components", "star_clusters"]

_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)


def shingle_set(key: str, k: int = 3) -> frozenset[str]:
    """The character k-grams of a string (the whole string when shorter)."""
    return frozenset(key[i : i + k] for i in range(max(1, len(key) - k + 1)))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def exact_pairs(keys: list[str], threshold: float, k: int = 3) -> set[tuple[int, int]]:
    """Every pair (i < j) with shingle Jaccard ≥ threshold, by comparing all pairs (the reference)."""
    sets = [shingle_set(key, k) for key in keys]
    sizes = [len(s) for s in sets]
    out = set()
    for i in range(len(sets)):
        si, ni = sets[i], sizes[i]
        for j in range(i + 1, len(sets)):
            nj = sizes[j]
            if min(ni, nj) < threshold * max(ni, nj):  # Jaccard ≤ min/max: cannot reach the threshold
                continue
            inter = len(si & sets[j])
            if inter >= threshold * (ni + nj - inter):
                out.add((i, j))
    return out


def _unique(x: np.ndarray) -> np.ndarray:
    """Sorted distinct values (a sort and a mask: np.unique's hash path is slower on these arrays)."""
    x = np.sort(x)
    return x[np.concatenate([[True], x[1:] != x[:-1]])] if len(x) else x


def _splitmix64(x: np.ndarray) -> np.ndarray:
    """A bijective 64-bit mixer, so structured shingle codes spread over all bits."""
    x = x + np.uint64(0x9E3779B97F4A7C15)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def components(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Connected-component label (the smallest member) of each of n nodes joined by edges (i, j)."""
    parent = np.arange(n, dtype=np.int64)
    i, j = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)
    while len(i):
        pi, pj = parent[i], parent[j]
        lo, hi = np.minimum(pi, pj), np.maximum(pi, pj)
        open_ = lo != hi
        if not open_.any():
            break
        i, j = i[open_], j[open_]  # edges already inside one component never matter again
        np.minimum.at(parent, hi[open_], lo[open_])  # hook the larger root under the smaller
        while True:
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand
    return parent


def pair_jaccard(mixed: np.ndarray, offsets: np.ndarray, pairs: np.ndarray, block: int = 1 << 15) -> np.ndarray:
    """Exact shingle Jaccard of many pairs at once (shingles as mixed 64-bit codes, keys delimited by offsets).

    Each side's shingles are tagged with the pair's number in the top 24 bits (40 bits
    of the mixed code below: a false match within one pair is a 2**-40 event), made
    unique, and the intersection is the count of codes both sides hold.
    """
    ends = np.append(offsets[1:], len(mixed))

    def side(idx: np.ndarray) -> np.ndarray:
        lens = ends[idx] - offsets[idx]
        firsts = np.concatenate([[0], np.cumsum(lens)[:-1]])
        pos = np.repeat(offsets[idx] - firsts, lens) + np.arange(int(lens.sum()))
        tag = np.repeat(np.arange(len(idx), dtype=np.uint64), lens) << np.uint64(40)
        return _unique(tag | (mixed[pos] >> np.uint64(24)))

    out = np.empty(len(pairs), dtype=np.float64)
    for s in range(0, len(pairs), block):
        p = pairs[s : s + block]
        m = len(p)
        a, b = side(p[:, 0]), side(p[:, 1])
        na = np.bincount((a >> np.uint64(40)).astype(np.int64), minlength=m)
        nb = np.bincount((b >> np.uint64(40)).astype(np.int64), minlength=m)
        both = np.sort(np.concatenate([a, b]))
        shared = both[1:][both[1:] == both[:-1]]
        inter = np.bincount((shared >> np.uint64(40)).astype(np.int64), minlength=m)
        out[s : s + block] = inter / (na + nb - inter)
    return out


def star_clusters(n: int, pairs: np.ndarray) -> np.ndarray:
    """Centre of each of n keys (in priority order) under greedy star clustering of similar pairs (i < j)."""
    centre = np.full(n, -1, dtype=np.int64)
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    pairs = pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]
    bounds = np.searchsorted(pairs[:, 0], np.arange(n + 1))
    targets = pairs[:, 1].tolist()
    owner = centre.tolist()
    for v in range(n):
        if owner[v] >= 0:
            continue
        owner[v] = v
        for u in targets[bounds[v] : bounds[v + 1]]:
            if owner[u] < 0:
                owner[u] = v
    return np.asarray(owner, dtype=np.int64)


class LSHResult(NamedTuple):
    pairs: np.ndarray  # (m, 2) int64, i < j, judged similar
    candidates: int  # pairs the bands proposed
    verified: int  # of those, settled by the exact Jaccard


@dataclass(frozen=True)
class MinHashLSH:
    """Settings of the approximate near-duplicate search (see the module docstring)."""

    threshold: float = 0.5
    num_perm: int = 120
    bands: int = 40
    shingle: int = 3
    margin: float = 0.15
    seed: int = 20220101
    chunk: int = 1 << 20  # shingles per signature block

    def __post_init__(self) -> None:
        if self.num_perm % self.bands:
            raise ValueError("num_perm must be a multiple of bands")
        if self.shingle not in (2, 3):
            raise ValueError("shingle must be 2 or 3 characters")

    # -- signatures ------------------------------------------------------------------
    def shingles(self, keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(packed shingles of all keys in order, index of each key's first shingle)."""
        k = self.shingle
        lengths = np.fromiter((len(s) for s in keys), dtype=np.int64, count=len(keys))
        if (lengths == 0).any():
            raise ValueError("empty key")
        cp = np.frombuffer("".join(keys).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        cp = np.concatenate([cp, np.zeros(k, dtype=np.uint64)])  # short keys read padding
        counts = np.maximum(lengths - k + 1, 1)
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
        pos = np.repeat(starts - offsets, counts) + np.arange(int(counts.sum()))
        packed = cp[pos] << np.uint64(42)
        packed |= cp[pos + 1] << np.uint64(21)
        if k == 3:
            packed |= cp[pos + 2]
        # A key shorter than k keeps its padding zeros; mark its length so 'ab' ≠ 'ab' + NUL.
        short = np.repeat(lengths < k, counts)
        packed[short] |= np.uint64(1) << np.uint64(63)
        return packed, offsets

    def signatures(self, keys: list[str]) -> np.ndarray:
        """(len(keys), num_perm) uint32 MinHash signatures."""
        packed, offsets = self.shingles(keys)
        return self._signatures(_splitmix64(packed), offsets)

    def _signatures(self, mixed: np.ndarray, offsets: np.ndarray) -> np.ndarray:
        n = len(offsets)
        rng = np.random.default_rng(self.seed)
        a = rng.integers(1, 2**63, size=self.num_perm, dtype=np.uint64) | np.uint64(1)
        b = rng.integers(0, 2**63, size=self.num_perm, dtype=np.uint64)
        sig = np.empty((n, self.num_perm), dtype=np.uint32)
        ends = np.append(offsets[1:], len(mixed))
        first = 0
        while first < n:  # blocks of whole keys, about `chunk` shingles each
            last = max(first + 1, int(np.searchsorted(offsets, offsets[first] + self.chunk, side="left")))
            lo, hi = int(offsets[first]), int(ends[last - 1])
            block, starts = mixed[lo:hi], offsets[first:last] - lo
            for p in range(self.num_perm):
                h = (block * a[p] + b[p]) >> np.uint64(32)
                sig[first:last, p] = np.minimum.reduceat(h, starts)
            first = last
        return sig

    # -- candidates and verification --------------------------------------------------
    def candidates(self, sig: np.ndarray) -> np.ndarray:
        """Unique candidate pairs (i < j) as an (m, 2) int64 array: star + chain edges per band bucket."""
        n, rows = len(sig), self.num_perm // self.bands
        found = []
        for band in range(self.bands):
            cols = sig[:, band * rows : (band + 1) * rows].astype(np.uint64)
            key = np.zeros(n, dtype=np.uint64)
            for c in range(rows):
                key = key * np.uint64(0x100000001B3) + cols[:, c] + np.uint64(c + 1)
            order = np.argsort(key, kind="stable")
            sk = key[order]
            same = np.flatnonzero(sk[1:] == sk[:-1]) + 1  # positions continuing a bucket
            if not len(same):
                continue
            starts = np.flatnonzero(np.concatenate([[True], sk[1:] != sk[:-1]]))
            leader = order[starts[np.searchsorted(starts, same, side="right") - 1]]
            found.append(np.stack([leader, order[same]], axis=1))
            found.append(np.stack([order[same - 1], order[same]], axis=1))
        if not found:
            return np.empty((0, 2), dtype=np.int64)
        pairs = np.concatenate(found)
        pairs = pairs[pairs[:, 0] != pairs[:, 1]]
        pairs.sort(axis=1)
        code = _unique(pairs[:, 0] * np.int64(n) + pairs[:, 1])
        return np.stack([code // n, code % n], axis=1)

    def estimate(self, sig: np.ndarray, pairs: np.ndarray, block: int = 1 << 15) -> np.ndarray:
        """Estimated Jaccard of each pair: the share of agreeing signature rows."""
        out = np.empty(len(pairs), dtype=np.float32)
        for s in range(0, len(pairs), block):
            p = pairs[s : s + block]
            out[s : s + block] = (sig[p[:, 0]] == sig[p[:, 1]]).mean(axis=1)
        return out

    def search(self, keys: list[str]) -> LSHResult:
        """Pairs (i < j) of keys whose Jaccard is judged ≥ threshold, with the work it took."""
        if len(keys) < 2:
            return LSHResult(np.empty((0, 2), dtype=np.int64), 0, 0)
        packed, offsets = self.shingles(keys)
        mixed = _splitmix64(packed)
        del packed
        sig = self._signatures(mixed, offsets)
        cand = self.candidates(sig)
        est = self.estimate(sig, cand)
        keep = est >= self.threshold + self.margin
        unsure = np.flatnonzero((est >= self.threshold - self.margin) & ~keep)
        if len(unsure):
            keep[unsure] = pair_jaccard(mixed, offsets, cand[unsure]) >= self.threshold
        return LSHResult(cand[keep], len(cand), len(unsure))

    def pairs(self, keys: list[str]) -> np.ndarray:
        return self.search(keys).pairs

    def clusters(self, keys: list[str]) -> np.ndarray:
        """Centre of each key (keys in priority order; see star_clusters)."""
        return star_clusters(len(keys), self.pairs(keys))
