"""Government portal pages (.html/.htm/.shtml): the article's notice text and tables.

Portal pages wrap the plan in navigation, banners, 索引号 boxes, related
links and footers. Chrome is dropped by tag (nav, header, footer, script …)
and by the class/id names portals use for it; the article is then the
element that holds nearly all the remaining text, without going past the
article's own title. Tables nested in layout tables are read innermost;
rowspan and colspan are resolved into the slots render.py applies the merge
policy to. Pages come in GBK/GB2312 as often as UTF-8: the declared charset
is tried first, then the same detection plain text gets.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from zwgk.ingest.decode import decode_bytes
from zwgk.ingest.document import Document
from zwgk.ingest.errors import ParseError
from zwgk.ingest.limits import HEADER_SLACK, check_rows
from zwgk.ingest.readers.render import ABOVE, LEFT, DocumentBuilder, Slot

__all__ = ["read_html", "decode_html"]

_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "cp936": "gb18030",
            "utf8": "utf-8", "big5-hkscs": "big5hkscs"}

_CHROME_TAGS = {"script", "style", "noscript", "nav", "header", "footer", "aside", "iframe", "form", "select",
                "button", "input", "textarea", "object", "embed", "svg", "head", "template"}
_CHROME_NAME = re.compile(
    r"(?:^|[\s_-])(?:nav\w*|menu\w*|footer|foot|bottom|header|topbar|top|banner|breadcrumbs?|crumbs?|position|"
    r"location|sidebar|side|share|copyright|friendlink|links|login|toolbar|search)(?:$|[\s_-])", re.I)
#: Names of the article's own parts ("article-header", "content-top"): never chrome.
_ARTICLE_NAME = re.compile(r"article|content|detail|title|main|zoom|zwgk|wenzhang|TRS_|xxgk", re.I)
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
               "dl", "dt", "dd", "blockquote", "pre", "center", "address", "hr", "tr", "caption", "figure",
               "figcaption", "body", "html", "tbody", "thead", "tfoot", "td", "th", "table", "br"}
_TITLE_TAGS = {"h1", "h2", "h3"}
_LINK_BLOCKS = ("ul", "ol", "dl", "div", "td", "tr", "table", "p")
_CJK = re.compile(r"[\u3400-\u9fff]")
_WS_NEWLINE_CJK = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t\r\n]*\n[ \t\r\n]*(?=[\u3000-\u9fff\uff00-\uffef])")
_WS = re.compile(r"[ \t\r\n\f\v]+")


def decode_html(data: bytes) -> str:
    """The page's text: its declared charset when that decodes cleanly, else detection."""
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        m = _META_CHARSET.search(data[:8192])
        if m:
            name = m.group(1).decode("ascii", "replace").lower()
            try:
                return data.decode(_ALIASES.get(name, name))
            except (UnicodeDecodeError, LookupError):
                pass  # a wrong declaration is common (a GBK page that says UTF-8)
    return decode_bytes(data)


def read_html(data: bytes) -> Document:
    """An HTML page → Document; ParseError when it is empty, undecodable or cut off."""
    from lxml import etree
    from lxml import html as lhtml

    text = _XML_DECL.sub("", decode_html(data))
    _check_complete(text)
    try:
        root = lhtml.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"unreadable HTML page ({exc})") from exc
    _drop_chrome(root)
    body = _article(root)
    builder = DocumentBuilder("html")
    lines = _Lines(builder.paragraph)
    _walk(body, lines, builder)
    lines.end()
    return builder.document()


def _check_complete(text: str) -> None:
    """A page cut off inside a table would parse into part of the plan: refuse it."""
    lower = text.lower()
    if "<html" in lower and "</html" not in lower and lower.count("<table") > lower.count("</table"):
        raise ParseError("truncated HTML page (ends inside a table, no </html>)")


def _cjk(text: str | None) -> int:
    return len(_CJK.findall(text)) if text else 0


def _drop_chrome(root: Any) -> None:
    from lxml import etree

    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        _drop(el)
    total = max(_cjk(root.text_content()), 1)
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        name = f"{el.get('class', '')} {el.get('id', '')}"
        if el.tag in _CHROME_TAGS or (_CHROME_NAME.search(name) and not _ARTICLE_NAME.search(name)):
            # never drop what holds the plan itself (a wrapper named "top" around everything)
            if el.tag in ("head", "script", "style") or _cjk(el.text_content()) < 0.5 * total:
                _drop(el)
    for el in list(root.iter(*_LINK_BLOCKS)):
        if el.getparent() is not None and _link_list(el):
            _drop(el)


