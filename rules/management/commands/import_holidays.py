"""python manage.py import_holidays FILE --as USERNAME --notice TEXT [--year YYYY] [--json]: enter one year's
放假安排 from a file (format: rules/holidays.py; example: rules/data/holidays-2027.example.csv)."""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from rules.holidays import parse
from rules.services import holiday_year_enter


class Command(BaseCommand):
    help = "录入（导入）一个年度的法定节假日安排，并按新日历重算未办结的规定任务"

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV：每行“日期,类型,名称”（类型为 放假/上班）")
        parser.add_argument("--as", dest="username", required=True, help="录入人账号（须有调整规则的权限）")
        parser.add_argument("--notice", required=True, help="依据，如“国务院办公厅关于2027年部分节假日安排的通知”")
        parser.add_argument("--year", type=int, help="年度（默认取文件中的日期所在年度）")
        parser.add_argument("--json", action="store_true", help="只输出一个 JSON 对象")

    def handle(self, *args, file, username, notice, year, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"账号“{username}”不存在或已停用")
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件：{exc}") from None
        days, problems = parse(data)
        if problems:
            raise CommandError("\n".join(problems))
        year = year or (days[0].day.year if days else 0)
        try:
            row, run = holiday_year_enter(acting_user=user, year=year, days=days, notice=notice)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        except ValidationError as exc:
            raise CommandError("\n".join(m for msgs in exc.message_dict.values() for m in msgs)) from None
        rest = row.days.filter(kind="rest").count()
        if options["json"]:
            out = {"year": row.year, "rest_days": rest, "work_days": row.days.count() - rest, "run": run.as_dict()}
            self.stdout.write(json.dumps(out, ensure_ascii=False))
            return
        self.stdout.write(
            f"{row.year}年：放假{rest}天，调休上班{row.days.count() - rest}天；"
            f"已重算规定任务：新建{run.created}，调整{run.updated}，关闭{run.closed}"
        )
