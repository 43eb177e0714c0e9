"""Answers wrap the way Chinese is typeset: no line starts with ；or ）, and file names are not cut."""
from __future__ import annotations

from rich.cells import cell_len

from zwgk.presentation.linebreak import break_lines

SUMMARY = "汇总：政策法规科（牵头）×2；办公室（牵头）×1；县区教育局（负责）×29；办公室（负责）×8；政策法规科（负责）×7"


def test_no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one() -> None:
    for width in range(16, 60):
        lines = break_lines(SUMMARY, width)
        assert "".join(lines) == SUMMARY
        assert all(cell_len(line) <= width for line in lines)
        assert not any(line[0] in "；）：" for line in lines[1:]), (width, lines)
        assert not any(line.endswith("（") for line in lines), (width, lines)


def test_a_file_name_and_a_number_stay_whole() -> None:
    lines = break_lines("淮北市 · huaibei-edu-2020.txt:275-280 · 八、强化做好政务公开工作的各项保障措施", 30)
    assert any("huaibei-edu-2020.txt:275-280" in line for line in lines)
    assert all(cell_len(line) <= 30 for line in lines)


def test_a_word_longer_than_a_line_is_cut_and_lines_keep_their_breaks() -> None:
    assert break_lines("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]
    assert break_lines("第一行\n第二行", 40) == ["第一行", "第二行"]
