"""parse_units: every distinct unit cell of the gold plans, plus the other forms real plans print.

Each case is (cell, [(name, role[, aspect]), ...]); a case reads as an example of the cell grammar.
"""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zwgk.ingest.units import parse_units
from zwgk.model.plan import ROLES, Responsibility

Expected = list[tuple[str, ...]]


def triples(units: tuple[Responsibility, ...]) -> Expected:
    """(name, role) plus aspect only where set, the shape the gold key uses."""
    return [(u.name, u.role, u.aspect) if u.aspect else (u.name, u.role) for u in units]


# Every distinct units_raw of eval/gold/*.jsonl with its hand-annotated answer (copied, not read).
GOLD = [
    ("计划财务处负责", [("计划财务处", "responsible")]),
    ("各处室负责，办公室、宣传与思想政治教育处配合", [("各处室", "responsible"), ("办公室", "cooperate"), ("宣传与思想政治教育处", "cooperate")]),
    ("宣传与思想政治教育处会各处室、各支撑机构负责", [("宣传与思想政治教育处", "lead"), ("各处室", "responsible"), ("各支撑机构", "responsible")]),
    ("各处室负责，办公室配合", [("各处室", "responsible"), ("办公室", "cooperate")]),
    ("各处室负责，办公室、政策法规与审计处配合", [("各处室", "responsible"), ("办公室", "cooperate"), ("政策法规与审计处", "cooperate")]),
    ("办公室负责，各处室和支撑机构配合", [("办公室", "responsible"), ("各处室和支撑机构", "cooperate")]),
    ("各处室、各支撑机构负责，宣传与思想政治教育处配合", [("各处室", "responsible"), ("各支撑机构", "responsible"), ("宣传与思想政治教育处", "cooperate")]),
    ("宣传与思想政治教育处负责，各处室和支撑机构配合", [("宣传与思想政治教育处", "responsible"), ("各处室和支撑机构", "cooperate")]),
    ("政策法规与审计处负责，各处室配合", [("政策法规与审计处", "responsible"), ("各处室", "cooperate")]),
    ("各处室负责，政策法规与审计处配合", [("各处室", "responsible"), ("政策法规与审计处", "cooperate")]),
    ("科研处会电化教育馆负责，政策法规与审计处、校园安全处、宣传与思想政治教育处配合", [("科研处", "lead"), ("电化教育馆", "responsible"), ("政策法规与审计处", "cooperate"), ("校园安全处", "cooperate"), ("宣传与思想政治教育处", "cooperate")]),
    ("内容安全：宣传与思想政治教育处会各处室负责；技术安全：科研处会电化教育馆负责", [("宣传与思想政治教育处", "lead", "内容安全"), ("各处室", "responsible", "内容安全"), ("科研处", "lead", "技术安全"), ("电化教育馆", "responsible", "技术安全")]),
    ("科研处会电化教育馆负责，宣传与思想政治教育处配合", [("科研处", "lead"), ("电化教育馆", "responsible"), ("宣传与思想政治教育处", "cooperate")]),
    ("办公室负责", [("办公室", "responsible")]),
    ("办公室负责，计划财务处配合", [("办公室", "responsible"), ("计划财务处", "cooperate")]),
    ("办公室负责，各处室配合", [("办公室", "responsible"), ("各处室", "cooperate")]),
    ("政策法规科，县、区教育局", [("政策法规科", "responsible"), ("县、区教育局", "responsible")]),
    ("组织人事科，县、区教育局", [("组织人事科", "responsible"), ("县、区教育局", "responsible")]),
    ("办公室、计财科、政策法规科、信息中心、文件起草牵头科室；县区教育局", [("办公室", "responsible"), ("计财科", "responsible"), ("政策法规科", "responsible"), ("信息中心", "responsible"), ("文件起草牵头科室", "responsible"), ("县区教育局", "responsible")]),
    ("计划财务科、承担市政府重点工作任务的科室、重大决策制定牵头科室；县区教育局", [("计划财务科", "responsible"), ("承担市政府重点工作任务的科室", "responsible"), ("重大决策制定牵头科室", "responsible"), ("县区教育局", "responsible")]),
    ("政策法规科牵头、各有关科室按职责分工负责；县区教育局", [("政策法规科", "lead"), ("各有关科室", "responsible"), ("县区教育局", "responsible")]),
    ("办公室牵头、各科室具体负责；县区教育局", [("办公室", "lead"), ("各科室", "responsible"), ("县区教育局", "responsible")]),
    ("各有关科室；县区教育局", [("各有关科室", "responsible"), ("县区教育局", "responsible")]),
    ("计划财务科、职成科、资助中心，县区教育局", [("计划财务科", "responsible"), ("职成科", "responsible"), ("资助中心", "responsible"), ("县区教育局", "responsible")]),
    ("各有关科室、县区教育局", [("各有关科室", "responsible"), ("县区教育局", "responsible")]),
    ("基教科、职成科、电教馆、县区教育局", [("基教科", "responsible"), ("职成科", "responsible"), ("电教馆", "responsible"), ("县区教育局", "responsible")]),
    ("政策法规科、行政许可科、县区教育局", [("政策法规科", "responsible"), ("行政许可科", "responsible"), ("县区教育局", "responsible")]),
    ("体卫艺科、有关科室（按职责分工负责）；县区教育局；市直各学校", [("体卫艺科", "responsible"), ("有关科室", "responsible"), ("县区教育局", "responsible"), ("市直各学校", "responsible")]),
    ("体卫艺科、政策法规科、有关科室（按职责分工负责）；县区教育局；市直各学校", [("体卫艺科", "responsible"), ("政策法规科", "responsible"), ("有关科室", "responsible"), ("县区教育局", "responsible"), ("市直各学校", "responsible")]),
    ("组织人事科、政策法规科、信息中心、有关科室（按职责分工负责）；县区教育局；市直各学校", [("组织人事科", "responsible"), ("政策法规科", "responsible"), ("信息中心", "responsible"), ("有关科室", "responsible"), ("县区教育局", "responsible"), ("市直各学校", "responsible")]),
    ("计划财务科、资助中心，县区教育局", [("计划财务科", "responsible"), ("资助中心", "responsible"), ("县区教育局", "responsible")]),
    ("计财科、装备科、体卫艺科、县区教育局", [("计财科", "responsible"), ("装备科", "responsible"), ("体卫艺科", "responsible"), ("县区教育局", "responsible")]),
    ("县区教育局", [("县区教育局", "responsible")]),
    ("政策法规科、行政许可科、计划财务科；县区教育局", [("政策法规科", "responsible"), ("行政许可科", "responsible"), ("计划财务科", "responsible"), ("县区教育局", "responsible")]),
    ("组织人事科、计划财务科、基教科、职成科、督导室、体卫艺科、教研室、资助中心", [("组织人事科", "responsible"), ("计划财务科", "responsible"), ("基教科", "responsible"), ("职成科", "responsible"), ("督导室", "responsible"), ("体卫艺科", "responsible"), ("教研室", "responsible"), ("资助中心", "responsible")]),
    ("计划财务科", [("计划财务科", "responsible")]),
    ("计划财务科、装备科", [("计划财务科", "responsible"), ("装备科", "responsible")]),
    ("办公室、信息中心；县区教育局", [("办公室", "responsible"), ("信息中心", "responsible"), ("县区教育局", "responsible")]),
    ("办公室、信息中心", [("办公室", "responsible"), ("信息中心", "responsible")]),
    ("办公室、政策法规科，县区教育局", [("办公室", "responsible"), ("政策法规科", "responsible"), ("县区教育局", "responsible")]),
    ("各相关科室、县区教育局", [("各相关科室", "responsible"), ("县区教育局", "responsible")]),
    ("政策法规科、各科室按职责分工负责；县区教育局", [("政策法规科", "responsible"), ("各科室", "responsible"), ("县区教育局", "responsible")]),
    ("基教科、职成科", [("基教科", "responsible"), ("职成科", "responsible")]),
    ("办公室", [("办公室", "responsible")]),
    ("办公室；县区教育局", [("办公室", "responsible"), ("县区教育局", "responsible")]),
    ("办公室、党建办、县区教育局", [("办公室", "responsible"), ("党建办", "responsible"), ("县区教育局", "responsible")]),
    ("办公室、县区教育局", [("办公室", "responsible"), ("县区教育局", "responsible")]),
    ("办公室，县（区）", [("办公室", "responsible"), ("县（区）", "responsible")]),
    ("办公室、各相关科室", [("办公室", "responsible"), ("各相关科室", "responsible")]),
    ("各科室", [("各科室", "responsible")]),
    ("办公室牵头各科室", [("办公室", "lead"), ("各科室", "responsible")]),
    ("办公室牵头相关科室", [("办公室", "lead"), ("相关科室", "responsible")]),
    ("监察室", [("监察室", "responsible")]),
    ("基础教育科；职教科", [("基础教育科", "responsible"), ("职教科", "responsible")]),
    ("职教科", [("职教科", "responsible")]),
    ("办公室；各普通中小学；中等职业学校", [("办公室", "responsible"), ("各普通中小学", "responsible"), ("中等职业学校", "responsible")]),
    ("办公室；各科室", [("办公室", "responsible"), ("各科室", "responsible")]),
    ("各有关科室", [("各有关科室", "responsible")]),
    ("各有关科室；宣传信息中心", [("各有关科室", "responsible"), ("宣传信息中心", "responsible")]),
    ("政策研究室；各有关科室", [("政策研究室", "responsible"), ("各有关科室", "responsible")]),
    ("办公室；各有关科室", [("办公室", "responsible"), ("各有关科室", "responsible")]),
    ("办公室；各学校；基础教育科", [("办公室", "responsible"), ("各学校", "responsible"), ("基础教育科", "responsible")]),
    ("宣传信息中心；办公室", [("宣传信息中心", "responsible"), ("办公室", "responsible")]),
]

