"""The two closed vocabularies every layer speaks: a unit's role in a task, a region's level.

They are written down once here, at the bottom layer, because everything from
the parser to the HTML report names them. The values are the codes of the data
(the task contract's `units[].role`, `Region.level`); the zh labels are what
people read. The role codes and labels are the roles scheme of ontology.ttl
(skos:notation and skos:prefLabel@zh; tests/test_ontology.py holds them equal) —
kept here rather than read from the ontology so that this layer needs no rdflib
and no file at import time.
"""
from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

__all__ = ["Role", "Level", "ROLES", "LEVELS", "NATION_CODE", "NATION", "MUNICIPALITIES"]

#: The whole country's code (national statistics use it; GB/T 2260's table has no row for it), and its name.
NATION_CODE = "100000"
NATION = "全国"
#: Province-level cities: their districts and counties are the level below the province.
MUNICIPALITIES = frozenset({"北京市", "天津市", "上海市", "重庆市"})


class Role(StrEnum):
    """A unit's role in a task, in the order a responsible chain is read: 牵头 · 负责 · 配合."""

    lead = "lead"
    responsible = "responsible"
    cooperate = "cooperate"

    @property
    def label(self) -> str:
        """The roles scheme's skos:prefLabel@zh (牵头, 负责, 配合)."""
        return _ROLE_LABELS[self]

    @property
    def rank(self) -> int:
        """0 for 牵头 … 2 for 配合: the order units are listed and answers read."""
        return _ROLE_ORDER.index(self)

    @property
    def weight(self) -> float:
        """How much a mention counts towards "who handles this": 牵头 > 负责 > 配合."""
        return _ROLE_WEIGHT[self]


class Level(StrEnum):
    """An administrative level (zwgk:adminLevel), highest first: a template usually travels down this order.

    national is the whole country (全国: where central bodies belong), not a GB/T 2260 division.
    """

    national = "national"
    province = "province"
    city = "city"
    county = "county"

    @property
    def label(self) -> str:
        """国家 · 省级 · 市级 · 县级."""
        return _LEVEL_LABELS[self]

    @property
    def rank(self) -> int:
        """0 for national … 3 for county."""
        return _LEVEL_ORDER.index(self)

    @classmethod
    def of_chain(cls, chain: Sequence[str]) -> Level | None:
        """The level of a chain's last region (province first) where only the chain is known, as on a task
        record: 全国 national, one name a province (北京市 too), two a city unless under a municipality
        (上海市 › 嘉定区 is a county-level district), three a county."""
        if not chain:
            return None
        if chain[0] == NATION:
            return cls.national
        if len(chain) == 1:
            return cls.province
        if len(chain) == 2 and chain[0] not in MUNICIPALITIES:
            return cls.city
        return cls.county

    @classmethod
    def of_code(cls, adcode: str) -> Level:
        """The level a GB/T 2260 code names: xx0000 a province, xxxx00 a city, anything else a county
        (districts and county-level cities count as county); 100000, the whole country, is national."""
        if adcode == NATION_CODE:
            return cls.national
        if adcode.endswith("0000"):
            return cls.province
        return cls.city if adcode.endswith("00") else cls.county


_ROLE_ORDER = (Role.lead, Role.responsible, Role.cooperate)
_ROLE_LABELS = {Role.lead: "牵头", Role.responsible: "负责", Role.cooperate: "配合"}
_ROLE_WEIGHT = {Role.lead: 1.0, Role.responsible: 0.8, Role.cooperate: 0.4}
_LEVEL_ORDER = (Level.national, Level.province, Level.city, Level.county)
_LEVEL_LABELS = {Level.national: "国家", Level.province: "省级", Level.city: "市级", Level.county: "县级"}

#: Role codes in reading order (牵头 · 负责 · 配合).
ROLES: tuple[Role, ...] = _ROLE_ORDER
#: Levels, highest first.
LEVELS: tuple[Level, ...] = _LEVEL_ORDER
