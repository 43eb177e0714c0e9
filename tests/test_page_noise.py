"""What web pages wrap around a plan: injected pinyin, page chrome, CMS metadata fields.

The fixtures are small pages written for these tests, in the shapes mirror
and government CMS sites print.
"""
from __future__ import annotations

from zwgk.ingest.noise import clean_lines, strip_pinyin
from zwgk.ingest.parser import parse_text

LIST = (
    "一、深化重点领域公开\n"
    "(一)公开财政预决算信息。按要求公开部门预决算。(责任单位:财务科)\n"
    "(二)公开行政执法信息。落实行政执法公示制度。(责任单位:法规科)\n"
)


def test_injected_pinyin_is_removed_before_parsing_and_nothing_else_changes():
    text = (
        "某市2030年政務公開工作要點\n"
        "一、深化經(jīng)濟領域公開\n"
        "(一)公開財(cái)政預決算信息。按要求公開部門預決算。(責(zé)任單位:財務(wù)科)\n"
        "(二)公開行政執(zhí)法信息。落實行政執法公示制度。(責任單位:法規科)\n"
    )
    plan = parse_text(text)
    assert [t.requirement for t in plan.tasks] == ["公開財政預決算信息。按要求公開部門預決算。", "公開行政執法信息。落實行政執法公示制度。"]
    assert plan.tasks[0].section == ("一、深化經濟領域公開",)
    assert [u.name for u in plan.tasks[0].units] == ["財務科"]


def test_a_bracketed_word_without_tones_stays_when_the_page_has_no_injections():
    assert strip_pinyin(["下载政务服务(app)客户端"]) == ["下载政务服务(app)客户端"]
    assert strip_pinyin(["關(guān)於開(kāi)展(app)工作", "經(jīng)濟"]) == ["關於開展工作", "經濟"]


def test_page_chrome_and_metadata_fields_are_not_rows_and_feed_the_metadata():
    page = (
        "返回上一级\n\n字号\n\n打印\n"
        "当前位置:首页 > 政务公开 > 政策文件\n"
        "索 引 号 | 0012345/2030-00001 | 分 类 | 部门文件 |\n"
        "发布机构 | 某市交通运输局 | 发文日期 | 2030-03-01 |\n"
        "文 号 | 某交发〔2030〕3号 | 有 效 性 | 有效 |\n"
        "某市交通运输局2030年政务公开工作要点\n"
        + LIST
    )
    lines, noise = clean_lines(page.split("\n"))
    assert noise.fields["发布机构"] == "某市交通运输局"
    assert noise.blanked and all(not lines[k] for k in noise.blanked)
    plan = parse_text(page)
    assert plan.layout == "list"
    assert len(plan.tasks) == 2
    assert plan.title == "某市交通运输局2030年政务公开工作要点"
    assert plan.doc_number == "某交发〔2030〕3号"
    assert plan.year == 2030 and not plan.year_inferred


TABLE = (
    "某县民政局2030年政务公开工作任务分解表\n"
    "序号 | 工作任务 | 责任单位 | 完成时限 |\n"
    "1 | 公开低保对象认定条件和办理流程。 | 社会救助股 | 6月底前 |\n"
    "2 | 做好养老服务政策解读。 | 养老服务股 | 持续推进 |\n"
)


CHROME_ABOVE = "您当前的位置：首页 / 信息公开 / 计划总结\n【字体：大 中 小】 打印本页 关闭窗口\n【我要纠错】 【打印正文】\n"
CHROME_BELOW = (
    "【打印本页】 【关闭窗口】\n责任编辑：王某某\n上一篇：关于印发某某方案的通知\n下一篇：某某工作情况\n"
    "网站声明 | 网站地图 | 联系我们\n主办单位：某县人民政府办公室 网站标识码：0000000000\n"
    "皖ICP备05001234号\n建议使用1280×768分辨率、IE9以上版本浏览器\n"
)


def test_widgets_footers_and_link_rows_around_a_table_are_not_part_of_its_last_row():
    plan = parse_text(CHROME_ABOVE + TABLE + CHROME_BELOW)
    assert [(t.requirement, [u.name for u in t.units], t.deadline.raw) for t in plan.tasks] == [
        ("公开低保对象认定条件和办理流程。", ["社会救助股"], "6月底前"),
        ("做好养老服务政策解读。", ["养老服务股"], "持续推进"),
    ]