# Forms the gold plans do not print but other plans do.
EXTRA = [
    # People are not units: a 领导 / 责任人 field is skipped, whatever separates it from the unit field.
    ("责任领导：张三；责任科室：办公室", [("办公室", "responsible")]),
    ("分管领导：王某某　责任股室：法规股、信息中心", [("法规股", "responsible"), ("信息中心", "responsible")]),
    ("牵头单位：办公室 配合单位：信息中心", [("办公室", "lead"), ("信息中心", "cooperate")]),
    # 会 / 会同 between complete unit names: lead + the group the role word closes.
    ("宣传与思想政治教育处会同各处室负责", [("宣传与思想政治教育处", "lead"), ("各处室", "responsible")]),
    ("县卫健委会同县医保局负责，各乡镇配合",
     [("县卫健委", "lead"), ("县医保局", "responsible"), ("各乡镇", "cooperate")]),
    ("县科协会同县教体局负责", [("县科协", "lead"), ("县教体局", "responsible")]),
    # 会 inside names never splits.
    ("县委员会、县总工会、县工商联合会负责",
     [("县委员会", "responsible"), ("县总工会", "responsible"), ("县工商联合会", "responsible")]),
    ("财务处会计科负责", [("财务处会计科", "responsible")]),
    ("办公室会议室", [("办公室会议室", "responsible")]),
    ("商务局会商财政局", [("商务局会商财政局", "responsible")]),
    # 牵头 / 配合 / 分别 / 等 / 具体 / 由.
    ("办公室牵头，各科室配合", [("办公室", "lead"), ("各科室", "cooperate")]),
    ("（办公室牵头，各科室配合）", [("办公室", "lead"), ("各科室", "cooperate")]),
    ("由办公室牵头，各科室配合", [("办公室", "lead"), ("各科室", "cooperate")]),
    ("办公室、政策法规科分别牵头落实", [("办公室", "lead"), ("政策法规科", "lead")]),
    ("办公室牵头落实", [("办公室", "lead")]),
    ("各科室等按职责分工落实", [("各科室", "responsible")]),
    ("办公室具体负责", [("办公室", "responsible")]),
    ("办公室负责各科室配合", [("办公室", "responsible"), ("各科室", "cooperate")]),
    ("各学校（按职责分工负责）", [("各学校", "responsible")]),
    ("办公室（牵头）、各科室（配合）", [("办公室", "lead"), ("各科室", "cooperate")]),
    ("信息中心协助", [("信息中心", "cooperate")]),
    ("各县区牵头", [("各县区", "lead")]),
    # Role-ish words that belong to a name.
    ("协同创新中心", [("协同创新中心", "responsible")]),
    ("牵头部门负责，各科室配合", [("牵头部门", "responsible"), ("各科室", "cooperate")]),
    # Labelled roles.
    ("牵头科室：办公室；责任科室：各科室；配合科室：信息中心",
     [("办公室", "lead"), ("各科室", "responsible"), ("信息中心", "cooperate")]),
    ("牵头单位：县政府办", [("县政府办", "lead")]),
    ("责任单位：县教体局、县财政局", [("县教体局", "responsible"), ("县财政局", "responsible")]),
    ("牵头部门：县数据资源局", [("县数据资源局", "lead")]),
    ("配合部门：各乡镇", [("各乡镇", "cooperate")]),
    ("牵头单位：县政府办，配合单位：县财政局", [("县政府办", "lead"), ("县财政局", "cooperate")]),
    # Aspects with a line break, half-width colons and a unit that repeats in both.
    ("内容安全：办公室会各科室负责；\n技术安全：信息中心会各科室负责",
     [("办公室", "lead", "内容安全"), ("各科室", "responsible", "内容安全"),
      ("信息中心", "lead", "技术安全"), ("各科室", "responsible", "技术安全")]),
    ("内容安全:办公室负责;技术安全:信息中心负责",
     [("办公室", "responsible", "内容安全"), ("信息中心", "responsible", "技术安全")]),
    # Level words glue only to a following level-led name.
    ("市、县、区教育局", [("市、县、区教育局", "responsible")]),
    ("县、区教育局负责，办公室配合", [("县、区教育局", "responsible"), ("办公室", "cooperate")]),
    ("县（区）、办公室", [("县（区）", "responsible"), ("办公室", "responsible")]),
    # Separators: half-width, newlines, spaces, stray spaces around role words, a trailing colon.
    ("办公室,政策法规科;县区教育局",
     [("办公室", "responsible"), ("政策法规科", "responsible"), ("县区教育局", "responsible")]),
    ("办公室\n各科室", [("办公室", "responsible"), ("各科室", "responsible")]),
    ("办公室 各科室", [("办公室", "responsible"), ("各科室", "responsible")]),
    (" 各处室 负责 ， 办公室 配合 ", [("各处室", "responsible"), ("办公室", "cooperate")]),
    ("办公室：", [("办公室", "responsible")]),
    # A mark after a name singles out the lead unit (注：标*的为牵头单位); the mark is no part of the name.
    ("县政府办*、县直各单位", [("县政府办", "lead"), ("县直各单位", "responsible")]),
    ("县司法局★，县政府办", [("县司法局", "lead"), ("县政府办", "responsible")]),
    # Duplicates collapse, first occurrence wins the position.
    ("办公室、各科室；办公室", [("办公室", "responsible"), ("各科室", "responsible")]),
    ("办公室负责，办公室配合", [("办公室", "responsible"), ("办公室", "cooperate")]),
]

