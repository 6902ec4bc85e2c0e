"""The vocabularies of 群众工作, each value with its article (Chinese labels; English via the catalogue)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LeadKind(models.TextChoices):
    # 社情民意 (规范001 第四十四条): collected on the requirements upper levels set through 基础管控中心.
    SENTIMENT_BASIC = "sentiment_basic", _("社情民意：辖区基本情况")
    SENTIMENT_VIEWS = "sentiment_views", _("社情民意：对重大事件、政策措施、热点问题的看法和反映")
    SENTIMENT_MOOD = "sentiment_mood", _("社情民意：可能向社会稳定领域传导的群体情绪")
    SENTIMENT_VOICE = "sentiment_voice", _("社情民意：涉及国计民生、群众利益的意见和呼声")
    SENTIMENT_OTHER = "sentiment_other", _("社情民意：其他")
    # 情况线索 (第四十五条).
    POLITICAL = "political", _("情况线索：涉政涉邪涉恐")
    CRIME = "crime", _("情况线索：涉及违法犯罪")
    VIOLENCE = "violence", _("情况线索：个人极端暴力案件和群体性事件苗头")
    DISORDER = "disorder", _("情况线索：治安乱点和突出治安问题")
    HAZARD = "hazard", _("情况线索：治安灾害事故风险隐患")
    OPINION = "opinion", _("情况线索：涉警负面舆情苗头")
    OTHER = "other", _("情况线索：其他")


SENTIMENT_KINDS = frozenset(k for k in LeadKind.values if k.startswith("sentiment_"))


class Channel(models.TextChoices):
    """来源渠道 (第四十七条、第四十八条)."""

    CONTACT_BOX = "contact_box", _("警民联系箱/联系卡")
    HOUSEHOLD_VISIT = "household_visit", _("入户走访")
    INFORMANT = "informant", _("治安信息员")
    COVERT = "covert", _("治安耳目")
    MEETING = "meeting", _("联系见面/恳谈会")
    QUESTIONNAIRE = "questionnaire", _("问卷调查")
    SOCIAL_MEDIA = "social_media", _("网络社交媒体")
    ONLINE_GROUP = "online_group", _("云格")
    WALK_IN = "walk_in", _("群众来访/当面反映")
    PATROL = "patrol", _("巡逻发现")
    GRID = "grid", _("网格员/志愿者报告")


class LeadStatus(models.TextChoices):
    """收集 → 报告 → 研判 (基础管控中心) → 采用/不采用 → 处置 → 办结; 撤销 keeps the history."""

    COLLECTED = "collected", _("已收集")
    REPORTED = "reported", _("已报告待研判")
    ADOPTED = "adopted", _("已采用")
    NOT_ADOPTED = "not_adopted", _("不采用")
    HANDLING = "handling", _("处置中")
    CLOSED = "closed", _("已办结")
    WITHDRAWN = "withdrawn", _("已撤销（不实）")


OPEN_LEAD_STATUSES = (LeadStatus.COLLECTED, LeadStatus.REPORTED, LeadStatus.ADOPTED, LeadStatus.HANDLING)
JUDGED_STATUSES = (LeadStatus.ADOPTED, LeadStatus.NOT_ADOPTED, LeadStatus.HANDLING, LeadStatus.CLOSED)


class EventKind(models.TextChoices):
    COLLECTED = "collected", _("收集")
    ORAL_REPORT = "oral_report", _("向派出所口头报告")
    REPORTED = "reported", _("报告")
    ADOPTED = "adopted", _("研判：采用")
    NOT_ADOPTED = "not_adopted", _("研判：不采用")
    HANDLING = "handling", _("处置")
    LINKED = "linked", _("关联其他业务记录")
    FEEDBACK = "feedback", _("反馈居民")
    REFERRAL = "referral", _("通报有关部门并告知居民")
    CLOSED = "closed", _("办结")
    WITHDRAWN = "withdrawn", _("撤销（不实）")


class LinkKind(models.TextChoices):
    """What a lead may lead to in the other rooms: a link, never a copy."""

    DISPUTE = "dispute", _("矛盾纠纷")
    HAZARD = "hazard", _("治安隐患")
    INCIDENT = "incident", _("案事件")
    TASK = "task", _("任务")


class MeetingKind(models.TextChoices):
    """The beat meetings the rules engine asks for (rules/obligations.py): each closes its own period's task."""

    WEEKLY_COMMUNITY = "weekly_community", _("每周与社区（村）书记、治保会主任联系见面")
    MONTHLY_KEY_UNITS = "monthly_key_units", _("每月与重点单位、重点行业场所安全负责人见面")
    QUARTERLY_RESIDENTS = "quarterly_residents", _("每季度向辖区居民报告治安情况")


# Which task a meeting closes (rule as data: obligation code, 任务标准件, article).
MEETING_TASKS = {
    MeetingKind.WEEKLY_COMMUNITY: ("art25_weekly_community_meeting", "meeting", "规范001 第二十五条、第四十八条(四)"),
    MeetingKind.MONTHLY_KEY_UNITS: ("art48_5_monthly_key_unit_meeting", "meeting", "规范001 第四十八条(五)"),
    MeetingKind.QUARTERLY_RESIDENTS: (
        "art48_6_quarterly_resident_report",
        "resident_report",
        "规范001 第四十八条(六)、第九十六条",
    ),
}


class InformantKind(models.TextChoices):
    INFORMANT = "informant", _("治安信息员")
    COVERT = "covert", _("治安耳目")


class ResidentReportKind(models.TextChoices):
    NEW = "new", _("新增人员")
    CHANGE = "change", _("信息变更")
    MOVED_OUT = "moved_out", _("迁出/离开")


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("待民警核实")
    CONFIRMED = "confirmed", _("已核实入库")
    REJECTED = "rejected", _("核实不符")


class EntryKind(models.TextChoices):
    """Why points moved (规范004 巡逻积分评定: 服务时间、次数、成效)."""

    CHECKIN = "checkin", _("巡逻签到")
    LEAD_ADOPTED = "lead_adopted", _("报告线索被采用")
    MEDIATION_HELP = "mediation_help", _("协助化解矛盾纠纷")
    CAMPAIGN = "campaign", _("参加防范宣传")
    REDEMPTION = "redemption", _("积分超市兑换")


AWARD_CHOICES = [
    (EntryKind.MEDIATION_HELP, EntryKind.MEDIATION_HELP.label),
    (EntryKind.CAMPAIGN, EntryKind.CAMPAIGN.label),
]
