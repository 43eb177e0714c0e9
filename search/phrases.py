"""The phrasings a question reader looks for: each pattern is one way of asking that sets a filter or an intent.

Kept apart from question.py, which reads a question with them, so that the words people use (没有明确责任单位,
县级计划, 照搬上级, 哪些计划落实了…) can be read and extended in one place.
"""
from __future__ import annotations

import re

__all__ = ["ABOVE", "AND", "ANY_TOPIC", "ASKS_BASIS", "ASKS_PLANS", "ASKS_PLAN_FACTS", "BEFORE_NUMBER",
           "BUSIEST", "COMMON", "COPIED", "DATED", "DOC_WORD", "DURATION", "EACH_LEVEL", "FILLER", "GAP",
           "HAS_BETWEEN", "INTENT_WORDS", "LACKS_AFTER", "LEAD_THEN", "LEVEL", "LEVEL_WORDS", "NEWEST", "NUMBER",
           "ONGOING", "PEERS", "REPEATED", "RESTS_ON", "SHARED", "THAN_AFTER", "THAN_BETWEEN", "THAN_LEVEL", "TITLE",
           "TITLE_AFTER_VERB", "TITLE_BEFORE_PASSIVE", "TOGETHER", "UNASSIGNED", "UNCOOPERATED", "UNDATED"]

#: Between two things named together (places compared: 广州和兖州, 泗县与石台, 淮北、宿州; units: 计财科和办公室).
AND = re.compile(r"\s*(?:和|与|及|跟|同|、|以及|对比|比较|vs)\s*")
#: 哪些任务没有明确责任单位 · 未列明责任科室的任务: the tasks whose row names no unit.
UNASSIGNED = re.compile(
    r"(?<!有)(?:没有|没|未|无)(?:明确|列明|写明|写|标明|注明|指定|确定|落实|分配)?(?:的)?(?:责任|牵头|承办)?(?:单位|科室|部门|处室)")
#: 哪些任务没有明确完成时限 · 未规定时间的任务: the tasks whose row states no deadline.
UNDATED = re.compile(r"(?<!有)(?:没有|没|未|无)(?:明确|列明|写明|写|标明|注明|规定|设定|明确规定|给出|确定)?(?:的)?"
                     r"(?:完成|截止|办结)?(?:时限|期限|时间|日期)")
#: 哪些任务需要多个部门配合 · 跨部门的任务 · 有配合单位的任务: the tasks that name two units or more.
SHARED = re.compile(r"(?:(?:多个|(?<![有共])几个|两个(?:及|或)?以上|多家|不同)(?:部门|单位|科室|处室|股室)|多部门|跨部门|(?<![没无])有配合(?:单位|部门|科室)"
                    r"|(?:部门|单位|科室)(?:之间|间)(?:的)?(?:协作|协同|合作|配合|联动))"
                    r"(?:共同|联合|协同|配合|协作|参与|合作|联动)?(?:完成|负责|推进|办理|落实)?(?:的)?")
#: 哪个单位的任务最多 · 任务最多的科室是哪个 · 谁牵头的工作最多 · 部门任务量排名: units ranked by their tasks.
_WHICH_UNIT = r"(?:哪个|哪些|哪一个|哪几个|哪家|什么)(?:责任|牵头|配合)?(?:单位|部门|科室|股室|处室|机构|科)"
_LOAD = r"(?:任务|工作|事项|事情|活)(?:量)?"
BUSIEST = re.compile(
    rf"{_WHICH_UNIT}[^，。？?]{{0,8}}?(?:最多|最重|最忙|最繁重|最大)"
    rf"|(?:牵头|负责|承担|配合|参与)?(?:的)?{_LOAD}(?:最多|最重|最大|最繁重)的(?:是)?(?:哪个|哪些|哪一个|什么)?(?:单位|部门|科室|股室|处室|机构)"
    rf"|谁(?:牵头|负责|承担|配合|参与)?(?:的)?{_LOAD}最(?:多|重)|谁最忙"
    rf"|(?:各|每个)?(?:单位|部门|科室|股室|处室)(?:的)?(?:牵头|负责|承担|配合|参与)?(?:的)?{_LOAD}(?:排名|排行|排序|多少排)"
    # 泗县一共有几个科室参与 · 有多少个单位承担任务: the units, each with its tasks
    r"|(?:(?<=[有共])几个|(?<=[有共])几家|多少个|多少家)(?:责任)?(?:单位|部门|科室|股室|处室|机构)(?:参与|负责|承担|涉及|有任务)?")