# Traditional-character cells: roles found on the folded text, names returned as printed.
TRADITIONAL = [
    ("辦公室牽頭，各科室配合", [("辦公室", "lead"), ("各科室", "cooperate")]),
    ("辦公室牽頭、各有關科室按職責分工負責；縣區教育局",
     [("辦公室", "lead"), ("各有關科室", "responsible"), ("縣區教育局", "responsible")]),
    ("宣傳與思想政治教育處會各處室、各支撐機構負責",
     [("宣傳與思想政治教育處", "lead"), ("各處室", "responsible"), ("各支撐機構", "responsible")]),
    ("文件起草牽頭科室；縣、區教育局", [("文件起草牽頭科室", "responsible"), ("縣、區教育局", "responsible")]),
    ("牽頭單位：辦公室；配合單位：資訊中心", [("辦公室", "lead"), ("資訊中心", "cooperate")]),
    ("各處室負責，辦公室協助", [("各處室", "responsible"), ("辦公室", "cooperate")]),
]


@pytest.mark.parametrize(("raw", "expected"), GOLD, ids=[c[0] for c in GOLD])
def test_gold_cells(raw: str, expected: Expected) -> None:
    assert triples(parse_units(raw)) == expected


@pytest.mark.parametrize(("raw", "expected"), EXTRA + TRADITIONAL, ids=[c[0] for c in EXTRA + TRADITIONAL])
def test_other_forms(raw: str, expected: Expected) -> None:
    assert triples(parse_units(raw)) == expected


