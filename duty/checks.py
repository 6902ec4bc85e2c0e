"""System checks: a bad duty rule row fails ``manage.py check`` (duty.E001), naming the row and field."""

from django.core import checks

from .rules import ROSTER_CHECKS, SETTING_BY_CODE, SETTINGS, STAFFING, TIME_IN_BEAT


def duty_rule_problems() -> list[str]:
    found = []
    for table, rows in (
        ("TIME_IN_BEAT", TIME_IN_BEAT),
        ("ROSTER_CHECKS", ROSTER_CHECKS),
        ("SETTINGS", SETTINGS),
        ("STAFFING", STAFFING),
    ):
        codes = [r.get("code") for r in rows]
        for row in rows:
            for name in ("code", "label", "source"):
                if not row.get(name):
                    found.append(f"{table} {row.get('code')}: {name} is required")
            if "规范" not in row.get("source", ""):
                found.append(f"{table} {row.get('code')}: source must cite a standard")
            for name in ("option", "setting"):
                if row.get(name) and row[name] not in SETTING_BY_CODE:
                    found.append(f"{table} {row['code']}: {name} {row[name]!r} is not a setting")
        if len(set(codes)) != len(codes):
            found.append(f"{table}: duplicate codes")
    return found


@checks.register()
def check_duty_rules(app_configs=None, **kwargs):
    return [checks.Error(f"勤务规则 {p}", id="duty.E001") for p in duty_rule_problems()]
