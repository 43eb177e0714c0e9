"""Pages that look like task plans but are not: `zwgk parse` must say so and print no rows.

Each fixture is a short page of one kind, written for this test. A plan
assigns requirements to units; these pages talk about the same work without
doing that, and the parser must tell from the page itself (exit 1, one line
`not a task plan: <reason>`).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from zwgk.cli import app

runner = CliRunner()

LOOKALIKES = {
    "yaodian-prose": (
        "某区卫生健康委2030年政务公开工作要点\n\n"
        "2030年,为进一步加强政务公开工作,结合实际,制定本要点。\n\n"
        "1、依法落实主动公开。持续做好法定主动公开内容的更新维护,及时公开规范性文件。\n\n"
        "2、推进重点工作信息发布。做好分级诊疗等重要政策公开,公开便民惠民政策。\n\n"
        "3、加强政策解读。坚持政策解读与政策文件同步起草、同步审签、同步发布。\n\n"
        "4、做好依申请公开。规范受理、办理、答复流程,提高答复质量。\n"
    ),
    "cover-notice": (
        "某省市场监督管理局办公室关于印发2030年政务公开工作主要任务分解表的通知\n"
        "局机关各处室、各直属单位:\n"
        "现将《2030年政务公开工作主要任务分解表》印发给你们,请认真贯彻落实。\n"
        "一、各单位要对照工作任务,细化推进方案,牵头单位要主动担当,责任单位要全力配合。\n"
        "二、各单位要强化责任担当,确保各项任务落到实处。\n"
        "某省市场监督管理局办公室\n"
        "2030年9月10日\n"
        "附件下载: 2030年政务公开工作主要任务分解表.doc\n"
    ),
    "work-summary": (
        "2030年度某县教育局政务公开工作总结\n\n"
        "发布时间:2031-01-20 浏览次数:12\n\n"
        "2030年,教育局全面深入推进政务公开工作,取得了较好成效。\n\n"
        "一、强化责任,确保组织到位\n\n"
        "教育局成立了政务公开工作领导小组,由局长任组长,办公室负责联络与上报工作。\n\n"
        "二、突出重点,确保公开实效\n\n"
        "全年主动公开政府信息320条,办理依申请公开5件,均按时答复。\n"
    ),
    "annual-report": (
        "当前位置 > 首页 > 政府信息公开年报\n"
        "某市教育局2030年政府信息公开工作年度报告\n\n"
        "一、总体情况\n\n"
        "2030年度,市教育局认真贯彻落实《中华人民共和国政府信息公开条例》,规范公开政务信息。\n\n"
        "二、主动公开政府信息情况\n\n"
        "三、收到和处理政府信息公开申请情况\n\n"
        "四、政府信息公开行政复议、行政诉讼情况\n"
    ),
    "guide": (
        "政府信息公開\n\n"
        "      某局政府信息公開指南\n\n"
        "      為了保障公民依法獲取政府信息,提高工作透明度,編制本指南。\n\n"
        "      一、主動公開\n\n"
        "      本機關主動向社會公開下列政府信息:\n\n"
        "      (一)發布的部門規章和規範性文件;\n\n"
        "      (二)機關職能、機構設置、辦公地址、辦公時間、聯系方式;\n\n"
        "      (三)發展規劃及相關政策;\n"
    ),
    "standing-duty-list": (
        "工作部门责任清单(2030版)\n"
        "政府办\n"
        "部门职责\n\n"
        "    组织承办人大代表建议、政协委员提案工作。\n\n"
        "承办人大常委会、政协常委会应由县政府办理的有关工作。\n\n"
        "负责县人大、县政协有关会议、活动联系工作。\n"
    ),
    "meeting": (
        "9月4日上午,某镇召开三季度政务公开工作推进会,会议由镇长主持,通报了上季度工作中发现的问题。\n"
        "针对下一步工作,会议要求立即制定路线图与时间表,将任务分解到人、压实责任。\n"
    ),
    "activity-notice": (
        "廣大居民朋友:\n"
        "為進一步促進政務公開,某街道辦事處將于2030年12月26日開展“政務開放日”活動。\n"
        "一、活動時間\n"
        "2030年12月26日上午9:00-12:00\n"
        "二、活動內容\n"
        "(一)聚焦公眾關切和重點民生事項,展現機關工作質效和服務舉措。\n"
        "(二)暢通溝通渠道,廣泛聽取群眾代表對街道工作的意見和建議。\n"
        "三、報名方式\n"
        "請自愿參加活動的群眾于2030年12月25日前通過電話報名。\n"
    ),
    "policy-qa": (
        "问:某市2030年政务公开工作要点的制定背景\n"
        "答:2030年是关键之年,全市政务公开工作坚持以人民为中心,进一步深化政务公开。\n"
        "问:工作要点的主要内容\n"
        "答:1、围绕规划深化政务公开。包括规划公开、财政信息公开等4方面的工作。\n"
        "2、推进决策公开和公众参与。包括政策解读、重大行政决策事项目录管理等5方面的工作。\n"
        "3、强化组织保障。包括强化工作保障、加强培训等3点内容。\n"
    ),
    "standing-rules": (
        "某市财政局政务公开工作规定\n\n"
        "文章来源:某市财政局  |  发布日期:2030年06月19日\n"
        "  一、组织保障\n"
        "  设立政务公开工作领导小组,办公室和法规处主要负责人为小组副组长。\n"
        "  二、工作分工\n"
        "  办公室  组织、协调和管理主动公开政府信息的事宜;统一受理政府信息公开申请。\n"
        "  法规处  负责规范性文件的法律审核,参与信息公开属性的审核。\n"
        "  人教处  负责将政务公开工作列入绩效考核内容。\n"
        "  各业务处室  负责在草拟公文的同时,审查并明确该公文的信息公开属性。\n"
    ),
    "unit-duties-table": (  # each unit's standing duties, a table shaped like one of units and tasks
        "某县财政局内设机构职责\n"
        "| 序号 | 科室 | 主要职责 |\n"
        "| 1 | 办公室 | 负责机关日常运转,承担文电、会务、机要、档案等工作。 |\n"
        "| 2 | 预算股 | 负责编制年度县本级预算草案,组织预算执行。 |\n"
        "| 3 | 国库股 | 负责国库集中收付管理工作。 |\n"
    ),
    "power-list": (  # 权责清单: powers with the unit exercising each, shaped like tasks and units
        "某县教育局权责清单\n\n"
        "| 序号 | 职权类型 | 职权名称 | 实施依据 | 责任事项 | 责任主体 | 追责情形 |\n"
        "| 1 | 行政许可 | 民办学校设立审批 | 《民办教育促进法》第十二条 | 受理、审查、决定。 | 行政许可股 | 违规许可的 |\n"
        "| 2 | 行政处罚 | 对违规办学行为的处罚 | 《教育法》第七十五条 | 立案、调查、处罚。 | 法规股 | 未依法履职的 |\n"
    ),
    "power-list-tabs": (  # the same copied from a browser: cells between tabs
        "某县教育局权责清单\n\n"
        "序号\t职权类型\t职权名称\t实施依据\t责任事项\t责任主体\t追责情形\n"
        "1\t行政许可\t民办学校设立审批\t《民办教育促进法》第十二条\t受理、审查、决定。\t行政许可股\t违规许可的\n"
        "2\t行政处罚\t对违规办学行为的处罚\t《教育法》第七十五条\t立案、调查、处罚。\t法规股\t未依法履职的\n"
    ),
    "plan-reading": (  # 一图读懂: quotes the plan's tasks, units and all
        "一图读懂《某县2030年政务公开工作要点》\n\n"
        "一、出台背景\n"
        "为贯彻落实上级部署要求，县政府办公室制定了《要点》。\n"
        "二、主要内容\n"
        "（一）加强政策解读。完善政策解读机制，做到同步起草、同步发布。（县政府办公室牵头）\n"
        "（二）做好依申请公开。规范依申请公开办理流程。（县司法局牵头）\n"
        "三、解读机关：某县人民政府办公室\n"
    ),
    "event-notice": (  # one day's arrangements, each with a unit
        "关于举办2030年“政府开放日”活动的通知\n\n"
        "各乡镇人民政府，县直各单位：\n"
        "经研究，决定举办2030年“政府开放日”活动。现将有关事项通知如下：\n"
        "一、活动时间：2030年5月15日\n"
        "二、活动内容：（一）参观政务服务中心。（县数据资源局负责）（二）座谈交流。（县政府办公室负责）\n"
        "三、工作要求：各单位要高度重视，认真组织。\n"
    ),
    "meeting-minutes": (  # what a meeting agreed, a unit after each point
        "县政务公开工作推进会议纪要\n\n"
        "2030年5月10日，副县长主持召开全县政务公开工作推进会。纪要如下：\n"
        "一、加强政策解读。各单位要做到政策文件与解读材料同步起草、同步发布。（县政府办公室负责）\n"
        "二、规范依申请公开。严格按照法定时限答复。（县司法局负责）\n"
        "出席：张三、李四、王五\n"
    ),
    "disclosure-guide": (  # how to ask for information: 受理机构：县政府办公室 reads like an assignment
        "某县人民政府信息公开指南\n\n"
        "一、主动公开\n"
        "（一）公开范围：本机关主动公开的政府信息包括机构职能、政策文件、规划计划等。\n"
        "（二）公开时限：自形成或者变更之日起20个工作日内予以公开。\n"
        "二、依申请公开\n"
        "（一）受理机构：县政府办公室。\n"
        "（二）办理时限：自收到申请之日起20个工作日内予以答复。\n"
    ),
}


@pytest.mark.parametrize("kind", sorted(LOOKALIKES))
def test_a_lookalike_is_rejected_with_a_reason_and_no_rows(kind: str, tmp_path: Path):
    path = tmp_path / f"{kind}.txt"
    path.write_text(LOOKALIKES[kind], encoding="utf-8")
    result = runner.invoke(app, ["parse", str(path), "--format", "jsonl"])
    assert result.exit_code == 1
    assert result.stdout.strip() == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"zwgk: {path}: not a task plan: ")
    assert len(lines[0]) > len(f"zwgk: {path}: not a task plan: ") + 4  # a reason, not an empty label


def test_the_same_items_with_brackets_are_a_plan(tmp_path: Path):
    """The evidence is the assignment: give the 要点 items their units and the page is a plan."""
    text = LOOKALIKES["yaodian-prose"].replace("规范性文件。", "规范性文件。(办公室负责)").replace(
        "惠民政策。", "惠民政策。(医政科牵头,各科室配合)")
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["parse", str(path), "--format", "jsonl"])
    assert result.exit_code == 0
    assert len(result.stdout.strip().splitlines()) == 4  # the two unassigned items are tasks too
