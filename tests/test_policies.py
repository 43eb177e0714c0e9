"""Cited policy documents, on literal snippets from plans."""
from __future__ import annotations

import pytest

from zwgk.ingest.policies import (
    find_citations,
    find_doc_numbers,
    is_document_title,
    normalize_number,
    normalize_title,
)
from zwgk.model.plan import PolicyRef


def test_wrapped_title_and_spaced_number() -> None:
    text = "根据《宿州市政务公开办公室关于印发全市基层\n\n政务公开提升行动实施方案的通知》（宿政务办〔2022〕1 号）要求"
    assert find_citations(text) == [
        PolicyRef("宿州市政务公开办公室关于印发全市基层政务公开提升行动实施方案的通知", "宿政务办〔2022〕1号")
    ]


def test_issuer_outside_the_quotes_is_not_title() -> None:
    text = "根据市政府办公室《关于印发2023年济宁市政务公开工作任务分解表的通知》（济政办字〔2023〕41号）和"
    assert find_citations(text) == [
        PolicyRef("关于印发2023年济宁市政务公开工作任务分解表的通知", "济政办字〔2023〕41号")
    ]


def test_titles_without_numbers() -> None:
    text = "严格落实《广东省政府系统政策解读工作细则（试行）》和《中华人民共和国政府信息公开条例》。"
    assert find_citations(text) == [
        PolicyRef("广东省政府系统政策解读工作细则（试行）"),
        PolicyRef("中华人民共和国政府信息公开条例"),
    ]


def test_periodicals_and_columns_are_not_policies() -> None:
    text = "积极向国务院办公厅《政务公开工作交流》省《政务公开交流》报送信息，争取在《人民日报》刊发。"
    assert find_citations(text) == []


def test_back_references_are_not_policies() -> None:
    assert find_citations("《条例》第二十条；按《实施方案》要求；《意见》明确") == []


def test_own_title_and_annex_are_excluded() -> None:
    text = (
        "现将《2023年济宁市兖州区教育和体育局政务公开重点工作任务分解表》印发给你们，"
        "并落实《中华人民共和国政府信息公开条例》。\n附件：2023年济宁市兖州区教育和体育局政务公开重点工作任\n务分解表"
    )
    refs = find_citations(text, exclude_titles=["2023年济宁市兖州区教育和体育局政务公开重点工作任务\n分解表"])
    assert refs == [PolicyRef("中华人民共和国政府信息公开条例")]


@pytest.mark.parametrize(
    "printed",
    ["皖政务办[2022]4号", "皖政务办［2022］4号", "皖政务办(2022)4号", "皖政务办（2022）4号",
     "皖政务办【2022】4号", "皖政务办〔2022〕4号", "皖政务办﹝2022﹞4号", "皖政务办〔２０２２〕４号",
     "皖政务办 〔2022〕 4 号", "皖政务办〔2022〕04号"],
)
def test_year_brackets_are_unified(printed: str) -> None:
    assert normalize_number(printed) == "皖政务办〔2022〕4号"
    text = f"《安徽省政务公开办公室关于开展全省基层政务公开提升行动的通知》（{printed}）"
    assert [r.number for r in find_citations(text)] == ["皖政务办〔2022〕4号"]


@pytest.mark.parametrize(
    "number", ["国办公开办函〔2019〕61号", "济兖政办字〔2023〕30号", "皖政务办〔2022〕4号", "池政公办函〔2022〕4号",
               "国发〔2016〕80号"],
)
def test_doc_number_shapes(number: str) -> None:
    assert find_doc_numbers(f"根据{number}文件精神") == [number]


def test_duplicates_first_occurrence_wins() -> None:
    text = (
        "《国务院办公厅关于全面推进政务公开工作的意见》（中办发〔2016〕8号）……"
        "《关于全面推进政务公开工作的意见》（中办发〔2016〕8号）……"
        "《中华人民共和国政府信息公开条例》……《中华人民共和国政府信息\n公开条例》"
    )
    assert find_citations(text) == [
        PolicyRef("国务院办公厅关于全面推进政务公开工作的意见", "中办发〔2016〕8号"),
        PolicyRef("中华人民共和国政府信息公开条例"),
    ]


def test_later_number_fills_an_earlier_bare_title() -> None:
    text = "《2023年政务公开工作要点的通知》……《2023年政务公开工作要点的通知》（国办发〔2023〕8号）"
    assert find_citations(text) == [PolicyRef("2023年政务公开工作要点的通知", "国办发〔2023〕8号")]


def test_same_title_different_numbers_are_two_documents() -> None:
    text = "《政务公开工作要点的通知》（国办发〔2022〕9号）和《政务公开工作要点的通知》（国办发〔2023〕8号）"
    assert [r.number for r in find_citations(text)] == ["国办发〔2022〕9号", "国办发〔2023〕8号"]


def test_traditional_chinese() -> None:
    text = "根據《關於印發政務公開工作要點的通知》（國辦發〔2023〕8號）"
    assert find_citations(text) == [PolicyRef("關於印發政務公開工作要點的通知", "国办发〔2023〕8号")]


def test_bare_number_after_an_unquoted_title() -> None:
    text = "区政府办公室关于印发2023年济宁市兖州区政务公开重点工作任务分解表的通知（济兖政办字〔2023〕30号）要求"
    assert find_citations(text) == [
        PolicyRef("关于印发2023年济宁市兖州区政务公开重点工作任务分解表的通知", "济兖政办字〔2023〕30号")
    ]
    assert find_citations("按照上级文件（详见国办公开办函〔2019〕61号）执行") == [
        PolicyRef(None, "国办公开办函〔2019〕61号")
    ]


def test_number_only_when_it_follows_the_title() -> None:
    text = "《政府信息公开条例》第十条，另见（国办发〔2016〕80号）"
    assert find_citations(text) == [PolicyRef("政府信息公开条例"), PolicyRef(None, "国办发〔2016〕80号")]


def test_nested_quotes_keep_the_outer_title() -> None:
    text = "《关于印发〈2023年政务公开工作要点〉的通知》"
    assert find_citations(text) == [PolicyRef("关于印发〈2023年政务公开工作要点〉的通知")]


def test_edition_parentheticals_and_titles() -> None:
    assert is_document_title("政府信息公开信息处理费管理办法（2020年修订）")
    assert is_document_title("政务公开事项标准目录(2023年版)")
    assert not is_document_title("政务公开工作交流")
    assert normalize_title(" 《２０２３年政务公开\n工作要点》 ") == "2023年政务公开工作要点"


def test_find_doc_numbers_in_running_text() -> None:
    text = "根据国办发〔2016〕80号文件精神和皖政办［2022］4号、国办发〔2016〕80号要求"
    assert find_doc_numbers(text) == ["国办发〔2016〕80号", "皖政办〔2022〕4号"]
