"""为民服务、关爱帮扶、警务公开 (规范001 第七章, 第八十六条–第一百条): residents' service requests with their time
limits, 首问负责 hand-overs and satisfaction; lost and found; post opening hours; complaints against officers; care
recipients, care warnings and visits; the published contact of a beat's team and its public information.

Every record is a ``ScopedModel`` read through its beat (a care recipient through its resident, a visit through its
recipient). Certificates are ``inspections.Notice`` rows of this module's kinds (one PDF pipeline).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedModel

from .catalogue import TYPE_CHOICES, CareGroup, Channel, ComplaintKind, PriorityGroup, Satisfaction

USER = settings.AUTH_USER_MODEL


def _user(verbose, **extra):
    return models.ForeignKey(
        USER, verbose_name=verbose, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", **extra
    )


class ServiceLimit(ScopedModel):
    """A time limit a station (or the bureau/city above it) set for a service type (``catalogue.SERVICE_TYPES``)."""

    scope_source = "org_unit"

    org_unit = models.ForeignKey("org.OrgUnit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    service_type = models.CharField(_("事项类型"), max_length=40, choices=TYPE_CHOICES)
    value = models.PositiveIntegerField(_("时限"))
    set_by = _user(_("设定人"))
    updated_at = models.DateTimeField(_("设定时间"), auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("为民服务时限")
        verbose_name_plural = _("为民服务时限")
        constraints = [models.UniqueConstraint(fields=["org_unit", "service_type"], name="outreach_one_limit")]

    def __str__(self):
        return f"{self.org_unit} {self.service_type}={self.value}"


class RequestStatus(models.TextChoices):
    OPEN = "open", _("办理中")
    DONE = "done", _("已办结")
    REFERRED = "referred", _("已告知引导")


class ServiceRequest(ScopedModel):
    """群众诉求/办事 (第八十七条、第九十一条): received by one officer who answers for it (首问负责) until handed on."""

    scope_source = "beat"

    number = models.CharField(_("受理编号"), max_length=40, unique=True)
    beat = models.ForeignKey("org.OrgUnit", verbose_name=_("警务区"), on_delete=models.PROTECT, related_name="+")
    service_type = models.CharField(_("事项类型"), max_length=40, choices=TYPE_CHOICES, db_index=True)
    channel = models.CharField(_("受理渠道"), max_length=20, choices=Channel.choices)
    is_urgent = models.BooleanField(_("急需事项（24小时）"), default=False)
    priority_group = models.CharField(
        _("优先办/上门办对象"), max_length=20, choices=PriorityGroup.choices, blank=True, default=""
    )
    home_service = models.BooleanField(_("上门办"), default=False)
    applicant_name = models.CharField(_("办事群众"), max_length=60, blank=True)
    applicant_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    resident = models.ForeignKey(
        "registry.Resident", verbose_name=_("实有人口"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    content = models.TextField(_("诉求内容"))
    details = models.JSONField(_("事项信息"), default=dict, blank=True)
    received_at = models.DateTimeField(_("受理时间"), db_index=True)
    received_by = _user(_("首问责任人"))
    owner = _user(_("当前承办人"))
    limit_value = models.PositiveIntegerField(_("时限"))
    limit_unit = models.CharField(_("时限单位"), max_length=10)
    due_at = models.DateTimeField(_("办结时限"), db_index=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN, db_index=True
    )
    done_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    result = models.TextField(_("办理结果"), blank=True)
    referral_reason = models.TextField(_("无法办理的情况和理由"), blank=True)
    handed_over_to = models.CharField(_("报告移交单位"), max_length=100, blank=True)
    overdue_note = models.TextField(_("超时处理情况"), blank=True)
    overdue_noted_by = _user(_("超时处理记录人"))
    overdue_noted_at = models.DateTimeField(_("超时处理记录时间"), null=True, blank=True)
    certificate = models.ForeignKey(
        "inspections.Notice", verbose_name=_("证明"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    rating_key = models.CharField(_("评价码摘要"), max_length=64, blank=True, db_index=True, editable=False)
    satisfaction = models.CharField(_("满意度"), max_length=20, choices=Satisfaction.choices, blank=True)
    rating_comment = models.CharField(_("评价意见"), max_length=300, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    rating_channel = models.CharField(_("评价方式"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("群众诉求")
        verbose_name_plural = _("群众诉求")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["scope_path", "-received_at", "-id"], name="outreach_request_scope_list")]

    def __str__(self):
        return f"{self.number} {self.get_service_type_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.OPEN

    def overdue_as_of(self, now) -> bool:
        """Past its limit: still open after ``due_at``, or closed after it."""
        end = self.done_at or now
        return end > self.due_at

    @property
    def limit_label(self) -> str:
        from .catalogue import UNIT_LABELS

        return f"{self.limit_value}{UNIT_LABELS.get(self.limit_unit, self.limit_unit)}"


class RequestHandover(ScopedModel):
    """首问负责: the owner handed the request on, with the reason (第九十一条 “说明情况和理由”)."""

    scope_source = "request"

    request = models.ForeignKey(
        ServiceRequest, verbose_name=_("群众诉求"), on_delete=models.CASCADE, related_name="handovers"
    )
    from_user = _user(_("移交人"))
    to_user = _user(_("接收人"))
    reason = models.TextField(_("移交理由"))
    at = models.DateTimeField(_("移交时间"))

    class Meta(ScopedModel.Meta):
        verbose_name = _("诉求移交")
        verbose_name_plural = _("诉求移交")
        ordering = ["request", "at", "id"]

    def __str__(self):
        return f"{self.request.number} → {self.to_user}"


class LostFoundKind(models.TextChoices):
    LOST = "lost", _("群众报失")
    FOUND = "found", _("拾物送交")


class LostFoundStatus(models.TextChoices):
    OPEN = "open", _("查找中")
    MATCHED = "matched", _("已比对认领")
    RETURNED = "returned", _("已归还")
    DISPOSED = "disposed", _("无主处理")


class LostFoundItem(ScopedModel):
    """财物丢失、拾物送交 (第八十七条(三)(四)): registered, matched, returned, and the finder told."""

    scope_source = "beat"

    beat = models.ForeignKey("org.OrgUnit", verbose_name=_("警务区"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=10, choices=LostFoundKind.choices)
    description = models.CharField(_("物品描述"), max_length=300)
    place = models.CharField(_("丢失/拾得地点"), max_length=200, blank=True)
    happened_on = models.DateField(_("丢失/拾得日期"))
    person_name = models.CharField(_("报失人/送交人"), max_length=60, blank=True)
    person_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    request = models.ForeignKey(
        ServiceRequest, verbose_name=_("群众诉求"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=LostFoundStatus.choices, default=LostFoundStatus.OPEN, db_index=True
    )
    matched_with = models.ForeignKey(
        "self", verbose_name=_("比对对应"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_at = models.DateTimeField(_("归还/处理时间"), null=True, blank=True)
    outcome = models.CharField(_("归还/处理情况"), max_length=300, blank=True)
    finder_told_at = models.DateTimeField(_("已反馈送交人/报失人"), null=True, blank=True)
    recorded_by = _user(_("登记人"))
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("失物招领")
        verbose_name_plural = _("失物招领")
        ordering = ["-happened_on", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.description[:30]}"


class PostOpening(ScopedModel):
    """警务室开放记录: per post (or beat office) per day, hours open (第九十三条(二)) and whether it was a fixed
    reception day (规范002 接待制度)."""

    scope_source = "post"

    post = models.ForeignKey("org.OrgUnit", verbose_name=_("警务室"), on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("日期"), db_index=True)
    opened_at = models.TimeField(_("开放时间"))
    closed_at = models.TimeField(_("关闭时间"))
    hours = models.DecimalField(_("开放小时数"), max_digits=4, decimal_places=2)
    is_workday = models.BooleanField(_("工作日"), default=True)
    reception_day = models.BooleanField(_("固定接待日"), default=False)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_by = _user(_("记录人"))

    class Meta(ScopedModel.Meta):
        verbose_name = _("警务室开放记录")
        verbose_name_plural = _("警务室开放记录")
        ordering = ["-day", "post_id"]
        constraints = [models.UniqueConstraint(fields=["post", "day"], name="outreach_post_day_once")]

    def __str__(self):
        return f"{self.post} {self.day} {self.hours}h"

    @property
    def short(self) -> bool:
        from .catalogue import POST_HOURS

        return self.is_workday and self.hours < POST_HOURS


class ComplaintStatus(models.TextChoices):
    OPEN = "open", _("调查中")
    SUBSTANTIATED = "substantiated", _("调查属实")
    UNFOUNDED = "unfounded", _("查无实据")


class Complaint(ScopedModel):
    """群众投诉 of 不作为/慢作为/乱作为 (第九十三条第二款): a substantiated one bars the officer from 优秀 that year."""

    scope_source = "beat"

    beat = models.ForeignKey("org.OrgUnit", verbose_name=_("警务区"), on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey("org.Staff", verbose_name=_("被投诉民警"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("投诉类别"), max_length=20, choices=ComplaintKind.choices)
    content = models.TextField(_("投诉内容"))
    received_on = models.DateField(_("受理日期"))
    request = models.ForeignKey(
        ServiceRequest, verbose_name=_("相关诉求"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("调查结论"), max_length=20, choices=ComplaintStatus.choices, default=ComplaintStatus.OPEN, db_index=True
    )
    finding = models.TextField(_("调查情况"), blank=True)
    decided_on = models.DateField(_("结论日期"), null=True, blank=True)
    recorded_by = _user(_("登记人"))
    decided_by = _user(_("认定人"))

    class Meta(ScopedModel.Meta):
        verbose_name = _("群众投诉")
        verbose_name_plural = _("群众投诉")
        ordering = ["-received_on", "-id"]

    def __str__(self):
        return f"{self.officer} {self.get_kind_display()}"


class CareRecipient(ScopedModel):
    """关爱帮扶对象 (第九十八条): a registry resident in one of the five groups; read through the resident."""

    scope_source = "resident"

    resident = models.ForeignKey(
        "registry.Resident", verbose_name=_("实有人口"), on_delete=models.PROTECT, related_name="+"
    )
    group = models.CharField(_("关爱类别"), max_length=30, choices=CareGroup.choices)
    situation = models.TextField(_("基本情况"), blank=True)
    since = models.DateField(_("纳入日期"))
    committee_notified_on = models.DateField(_("通报村（居）委会日期"), null=True, blank=True)
    is_active = models.BooleanField(_("在帮扶"), default=True)
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    recorded_by = _user(_("登记人"))
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("关爱帮扶对象")
        verbose_name_plural = _("关爱帮扶对象")
        ordering = ["scope_path", "-since", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "group"], condition=models.Q(is_active=True), name="outreach_care_once"
            )
        ]

    def __str__(self):
        return f"{self.get_group_display()}（编号{self.pk}）"


class CareAlert(ScopedModel):
    """A warning about a cared-for person (第九十九条(二) 监测预警): the beat officer must visit (a task)."""

    scope_source = "recipient"

    recipient = models.ForeignKey(
        CareRecipient, verbose_name=_("关爱帮扶对象"), on_delete=models.CASCADE, related_name="alerts"
    )
    description = models.TextField(_("预警情况"))
    raised_at = models.DateTimeField(_("预警时间"))
    raised_by = _user(_("预警人"))
    closed_at = models.DateTimeField(_("查访完成时间"), null=True, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("关爱预警")
        verbose_name_plural = _("关爱预警")
        ordering = ["-raised_at", "-id"]

    def __str__(self):
        return f"{self.recipient} {self.raised_at:%Y-%m-%d}"


class CareVisit(ScopedModel):
    """家访/查访 of a care recipient (第九十九条(二)(三)); completes its visit task (and an alert's)."""

    scope_source = "recipient"

    recipient = models.ForeignKey(
        CareRecipient, verbose_name=_("关爱帮扶对象"), on_delete=models.CASCADE, related_name="visits"
    )
    alert = models.ForeignKey(
        CareAlert, verbose_name=_("关爱预警"), null=True, blank=True, on_delete=models.SET_NULL, related_name="visits"
    )
    visited_on = models.DateField(_("走访日期"))
    situation = models.TextField(_("走访情况"))
    help_given = models.TextField(_("帮扶措施"), blank=True)
    visited_by = _user(_("走访人"))
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("关爱走访")
        verbose_name_plural = _("关爱走访")
        ordering = ["-visited_on", "-id"]

    def __str__(self):
        return f"{self.recipient} {self.visited_on}"


class BeatPublicInfo(ScopedModel):
    """What a beat publishes (第九十五条): duties, 办事依据/条件/程序/时限/监督方式/服务承诺, reception times."""

    scope_source = "beat"

    beat = models.ForeignKey("org.OrgUnit", verbose_name=_("警务区"), on_delete=models.PROTECT, related_name="+")
    duties = models.TextField(_("工作职责"), blank=True)
    reception_times = models.CharField(_("接待时间"), max_length=200, blank=True)
    office_phone = models.CharField(_("警务室电话"), max_length=30, blank=True)
    supervision = models.CharField(_("监督方式"), max_length=300, blank=True)
    commitment = models.TextField(_("服务承诺"), blank=True)
    updated_by = _user(_("修改人"))
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("警务公开信息")
        verbose_name_plural = _("警务公开信息")
        constraints = [models.UniqueConstraint(fields=["beat"], name="outreach_public_info_once")]

    def __str__(self):
        return str(self.beat)


class PublicContact(ScopedModel):
    """A team member's published contact (第九十五条; 规范002 公示栏; 规范004 联系电话): the official phone, never
    the personal one on the staff record; shown only while ``published``."""

    scope_source = "staff"

    staff = models.ForeignKey(
        "org.Staff", verbose_name=_("人员"), on_delete=models.CASCADE, related_name="public_contacts"
    )
    official_phone = models.CharField(_("工作电话"), max_length=30, blank=True)
    duties = models.CharField(_("工作职责"), max_length=200, blank=True)
    photo = models.FileField(_("照片"), upload_to="public/photos/", blank=True)
    published = models.BooleanField(_("公开"), default=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("公开联系方式")
        verbose_name_plural = _("公开联系方式")
        constraints = [models.UniqueConstraint(fields=["staff"], name="outreach_public_contact_once")]

    def __str__(self):
        return str(self.staff)


class RepresentativeReport(ScopedModel):
    """每季度向辖区群众代表报告工作情况 (第九十六条第一款, 第四十八条(六)): the meeting, who came, the questions
    answered; recording it completes the beat's quarterly task (rule ``art48_6_quarterly_resident_report``)."""

    scope_source = "beat"

    beat = models.ForeignKey("org.OrgUnit", verbose_name=_("警务区"), on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("报告日期"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    attendance = models.PositiveIntegerField(_("参加群众代表人数"))
    summary = models.TextField(_("报告内容"))
    questions = models.TextField(_("回答的群众关切问题"), blank=True)
    recorded_by = _user(_("记录人"))
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("向群众代表报告")
        verbose_name_plural = _("向群众代表报告")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["scope_path"], name="outreach_repreport_scope")]

    def __str__(self):
        return f"{self.beat} {self.held_on}"
