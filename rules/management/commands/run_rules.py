"""python manage.py run_rules [--date YYYY-MM-DD] [--json] [--code CODE …] [--full]: derive due standing tasks.

Without ``--full`` it is the nightly run: only the records whose tasks may have changed since the last run."""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from rules.services import rules_run


class Command(BaseCommand):
    help = "运行规则引擎：按规定任务规则生成、调整、关闭任务（默认以今天为计算日期）"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="计算日期 YYYY-MM-DD（默认今天）")
        parser.add_argument("--json", action="store_true", help="只输出一个 JSON 对象")
        parser.add_argument("--code", action="append", help="只运行这些规则代码")
        parser.add_argument("--full", action="store_true", help="全量重算（默认只重算上次运行以来可能变化的对象）")

    def handle(self, *args, **options):
        as_of = None
        if options["date"]:
            try:
                as_of = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("日期格式应为 YYYY-MM-DD") from None
        result = rules_run(acting_user=None, as_of=as_of, codes=options["code"], full=options["full"])
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
            return
        self.stdout.write(
            f"{result.date:%Y-%m-%d}：规则{result.obligations}条，新建{result.created}，"
            f"调整{result.updated}，关闭{result.closed}（{result.duration_ms} ms）"
        )
        if result.calendar_note:
            self.stdout.write(self.style.WARNING(result.calendar_note))
