"""The report's map: where the plans are (points, tasks per province) and the province outlines,
read offline from the package's own data.

china-provinces.json is `map/json/china.json` of Apache ECharts 4.9.0 (npm
package `echarts`, Apache License 2.0), kept byte for byte: 34 provincial
units keyed by GB/T 2260 adcode (110000 北京 … 820000 澳门), already
simplified for drawing at country scale (61 KB). Its rings are stored in
ECharts' compact form: each coordinate pair is two characters holding
zig-zag encoded deltas from the ring's `encodeOffsets`, in 1/1024 degree;
`outlines` decodes them once.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zwgk.analysis.corpus import Corpus

__all__ = ["Province", "outlines", "province_code", "DATA_FILE", "map_points", "province_tasks"]

DATA_FILE = Path(__file__).with_name("china-provinces.json")
_SCALE = 1024

#: (longitude, latitude) points of one closed ring.
Ring = list[tuple[float, float]]


@dataclass(frozen=True, slots=True)
class Province:
    """One provincial unit: its adcode, short name and outline rings (islands are rings of their own)."""

    adcode: str
    name: str
    rings: list[Ring]


def _decode(ring: str, offsets: list[int]) -> Ring:
    x, y = offsets
    out: Ring = []
    for i in range(0, len(ring) - 1, 2):
        dx, dy = ord(ring[i]) - 64, ord(ring[i + 1]) - 64
        x += (dx >> 1) ^ -(dx & 1)
        y += (dy >> 1) ^ -(dy & 1)
        out.append((x / _SCALE, y / _SCALE))
    return out


@lru_cache(maxsize=1)
def outlines() -> tuple[Province, ...]:
    """Every province's outline, decoded (the file is read once per process)."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    provinces = []
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        offsets = geometry["encodeOffsets"] if geometry["type"] == "MultiPolygon" else [geometry["encodeOffsets"]]
        rings = [_decode(ring, off) for polygon, poly_off in zip(polygons, offsets, strict=True)
                 for ring, off in zip(polygon, poly_off, strict=True)]
        provinces.append(Province(str(feature["properties"]["id"]), feature["properties"]["name"], rings))
    return tuple(provinces)


def province_code(adcode: str | None) -> str | None:
    """The province an adcode lies in (340000 for 341322 萧县), None for none or the country."""
    if not adcode or len(adcode) < 2 or adcode.startswith("00") or adcode == "100000":
        return None
    return adcode[:2] + "0000"


def map_points(corpus: Corpus) -> list[dict[str, Any]]:
    """One point per region that issued plans: name, adcode, coordinates (GB/T 2260), plans and tasks."""
    from zwgk.ingest.regions import region_by_code

    tasks = Counter(t.doc for t in corpus.tasks)
    points: dict[str, dict[str, Any]] = {}
    for doc, plan in corpus.plans.items():
        region = region_by_code(plan.region_code) if plan.region_code else None
        if region is None or region.longitude is None:
            continue
        point = points.setdefault(region.adcode, {"name": region.name, "adcode": region.adcode,
                                                  "longitude": region.longitude, "latitude": region.latitude,
                                                  "tasks": 0, "plans": 0})
        point["tasks"] += tasks[doc]
        point["plans"] += 1
    return list(points.values())


def province_tasks(corpus: Corpus) -> dict[str, int]:
    """Tasks of the plans issued within each province, by the province's adcode (the map's colours)."""
    tasks = Counter(t.doc for t in corpus.tasks)
    provinces: Counter[str] = Counter()
    for doc, plan in corpus.plans.items():
        province = province_code(plan.region_code)
        if province is not None:
            provinces[province] += tasks[doc]
    return dict(provinces)
