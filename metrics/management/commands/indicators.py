"""``manage.py indicators --unit CODE --period YYYY-MM [--json]``: the catalogue's values for one org unit."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from metrics.periods import parse_period
from metrics.selectors import unit_indicator_values
from org.models import OrgUnit


class Command(BaseCommand):
    help = "打印指标目录中各指标在某单位某月的值（--json 输出 JSON）"

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="单位的机构代码")
        parser.add_argument("--period", default="", help="期间 YYYY-MM（默认本月）")
        parser.add_argument("--json", action="store_true", help="输出 JSON")
        parser.add_argument("--live", action="store_true", help="不读快照，当场计算")

    def handle(self, *args, unit, period, json: bool, live: bool, **options):
        try:
            period = parse_period(period)
        except ValidationError as exc:
            raise CommandError(exc.message_dict["period"][0]) from exc
        org_unit = OrgUnit.objects.filter(code=unit).first()
        if org_unit is None:
            raise CommandError(f"没有代码为 {unit} 的单位")
        values = unit_indicator_values(org_unit, period, live=live)
        if json:
            self.stdout.write(_dumps([v.as_json() for v in values]))
            return
        self.stdout.write(f"{org_unit.name}（{org_unit.code}） {period}")
        for v in values:
            met = {True: "达标", False: "未达标", None: ""}[v.met]
            self.stdout.write(f"{v.spec.code:40} {v.spec.name:20} {v.shown:>8} {v.target_shown:>6} {met}")


def _dumps(rows) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=1)
