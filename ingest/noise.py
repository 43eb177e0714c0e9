"""What web pages add around and inside a plan, taken out before parsing.

Mirror sites inject Hanyu Pinyin after characters (經(jīng)濟); CMS pages
print chrome (返回上一级, 打印, 当前位置：首页 > …) and a block of metadata
fields (索引号 | … | 发布机构 | …, 文号：…, • bullet values) above the
text; mojibake turns ideographic indentation into `? ?`. None of these is
part of the plan, and the metadata block looks like a table to a layout
detector, so such lines are blanked (line numbers stay) and the metadata
fields are kept aside for ingest/metadata.py, which trusts them more than
anything it could infer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from zwgk.model.text import fold, squeeze

__all__ = ["PageNoise", "strip_pinyin", "clean_lines"]

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
#: Pinyin in brackets right after a CJK character: 經(jīng)濟, 關(guān)于.
_PINYIN = re.compile(rf"(?<=[\u3400-\u9fff])[(（]([a-z{_TONED}ü]{{1,7}})[)）]")
_HAS_TONE = re.compile(f"[{_TONED}]")

#: Labels of the metadata block a CMS prints above a document (after fold + squeeze).
_FIELD_LABELS = (
    "索引号", "主题分类", "体裁分类", "组配分类", "服务对象分类", "分类", "发布机构", "发文机关", "发文单位", "信息来源",
    "文章来源", "来源", "文号", "发文字号", "发文日期", "成文日期", "发布日期", "发布时间", "发表时间", "更新时间",
    "生成日期", "公开日期", "名称", "标题", "公开类型", "公开属性", "公开期限",
    "有效性", "是否有效", "浏览次数", "访问次数", "点击", "点击数", "文字大小", "字号", "主题词", "关键词", "所属机构",
    "信息访问次数", "阅读次数", "效力状态", "实施日期", "废止日期", "文件编号",
)
#: A label in a raw line, letters possibly spaced (索 引 号), then : ： or |.
_SPACED = "|".join(r"\s*".join(re.escape(c) for c in x) for x in sorted(_FIELD_LABELS, key=len, reverse=True))
_FIELD = re.compile(rf"({_SPACED})\s*[:|]")
_STARTS_FIELD = re.compile(rf"^\s*[•·▪◦\-*]?\s*(?:{_SPACED})\s*[:|]")
#: Breadcrumbs: 当前位置：首页 > 政务公开 > …, 首页>政府信息公开 > 政策法规.
_WHERE = r"您?(?:当前|现在)?(?:的|所在)?(?:位置|所在)"  # 当前位置, 您的位置, 您现在的位置, 您当前所在位置
_BREADCRUMB = re.compile(rf"^\s*(?:{_WHERE})?\s*:?\s*首页\s*[>»/]|^\s*{_WHERE}\s*[:>]")
#: Page widgets that are whole lines.
_WIDGET = re.compile(
    r"^(?:返回上一级|返回|字号|打印|关闭|打印本页|关闭窗口|收藏|分享到:?|相关附件|相关链接|媒体报道|音频视频|部门解读|图解类|"
    r"新闻发布会|访谈|扫一扫在手机打开当前页|文章关键词:?|-?相关新闻|大中小|【?大】?【?中】?【?小】?|【打印】【关闭】|"
    r"不能读取语音阅读器|无障碍|繁体版|简体版|[0-9A-Za-z_\-]+\.(?:png|jpg|gif|jpeg)|"
    r"我要纠错|纠错|打印正文|返回顶部|返回首页|网站声明|隐私声明|网站地图|联系我们|关于我们|使用帮助)$"
)
#: A font-size switcher, however it is bracketed: 字体：大 中 小, 【字号：大】【中】【小】, 文字大小：默认 大 中 小.
_FONT_SIZES = re.compile(r"(?:字体|字号|文字大小)?\s*:?\s*(?:[【\[(]?\s*(?:大|中|小|默认)\s*[】\])]?\s*){2,4}")
#: Where a line of several widgets splits: spaces, bars, brackets around each one.
_WIDGET_SPLIT = re.compile(r"[\s|【】\[\]]+")
#: The site's footer below the text, never a plan's words: its codes and copyright, the editor, the previous
#: and next article, a browser hint. 主办单位/承办单位 alone could label a plan's own cell (主办单位：县政府办),
#: so they count only beside another label of the site (_SITE_LABELS, twice on one line).
_FOOTER = re.compile(r"^(?:网站标识码|技术支持|版权所有|责任编辑|上一篇|下一篇|上一条|下一条)\s*[:|]"
                     r"|^建议(?:您)?(?:使用|采用).{0,40}(?:浏览器|分辨率)"
                     r"|网站标识码\s*:?\s*\w{6,}|ICP\s*备\s*\d|公网安备\s*\d|^copyright\b|^©", re.IGNORECASE)
_SITE_LABELS = re.compile(r"(主办单位|承办单位|网站标识码|技术支持|联系电话|地址|邮编)\s*:")
_BULLET = re.compile(r"^\s*[•·▪◦]\s*(\S.*)$")
_QMARK_INDENT = re.compile(r"^[?？](?:[\s?？]*)(?=[\u3400-\u9fff(（〔一二三四五六七八九十0-9])")
_HEAD_ZONE = 25  # chrome and metadata live above the text …
_TAIL_ZONE = 30  # … or below it


@dataclass
class PageNoise:
    """Metadata fields the page printed (label → value, first wins) and the
    values of an unlabelled bullet block (27-style • lines), in order."""

    fields: dict[str, str] = field(default_factory=dict)
    bullets: list[str] = field(default_factory=list)
    blanked: list[int] = field(default_factory=list)  # 0-based lines taken out
    #: The page printed its furniture (打印本页, 上一篇, the site's footer) after the text: a table that runs
    #: to the last line of text ended there, it was not cut off.
    closed: bool = False

    def get(self, *labels: str) -> str | None:
        for label in labels:
            if self.fields.get(label):
                return self.fields[label]
        return None


def strip_pinyin(lines: list[str]) -> list[str]:
    """Remove injected pinyin. A bracket without a tone mark (的(de), 网站(app))
    is only taken when the page shows toned injections elsewhere."""
    text = "\n".join(lines)
    hits = _PINYIN.findall(text)
    if not hits:
        return lines
    toned = sum(1 for h in hits if _HAS_TONE.search(h))
    if toned == 0:
        return lines
    drop_all = toned >= 3
    return [_PINYIN.sub(lambda m: "" if drop_all or _HAS_TONE.search(m.group(1)) else m.group(0), s) for s in lines]


def _fields(line: str) -> dict[str, str]:
    """label → value of every `label: value` / `label | value |` pair on a line."""
    f = fold(line)
    marks = list(_FIELD.finditer(f))
    out: dict[str, str] = {}
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(line)
        value = line[m.end():end].strip(" \t|\u3000\u00a0")
        out.setdefault(squeeze(m.group(1)), value)
    return out


def _is_chrome(line: str) -> bool:
    """A breadcrumb, a site-footer line, or a line made only of page widgets (打印本页 关闭窗口,
    【字体：大 中 小】 打印 关闭): pages print them one to a line or several on one."""
    folded = fold(line)
    s = squeeze(folded)
    footer = _FOOTER.search(folded.strip()) or len(set(_SITE_LABELS.findall(folded))) >= 2
    if _BREADCRUMB.match(folded) or _WIDGET.match(s) or footer:
        return True
    sizes = _FONT_SIZES.sub(" ", folded)
    words = [w for w in _WIDGET_SPLIT.split(sizes) if w]
    if not all(_WIDGET.match(w) for w in words):
        return False
    return len(words) >= 2 or squeeze(sizes) != s  # several widgets, or a font-size switcher (and widgets)


def clean_lines(lines: list[str]) -> tuple[list[str], PageNoise]:
    """(lines with pinyin removed and chrome/metadata lines blanked, what was found)."""
    lines = strip_pinyin(lines)
    noise = PageNoise()
    out = []
    n = len(lines)
    for k, line in enumerate(lines):
        m = _QMARK_INDENT.match(line)
        if m:  # `? ?二、重点任务`: mojibake of an ideographic indent
            line = " " * m.end() + line[m.end():]
        zone = k < _HEAD_ZONE or k >= n - _TAIL_ZONE
        blank = False
        found = _fields(line) if zone and _STARTS_FIELD.match(fold(line)) else {}
        # `公开时限 |` alone is a catalogue's header cell, not a metadata field.
        if found and (len(found) >= 2 or any(found.values()) or "|" not in line):
            for label, value in found.items():
                noise.fields.setdefault(label, value)
            blank = True
        elif zone and _is_chrome(line):
            blank = True
        elif k < _HEAD_ZONE and (b := _BULLET.match(line)) and "。" not in line and len(squeeze(line)) <= 40:
            noise.bullets.append(b.group(1).strip())
            blank = True
        if blank:
            noise.blanked.append(k)
            line = ""
        out.append(line)
    last = next((k for k in range(n - 1, -1, -1) if out[k].strip()), -1)
    noise.closed = any(k > last for k in noise.blanked)
    return out, noise
