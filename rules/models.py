"""Obligations as data (DESIGN.md "Obligations the rules engine must express") and a small tracked-record
model the engine reads until the subjects/inspections/casework modules exist (they plug into the same engine
through ``rules.adapters``).

An obligation row: which records it applies to (record type, category, a registered predicate), the event that
starts it, the first due window, the repeat, the stop condition, reminder and escalation. The rows ship in
``rules/obligations.py``; the control centre may adjust the parameters (each change on the operation log).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedModel


class Unit(models.TextChoices):
    DAYS = "days", _("日")
    WORKDAYS = "workdays", _("工作日")
    HOURS = "hours", _("小时")
    WEEKS = "weeks", _("周")
    MONTHS = "months", _("个月")


class Anchor(models.TextChoices):
    AFTER = "after", _("事件后…内")  # due = event + period (period starts the day after the event)
    BY_BEFORE = "by_before", _("事件前…以前")  # due = event − period
    WITHIN_BEFORE = "within_before", _("事件前…内")  # window [event − period, the day before the event]


class Roll(models.TextChoices):
    """Where a due date that falls on a rest day lands (``rules.calendar.roll``)."""

    PREVIOUS_WORKDAY = "previous_workday", _("遇休息日提前至上一工作日")
    NEXT_WORKDAY = "next_workday", _("遇休息日顺延至下一工作日")


class RepeatMode(models.TextChoices):
    ONCE = "once", _("一次")
    AFTER_DONE = "after_done", _("上次完成后间隔")
    CALENDAR = "calendar", _("按自然周期")


class CalendarPeriod(models.TextChoices):
    WEEK = "week", _("每周")
    MONTH = "month", _("每月")
    QUARTER = "quarter", _("每季度")
    HALF_YEAR = "half_year", _("每半年")
    YEAR = "year", _("每年")


class Stop(models.TextChoices):
    NEVER = "never", _("长期")
    TERM_ENDED = "term_ended", _("期满")
    UNMARKED = "unmarked", _("撤销列管/注销")
    CLEAN_STREAK = "clean_streak", _("连续若干次未发现问题")
    MET = "met", _("完成即止")


class Obligation(models.Model):
    code = models.CharField(_("规则代码"), max_length=60, unique=True)
    title = models.CharField(_("规则名称"), max_length=200)
    source = models.CharField(_("依据条款"), max_length=100)
    reading = models.TextField(_("条文理解"), blank=True)
    record_type = models.CharField(_("适用对象类型"), max_length=40)
    categories = models.JSONField(_("适用类别"), default=list, blank=True)
    predicate = models.CharField(_("适用条件"), max_length=60, blank=True)
    trigger = models.CharField(_("起始事件"), max_length=30)
    anchor = models.CharField(_("期限计算"), max_length=20, choices=Anchor.choices, default=Anchor.AFTER)
    first_due = models.PositiveIntegerField(_("首次期限"), default=0)
    first_due_unit = models.CharField(_("首次期限单位"), max_length=10, choices=Unit.choices, default=Unit.DAYS)
    roll = models.CharField(_("节假日处理"), max_length=20, choices=Roll.choices, default=Roll.PREVIOUS_WORKDAY)
    repeat_mode = models.CharField(_("重复方式"), max_length=20, choices=RepeatMode.choices)
    repeat_every = models.PositiveIntegerField(_("重复间隔"), default=0)
    repeat_unit = models.CharField(_("间隔单位"), max_length=10, choices=Unit.choices, blank=True)
    calendar_period = models.CharField(_("自然周期"), max_length=10, choices=CalendarPeriod.choices, blank=True)
    stop = models.CharField(_("终止条件"), max_length=20, choices=Stop.choices)
    stop_after_clean = models.PositiveSmallIntegerField(_("连续无问题次数"), default=0)
    outcome_field = models.CharField(_("发现问题字段"), max_length=60, blank=True)
    template_code = models.CharField(_("任务标准件"), max_length=60)
    remind_before_days = models.PositiveSmallIntegerField(_("提前提醒天数"), default=1)
    escalate_after_days = models.PositiveSmallIntegerField(_("逾期上报天数"), default=1)
    is_active = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("规定任务规则")
        verbose_name_plural = _("规定任务规则")
        ordering = ["code"]

    def __str__(self):
        return f"{self.title}（{self.source}）"


class RecordType(models.TextChoices):
    """The record types the stand-in still stands in for; a module that ships real records registers its own
    adapter and its type leaves this list (disputes and incidents: casework; alerts: alerts)."""

    SPECIAL_SUBJECT = "special_subject", _("特定对象")
    SUPERVISED_UNIT = "supervised_unit", _("监督检查单位")
    HAZARD = "hazard", _("治安隐患")
    PUSHED_PERSON = "pushed_person", _("预警推送人员")


class TrackedRecord(ScopedModel):
    """A minimal stand-in for the records of later modules (special subjects, units, incidents …).

    ``started_on``/``started_at``: the event that starts its obligations (marked, served, reported, registered,
    filed, pushed). ``ends_on``: the term end, rectification deadline or closing date. ``is_active`` false:
    unmarked / deregistered / resolved. ``flags``: facts a predicate reads (``key_unit``, ``high_risk`` …).
    """

    scope_source = "beat"

    record_type = models.CharField(_("对象类型"), max_length=40, choices=RecordType.choices, db_index=True)
    category = models.CharField(_("类别"), max_length=40, blank=True, db_index=True)
    label = models.CharField(_("名称"), max_length=100)
    beat = models.ForeignKey("org.OrgUnit", verbose_name=_("警务区"), on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(_("起始日期"), null=True, blank=True)
    started_at = models.DateTimeField(_("起始时间"), null=True, blank=True)
    ends_on = models.DateField(_("期满/截止/结案日期"), null=True, blank=True)
    limit_hours = models.PositiveIntegerField(_("推送时限（小时）"), null=True, blank=True)
    is_key_unit = models.BooleanField(_("重点单位"), default=False)
    is_active = models.BooleanField(_("在管"), default=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("跟踪对象（过渡）")
        verbose_name_plural = _("跟踪对象（过渡）")
        ordering = ["id"]

    def __str__(self):
        return self.label


class RuleRun(models.Model):
    """One run of the engine: as of which date, full or incremental, and what it changed."""

    as_of = models.DateField(_("计算日期"))
    scope = models.CharField(_("范围"), max_length=100, default="full")
    created = models.PositiveIntegerField(_("新建"), default=0)
    updated = models.PositiveIntegerField(_("调整"), default=0)
    closed = models.PositiveIntegerField(_("关闭"), default=0)
    calendar_note = models.CharField(_("日历说明"), max_length=200, blank=True)
    duration_ms = models.PositiveIntegerField(_("耗时（毫秒）"), default=0)
    # When a full or nightly run began: the next nightly run looks at what changed from then on.
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    ran_at = models.DateTimeField(_("运行时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("规则运行记录")
        verbose_name_plural = _("规则运行记录")
        ordering = ["-ran_at"]

    def __str__(self):
        return f"{self.as_of:%Y-%m-%d} {self.scope}"

    @property
    def scope_label(self) -> str:
        """“全部规则” for a full run; “特定对象 S11” for one record's recompute (audit.labels names the kind)."""
        from audit.labels import object_label

        if self.scope == "full":
            return str(_("全部规则"))
        record_type, _sep, record_id = self.scope.partition(":")
        return f"{object_label(record_type)} {record_id}"


