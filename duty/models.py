"""勤务 (规范001 第一百零一条至第一百零三条, 第二十四条; 规范002 值班备勤、排班、工作日志、请销假; 规范003/001 AB岗;
规范004 7×24小时值班): the roster (排班) of a station, its posts and beats with A and B posts, leave and going-out
records, the duty log of each officer's day (filled from what the system knows, completed by hand, signed off by
the lead), support requests to higher units, the station's duty settings, and the staffing registers of
第一百一十条 (training days) and 第一百一十二条 (vehicles).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedModel

USER = settings.AUTH_USER_MODEL


def _user(verbose):
    return models.ForeignKey(
        USER, verbose_name=verbose, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )


class ShiftKind(models.TextChoices):
    DUTY = "duty", _("值班")
    STANDBY = "standby", _("备勤")
    PATROL = "patrol", _("巡逻")
    SCHOOL = "school", _("护学岗")
    RECEPTION = "reception", _("接待")


class Shift(ScopedModel):
    """One slot of the roster: where (station, police post or beat), which day, from–to (an end at or before the
    start ends the next day), what kind, the A post (``staff``) and the B post who covers A's absence (AB岗)."""

    scope_source = "org_unit"

    org_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("岗位所在单位"), on_delete=models.PROTECT, related_name="+"
    )
    day = models.DateField(_("日期"), db_index=True)
    start = models.TimeField(_("开始时间"))
    end = models.TimeField(_("结束时间"))
    kind = models.CharField(_("勤务类别"), max_length=20, choices=ShiftKind.choices)
    staff = models.ForeignKey("org.Staff", verbose_name=_("A岗"), on_delete=models.PROTECT, related_name="+")
    backup = models.ForeignKey(
        "org.Staff", verbose_name=_("B岗"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_by = _user(_("排班人"))
    created_at = models.DateTimeField(_("排班时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("排班")
        verbose_name_plural = _("排班")
        ordering = ["day", "start", "id"]
        indexes = [models.Index(fields=["scope_path", "day", "start"], name="duty_shift_scope_day")]

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.start:%H:%M}–{self.end:%H:%M} {self.get_kind_display()} {self.staff}"

    @property
    def overnight(self) -> bool:
        return self.end <= self.start


class LeaveKind(models.TextChoices):
    LEAVE = "leave", _("请假")
    OUT = "out", _("外出")


class Leave(ScopedModel):
    """请销假 (规范002 派出所日常管理制度 第七、八条): a leave or going-out record; ``returned_at`` is 销假."""

    scope_source = "staff"

    staff = models.ForeignKey("org.Staff", verbose_name=_("人员"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=10, choices=LeaveKind.choices)
    starts_at = models.DateTimeField(_("起始时间"))
    ends_at = models.DateTimeField(_("截止时间"))
    reason = models.CharField(_("事由"), max_length=200)
    approved_by = _user(_("批准人"))
    returned_at = models.DateTimeField(_("销假时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("请销假")
        verbose_name_plural = _("请销假")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["scope_path", "-starts_at"], name="duty_leave_scope")]

    def __str__(self):
        return f"{self.staff} {self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"


class WorkLog(ScopedModel):
    """工作日志: one per staff member per day, filled from the day's records and completed by hand; the lead signs."""

    scope_source = "staff"

    staff = models.ForeignKey("org.Staff", verbose_name=_("人员"), on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("日期"))
    summary = models.TextField(_("当日工作补记"), blank=True)
    filled_at = models.DateTimeField(_("自动生成时间"), null=True, blank=True)
    signed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    signed_by = _user(_("审核人"))
    sign_note = models.CharField(_("审核意见"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("工作日志")
        verbose_name_plural = _("工作日志")
        ordering = ["-day", "scope_path", "id"]
        indexes = [models.Index(fields=["scope_path", "-day"], name="duty_worklog_scope_day")]
        constraints = [models.UniqueConstraint(fields=["staff", "day"], name="duty_one_log_per_day")]

    def __str__(self):
        return f"{self.staff} {self.day:%Y-%m-%d}"


class EntrySource(models.TextChoices):
    VISIT = "visit", _("特定对象走访")
    INSPECTION = "inspection", _("单位监督检查")
    TASK = "task", _("任务反馈")
    DISPUTE = "dispute", _("矛盾纠纷处置")
    ALERT = "alert", _("预警处置")
    SHIFT = "shift", _("排班勤务")
    MANUAL = "manual", _("手工补记")


class WorkLogEntry(ScopedModel):
    """One line of a duty log: what was done, when and where (the beat it took place in, when known)."""

    scope_source = "log"

    log = models.ForeignKey(WorkLog, verbose_name=_("工作日志"), on_delete=models.CASCADE, related_name="entries")
    source = models.CharField(_("来源"), max_length=20, choices=EntrySource.choices)
    source_ref = models.CharField(_("来源编号"), max_length=40, blank=True)
    at = models.TimeField(_("时间"), null=True, blank=True)
    text = models.CharField(_("工作内容"), max_length=300)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    place_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("所在警务区"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    in_beat = models.BooleanField(_("在本警务区"), default=False)
    recorded_by = _user(_("记录人"))

    class Meta(ScopedModel.Meta):
        verbose_name = _("日志事项")
        verbose_name_plural = _("日志事项")
        ordering = ["at", "id"]

    def __str__(self):
        return self.text


class DutySetting(ScopedModel):
    """A station's duty option or number (``duty.rules.SETTINGS``): the nearest unit's value wins."""

    scope_source = "org_unit"

    org_unit = models.ForeignKey("org.OrgUnit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("设置项"), max_length=60)
    value = models.PositiveIntegerField(_("数值"))
    set_by = _user(_("设定人"))
    updated_at = models.DateTimeField(_("设定时间"), auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("勤务设置")
        verbose_name_plural = _("勤务设置")
        constraints = [models.UniqueConstraint(fields=["org_unit", "code"], name="duty_one_setting_per_unit")]


class SupportStatus(models.TextChoices):
    WAITING = "waiting", _("待答复")
    ANSWERED = "answered", _("已答复")


class SupportRequest(ScopedModel):
    """A station's request for support to a higher unit (规范001 第二十四条: “无条件、有时限”), with its deadline."""

    scope_source = "org_unit"

    org_unit = models.ForeignKey("org.OrgUnit", verbose_name=_("请求单位"), on_delete=models.PROTECT, related_name="+")
    to_unit = models.CharField(_("请求支援单位"), max_length=100)
    subject = models.CharField(_("请求事项"), max_length=200)
    content = models.TextField(_("具体内容"), blank=True)
    requested_at = models.DateTimeField(_("请求时间"))
    due_at = models.DateTimeField(_("答复期限"))
    requested_by = _user(_("请求人"))
    status = models.CharField(_("状态"), max_length=10, choices=SupportStatus.choices, default=SupportStatus.WAITING)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answer = models.TextField(_("答复内容"), blank=True)
    answered_recorded_by = _user(_("登记人"))

    class Meta(ScopedModel.Meta):
        verbose_name = _("支援请求")
        verbose_name_plural = _("支援请求")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["scope_path", "-requested_at"], name="duty_support_scope")]

    def __str__(self):
        return self.subject


class Training(ScopedModel):
    """Training days of a staff member (规范001 第一百一十条: 每年培训时间累计不少于十五天)."""

    scope_source = "staff"

    staff = models.ForeignKey("org.Staff", verbose_name=_("人员"), on_delete=models.PROTECT, related_name="+")
    start_on = models.DateField(_("培训开始日期"))
    days = models.PositiveSmallIntegerField(_("培训天数"))
    topic = models.CharField(_("培训内容"), max_length=200)

    class Meta(ScopedModel.Meta):
        verbose_name = _("培训记录")
        verbose_name_plural = _("培训记录")
        ordering = ["-start_on", "id"]


class EquipmentKind(models.TextChoices):
    MOTORCYCLE = "motorcycle", _("警用摩托车")
    CAR = "car", _("警用汽车")
    E_BIKE = "e_bike", _("电动自行车")
    BICYCLE = "bicycle", _("自行车")


VEHICLE_KINDS = (EquipmentKind.MOTORCYCLE, EquipmentKind.CAR, EquipmentKind.E_BIKE)


class Equipment(ScopedModel):
    """A vehicle of a beat (规范001 第一百一十二条: 每个警务区配备不少于一辆警用摩托车等警用交通工具)."""

    scope_source = "beat"

    beat = models.ForeignKey("org.OrgUnit", verbose_name=_("警务区"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("装备类别"), max_length=20, choices=EquipmentKind.choices)
    number = models.CharField(_("编号/号牌"), max_length=40, blank=True)
    in_service = models.BooleanField(_("在用"), default=True)
    registered_on = models.DateField(_("配备日期"), null=True, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("警用交通工具")
        verbose_name_plural = _("警用交通工具")
        ordering = ["scope_path", "kind", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"
