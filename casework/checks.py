from django.core import checks

from .choices import RISK_REASONS
from .limits import LIMITS, UNITS

ARRIVAL_SOURCE = "规范001 第八十一条(一)"


def casework_problems() -> list[tuple[str, str]]:
    """[(check id, message)] for the time-limit rows and the vocabularies."""
    problems = []
    codes = [row.get("code") for row in LIMITS]
    if len(codes) != len(set(codes)):
        problems.append(("casework.E001", "time limit codes must be unique"))
    for row in LIMITS:
        where = f"time limit {row.get('code')!r}"
        if row.get("unit") not in UNITS:
            problems.append(("casework.E001", f"{where}: field unit: 应为 {', '.join(UNITS)} 之一"))
        if not str(row.get("source", "")).startswith("规范") or not row.get("reading") or not row.get("label"):
            problems.append(("casework.E001", f"{where}: field source/reading: 须引用条款并写明条文理解"))
        default = row.get("default")
        if default is not None and not (isinstance(default, int) and default > 0):
            problems.append(("casework.E001", f"{where}: field default: 应为正整数或不设（None）"))
        # 第八十一条(一) "规定时限内到场" gives no number: the station sets it; a default here would be a number the
        # standard never gave (规范003's "8分钟" is a pilot figure).
        if row.get("source") == ARRIVAL_SOURCE and default is not None:
            problems.append(
                (
                    "casework.E002",
                    f"{where}: field default: {ARRIVAL_SOURCE}未规定到场时限，不得预设默认值，由派出所设定",
                )
            )
    reasons = [r["code"] for r in RISK_REASONS]
    if len(reasons) != len(set(reasons)):
        problems.append(("casework.E003", "risk reason codes must be unique"))
    return problems


@checks.register()
def check_casework_rules(app_configs=None, **kwargs):
    """casework.E001…: the stations' time-limit rows (no arrival default, 第八十一条(一)) and vocabularies."""
    return [checks.Error(message, id=check_id) for check_id, message in casework_problems()]