#: 县级计划 · 省级和县级方案 · 市级政府: plans of that administrative level. Only before a word for plans or
#: governments: 省级文件 are the documents a plan rests on, not its level.
LEVEL_WORDS = {"国家": "national", "省": "province", "市": "city", "地市": "city", "县": "county", "区县": "county",
               "县区": "county", "区": "county"}
LEVEL = re.compile(r"(国家|省|地市|市|区县|县区|县|区)(?:一)?级(?:(?:和|与|及|、|或)(国家|省|地市|市|区县|县区|县|区)(?:一)?级)?"
                   r"(?:的)?(?:计划|方案|要点|政府|部门|单位|层面|层级)")
#: A question about the plans themselves, not their tasks: which plans there are (安徽省各县都有哪些计划), who issued
#: one, its 文号, when it came out (泗县的方案是哪个单位印发的). The plans in view, with those facts, are the answer.
ASKS_PLAN_FACTS = re.compile(
    r"(?:哪些|哪几份|什么)(?:计划|方案|工作要点|要点|分工方案|任务分解表|分解表)"
    r"|(?:计划|方案)(?:有哪些|是哪些|清单|列表)(?!内容|任务|工作|要求|事项|措施|重点|事)"
    r"|(?:是)?(?:由)?(?:哪个|哪家|什么)(?:单位|部门|机关|机构)(?:印发|发布|制定|下发|出台|发)的?|(?:是)?(?:由)?谁(?:印发|发布|制定|下发|出台|发)的?"
    r"|发文(?:单位|机关|字号)|印发(?:单位|机关|时间|日期)|(?:发文)?文号|成文(?:日期|时间)"
    r"|(?:是)?(?:什么时候|何时|哪年|哪一年)(?:印发|发布|出台|下发|制定)的?"
    r"|(?:最新|最近|最早)(?:一份|一版|一年)?的?(?:计划|方案|要点|工作要点)"
    # 都有哪些地方的计划 · 库里有哪些地区: the plans, each with its region
    r"|(?:哪些|哪几个|什么)(?:地区|地方|县区|区县|市县|单位|部门|机关)的(?:计划|方案|工作要点|要点)(?!内容|任务|工作|要求|事项|中|里)"
    r"|(?:有|包括|包含|覆盖|收录了?)(?:哪些|哪几个|多少个?)(?:地区|地方|县区|区县|市县|省份|城市)"
    r"(?:的(?:计划|方案|要点))?(?=\s*(?:$|[？?。]|呢|啊))")
#: 最新的方案 · 最近一份工作要点 · 最早的计划: in a question about tasks, the newest (oldest) plans' tasks.
NEWEST = re.compile(r"(?:最新|最近|最早)(?:的)?(?:一份|一版|一年|一期|一次)?的?(?:计划|方案|工作要点|要点|分工方案|任务分解表|分解表)")
#: 安徽省各县 · 广州市各区 · 各市县 · 哪些县的方案 · 宿州市下面的县: every plan of that level (under the region
#: named, if any). Not 各区域, 各市场主体 or 各市直单位 (the city's own departments); 各县级部门 is LEVEL's.
EACH_LEVEL = re.compile(r"(?:各|哪些|哪几个|哪个|(?:下面|下辖|所辖|下属|辖区内?)的?(?:各)?)(?:个)?(地市|市县|县市区|县市|区县|县区|市|县|区)"
                        r"(?![域划间别分场直属级])")
