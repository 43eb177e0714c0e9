"""parse_deadline: the 完成时限 vocabulary of real plans, resolved against the plan's year.

Each case is (cell, plan year, expected dates, ongoing); `date` must be the first of the dates.
"""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zwgk.ingest.deadlines import parse_deadline
from zwgk.model.plan import Deadline

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
    # A day of every month is that day, each month; a date every year is that date.
    ("每月5日前", 2022, [f"2022-{m:02d}-05" for m in range(1, 13)], False),
    ("每年3月31日前", 2022, ["2022-03-31"], False),
    # 按 and 逐 repeat like 每 (before: no date at all).
    ("按季度", 2022, ["2022-03-31", "2022-06-30", "2022-09-30", "2022-12-31"], False),
    ("逐月", 2022, [f"2022-{m:02d}-{d}" for m, d in zip(range(1, 13), (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31),
                                                        strict=True)], False),
    ("按照要求", 2022, [], False),
    # A span of months is due at its end.
    ("4月—12月", 2022, ["2022-12-31"], False),
    ("3-12月", 2022, ["2022-12-31"], False),
    ("2021年4月至6月", 2022, ["2021-06-30"], False),
    # A date in digits, as spreadsheets print it: the year it names, the month's end without a day.
    ("2023.12", 2022, ["2023-12-31"], False),
    ("2023-06-30前", None, ["2023-06-30"], False),
    ("2023/9", 2022, ["2023-09-30"], False),
    ("2023.13", 2022, [], False),
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


# -- deadlines inside the requirement text -------------------------------------------------------------
TEXT_CASES = [
    # (text, plan year, [(raw, dates)]) — one per form
    ("2021年底前完成", 2021, [("2021年底前", ["2021-12-31"])]),
    ("统一公开，2021 年底前通过", 2021, [("2021 年底前", ["2021-12-31"])]),
    ("2023年年底前将结果", 2023, [("2023年年底前", ["2023-12-31"])]),
    ("二〇二一年底前完成", None, [("二〇二一年底前", ["2021-12-31"])]),
    ("2021年内完成", 2022, [("2021年内", ["2021-12-31"])]),
    ("2021年內完成", 2022, [("2021年內", ["2021-12-31"])]),  # Traditional 內
    ("於11月底前報送", 2022, [("11月底前", ["2022-11-30"])]),
    ("年底前将发放结果公开", 2022, [("年底前", ["2022-12-31"])]),
    ("于6月30日前完成", 2022, [("6月30日前", ["2022-06-30"])]),
    ("11月底前报送", 2022, [("11月底前", ["2022-11-30"])]),
    ("十一月底前报送", 2022, [("十一月底前", ["2022-11-30"])]),
    ("一季度前完成", 2022, [("一季度前", ["2022-03-31"])]),
    ("次年3月底前公布", 2022, [("次年3月底前", ["2023-03-31"])]),
    ("截至9月", 2022, [("9月", ["2022-09-30"])]),
    ("按季度梳理", 2022, [("按季度", ["2022-03-31", "2022-06-30", "2022-09-30", "2022-12-31"])]),
    ("每季度更新", 2022, [("每季度", ["2022-03-31", "2022-06-30", "2022-09-30", "2022-12-31"])]),
    ("每半年通报", 2022, [("每半年", ["2022-06-30", "2022-12-31"])]),
    ("年底前（无年份）", None, [("年底前", [])]),
    # not deadlines
    ("建立2021年政务公开工作重点", 2021, []),
    ("每年至少听取 1 次", 2021, []),
    ("全年开展，上半年召开", 2022, []),
    ("三年内完成", 2022, []),
    ("12345热线", 2022, []),
    ("按月份统计", 2022, []),
    ("5小时内发布", 2022, []),
]


@pytest.mark.parametrize(("text", "year", "expected"), TEXT_CASES, ids=[c[0] for c in TEXT_CASES])
def test_text_deadline_forms(text: str, year: int | None, expected: list) -> None:
    from zwgk.ingest.deadlines import text_deadlines

    got = text_deadlines(text, year)
    assert [(d.raw, list(d.dates)) for d in got] == expected
    assert all(d.date == (d.dates[0] if d.dates else None) and not d.ongoing for d in got)


RESPONSE_CASES = [
    ("5小时内发布权威信息", [("5小时内", 5, "hour")]),
    ("其他舆情 48小时内予以回应", [("48小时内", 48, "hour")]),
    ("3个工作日之内配套公开", [("3个工作日之内", 3, "working_day")]),
    ("在收到之日起3个工作日内完成", [("3个工作日内", 3, "working_day")]),
    ("线下件在 1个工作日录入", [("1个工作日", 1, "working_day")]),
    ("三个工作日内答复", [("三个工作日内", 3, "working_day")]),
    ("15日内作出答复", [("15日内", 15, "day")]),
    ("7天以内", [("7天以内", 7, "day")]),
    ("3个月内完成", [("3个月内", 3, "month")]),
    ("30分钟内响应", [("30分钟内", 30, "minute")]),
    ("變更之日起20個工作日內公開", [("20個工作日內", 20, "working_day")]),  # Traditional script
    ("兩小時內", [("兩小時內", 2, "hour")]),
    # not response times
    ("3月内完成", []),  # a month, not three months
    ("12月5日内", []),  # a date
    ("严格落实20个工作日", []),  # a count without 内 or 在
    ("期限一般不少于30日", []),  # a minimum, not a limit
    ("每年至少听取 1 次", []),
]


