"""Resolve place names in issuer names and plan text to GB/T 2260 divisions.

The division table is cpca's ``resources/adcodes.csv`` (12-digit adcode,
name, longitude, latitude). We read the file ourselves instead of importing
cpca, whose import pulls in pandas and costs seconds; the hierarchy is derived
from the codes alone (province = 2 digits, city = 4, county = 6), so the table
needs no parent column and placeholder rows (市辖区, 省直辖县级行政区划) simply
vanish from chains — which is also how municipality districts (北京市>朝阳区)
and province-administered counties (湖北省>仙桃市) come out right.
"""
from __future__ import annotations

import csv
import importlib.util
import os
import pickle
import re
import sys
import zlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from zwgk.model.collector import collector_paused
from zwgk.model.plan import Region
from zwgk.model.roles import LEVELS, Level
from zwgk.model.text import fold
from zwgk.settings import user_cache

__all__ = ["NATION", "central_body", "RegionIndex", "load_index", "lookup", "find_regions", "best_region", "region_by_code", "within"]

#: Rows that stand for "the districts of" a unit rather than a place of their own.
_PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
#: Longest first, so 自治县 is stripped before 县. 林区 is left out: it would cut 万柏林区 to 万柏.
_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "新区", "省", "市", "区", "县", "旗", "盟")
_BY_LAST = {c: tuple(x for x in _SUFFIXES if x[-1] == c) for c in {x[-1] for x in _SUFFIXES}}
_INVISIBLE = "\u200b\ufeff"  # what text.WS adds to str.isspace()
_RANK = {str(level): level.rank - 1 for level in LEVELS if level is not Level.national}

Span = tuple[int, int, tuple[str, ...]]

#: The whole country: where central bodies (国务院办公厅, 交通运输部) belong. Not in GB/T 2260's
#: table; 100000 is the code national statistics use for it.
NATION = Region(name="全国", adcode="100000", level=Level.national, chain=("全国",), chain_codes=("100000",))
#: A central body's name: 国务院…, 国家…局, 中共中央…, or a ministry (…部, …总局) with no place level in it.
_CENTRAL = re.compile(r"^(?:国务院|国家|中共中央|中央|全国|最高人民)|^[^省市县区镇乡村]{2,10}(?:部|总局|总署)(?:办公厅)?$")


def central_body(name: str) -> bool:
    """True for a body of the central government (交通运輸部辦公廳, 国家医疗保障局)."""
    return bool(_CENTRAL.search(fold(name).strip()))  # start, end (in whitespace-free text), candidate codes


def _resource(name: str) -> Path:
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cpca package (GB/T 2260 table) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / name


def _level(code: str) -> Level:
    return Level.of_code(code)


def _short_name(name: str, nations: Iterable[str]) -> str | None:
    """广州市 → 广州, 恩施土家族苗族自治州 → 恩施, 伊犁哈萨克自治州 → 伊犁; None when < 2 chars would remain."""
    suffix = next((x for x in _BY_LAST.get(name[-1:], ()) if name.endswith(x) and len(name) - len(x) >= 2), None)
    if suffix is None:
        return None
    stem = name[: -len(suffix)]
    changed = suffix.startswith("自治")  # ethnic names only ever sit before 自治区/州/县/旗
    while changed:  # …and come with or without 族, several in a row (土家族苗族)
        changed = False
        for nation in nations:
            if stem.endswith(nation) and len(stem) - len(nation) >= 2:
                stem, changed = stem[: -len(nation)], True
    return stem