#: Two units doing a task together: the tasks that name both (计财科和办公室共同负责哪些任务).
TOGETHER = re.compile(r"共同|一起|一同|联合|同时|都(?=负责|参与|牵头|配合|有)|(?<=牵头|主办|主责)[、，,]?(?=\s*(?:配合|协助|协办))")
LEAD_THEN = re.compile(r"\s*(?:牵头|主办|主责)\s*[、，,]?\s*")  # 办公室牵头、计财科配合的: both units, each in a role
#: A question about a length of time (多少天, 几个工作日, 多长时间): when, not how many tasks.
DURATION = re.compile(r"(?:多少|几)个?(?:天|日|工作日|小时|周|月)|多长时间")
#: 泗县有但石台县没有的工作: between the two places, and after the second (the topics one has and the other lacks).
HAS_BETWEEN = re.compile(r"\s*(?:的)?(?:计划|方案|要点)?(?:里|中)?(?:都)?有(?:的)?(?:工作|任务|内容|主题)?(?:[，,、]?\s*(?:但是?|而|可是|然而|却)?)\s*")
#: 泗县比石台县少了哪些主题 (the first lacks what the second has) · 泗县比石台县多了哪些 (the other way round).
THAN_BETWEEN = re.compile(r"\s*(?:的)?(?:计划|方案|要点)?(?:里|中)?\s*比\s*")
THAN_AFTER = re.compile(r"\s*(?:的)?(?:计划|方案|要点)?(?:里|中)?\s*(?:(少|缺)|多)了?")
#: 县级计划比市级计划少了哪些主题: a level of plans against another.
THAN_LEVEL = re.compile(r"\s*比\s*(国家|省|地市|市|区县|县区|县|区)(?:一)?级(?:的)?(?:计划|方案|要点)?(?:里|中)?\s*(?:(少|缺)|多)了?")
LACKS_AFTER = re.compile(r"\s*(?:的)?(?:计划|方案|要点)?(?:里|中)?(?:却|还|都)?(?:没有|没|未|缺少|缺)")
#: 哪些任务没有配合单位 · 无需协办部门: the tasks naming no cooperating unit (有配合单位 is SHARED's).
UNCOOPERATED = re.compile(r"(?:没有|没|无需|无|不需要|不用|未)(?:明确|列明)?的?(?:配合|协助|协办)(?:单位|部门|科室|处室|股室)")
#: 哪些任务有完成时限 · 有明确截止时间的任务: the tasks whose row states a deadline.
DATED = re.compile(r"(?<![没未无])有(?:明确|具体)?(?:的)?(?:完成|截止)?(?:时限|期限|时间|日期)")
#: A topic a plan leaves out (哪些方案没有涉及政务新媒体): the plans without such tasks are the answer.
GAP = re.compile(r"(?:没有|没|未|不)(?:涉及|提到|提及|包含|包括|安排|部署|覆盖|列入|写入)|缺少|缺失|遗漏|漏掉|漏了|(?<!减)少了|空白|短板"
                 # 哪些地方还没有政务新媒体方面的安排: the topic between 没有 and what is missing (not 有没有…)
                 r"|(?<!有)还?(?:没有|没)(?=[^，,。？?]{2,20}?(?:方面|这块)?的?(?:安排|部署|任务|工作|内容|要求)(?:吗|呢|[？?。]|$))")
#: What a plan leaves out, asked without a topic (泗县的计划缺少哪些主题 · 没有涉及哪些方面): these words name no topic.
ANY_TOPIC = frozenset({"主题", "方面", "内容", "工作", "事项", "领域", "东西", "重点"})
#: Peers named in such a question (和其他地区相比): the store's other plans are the peers anyway.
PEERS = re.compile(r"(?:和|与|跟|同)?(?:其他|其它|别的|其余)(?:地区|地方|县区|县|市|计划|方案|单位)?(?:相比|比较|比)?(?:较)?")
#: Requirements several regions' plans share (哪些任务在多个地区的计划中都出现了, 各地共同的任务): a comparison among peers.
COMMON = re.compile(r"(?:在)?(?:多个|几个|不同|各个|多地|各地|很多|好几个)(?:地区|地方|县区|县|市|区)?(?:的)?(?:计划|方案|要点)?(?:中|里)?"
                    r"都(?:有(?=$|[？?。，,的]|吗|呢)|出现|提到|写了|列了|提出)(?:了|过)?(?!哪|什么|几|多少)"
                    r"|(?:多个|不同|各)(?:地区|地方)(?:的)?(?:计划|方案)?(?:共同|共有|相同|重复)(?:的)?"
                    r"|(?:各地|多地)(?:共同|共有|都有(?=$|[？?。，,的]|吗|呢))(?:的)?(?!哪|什么|几|多少)|(?:共性|共同)(?:的)?(?:任务|要求)"
                    r"|(?:在)?(?:其他|其它|别的)(?:地区|地方|县区|县|市|区)(?:的)?(?:计划|方案)?(?:中|里)?也?都?(?:有|出现|提到)(?:了|过)?"
                    # 哪些任务是每个地区都有的
                    r"|(?:在)?(?:每个|每一个|所有|各个)(?:地区|地方|县区|县|市|区)(?:的)?(?:计划|方案)?(?:中|里)?都(?:有|出现|提到|写了|列了)(?:了|过)?(?!哪|什么|几|多少)")
#: Requirements copied down from a higher-level plan: a comparison across plans (zwgk diffusion), not a topic.
ABOVE = r"(?:上级|上面|省级|市级|省里|市里|省上|国家层面|国务院)"
COPIED = re.compile(r"照搬|照抄|照转|抄袭|原文照录|原样转发|原文转发"
                    rf"|(?:沿用|复制|照着|套用|抄)了?{ABOVE}|(?:和|与|跟|同){ABOVE}.{{0,8}}(?:一样|相同|雷同|一致|重复)"
                    rf"|(?:从|由){ABOVE}.{{0,6}}(?:复制|搬|抄)")
