"""Fictitious names and units for generated documents, drawn reproducibly from a seeded Random."""

from __future__ import annotations

import random

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = list(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鑫斌宇浩凯健俊帆帅旭宁龙林欣晨亮成东峰博海文辉力永雪梅琳晓莉佳倩"
)

OUR_ORG = "国网酒泉供电公司"
OUR_SUB_UNITS = [
    "变电运维中心", "输电运检中心", "配电运检室", "营销服务中心", "电力调度控制中心", "信息通信分公司",
    "瓜州县供电公司", "敦煌市供电公司", "玉门市供电公司", "金塔县供电公司", "肃北县供电公司",
    "阿克塞县供电公司", "肃州区供电公司",
]  # fmt: skip
COUNTY_UNITS = [u for u in OUR_SUB_UNITS if u.endswith(("县供电公司", "市供电公司", "区供电公司"))]
OTHER_COMPANIES = [
    "国网兰州供电公司", "国网天水供电公司", "国网白银供电公司", "国网武威供电公司", "国网张掖供电公司",
    "国网定西供电公司", "国网平凉供电公司", "国网庆阳供电公司", "国网临夏供电公司", "国网甘南供电公司",
    "国网陇南供电公司", "国网金昌供电公司", "国网嘉峪关供电公司", "国网甘肃省电力公司电力科学研究院",
]  # fmt: skip
# names that look like ours but are not: the tally must never count them
NEAR_MISSES = [
    "酒泉市总工会", "酒泉钢铁（集团）有限责任公司", "中国石油玉门油田分公司",
    "国网甘肃省电力公司营销服务中心",
]  # fmt: skip
SPECIALTIES = ["变电", "输电", "配电", "营销", "调度", "信息通信", "安全"]
CATEGORIES = ["小发明", "小创造", "小革新", "小设计", "小建议"]
POSTS = ["技术专责", "运维班班长", "副主任", "主任", "安全专责", "变电运维工", "配电线路工", "营销专责"]
TITLES = ["工程师", "高级工程师", "助理工程师", "技师", "高级技师", "高级工", "正高级工程师"]


def full_unit(sub_unit: str) -> str:
    """The name a form writes for one of our sub-units (county companies carry 国网 themselves)."""
    if sub_unit in COUNTY_UNITS:
        return "国网" + sub_unit
    return OUR_ORG + sub_unit


class NamePool:
    """Unique fictitious names: two- and three-character, never repeated within one pool."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def name(self) -> str:
        for _ in range(10000):
            given = self.rng.choice(GIVEN)
            if self.rng.random() < 0.6:
                given += self.rng.choice(GIVEN)
            candidate = self.rng.choice(SURNAMES) + given
            if candidate not in self.used:
                self.used.add(candidate)
                return candidate
        raise RuntimeError("name pool exhausted")


def pad_name(name: str, rng: random.Random) -> str:
    """Forms pad two-character names to the width of three: '张　三' or '张  三'."""
    if len(name) != 2:
        return name
    return name[0] + rng.choice(["\u3000", "  ", " ", ""]) + name[1]
