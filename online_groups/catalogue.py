"""云格警务 as data (扬州 DB3210/T 1190-2025, cited ``规范000``): the member roles of the 1+2+2+N structure (§4.1),
the 云格岗专员 and the station's 企业微信 account (§4.2.4), the categories of an online request (§4.2, §5.2), and
the numbers our copy of the standard lacks.

Our copy of 规范000 stops at §7.2.2: §8 服务要求 and §9 评价与考核 are missing, so no response time, statistics
threshold or 群发 cap comes from the text. Each such number is a row of ``NUMBERS`` with its ``reading`` (解读); a
station (or the bureau/city above it) may set its own on the 云格设置 page (``LocalNumber``), the nearest one above
a record wins (``online_groups.services.number_value``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

S41 = "规范000 §4.1"
S424 = "规范000 §4.2.4"
S52 = "规范000 §5.2"
S721 = "规范000 §7.2.1"


class MemberRole(models.TextChoices):
    """Who a member is in the group (§4.1 “1+2+2+N”, §4.2.4)."""

    COMMUNITY_OFFICER = "community_officer", _("社区民警")
    STATION_POLICE = "station_police", _("派出所非社区民警")
    BUREAU_POLICE = "bureau_police", _("分局机关民警")
    AUXILIARY = "auxiliary", _("社区专职辅警")
    GRID_WORKER = "grid_worker", _("网格员")
    VOLUNTEER = "volunteer", _("志愿者")
    STATION_ACCOUNT = "station_account", _("单位账号")
    RESIDENT = "resident", _("居民")


# 所有云格警务人员 (§7.2.1): the nickname 单位-姓名-电话号码 is required of them.
POLICE_ROLES = (
    MemberRole.COMMUNITY_OFFICER,
    MemberRole.STATION_POLICE,
    MemberRole.BUREAU_POLICE,
    MemberRole.AUXILIARY,
)
# “N” (§4.1): their nickname is checked too, but a problem is a warning only (reading).
HELPER_ROLES = (MemberRole.GRID_WORKER, MemberRole.VOLUNTEER)


class Visibility(models.TextChoices):
    OK = "ok", _("正常")
    NOT_CUSTOMER = "not_customer", _("非客户群（API 不可见）")
    NOT_JOINED = "not_joined", _("未加入")


class Category(models.TextChoices):
    """An online request's category, from §4.2.1 (安全隐患、群众求助、群众建议), §4.2.4–4.2.6 (矛盾纠纷、咨询、
    志愿服务) and §5.2 (警情受理)."""

    POLICE_REPORT = "police_report", _("警情受理")
    HELP = "help", _("求助")
    DISPUTE = "dispute", _("纠纷")
    CONSULTATION = "consultation", _("咨询")
    SUGGESTION = "suggestion", _("建议")
    HAZARD = "hazard", _("隐患")
    VOLUNTEER = "volunteer", _("志愿服务")


class Source(models.TextChoices):
    SIDEBAR = "sidebar", _("民警登记（群内）")
    KF = "kf", _("微信客服")
    MANUAL = "manual", _("民警补录")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("办理中")
    CLOSED = "closed", _("已办结")


class Conversion(models.TextChoices):
    """Where an online request went on (a record of another module)."""

    SERVICE_REQUEST = "service_request", _("为民服务诉求")
    LEAD = "lead", _("社情民意与线索")
    DISPUTE = "dispute", _("矛盾纠纷（记录编号）")
    INCIDENT = "incident", _("案事件（记录编号）")


class TargetStatus(models.TextChoices):
    """A 群发 to one group: queued → submitted → confirmed → sent / failed (the gateway reports each step)."""

    QUEUED = "queued", _("排队中")
    SUBMITTED = "submitted", _("已提交企业微信")
    CONFIRMED = "confirmed", _("已确认发送")
    SENT = "sent", _("已送达")
    FAILED = "failed", _("失败")


FINAL_TARGET_STATUSES = (TargetStatus.SENT, TargetStatus.FAILED)

# Which category goes to which outreach service type / lead kind when converted.
SERVICE_TYPE_OF = {
    Category.CONSULTATION: "consultation",
    Category.SUGGESTION: "suggestion",
}
LEAD_KIND_OF = {
    Category.HAZARD: "hazard",
    Category.POLICE_REPORT: "crime",
    Category.DISPUTE: "disorder",
}

_FIRST = "条文要求“第一时间就近受理”（§5.2），我们的文本缺§8服务要求，未规定时限："
_CLOSE = "条文要求“快速处置”（§5.2），未规定时限："


CATEGORY_WORDS = {  # plain Chinese for the readings below (lazy labels cannot be formatted at import)
    "police_report": "警情受理",
    "help": "求助",
    "dispute": "纠纷",
    "consultation": "咨询",
    "suggestion": "建议",
    "hazard": "隐患",
    "volunteer": "志愿服务",
}


def _clock(category, minutes, hours, why=""):
    label = CATEGORY_WORDS[category]
    return (
        {
            "code": f"first_response.{category}",
            "label": f"首次响应时限：{label}",
            "unit": "minutes",
            "default": minutes,
            "source": S52,
            "reading": f"{_FIRST}{label}自群众发出（或民警看到）之时起{minutes}分钟内由民警首次回复，"
            f"按自然时间计，不顺延夜间和节假日；可由派出所调整。{why}",
        },
        {
            "code": f"close.{category}",
            "label": f"办结时限：{label}",
            "unit": "hours",
            "default": hours,
            "source": S52,
            "reading": f"{_CLOSE}{label}自受理起{hours}小时内办结，"
            "生成社区民警的规定任务（逾期即升级），可由派出所调整。",
        },
    )


NUMBERS: tuple[dict, ...] = (
    *_clock("police_report", 5, 24, "“警情快速受理”：最短。"),
    *_clock("help", 10, 24, "“求助快速响应”。"),
    *_clock("dispute", 30, 72, "“纠纷快调快处”。"),
    *_clock("consultation", 60, 24),
    *_clock("suggestion", 24 * 60, 7 * 24, "建议按规范002反馈制度一周内反馈。"),
    *_clock("hazard", 30, 72),
    *_clock("volunteer", 120, 72),
    {
        "code": "broadcast_monthly_cap",
        "label": "每群每月群发上限",
        "unit": "times",
        "default": 4,
        "source": "规范000 §4.2.1、§4.2.4（安全防范宣传）",
        "reading": "企业微信对客户群群发有频次限制，标准未规定宣传次数：默认每个群每自然月4次，超出的排队至次月提交，"
        "不丢弃；可由派出所按企业微信后台实际限额调整。",
    },
    {
        "code": "in_clock_target",
        "label": "首次响应及时率目标",
        "unit": "percent",
        "default": 90,
        "source": "规范000 §5.2（§9评价与考核缺失）",
        "reading": "我们的文本缺§9评价与考核：统计页以首次响应在时限内的比例不低于90%为达标参考，仅为解读。",
    },
)
NUMBER_BY_CODE = {row["code"]: row for row in NUMBERS}
UNIT_LABELS = {"minutes": "分钟", "hours": "小时", "times": "次", "percent": "%"}
NUMBER_MAX = {"minutes": 7 * 24 * 60, "hours": 30 * 24, "times": 100, "percent": 100}
