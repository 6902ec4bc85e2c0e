"""One validator for an obligation row, used by the system check (rules.E001…) and by ``obligation_update``."""

from __future__ import annotations

from .adapters import ADAPTERS, PREDICATES, TRIGGERS
from .models import Anchor, CalendarPeriod, RepeatMode, Roll, Stop, Unit

# (check id, field, predicate over the row, why)
REQUIRED = ("code", "title", "source", "record_type", "repeat_mode", "stop", "template_code")


def obligation_problems(row: dict, *, template_codes: set[str] | None = None) -> list[tuple[str, str, str]]:
    """[(check id, field, why)] for a row given as a dict of Obligation fields."""
    problems = []

    def bad(check_id, name, why):
        problems.append((check_id, name, why))

    for name in REQUIRED:
        if not row.get(name):
            bad("rules.E001", name, "必填")
    if not str(row.get("source", "")).startswith("规范"):
        bad("rules.E002", "source", "须引用条款，如“规范001 第四十一条(五)”")
    if row.get("record_type") and row["record_type"] not in ADAPTERS:
        bad("rules.E003", "record_type", "没有登记该对象类型的适配器")
    if row.get("predicate") and row["predicate"] not in PREDICATES:
        bad("rules.E004", "predicate", "未登记的适用条件")
    if row.get("trigger", "") not in TRIGGERS:
        bad("rules.E005", "trigger", f"应为 {', '.join(t or '空' for t in TRIGGERS)} 之一")
    mode = row.get("repeat_mode")
    if mode not in RepeatMode.values:
        bad("rules.E006", "repeat_mode", "未知的重复方式")
    if row.get("stop") not in Stop.values:
        bad("rules.E006", "stop", "未知的终止条件")
    if (
        row.get("anchor", Anchor.AFTER) not in Anchor.values
        or row.get("roll", Roll.PREVIOUS_WORKDAY) not in Roll.values
    ):
        bad("rules.E006", "anchor", "未知的期限计算方式或节假日处理")
    for name in ("first_due_unit", "repeat_unit"):
        if row.get(name) and row[name] not in Unit.values:
            bad("rules.E006", name, "未知的期限单位")
    if mode in (RepeatMode.ONCE, RepeatMode.AFTER_DONE):
        if not row.get("trigger"):
            bad("rules.E007", "trigger", "一次性和间隔重复的规则须有起始事件")
        if row.get("first_due_unit", "days") == "hours" and row.get("trigger") != "started_at":
            bad("rules.E007", "first_due_unit", "按小时计的期限须以 started_at 为起始事件")
    if mode in (RepeatMode.ONCE, RepeatMode.AFTER_DONE) and row.get("anchor", Anchor.AFTER) == Anchor.AFTER:
        if not row.get("first_due"):
            bad("rules.E008", "first_due", "首次期限须大于0")
    if mode == RepeatMode.AFTER_DONE and (not row.get("repeat_every") or row.get("repeat_unit") in (None, "", "hours")):
        bad("rules.E008", "repeat_every", "间隔重复须有大于0的间隔和日/工作日/周/月单位")
    if mode == RepeatMode.CALENDAR and row.get("calendar_period") not in CalendarPeriod.values:
        bad("rules.E008", "calendar_period", "按自然周期重复须指定周期")
    if row.get("stop") == Stop.CLEAN_STREAK and (not row.get("stop_after_clean") or not row.get("outcome_field")):
        bad("rules.E009", "stop_after_clean", "连续无问题终止须有次数和发现问题字段")
    if template_codes is not None and row.get("template_code") not in template_codes:
        bad("rules.E010", "template_code", "没有该任务标准件")
    return problems
