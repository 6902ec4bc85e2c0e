"""云格警务 (规范000, 扬州 DB3210/T 1190-2025): the register of online community groups with their members, the
online request log with its clocks, 宣传 群发 and what the WeCom gateway handed over (docs/adr/0013).

Every record is a ``ScopedModel``: a group through its org unit (community, grid or beat), a member through its
group, a request through its org unit, a 群发 through its station. The core never talks to WeCom: the gateway
(another process, DMZ side) writes envelopes to a spool, ``online_groups.inbox`` applies them
(``EnvelopeReceipt``: once each).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedModel

from .catalogue import Category, Conversion, MemberRole, RequestStatus, Source, TargetStatus, Visibility

USER = settings.AUTH_USER_MODEL


def _user(verbose, **extra):
    return models.ForeignKey(
        USER, verbose_name=verbose, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", **extra
    )


class LocalNumber(ScopedModel):
    """A number a station (or the bureau/city above it) set for itself — a row of ``catalogue.NUMBERS``."""

    scope_source = "org_unit"

    org_unit = models.ForeignKey("org.OrgUnit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("代码"), max_length=60)
    value = models.PositiveIntegerField(_("数值"))
    set_by = _user(_("设定人"))
    updated_at = models.DateTimeField(_("设定时间"), auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("云格设置")
        verbose_name_plural = _("云格设置")
        indexes = [models.Index(fields=["scope_path"], name="og_localnumber_scope")]
        constraints = [models.UniqueConstraint(fields=["org_unit", "code"], name="og_one_number_per_unit")]

    def __str__(self):
        return f"{self.org_unit} {self.code}={self.value}"


class StaffAccount(ScopedModel):
    """A staff member's 企业微信 userid (or a mapped external userid of a grid worker or volunteer): how a group
    member is matched to our own staff records."""

    scope_source = "staff"

    staff = models.ForeignKey("org.Staff", verbose_name=_("人员"), on_delete=models.CASCADE, related_name="+")
    wecom_userid = models.CharField(_("企业微信账号"), max_length=80, unique=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("人员企业微信账号")
        verbose_name_plural = _("人员企业微信账号")
        indexes = [models.Index(fields=["scope_path"], name="og_staffaccount_scope")]
        constraints = [models.UniqueConstraint(fields=["staff"], name="og_one_account_per_staff")]

    def __str__(self):
        return f"{self.staff} {self.wecom_userid}"


class OnlineGroup(ScopedModel):
    """A community's online group (社区网格微信群组, §3): where it belongs, how the WeCom API sees it, the station's
    account in it and its 云格岗专员 (§4.2.4); the last composition and nickname check (§4.1, §7.2.1)."""

    scope_source = "org_unit"

    org_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("社区/网格/警务区"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("群名称"), max_length=100)
    chat_id = models.CharField(
        _("群ID"), max_length=100, unique=True, help_text=_("企业微信客户群 chat_id，或手工编号")
    )
    is_manual = models.BooleanField(_("手工登记"), default=False)
    visibility = models.CharField(
        _("可见状态"), max_length=20, choices=Visibility.choices, default=Visibility.OK, db_index=True
    )
    visibility_detail = models.CharField(_("可见状态说明"), max_length=200, blank=True)
    station_account = models.CharField(_("本所企业微信账号"), max_length=80, blank=True)
    specialist = models.ForeignKey(
        "org.Staff", verbose_name=_("云格岗专员"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kf_open_id = models.CharField(_("微信客服账号"), max_length=80, blank=True, db_index=True)
    owner_userid = models.CharField(_("群主"), max_length=80, blank=True)
    notice = models.TextField(_("群公告"), blank=True)
    created_on_wecom = models.DateTimeField(_("建群时间"), null=True, blank=True)
    dismissed_at = models.DateTimeField(_("解散时间"), null=True, blank=True)
    snapshot_at = models.DateTimeField(_("最近同步时间"), null=True, blank=True)
    composition_ok = models.BooleanField(_("1+2+2+N 合规"), default=False, db_index=True)
    nickname_ok = models.BooleanField(_("昵称合规"), default=False, db_index=True)
    findings = models.JSONField(_("核对结果"), default=list, blank=True)
    checked_at = models.DateTimeField(_("核对时间"), null=True, blank=True)
    registered_by = _user(_("登记人"))
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("云格群组")
        verbose_name_plural = _("云格群组")
        ordering = ["scope_path", "name", "id"]
        indexes = [models.Index(fields=["scope_path", "name", "id"], name="online_group_scope_list")]

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return self.dismissed_at is None


class GroupMember(ScopedModel):
    """One membership of a group: who (WeCom userid, or a name for a hand-registered group), the role in
    1+2+2+N, the group nickname and the staff record it was matched to; ``left_at`` once gone."""

    scope_source = "group"

    group = models.ForeignKey(OnlineGroup, verbose_name=_("群组"), on_delete=models.CASCADE, related_name="members")
    userid = models.CharField(_("企业微信账号/外部联系人"), max_length=100, blank=True)
    member_type = models.PositiveSmallIntegerField(
        _("成员类型"), default=0, help_text=_("1 企业成员，2 外部联系人，0 手工")
    )
    name = models.CharField(_("名称"), max_length=100, blank=True)
    nickname = models.CharField(_("群昵称"), max_length=100, blank=True)
    role = models.CharField(_("身份"), max_length=30, choices=MemberRole.choices, blank=True)
    role_by_hand = models.BooleanField(_("身份为手工指定"), default=False)
    staff = models.ForeignKey(
        "org.Staff", verbose_name=_("对应人员"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    joined_at = models.DateTimeField(_("入群时间"), null=True, blank=True)
    left_at = models.DateTimeField(_("退群时间"), null=True, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("群成员")
        verbose_name_plural = _("群成员")
        ordering = ["group", "left_at", "role", "id"]
        indexes = [models.Index(fields=["scope_path"], name="og_member_scope")]

    def __str__(self):
        return self.nickname or self.name or self.userid


class OnlineRequest(ScopedModel):
    """A resident's request in a group (§4.2.1 接受群众求助, §4.2.4, §5.2 第一时间就近受理、快速处置): when it came,
    when a police member first replied, the nearest beat officer it went to, when it was closed and how; the
    first-response clock and the close limit are fixed at intake from the readings (catalogue.NUMBERS)."""

    scope_source = "org_unit"

    number = models.CharField(_("编号"), max_length=40, unique=True)
    group = models.ForeignKey(
        OnlineGroup, verbose_name=_("群组"), null=True, blank=True, on_delete=models.PROTECT, related_name="requests"
    )
    org_unit = models.ForeignKey("org.OrgUnit", verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="+")
    beat = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("警务区"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resident_name = models.CharField(_("群众（名称/昵称）"), max_length=100, blank=True)
    resident_ref = models.CharField(_("外部联系人"), max_length=100, blank=True)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices, db_index=True)
    content = models.TextField(_("内容"))
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.SIDEBAR)
    kf_msgid = models.CharField(_("客服消息ID"), max_length=100, blank=True)
    received_at = models.DateTimeField(_("群众发出时间"), db_index=True)
    logged_by = _user(_("登记人"))
    first_response_minutes = models.PositiveIntegerField(_("首次响应时限（分钟）"))
    respond_by = models.DateTimeField(_("应首次响应时间"), db_index=True)
    close_hours = models.PositiveIntegerField(_("办结时限（小时）"))
    close_by = models.DateTimeField(_("应办结时间"))
    acknowledged_at = models.DateTimeField(_("民警首次回复时间"), null=True, blank=True)
    acknowledged_by = _user(_("首次回复民警"))
    assigned_to = _user(_("就近受理民警"))
    status = models.CharField(
        _("状态"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN, db_index=True
    )
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    outcome = models.TextField(_("处置结果"), blank=True)
    converted_kind = models.CharField(_("转办去向"), max_length=20, choices=Conversion.choices, blank=True)
    converted_ref = models.CharField(_("转办记录"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("云格群众诉求")
        verbose_name_plural = _("云格群众诉求")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["scope_path", "-received_at", "-id"], name="online_request_scope_list")]
        constraints = [
            models.UniqueConstraint(
                fields=["kf_msgid"], condition=~models.Q(kf_msgid=""), name="online_request_kf_msg_once"
            )
        ]

    def __str__(self):
        return f"{self.number} {self.get_category_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.OPEN

    def late_as_of(self, now) -> bool:
        """The first response came (or is still missing) after ``respond_by``."""
        return (self.acknowledged_at or now) > self.respond_by

    def response_minutes(self) -> float | None:
        if self.acknowledged_at is None:
            return None
        return (self.acknowledged_at - self.received_at).total_seconds() / 60


class Broadcast(ScopedModel):
    """A 宣传 message for chosen groups (§4.2.1 安全防范宣传), sent as 企业群发 by the station account through the
        gateway: one target per group, each tracked from queued to sent or failed. Held at the deepest unit its groups
    share (a beat, or the station)."""

    scope_source = "org_unit"

    org_unit = models.ForeignKey("org.OrgUnit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("宣传内容"))
    sender = models.CharField(_("发送账号"), max_length=80)
    requested_at = models.DateTimeField(_("提交时间"))
    requested_by = _user(_("提交人"))

    class Meta(ScopedModel.Meta):
        verbose_name = _("云格宣传群发")
        verbose_name_plural = _("云格宣传群发")
        ordering = ["-requested_at", "-id"]

    def __str__(self):
        return self.text[:30]


class BroadcastTarget(ScopedModel):
    """One group of a 群发. ``held``: over this month's cap (a reading), kept queued here until the next month;
    ``outbound_id``: the ``broadcast`` envelope that carried it to the gateway."""

    scope_source = "broadcast"

    broadcast = models.ForeignKey(Broadcast, verbose_name=_("群发"), on_delete=models.CASCADE, related_name="targets")
    group = models.ForeignKey(OnlineGroup, verbose_name=_("群组"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("状态"), max_length=20, choices=TargetStatus.choices, default=TargetStatus.QUEUED, db_index=True
    )
    held = models.BooleanField(_("超出本月上限待次月提交"), default=False)
    outbound_id = models.CharField(_("外发编号"), max_length=80, blank=True, db_index=True)
    handed_at = models.DateTimeField(_("交网关时间"), null=True, blank=True)
    msgid = models.CharField(_("企业微信消息ID"), max_length=100, blank=True)
    detail = models.CharField(_("说明"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("群发对象")
        verbose_name_plural = _("群发对象")
        ordering = ["broadcast", "id"]
        indexes = [models.Index(fields=["scope_path"], name="og_target_scope")]

    def __str__(self):
        return f"{self.broadcast_id} → {self.group_id}"


class EnvelopeReceipt(models.Model):
    """An envelope from the gateway applied (or recognised as one that cannot be placed): once each, by id."""

    envelope_id = models.CharField(_("信封编号"), max_length=120, unique=True)
    kind = models.CharField(_("类型"), max_length=40)
    received_at = models.DateTimeField(_("网关接收时间"), null=True, blank=True)
    applied_at = models.DateTimeField(_("处理时间"), auto_now_add=True)
    outcome = models.CharField(_("结果"), max_length=20)  # applied / unrouted
    note = models.CharField(_("说明"), max_length=300, blank=True)
    payload = models.JSONField(_("内容"), default=dict, blank=True)

    class Meta:
        verbose_name = _("网关信封回执")
        verbose_name_plural = _("网关信封回执")
        ordering = ["-applied_at", "-id"]

    def __str__(self):
        return self.envelope_id
