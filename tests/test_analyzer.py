"""Documents are cut by jieba-rs for speed; the tokens must be the ones jieba itself gives.

The reference is the Python jieba, set up as the index's analyzer was before
jieba-rs (its default dictionary, the user words at the same frequency), over
texts of the kinds a plan holds: requirements with unit names the dictionary
lacks, dates and 文号, Latin and digits, full-width forms, words only the HMM
finds (names of people and places), Traditional characters, and the runs the
two tokenizers cut differently (2023-2025, www.gov.cn, rare ideographs), which
must reach jieba; then random strings over all of these characters.

Beyond the cut, a document's tokens hold every domain word it contains: jieba
keeps one path through overlapping words and gives sub-words of two or three
characters only, so 政策/解读质量 would lose 政策解读, and 行政规范性文件 规范性文件.
"""
from __future__ import annotations

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zwgk.search.analyzer import STOPWORDS, USER_WORD_FREQ, Analyzer, normalise

WORDS = ["依申请公开", "政务新媒体", "宣传与思想政治教育处", "计财科", "县区教育局", "政务公开办",
         "关于开展全省基层政务公开提升行动的通知"]
TEXTS = [
    "办公室牵头，各科室配合，做好依申请公开答复工作，严格按照法定时限办理。",
    "宣传与思想政治教育处负责学校官方网站、政务新媒体的内容审核与信息发布。",
    "计财科于2023年11月底前公开部门预算、决算及“三公”经费，接受社会监督。",
    "落实《关于开展全省基层政务公开提升行动的通知》（皖政务办〔2022〕4号）要求。",
    "县区教育局推进义务教育招生入学政策解读，12345热线及时回应群众关切。",
    "ＩＰｖ６改造和网站集约化平台建设，完善适老化与无障碍服务。",
    "张晓明同志在泗县黄圩镇调研基层政务公开标准化规范化建设情况。",
    "政務公開辦公室負責年度報告的編製與發布。",
    "2023-2025年政务公开工作规划，详见www.gov.cn网站第2.3.1条，联系人a_b。",
    "㐀字与𠀀字的生僻地名",
    "",
]
ALPHABET = ("政务公开依申请办公室负责年度报告网站平台建设信息发布解读回应县区市省局科"
            "abcxyzAB0123456789+#&._%-/ ，。、（）：:;《》\"“”!?\t\u3000ｱあé①Ⅱ㐀𠀀\u9fd6\uf900０Ａ·—")
_ANALYZER = Analyzer(user_words=WORDS)
_REFERENCE: list[jieba.Tokenizer] = []


def jieba_tokens(text: str) -> list[str]:
    """What jieba itself gives, filtered as the index filters, then every occurrence of each domain word
    the cut left out (found by plain substring search)."""
    if not _REFERENCE:
        tok = jieba.Tokenizer()
        for word in _ANALYZER.user_words:
            tok.add_word(word, freq=USER_WORD_FREQ)
        _REFERENCE.append(tok)
    key = normalise(text)
    tokens = [t for t in _REFERENCE[0].cut_for_search(key) if t not in STOPWORDS and t.strip()]
    for word in _ANALYZER.user_words:
        if word not in tokens:
            tokens += [word] * sum(key.startswith(word, i) for i in range(len(key)))
    return tokens


@pytest.mark.parametrize("text", TEXTS)
def test_a_document_is_cut_as_jieba_cuts_it(text: str) -> None:
    assert _ANALYZER.index_tokens(text) == jieba_tokens(text)


def test_a_domain_word_the_cut_breaks_is_still_a_token() -> None:
    analyzer = Analyzer(user_words=["政策解读", "解读质量", "规范性文件", "依申请公开", "申请公开"])
    tokens = analyzer.index_tokens("进一步提高政策解读质量，集中公开行政规范性文件和依申请公开目录。")
    assert {"政策解读", "解读质量", "规范性文件", "依申请公开", "申请公开"} <= set(tokens)
    assert tokens.count("政策解读") == 1 and tokens.count("解读质量") == 1  # not again where the cut gave it
    assert "政策解读" not in Analyzer(user_words=["解读质量"]).index_tokens("提高政策解读质量")


def test_user_words_stay_whole_in_documents() -> None:
    tokens = _ANALYZER.index_tokens(TEXTS[1])
    assert "宣传与思想政治教育处" in tokens and "政务新媒体" in tokens
    assert "宣传与思想政治教育处" not in Analyzer().index_tokens(TEXTS[1])  # without the word, it is cut


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=30))
def test_any_text_is_cut_as_jieba_cuts_it(text: str) -> None:
    assert _ANALYZER.index_tokens(text) == jieba_tokens(text)
