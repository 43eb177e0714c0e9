"""parse_deadline: the 完成时限 vocabulary of real plans, resolved against the plan's year.

Each case is (cell, plan year, expected dates, ongoing); `date` must be the first of the dates.
"""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zwgk.ingest.deadlines import parse_deadline
from zwgk.ingest.model import Deadline

CASES = [
    # Every deadline cell of the gold plans.
    ("11月底前", 2020, ["2020-11-30"], False),
    ("12月底前", 2020, ["2020-12-31"], False),
    ("10月底前", 2020, ["2020-10-31"], False),
    ("9月底前", 2020, ["2020-09-30"], False),
    ("年底前", 2020, ["2020-12-31"], False),
    ("持续推进", 2020, [], True),
    # Month ends, real lengths and leap years.
    ("11月底", 2022, ["2022-11-30"], False),
    ("2月底前", 2024, ["2024-02-29"], False),
    ("2月底前", 2023, ["2023-02-28"], False),
    ("11月", 2022, ["2022-11-30"], False),
    ("4月末", 2022, ["2022-04-30"], False),
    ("11月下旬", 2022, ["2022-11-30"], False),
    ("11月中旬", 2022, ["2022-11-20"], False),
    ("11月上旬", 2022, ["2022-11-10"], False),
    ("6月30日前", 2022, ["2022-06-30"], False),
    ("12月31日", 2022, ["2022-12-31"], False),
    # Year ends and halves.
    ("年底", 2021, ["2021-12-31"], False),
    ("年内", 2021, ["2021-12-31"], False),
    ("全年", 2021, ["2021-12-31"], False),
    ("上半年", 2021, ["2021-06-30"], False),
    ("下半年", 2021, ["2021-12-31"], False),
    # Quarters.
    ("一季度", 2022, ["2022-03-31"], False),
    ("第三季度", 2022, ["2022-09-30"], False),
    ("三季度末", 2022, ["2022-09-30"], False),
    ("第四季度", 2022, ["2022-12-31"], False),
    # A printed year wins over the plan's, and carries on within the cell.
    ("2021年8月前", 2022, ["2021-07-31"], False),
    ("2021年8月前", None, ["2021-07-31"], False),
    ("2021年底前", None, ["2021-12-31"], False),
    ("2021 年底前", None, ["2021-12-31"], False),
    ("2023年年底前", None, ["2023-12-31"], False),
    ("2022年", None, ["2022-12-31"], False),
    ("2022年6月底前、12月底前", 2020, ["2022-06-30", "2022-12-31"], False),
    ("次年3月底前", 2022, ["2023-03-31"], False),
    ("1月前", 2022, ["2021-12-31"], False),
    # No year anywhere → nothing to resolve, but ongoing still shows.
    ("年底前", None, [], False),
    ("11月底前", None, [], False),
    # Ongoing cells.
    ("即时", 2022, [], True),
    ("长期", 2022, [], True),
    ("长期坚持", 2022, [], True),
    ("持续开展", 2022, [], True),
    ("常态化", 2022, [], True),
    ("持续", 2022, [], True),
    # Several deadlines in one cell.
    ("6月底前、12月底前", 2022, ["2022-06-30", "2022-12-31"], False),
    ("每季度", 2022, ["2022-03-31", "2022-06-30", "2022-09-30", "2022-12-31"], False),
    ("每半年", 2022, ["2022-06-30", "2022-12-31"], False),
    ("2022年6月底前；持续推进", None, ["2022-06-30"], True),
    ("6月底前，长期坚持", 2022, ["2022-06-30"], True),
    # Full-width digits, Chinese numerals, Traditional characters.
    ("１１月底前", 2022, ["2022-11-30"], False),
    ("２０２１年８月前", None, ["2021-07-31"], False),
    ("十一月底前", 2022, ["2022-11-30"], False),
    ("十二月三十一日前", 2022, ["2022-12-31"], False),
    ("二〇二一年底前", None, ["2021-12-31"], False),
    ("持續推進", 2022, [], True),
    ("長期堅持", 2022, [], True),
    ("每季度末", 2022, ["2022-03-31", "2022-06-30", "2022-09-30", "2022-12-31"], False),
    # Unrecognised or impossible: text kept, no date, not ongoing.
    ("10个工作日内", 2022, [], False),
    ("阶段性", 2022, [], False),
    ("13月底", 2022, [], False),
    ("2月30日", 2022, [], False),
]


@pytest.mark.parametrize(("raw", "year", "dates", "ongoing"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_deadline(raw: str, year: int | None, dates: list[str], ongoing: bool) -> None:
    got = parse_deadline(raw, year)
    assert got == Deadline(
        raw=raw.strip(), date=dates[0] if dates else None, dates=tuple(dates), ongoing=ongoing
    )


@pytest.mark.parametrize("raw", [None, "", "  ", "\u3000\n"])
def test_blank_cell_is_empty_deadline(raw: str | None) -> None:
    assert parse_deadline(raw, 2022) == Deadline()


def test_printed_text_is_kept_stripped() -> None:
    got = parse_deadline("  11月底前\u3000", 2022)
    assert (got.raw, got.date) == ("11月底前", "2022-11-30")


def test_inheritance_is_the_callers_business() -> None:
    assert parse_deadline("年底前", 2022).inherited is False


DEADLINE_CHARS = list("0123456789０１年月日号底末前上中下旬初季度第一二三四十〇两每半全内持续长期即时、，；() \n")


@given(st.text(alphabet=st.sampled_from(DEADLINE_CHARS), max_size=30), st.none() | st.integers(1, 9999))
def test_never_raises(raw: str, year: int | None) -> None:
    got = parse_deadline(raw, year)
    assert got.date == (got.dates[0] if got.dates else None)
    assert len(set(got.dates)) == len(got.dates)
