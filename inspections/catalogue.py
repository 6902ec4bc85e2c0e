"""The inspection catalogue as data: unit types of 规范001 第六十八条 and the checklist items of 第五十八条、
第五十九条、第六十九条, each row citing its article. ``inspections.checks`` rejects a malformed row at start-up
(inspections.E001…). Rows are code, not database rows: a change is a reviewed commit, like ``rules/obligations.py``.

Which checklist a unit gets (``checklist_for``): 第五十八条(一)–(六) for every supervised unit; 第五十九条(一)–(四)
as well for a 治安保卫重点单位; 第六十九条(一)–(四) as well for 娱乐服务场所、特种行业、危险物品和重点管理行业
(第六十七条), which is any unit whose registry category is one of them or whose 第六十八条 type is set.
"""

from __future__ import annotations

from dataclasses import dataclass

# The 第六十八条 groups; ``category`` is the matching ``registry.OrganizationCategory`` (the new trades of (四)
# have none of their own and are filed under 重点管理行业).
TRADE_GROUPS = (
    {"code": "venue", "label": "娱乐服务场所", "source": "规范001 第六十八条(一)", "category": "venue"},
    {"code": "special_trade", "label": "特种行业", "source": "规范001 第六十八条(二)", "category": "special_trade"},
    {
        "code": "regulated_trade",
        "label": "重点管理行业",
        "source": "规范001 第六十八条(二)",
        "category": "regulated_trade",
    },
    {
        "code": "hazardous_material",
        "label": "危险物品从业单位",
        "source": "规范001 第六十八条(三)",
        "category": "hazardous_material",
    },
    {"code": "emerging", "label": "新兴重点行业", "source": "规范001 第六十八条(四)", "category": "regulated_trade"},
)

TRADE_TYPES = (
    # (一) 娱乐服务场所
    ("venue_ktv", "venue", "歌舞娱乐场所"),
    ("venue_arcade", "venue", "游艺娱乐场所"),
    ("venue_bar", "venue", "酒吧"),
    ("venue_netcafe", "venue", "网吧"),
    ("venue_show", "venue", "演艺场所"),
    ("venue_massage", "venue", "按摩场所"),
    ("venue_bath", "venue", "洗浴场所"),
    ("venue_foot", "venue", "足浴场所"),
    ("venue_salon", "venue", "美容美发场所"),
    ("venue_chess", "venue", "棋牌室"),
    # (二) 特种行业
    ("hotel", "special_trade", "旅馆业"),
    ("seal_engraving", "special_trade", "公章刻制业"),
    # (二) 重点管理行业
    ("delivery", "regulated_trade", "寄递物流"),
    ("pawn", "regulated_trade", "典当业"),
    ("second_hand", "regulated_trade", "旧货业"),
    ("car_rental", "regulated_trade", "汽车租赁"),
    ("vehicle_repair", "regulated_trade", "机动车修理业"),
    ("locksmith", "regulated_trade", "开锁业"),
    ("printing", "regulated_trade", "印刷业"),
    # (三) 危险物品及其从业单位
    ("firearms", "hazardous_material", "枪支弹药"),
    ("explosives", "hazardous_material", "爆炸物品"),
    ("toxic_chemicals", "hazardous_material", "剧毒化学品"),
    ("explosive_precursors", "hazardous_material", "易制爆危险化学品"),
    ("radioactive", "hazardous_material", "放射性物品"),
    ("drug_precursors", "hazardous_material", "易制毒化学品"),
    ("controlled_knives", "hazardous_material", "管制器具"),
    ("bulk_petrol", "hazardous_material", "散装汽油"),
    # (四) 新兴重点行业
    ("drones", "emerging", "无人驾驶航空器"),
    ("online_rental", "emerging", "网约房"),
    ("esports_hotel", "emerging", "电竞酒店"),
    ("printing_3d", "emerging", "3D打印单位"),
    ("camping", "emerging", "露营（房车）基地"),
    ("script_game", "emerging", "剧本杀"),
    ("escape_room", "emerging", "密室逃脱"),
    ("influencer_incubator", "emerging", "网红孵化经营机构"),
)

