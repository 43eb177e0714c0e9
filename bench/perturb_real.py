#!/usr/bin/env python3
"""The real development set again, each page changed the way another copy of it could be: does the parse hold?

The development set (../shared/eval/real) is what the parser was tuned on, so its score says little about
pages nobody here has seen. This script takes every page and rewrites it the way another site, scraper or
download of the same plan could present it: another encoding, Windows line ends, cells separated by tabs
or full-width bars instead of " | ", site chrome (print / close / font-size links) around the text, blank
lines between the lines. Chrome goes below the text only where the stored page is complete: a page cut off
by the excerpt limit has nothing below its last line. None of them changes what the plan says, so each one
should score what the page itself scores. A change that costs rows or units points at a rule that knows the page, not the genre.

The pages are rewritten into a temporary folder and parsed in-process; nothing is copied into the project.

    python bench/perturb_real.py [--real ../shared/eval/real] [--only NAME ...] [-v]
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from score_real import DEFAULT_REAL, _clean, dev_set

CHROME_TOP = "首页 > 政务公开 > 政府信息公开 > 工作要点\n【字体：大 中 小】 打印本页 关闭窗口\n分享到：\n"
CHROME_BOTTOM = "\n【打印本页】 【关闭窗口】\n主办单位：某某人民政府办公室 网站标识码：0000000000\n"
#: What other sites print: the previous and next article, the editor, link rows, a browser hint.
OTHER_TOP = "您当前的位置：首页 / 信息公开 / 计划总结\n【我要纠错】 【打印正文】\n"
OTHER_BOTTOM = ("\n责任编辑：王某某\n上一篇：关于印发某某工作方案的通知\n下一篇：2022年第一季度政务公开工作情况\n"
                "网站声明 | 网站地图 | 联系我们\n建议使用1280×768分辨率、IE9以上版本浏览器\n")

#: The notice a plan is sent out with, above its table: title, addressees, one paragraph, sender and date.
NOTICE_TOP = ("关于印发某某局2022年政务公开工作要点分工方案的通知\n\n各科室、局属各单位：\n\n"
              "  现将《某某局2022年政务公开工作要点分工方案》印发给你们，请认真抓好落实。\n\n某某局\n\n2022年4月1日\n\n")


#: A rewrite of a page's bytes; the flag says whether the stored page is complete (not cut off).
Rewrite = Callable[[bytes, bool], bytes]


def _text(change: Callable[[str], str]) -> Rewrite:
    return lambda data, complete: change(data.decode("utf-8")).encode("utf-8")


def _framed(top: str, bottom: str) -> Rewrite:
    """Chrome above the text, and below it when the page is complete."""
    return lambda data, complete: (top + data.decode("utf-8") + (bottom if complete else "")).encode("utf-8")


def _tabbed(line: str) -> str:
    """A line as a tab-separated render prints it: tabs between cells, no bar at either end."""
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")] if "|" in line else [line]
    return "\t".join(cells).strip()


#: An item's number at the start of a line or a cell: 1.建立…
_ITEM = re.compile(r"(?m)(^|\| )(\d{1,2})\.(?=[\u4e00-\u9fff])")

#: A trailing responsibility bracket with labelled fields: (牵头单位:X;责任单位:Y;完成时限:Z).
_BRACKET = re.compile(r"\(((?:牵头|责任|配合|落实)(?:单位|科室|部门)[:：][^()]*)\)")


def _reverse_fields(fields: str) -> str:
    """The labelled fields of a bracket in the opposite order, each with its own separator kept."""
    parts = re.split(r"[,;，；](?=[^,;:，；：]{2,6}[:：])", fields)
    return ";".join(reversed(parts))


#: Toned syllables a mirror injects after characters (經(jīng)濟); which syllable does not matter to a parser.
_SYLLABLES = ("zhèng", "wù", "gōng", "kāi", "xìn", "xī", "bàn", "lǐ", "zé", "rèn", "dān", "wèi")


def _pinyin(text: str) -> str:
    """A toned syllable in brackets after every third Han character, as some mirrors print pages."""
    count = 0

    def inject(m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return m.group(0) + (f"({_SYLLABLES[count % len(_SYLLABLES)]})" if count % 3 == 0 else "")
    return re.sub(r"[\u4e00-\u9fff]", inject, text)


def _one_cell_per_line(between: str) -> Callable[[str], str]:
    """A page whose table rows print inline (`a | b | c |`) rendered one cell per line, with `between`
    after each cell (`|` as some scrapers print a table, or a blank line as others do). Nothing marks
    where a row ends any more: the reader has to tell from the cells. Pages without inline rows stay."""
    def render(text: str) -> str:
        lines = text.split("\n")
        if sum(1 for line in lines if line.count("|") >= 2) < 3:
            return text
        out: list[str] = []
        for line in lines:
            if "|" not in line:
                out.append(line)
                continue
            for cell in (c.strip() for c in line.split("|")):
                if cell:
                    out += [cell, between]
        return "\n".join(out)
    return render


def _script(config: str) -> Callable[[str], str]:
    import opencc
    return opencc.OpenCC(config).convert


PERTURBATIONS: dict[str, Rewrite] = {
    "as is": lambda data, complete: data,
    "GB18030": lambda data, complete: data.decode("utf-8").encode("gb18030", errors="replace"),
    "UTF-8 with BOM": lambda data, complete: b"\xef\xbb\xbf" + data,
    "CRLF line ends": _text(lambda t: t.replace("\n", "\r\n")),
    "tabs for ' | '": _text(lambda t: "\n".join(_tabbed(line) for line in t.split("\n"))),
    "full-width bars": _text(lambda t: t.replace("|", "｜")),
    "site chrome around": _framed(CHROME_TOP, CHROME_BOTTOM),
    "site chrome above": _framed(CHROME_TOP, ""),
    "site chrome below": _framed("", CHROME_BOTTOM),
    "other sites' chrome": _framed(OTHER_TOP, OTHER_BOTTOM),
    "a title above": _framed("某某局2022年政务公开工作\n", ""),
    "a cover notice above": _framed(NOTICE_TOP, ""),
    "full-width punctuation": _text(lambda t: t.translate(str.maketrans("():;,?!", "（）：；，？！"))),
    "other unit labels": _text(lambda t: t.replace("责任单位", "责任部门").replace("牵头单位", "牵头部门")
                               .replace("配合单位", "配合部门").replace("责任科室", "责任股室")),
    "items numbered 1、": _text(lambda t: _ITEM.sub(r"\1\2、", t)),
    "items numbered (1)": _text(lambda t: _ITEM.sub(r"\1(\2)", t)),
    "items numbered ①": _text(lambda t: _ITEM.sub(lambda m: m.group(1) + chr(0x245F + int(m.group(2))), t)),
    "headings 第一部分": _text(lambda t: re.sub(r"(?m)(^|\| )([一二三四五六七八九十])、", r"\1第\2部分 ", t)),
    "bracket fields reversed": _text(lambda t: _BRACKET.sub(lambda m: "(" + _reverse_fields(m.group(1)) + ")", t)),
    "bracket fields split by ；": _text(lambda t: _BRACKET.sub(lambda m: "(" + re.sub(r"[,;](?=[^,;:]{2,6}:)", "；", m.group(1)) + ")", t)),
    "bracket fields split by a space": _text(lambda t: _BRACKET.sub(lambda m: "(" + re.sub(r"[,;](?=[^,;:]{2,6}:)", " ", m.group(1)) + ")", t)),
    "bare unit names in the bracket": _text(lambda t: _BRACKET.sub(
        lambda m: "(" + m.group(1).split(":", 1)[1] + ")" if not re.search(r"[,;]", m.group(1)) else m.group(0), t)),
    "bracket fields one per line": _text(lambda t: _BRACKET.sub(
        lambda m: "\n" + re.sub(r"[,;](?=[^,;:]{2,6}:)", "\n", m.group(1)) + "\n", t)),
    "【】 for the bracket": _text(lambda t: _BRACKET.sub(lambda m: "【" + m.group(1) + "】", t)),
    "other header words": _text(lambda t: t.replace("具体要求", "工作措施").replace("完成时限", "完成时间")
                                .replace("工作任务", "重点任务").replace("时限要求", "时间要求")),
    "blank line after each line": _text(lambda t: t.replace("\n", "\n\n")),
    "trailing spaces": _text(lambda t: t.replace("\n", " \u3000\n")),
    "pinyin injected": _text(_pinyin),
    "one cell per line, | between": _text(_one_cell_per_line("|")),
    "one cell per line, blank between": _text(_one_cell_per_line("")),
    "Traditional script": _text(lambda t: _script("s2t")(t)),
    "Simplified script": _text(lambda t: _script("t2s")(t)),
}

#: Rewrites that change the characters themselves: the key and the parse are compared in one script.
COMPARED_AS = {"Traditional script": "t2s", "Simplified script": "t2s"}


def _as(convert: Callable[[str], str], value: object) -> object:
    if isinstance(value, str):
        return convert(value)
    if isinstance(value, list):
        return [_as(convert, v) for v in value]
    if isinstance(value, dict):
        return {k: _as(convert, v) for k, v in value.items()}
    return value


def _comparing(config: str | None) -> Callable[[object], object]:
    """What the key and the parse go through before they are compared: nothing, or a change of script."""
    if config is None:
        return lambda value: value
    convert = _script(config)
    return lambda value: _as(convert, value)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--real", type=Path, default=DEFAULT_REAL)
    ap.add_argument("--only", nargs="*", help="perturbation names to run (default: all)")
    ap.add_argument("-v", "--verbose", action="store_true", help="per page, where a perturbation loses rows")
    args = ap.parse_args(argv)
    real: Path = args.real
    found = dev_set(real)
    if found is None:
        return 0
    scorer, gold_docs = found

    from zwgk.ingest.errors import ParseError
    from zwgk.ingest.parser import parse_file
    from zwgk.ingest.records import task_records

    pages = [p for p in sorted((real / "docs").glob("*.txt")) if p.name in gold_docs]
    names = args.only or list(PERTURBATIONS)
    baseline: dict[str, int] = {}
    print(f"{'perturbation':<28} rows (pred)      unit F1  role   deadline  negatives  crashes")
    with tempfile.TemporaryDirectory(prefix="zwgk-perturb-") as tmp:
        for name in names:
            change = PERTURBATIONS[name]
            same = _comparing(COMPARED_AS.get(name))
            counts, neg_ok, neg_total, crashes = [0] * 10, 0, 0, 0
            for page in pages:
                path = Path(tmp) / page.name
                path.write_bytes(change(page.read_bytes(), not gold_docs[page.name].get("truncated", True)))
                try:
                    plan = parse_file(path)
                except ParseError:
                    plan = None
                except Exception as exc:  # noqa: BLE001 - counting crashes is the point
                    crashes += 1
                    plan = None
                    if args.verbose:
                        print(f"  {name}: {page.name} crashed: {exc!r}")
                rows = [same(_clean(r.to_json())) for r in task_records(plan)] if plan else []
                if not gold_docs[page.name]["is_task_plan"]:
                    neg_total += 1
                    neg_ok += plan is None
                    continue
                s = scorer.score(same(scorer.load(real / "gold" / f"{page.stem}.jsonl")), rows)
                counts = [a + b for a, b in zip(counts, s["_counts"], strict=True)]
                paired = s["_counts"][0]
                if name == "as is":
                    baseline[page.name] = paired
                elif args.verbose and paired < baseline.get(page.name, 0):
                    print(f"  {name}: {page.name} {paired} rows, as is {baseline[page.name]}")
            n_pair, ng, npred, _, tp, fp, fn, rok, rn, dl = counts
            uf1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
            print(f"{name:<28} {n_pair:>3}/{ng} ({npred:>3})    {uf1:.3f}   {rok / max(rn, 1):.3f}  "
                  f"{dl / max(n_pair, 1):.3f}     {neg_ok}/{neg_total}      {crashes}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
