"""Places a question names: in Chinese (regions_named: 泗县, 广州和兖州) or in pinyin (Sixian, Huaibei City, anhui
province: chinese_places gives the Chinese names the question reader then finds).

A question asked in English names places as maps print them. Every province, city and county of the division
table (ingest/regions.py) is romanised once, without tones (淮北市 → huaibeishi, and its short form huaibei),
and the map is kept in the user cache beside the region table. A word after the name may say its level
(County → 县, City → 市, District → 区, Province → 省). A romanisation two places share (Taihe: 太和县 and
泰和县) is read as the one the store's plans name; where the store names neither or both, the words are left
as they are. pypinyin is imported only for a question with such words, and only to build the map.
"""
from __future__ import annotations

import os
import pickle
import re
import zlib
from collections.abc import Callable, Collection
from functools import lru_cache
from pathlib import Path

from zwgk.ingest.regions import find_regions, within
from zwgk.model.plan import Region
from zwgk.search.phrases import AND, HAS_BETWEEN, LACKS_AFTER, THAN_AFTER, THAN_BETWEEN

__all__ = ["chinese_places", "regions_named", "has_but_not"]

#: English level words and the syllable each adds to a name's romanisation (Si County → si + xian).
_LEVEL_WORDS = {"province": "sheng", "city": "shi", "county": "xian", "district": "qu", "prefecture": "shi"}
#: A run of Latin words (a place may be written in two: Huai Bei, Si County).
_RUN = re.compile(r"[A-Za-z]+(?:[ \-'][A-Za-z]+)*")
#: Romanisations shorter than this are too often English (an, he, dan): not read as places.
_SHORTEST = 4


def chinese_places(text: str, in_store: Callable[[], Collection[str]] | None = None) -> str:
    """`text` with every place written in pinyin replaced by its Chinese name (unknown words left as they are).
    `in_store`: the region names the store's plans have, asked for only where a romanisation is ambiguous."""
    if not re.search(rf"[A-Za-z]{{{_SHORTEST},}}", text):
        return text
    places = _romanised()
    stored: list[Collection[str]] = []

    def store_names() -> Collection[str]:
        if not stored:
            stored.append(in_store() if in_store is not None else ())
        return stored[0]

    def replace(m: re.Match[str]) -> str:
        words = re.split(r"[ \-']", m.group(0))
        out: list[str] = []
        i = 0
        while i < len(words):
            found = None
            for j in range(min(len(words), i + 3), i, -1):  # the longest run of words first
                key = "".join(words[i:j]).lower()
                level = _LEVEL_WORDS.get(words[j].lower()) if j < len(words) else None
                if level and (name := _choose(places, key + level, store_names)):
                    found = (name, j + 1)  # Si County, Huaibei City: the level word goes with the name
                    break
                if name := _choose(places, key, store_names):  # Sixian County: the county said twice
                    found = (name, j + 1 if level else j)
                    break
            if found:
                out.append(found[0])
                i = found[1]
            else:
                out.append(words[i])
                i += 1
        return " ".join(out)

    return _RUN.sub(replace, text)


def _choose(places: dict[str, tuple[str, ...]], key: str, store_names: Callable[[], Collection[str]]) -> str | None:
    """The one Chinese name a romanisation stands for: the store's, where several places share it."""
    names = places.get(key, ()) if len(key) >= _SHORTEST else ()
    if len(names) <= 1:
        return names[0] if names else None
    named = [n for n in names if n in store_names()]
    return named[0] if len(named) == 1 else None