class RegionIndex:
    """The division table as dicts: code → Region, name → codes, short name → codes."""

    def __init__(self, rows: Iterable[tuple[str, str, float | None, float | None]], nations: Iterable[str] = ()):
        raw = {code: (name, lon, lat) for code, name, lon, lat in rows if name not in _PLACEHOLDERS}
        nation_forms = sorted({f for n in nations for f in (n, n.removesuffix("族")) if f}, key=len, reverse=True)
        self.regions: dict[str, Region] = {}
        self.by_name: dict[str, list[str]] = {}
        self.by_short: dict[str, list[str]] = {}
        for code, (name, lon, lat) in raw.items():
            level = _level(code)
            parents = [code[:2] + "0000"] if level != "province" else []
            if level == "county":
                parents.append(code[:4] + "00")
            chain_codes = tuple(c for c in parents if c in raw) + (code,)
            self.regions[code] = Region(
                name=name, adcode=code, level=level, chain=tuple(raw[c][0] for c in chain_codes),
                chain_codes=chain_codes, longitude=lon, latitude=lat,
            )
            self.by_name.setdefault(name, []).append(code)
            short = _short_name(name, nation_forms)
            if short:
                self.by_short.setdefault(short, []).append(code)
        for table in (self.by_name, self.by_short):
            for codes in table.values():
                codes.sort(key=self._rank)  # candidates stay in a deterministic order
        # Free-text scanning skips full names that are ordinary words (城区, 郊区, 东区: a
        # one-character stem plus 区) and takes county short names (资源, 开平, 公安, 和平
        # are all 县/区 stems) only where a place name is expected: at the very start
        # (an issuer: 石台政务公开办) or right after another place (济宁兖州).
        self._free: dict[str, tuple[str, ...]] = {
            k: tuple(v) for k, v in self.by_short.items() if self.regions[v[0]].level != "county"
        }
        self._free.update((k, tuple(v)) for k, v in self.by_name.items() if not (len(k) == 2 and k[1] == "区"))
        self._anchored = {k: tuple(v) for k, v in self.by_short.items()} | self._free
        # Name lengths by first two characters (every name has two): most positions of a text start no
        # name at all, and are passed over with one lookup instead of one per name length.
        lengths: dict[str, set[int]] = {}
        for k in self._anchored:
            lengths.setdefault(k[:2], set()).add(len(k))
        self._lengths_by_head = {head: sorted(ls, reverse=True) for head, ls in lengths.items()}

    def _rank(self, code: str) -> tuple[int, str]:
        """Higher level first (吉林 → 吉林省 before 吉林市), then the lower code."""
        return _RANK[self.regions[code].level], code

    # -- scanning -----------------------------------------------------------------
    def _spans(self, compact: str, positions: list[int] | None = None) -> list[Span]:
        """Leftmost-longest, non-overlapping name matches in whitespace-free folded text.

        A two-character match may not straddle removed whitespace (管理\t县 is not 理县)
        nor be the head of 县级/区域 (管理县级 is not 理县 either).
        """
        spans: list[Span] = []
        i, n = 0, len(compact)
        heads = self._lengths_by_head
        while i < n:
            lengths = heads.get(compact[i : i + 2])
            if lengths is None:
                i += 1
                continue
            table = self._anchored if i == 0 or (spans and spans[-1][1] == i) else self._free
            for length in lengths:
                codes = table.get(compact[i : i + length]) if i + length <= n else None
                if codes and length == 2 and (
                    compact[i + 2 : i + 3] in ("级", "域")
                    or (positions is not None and positions[i + 1] != positions[i] + 1)
                ):
                    codes = None
                if codes:
                    spans.append((i, i + length, codes))
                    i += length
                    break
            else:
                i += 1
        return spans

    def _anchors(self, context: str) -> set[str]:
        return {c for _, _, codes in self._spans(*_compact(context)) for c in codes} if context else set()

    def _choose(self, codes: Iterable[str], anchors: set[str]) -> Region:
        """Prefer the candidate whose chain names most of the anchors, then higher level, then code."""
        best = min(codes, key=lambda c: (-len(anchors.intersection(self.regions[c].chain_codes)), *self._rank(c)))
        return self.regions[best]

    # -- public API ---------------------------------------------------------------
    def region_by_code(self, adcode: str | int) -> Region | None:
        """6- or 12-digit code (str or int) → Region."""
        code = str(adcode).strip()[:6]
        return NATION if code == NATION.adcode else self.regions.get(code)

    def lookup(self, name: str, context: str = "") -> Region | None:
        """A full (泗县) or short (淮北) name, or a chain (济宁市兖州区), disambiguated by context."""
        key = _compact(name)[0]
        codes = self.by_name.get(key) or self.by_short.get(key)
        if codes:
            return self._choose(codes, self._anchors(context))
        spans = self._spans(key)
        if spans and spans[0][0] == 0 and spans[-1][1] == len(key) and _contiguous(spans):
            return self.best_region(key, context)
        return None

    def find_regions(self, text: str, context: str = "") -> list[tuple[Region, int, int]]:
        """Every place named in text as (region, start, end), in document order.

        Matching is leftmost-longest and non-overlapping (济宁市 before 济宁); spans
        index the caller's text even when a name is wrapped over whitespace.
        Ambiguous names are resolved against the unambiguous ones and context.
        """
        compact, positions = _compact(text)
        spans = self._spans(compact, positions)
        anchors = self._anchors(context) | {codes[0] for _, _, codes in spans if len(codes) == 1}
        return [(self._choose(codes, anchors), positions[s], positions[e - 1] + 1) for s, e, codes in spans]

    def best_region(self, text: str, context: str = "") -> Region | None:
        """The most specific place of the first run of adjacent names (山东省济宁市兖州区 → 兖州区).

        Each name is resolved with the ones before it as anchors, so 南京市鼓楼区
        picks Nanjing's 鼓楼区; a name that does not nest in the previous one ends
        the run (济宁市泗县 stays 济宁市).
        """
        spans = self._spans(*_compact(text))
        if not spans:
            return None
        anchors = self._anchors(context)
        current: Region | None = None
        for k, (start, _, codes) in enumerate(spans):
            if k and start != spans[k - 1][1]:
                break
            region = self._choose(codes, anchors)
            if current is not None and not within(region, current):
                break
            current = region
            anchors.add(region.adcode)
        return current


