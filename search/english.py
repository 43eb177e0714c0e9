"""A question asked in English, in the Chinese words search/question.py reads.

A small phrase table turns the question words (who handles, what does … do, due by, how many, without a
deadline) into their Chinese equivalents; a topic named by a concept's English label in ontology.ttl
(policy interpretation, disclosure on request) becomes the concept's Chinese label. Chinese text is
left as it is, and the thesaurus is read only for a question with English words in it.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

__all__ = ["from_english"]

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
#: Words staff use in English for a topic or document where no concept's English label says it (the annual
#: report, new media, the OGI Regulations): their Chinese words, which the thesaurus and the question reader know.
_TERMS: list[tuple[str, str]] = [
    (r"(?:the )?regulations? on (?:the )?(?:open|openness of|disclosure of) government information|(?:the )?ogi regulations?",
     "《政府信息公开条例》"),
    (r"(?:the )?(?:key points|work points|main points) (?:of|for|on) (?:government affairs )?(?:openness|disclosure)(?: work)?",
     "政务公开工作要点"),
    (r"(?:the )?annual reports?", "年度报告"),
    (r"(?:government )?new media(?: accounts?)?", "政务新媒体"),
    (r"(?:government )?websites?", "政府网站"),
    (r"(?:government )?open days?", "政府开放日"),
    (r"budgets?(?: and final accounts?)?", "预决算"),
    (r"hotlines?", "政务热线"),
    (r"public participation", "公众参与"),
    (r"trainings?", "培训"),
    (r"(?:the )?(?:general )?office(?= in | of |\s*$| do| handle| responsible)", "办公室"),
]
#: English question words and their Chinese equivalents, applied in order (what does 计财科 do → 计财科负责什么).
_ENGLISH: list[tuple[str, str | Callable[[re.Match[str]], str]]] = [
    (r"(?<![A-Za-z])(?:which|what) (?:units?|departments?|offices?|sections?|bureaus?|agencies|agency) "
     r"(?:has|have|carries|carry|holds?|leads?|is given|are given) (?:the )?(?:most|largest number of|heaviest|most of the) "
     r"(?:tasks?|work(?:load)?|duties)(?![A-Za-z])", "哪个单位的任务最多"),
    (r"(?<![A-Za-z])who (?:has|carries|is given) (?:the )?(?:most|heaviest) (?:tasks?|work(?:load)?|duties)(?![A-Za-z])",
     "谁的任务最多"),
    (r"(?<![A-Za-z])(?:the )?busiest (?:units?|departments?|offices?|sections?)(?![A-Za-z])", "哪个单位的任务最多"),
    (r"(?<![A-Za-z])(?:which|what) (?:plans?|documents?) (?:do(?:es)? not|don't|doesn't|fail to|never) "
     r"(?:cover|mention|include|address|deal with)(?![A-Za-z])", "哪些方案没有涉及"),
    (r"(?<![A-Za-z])(?:what|which) (?:topics?|areas?|subjects?|things?) (?:is|are|does|do) (.+?)(?:'s)? "
     r"(?:plans?|documents?) (?:missing|lacking|lack|leave out|leaves out|miss)(?![A-Za-z])", r"\1的计划缺少哪些主题"),
    (r"(?<![A-Za-z])what (?:topics? )?(?:is|are) missing (?:from|in) (?:the )?(.+?)(?:'s)? (?:plans?|documents?)(?![A-Za-z])",
     r"\1的计划缺少哪些主题"),
    (r"(?<![A-Za-z])who (?:issued|published|wrote|drew up) (?:the )?(.+?)(?:'s)? (?:plans?|documents?)(?![A-Za-z])",
     r"\1的方案是哪个单位印发的"),
    (r"(?<![A-Za-z])when (?:was|were) (?:the )?(.+?)(?:'s)? (?:plans?|documents?) (?:issued|published)(?![A-Za-z])",
     r"\1的方案是什么时候印发的"),
    (r"(?<![A-Za-z])what (?:is|are) (.+?) (?:responsible for|in charge of)(?![A-Za-z])", r"\1负责什么"),
    (r"(?<![A-Za-z])what (?:does|do) (.+?) (?:do|handle|cover)(?![A-Za-z])", r"\1负责什么"),
    (r"(?<![A-Za-z])(?:due|to be (?:done|finished|completed)) this month(?![A-Za-z])", "这个月要完成"),
    (r"(?<![A-Za-z])(?:due|to be (?:done|finished|completed)) next month(?![A-Za-z])", "下个月要完成"),
    (r"(?<![A-Za-z])(?:due|to be (?:done|finished|completed)) this quarter(?![A-Za-z])", "本季度到期"),
    (r"(?<![A-Za-z])(?:which|what) (?:plans?|documents?) "
     r"(?:implement|implements|cite|cites|follow|follows|are based on|rest on)(?![A-Za-z])", "哪些方案依据"),
    (r"(?<![A-Za-z])(?:the )?end of (?:the )?year(?![A-Za-z])", "年底"),
    (r"(?<![A-Za-z])(?:what|which tasks?) (?:is|are) (?:due|to be done|to be finished) (?:by|before) (?:the )?(?:end of )?", "截至"),
    (r"(?<![A-Za-z])(?:due|to be done|to be finished) (?:by|before) (?:the )?(?:end of )?", "截至"),
    (r"(?<![A-Za-z])(?:(?:is|are) )?(?:due|to be (?:done|finished|completed)) (?:in|during) (" + "|".join(_MONTHS) + r")(?![A-Za-z])",
     lambda m: f"{_MONTHS.index(m.group(1).lower()) + 1}月到期"),  # due in November: within that month
    (r"(?<![A-Za-z])(" + "|".join(_MONTHS) + r")(?![A-Za-z])", lambda m: f"{_MONTHS.index(m.group(1).lower()) + 1}月底"),
    (r"(?<![A-Za-z])who (?:is |are )?(?:responsible for|in charge of|handles?|leads?|does|takes care of)(?![A-Za-z])", "谁负责"),
    (r"(?<![A-Za-z])who(?![A-Za-z])", "谁"),
    (r"(?<![A-Za-z])(?:which|what) (?:units?|departments?|offices?|sections?|bureaus?|agencies|agency)"
     r"(?: (?:is|are))?(?: (?:responsible for|in charge of|handles?|leads?|deals? with|manages?|takes? care of|looks? after|does|do))?"
     r"(?![A-Za-z])", "哪些单位负责"),
    (r"(?<![A-Za-z])(?:units?|departments?|offices?|sections?) (?:responsible for|in charge of|handling|leading)(?![A-Za-z])",
     "哪些单位负责"),
    (r"(?<![A-Za-z])(?:without|with no|lacking|(?:that )?(?:have|has) no) (?:a |any )?deadlines?(?![A-Za-z])", "没有明确完成时限"),
    (r"(?<![A-Za-z])(?:without|with no|lacking|(?:that )?(?:have|has) no) (?:a |any )?(?:responsible |lead )?"
     r"(?:units?|departments?|offices?)(?![A-Za-z])", "没有明确责任单位"),
    (r"(?<![A-Za-z])(?:overdue|past (?:their|the) deadlines?)(?![A-Za-z])", "已经逾期"),
    (r"(?<![A-Za-z])(?:ongoing|continuing|long-term)(?![A-Za-z])", "持续推进"),
    (r"(?<![A-Za-z])how many (?:tasks?)?", "多少项任务"),
    (r"(?<![A-Za-z])(?:compare|versus|vs\.?|differences? between)(?![A-Za-z])", "比较"),
    (r"(?<![A-Za-z])(?:in|of|for|does|do|have|has|the|a|an|is|are|and|tasks?|plans?|which|what|there|any|all|list|show|me|"
     r"on|about|regarding|concerning|related|relating|to)"
     r"(?![A-Za-z])", " "),
]


def from_english(text: str) -> str:
    """A question asked in English (who handles 依申请公开 in 泗县) in the Chinese words this module reads;
    Chinese text is left as it is."""
    if not re.search(r"[A-Za-z]{2,}", text):
        return text
    # A topic named in English: the ontology's English label of a concept (before `on` of 'disclosure on
    # request' goes with the question words).
    text = _concepts_en().sub(lambda m: _concept_zh()[_en_key(m.group(0))], text)
    for pattern, zh in _TERMS:
        text = re.sub(rf"(?<![A-Za-z])(?:{pattern})(?![A-Za-z])", zh, text, flags=re.IGNORECASE)
    # in 兖州: the place first, where a place named by its stem is looked for (兖州谁负责…)
    if place := re.search(r"(?<![A-Za-z])(?:in|within|at) ([\u4e00-\u9fff]{2,12})(?![\u4e00-\u9fff])", text, re.IGNORECASE):
        text = f"{place.group(1)} {text[:place.start()]}{text[place.end():]}"
    for pattern, repl in _ENGLISH:
        text = re.sub(pattern, repl, text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip()


def _en_key(label: str) -> str:
    """An English label without case or plural: Press conferences → press conference."""
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
                    for w in label.lower().split())


@lru_cache(maxsize=1)
def _concept_zh() -> dict[str, str]:
    """English label (its key) → the concept's Chinese prefLabel, from ontology.ttl."""
    from zwgk.vocabulary.thesaurus import load_thesaurus

    return {_en_key(c.label_en): c.label for c in load_thesaurus().concepts.values() if c.label_en and c.scheme in ("topics", "domains")}


@lru_cache(maxsize=1)
def _concepts_en() -> re.Pattern[str]:
    words = [r"\s+".join(re.escape(w) + "s?" for w in key.split()) for key in sorted(_concept_zh(), key=len, reverse=True)]
    return re.compile(r"(?<![A-Za-z])(?:" + "|".join(words) + r")(?![A-Za-z])", re.IGNORECASE)
