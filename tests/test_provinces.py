"""The report map's province outlines: decoded from the bundled data, in the right place, keyed by adcode."""
from __future__ import annotations

import pytest
from matplotlib.path import Path as Shape

from zwgk.ingest.regions import region_by_code
from zwgk.presentation.provinces import outlines, province_code


def _inside(adcode: str, lon: float, lat: float) -> bool:
    province = next(p for p in outlines() if p.adcode == adcode)
    return any(Shape(ring).contains_point((lon, lat)) for ring in province.rings)


def test_every_provincial_unit_is_there_once() -> None:
    codes = [p.adcode for p in outlines()]
    assert len(codes) == len(set(codes)) == 34
    assert {"110000", "340000", "440000", "650000", "710000", "810000", "820000"} <= set(codes)
    assert next(p.name for p in outlines() if p.adcode == "340000") == "安徽"


@pytest.mark.parametrize(("adcode", "city"), [("341324", "泗县"), ("341722", "石台县"), ("340600", "淮北市"),
                                               ("370812", "兖州区"), ("440100", "广州市")])
def test_a_plans_region_lies_inside_its_provinces_outline_and_no_other(adcode: str, city: str) -> None:
    region = region_by_code(adcode)
    assert region is not None and region.name.startswith(city[:2]) and region.longitude is not None
    province = province_code(adcode)
    assert _inside(province, region.longitude, region.latitude)
    others = [p.adcode for p in outlines() if p.adcode != province and _inside(p.adcode, region.longitude, region.latitude)]
    assert others == []


def test_province_code_of_a_county_a_province_and_nothing() -> None:
    assert province_code("341324") == "340000"
    assert province_code("340000") == "340000"
    assert province_code(None) is None and province_code("") is None
