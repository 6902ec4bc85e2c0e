"""The administrators' health page: each part of the stack, measured (django-health-check's check classes).

``/healthz`` (web/views/errors.py) stays a cheap ``SELECT 1`` for the load balancer; this page runs the checks
below, each within its own time limit, and says what it measured.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from datetime import timedelta
from pathlib import Path

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable, ServiceWarning

from fengqiao.replica import REPLICA, replica_configured, replica_lag

from .models import RunStatus, ScheduledRun
from .schedules import MAX_ATTEMPTS

JOB_WAIT_WARNING = timedelta(minutes=15)  # the oldest queued job waiting longer: the worker is down or swamped
RULES_RUN_MAX_AGE = timedelta(hours=30)  # a day's run plus its morning slack
MEDIA_FREE_WARNING = 0.10  # under 10 % free on the media disk


@dataclasses.dataclass
class FengqiaoCheck(HealthCheck):
    """A check that measures in the request's thread (Django's ORM is synchronous) and keeps what it saw."""

    detail: str = dataclasses.field(default="", repr=False)

    label = ""

    async def run(self):
        await sync_to_async(self.measure)()

    def measure(self) -> None:
        raise NotImplementedError


@dataclasses.dataclass
class PrimaryDatabase(FengqiaoCheck):
    label = "数据库（主库）"

    def measure(self):
        with connections["default"].cursor() as cursor:
            if connections["default"].vendor != "postgresql":
                cursor.execute("SELECT 1")
                self.detail = connections["default"].vendor
                return
            cursor.execute("SELECT current_setting('server_version'), pg_database_size(current_database())")
            version, size = cursor.fetchone()
        self.detail = _("PostgreSQL %(v)s，数据库 %(mb)d MB") % {"v": version, "mb": size // 1_000_000}


@dataclasses.dataclass
class ReplicaDatabase(FengqiaoCheck):
    label = "数据库（只读副本）"

    def measure(self):
        if not replica_configured():
            self.detail = _("未配置（单机部署：全部读写走主库）")
            return
        try:
            lag = replica_lag()
        except Exception as exc:
            raise ServiceUnavailable(_("无法连接，列表与看板已改由主库提供")) from exc
        finally:
            connections[REPLICA].close()
        if lag is None:
            raise ServiceWarning(_("未在同步（与主库断开），列表与看板已改由主库提供"))
        self.detail = _("延迟 %(s).1f 秒") % {"s": lag}
        if lag > settings.FENGQIAO_REPLICA_MAX_LAG:
            raise ServiceWarning(
                self.detail + _("，超过 %(m)d 秒，读请求已改由主库提供") % {"m": settings.FENGQIAO_REPLICA_MAX_LAG}
            )


@dataclasses.dataclass
class JobBacklog(FengqiaoCheck):
    label = "后台任务队列"

    def measure(self):
        backend = settings.TASKS["default"]["BACKEND"]
        if backend == "django_tasks_rq.RQBackend":
            import django_rq

            queue = django_rq.get_queue("default")
            waiting = queue.count
            oldest_job = queue.jobs[0] if waiting else None
            oldest = oldest_job.enqueued_at if oldest_job else None
            if oldest is not None and timezone.is_naive(oldest):
                oldest = timezone.make_aware(oldest, timezone.UTC)
            where = "Redis (RQ)"
        else:
            from django_tasks import TaskResultStatus
            from django_tasks_db.models import DBTaskResult

            ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
            waiting = ready.count()
            oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
            where = _("数据库")
        age = timezone.now() - oldest if oldest else timedelta(0)
        self.detail = _("%(where)s：排队 %(n)d 个，最早一个已等 %(m)d 分钟") % {
            "where": where,
            "n": waiting,
            "m": age.total_seconds() // 60,
        }
        if age > JOB_WAIT_WARNING:
            raise ServiceWarning(self.detail + _("（工作进程未运行或处理不过来）"))


@dataclasses.dataclass
class RulesRun(FengqiaoCheck):
    label = "规则引擎每日运行"

    def measure(self):
        last = ScheduledRun.objects.filter(code="run_rules", status=RunStatus.DONE).order_by("-finished_at").first()
        given_up = ScheduledRun.objects.filter(status=RunStatus.FAILED, attempts__gte=MAX_ATTEMPTS).first()
        if given_up:
            raise ServiceUnavailable(
                _("计划任务 %(code)s（%(day)s）失败%(n)d次：%(error)s")
                % {"code": given_up.code, "day": given_up.slot, "n": given_up.attempts, "error": given_up.error[:200]}
            )
        if last is None:
            raise ServiceWarning(_("尚无成功的运行记录"))
        when = timezone.localtime(last.finished_at)
        self.detail = _("最近成功：%(day)s 的运行，完成于 %(when)s") % {
            "day": last.slot,
            "when": f"{when:%Y-%m-%d %H:%M}",
        }
        if timezone.now() - last.finished_at > RULES_RUN_MAX_AGE:
            raise ServiceWarning(self.detail + _("（超过一天未运行）"))


@dataclasses.dataclass
class MediaDisk(FengqiaoCheck):
    label = "附件存储"

    def measure(self):
        root = Path(settings.MEDIA_ROOT)
        existing = next((p for p in (root, *root.parents) if p.exists()), None)
        if existing is not None and existing != root:
            note = _("（目录尚未创建，首次上传时创建）")
        else:
            note = ""
        try:
            usage = shutil.disk_usage(existing or root)
            if not os.access(existing or root, os.W_OK):
                raise OSError("not writable")
        except OSError as exc:
            raise ServiceUnavailable(_("附件目录不可用或不可写：%(root)s") % {"root": root}) from exc
        free = usage.free / usage.total
        self.detail = (
            _("%(root)s：可用 %(free).1f GB / 共 %(total).1f GB（%(pct).0f%%）")
            % {
                "root": root,
                "free": usage.free / 1e9,
                "total": usage.total / 1e9,
                "pct": free * 100,
            }
            + note
        )
        if free < MEDIA_FREE_WARNING:
            raise ServiceWarning(self.detail)


@dataclasses.dataclass
class CalendarYears(FengqiaoCheck):
    label = "节假日日历"

    def measure(self):
        from rules.models import HolidayYear  # the calendar as data (rules.calendar): a row per year entered

        years = list(HolidayYear.objects.order_by("year").values_list("year", flat=True))
        this_year = timezone.localdate().year
        if not years:
            raise ServiceUnavailable(_("未录入任何年度的节假日，工作日全部按周一至周五推算"))
        first, last = years[0], years[-1]
        self.detail = _("已知 %(a)d–%(b)d 年的法定节假日与调休") % {"a": first, "b": last}
        if this_year not in years:
            raise ServiceUnavailable(self.detail + _("；%(y)d 年按周一至周五推算，请录入日历") % {"y": this_year})
        if this_year + 1 not in years and timezone.localdate().month == 12:
            raise ServiceWarning(self.detail + _("；明年的放假安排尚未录入"))


CHECKS = (PrimaryDatabase, ReplicaDatabase, JobBacklog, RulesRun, MediaDisk, CalendarYears)