#: With a place and one it lies in (泗县的计划和宿州市的计划有多少任务重复): requirements copied from above.
REPEATED = re.compile(r"(?:重复|相同|一样|雷同|一致)(?:的)?")
ONGOING = re.compile(r"持续推进|长期坚持|长期推进|持续开展|常态化推进|长期性|长期")
NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}\s*[〔\[【(（]\s*(?:19|20)[0-9]{2}\s*[〕\]】)）]\s*[0-9]+\s*号")
#: Words that end the sentence before a 文号's issuer abbreviation (依据了|皖政务办〔2022〕4号).
BEFORE_NUMBER = re.compile(r".*(?:依据|根据|按照|引用|援引|落实|贯彻|执行|了|的|和|与|及|是|在|对)")
TITLE = re.compile(r"《([^《》]{2,80})》")
#: A document named by its title without 《》 after a word saying plans rest on it (哪些计划落实了政府信息公开条例,
#: 哪些方案贯彻了基层政务公开提升行动): the title runs to its last document word, not into 的计划 / 的方案.
DOC_WORD = r"(?:条例|通知|意见|办法|规定|要点|方案|行动|纲要|规划|决定|细则|指引|指南)"
TITLE_AFTER_VERB = re.compile(r"(?:依据|根据|依照|按照|参照|贯彻落实|落实|贯彻|执行|实施|引用|援引)(?:了|的)?"
                              rf"((?:(?!的(?:计划|方案|文件|任务|工作|要求|地方))[^，,。？?！!；;\s《》]){{4,60}}{DOC_WORD})")
#: The same, named first and then asked about (国务院办公厅2022年政务公开工作要点被哪些计划引用).
TITLE_BEFORE_PASSIVE = re.compile(
    rf"^(?:请问|我想知道|想知道|请)?([^，,。？?！!；;\s《》]{{4,60}}?{DOC_WORD})(?:被|在|由)?(?:哪些|哪几个|哪几份|哪个|哪份|什么)"
    r"(?:计划|方案|地方|地区|单位|部门)(?:中|里)?(?:所|被)?(?:引用|援引|落实|贯彻|依据|执行|采用|参照|提到|提及)")
#: The question asks for plans or places, not tasks: only then does a bare title filter the plans.
ASKS_PLANS = re.compile(r"计划|方案|地方|地区|哪里|各地|哪些县|哪些市|哪些区|单位|部门|谁")
#: With a document named, the words that say a plan rests on it, or ask how that goes: the document filter
#: already says so (哪些方案落实皖政务办〔2022〕4号文件 · 哪些计划是根据…制定的 · 各地执行…的情况 · …4号文件落实进展).
RESTS_ON = re.compile(r"(?:依据|根据|依照|按照|参照|落实|贯彻|执行|实施|引用|援引)(?:了|的)?|(?:制定|印发|出台|下发)(?:的)?"
                      r"|(?:进展)?情况|进展|进度")
#: A question about what a plan rests on (泗县的方案依据哪些文件, 根据什么文件制定的): its basis documents are the answer.
ASKS_BASIS = re.compile(r"(?:依据|根据|依照|按照|贯彻|落实)(?:了|的)?(?:是)?(?:什么|哪些|哪个|哪份|何种)(?:上级)?(?:文件|政策|通知|规定)?"
                        r"|(?:上级|哪些|什么)(?:文件|政策)(?:制定|印发|出台)|(?:的)?(?:政策|文件|制定)?依据(?:是什么|有哪些|是哪些|是哪个|是哪份)")