TRADE_GROUP_BY_CODE = {g["code"]: g for g in TRADE_GROUPS}
TRADE_TYPE_BY_CODE = {code: {"code": code, "group": group, "label": label} for code, group, label in TRADE_TYPES}
TRADE_TYPE_CHOICES = [(code, f"{TRADE_GROUP_BY_CODE[group]['label']}·{label}") for code, group, label in TRADE_TYPES]
# registry categories that are 第六十七条 objects of 治安管理 by themselves.
TRADE_CATEGORIES = ("venue", "special_trade", "hazardous_material", "regulated_trade")


def trade_source(trade_type: str) -> str:
    row = TRADE_TYPE_BY_CODE.get(trade_type)
    return TRADE_GROUP_BY_CODE[row["group"]]["source"] if row else ""


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    label: str
    source: str
    applies: str  # "all" (第五十八条) / "key_unit" (第五十九条) / "trade" (第六十九条)


CHECKLIST: tuple[ChecklistItem, ...] = (
    ChecklistItem("art58_1", "单位制定内部治安保卫制度情况", "规范001 第五十八条(一)", "all"),
    ChecklistItem(
        "art58_2",
        "治安保卫机构设置、专职兼职治安保卫人员配备，自行招用保安员备案及开展保安服务情况",
        "规范001 第五十八条(二)",
        "all",
    ),
    ChecklistItem(
        "art58_3",
        "出入登记、守卫看护、巡逻检查、重要部位重点保护、治安隐患排查处理等内部治安保卫措施落实情况",
        "规范001 第五十八条(三)",
        "all",
    ),
    ChecklistItem("art58_4", "治安防范设施的建设、使用和维护情况", "规范001 第五十八条(四)", "all"),
    ChecklistItem(
        "art58_5",
        "内部治安保卫人员接受法律知识和治安保卫业务、技能及相关专业知识培训、考核情况",
        "规范001 第五十八条(五)",
        "all",
    ),
    ChecklistItem("art58_6", "其他依法应当监督检查的内容", "规范001 第五十八条(六)", "all"),
    ChecklistItem("art59_1", "治安保卫机构设置和人员配备报主管公安机关备案情况", "规范001 第五十九条(一)", "key_unit"),
    ChecklistItem("art59_2", "治安保卫重要部位确定情况", "规范001 第五十九条(二)", "key_unit"),
    ChecklistItem(
        "art59_3",
        "按照国家有关标准对治安保卫重要部位设置必要的安全技术防范设施并实施重点保护情况",
        "规范001 第五十九条(三)",
        "key_unit",
    ),
    ChecklistItem("art59_4", "制定单位内部治安突发事件处置预案及组织演练情况", "规范001 第五十九条(四)", "key_unit"),
    ChecklistItem("art69_1", "经营许可证、备案、营业执照及其登记项目变更等情况", "规范001 第六十九条(一)", "trade"),
    ChecklistItem("art69_2", "许可条件符合情况", "规范001 第六十九条(二)", "trade"),
    ChecklistItem(
        "art69_3",
        "实名登记、物品登记、过机安检、来源流向登记等安全管理制度落实，场所设施合规、危险物品储存使用场所"
        "治安防范要求达标和保安人员配备情况",
        "规范001 第六十九条(三)",
        "trade",
    ),
    ChecklistItem(
        "art69_4",
        "有关人员禁入禁业、强制报告、地点设置、经营内容等管理要求落实情况",
        "规范001 第六十九条(四)",
        "trade",
    ),
)
CHECKLIST_BY_CODE = {item.code: item for item in CHECKLIST}
APPLIES = ("all", "key_unit", "trade")


def is_trade_unit(category: str, trade_type: str) -> bool:
    """娱乐服务场所、特种行业、危险物品和重点管理行业 (第六十七条): by registry category or a 第六十八条 type."""
    return category in TRADE_CATEGORIES or bool(trade_type)


def checklist_for(*, key_unit: bool, trade: bool) -> list[ChecklistItem]:
    wanted = {"all"} | ({"key_unit"} if key_unit else set()) | ({"trade"} if trade else set())
    return [item for item in CHECKLIST if item.applies in wanted]
