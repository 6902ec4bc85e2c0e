"""python manage.py duty_logs_fill [--day YYYY-MM-DD]: fill every officer's duty log of a day (default yesterday)
from the day's records, so a log is already filled in when it is opened (规范002 工作日志制度)."""

from datetime import date, timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from duty.services import work_logs_fill_day


class Command(BaseCommand):
    help = "按当日记录生成社区民警、辅警的工作日志（默认昨日）"

    def add_arguments(self, parser):
        parser.add_argument("--day", type=date.fromisoformat, default=None)

    def handle(self, *args, day=None, **options):
        day = day or timezone.localdate() - timedelta(days=1)
        n = work_logs_fill_day(day=day)
        self.stdout.write(f"{day.isoformat()}：已生成工作日志{n}份")