#: Words that name the intent of a question (who, when, compare, count); read in this order.
INTENT_WORDS: dict[str, tuple[str, ...]] = {
    "compare": ("比较", "对比", "各地", "哪些地区", "哪些地方", "哪个地区", "哪个地方", "不同地区", "区别", "差异", "分别由",
                "各自", "异同"),
    "count": ("多少项", "多少个", "多少条", "多少件", "多少份", "多少", "几项", "几个", "几条", "几份", "数量", "总数", "共有几"),
    "who": ("谁", "哪个科室", "哪个部门", "哪个单位", "哪些科室", "哪些部门", "哪些单位", "哪个处室", "哪些处室", "由谁",
            "找谁", "找哪", "负责单位", "责任单位", "牵头单位", "哪家", "什么部门", "什么单位", "什么科室", "归谁", "谁来",
            "责任链条", "责任链", "的科室", "的处室", "的部门", "牵头处室", "牵头科室", "牵头部门", "责任处室", "责任科室",
            "责任部门", "是哪个", "是哪家", "哪一个", "归口", "哪些部门参与", "哪些单位参与", "哪些科室参与", "谁参与",
            "哪个股室", "哪些股室", "哪个机构", "哪些机构", "什么股室", "什么处室"),
    "when": ("什么时候", "何时", "时限", "截止", "期限", "多久", "哪天", "几月", "什么时间", "完成时间", "到期", "时间节点",
             "啥时候", "啥时", "截止时间", "截止日期", "截至时间", "到期时间", "到期日期", "完成日期", "完成期限"),
}
#: Words that carry no topic: they say how the question is asked, not what about.
FILLER = (
    "有哪些任务", "有哪些工作", "哪些任务", "哪些工作", "哪些事项", "哪些要求", "什么任务", "什么工作", "什么要求", "哪些计划",
    "哪些方案", "哪些文件", "有什么要求", "有何要求", "负责什么", "负责哪些", "干什么", "做什么", "做哪些", "管什么", "管哪些",
    "职责", "分工", "任务清单", "工作任务", "重点任务", "所有任务", "全部任务", "列出", "列举", "清单", "一共有", "总共有", "一共", "总共", "共有",
    "计划", "方案", "任务", "工作", "事项", "要求", "完成", "需要", "应当", "应该", "负责", "牵头", "配合", "协助", "协办", "主办", "承担", "主要", "具体",
    "有何不同", "有什么不同", "有何区别", "有什么区别", "有何差异", "有什么差异", "不同", "分别",
    "按职责分工", "按照职责分工", "按职责", "有什么变化", "有何变化", "有哪些变化", "变化", "区别", "差别", "差异", "相比较", "相比", "平均", "通常",
    "今年度", "本年度", "今年", "安排了", "安排", "部署了", "部署", "统计", "请问", "请列出", "方面", "截至", "截止到", "截止",
    "哪些内容", "什么内容", "重点工作", "工作重点", "重点是什么", "任务分解表", "分解表", "分工表", "分工方案", "实施方案",
    "工作要点", "要点", "归口", "最多", "最少", "最忙", "较多", "排名", "排序",
    "各县的", "各市的", "各区的", "各地的", "各省的", "包含", "包括", "含有", "涵盖", "分几个部分", "几个部分", "部分", "几大块", "哪些事", "什么事", "哪几件事",
    "作为", "配合单位", "牵头单位", "协办单位", "主办单位", "配合部门", "牵头部门", "哪个", "哪份", "哪一份", "更多",
    "干完", "做完", "办完", "搞定", "来写", "来做", "来办", "来抓", "来管", "来负责", "来牵头",
    "搞完", "弄完", "干啥", "做啥", "搞啥", "弄啥", "干嘛", "啥任务", "啥工作", "啥事", "有啥", "在弄", "在搞",
    "我想问下", "我想问一下", "想问下", "想问一下", "问一下", "问下", "那边", "这边", "事情", "事儿", "活儿",
    "这一块", "这块", "这方面", "在做", "在管", "承办", "交给", "交由", "分配给", "分给", "安排给",
    "每个地区", "各个地区", "各地区", "每个地方", "每个", "各有",
    "请帮我", "帮我", "帮忙", "查询", "查一下", "查找", "找一下", "找找", "告诉我", "我想知道", "想知道", "想了解", "了解一下",
    "看一下", "看一看", "看看", "查查", "列一下", "说一下", "必须", "务必", "我想看", "我要看", "想看", "我想查", "我要查",
    "我们局", "我们单位", "我单位", "本单位", "我局", "本局", "咱们",
    "共同负责", "一起负责", "联合负责", "共同完成", "共同推进", "共同承担",
    "所有的", "所有", "全部的",
    "依据了", "依据", "根据了", "根据", "引用了", "引用", "援引", "落实了", "贯彻了", "被", "有哪些", "哪些", "什么", "怎么", "如何", "是否", "有没有", "提到", "提及", "涉及", "关于", "对于", "项",
    "的", "了", "吗", "呢", "吧", "啊", "呀", "嘛", "哦", "在", "和", "与", "及", "跟", "同", "对", "是", "由", "要", "有", "中", "里", "上", "把", "给", "之",
    "都",
    "?", "？", "。", "，", ",", "、", "!", "！", "：", ":", "“", "”", "\"",
)