@pytest.mark.parametrize(("text", "expected"), RESPONSE_CASES, ids=[c[0] for c in RESPONSE_CASES])
def test_response_time_forms(text: str, expected: list) -> None:
    from zwgk.ingest.deadlines import response_times

    assert [(r.raw, r.amount, r.unit) for r in response_times(text)] == expected


def test_a_response_time_in_the_cell_says_so() -> None:
    from zwgk.ingest.deadlines import response_times

    (got,) = response_times("10个工作日内", "cell")
    assert (got.amount, got.unit, got.source) == (10, "working_day", "cell")


@given(st.text(alphabet=st.sampled_from(DEADLINE_CHARS + list("小时工作个之以截至按分钟")), max_size=40),
       st.none() | st.integers(1, 9999))
def test_text_extraction_never_raises(text: str, year: int | None) -> None:
    from zwgk.ingest.deadlines import response_times, text_deadlines

    for d in text_deadlines(text, year):
        assert d.raw and d.raw in text
    for r in response_times(text):
        assert r.raw in text and r.amount >= 0


# -- on the sample key: every deadline a requirement states, and only those ----------------------------
def _sample_records() -> dict[str, list[dict]]:
    from conftest import SAMPLES

    from zwgk.ingest.parser import parse_file
    from zwgk.ingest.records import task_records

    return {p.name: [r.to_json() for r in task_records(parse_file(p))] for p in sorted(SAMPLES.glob("*.txt"))}


_RECORDS: dict[str, list[dict]] = {}


def sample_records() -> dict[str, list[dict]]:
    if not _RECORDS:
        _RECORDS.update(_sample_records())
    return _RECORDS


def _text_key() -> list[dict]:
    from conftest import FIXTURES, read_jsonl

    return read_jsonl(FIXTURES / "text-deadlines.jsonl")


def _squash(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("case", _text_key(), ids=lambda c: f"{c['doc'][:8]}-{c['form']}")
def test_sample_key_text_deadlines(case: dict) -> None:
    from conftest import GOLD, read_jsonl

    (record,) = [r for r in sample_records()[case["doc"]] if _squash(case["contains"]) in _squash(r["requirement"])]
    assert [{"raw": d["raw"], "dates": d["dates"]} for d in record["deadlines_in_text"]] == case["deadlines_in_text"]
    assert [{k: r[k] for k in ("raw", "amount", "unit")} for r in record["response_times"]] == case["response_times"]
    # the cell stays what the key says it is: text never lands in deadline_raw
    (gold,) = [g for g in read_jsonl(GOLD / case["doc"].replace(".txt", ".jsonl"))
               if _squash(case["contains"]) in _squash(g["requirement"])]
    assert record["deadline_raw"] == gold["deadline_raw"]


def test_no_other_sample_row_gets_a_text_deadline() -> None:
    keyed = {(c["doc"], _squash(c["contains"])) for c in _text_key()}
    for doc, records in sample_records().items():
        for r in records:
            if any(d == doc and part in _squash(r["requirement"]) for d, part in keyed):
                continue
            assert not r["deadlines_in_text"] and not r["response_times"], (r["id"], r["requirement"])


def test_guangzhou_gets_deadlines_from_its_text() -> None:
    records = sample_records()["guangzhou-edu-2021.txt"]
    dated = [r for r in records if r["deadline"]]
    assert len(dated) == 2
    for r in dated:
        assert r["deadline"] == "2021-12-31" and r["deadline_source"] == "text"
        assert r["deadline_raw"] is None  # no deadline column in this plan
    undated = [r for r in records if r not in dated]
    assert undated and all(r["deadline_source"] is None for r in undated)


def test_the_cell_deadline_comes_first() -> None:
    # 淮北 row 5: cell 年底前, text 2020年底前 → the date is the cell's, the text one is kept beside it
    (r,) = [r for r in sample_records()["huaibei-edu-2020.txt"] if "2020年底前初步解决底数" in r["requirement"]]
    assert (r["deadline_raw"], r["deadline"], r["deadline_source"]) == ("年底前", "2020-12-31", "cell")
    assert [d["raw"] for d in r["deadlines_in_text"]] == ["2020年底前"]
    # 淮北 row 4: cell 持续推进, text 按月或按季度 → ongoing with no due date: the rhythm is when it
    # reports, so "due by November" must not list it; the rhythm is still kept as stated in the text
    (r,) = [r for r in sample_records()["huaibei-edu-2020.txt"] if "按月或按季度" in r["requirement"]]
    assert r["deadline_raw"] == "持续推进" and r["ongoing"]
    assert (r["deadline"], r["deadlines"], r["deadline_source"]) == (None, [], None)
    assert [d["raw"] for d in r["deadlines_in_text"]] == ["按月", "按季度"]


def test_a_dated_text_limit_still_dates_an_ongoing_task() -> None:
    # the rhythm rule drops 按季度 only: a real limit in the text of a 持续推进 row is still its date
    from zwgk.ingest.parser import parse_text
    from zwgk.ingest.records import task_records

    plan = parse_text("2021年政务公开工作任务分解表\n序号\t工作任务\t责任单位\t完成时限\n"
                      "1\t按季度更新公开目录，2021年底前完成平台改版\t办公室\t持续推进\n", "t.txt")
    (r,) = [t.to_json() for t in task_records(plan)]
    assert r["ongoing"] and r["deadline_source"] == "text"
    assert r["deadlines"] == ["2021-12-31"]
