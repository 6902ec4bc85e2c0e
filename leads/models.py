"""群众工作 (规范001 第四章 社情民意收集, 第五章第一节 群防群治; 规范002 反馈制度、警民联系卡; 规范004 巡逻积分):
leads and 社情民意 with their history and links, the informant registers, contact cards and household visits,
patrol teams, routes with 必巡线/必到点 and check-ins, the append-only points ledger, the 积分超市, and the grid
worker's resident reports waiting for the officer.

A record reported from a grid is scoped to that grid (so the grid worker and the beat officer above both reach it);
everything else to its beat or station. Child rows read through their parent (accounts.scope, ADR 0003).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedModel
from fengqiao.uploads import UploadFacts

from .choices import (
    Channel,
    EntryKind,
    EventKind,
    InformantKind,
    LeadKind,
    LeadStatus,
    LinkKind,
    MeetingKind,
    ReportStatus,
    ResidentReportKind,
)

USER = settings.AUTH_USER_MODEL


def _user(verbose, **extra):
    return models.ForeignKey(
        USER, verbose_name=verbose, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", **extra
    )


def _unit(verbose, related_name="+"):
    return models.ForeignKey("org.OrgUnit", verbose_name=verbose, on_delete=models.PROTECT, related_name=related_name)


def _address():
    return models.ForeignKey(
        "registry.Address",
        verbose_name=_("标准地址"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class LocalNumber(ScopedModel):
    """A number a station (or the bureau/city above it) set for itself — a row of ``leads.limits``."""

    scope_source = "org_unit"

    org_unit = _unit(_("单位"))
    code = models.CharField(_("代码"), max_length=60)
    value = models.PositiveIntegerField(_("数值"))
    set_by = _user(_("设定人"))
    updated_at = models.DateTimeField(_("设定时间"), auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("群众工作设置")
        verbose_name_plural = _("群众工作设置")
        constraints = [models.UniqueConstraint(fields=["org_unit", "code"], name="leads_one_number_per_unit")]

    def __str__(self):
        return f"{self.org_unit} {self.code}={self.value}"


# ---------------------------------------------------------------- visits and cards (第四十八条(一)(二), 规范002)


class HouseholdVisit(ScopedModel):
    """入户走访 (第四十八条(二)): who was met, whether they know their officer (第三十五条(一) 知晓率) and what
    was learnt."""

    scope_source = "org_unit"

    org_unit = _unit(_("警务区"))
    address = _address()
    address_text = models.CharField(_("走访地址"), max_length=300)
    visited_on = models.DateField(_("走访日期"), db_index=True)
    met_persons = models.CharField(_("见面人员"), max_length=200)
    knows_officer = models.BooleanField(_("知晓社区民警"), null=True, blank=True)
    content = models.TextField(_("了解情况"))
    visitor = _user(_("走访人"))
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("入户走访")
        verbose_name_plural = _("入户走访")
        ordering = ["-visited_on", "-id"]

    def __str__(self):
        return f"入户走访 {self.address_text[:30]}（{self.visited_on}）"


class ContactCard(ScopedModel):
    """警民联系卡 issued to a household (规范002 "做到每户一卡"; 第四十八条(一))."""

    scope_source = "org_unit"

    org_unit = _unit(_("警务区"))
    address = models.ForeignKey(
        "registry.Address", verbose_name=_("户（标准地址）"), on_delete=models.PROTECT, related_name="+"
    )
    holder_name = models.CharField(_("接卡人"), max_length=60, blank=True)
    issued_on = models.DateField(_("发放日期"))
    issued_by = _user(_("发放人"))
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("警民联系卡")
        verbose_name_plural = _("警民联系卡")
        ordering = ["-issued_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["address"], name="leads_one_card_per_household")]

    def __str__(self):
        return f"联系卡 {self.address}"


# ---------------------------------------------------------------- meetings (第二十五条, 第四十八条(四)(五)(六))


class MeetingRecord(ScopedModel):
    """A beat meeting held (the weekly meeting with the community secretary and 治保会 head, the monthly meeting
    with the key units' security heads, the quarterly report to the residents): it closes that period's meeting task
    and each issue raised becomes a lead (channel 会议)."""

    scope_source = "org_unit"

    org_unit = _unit(_("警务区"))
    kind = models.CharField(_("会议类别"), max_length=30, choices=MeetingKind.choices)
    held_at = models.DateTimeField(_("会议时间"), db_index=True)
    place = models.CharField(_("会议地点"), max_length=200)
    met_persons = models.CharField(_("参加人员"), max_length=200)
    attendees = models.PositiveIntegerField(_("参加人数"))
    topics = models.TextField(_("会议议题"))
    issues = models.JSONField(_("提出的问题"), default=list, blank=True)
    task = models.ForeignKey(
        "tasks.Task", verbose_name=_("完成的任务"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = _user(_("记录人"))
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("会议记录")
        verbose_name_plural = _("会议记录")
        ordering = ["-held_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()}（{self.held_at:%Y-%m-%d}）"


# ---------------------------------------------------------------- questionnaires (第四十八条(七), 第三十五条)


class Questionnaire(ScopedModel):
    """A questionnaire: its questions are data (``questions``: a list of {code, text, choices, aware?}); the
    answer marked ``aware`` of a question flagged so counts towards 第三十五条(一)'s 知晓率."""

    scope_source = "org_unit"

    org_unit = _unit(_("设置单位"))
    title = models.CharField(_("问卷名称"), max_length=100)
    source = models.CharField(_("依据"), max_length=100, blank=True)
    questions = models.JSONField(_("问题"), default=list)
    is_active = models.BooleanField(_("在用"), default=True)
    created_at = models.DateTimeField(_("设置时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("调查问卷")
        verbose_name_plural = _("调查问卷")
        ordering = ["scope_path", "title", "id"]

    def __str__(self):
        return self.title


class SurveyAnswer(ScopedModel):
    """One household's (or representative's) answers to a questionnaire, taken on a visit or at a survey."""

    scope_source = "org_unit"

    org_unit = _unit(_("警务区"))
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("调查问卷"), on_delete=models.PROTECT, related_name="answers"
    )
    visit = models.ForeignKey(
        HouseholdVisit,
        verbose_name=_("入户走访"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questionnaire_answers",
    )
    respondent = models.CharField(_("答卷人"), max_length=60, blank=True)
    answered_on = models.DateField(_("调查日期"), db_index=True)
    answers = models.JSONField(_("回答"), default=dict)
    aware = models.BooleanField(_("知晓社区民警"), null=True, blank=True)
    taken_by = _user(_("调查人"))
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("问卷答卷")
        verbose_name_plural = _("问卷答卷")
        ordering = ["-answered_on", "-id"]

    def __str__(self):
        return f"{self.questionnaire} {self.answered_on}"


# ---------------------------------------------------------------- leads (第四十三条至第五十二条)


class Lead(ScopedModel):
    """One 社情民意 item or 情况线索 with its four required elements (第四十六条) and its way through
    收集 → 报告 → 研判 → 采用/不采用 → 处置 → 办结."""

    scope_source = "org_unit"

    org_unit = _unit(_("所属单位"))  # the grid it came from, or the beat
    beat = _unit(_("警务区"), related_name="leads")
    kind = models.CharField(_("类别"), max_length=20, choices=LeadKind.choices, db_index=True)
    channel = models.CharField(_("来源渠道"), max_length=20, choices=Channel.choices)
    # 必备要素 (第四十六条)
    subject_text = models.CharField(_("对象"), max_length=200)
    occurred_at = models.DateTimeField(_("时间"))
    place_text = models.CharField(_("地点"), max_length=300)
    address = _address()
    event = models.TextField(_("事件"))
    # 选择要素
    cause = models.TextField(_("原因"), blank=True)
    result = models.TextField(_("结果"), blank=True)
    resident = models.ForeignKey(
        "registry.Resident",
        verbose_name=_("关联实有人口"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("关联实有单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    visit = models.ForeignKey(
        HouseholdVisit,
        verbose_name=_("来自入户走访"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )
    meeting = models.ForeignKey(
        MeetingRecord,
        verbose_name=_("来自会议"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )
    # 行动性、指向性案事件线索: first an oral report to the station (第四十九条)
    is_actionable = models.BooleanField(_("行动性、指向性线索"), default=False)
    oral_report_at = models.DateTimeField(_("口头报告时间"), null=True, blank=True)
    oral_report_to = models.CharField(_("口头报告接收人"), max_length=60, blank=True)
    # 按照上级要求收集的 (第四十六条第二款)
    commissioning_task = models.ForeignKey(
        "tasks.Task", verbose_name=_("收集任务"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField(_("收集时限"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=LeadStatus.choices, default=LeadStatus.COLLECTED, db_index=True
    )
    reported_by = _user(_("收集人"))
    submitted_by = _user(_("报告民警"))
    submitted_at = models.DateTimeField(_("报告时间"), null=True, blank=True, db_index=True)
    judged_by = _user(_("研判人"))
    judged_at = models.DateTimeField(_("研判时间"), null=True, blank=True, db_index=True)
    judge_note = models.TextField(_("研判意见"), blank=True)
    score = models.PositiveSmallIntegerField(_("采用得分"), default=0)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    close_note = models.TextField(_("办结情况"), blank=True)
    withdrawn_reason = models.CharField(_("撤销原因"), max_length=300, blank=True)
    # 群众反映的问题 (规范002 工作情况反馈制度)
    from_resident = models.BooleanField(_("群众反映"), default=False)
    resident_name = models.CharField(_("反映人"), max_length=60, blank=True)
    resident_phone = models.CharField(_("反映人电话"), max_length=20, blank=True)
    received_on = models.DateField(_("接收日期"), null=True, blank=True)
    within_duties = models.BooleanField(_("属社区民警职责范围"), null=True, blank=True)
    feedback_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    feedback_note = models.TextField(_("反馈情况"), blank=True)
    referral_to = models.CharField(_("通报部门"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("社情民意与线索")
        verbose_name_plural = _("社情民意与线索")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["scope_path", "-created_at", "-id"], name="leads_lead_scope_list")]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.event[:30]}"

    @property
    def record_id(self) -> str:
        return str(self.pk)

    @property
    def number(self) -> str:
        return f"XS{self.pk:06d}"


class LeadEvent(ScopedModel):
    """One line of a lead's history, in the order things happened (the oral report before the 报告, 第四十九条)."""

    scope_source = "lead"

    lead = models.ForeignKey(Lead, verbose_name=_("线索"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("环节"), max_length=20, choices=EventKind.choices)
    at = models.DateTimeField(_("时间"))
    note = models.TextField(_("情况"), blank=True)
    by = _user(_("经办人"))

    class Meta(ScopedModel.Meta):
        verbose_name = _("线索流转记录")
        verbose_name_plural = _("线索流转记录")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class LeadLink(ScopedModel):
    """A lead led to a record of another room: a link, not a copy."""

    scope_source = "lead"

    lead = models.ForeignKey(Lead, verbose_name=_("线索"), on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("业务类别"), max_length=12, choices=LinkKind.choices)
    record_id = models.CharField(_("记录编号"), max_length=40)
    label = models.CharField(_("记录"), max_length=200)
    created_by = _user(_("关联人"))
    created_at = models.DateTimeField(_("关联时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("线索关联记录")
        verbose_name_plural = _("线索关联记录")
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["lead", "kind", "record_id"], name="leads_link_once")]

    def __str__(self):
        return self.label


# ---------------------------------------------------------------- informants (第四十七条、第四十八条(三))


class Informant(ScopedModel):
    """治安信息员 or 治安耳目: a register of its own permission (view_informants), never shown to grid workers,
    volunteers or auditors; every opening on the access trail; the name masked in every list."""

    scope_source = "org_unit"

    org_unit = _unit(_("警务区"))
    kind = models.CharField(_("类别"), max_length=12, choices=InformantKind.choices)
    alias = models.CharField(_("代号"), max_length=30)
    name = models.CharField(_("姓名"), max_length=60)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    special_subject = models.ForeignKey(
        "subjects.SpecialSubject",
        verbose_name=_("物建于特定对象"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    field = models.CharField(_("信息收集方向"), max_length=200, blank=True)
    recruited_on = models.DateField(_("布建日期"))
    handler = _user(_("联系民警"))
    is_active = models.BooleanField(_("在用"), default=True)
    retired_on = models.DateField(_("撤销日期"), null=True, blank=True)
    retire_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("治安信息员/耳目")
        verbose_name_plural = _("治安信息员/耳目")
        ordering = ["scope_path", "kind", "alias", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.alias}"


# ---------------------------------------------------------------- patrols (第五十五条(二))


class PatrolTeam(ScopedModel):
    scope_source = "org_unit"

    org_unit = _unit(_("所属单位"))
    name = models.CharField(_("巡逻队名称"), max_length=100)
    leader_name = models.CharField(_("负责人"), max_length=60, blank=True)
    members = models.ManyToManyField(USER, verbose_name=_("队员"), blank=True, related_name="patrol_teams")
    created_at = models.DateTimeField(_("组建时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("巡逻队")
        verbose_name_plural = _("巡逻队")
        ordering = ["scope_path", "name"]

    def __str__(self):
        return self.name


class PatrolRoute(ScopedModel):
    """A route with its 必巡线 and 必到点 (第五十五条(二)); how often it is walked is the station's data."""

    scope_source = "org_unit"

    org_unit = _unit(_("所属单位"))
    name = models.CharField(_("路线名称"), max_length=100)
    team = models.ForeignKey(
        PatrolTeam, verbose_name=_("巡逻队"), null=True, blank=True, on_delete=models.SET_NULL, related_name="routes"
    )
    must_lines = models.TextField(_("必巡线"), blank=True)
    times_per_week = models.PositiveSmallIntegerField(_("每周巡逻次数"), null=True, blank=True)
    is_active = models.BooleanField(_("在用"), default=True)
    created_by = _user(_("设定人"))
    created_at = models.DateTimeField(_("设定时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("巡逻路线")
        verbose_name_plural = _("巡逻路线")
        ordering = ["scope_path", "name", "id"]

    def __str__(self):
        return self.name


class PatrolPoint(ScopedModel):
    scope_source = "route"

    route = models.ForeignKey(PatrolRoute, verbose_name=_("巡逻路线"), on_delete=models.CASCADE, related_name="points")
    name = models.CharField(_("巡逻点"), max_length=100)
    address = _address()
    is_must_visit = models.BooleanField(_("必到点"), default=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta(ScopedModel.Meta):
        verbose_name = _("巡逻点")
        verbose_name_plural = _("巡逻点")
        ordering = ["route", "position", "id"]

    def __str__(self):
        return self.name


class CheckIn(ScopedModel):
    """巡逻签到 at a point. ``client_id`` is made by the phone: the same check-in sent twice is one row."""

    scope_source = "route"

    route = models.ForeignKey(PatrolRoute, verbose_name=_("巡逻路线"), on_delete=models.PROTECT, related_name="+")
    point = models.ForeignKey(PatrolPoint, verbose_name=_("巡逻点"), on_delete=models.PROTECT, related_name="checkins")
    user = models.ForeignKey(USER, verbose_name=_("签到人"), on_delete=models.PROTECT, related_name="checkins")
    checked_at = models.DateTimeField(_("签到时间"), db_index=True)
    client_id = models.UUIDField(_("签到编号"), unique=True)
    note = models.CharField(_("巡逻情况"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("接收时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("巡逻签到")
        verbose_name_plural = _("巡逻签到")
        ordering = ["-checked_at", "-id"]

    def __str__(self):
        return f"{self.point} {self.checked_at:%Y-%m-%d %H:%M}"


class CheckInPhoto(ScopedModel, UploadFacts):
    """The optional photo of a check-in, checked by content (fengqiao.uploads); served only through the scoped
    download (the patroller's own, or view_leads over the route)."""

    scope_source = "checkin"

    checkin = models.ForeignKey(CheckIn, verbose_name=_("巡逻签到"), on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("文件"), upload_to="checkin_photos/%Y/%m/")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("签到照片")
        verbose_name_plural = _("签到照片")
        constraints = [models.UniqueConstraint(fields=["checkin"], name="leads_one_photo_per_checkin")]

    def __str__(self):
        return self.name


# ---------------------------------------------------------------- points and the 积分超市 (规范004)


class PointsEntry(ScopedModel):
    """One line of the append-only points ledger: refuses UPDATE and DELETE in the database (migration 0002, like
    the audit trails); a balance is the sum of a person's lines. A source credits once (the constraint)."""

    scope_source = "org_unit"

    org_unit = _unit(_("所属单位"))  # where the person serves (their grid, community or beat)
    user = models.ForeignKey(USER, verbose_name=_("志愿者/网格员"), on_delete=models.PROTECT, related_name="points")
    kind = models.CharField(_("积分事项"), max_length=20, choices=EntryKind.choices)
    points = models.IntegerField(_("积分"))
    balance_after = models.IntegerField(_("结余"))
    source_type = models.CharField(_("来源类型"), max_length=30, blank=True)
    source_id = models.CharField(_("来源编号"), max_length=40, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_by = _user(_("记录人"))
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True, db_index=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("积分记录")
        verbose_name_plural = _("积分记录")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "source_type", "source_id"],
                condition=~Q(source_id=""),
                name="leads_points_credit_once",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.points:+d}"


class StoreItem(ScopedModel):
    """An article of the station's 积分超市."""

    scope_source = "org_unit"

    org_unit = _unit(_("派出所"))
    name = models.CharField(_("商品"), max_length=100)
    cost = models.PositiveIntegerField(_("所需积分"))
    stock = models.PositiveIntegerField(_("库存"))
    is_active = models.BooleanField(_("上架"), default=True)
    created_at = models.DateTimeField(_("上架时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("积分超市商品")
        verbose_name_plural = _("积分超市商品")
        ordering = ["scope_path", "cost", "name"]

    def __str__(self):
        return f"{self.name}（{self.cost}积分）"


class Redemption(ScopedModel):
    scope_source = "item"

    item = models.ForeignKey(StoreItem, verbose_name=_("商品"), on_delete=models.PROTECT, related_name="redemptions")
    user = models.ForeignKey(USER, verbose_name=_("兑换人"), on_delete=models.PROTECT, related_name="redemptions")
    quantity = models.PositiveSmallIntegerField(_("数量"), default=1)
    points = models.PositiveIntegerField(_("消耗积分"))
    entry = models.OneToOneField(PointsEntry, verbose_name=_("积分记录"), on_delete=models.PROTECT, related_name="+")
    redeemed_at = models.DateTimeField(_("兑换时间"))
    handed_over_at = models.DateTimeField(_("领取时间"), null=True, blank=True)
    handed_over_by = _user(_("发放人"))

    class Meta(ScopedModel.Meta):
        verbose_name = _("积分兑换")
        verbose_name_plural = _("积分兑换")
        ordering = ["-redeemed_at", "-id"]

    def __str__(self):
        return f"{self.item.name} ×{self.quantity}"


# ---------------------------------------------------------------- the grid worker's collection (第二十七条)


class ResidentReport(ScopedModel):
    """A grid worker's report of a new resident or a change: waits for the officer, who verifies it before anything
    enters the registry (第二十七条; 第二十九条 核查即录入)."""

    scope_source = "org_unit"

    org_unit = _unit(_("所属网格"))
    kind = models.CharField(_("报告类别"), max_length=12, choices=ResidentReportKind.choices)
    name = models.CharField(_("姓名"), max_length=60)
    gender = models.CharField(_("性别"), max_length=10, blank=True)
    id_number = models.CharField(_("公民身份号码"), max_length=18, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    population_type = models.CharField(_("人口类型"), max_length=20, blank=True)
    address = _address()
    address_text = models.CharField(_("居住地址"), max_length=300)
    detail = models.TextField(_("情况说明"), blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.PENDING, db_index=True
    )
    reported_by = _user(_("报告人"))
    created_at = models.DateTimeField(_("报告时间"), auto_now_add=True)
    decided_by = _user(_("核实民警"))
    decided_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    decision_note = models.CharField(_("核实情况"), max_length=300, blank=True)
    resident = models.ForeignKey(
        "registry.Resident",
        verbose_name=_("实有人口"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("网格员采集报告")
        verbose_name_plural = _("网格员采集报告")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.name}"