def _compact(text: str) -> tuple[str, list[int]]:
    """Folded text without whitespace, plus each kept character's index in text."""
    folded = fold(text)
    positions = [i for i, ch in enumerate(folded) if not (ch.isspace() or ch in _INVISIBLE)]
    return "".join(folded[i] for i in positions), positions


def _contiguous(spans: list[Span]) -> bool:
    return all(spans[k][0] == spans[k - 1][1] for k in range(1, len(spans)))


def _float(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


@lru_cache(maxsize=1)
def load_index() -> RegionIndex:
    """The division table, built once per machine and read back from the user cache after that.

    Building it from cpca's adcodes.csv takes about 20 ms, a twentieth of a cold `zwgk ask`;
    unpickling it, 8 ms. The cache is keyed on the table's files and the code that builds it (a newer cpca or
    zwgk builds it anew); where it cannot be read or written, the table is simply built.
    """
    sources = [_resource("adcodes.csv"), _resource("56_nations.csv"), Path(__file__),
               Path(sys.modules[Region.__module__].__file__ or "")]
    stamp = zlib.crc32(repr([(str(p), *_stat(p)) for p in sources] + [sys.version_info[:2]]).encode())
    cached = user_cache() / f"regions-{stamp:08x}.pickle"
    try:
        with cached.open("rb") as f, collector_paused():  # its 13k new objects would set off collections of all the others
            index = pickle.load(f)
        if isinstance(index, RegionIndex):
            return index
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    index = _build_index()
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f"{cached.name}.{os.getpid()}.partial")
        partial.write_bytes(pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(partial, cached)
        for stale in cached.parent.glob("regions-*.pickle"):  # built by an older cpca or zwgk
            if stale != cached:
                stale.unlink(missing_ok=True)
    except OSError:
        pass
    return index


def _stat(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (0, 0)
    return st.st_size, st.st_mtime_ns


def _build_index() -> RegionIndex:
    with _resource("adcodes.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, [])
        if header[:4] != ["adcode", "name", "longitude", "latitude"]:
            raise RuntimeError(f"unexpected columns in cpca adcodes.csv: {header}")
        rows = [(r[0][:6], r[1].strip(), _float(r[2]), _float(r[3])) for r in reader if len(r) >= 4]
    try:
        nations = _resource("56_nations.csv").read_text("utf-8").split()
    except OSError:  # pragma: no cover - older cpca without the list: only 族-less stems are lost
        nations = []
    return RegionIndex(rows, nations)


def lookup(name: str, context: str = "") -> Region | None:
    """See RegionIndex.lookup."""
    return load_index().lookup(name, context)


def find_regions(text: str, context: str = "") -> list[tuple[Region, int, int]]:
    """See RegionIndex.find_regions."""
    return load_index().find_regions(text, context)


def best_region(text: str, context: str = "") -> Region | None:
    """See RegionIndex.best_region."""
    return load_index().best_region(text, context)


def region_by_code(adcode: str | int) -> Region | None:
    """See RegionIndex.region_by_code."""
    return load_index().region_by_code(adcode)


def within(region: Region, other: Region) -> bool:
    """True when region lies inside other, or is other (泗县 within 安徽省)."""
    return other.adcode in region.chain_codes
