"""Chinese tokenisation for indexing and queries.

jieba with a domain dictionary (ontology labels and altLabels, unit names,
policy titles) so 依申请公开, 政务新媒体 and 宣传与思想政治教育处 stay whole.
Documents are cut in search mode (whole words plus their dictionary
sub-words, for recall); queries in precise mode.

Documents on jieba's own dictionary are cut by jieba-rs (the rjieba binding):
jieba's algorithm, dictionary and HMM ported to Rust, 4.5 times faster, and the
same tokens except on a few characters (`_RUST_DIFFERS`): a text holding one is
cut by jieba itself (tests/test_analyzer.py holds the two to the same tokens).
At a million tasks the cutting was the largest part of the index build.

jieba's default dictionary takes ~0.6 s to load. Queries do not need it:
the index saves its own vocabulary (every token it holds, with counts) as a
jieba dictionary, and the query analyzer loads that in milliseconds — a
query word the index has never seen could not match anyway.
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from zwgk.model.text import fold

__all__ = ["Analyzer", "STOPWORDS", "CUT_VERSION", "normalise"]

#: Changes when `Analyzer.index_tokens` cuts a text differently, so no build reuses tokens cut before
#: (2: every domain word a text holds is a token).
CUT_VERSION = 2

#: Function words and question words that carry no topic.
STOPWORDS = frozenset(
    """的 了 和 与 及 以及 或 等 在 对 于 为 是 把 将 由 从 向 按 按照 根据 关于 有关 相关 进行 开展 加强 做好 推进 落实
    进一步 切实 认真 积极 及时 全面 持续 不断 深入 有效 要 应 应当 并 其 中 内 上 下 各 各类 一 个 之 以 就 也 还 都 所
    谁 谁来 哪个 哪些 哪家 什么 怎么 如何 怎样 吗 呢 啊 吧 找 问 请问 负责 牵头 配合 哪 是否 由谁 主要
    , . ; : ! ? 、 。 ， ； ： ！ ？ “ ” ‘ ’ 《 》 （ ） ( ) 【 】 — - … · / \\ | " '""".split()
)

_SPACE = re.compile(r"\s+")
#: jieba frequency of a word the tokenizer must keep whole: high enough to beat any split of it.
USER_WORD_FREQ = 50_000
#: Where jieba-rs and jieba cut differently, found by comparing the two on 300k random strings: runs of
#: letters and digits joined by . _ - (2023-2025, www.gov.cn: one token in jieba-rs, several in jieba), and
#: ideographs outside U+4E00–U+9FD5, which jieba-rs alone counts as Chinese. Texts holding one go to jieba.
_RUST_DIFFERS = re.compile(r"[._\-\u3400-\u4dbf\u9fd6-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")


def normalise(text: str) -> str:
    """Width fold, Traditional → Simplified, lower-case Latin, no whitespace."""
    return _SPACE.sub("", fold(text)).lower()


def _quiet_jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.CRITICAL)  # also its traceback when another user's /tmp/jieba.cache cannot be replaced
    return jieba


class Analyzer:
    """A jieba tokenizer plus the words it must keep whole; each tokenizer is loaded on first use."""

    def __init__(self, dictionary: Path | None = None, user_words: Iterable[str] = (), cache_dir: Path | None = None):
        self._dictionary, self._cache_dir = dictionary, cache_dir
        self.user_words = sorted({normalise(w) for w in user_words if len(normalise(w)) >= 2})
        self._jieba: Any = None
        self._finder: Any = None
        self._rust: Any = None

    def _python(self) -> Any:
        if self._jieba is None:
            jieba, dictionary = _quiet_jieba(), self._dictionary
            tok = jieba.Tokenizer(dictionary=str(dictionary)) if dictionary else jieba.Tokenizer()
            if self._cache_dir is not None:
                tok.tmp_dir = str(self._cache_dir)
                if dictionary:  # named after its dictionary, so the index's clean-up knows whose it is
                    tok.cache_file = f"{Path(dictionary).name}.cache"
            for word in self.user_words:
                tok.add_word(word, freq=USER_WORD_FREQ)
            self._jieba = tok
        return self._jieba

    def _jieba_rs(self) -> Any:
        if self._rust is None:
            import rjieba

            tok = rjieba.Jieba()
            for word in self.user_words:
                tok.add_word(word, USER_WORD_FREQ, None)
            self._rust = tok
        return self._rust

    def _documents(self, key: str) -> Any:
        """jieba-rs on jieba's default dictionary, unless the text holds what the two cut differently."""
        if self._dictionary is not None or _RUST_DIFFERS.search(key):
            return self._python()
        return self._jieba_rs()

    def warm(self) -> None:
        """Load the document tokenizers now: forked workers then share them instead of each loading its own."""
        self._python()
        self._domain_words("")
        if self._dictionary is None:
            self._jieba_rs()

    def index_tokens(self, text: str) -> list[str]:
        """Search-mode tokens of a document (whole words and their sub-words), and every domain word the
        text holds that the cut did not give: jieba keeps one path through overlapping words (政策/解读质量
        loses 政策解读) and gives sub-words of two or three characters only (行政规范性文件 has no
        规范性文件), so a query for such a word would not have found the text."""
        key = normalise(text)
        tokens = [t for t in self._documents(key).cut_for_search(key) if t not in STOPWORDS and t.strip()]
        found = self._domain_words(key)
        if found:  # a word the cut gave keeps the cut's count (a set, not a count per word: 3x cheaper)
            cut = set(tokens)
            tokens += [word for word in found if word not in cut]
        return tokens

    def _domain_words(self, key: str) -> list[str]:
        """Every occurrence of a user word in `key`, overlapping ones included (Aho–Corasick: one pass
        over the text whatever the number of words)."""
        if self._finder is None:
            import ahocorasick

            finder = ahocorasick.Automaton()
            for word in self.user_words:
                if word not in STOPWORDS:
                    finder.add_word(word, word)
            finder.make_automaton()
            self._finder = finder
        if not len(self._finder):  # no words: an automaton never made cannot be searched
            return []
        return [word for _, word in self._finder.iter(key)]

    def words(self, text: str) -> list[str]:
        """The dictionary's words in `text` as it is (nothing folded or dropped), every other character alone:
        they add up to the text, so a question reader can tell a filler standing alone (泗县的…) from one
        inside a known word (国有土地上…). No HMM: it would join unknown characters (科负责)."""
        return list(self._python().cut(text, HMM=False))

    def query_tokens(self, text: str) -> list[str]:
        """Precise-mode tokens of a query, stop words dropped."""
        return [t for t in self._python().cut(normalise(text), HMM=True) if t not in STOPWORDS and t.strip()]

    @staticmethod
    def save_vocabulary(counts: Counter[str], user_words: Iterable[str], path: Path) -> None:
        """Write the index's tokens as a jieba dictionary for fast query analyzers."""
        words = Counter({w: c for w, c in counts.items() if " " not in w})
        for word in user_words:
            word = normalise(word)
            if len(word) >= 2:
                words[word] = max(words[word], USER_WORD_FREQ)
        path.write_text("\n".join(f"{w} {c}" for w, c in sorted(words.items())) + "\n", encoding="utf-8")