def _link_list(el: Any) -> bool:
    """Menus and 相关链接 lists in table-layout pages that name nothing: mostly links."""
    links = list(el.iter("a"))
    if len(links) < 3 or (el.tag != "table" and next(el.iter("table"), None) is not None):
        return False  # a block around a table: the table decides for itself
    text = _cjk(el.text_content())
    return text > 0 and sum(_cjk(a.text_content()) for a in links) >= 0.7 * text


def _drop(el: Any) -> None:
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:  # keep the text after the element
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _own_text(el: Any) -> int:
    """CJK characters in an element outside links (navigation is mostly links)."""
    count = _cjk(el.text_content())
    for a in el.iter("a"):
        count -= _cjk(a.text_content())
    return count


def _article(root: Any) -> Any:
    """Descend from <body> while one child holds nearly all the text, but never past
    a child whose sibling is the article's title (h1–h3)."""
    node = root.find("body")
    node = root if node is None else node
    while True:
        children = [c for c in node if isinstance(c.tag, str)]
        total = _own_text(node)
        if not children or total == 0:
            return node
        counts = [_own_text(c) for c in children]
        best = max(range(len(children)), key=counts.__getitem__)
        if counts[best] < 0.9 * total or children[best].tag in ("table", "tr", "td", "th", "tbody"):
            return node
        if any(c.tag in _TITLE_TAGS and _cjk(c.text_content()) for k, c in enumerate(children) if k != best):
            return node
        node = children[best]


def _norm(text: str) -> str:
    text = text.replace("\xa0", " ")
    return _WS.sub(" ", _WS_NEWLINE_CJK.sub("", text))


class _Lines:
    """Inline text gathered into lines: a block element or <br> ends the line."""

    def __init__(self, emit: Callable[[str], None]) -> None:
        self._emit = emit
        self._parts: list[str] = []

    def add(self, text: str) -> None:
        self._parts.append(_norm(text))

    def end(self) -> None:
        line = "".join(self._parts).strip()
        self._parts.clear()
        if line:
            self._emit(line)


def _walk(el: Any, lines: _Lines, builder: DocumentBuilder | None) -> None:
    """Render an element's content in order; data tables (no table inside) go to the
    builder as grids, layout tables are walked through like any block."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if builder is not None and tag == "table" and not any(t is not el for t in el.iter("table")):
        lines.end()
        builder.table(_slots(el))
        return
    block = tag in _BLOCK_TAGS
    if block:
        lines.end()
    if el.text and tag:
        lines.add(el.text)
    for child in el:
        if isinstance(child.tag, str):
            _walk(child, lines, builder)
        if child.tail:
            lines.add(child.tail)
    if block:
        lines.end()


def _cell_text(cell: Any) -> str:
    """A cell's paragraphs (p, div, br) as lines."""
    out: list[str] = []
    lines = _Lines(out.append)
    _walk(cell, lines, None)
    lines.end()
    return "\n".join(out)


def _span(value: str | None, limit: int) -> int:
    try:
        n = int(str(value).strip()) if value is not None else 1
    except ValueError:
        return 1
    return min(n, limit) if n >= 1 else 1


def _slots(table: Any) -> list[list[Slot]]:
    """rowspan/colspan resolved the way browsers lay a table out."""
    rows = [tr for tr in table.iter("tr") if next(tr.iterancestors("table"), None) is table]
    check_rows(len(rows), HEADER_SLACK)
    grid: dict[tuple[int, int], Slot] = {}
    width = 0
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while (r, c) in grid:
                c += 1
            rowspan = _span(cell.get("rowspan"), len(rows) - r)
            colspan = _span(cell.get("colspan"), 100)
            grid[(r, c)] = _cell_text(cell)
            for dc in range(1, colspan):
                grid.setdefault((r, c + dc), LEFT)
            for dr in range(1, rowspan):
                for dc in range(colspan):
                    grid.setdefault((r + dr, c + dc), ABOVE)
            c += colspan
            width = max(width, c)
    return [[grid.get((r, c), "") for c in range(width)] for r in range(len(rows))]
