"""为民服务 as data: the service types with their time limits, the channels, the 第九十二条(三) priority groups, the
五类关爱帮扶对象 of 第九十八条 with their visit frequency, and the certificates a post issues (第九十一条).

规范001 第九十三条(一) says "在规定时限内办理群众申办事项" without numbers: each type's ``default`` limit is the
station's starting value (a reading, shown on the 时限设置 page) and a station, or the bureau/city above it, may set
its own (``ServiceLimit``, ``outreach.services.limit_for``). ``unit``: ``workdays`` (法定工作日 from the holiday
calendar, rules.calendar — 调休 make-up days count, holidays do not), ``days`` (calendar days) or ``hours`` (a due
time to the minute). An urgent request (急需事项) is due within 24 hours whatever its type (第九十三条(三)).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

URGENT_HOURS = 24  # 为群众急需事项提供24小时服务 — 规范001 第九十三条(三)
SATISFACTION_TARGET = "0.90"  # 政务服务满意度不低于百分之九十 — 第九十三条(四)
POST_HOURS = 8  # 服务时间一般不少于每天8小时 — 第九十三条(二)

UNITS = ("workdays", "days", "hours")
UNIT_LABELS = {"workdays": "个工作日", "days": "日", "hours": "小时"}

ART87 = "规范001 第八十七条"
ART91 = "规范001 第九十一条"
STATION_READING = "条文未规定时限，按派出所服务承诺默认{n}{unit}，可由派出所（或上级）在“为民服务时限”中调整。"


def _type(code, label, article, default, unit, *, fields=(), certificate="", reading="", help_text=""):
    return {
        "code": code,
        "label": label,
        "source": article,
        "default": default,
        "unit": unit,
        "fields": tuple(fields),
        "certificate": certificate,
        "reading": reading or STATION_READING.format(n=default, unit=UNIT_LABELS[unit]),
        "help_text": help_text,
    }


# Type-specific fields the intake form shows (``fields``): name → (label, kind).
TYPE_FIELDS = {
    "external_ref": (_("警综平台失踪人员登记编号"), "text"),
    "harm_suspected": (_("疑似被侵害"), "bool"),
    "item_description": (_("物品描述"), "text"),
    "vehicle_item": (_("车驾管事项"), "text"),
}

SERVICE_TYPES: tuple[dict, ...] = (
    _type("consultation", "咨询", f"{ART87}(一)", 1, "workdays", help_text="依法按政策耐心解答"),
    _type("general_help", "一般求助", ART87, 3, "workdays"),
    _type(
        "missing_person",
        "失踪人员",
        f"{ART87}(二)",
        24,
        "hours",
        fields=("external_ref", "harm_suspected"),
        reading=(
            "条文要求询问、比对并在警综平台失踪人员信息系统中登记、全力帮助查找，未规定时限：默认受理后24小时内完成"
            "登记并反馈查找情况，可调整；发现疑似被侵害的，及时报告移交（记录移交去向）。"
        ),
    ),
    _type("lost_property", "财物丢失", f"{ART87}(三)", 5, "workdays", fields=("item_description",)),
    _type("found_property", "拾物送交", f"{ART87}(四)", 5, "workdays", fields=("item_description",)),
    _type(
        "urgent_certificate",
        "急用证件证明",
        f"{ART87}(五)",
        24,
        "hours",
        certificate="general_certificate",
        reading="条文为“帮助尽快据实办理”：默认24小时内办结（与第九十三条(三)急需事项24小时服务一致），可调整。",
    ),
    _type("household", "户口", f"{ART91}(一)", 5, "workdays"),
    _type("id_card", "身份证", f"{ART91}(一)", 3, "workdays"),
    _type("no_criminal_record", "无犯罪记录证明", f"{ART91}(二)", 3, "workdays", certificate="no_criminal_record"),
    _type("household_certificate", "户籍类证明", f"{ART91}(三)", 3, "workdays", certificate="household_certificate"),
    _type("vehicle_licence", "车驾管代办", f"{ART91}(四)", 5, "workdays", fields=("vehicle_item",)),
    _type("document_delivery", "证件发放", f"{ART91}(五)", 3, "workdays"),
    _type(
        "volunteer_certificate",
        "志愿服务/信用修复证明",
        f"{ART91}(六)",
        5,
        "workdays",
        certificate="general_certificate",
    ),
    _type(
        "suggestion",
        "意见建议",
        "规范001 第九十四条；规范002 反馈制度",
        7,
        "days",
        reading="规范002“应于一周内将工作情况反馈居民本人”：自受理次日起七日内反馈，可调整。",
    ),
)
TYPE_BY_CODE = {row["code"]: row for row in SERVICE_TYPES}
TYPE_CHOICES = [(row["code"], row["label"]) for row in SERVICE_TYPES]


class Channel(models.TextChoices):
    WINDOW = "window", _("窗口")
    PHONE = "phone", _("电话")
    HOME = "home", _("上门")
    ONLINE_GROUP = "online_group", _("云格")
    ONLINE = "online", _("网上")


class PriorityGroup(models.TextChoices):
    """“优先办、上门办”的特殊群体 — 规范001 第九十二条(三)."""

    NONE = "", _("无")
    ELDERLY = "elderly", _("老年人")
    DISABLED = "disabled", _("残疾人")
    SERIOUSLY_ILL = "seriously_ill", _("身患重疾人员")
    CHILD_IN_DIFFICULTY = "child", _("困境儿童")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


# 满意 and 基本满意 count as satisfied; only rated requests count (第九十三条(四), reading in indicators.py).
SATISFIED_VALUES = (Satisfaction.SATISFIED, Satisfaction.BASIC)


class CareGroup(models.TextChoices):
    """关爱帮扶对象 — 规范001 第九十八条(一)–(五)."""

    ELDERLY_ALONE = "elderly_alone", _("孤寡、空巢老人")
    CHILD = "child", _("困境、留守儿童")
    SERIOUSLY_ILL = "seriously_ill", _("生活不能自理的重病患者")
    SEVERELY_DISABLED = "severely_disabled", _("重度残疾人")
    OTHER = "other", _("其他遇到特殊困难、生活不能自理的人")


# Visit frequency per group: the article gives none (第九十九条(三) "家访制度", "重点节点提供必要的守护服务"); each is
# an obligation row of the rules engine (rules/obligations.py ``art99_3_care_visit_<group>``) that the control centre
# may change.
CARE_LABEL = "关爱对象"  # the label on registry.Resident.labels while someone is cared for

CERTIFICATES = {
    "no_criminal_record": {"label": "无犯罪记录证明", "word": "无犯", "source": f"{ART91}(二)"},
    "household_certificate": {"label": "户籍证明", "word": "户证", "source": f"{ART91}(三)"},
    "general_certificate": {"label": "证明", "word": "证明", "source": f"{ART87}(五)、{ART91}(六)"},
}


class ComplaintKind(models.TextChoices):
    INACTION = "inaction", _("不作为")
    SLOW = "slow", _("慢作为")
    MISCONDUCT = "misconduct", _("乱作为")