class CalendarSource(models.TextChoices):
    BUNDLED = "chinese_calendar", _("chinese-calendar 内置数据")
    ENTERED = "entered", _("基础管控中心录入")


class DayKind(models.TextChoices):
    REST = "rest", _("放假")
    WORK = "work", _("调休上班")


class HolidayYear(models.Model):
    """One year of the statutory calendar (国务院办公厅 放假安排): a year with a row is known; without, Mon–Fri is
    assumed (``rules.calendar``). Its days are the exceptions to Monday–Friday."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    source = models.CharField(_("来源"), max_length=20, choices=CalendarSource.choices)
    notice = models.CharField(_("依据"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    entered_at = models.DateTimeField(_("录入时间"), auto_now=True)

    class Meta:
        verbose_name = _("法定节假日安排")
        verbose_name_plural = _("法定节假日安排")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}"


class HolidayDay(models.Model):
    """A day off on a weekday-or-weekend (放假) or a weekend day worked (调休上班) of an entered year."""

    year = models.ForeignKey(HolidayYear, verbose_name=_("年度"), on_delete=models.CASCADE, related_name="days")
    day = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=DayKind.choices)
    name = models.CharField(_("节日"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("节假日/调休日")
        verbose_name_plural = _("节假日/调休日")
        ordering = ["day"]

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.get_kind_display()}"
