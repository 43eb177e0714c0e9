"""Region resolution against cpca's GB/T 2260 table."""
from __future__ import annotations

import pytest

from zwgk.ingest import regions
from zwgk.ingest.regions import best_region, find_regions, lookup, region_by_code, within


@pytest.mark.parametrize(
    ("issuer", "adcode", "chain"),
    [
        ("济宁市兖州区教育和体育局", "370812", ("山东省", "济宁市", "兖州区")),
        ("泗县教育体育局", "341324", ("安徽省", "宿州市", "泗县")),
        ("石台县政务公开办公室", "341722", ("安徽省", "池州市", "石台县")),
        ("广州市教育局", "440100", ("广东省", "广州市")),
        ("淮北", "340600", ("安徽省", "淮北市")),
        ("山东省济宁市兖州区教育和体育局", "370812", ("山东省", "济宁市", "兖州区")),
        ("中共泗县县委办公室", "341324", ("安徽省", "宿州市", "泗县")),
        ("廣州市教育局", "440100", ("广东省", "广州市")),  # Traditional
    ],
)
def test_issuer_names(issuer: str, adcode: str, chain: tuple[str, ...]) -> None:
    region = best_region(issuer)
    assert region is not None
    assert (region.adcode, region.chain) == (adcode, chain)
    assert len(region.chain_codes) == len(chain) and region.chain_codes[-1] == adcode


def test_region_fields() -> None:
    region = lookup("泗县")
    assert region is not None
    assert region.level == "county"
    assert region.chain_codes == ("340000", "341300", "341324")
    assert region.longitude and region.latitude and 117 < region.longitude < 118


@pytest.mark.parametrize(
    ("name", "expected"),
    [("淮北", "淮北市"), ("广州", "广州市"), ("济宁", "济宁市"), ("石台", "石台县"), ("兖州", "兖州区"),
     ("安徽省", "安徽省"), ("安徽", "安徽省"), ("内蒙古", "内蒙古自治区"), ("恩施", "恩施土家族苗族自治州"),
     ("济宁市兖州区", "兖州区")],
)
def test_lookup_full_and_short_names(name: str, expected: str) -> None:
    region = lookup(name)
    assert region is not None and region.name == expected


def test_duplicate_names_disambiguated_by_context() -> None:
    assert lookup("鼓楼区", context="福建省福州市人民政府").chain == ("福建省", "福州市", "鼓楼区")
    assert lookup("鼓楼区", context="江苏省徐州市").chain == ("江苏省", "徐州市", "鼓楼区")
    assert lookup("城关区", context="西藏拉萨").chain_codes[0] == "540000"
    assert lookup("城关区", context="兰州市").chain_codes[0] == "620000"
    # Without context the choice is deterministic (lowest code among the same level).
    assert lookup("鼓楼区") == lookup("鼓楼区")


def test_parent_in_the_same_name_disambiguates() -> None:
    assert best_region("南京市鼓楼区政府办公室").chain == ("江苏省", "南京市", "鼓楼区")
    assert best_region("长春市朝阳区教育局").chain == ("吉林省", "长春市", "朝阳区")


def test_municipalities() -> None:
    chaoyang = best_region("北京市朝阳区人民政府")
    assert chaoyang is not None and chaoyang.chain == ("北京市", "朝阳区") and chaoyang.adcode == "110105"
    shanghai = lookup("上海市")
    assert shanghai is not None and shanghai.level == "province" and shanghai.chain == ("上海市",)
    assert lookup("浦东新区").chain == ("上海市", "浦东新区")


def test_province_administered_county() -> None:
    xiantao = lookup("仙桃市")
    assert xiantao is not None and xiantao.chain == ("湖北省", "仙桃市") and xiantao.level == "county"


def test_province() -> None:
    anhui = lookup("安徽省")
    assert anhui is not None and (anhui.adcode, anhui.level, anhui.chain) == ("340000", "province", ("安徽省",))


@pytest.mark.parametrize("name", ["东京都", "巴黎", "加利福尼亚州", "市辖区", "泗", "", "教育局"])
def test_not_in_china(name: str) -> None:
    assert lookup(name) is None
    assert best_region(name) is None


def test_within() -> None:
    sixian, anhui, suzhou = lookup("泗县"), lookup("安徽省"), lookup("宿州市")
    assert within(sixian, anhui) and within(sixian, suzhou) and within(suzhou, anhui)
    assert within(anhui, anhui)
    assert not within(anhui, sixian)
    assert not within(sixian, lookup("山东省"))


def test_region_by_code() -> None:
    assert region_by_code("341324").name == "泗县"
    assert region_by_code("341324000000").name == "泗县"
    assert region_by_code(370812).name == "兖州区"
    assert region_by_code("999999") is None


def test_find_regions_spans_and_order() -> None:
    text = "根据安徽省宿州市泗县\n政务公开办公室通知"
    found = find_regions(text)
    assert [(r.name, text[s:e]) for r, s, e in found] == [("安徽省", "安徽省"), ("宿州市", "宿州市"), ("泗县", "泗县")]


def test_find_regions_skips_common_words() -> None:
    # 资源 (资源县), 开平 (公开平台), 城区, 和平: county stems and generic names in running text.
    text = "统筹公开平台资源，推进城区和平安建设，加强管理\t县级单位"
    assert find_regions(text) == []


def test_find_regions_short_names_after_a_place() -> None:
    assert [r.name for r, _, _ in find_regions("济宁兖州教体局")] == ["济宁市", "兖州区"]


def test_the_whole_gb2260_table_is_loaded() -> None:
    # Load time is measured in bench/, not asserted here.
    regions.load_index.cache_clear()
    index = regions.load_index()
    assert len(index.regions) > 3000


def test_the_built_table_is_kept_in_the_user_cache_and_rebuilt_when_unreadable(tmp_path, monkeypatch) -> None:
    """The second process reads the built table back; a damaged or stale cache file, or a cache folder
    that cannot be written, only means building it again — the answers never change."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    build = regions.load_index.__wrapped__
    first = build()
    [cached] = (tmp_path / "zwgk").glob("regions-*.pickle")
    written = cached.stat().st_mtime_ns
    again = build()
    assert cached.stat().st_mtime_ns == written  # read back, not built and written again
    assert again is not first and again.lookup("泗县").chain == first.lookup("泗县").chain == ("安徽省", "宿州市", "泗县")

    cached.write_bytes(b"not a pickle")
    (tmp_path / "zwgk" / "regions-00000000.pickle").write_bytes(b"from an older zwgk")
    assert [r.name for r, _, _ in build().find_regions("济宁兖州教体局")] == ["济宁市", "兖州区"]
    assert [p.name for p in (tmp_path / "zwgk").glob("regions-*.pickle")] == [cached.name]
    assert cached.read_bytes() != b"not a pickle"

    blocked = tmp_path / "file"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # ~/.cache/zwgk cannot be a folder here
    assert build().lookup("兖州区").adcode == "370812"
