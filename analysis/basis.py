"""The documents a group of copied sentences goes back to: the phrase most of its plans' cited titles share.

Two plans of one campaign cite different documents of it (泗县 its county's and
宿州's plan, 石台 池州's and Anhui's notice); what the titles share is the
campaign's name (基层政务公开提升行动). `shared_basis` finds that phrase and the
documents about it, highest level first, for `diffusion` (analysis/diffusion.py).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import TypedDict

from zwgk.analysis.corpus import LEVEL_RANK
from zwgk.model.roles import Level
from zwgk.model.text import fold_key

__all__ = ["shared_basis", "Basis", "BasisDocument", "Citation", "CitingPlan"]


class Citation(TypedDict):
    """A document a plan implements (model.records.PolicyCitation's JSON)."""

    title: str | None
    number: str | None


class BasisDocument(TypedDict):
    """A cited document about the shared phrase, its level and the plans citing it."""

    title: str
    number: str | None
    level: Level | None
    cited_by: list[str]


class Basis(TypedDict):
    """The phrase the documents cited by most of a group's plans share (基层政务公开提升行动), and those documents."""

    phrase: str
    plans: int
    of: int
    documents: list[BasisDocument]


class CitingPlan(TypedDict):
    """What the basis reads of a plan: its id and the documents it implements."""

    doc: str
    policies: list[Citation]


_SUBJECT = re.compile(r"关于(?:印发|开展|做好|推进|进一步|加强|转发)?(.+?)(?:的(?:通知|意见|函|决定|批复))?$")


_SCOPE = re.compile(r"^(?:全[国省市县区]|本[省市县区]|\d{4}年(?:度)?)")


@lru_cache(maxsize=65536)
def _subject(title: str) -> str:
    """What a cited document is about: 基层政务公开提升行动实施方案 out of
    泗县…关于印发全县基层政务公开提升行动实施方案的通知 (scope words and place names dropped)."""
    key = fold_key(title).strip("《》")
    m = _SUBJECT.search(key)
    subject = m.group(1) if m else key
    from zwgk.ingest.regions import find_regions

    while True:
        spans = find_regions(subject)
        cut = spans[0][2] if spans and spans[0][1] == 0 else 0
        scope = _SCOPE.match(subject)
        cut = cut or (scope.end() if scope else 0)
        if not cut or cut >= len(subject):
            return subject
        subject = subject[cut:]


def _doc_level(policy: Citation) -> Level | None:
    """The administrative level of a cited document, from the place its title starts with or its 文号."""
    title = policy.get("title") or ""
    number = policy.get("number") or ""
    if title.startswith(("国务院", "国家", "中共中央", "中华人民共和国")) or number.startswith("国"):
        return Level.national
    from zwgk.ingest.regions import find_regions

    spans = find_regions(title)
    if spans and spans[0][1] == 0:
        return Level(spans[0][0].level)
    return None


@lru_cache(maxsize=65536)
def _grams(subjects: frozenset[str], n: int) -> frozenset[str]:
    return frozenset(s[a : a + n] for s in subjects for a in range(len(s) - n + 1))


def shared_basis(plans: Sequence[CitingPlan], min_len: int = 6, max_plans: int = 30) -> Basis | None:
    """The longest phrase that the documents cited by most of these plans share, and those documents.

    Two plans of one campaign cite different documents of it (泗县 its county's and
    宿州's plan, 石台 池州's and Anhui's notice); what the titles share is its name.
    The reach of a phrase (plans citing a document whose subject contains it) is
    at most that of each of its min_len-character pieces, so the best reach is
    the best piece's, and the phrase grows only over runs of such pieces.
    """
    plans = [p for p in plans if p.get("policies")][:max_plans]
    if len(plans) < 2:
        return None
    # Plans citing the same subjects count together.
    subject_sets = Counter(frozenset(_subject(q["title"]) for q in p["policies"] if q.get("title")) for p in plans)
    pieces: Counter = Counter()
    for subjects, n in subject_sets.items():
        for g in _grams(subjects, min_len):
            pieces[g] += n
    top = max(pieces.values(), default=0)
    if top < 2:
        return None

    def reach(phrase: str) -> int:
        return sum(n for subjects, n in subject_sets.items() if any(phrase in s for s in subjects))

    best: tuple[int, int, str] | None = None
    # Of two phrases as long and as widely cited, the first found wins: the subjects are read in a fixed
    # order (sets of the most plans first, then by text), not in the sets' hash order, which changes with
    # every process (PYTHONHASHSEED) and gave two runs over one store different answers.
    for subjects in sorted(subject_sets, key=lambda ss: (-subject_sets[ss], sorted(ss))):
        for s in sorted(subjects):
            ok = [pieces.get(s[a : a + min_len], 0) == top for a in range(len(s) - min_len + 1)]
            a = 0
            while a < len(ok):
                if not ok[a]:
                    a += 1
                    continue
                b = a
                while b + 1 < len(ok) and ok[b + 1]:
                    b += 1
                span = s[a : b + min_len]
                for length in range(len(span), (best[1] if best else min_len - 1), -1):
                    hit = next((span[i : i + length] for i in range(len(span) - length + 1)
                                if reach(span[i : i + length]) == top), None)
                    if hit:
                        best = (top, length, hit)
                        break
                a = b + 1
    if best is None:
        return None
    docs: dict[str, BasisDocument] = {}
    for p in plans:
        for q in p["policies"]:
            title = q["title"]
            subject = _subject(title) if title else ""
            # a document about the phrase, or the campaign the phrase implements (…行动 ⊂ …行动实施方案)
            if title and subject and (best[2] in subject or (len(subject) >= min_len and subject in best[2])):
                key = q.get("number") or title
                entry = docs.setdefault(key, {"title": title, "number": q.get("number"), "level": _doc_level(q),
                                              "cited_by": []})
                entry["cited_by"].append(p["doc"])
    ordered = sorted(docs.values(), key=lambda d: (LEVEL_RANK.get(d["level"] or "", 9), -len(d["cited_by"]), d["title"]))
    return {"phrase": best[2], "plans": best[0], "of": len(plans), "documents": ordered}
