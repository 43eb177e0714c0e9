"""Short names of government agencies, as staff say them and plans print them.

A question says 人社局 or 医保局; the plan it means was issued by 嘉定区人力资源和社会保障局 or
中山市医疗保障局, and a county plan may list 县人社局 among its units. Each short form maps to the
full forms in use (文旅局 is 文化和旅游局 in one place, 文化广电旅游体育局 in another); the question
reader tries the word as said first, then these.
"""
from __future__ import annotations

__all__ = ["AGENCY_FORMS", "agency_forms"]

AGENCY_FORMS: dict[str, tuple[str, ...]] = {
    "人社局": ("人力资源和社会保障局", "人力资源社会保障局", "人力社保局"),
    "人社厅": ("人力资源和社会保障厅", "人力资源社会保障厅"),
    "医保局": ("医疗保障局",),
    "卫健局": ("卫生健康局", "卫生和健康局"),
    "卫健委": ("卫生健康委员会", "卫生和健康委员会", "卫生健康委"),
    "住建局": ("住房和城乡建设局", "住房城乡建设局"),
    "住建厅": ("住房和城乡建设厅", "住房城乡建设厅"),
    "交通局": ("交通运输局",),
    "发改委": ("发展和改革委员会", "发展改革委"),
    "发改局": ("发展和改革局", "发展改革局"),
    "市场监管局": ("市场监督管理局",),
    "文旅局": ("文化和旅游局", "文化广电旅游局", "文化广电旅游体育局", "文化广电和旅游局"),
    "广电局": ("广播电视局",),
    "残联": ("残疾人联合会",),
    "机关事务局": ("机关事务管理局", "机关事务服务中心"),
    "应急局": ("应急管理局",),
    "自规局": ("自然资源和规划局",),
    "科技局": ("科学技术局",),
    "工信局": ("工业和信息化局", "经济和信息化局"),
    "农业局": ("农业农村局",),
    "退役军人局": ("退役军人事务局",),
    "城管局": ("城市管理局", "城市管理综合执法局", "城市管理和综合执法局"),
    "审批局": ("行政审批服务局", "行政审批局"),
    "数据局": ("数据资源管理局", "政务服务数据管理局", "大数据局", "数据资源局"),
    "政数局": ("政务服务数据管理局",),
    "教体局": ("教育体育局", "教育和体育局"),
    "生态环境局": ("生态环境分局",),
}


def agency_forms(word: str) -> tuple[str, ...]:
    """The word as said, then the full forms it is short for."""
    return (word, *AGENCY_FORMS.get(word, ()))
