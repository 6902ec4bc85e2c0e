"""The vocabularies of disputes and incidents as data, each with the article it comes from.

Codes are stable English identifiers (stored); labels are Chinese (shown). ``casework.checks`` rejects a
malformed row at start-up (casework.E001…).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DisputeDomain(models.TextChoices):
    """第七十三条: 婚恋、家庭、邻里、债务等重点领域."""

    MARRIAGE = "marriage", _("婚恋")
    FAMILY = "family", _("家庭")
    NEIGHBOUR = "neighbour", _("邻里")
    DEBT = "debt", _("债务")
    OTHER = "other", _("其他")


class DisputeSource(models.TextChoices):
    """第七十三条 (驻社区、接处警、查办案、核处线索) and 网格上报/云格 (规范000 §5.2)."""

    VISIT = "visit", _("驻社区走访")
    CALL = "call", _("接处警")
    CASE = "case", _("查办案件")
    LEAD = "lead", _("核处线索")
    GRID = "grid", _("网格上报")
    ONLINE_GROUP = "online_group", _("云格")


class RiskLevel(models.TextChoices):
    HIGH = "high", _("高")
    MEDIUM = "medium", _("中")
    LOW = "low", _("低")


# 风险原因 (第七十三条 "结合实际进行风险等级评估"). ``escalation``: the reasons of 第七十四条(三) that oblige a report
# to the upper level (可能导致“民转刑”、个人极端暴力案件、群体性事件).
RISK_REASONS: tuple[dict, ...] = (
    {"code": "repeat_calls", "label": "重复报警", "escalation": False},
    {"code": "threat", "label": "扬言报复", "escalation": False},
    {"code": "domestic_violence", "label": "涉及家庭暴力", "escalation": False},
    {"code": "civil_to_criminal", "label": "可能导致“民转刑”", "escalation": True},
    {"code": "extreme_violence", "label": "可能引发个人极端暴力案件", "escalation": True},
    {"code": "mass_incident", "label": "可能引发群体性事件", "escalation": True},
    {"code": "many_people", "label": "涉及人数较多", "escalation": False},
    {"code": "vulnerable", "label": "涉及老人、未成年人或精神障碍患者", "escalation": False},
)
RISK_REASON_CHOICES = [(r["code"], r["label"]) for r in RISK_REASONS]
ESCALATION_REASONS = frozenset(r["code"] for r in RISK_REASONS if r["escalation"])


class DisputeStatus(models.TextChoices):
    OPEN = "open", _("化解中")
    RESOLVED = "resolved", _("已化解")


class PartyRole(models.TextChoices):
    PARTY = "party", _("当事人")
    RELATED = "related", _("关系人")


class SubjectConcern(models.TextChoices):
    """第七十五条第二款: a party who should be marked as a special subject (codes = subjects categories)."""

    NONE = "", _("无")
    THREAT = "threat", _("扬言报复社会他人")
    DV_PERPETRATOR = "dv_perpetrator", _("家庭暴力加害人")
    MINOR = "minor", _("有严重不良行为的未成年人")
    MENTAL_PATIENT = "mental_patient", _("肇事肇祸精神病人")


class AssistRelation(models.TextChoices):
    """第七十四条: 跨辖区矛盾纠纷以事发地为主，现住地、户籍地配合."""

    RESIDENCE = "residence", _("现住地")
    HOUSEHOLD = "household", _("户籍地")


class CandidateStatus(models.TextChoices):
    PENDING = "pending", _("待确认")
    CONFIRMED = "confirmed", _("已确认重复")
    REJECTED = "rejected", _("非重复")


class ActionKind(models.TextChoices):
    """The timeline of 第七十四条: 现场调处, 分流, 法治教育 → 人民调解, 专业调解/仲裁/诉讼, 上报, 报所."""

    ONSITE = "onsite", _("现场调处")
    REFERRAL_DEPARTMENT = "referral_department", _("分流至有关部门")
    REFERRAL_PLATFORM = "referral_platform", _("分流至基层治理平台")
    LEGAL_EDUCATION = "legal_education", _("法治教育")
    PEOPLE_MEDIATION = "people_mediation", _("人民调解（调解室）")
    PROFESSIONAL_MEDIATION = "professional_mediation", _("专业调解")
    ARBITRATION = "arbitration", _("引导申请仲裁")
    COURT = "court", _("引导向人民法院起诉")
    UPPER_REPORT = "upper_report", _("向上级公安机关报告")
    STATION_REPORT = "station_report", _("报所依法处理")
    POLICE_MEDIATION = "police_mediation", _("治安调解")
    HANDOVER = "handover", _("移交调解员")
    MEDIATOR_RESULT = "mediator_result", _("调解员反馈结果")
    FOLLOW_UP = "follow_up", _("跟进回访")
    RESOLVED = "resolved", _("化解完毕")


# Actions an officer records by hand from the dispute page (the others come from their own services).
MANUAL_ACTIONS = (
    ActionKind.ONSITE,
    ActionKind.REFERRAL_DEPARTMENT,
    ActionKind.REFERRAL_PLATFORM,
    ActionKind.LEGAL_EDUCATION,
    ActionKind.PEOPLE_MEDIATION,
    ActionKind.PROFESSIONAL_MEDIATION,
    ActionKind.ARBITRATION,
    ActionKind.COURT,
    ActionKind.UPPER_REPORT,
    ActionKind.STATION_REPORT,
)
# Attempts at mediation, whose outcome counts in the mediation success rate (规范004 reports 182 of 231).
MEDIATION_KINDS = (
    ActionKind.ONSITE,
    ActionKind.PEOPLE_MEDIATION,
    ActionKind.PROFESSIONAL_MEDIATION,
    ActionKind.POLICE_MEDIATION,
    ActionKind.MEDIATOR_RESULT,
)
# Actions that name where the dispute went (a department, the platform, a mediation organisation).
TARGETED_ACTIONS = (
    ActionKind.REFERRAL_DEPARTMENT,
    ActionKind.REFERRAL_PLATFORM,
    ActionKind.PROFESSIONAL_MEDIATION,
    ActionKind.ARBITRATION,
    ActionKind.COURT,
    ActionKind.UPPER_REPORT,
)


class Outcome(models.TextChoices):
    NONE = "", _("—")
    SUCCESS = "success", _("调解成功")
    FAILURE = "failure", _("调解不成功")


class MediatorKind(models.TextChoices):
    """在线调解人才资源库 (规范004): 派出所、司法所、群众代表、义务律师; 优秀辅警选聘为专职调解员."""

    PEOPLE_MEDIATOR = "people_mediator", _("人民调解员")
    AUXILIARY = "auxiliary", _("专职调解员（辅警）")
    JUDICIAL = "judicial", _("司法所工作人员")
    LAWYER = "lawyer", _("律师")
    REPRESENTATIVE = "representative", _("群众代表")
    PROFESSIONAL = "professional", _("专业调解员")


# 规范004: "参照人、事、物、地、组织、网络等要素属性进行标签管理".
MEDIATOR_TAGS = ("人", "事", "物", "地", "组织", "网络")


class HandoverStatus(models.TextChoices):
    WAITING = "waiting", _("待调解员接收")
    ACCEPTED = "accepted", _("调解中")
    SUCCEEDED = "succeeded", _("调解成功")
    FAILED = "failed", _("调解不成功")


class HandoverFileKind(models.TextChoices):
    """规范004: 移交时须附前期调查取证材料和案事件接报材料."""

    EVIDENCE = "evidence", _("前期调查取证材料")
    INTAKE = "intake", _("案事件接报材料")


# ---------------------------------------------------------------- incidents


class IncidentKind(models.TextChoices):
    """第七十七条 (刑事案件、治安案件、治安灾害事故、群体性事件) and 第八十八条 (紧急求助)."""

    CRIMINAL = "criminal", _("刑事案件")
    PUBLIC_ORDER = "public_order", _("治安案件")
    ACCIDENT = "accident", _("治安灾害事故")
    MASS = "mass", _("群体性事件")
    EMERGENCY = "emergency", _("紧急求助")


# Sub-kinds per kind (第八十二条 accidents; 第八十八条 emergencies); the monthly notice groups by them.
INCIDENT_SUBKINDS: dict[str, tuple[tuple[str, str], ...]] = {
    IncidentKind.CRIMINAL: (
        ("burglary", "入室盗窃"),
        ("theft", "盗窃"),
        ("fraud", "电信网络诈骗"),
        ("robbery", "抢劫抢夺"),
        ("assault", "故意伤害"),
        ("other_criminal", "其他刑事案件"),
    ),
    IncidentKind.PUBLIC_ORDER: (
        ("fight", "打架斗殴"),
        ("damage", "损毁财物"),
        ("disturbance", "扰乱秩序"),
        ("petty_theft", "小额盗窃"),
        ("other_public_order", "其他治安案件"),
    ),
    IncidentKind.ACCIDENT: (
        ("fire", "火灾"),
        ("traffic", "交通事故"),
        ("explosion", "爆炸"),
        ("poisoning", "中毒"),
        ("crush", "拥挤踩踏"),
    ),
    IncidentKind.MASS: (("mass", "群体性事件"),),
    IncidentKind.EMERGENCY: (
        ("drowning", "溺水"),
        ("fall", "坠楼"),
        ("suicide", "自杀"),
        ("danger", "其他危难求助"),
        ("missing", "老人、儿童等走失"),
        ("utility", "水电油气热险情"),
        ("natural", "自然灾害险情"),
    ),
}
SUBKIND_LABELS = {code: label for rows in INCIDENT_SUBKINDS.values() for code, label in rows}
SUBKIND_CHOICES = [(code, label) for rows in INCIDENT_SUBKINDS.values() for code, label in rows]
# 刑事、治安案件 are 案件 (立案/结案 in 警综); the others are handled, not filed.
CASE_KINDS = (IncidentKind.CRIMINAL, IncidentKind.PUBLIC_ORDER)


class IncidentSource(models.TextChoices):
    """第七十七条第三款、第一百零四条: 警情同步推送; or found by the officer, or reported by residents."""

    COMMAND_CENTRE = "command_centre", _("情指中心推送")
    COMMAND_ROOM = "command_room", _("综合指挥室推送")
    OFFICER = "officer", _("民警发现")
    RESIDENT = "resident", _("群众报告")


PUSHED_SOURCES = (IncidentSource.COMMAND_CENTRE, IncidentSource.COMMAND_ROOM)


class PersonRole(models.TextChoices):
    """第七十九条(三): 涉案人或者当事人及其关系人; 第八十条: 受害人."""

    VICTIM = "victim", _("受害人")
    SUSPECT = "suspect", _("涉案人")
    PARTY = "party", _("当事人")
    RELATIVE = "relative", _("关系人")


# 第七十九条(一)–(五): what the officer did on scene; 第八十四条(一)–(五): the accident first-response steps.
SCENE_STEPS: tuple[dict, ...] = (
    {
        "code": "stop",
        "label": "制止正在发生的案事件，参与现场处置",
        "source": "规范001 第七十九条(一)",
        "accident": False,
    },
    {
        "code": "protect",
        "label": "保护现场、维护秩序、协助救治、安抚受害人",
        "source": "规范001 第七十九条(二)",
        "accident": False,
    },
    {
        "code": "verify",
        "label": "协助核实人员基本情况，摸排线索",
        "source": "规范001 第七十九条(三)",
        "accident": False,
    },
    {
        "code": "gaps",
        "label": "查找防范漏洞，提出安全防范意见建议",
        "source": "规范001 第七十九条(四)",
        "accident": False,
    },
    {
        "code": "contact",
        "label": "联系受害人或者当事人，依法办理行政案件",
        "source": "规范001 第七十九条(五)",
        "accident": False,
    },
    {"code": "report", "label": "迅速报告情况，请求指示", "source": "规范001 第八十四条(一)", "accident": True},
    {
        "code": "evacuate",
        "label": "立即疏散人员，保护现场、维持秩序",
        "source": "规范001 第八十四条(二)",
        "accident": True,
    },
    {
        "code": "rescue",
        "label": "协助人员救助、事故救援，预防次生灾害事故",
        "source": "规范001 第八十四条(三)",
        "accident": True,
    },
    {
        "code": "investigate",
        "label": "协助现场调查访问，收集、保全证据",
        "source": "规范001 第八十四条(四)",
        "accident": True,
    },
    {
        "code": "control",
        "label": "协助发现、控制事故责任人或者肇事人",
        "source": "规范001 第八十四条(五)",
        "accident": True,
    },
)
SCENE_STEP_CHOICES = [(s["code"], s["label"]) for s in SCENE_STEPS]
ACCIDENT_STEPS = tuple(s["code"] for s in SCENE_STEPS if s["accident"])


class FollowUpKind(models.TextChoices):
    AFTER_FILING = "after_filing", _("立案后回访")
    AFTER_CLOSING = "after_closing", _("结案后回访")
    CONTACT = "contact", _("无现场案件联系回访")
    OTHER = "other", _("其他回访")


# Time bands of the monthly public notice (规范002 警情通报: 发案类别、时间段、主要部位).
TIME_BANDS: tuple[tuple[int, int, str], ...] = (
    (0, 6, "凌晨（0—6时）"),
    (6, 12, "上午（6—12时）"),
    (12, 18, "下午（12—18时）"),
    (18, 24, "夜间（18—24时）"),
)


def time_band(hour: int) -> str:
    return next(label for start, end, label in TIME_BANDS if start <= hour < end)


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("处置中")
    CLOSED = "closed", _("已办结")


# 第八十条(一)–(五): what a follow-up visit covered.
FOLLOW_UP_ITEMS: tuple[tuple[str, str], ...] = (
    ("progress", "通报案件办理情况，收集相关线索"),
    ("execution", "通报或者了解案件裁决执行情况，倾听意见建议"),
    ("education", "对相关人员开展教育管理、疏导稳控"),
    ("prevention", "分析可防性案件，查找防范漏洞"),
    ("risk", "梳理回访情况，进行风险等级评估"),
)

# 第八十条(四): the notices a preventable-case analysis leads to (kinds of inspections.notices.NOTICE_KINDS).
INCIDENT_NOTICE_KINDS: tuple[tuple[str, str], ...] = (
    ("prevention_rectification", "整改通知书"),
    ("warning_advice", "预警建议书"),
    ("police_tip", "公安提示函"),
)