@lru_cache(maxsize=1)
def _romanised() -> dict[str, tuple[str, ...]]:
    """Romanisation (full name and short form) → the Chinese names it stands for; from the user cache when built."""
    from zwgk.ingest.regions import load_index
    from zwgk.settings import user_cache

    index = load_index()
    here = Path(__file__).stat()  # a newer table or newer code builds the map anew
    stamp = zlib.crc32(repr((len(index.regions), here.st_size, here.st_mtime_ns)).encode())
    cached = user_cache() / f"places-{stamp:08x}.pickle"
    try:
        with cached.open("rb") as f:
            places = pickle.load(f)
        if isinstance(places, dict):
            return places
    except (OSError, pickle.UnpicklingError, EOFError):
        pass
    from pypinyin import lazy_pinyin  # only here: its dictionaries take 0.4 s to load

    built: dict[str, set[str]] = {}
    short = {code: name for name, codes in index.by_short.items() for code in codes}
    for code, region in index.regions.items():
        for form in {region.name, short.get(code, "")}:
            if len(form) >= 2:
                built.setdefault("".join(lazy_pinyin(form)).lower(), set()).add(region.name)
    places = {key: tuple(sorted(names)) for key, names in built.items()}
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f"{cached.name}.{os.getpid()}.partial")
        partial.write_bytes(pickle.dumps(places, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(partial, cached)
        for stale in cached.parent.glob("places-*.pickle"):
            if stale != cached:
                stale.unlink(missing_ok=True)
    except OSError:
        pass
    return places


def regions_named(rest: str) -> list[tuple[Region, int, int]]:
    """The regions a question names (region, start, end), the most specific of each chain, with a county named
    by its stem after another place and 和 (广州和兖州)."""
    return _specific(_paired(_after_request([(r, s, e) for r, s, e in find_regions(rest) if rest[s:e].strip()], rest),
                             rest))


def has_but_not(named: list[tuple[Region, int, int]], rest: str) -> tuple[Region, Region] | None:
    """(the place that has, the place that lacks) when a question sets two places so (泗县有但石台县没有的工作,
    石台县比泗县少了哪些主题): the one's plans are compared with the other's, not with every plan."""
    if len(named) != 2:
        return None
    (first, _, end), (second, start, after) = named
    if HAS_BETWEEN.fullmatch(rest, end, start) and LACKS_AFTER.match(rest, after):
        return first, second
    if THAN_BETWEEN.fullmatch(rest, end, start) and (than := THAN_AFTER.match(rest, after)):
        return (second, first) if than.group(1) else (first, second)  # 泗县比石台县少了哪些主题 · 多了哪些
    return None


#: How a question may open before the place it asks about (给我看看兖州的任务, 请列出石台的任务, 查一下在兖州…).
_REQUEST = re.compile(r"\s*(?:请问|请|麻烦你?|帮我|帮忙|给我|我想|我要|想)?\s*"
                      r"(?:看一看|看一下|看看|看|查查|查一下|查询|查|列出|列一下|列举|找找|找一下|找|说说|说一下|问一下|问下)"
                      r"\s*(?:一下)?\s*(?:在)?\s*|\s*(?:请问|请|麻烦你?|帮我|帮忙|给我|我想|我要|想)\s*(?:一下)?\s*(?:在)?\s*")


def _after_request(found: list[tuple[Region, int, int]], rest: str) -> list[tuple[Region, int, int]]:
    """A county named by its stem right after the words a question opens with (给我看看兖州的任务): as at the
    start, a place is expected there."""
    lead = _REQUEST.match(rest)
    if not lead or not lead.end() or any(s == lead.end() for _, s, _ in found):
        return found
    after = find_regions(rest[lead.end():])
    if not after or after[0][1] != 0 or _NOT_A_PLACE.match(rest, lead.end() + after[0][2]):
        return found
    region, s, e = after[0]
    return sorted([*found, (region, lead.end() + s, lead.end() + e)], key=lambda t: t[1])


#: What follows a county's stem when it names no place but an agency (公安局, 和平路 aside).
_NOT_A_PLACE = re.compile(r"[局厅委办部处科室所站队院校中路街]")


def _paired(found: list[tuple[Region, int, int]], rest: str) -> list[tuple[Region, int, int]]:
    """Add a county named by its stem right after another place and 和/与/比 (广州和兖州 compares 兖州区).
    A bare county stem is read only where a place is expected (ingest/regions.py: 资源, 开平 and 公安
    are ordinary words too); a place and a conjunction are such a spot."""
    out = list(found)
    for _, _, end in found:
        joint = AND.match(rest, end) or THAN_BETWEEN.match(rest, end)  # 泗县比兖州多了哪些工作
        if not joint or any(s == joint.end() for _, s, _ in out):
            continue
        after = find_regions(rest[joint.end():])
        if after and after[0][1] == 0 and not _NOT_A_PLACE.match(rest, joint.end() + after[0][2]):
            region, s, e = after[0]
            out.append((region, joint.end() + s, joint.end() + e))
    return sorted(out, key=lambda t: t[1])


def _specific(found: list[tuple[Region, int, int]]) -> list[tuple[Region, int, int]]:
    """Drop a region that another named region lies in (山东省济宁市兖州区 → 兖州区)."""
    keep: list[tuple[Region, int, int]] = []
    for r, s, e in found:
        if any(o is not r and within(o, r) and o.adcode != r.adcode for o, _, _ in found):
            continue
        if any(k[0].adcode == r.adcode for k in keep):
            continue
        keep.append((r, s, e))
    return keep