def test_a_list_whose_last_item_runs_on_does_not_swallow_the_page_footer():
    # A list item goes on over the lines after it, so the footer used to end up in its requirement.
    plan = parse_text(CHROME_ABOVE + "某市交通运输局2030年政务公开工作要点\n" + LIST + "(三)深化重点领域信息公开。继续\n"
                      + CHROME_BELOW)
    assert [t.requirement for t in plan.tasks][-1] == "深化重点领域信息公开。继续"
    assert plan.title == "某市交通运输局2030年政务公开工作要点"


def test_a_cell_that_names_its_organiser_is_the_plans_own_text():
    # 主办单位：… alone is a unit cell; only beside another site label (网站标识码, 联系电话 …) is it a footer.
    lines, _ = clean_lines(["主办单位：县政府办", "主办单位：某县人民政府 联系电话：0551-1234567", "推进大中小学思政课建设"])
    assert lines == ["主办单位：县政府办", "", "推进大中小学思政课建设"]


def test_labelled_metadata_lines_and_a_signature_give_title_issuer_region_and_number():
    page = (
        "索 引 号: WB0001-2030-002 主题分类: 区政府委办局\n"
        "发布机构: 区人社局 发文日期: 2030-05-16\n"
        "名 称: 关于印发《2030年嘉定区人力资源和社会保障局政务公开工作要点》的通知\n"
        "文 号: 嘉人社发〔2030〕16号 公开类型: 主动公开\n\n"
        "局机关各科室、局属各单位:\n"
        "现将《2030年嘉定区人力资源和社会保障局政务公开工作要点》印发给你们,请认真贯彻执行。\n"
        "上海市嘉定区人力资源和社会保障局\n"
        "2030年5月16日\n"
        + LIST
    )
    plan = parse_text(page)
    assert plan.title == "关于印发《2030年嘉定区人力资源和社会保障局政务公开工作要点》的通知"
    assert plan.issuer == "上海市嘉定区人力资源和社会保障局" and not plan.issuer_inferred
    assert plan.region.chain == ("上海市", "嘉定区")
    assert plan.doc_number == "嘉人社发〔2030〕16号"
    assert plan.policies == ()  # the notice's own annex is not a cited policy


def test_a_traditional_signature_is_the_issuer_as_printed():
    page = (
        "部屬各單位、部內各司局:\n"
        "現將《交通運輸部2030年政務公開工作要點》印發給你們,請認真貫徹落實。\n"
        "交通運輸部辦公廳\n"
        "2030年4月27日\n"
        "交通運輸部2030年政務公開工作要點\n"
        + LIST
    )
    plan = parse_text(page)
    assert plan.issuer == "交通運輸部辦公廳"
    assert plan.title == "交通運輸部2030年政務公開工作要點"
    assert plan.year == 2030


def test_an_unsigned_notice_to_a_district_government_comes_from_its_office_flagged_as_inferred():
    page = (
        "各乡(镇)人民政府、街道办事处,区政府各部门:\n"
        "为做好当前政务公开工作,助力东洲区全面振兴,现将重点工作任务分解如下:\n"
        + LIST
    )
    plan = parse_text(page)
    assert plan.issuer == "抚顺市东洲区人民政府办公室"
    assert plan.issuer_inferred
    assert plan.region.chain == ("辽宁省", "抚顺市", "东洲区")


def test_a_year_only_the_content_suggests_is_flagged():
    page = "某局政务公开工作要点\n为做好2030年政务公开工作,制定本要点。\n" + LIST
    plan = parse_text(page)
    assert plan.year == 2030 and plan.year_inferred


def test_cited_policies_keep_their_numbers_and_skip_abbreviations_and_periodicals():
    page = (
        "某县2030年政务公开工作要点\n"
        "根据《国务院办公厅关于印发2030年政务公开工作要点的通知》(国办发〔2030〕8号)和《条例》要求,"
        "结合《政务公开工作交流》刊载的经验,制定本要点。\n"
        + LIST
    )
    plan = parse_text(page)
    assert [(p.title, p.number) for p in plan.policies] == [("国务院办公厅关于印发2030年政务公开工作要点的通知", "国办发〔2030〕8号")]


def test_a_citation_with_the_plans_own_title_but_another_number_is_another_document():
    page = (
        "持续深化政务公开做好当前重点工作的任务分解\n"
        "深入贯彻落实《持续深化政务公开做好当前重点工作的任务分解》(某省政办〔2030〕6号)精神,现分解如下:\n"
        + LIST
    )
    plan = parse_text(page)
    assert [(p.title, p.number) for p in plan.policies] == [("持续深化政务公开做好当前重点工作的任务分解", "某省政办〔2030〕6号")]