@pytest.mark.parametrize("raw", [None, "", "   ", "\u3000\n", "、，；", "（）"])
def test_empty_cells(raw: str | None) -> None:
    assert parse_units(raw) == ()


def test_full_width_and_half_width_agree() -> None:
    full = parse_units("各处室负责，办公室、政策法规与审计处配合；县（区）")
    half = parse_units("各处室负责,办公室、政策法规与审计处配合;县(区)")
    assert [(u.role, u.aspect) for u in full] == [(u.role, u.aspect) for u in half]


def test_units_are_not_inherited() -> None:
    units = parse_units("办公室牵头，各科室配合")
    assert len(units) == 2 and all(not u.inherited for u in units)


CELL_CHARS = list("办公室各科处局县区市（）()、，,；;：:\n 牵头负责配合协助会同按职责分工落实等由分别具体内容安全牽頭負責")


@given(st.text(alphabet=st.sampled_from(CELL_CHARS), max_size=40))
def test_hostile_cells_give_printed_names(raw: str) -> None:
    for unit in parse_units(raw):
        assert unit.name and unit.name in raw and unit.name == unit.name.strip()
        assert unit.role in ROLES


@pytest.mark.parametrize(("cell", "names"), [
    ("各县(市、区)政府、市直有关部门", ["各县(市、区)政府", "市直有关部门"]),  # nothing inside brackets splits
    ("市府办〔市大数据局〕牵头,各区政府配合", ["市府办〔市大数据局〕", "各区政府"]),
    ("区发改委等相关区直部门", ["区发改委"]),  # 等… closes a listing
    ("住建局等政府有关部门乡镇街道负责落实", ["住建局"]),
    ("高等学校、中等职业学校", ["高等学校", "中等职业学校"]),  # 等 inside a name stays
    ("责任单位:各县(区)政府,以下统称各县(区)政府,市政府各部门", ["各县(区)政府", "市政府各部门"]),  # an aside
    ("法规科和区划地名科按职能分工落实", ["法规科和区划地名科"]),
    ("其他股室及属下单位参照落实", ["其他股室及属下单位"]),
    ("办公室、医保中心按职责分工落", ["办公室", "医保中心"]),  # role words cut by the page
])
def test_names_as_real_pages_print_them(cell: str, names: list[str]):
    assert [u.name for u in parse_units(cell)] == names
