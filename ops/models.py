"""One row per scheduled job and day: the run record that makes a timer fired twice run once."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("已排队")
    RUNNING = "running", _("运行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class ScheduledRun(models.Model):
    """The run of schedule ``code`` for the day ``slot`` (the day whose run time it is, Asia/Shanghai)."""

    code = models.CharField(_("计划任务"), max_length=50)
    slot = models.DateField(_("计划日期"))
    status = models.CharField(_("状态"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    enqueued_at = models.DateTimeField(_("排队时间"))
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    result = models.JSONField(_("结果"), null=True, blank=True)
    error = models.TextField(_("错误"), blank=True)

    class Meta:
        verbose_name = _("计划任务运行记录")
        verbose_name_plural = verbose_name
        ordering = ["-slot", "code"]
        constraints = [models.UniqueConstraint(fields=["code", "slot"], name="ops_scheduled_run_once_a_day")]

    def __str__(self):
        return f"{self.code} {self.slot:%Y-%m-%d} {self.status}"
