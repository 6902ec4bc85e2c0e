"""python manage.py run_schedules [--loop [--interval S]] [--list]: enqueue the daily jobs that are due.

Once (a systemd timer every 15 minutes and at boot) or as a loop (the Procfile's ``clock``). Either way a day's
job runs once, and a day missed while the machine was down is queued at the next start.
"""

import signal
import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from ops.models import ScheduledRun
from ops.schedules import SCHEDULES, latest_slot, schedules_tick


class Command(BaseCommand):
    help = "按计划排队每日任务（规则引擎、提醒、风险刷新、指标快照、备份）；同一天只运行一次，停机错过的日期启动后补做"

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="常驻：每隔 --interval 秒检查一次")
        parser.add_argument("--interval", type=int, default=60, help="常驻时的检查间隔（秒，默认60）")
        parser.add_argument("--list", action="store_true", help="只列出各计划任务最近一次的运行情况")

    def handle(self, *args, **options):
        if options["list"]:
            return self._list()
        if not options["loop"]:
            self._tick()
            return
        stop = []
        signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
        while not stop:
            try:
                self._tick()
            except DatabaseError as exc:  # the database restarting must not end the clock
                self.stderr.write(f"数据库暂不可用，{options['interval']}秒后重试：{exc}")
            close_old_connections()
            for _ in range(options["interval"]):
                if stop:
                    break
                time.sleep(1)

    def _tick(self):
        for code, days in schedules_tick():
            self.stdout.write(f"已排队 {code}：{', '.join(d.isoformat() for d in days)}")

    def _list(self):
        now = timezone.now()
        for schedule in SCHEDULES:
            run = ScheduledRun.objects.filter(code=schedule.code).first()
            last = f"{run.slot:%Y-%m-%d} {run.get_status_display()}" if run else "从未运行"
            self.stdout.write(
                f"{schedule.code:<22} 每日{schedule.at:%H:%M}  {schedule.label}  "
                f"最近应运行：{latest_slot(schedule, now):%Y-%m-%d}  最近记录：{last}"
            )
